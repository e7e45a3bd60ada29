"""The simple formulas of a report's workbook, evaluated where the file holds no result.

Excel and LibreOffice save each formula's last result beside it, and the reader prints that.
A workbook written by a program (openpyxl, a template filled by a script) and never opened
in a spreadsheet holds the formulas only; the totals of a template are then missing. The
totals of the statutory tables are sums, kept blank while their parts are:
``=SUM(C5:C9)``, ``=C5+C6-C7``, ``=IF(COUNT(C5:H5),SUM(C5:H5),"")``, numbers, brackets,
comparisons, text in quotes and joined with ``&`` (a template's check row:
``=IF(N(D7)-N(D30)=0,"相符","不符"&CHAR(10)&…)``), references to other sheets (``表三!C5``,
``'表 三'!C5``). Those are computed here, as a spreadsheet computes them (a blank cell is 0 in
arithmetic; SUM and COUNT take the numbers of a range and leave its text out; N gives a
cell's number or 0; an IF computes only the branch it takes); anything else (another function, an error value, text where a number is needed) is
``Unsupported``, and the reader leaves the cell blank with a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gongkai.readers.xlsx_sheet import number_text, parse_ref


class Unsupported(Exception):
    """A formula this evaluator does not compute (the message says what stopped it)."""


# A cell's value for a formula: a number, a text, TRUE/FALSE, or None (blank).
Value = float | str | bool | None
Cell = Callable[[str | None, int, int], Value]  # sheet (None: the formula's own), row, column
Cells = Callable[[str | None, tuple[int, int, int, int]], list[Value]]  # the values held in a range

_TOKEN = re.compile(r"""\s*(?:
    (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<str>"(?:[^"]|"")*")
  | (?P<ref>(?:(?P<sheet>'(?:[^']|'')+'|[^\W\d][\w.]*)!)?(?P<a>\$?[A-Za-z]{1,3}\$?\d{1,7})(?::(?P<b>\$?[A-Za-z]{1,3}\$?\d{1,7}))?)(?![\w(])
  | (?P<fn>[A-Za-z_][\w.]*)\s*\(
  | (?P<op><>|<=|>=|[-+*/(),<>=&]))""", re.VERBOSE)
_KINDS = ("num", "str", "fn", "op")
_COMPARE = {"=": lambda a, b: a == b, "<>": lambda a, b: a != b, "<": lambda a, b: a < b,
            ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}
_FUNCTIONS = ("SUM", "COUNT", "IF", "N", "CHAR")
_MAX_LENGTH = 2000  # characters: a report's totals are short
_MAX_BRACKETS = 20  # brackets inside brackets (each costs the parser's recursion a few frames)


def evaluate(formula: str, cell: Cell, cells: Cells) -> float | str | bool:
    """The value of ``formula`` (with or without its ``=``): a number, a text (``""``: the
    cell is shown blank), or TRUE/FALSE."""
    text = formula.strip().removeprefix("=")
    if len(text) > _MAX_LENGTH:
        raise Unsupported("公式过长")
    parser = _Parser(_tokens(text), cell, cells)
    value = parser.expr()
    if parser.i != len(parser.tokens):
        raise Unsupported(f"无法计算“{parser.tokens[parser.i][1]}”")
    return 0.0 if value is None else value  # a formula naming a blank cell shows 0


def _tokens(text: str) -> list[tuple[str, str, re.Match[str]]]:
    out = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            if text[pos:].strip():
                raise Unsupported(f"无法计算“{text[pos:pos + 20]}”")
            break
        kind = m.lastgroup if m.lastgroup in _KINDS else "ref"
        out.append((kind, m.group(kind).upper() if kind == "fn" else m.group(kind), m))
        pos = m.end()
    return out


class _Parser:
    """expr := join (comparison join)?; join := sum ("&" sum)*; sum := term (("+" | "-") term)*;
    term := unary (("*" | "/") unary)*; unary := ("-" | "+")* atom;
    atom := number | "text" | cell | SUM(…) | COUNT(…) | IF(expr, expr[, expr]) | "(" expr ")".

    ``skip``: parsing the branch an IF does not take, which is read but not computed."""

    def __init__(self, tokens: list[tuple[str, str, re.Match[str]]], cell: Cell, cells: Cells):
        self.tokens, self.cell, self.cells, self.i = tokens, cell, cells, 0
        self.depth = 0
        self.skip = False

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i][:2] if self.i < len(self.tokens) else ("end", "")

    def take(self, want: str) -> None:
        if self.peek()[1] != want:
            raise Unsupported(f"缺少“{want}”")
        self.i += 1

    def expr(self) -> Value:
        value = self.join()
        kind, op = self.peek()
        if kind == "op" and op in _COMPARE:
            self.i += 1
            right = self.join()
            if self.skip:
                return False
            a, b = _comparable(value), _comparable(right)
            if type(a) is not type(b):  # a spreadsheet orders numbers before text, text before TRUE/FALSE
                rank = {float: 0, str: 1, bool: 2}
                a, b = rank[type(a)], rank[type(b)]
            return bool(_COMPARE[op](a, b))
        return value

    def join(self) -> Value:
        value = self.sum()
        while self.peek() == ("op", "&"):
            self.i += 1
            value = _text(value) + _text(self.sum())
        return value

    def sum(self) -> Value:
        value = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.peek()[1]
            self.i += 1
            right = _number(self.term(), self.skip)
            value = _number(value, self.skip) + (right if op == "+" else -right)
        return value

    def term(self) -> Value:
        value = self.unary()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.peek()[1]
            self.i += 1
            right = _number(self.unary(), self.skip)
            if op == "/" and right == 0 and not self.skip:
                raise Unsupported("除数为零")
            value = _number(value, self.skip) * right if op == "*" else _number(value, self.skip) / (right or 1.0)
        return value

    def unary(self) -> Value:
        sign = 0
        while self.peek() in (("op", "-"), ("op", "+")):
            sign = (sign or 1) * (-1 if self.peek()[1] == "-" else 1)
            self.i += 1
        value = self.atom()
        return value if not sign else sign * _number(value, self.skip)

    def atom(self) -> Value:
        kind, text = self.peek()
        self.i += 1
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            sheet, span = self.reference(self.tokens[self.i - 1][2])
            if span[:2] != span[2:]:
                raise Unsupported("区域只能用于SUM或COUNT")
            return 0.0 if self.skip else self.cell(sheet, span[0], span[1])
        if kind == "fn":
            name = text.removeprefix("_XLFN.")
            if name not in _FUNCTIONS and not self.skip:
                raise Unsupported(f"不支持函数{text}")
            self.nest()
            value = self.function(name if name in _FUNCTIONS else "COUNT")  # (a branch not taken: read only)
            self.take(")")
            self.depth -= 1
            return value
        if text == "(":
            self.nest()
            value = self.expr()
            self.take(")")
            self.depth -= 1
            return value
        raise Unsupported(f"无法计算“{text}”" if text else "公式不完整")

    def nest(self) -> None:
        self.depth += 1
        if self.depth > _MAX_BRACKETS:
            raise Unsupported("括号嵌套过深")

    def function(self, name: str) -> Value:
        if name in ("N", "CHAR"):
            value = self.expr()
            if name == "N":
                return value if isinstance(value, float) else 0.0
            code = int(_number(value, self.skip))
            if not self.skip and not 1 <= code <= 255:
                raise Unsupported("CHAR的参数应在1至255之间")
            return chr(code) if code >= 32 or code in (9, 10, 13) else ""
        if name == "IF":
            cond = self.expr()
            taken = self.skip or _truth(cond)
            branches: list[Value] = []
            while self.peek() == ("op", ",") and len(branches) < 2:
                self.i += 1
                skip, self.skip = self.skip, self.skip or (taken != (not branches))
                branches.append(self.expr())
                self.skip = skip
            if not branches:
                raise Unsupported("IF缺少参数")
            chosen = branches[0] if taken else branches[1] if len(branches) > 1 else False
            return 0.0 if chosen is None else chosen  # an IF giving a blank cell gives 0
        # SUM and COUNT: their arguments' numbers (a range's text and blanks left out)
        numbers: list[float] = []
        while True:
            if self.peek()[0] == "ref" and self.peek_range():
                self.i += 1
                sheet, span = self.reference(self.tokens[self.i - 1][2])
                if not self.skip:
                    numbers += (v for v in self.cells(sheet, span) if isinstance(v, float))
            else:
                value = self.expr()
                if name == "SUM":
                    numbers.append(_number(value, self.skip))
                elif isinstance(value, float):
                    numbers.append(value)
            if self.peek() != ("op", ","):
                break
            self.i += 1
        return float(len(numbers)) if name == "COUNT" else sum(numbers)

    def peek_range(self) -> bool:
        """Whether the reference at hand stands alone as an argument (a range, or a cell
        whose text SUM and COUNT leave out), not the start of an expression."""
        nxt = self.tokens[self.i + 1][:2] if self.i + 1 < len(self.tokens) else ("end", "")
        return nxt in (("op", ","), ("op", ")"))

    def reference(self, m: re.Match[str]) -> tuple[str | None, tuple[int, int, int, int]]:
        sheet = m.group("sheet")
        if sheet is not None and sheet.startswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
        a = parse_ref(m.group("a"))
        b = parse_ref(m.group("b")) if m.group("b") else a
        if a is None or b is None:
            raise Unsupported(f"无效的引用“{m.group('ref')}”")
        return sheet, (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))


def _number(value: Value, skip: bool = False) -> float:
    """A value where a number is needed: a blank cell is 0, a number's text its number."""
    if skip or value is None:
        return 0.0
    if isinstance(value, bool | float):
        return float(value)
    try:
        return float(value.strip().replace(",", ""))
    except ValueError:
        raise Unsupported(f"“{value[:20]}”不是数字") from None


def _text(value: Value) -> str:
    """A value joined into text (``&``): a number as shown, a blank as nothing."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return "" if value is None else number_text(value) if isinstance(value, float) else value


def _comparable(value: Value) -> float | str | bool:
    return 0.0 if value is None else value.casefold() if isinstance(value, str) else value


def _truth(value: Value) -> bool:
    if isinstance(value, str):
        raise Unsupported(f"条件“{value[:20]}”不是真假值")
    return bool(value)
