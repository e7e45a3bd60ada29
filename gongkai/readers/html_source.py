"""HTML that is not a whole page: how much table markup a source holds, and the HTML a JSON
document or a script holds in its strings.

Portals publish the body of a report in forms no browser is shown directly: the article body
alone (``<p>…</p><table>…``, often on one line), the same body in a JSON API response
(``{"content":"<p>…<\\/p><table …>"}``, sometimes with ``<`` written ``\\u003c``) or in a
JavaScript variable (``var content = "<table class=\\"x\\">…\\u4e00…\\n";``), and crawler
snapshots that begin with a title line or a breadcrumb before the markup. ``table_tags``
lets the dispatcher weigh the markup against the file name; ``unwrap`` gives the HTML in
the strings of a JSON document or a script, unescaped and never evaluated.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

# A table element's start tag, as markup or escaped inside a string literal (\u003c, \x3c,
# &lt; in a JSON field that holds its markup as entities).
_TABLE_TAG = re.compile(rb"(?:<|\\u003c|\\x3c|&lt;)(?:table|tr|td|th)(?=[\s>/\\&])", re.IGNORECASE)
_TABLE_TAG_STR = re.compile(r"<(?:table|tr|td|th)(?=[\s>/])", re.IGNORECASE)
_ENTITY_TABLE = re.compile(r"&lt;(?:table|tr|td|th)(?=[\s/]|&gt;)", re.IGNORECASE)
# Any tag, once unescaped.
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# Signs that markup sits escaped inside a string literal: < escaped, <\/td>, attributes in
# escaped quotes, \n or \t between tags.
_ESCAPED = re.compile(r"""\\u003c/?[a-z]|\\x3c/?[a-z]|<\\/[a-z]|<[a-z][^<>"']{0,200}=\\["']|>\\[nrt]""",
                      re.IGNORECASE)
# String literals of JavaScript: double-, single-quoted (one line) and template literals.
_LITERAL = re.compile(r'"[^"\\\n]*(?:\\[\s\S][^"\\\n]*)*"'
                      r"|'[^'\\\n]*(?:\\[\s\S][^'\\\n]*)*'"
                      r"|`[^`\\]*(?:\\[\s\S][^`\\]*)*`")
_JS_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0",
           "\n": "", "\r": "", "\r\n": "", "\u2028": "", "\u2029": ""}
# A JSONP response: callback({...});
_JSONP = re.compile(r"\s*[\w$.]+\s*\(([\s\S]*)\)\s*;?\s*\Z")
_TITLE_WORDS = ("年度报告", "年报")
_MAX_DEPTH = 3
# Strings compared with each other for a body held twice; beyond this many (pieces of one
# body rather than fields), only identical ones are dropped, so the work stays linear.
_FIELDS = 32
# Strings holding markup taken at most (a body cut into pieces has tens or hundreds), and
# literals of a script looked at.
_MAX_STRINGS = 20_000
_MAX_LITERALS = 50_000
# Text this long (without tags) is more than a piece of markup (<tr>, </td>): a body, a part or an
# excerpt of one, which a JSON document may hold twice.
_BODY = 20
# Between two literals of one string: ``+``, or the next statement appending to a variable.
_CONCAT = re.compile(r"\s*(?:\+|;\s*[\w$.]+\s*\+=)\s*")
_JSON = json.JSONDecoder(strict=False)  # strict=False: raw tabs and line breaks in strings
_SURROGATE = re.compile("[\ud800-\udfff]")


def table_tags(data: bytes, enough: int = 8) -> int:
    """How many table element tags (``<table``, ``<tr``, ``<td``, ``<th``, raw or escaped in a
    string) ``data`` holds, counted up to ``enough``."""
    # most text (a one-byte search is a memchr, several times quicker than a two-byte one)
    if ((b"<" not in data or b"<t" not in data and b"<T" not in data) and b"\\" not in data
            and (b"&" not in data or b"&lt;" not in data)):
        return 0
    n = 0
    for _ in _TABLE_TAG.finditer(data):
        n += 1
        if n >= enough:
            break
    return n


def unwrap(text: str) -> str:
    """The HTML held in the strings of a JSON document or a script, or ``text`` itself.

    A JSON document (or JSONP response) is parsed with ``json.loads`` and its strings are
    taken in document order; otherwise, when the text shows escaped markup, the string
    literals of the script are unescaped one by one (JSON's rules where they apply,
    JavaScript's otherwise). The strings holding markup are kept, provided one of them holds
    a table and they hold more table markup than the text outside them; duplicates (the
    same body in two fields) are dropped, and a short title string (年度报告) that the
    markup does not repeat is put first as a paragraph.
    """
    for _ in range(_MAX_DEPTH):
        inner = _unwrap_once(text)
        if inner is None:
            return text
        text = inner
    return text


