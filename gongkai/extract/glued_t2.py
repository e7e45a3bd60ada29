"""Glued rows of the 2019 format's table 二 (规章0312, 行政许可12+3 45, 政府集中采购3125.6万元).

No identity ties a 2019 t2 row's columns together (本年新制作/本年新公开/对外公开总数量;
上一年项目数量/本年增/减/处理决定数量; 采购项目数量/采购总金额), so a run of glued digits
after the label is read by what the printed text itself allows:

- every reading of the text as the row's cells: counts without leading zeros (a lone 0 is
  one), a sign only at the start of 本年增/减 (``+n``, ``-n``, a doubled ``--n``), an amount
  with its decimals and unit (万元/元) at the end, a blank (space) never inside a cell, null
  marks (/ —) as cells;
- what cannot be: last year's items plus this year's change below zero;
- what the report says in its prose (本年度新制作规范性文件3件, 采购总金额125.6万元): a reading
  agreeing with it where its rivals do not is decided by the report itself;
- plausibility (新公开 ≤ 对外公开总数, a small 本年增/减, zeros, 项目 0 exactly when 金额 0,
  repeated values as in ``898989``) only ranks the readings left: a cell on which they differ
  is ``uncertain`` (method ``+plausibility``), whatever value is chosen for it.

A run no reading fits is read as null cells (``NO_READING``), each pointing at the printed
text, never as a guess.
"""

from __future__ import annotations

import re
from itertools import pairwise
from math import log
from typing import Final, NamedTuple

from gongkai.extract.tokens import Token
from gongkai.extract.values import Cell, Reading, Value

NO_READING: Final = "glued-unreadable"
NO_READING_REASON: Final = "glued digits fit no reading of the row's columns"
# Longer value text after a label is no row of table 二 (at most ≈ 30 characters printed).
MAX_TEXT: Final = 40
_MAX_COUNT_DIGITS: Final = 7
_MAX_MONEY_DIGITS: Final = 12

# The printed value text after a row label: digits, signs, decimal points, thousands
# separators, dashes and slashes (null marks), blanks, and an amount's unit at its end.
_VALUE_TEXT: Final = re.compile(r"[ 0-9.,+\-—–/]*(?: ?(?:万元|元))?")
_COUNT: Final = re.compile(r"0|[1-9][0-9]{0,6}|[1-9][0-9]{0,2}(?:,[0-9]{3}){1,2}")
_MONEY: Final = re.compile(r"(?:0|[1-9][0-9]{0,11}|[1-9][0-9]{0,2}(?:,[0-9]{3}){1,3})(?:\.[0-9]{1,6})?")
_UNIT: Final = re.compile(r" ?(万元|元)")
_ONE: Final = re.compile(r"[+-]?[0-9]{1,7}|[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?:万元|元)?|——|--|—|-|–|/")
_PAGE_MARK: Final = re.compile(r"\s*(?:P\.\s*[0-9]|Page\s*[0-9]|第\s*[0-9]+\s*页|-\s*[0-9]+\s*-)")
_DASHED_FOOTER: Final = re.compile(r"\s-\s*[0-9]+\s*-$")
_NULLS: Final = ("——", "--", "—", "-", "–", "/")
_SIGNS: Final = ("--", "+", "-")
_DIGITS: Final = frozenset("0123456789")


class Piece(NamedTuple):
    """One cell of a reading: its span in the value text, value, unit and sign as printed."""

    start: int
    end: int
    value: Value
    unit: str | None
    sign: str


def value_text(text: str, start: int, end: int) -> tuple[int, str]:
    """(column, text) of the values printed after a label ending at ``start`` (up to ``end``)."""
    m = _VALUE_TEXT.match(text, start, end)
    s = text[start : m.end()] if m else ""
    stripped = s.rstrip()
    lead = len(stripped) - len(stripped.lstrip())
    return start + lead, stripped.lstrip()


def glued(text: str, columns: int) -> bool:
    """Whether a row's value text prints fewer blank-separated cells than the row has
    columns, with a digit in it: its cells are glued (else the usual fitting reads it)."""
    return bool(text) and not _DIGITS.isdisjoint(text) and len(text.split()) < columns


