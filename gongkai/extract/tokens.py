"""Cut a stretch of a line into text and value tokens, keeping each token's span.

Real dumps separate cells by tabs (PDF/Word text), pipes (Markdown), runs of spaces, or
not at all (crawler text glues ``数量713000074二、上年结转``). One tokenizer serves all:
cell delimiters give blank cells; inside a cell, digits are cut from the text around
them, and an item number glued to the previous row's digits (``00000002.其他法律``) is
given back to the label it numbers.
"""

from __future__ import annotations

import re
from typing import NamedTuple

NULL_MARKS = frozenset({"/", "-", "--", "—", "——", "–", "―", "─", "无", "空", "\\"})

# Characters of the symbolic null marks; text without any of them holds no null cell
# (无 and 空 count as null only as a whole delimited cell).
_WORD_NULLS = frozenset(m for m in NULL_MARKS if m not in ("无", "空"))
_NULL_CHARS = frozenset("".join(_WORD_NULLS))
_DIGITS = re.compile(r"\d+")
_NUM = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", re.ASCII)
_UNIT = re.compile(r"\s*(万元|元|件|个|项|条)")
# A number straight before one of these is part of the text (保留4位小数, 2022年, 30号).
_TEXTUAL_AFTER = frozenset("年月日号位届期批次倍%")
_TEXTUAL_BEFORE = frozenset("第〔[【")
_MARKER_AFTER = re.compile(r"[.、]\s*[\u4e00-\u9fff]")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_WS = re.compile(r"\S+")


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


# Build tokens with tuple.__new__: a C call, where Token(...) runs the named tuple's
# Python-level __new__ — a measurable share of extraction, at hundreds of tokens a report.
_new = tuple.__new__


def _tok(kind: str, text: str, line: int, start: int, end: int, unit: str | None = None, value=None) -> Token:
    return _new(Token, (kind, text, line, start, end, unit, value))


def _num(text: str, line: int, start: int, end: int, unit: str | None = None) -> Token:
    d = text.replace(",", "") if "," in text else text
    value = float(d) if "." in d else int(d)
    return _new(Token, ("num", text, line, start, end, unit, value))


def is_rule_line(text: str) -> bool:
    """A Markdown table rule (|---|---|) carries no cells."""
    return "--" in text and bool(_MD_RULE.match(text))


def _cells(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Split [start, end) into cells: (start, end, delimited)."""
    seg = text[start:end]
    if "\t" in seg:
        sep = "\t"
    elif seg.lstrip().startswith("|") or seg.count("|") >= 3:
        sep = "|"
    else:
        return [(start, end, False)]
    out = []
    pos = start
    parts = seg.split(sep)
    if sep == "|":  # leading/trailing pipes frame the row, they do not open cells
        if parts and not parts[0].strip():
            pos += len(parts[0]) + 1
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
    for p in parts:
        out.append((pos, pos + len(p), True))
        pos += len(p) + 1
    return out


class TokenLine(list):
    """The tokens of one line; ``delimited`` tells whether tabs or pipes separate its cells."""

    __slots__ = ("delimited",)

    def __init__(self, tokens=(), delimited: bool = False):
        super().__init__(tokens)
        self.delimited = delimited


def tokenize(number: int, text: str, start: int = 0, end: int | None = None) -> TokenLine:
    """Tokens of ``text[start:end]`` (one line, normalised), in reading order."""
    end = len(text) if end is None else end
    seg = text[start:end]
    if seg.isascii() and seg.replace(" ", "").isdigit():
        # a line of bare numbers separated by spaces (a value row, one cell per line): the
        # commonest line in a table, and nothing to decide in it
        return TokenLine(_new(Token, ("num", m.group(), number, start + m.start(), start + m.end(), None, int(m.group())))
                         for m in _DIGITS.finditer(seg))
    if is_rule_line(seg):
        return TokenLine()
    cells = _cells(text, start, end)
    delimited = cells[0][2]
    out = TokenLine(delimited=delimited)
    append = out.append
    for cs, ce, _ in cells:
        cell = text[cs:ce]
        if delimited and cell.isdigit() and cell.isascii():  # most cells: a bare count
            append(_new(Token, ("num", cell, number, cs, ce, None, int(cell))))
            continue
        stripped = cell.strip()
        if not stripped:
            if delimited:
                append(_new(Token, ("blank", "", number, cs, ce, None, None)))
            continue
        if delimited and ((stripped.isascii() and stripped.isdigit()) or stripped in NULL_MARKS):
            # a count or a dash with spaces around it (Markdown cells): no scanning needed
            off = cs + cell.index(stripped)
            if stripped in NULL_MARKS:
                append(_tok("null", stripped, number, off, off + len(stripped)))
            else:
                append(_tok("num", stripped, number, off, off + len(stripped), None, int(stripped)))
            continue
        _scan_cell(number, text, cs, ce, out)
    return out


def _scan_cell(number: int, text: str, cs: int, ce: int, out: list[Token]) -> None:
    pos = cs
    text_start = cs
    for m in _NUM.finditer(text, cs, ce):
        s, e = m.start(), m.end()
        if s < pos:
            continue
        nxt = text[e] if e < ce else ""
        prev = text[s - 1] if s > cs else ""
        if nxt in _TEXTUAL_AFTER or prev in _TEXTUAL_BEFORE:
            continue  # stays inside the surrounding text
        raw = m.group()
        marker = "." not in raw and "," not in raw and _MARKER_AFTER.match(text, e, ce)
        if marker:
            # the last digit numbers the next label (1.属于国家秘密); digits before it are a value
            e -= 1
            if e == s:
                continue
        if prev == "-" and (s - 1 == cs or text[s - 2] in " \t|"):
            s -= 1  # a signed number (本年增/减 may be negative)
        _flush_text(number, text, text_start, s, out)
        unit = None
        tok_end = e
        if not marker and (u := _UNIT.match(text, e, ce)):
            unit, tok_end = u.group(1), u.end()
        out.append(_num(text[s:e], number, s, tok_end, unit))
        pos = text_start = tok_end
    _flush_text(number, text, text_start, ce, out)


def _flush_text(number: int, text: str, start: int, end: int, out: list[Token]) -> None:
    """Emit the text between values; standalone dashes/slashes in it are null cells."""
    seg = text[start:end]
    stripped = seg.strip()
    if not stripped:
        return
    if not _NULL_CHARS.intersection(seg):  # the common case: plain label text
        s = start + seg.index(stripped[0])
        out.append(_tok("text", stripped, number, s, s + len(stripped)))
        return
    run_start = None
    run_end = None
    for w in _WS.finditer(text, start, end):
        word = w.group()
        if word in _WORD_NULLS:
            if run_start is not None:
                out.append(_tok("text", text[run_start:run_end], number, run_start, run_end))
                run_start = None
            out.append(_tok("null", word, number, w.start(), w.end()))
        else:
            if run_start is None:
                run_start = w.start()
            run_end = w.end()
    if run_start is not None:
        out.append(_tok("text", text[run_start:run_end], number, run_start, run_end))