def _unwrap_once(text: str) -> str | None:
    stripped = text.strip()
    strings: list[str] | None = None
    if stripped[:1] in ('{', '[', '"'):
        strings = _json_strings(stripped)
    elif (m := _JSONP.match(stripped)) and m.group(1).lstrip()[:1] in ("{", "["):
        strings = _json_strings(m.group(1).strip())
    outside = 0
    if strings is None:
        if "\\" not in text or not _ESCAPED.search(text):
            return None
        strings, inside = _script_strings(text)
        outside = len(_TABLE_TAG_STR.findall(text)) - inside
    return _choose(strings, outside)


def _script_strings(text: str) -> tuple[list[str], int]:
    """The values of a script's string expressions that hold markup (literals joined by
    ``+``, or appended by ``html += …`` statements, make one string), and how many table
    tags their literals hold as written."""
    strings: list[str] = []
    inside = 0
    group: list[str] = []
    end = -1
    for n, m in enumerate(_LITERAL.finditer(text)):
        if group and (len(group) >= _MAX_STRINGS or not _CONCAT.fullmatch(text, end, m.start())):
            inside += _take(group, strings)
            group = []
        if len(strings) >= _MAX_STRINGS or n >= _MAX_LITERALS:
            break
        group.append(m.group())
        end = m.end()
    if group and len(strings) < _MAX_STRINGS:
        inside += _take(group, strings)
    return strings, inside


def _take(group: list[str], strings: list[str]) -> int:
    if not any("<" in raw or "\\" in raw for raw in group):
        return 0
    s = "".join(map(_literal, group))
    if not _TAG.search(s):
        return 0
    strings.append(s)
    return sum(len(_TABLE_TAG_STR.findall(raw)) for raw in group)


def _json_strings(doc: str) -> list[str] | None:
    try:
        value = _JSON.decode(doc)
    except (ValueError, RecursionError):
        return None
    return list(_walk(value))


def _walk(value: object) -> Iterator[str]:
    """The strings of a parsed JSON value in document order (iteratively: no recursion limit)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            yield v
        elif isinstance(v, dict):
            stack.extend(reversed(list(v.values())))
        elif isinstance(v, list):
            stack.extend(reversed(v))


def _literal(raw: str) -> str:
    """A string literal's value: by ``json.loads`` if it is valid JSON, else by JavaScript's
    escapes (``\\'``, ``\\xHH``, ``\\u{…}``, line continuations; an unknown escape is the
    character itself)."""
    body = raw[1:-1]
    if raw[0] == '"':
        try:
            s = _JSON.decode(raw)
        except ValueError:
            pass
        else:
            return _join_surrogates(s) if isinstance(s, str) else body
    return _join_surrogates(_JS_ESCAPE.sub(_js_escape, body))


def _js_escape(m: re.Match[str]) -> str:
    e = m.group(1)
    if e[0] == "u" and len(e) > 1:
        code = int(e[2:-1] if e[1] == "{" else e[1:], 16)
        return chr(code) if code <= 0x10FFFF else ""
    if e[0] == "x" and len(e) == 3:
        return chr(int(e[1:], 16))
    return _SIMPLE.get(e, e)


def _join_surrogates(s: str) -> str:
    """Escaped surrogate pairs (``\\ud840\\udc00``) become the character they encode."""
    if not _SURROGATE.search(s):
        return s
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _choose(strings: list[str], outside: int) -> str | None:
    """The strings that hold the report's markup, joined; None if none holds a table or the
    text outside the strings holds at least as many table tags."""
    marked = []
    for s in strings:
        if "&lt;" in s and "<" not in s and _ENTITY_TABLE.search(s):  # markup as entities
            s = html.unescape(s)
        if "<" in s and _TAG.search(s):
            marked.append(s)
            if len(marked) >= _MAX_STRINGS:
                break
    inside = sum(len(_TABLE_TAG_STR.findall(s)) for s in marked)
    if not inside or inside <= outside:
        return None
    kept: list[tuple[str, str]] = []  # (markup, its text for finding duplicates)
    seen: set[str] = set()
    for s in marked:
        key = re.sub(r"\s+", "", _TAG.sub("", s))
        if len(key) >= _BODY:  # a body, or part of one: perhaps held twice (pieces of markup are kept)
            few = len(marked) <= _FIELDS  # a body repeated in a longer field, or a shorter one
            if key in seen or (few and any(key in k for _, k in kept if len(k) >= _BODY)):
                continue
            seen.add(key)
            if few:
                kept = [(m, k) for m, k in kept if len(k) < _BODY or k not in key]
        kept.append((s, key))
    body = "\n".join(m for m, _ in kept)
    text = "".join(k for _, k in kept)
    for s in strings:
        t = s.strip()
        if len(t) <= 200 and not _TAG.search(t) and any(w in t for w in _TITLE_WORDS) and \
                re.sub(r"\s+", "", t) not in text:
            body = f"<p>{html.escape(t, quote=False)}</p>\n" + body
            break
    return body