def dashed_footer(text: str, columns: int) -> str:
    """``text`` without a page footer printed as ``- 2 -`` at its end, when the row has more
    chunks than columns with it (``06633.87 - 2 -``; ``- 2 -`` alone may be three cells)."""
    m = _DASHED_FOOTER.search(text)
    if m is None or len(text.split()) <= columns:
        return text
    return text[: m.start()].rstrip()


def before_footer(line: str, end: int, text: str) -> str | None:
    """``text`` without its last number when that number is followed by a page header (P. 7,
    Page 7, 第7页, - 7 -): crawler text runs a page's footer number into the row before it."""
    chunks = text.split()
    if len(chunks) < 2 or not chunks[-1].isdigit() or not _PAGE_MARK.match(line, end):
        return None
    return text[: text.rstrip().rfind(" ")].rstrip()


def spaced(text: str) -> bool:
    """Whether every blank-separated chunk of ``text`` is one value (a count, a signed count,
    an amount, a null mark): cells printed apart, with blank cells among them."""
    chunks = text.split()
    return len(chunks) > 1 and all(_ONE.fullmatch(chunk) for chunk in chunks)


def readings(text: str, kinds: tuple[str, ...]) -> list[tuple[Piece, ...]]:
    """Every way to read ``text`` as one cell per column (``kinds``: count, signed, money)."""
    out: list[tuple[Piece, ...]] = []
    if len(text) <= MAX_TEXT:
        _walk(text, kinds, 0, [], out)
    return out


def _walk(text: str, kinds: tuple[str, ...], i: int, acc: list[Piece], out: list[tuple[Piece, ...]]) -> None:
    while i < len(text) and text[i].isspace():
        i += 1
    if len(acc) == len(kinds):
        if i == len(text):
            out.append(tuple(acc))
        return
    if i == len(text):
        return
    for piece in _cells(text, i, kinds[len(acc)], len(acc) == len(kinds) - 1):
        acc.append(piece)
        _walk(text, kinds, piece.end, acc, out)
        acc.pop()


def _cells(text: str, i: int, kind: str, last: bool) -> list[Piece]:
    """The cells of column ``kind`` that may start at ``i``."""
    out: list[Piece] = []
    for mark in _NULLS:
        if text.startswith(mark, i):
            out.append(Piece(i, i + len(mark), None, None, ""))
            break
    if kind == "money":
        for j in _ends(text, i, _MONEY, _MAX_MONEY_DIGITS + 7):
            unit = _UNIT.match(text, j)
            num = text[i:j].replace(",", "")
            value: Value = float(num) if "." in num else int(num)
            out.append(Piece(i, j, value, None, ""))
            if unit and last:
                out.append(Piece(i, unit.end(), value, unit.group(1), ""))
        return out
    sign = ""
    if kind == "signed":
        for s in _SIGNS:
            if text.startswith(s, i):
                sign = s
                break
    at = i + len(sign)
    for j in _ends(text, at, _COUNT, 11):
        n = int(text[at:j].replace(",", ""))
        if sign and n == 0:
            continue  # +0 / -0: no one prints a sign on nothing
        out.append(Piece(i, j, -n if sign in ("-", "--") else n, None, sign))
    return out


def _ends(text: str, i: int, pattern: re.Pattern[str], longest: int) -> list[int]:
    """Where a cell matching ``pattern`` in full may end if it starts at ``i``."""
    if i >= len(text) or text[i] not in _DIGITS:
        return []
    return [j for j in range(i + 1, min(len(text), i + longest) + 1) if pattern.fullmatch(text, i, j)]


def possible(pieces: tuple[Piece, ...], columns: tuple[str, ...]) -> bool:
    """What no report can print: this year's change taking away more items than last year had."""
    values = dict(zip(columns, [p.value for p in pieces]))
    prev, change = values.get("prev_items"), values.get("change")
    return not (prev is not None and change is not None and prev + change < 0)


