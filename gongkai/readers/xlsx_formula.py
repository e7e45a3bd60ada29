"""The simple formulas of a report's workbook, evaluated where the file holds no result.

Excel and LibreOffice save each formula's last result beside it, and the reader prints that.
A workbook written by a program (openpyxl, a template filled by a script) and never opened
in a spreadsheet holds the formulas only; the totals of a template are then missing. The
totals of the statutory tables are sums: ``=SUM(C5:C9)``, ``=C5+C6-C7``, numbers, brackets,
references to other sheets (``表三!C5``, ``'表 三'!C5``). Those are computed here; anything
else (another function, a comparison, an error value, text where a number is needed) is
``Unsupported``, and the reader leaves the cell blank with a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gongkai.readers.xlsx_sheet import parse_ref


class Unsupported(Exception):
    """A formula this evaluator does not compute (the message says what stopped it)."""


# A cell's value for a formula: a number, a text, or None (blank).
Value = float | str | None
Cell = Callable[[str | None, int, int], Value]  # sheet (None: the formula's own), row, column
Cells = Callable[[str | None, tuple[int, int, int, int]], list[Value]]  # the values held in a range

_TOKEN = re.compile(r"""\s*(?:
    (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<ref>(?:(?P<sheet>'(?:[^']|'')+'|[^\W\d][\w.]*)!)?(?P<a>\$?[A-Za-z]{1,3}\$?\d{1,7})(?::(?P<b>\$?[A-Za-z]{1,3}\$?\d{1,7}))?)(?![\w(])
  | (?P<fn>[A-Za-z_][\w.]*)\s*\(
  | (?P<op>[-+*/(),]))""", re.VERBOSE)
_MAX_LENGTH = 2000  # characters: a report's totals are short
_MAX_BRACKETS = 20  # brackets inside brackets (each costs the parser's recursion a few frames)


def evaluate(formula: str, cell: Cell, cells: Cells) -> float:
    """The value of ``formula`` (with or without its ``=``)."""
    text = formula.strip().removeprefix("=")
    if len(text) > _MAX_LENGTH:
        raise Unsupported("公式过长")
    parser = _Parser(_tokens(text), cell, cells)
    value = parser.sum()
    if parser.i != len(parser.tokens):
        raise Unsupported(f"无法计算“{parser.tokens[parser.i][1]}”")
    return value


def _tokens(text: str) -> list[tuple[str, str, re.Match[str]]]:
    out = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            if text[pos:].strip():
                raise Unsupported(f"无法计算“{text[pos:pos + 20]}”")
            break
        kind = m.lastgroup if m.lastgroup in ("num", "fn", "op") else "ref"
        out.append((kind, m.group(kind).upper() if kind == "fn" else m.group(kind), m))
        pos = m.end()
    return out


class _Parser:
    """sum := term (("+" | "-") term)*; term := unary (("*" | "/") unary)*;
    unary := ("-" | "+")* atom; atom := number | cell | SUM(arg, …) | "(" sum ")"."""

    def __init__(self, tokens: list[tuple[str, str, re.Match[str]]], cell: Cell, cells: Cells):
        self.tokens, self.cell, self.cells, self.i = tokens, cell, cells, 0
        self.depth = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i][:2] if self.i < len(self.tokens) else ("end", "")

    def take(self, want: str) -> None:
        if self.peek()[1] != want:
            raise Unsupported(f"缺少“{want}”")
        self.i += 1

    def sum(self) -> float:
        value = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.peek()[1]
            self.i += 1
            right = self.term()
            value = value + right if op == "+" else value - right
        return value

    def term(self) -> float:
        value = self.unary()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.peek()[1]
            self.i += 1
            right = self.unary()
            if op == "/" and right == 0:
                raise Unsupported("除数为零")
            value = value * right if op == "*" else value / right
        return value

    def unary(self) -> float:
        sign = 1.0
        while self.peek() in (("op", "-"), ("op", "+")):
            sign = -sign if self.peek()[1] == "-" else sign
            self.i += 1
        return sign * self.atom()

    def atom(self) -> float:
        kind, text = self.peek()
        self.i += 1
        if kind == "num":
            return float(text)
        if kind == "ref":
            sheet, span = self.reference(self.tokens[self.i - 1][2])
            if span[:2] != span[2:]:
                raise Unsupported("区域只能用于求和")
            return _number(self.cell(sheet, span[0], span[1]))
        if kind == "fn":
            if text not in ("SUM", "_XLFN.SUM"):
                raise Unsupported(f"不支持函数{text}")
            self.depth += 1
            if self.depth > _MAX_BRACKETS:
                raise Unsupported("括号嵌套过深")
            total = 0.0
            while True:
                if self.peek()[0] == "ref":
                    self.i += 1
                    sheet, span = self.reference(self.tokens[self.i - 1][2])
                    # SUM counts the numbers in its range, leaving text and blanks out
                    total += sum(v for v in self.cells(sheet, span) if isinstance(v, float))
                else:
                    total += self.sum()
                if self.peek() != ("op", ","):
                    break
                self.i += 1
            self.take(")")
            self.depth -= 1
            return total
        if text == "(":
            self.depth += 1
            if self.depth > _MAX_BRACKETS:
                raise Unsupported("括号嵌套过深")
            value = self.sum()
            self.take(")")
            self.depth -= 1
            return value
        raise Unsupported(f"无法计算“{text}”" if text else "公式不完整")

    def reference(self, m: re.Match[str]) -> tuple[str | None, tuple[int, int, int, int]]:
        sheet = m.group("sheet")
        if sheet is not None and sheet.startswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
        a = parse_ref(m.group("a"))
        b = parse_ref(m.group("b")) if m.group("b") else a
        if a is None or b is None:
            raise Unsupported(f"无效的引用“{m.group('ref')}”")
        return sheet, (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))


def _number(value: Value) -> float:
    """A cell's value where a number is needed: blank is 0, a number's text its number."""
    if value is None or value == "":
        return 0.0
    if isinstance(value, float):
        return value
    try:
        return float(value.strip().replace(",", ""))
    except ValueError:
        raise Unsupported(f"“{value[:20]}”不是数字") from None
