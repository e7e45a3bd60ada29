"""Cut a stretch of a line into text and value tokens, keeping each token's span.

Real dumps separate cells by tabs (PDF/Word text), pipes (Markdown), runs of spaces, or
not at all (crawler text glues ``数量713000074二、上年结转``). One tokenizer serves all:
cell delimiters give blank cells; inside a cell, digits are cut from the text around
them, and an item number glued to the previous row's digits (``00000002.其他法律``) is
given back to the label it numbers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, NamedTuple

PRINTED: Final = frozenset({"num", "null"})  # token kinds that fill a cell with something printed
NULL_MARKS: Final = frozenset({"/", "-", "--", "—", "——", "–", "―", "─", "无", "空", "\\"})

# Characters of the symbolic null marks; text without any of them holds no null cell
# (无 and 空 count as null only as a whole delimited cell).
_WORD_NULLS: Final = frozenset(m for m in NULL_MARKS if m not in ("无", "空"))
_NULL_CHARS: Final = frozenset("".join(_WORD_NULLS))
_NUM: Final = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", re.ASCII)
_UNIT: Final = re.compile(r"\s*(万元|元|件|个|项|条)")
# A number straight before one of these is part of the text (保留4位小数, 2022年, 30号).
_TEXTUAL_AFTER: Final = frozenset("年月日号位届期批次倍%")
_TEXTUAL_BEFORE: Final = frozenset("第〔[【")
_MARKER_AFTER: Final = re.compile(r"[.、]\s*[\u4e00-\u9fff]")
_ITEM_END: Final = frozenset(".、")
_ITEM_DIGITS: Final = 2  # an item number (4. 12、) has at most this many digits
_MD_RULE: Final = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_WS: Final = re.compile(r"\S+")
# No count has this many digits, nor does any row glue this many (values.MAX_GLUED_DIGITS);
# int() refuses more than 4,300. A longer run is a null cell, not a number.
MAX_NUMBER_DIGITS: Final = 100
_LONG_RUN: Final = re.compile(rf"[0-9](?:[,.]?[0-9]){{{MAX_NUMBER_DIGITS},}}")
# A run of the characters such a run is printed with, tested first: a tight scan, where
# _LONG_RUN walks its group a digit at a time from every digit of every run (a glued crawler
# line holds runs of up to 48 digits).
_LONG_CHARS: Final = re.compile(rf"[0-9,.]{{{MAX_NUMBER_DIGITS + 1}}}")


class Token(NamedTuple):
    """A text run or a value cell. ``kind`` is 'text', 'num', 'null' (a printed /, —, 无)
    or 'blank' (an empty delimited cell); ``value`` is a 'num' token's number.

    A named tuple: tables of several hundred tokens are built per report, and tuples are
    the cheapest immutable records Python has.
    """

    kind: str
    text: str  # normalised text of the token
    line: int  # source line number
    start: int  # column span within the line
    end: int
    unit: str | None = None
    value: int | float | None = None

    @property
    def digits(self) -> str:
        return self.text.replace(",", "")

    # A value token read whole is its own cell (see values.Cell): most cells of a table are.
    @property
    def token(self) -> Token:
        return self

    @property
    def span(self) -> None:
        return None


# Build tokens with tuple.__new__: a C call, where Token(...) runs the named tuple's
# Python-level __new__ — a measurable share of extraction, at hundreds of tokens a report.
_new: Final = tuple.__new__


def is_rule_line(text: str) -> bool:
    """A Markdown table rule (|---|---|) carries no cells."""
    return "--" in text and bool(_MD_RULE.match(text))


class TokenLine(NamedTuple):
    """The tokens of one line, in reading order."""

    tokens: list[Token]
    delimited: bool  # tabs or pipes separate its cells (a blank cell is a token too)


# A token relative to the string it was scanned from: (kind, text, start, end, unit, value).
Template = tuple[str, str, int, int, str | None, int | float | None]

# Cells up to this length are scanned once per distinct text: labels recur in every report
# (the statutory row names), glued crawler lines and long paragraphs do not.
MEMO_CELL_CHARS: Final = 80

# Space-separated numbers ending a line (``2.其他法律行政法规禁止公开 6 302 0 0 0 0 308``):
# each is a value whatever precedes it, so only the text before them needs scanning. The
# pattern is matched once at the start of the reversed line: searching for the tail from
# the left would try every position of a long line.
_REVERSED_NUMBER_TAIL: Final = re.compile(r" *(?:[0-9]+ +)+")
_DIGIT_RUN: Final = re.compile(r"[0-9]+")


def tokenize(number: int, text: str, start: int = 0, end: int | None = None) -> TokenLine:
    """Tokens of ``text[start:end]`` (one line, normalised), in reading order."""
    seg = text[start:end]
    if len(seg) > MAX_NUMBER_DIGITS and _LONG_CHARS.search(seg) and _LONG_RUN.search(seg):
        return _long_runs(number, text, start, start + len(seg))
    if seg.isascii():
        if seg.isdigit():  # one bare number: a cell per line
            return _new(TokenLine, ([_new(Token, ("num", seg, number, start, start + len(seg), None, int(seg)))],
                                    False))
        if " " in seg and seg.replace(" ", "").isdigit():
            # a line of bare numbers separated by spaces (a value row, one cell per line): the
            # commonest line in a table, and nothing to decide in it
            return _new(TokenLine, ([_new(Token, ("num", m.group(), number, start + m.start(), start + m.end(), None,
                                                  int(m.group()))) for m in _DIGIT_RUN.finditer(seg)], False))
    if "--" in seg and _MD_RULE.match(seg):  # is_rule_line, inlined: tested on every line
        return _new(TokenLine, ([], False))
    if "\t" in seg:
        return _delimited(number, seg.split("\t"), start)
    if "|" in seg and (seg.lstrip().startswith("|") or seg.rstrip().endswith("|") or seg.count("|") >= 3):
        # a pipe at either end frames cells (Markdown rows; one cell per line ending in ` |`)
        parts = seg.split("|")
        # leading/trailing pipes frame the row, they do not open cells
        if not parts[0].strip():
            start += len(parts[0]) + 1
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        return _delimited(number, parts, start)
    out: list[Token] = []
    tail = _REVERSED_NUMBER_TAIL.match(seg[::-1])
    cut = len(seg) - tail.end() if tail else len(seg)
    head = seg[:cut]
    # (inlined `_scanned` and `_place`: two Python calls a line cost more than their work)
    for kind, piece, s, e, unit, value in _scan_memo(head) if len(head) <= MEMO_CELL_CHARS else _scan(head):
        out.append(_new(Token, (kind, piece, number, start + s, start + e, unit, value)))
    if tail:
        # a loop, not extend(genexpr): it compiles to a tighter loop in the mypyc build
        for m in _DIGIT_RUN.finditer(seg, cut):
            token = _new(Token, ("num", m.group(), number, start + m.start(), start + m.end(), None, int(m.group())))
            out.append(token)
    return _new(TokenLine, (out, False))


def _long_runs(number: int, text: str, start: int, end: int) -> TokenLine:
    """A line holding a run of more than MAX_NUMBER_DIGITS digits: the run is a null token
    (printed, but no count); the text around it is cut as usual."""
    out: list[Token] = []
    delimited = False
    pos = start
    for m in _LONG_RUN.finditer(text, start, end):
        cut = m.start() - 1 if m.start() > pos and text[m.start() - 1] == "\t" else m.start()  # the run's own tab
        if cut > pos:
            part = tokenize(number, text, pos, cut)
            out += part.tokens
            delimited = delimited or part.delimited
        out.append(_new(Token, ("null", m.group(), number, m.start(), m.end(), None, None)))
        pos = m.end() + 1 if m.end() < end and text[m.end()] == "\t" else m.end()
        delimited = delimited or pos > m.end() or cut < m.start()
    if pos < end:
        part = tokenize(number, text, pos, end)
        out += part.tokens
        delimited = delimited or part.delimited
    return _new(TokenLine, (out, delimited))


def _delimited(number: int, cells: list[str], pos: int) -> TokenLine:
    out: list[Token] = []
    append = out.append
    for cell in cells:
        end = pos + len(cell)
        if cell.isdigit() and cell.isascii():  # most cells: a bare count
            append(_new(Token, ("num", cell, number, pos, end, None, int(cell))))
        elif not cell or cell.isspace():
            append(_new(Token, ("blank", "", number, pos, end, None, None)))
        else:
            templates = _cell_templates(cell) if len(cell) <= MEMO_CELL_CHARS else _cell(cell)
            if len(templates) == 1:  # a label, or a count with spaces around it
                kind, text, s, e, unit, value = templates[0]
                append(_new(Token, (kind, text, number, pos + s, pos + e, unit, value)))
            else:
                _place(out, templates, number, pos)
        pos = end + 1
    return _new(TokenLine, (out, True))


def _place(out: list[Token], templates: tuple[Template, ...], number: int, offset: int) -> None:
    for kind, text, s, e, unit, value in templates:
        out.append(_new(Token, (kind, text, number, offset + s, offset + e, unit, value)))


def _cell(cell: str) -> tuple[Template, ...]:
    """The tokens of one delimited, non-blank cell."""
    stripped = cell.strip()
    if (stripped.isascii() and stripped.isdigit()) or stripped in NULL_MARKS:
        # a count or a dash with spaces around it (Markdown cells): no scanning needed
        s = cell.index(stripped)
        if stripped in NULL_MARKS:
            return (("null", stripped, s, s + len(stripped), None, None),)
        return (("num", stripped, s, s + len(stripped), None, int(stripped)),)
    return _scan(cell)


_cell_templates: Final = lru_cache(maxsize=8192)(_cell)


def _scan(text: str) -> tuple[Template, ...]:
    """Cut a cell (or an undelimited line) into text runs and values."""
    out: list[Template] = []
    ce = len(text)
    pos = text_start = 0
    for m in _NUM.finditer(text):
        s, e = m.start(), m.end()
        if s < pos:
            continue
        nxt = text[e] if e < ce else ""
        prev = text[s - 1] if s else ""
        if nxt in _TEXTUAL_AFTER or prev in _TEXTUAL_BEFORE:
            continue  # stays inside the surrounding text
        raw = m.group()
        if nxt in _ITEM_END and not text[e + 1 :].strip() and "." not in raw:
            if nxt != "." or e - s <= _ITEM_DIGITS:
                continue  # an item number whose label went on to the next line (``4.`` / ``保护第三方…``)
            e += 1  # an amount whose decimals wrapped onto the next line (``7297.`` / ``45万元``)
        marker = "." not in raw and "," not in raw and _MARKER_AFTER.match(text, e)
        if marker:
            # the last digit numbers the next label (1.属于国家秘密); digits before it are a value
            e -= 1
            if e == s:
                continue
        if (prev == "-" or prev == "+") and (s == 1 or text[s - 2] in " \t|"):
            s -= 1  # a signed number (本年增/减 may be negative, or printed +3)
        _text_runs(text, text_start, s, out)
        unit = None
        tok_end = e
        if not marker and (u := _UNIT.match(text, e)):
            unit, tok_end = u.group(1), u.end()
        d = text[s:e]
        n = d.replace(",", "") if "," in d else d
        out.append(("num", d, s, tok_end, unit, float(n) if "." in n else int(n)))
        pos = text_start = tok_end
    _text_runs(text, text_start, ce, out)
    return tuple(out)


_scan_memo: Final = lru_cache(maxsize=8192)(_scan)


def _text_runs(text: str, start: int, end: int, out: list[Template]) -> None:
    """The text between values; standalone dashes/slashes in it are null cells."""
    seg = text[start:end]
    stripped = seg.strip()
    if not stripped:
        return
    if not _NULL_CHARS.intersection(seg):  # the common case: plain label text
        s = start + seg.index(stripped[0])
        out.append(("text", stripped, s, s + len(stripped), None, None))
        return
    run_start: int | None = None
    run_end = 0
    for w in _WS.finditer(text, start, end):
        word = w.group()
        if word in _WORD_NULLS:
            if run_start is not None:
                out.append(("text", text[run_start:run_end], run_start, run_end, None, None))
                run_start = None
            out.append(("null", word, w.start(), w.end(), None, None))
        else:
            if run_start is None:
                run_start = w.start()
            run_end = w.end()
    if run_start is not None:
        out.append(("text", text[run_start:run_end], run_start, run_end, None, None))