# A prior over one cell: how often a count (or a change, or an amount's whole part) of each
# number of digits is printed, 0 apart. Most cells of most reports are 0 or a small count;
# 本年增/减 is seldom more than a few items; amounts run to thousands of 万元. Used in log form.
_COUNT_LEN: Final = (0.0, 0.3, 0.06, 0.05, 0.04, 0.03, 0.01, 0.005)
_CHANGE_LEN: Final = (0.0, 0.3, 0.15, 0.03, 0.01, 0.005, 0.002, 0.001)
_MONEY_LEN: Final = (0.0, 0.2, 0.2, 0.2, 0.2, 0.1, 0.03, 0.01, 0.005, 0.002, 0.001, 0.001, 0.001)
_ZERO: Final = 0.5
_NULL_GLUED: Final = 0.02  # a null mark glued among digits
_DOUBLED_MINUS: Final = 0.2
_LIKELY: Final = 0.9  # a relation that usually holds (新公开 ≤ 对外公开总数, 项目 0 exactly when 金额 0)
_REPEATED: Final = 3.0  # the same count printed twice over (898989), as likely as the likelihood says


def _cell_prior(p: Piece, column: str, kind: str) -> float:
    if p.value is None:
        return log(_NULL_GLUED)
    whole = int(abs(p.value))
    if whole == 0 and p.value == 0:
        return log(_ZERO)
    digits = len(str(whole)) if whole else 1
    table = _MONEY_LEN if kind == "money" else _CHANGE_LEN if column == "change" else _COUNT_LEN
    weight = table[min(digits, len(table) - 1)]
    prior = log(weight) - log(9 * 10 ** (digits - 1))  # each count of that many digits alike
    return prior + (log(_DOUBLED_MINUS) if p.sign == "--" else 0.0)


def plausibility(pieces: tuple[Piece, ...], columns: tuple[str, ...], kinds: tuple[str, ...]) -> float:
    """How likely a reading is (a log-likelihood; higher is likelier): it only ranks the
    readings the text allows, it decides no cell."""
    score = 0.0
    for p, col, kind in zip(pieces, columns, kinds):
        score += _cell_prior(p, col, kind)
    v = dict(zip(columns, [p.value for p in pieces]))
    pub, total = v.get("new_published"), v.get("total_published")
    if pub is not None and total is not None:
        score += log(_LIKELY if pub <= total else 1 - _LIKELY)
    change, prev = v.get("change"), v.get("prev_items")
    if change is not None and prev:
        score += log(_LIKELY if abs(change) <= prev else 1 - _LIKELY)
    items, amount = v.get("items"), v.get("amount")
    if items is not None and amount is not None:
        score += log(_LIKELY if (items == 0) == (amount == 0) else 1 - _LIKELY)
    for a, b in pairwise(pieces):
        if a.value and a.value == b.value:
            score += _REPEATED
    return score


def _same(a: Value, b: Value) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) < 1e-6


def _in_wan(p: Piece) -> Value:
    return p.value / 10000 if p.value is not None and p.unit == "元" else p.value


def agreement(pieces: tuple[Piece, ...], columns: tuple[str, ...], stated: dict[str, list[float]]) -> int:
    """How many cells of a reading the report's prose states (amounts compared in 万元)."""
    return sum(1 for col, p in zip(columns, pieces)
               if p.value is not None and any(_same(_in_wan(p), s) for s in stated.get(col, ())))


class Choice(NamedTuple):
    reading: Reading
    uncertain: set[int]


def choose(found: list[tuple[Piece, ...]], columns: tuple[str, ...], kinds: tuple[str, ...],
           stated: dict[str, list[float]], line: int, offset: int, text: str) -> Choice:
    """The reading of a glued row, and its cells that another reading as good would change."""
    if not found:
        tok = Token("num", text, line, offset, offset + len(text), None, None)
        return Choice(Reading.of([Cell(None, tok, (offset, offset + len(text))) for _ in columns], NO_READING, 0.0),
                      set(range(len(columns))))
    found = [r for r in found if possible(r, columns)] or found
    method, confidence = "glued-split", 0.8
    if len(found) > 1 and stated:
        scores = [agreement(r, columns, stated) for r in found]
        top = max(scores)
        if top:
            found = [r for r, s in zip(found, scores) if s == top]
            method, confidence = "glued-split+narrative", 0.7
    best = max(found, key=lambda r: plausibility(r, columns, kinds))  # the first of equals: deterministic
    unsure = {c for r in found for c in range(len(columns)) if not _same(r[c].value, best[c].value)}
    if unsure:
        method += "+plausibility"
    cells = [Token("num" if p.value is not None else "null", text[p.start : p.end], line, offset + p.start,
                   offset + p.end, p.unit, p.value) for p in best]
    return Choice(Reading.of(cells, method, confidence), unsure)
