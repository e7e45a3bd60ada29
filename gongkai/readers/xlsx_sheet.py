"""One worksheet's cells as stored: value, type, style and formula per cell, merged ranges,
hidden rows and columns, and how a stored value is shown (numbers without float noise,
dates, booleans).

A worksheet part is read with lxml's ``iterparse``, each row freed once read, and bounded:
at most ``MAX_ROWS`` rows that hold a value in the workbook (a report's tables print fewer
than two hundred) and cells past column ``MAX_COLUMN`` ignored; more is refused in words,
before a sheet of a million rows costs memory or minutes.
"""

from __future__ import annotations

import io
import math
import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from lxml import etree

from gongkai.model import column_letters
from gongkai.readers.errors import ReadError
from gongkai.readers.office import reason_of
from gongkai.readers.xlsx_package import S, rich_text

MAX_ROWS = 20_000  # rows holding a value, in all sheets of a workbook
MAX_CELLS = 200_000  # cells holding a value, in all sheets of a workbook
MAX_COLUMN = 16_384  # Excel's last column (XFD)

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_ROW, _C, _V, _F, _IS, _COL, _MERGE = (S + n for n in ("row", "c", "v", "f", "is", "col", "mergeCell"))


class Stored(NamedTuple):
    """A cell as the file stores it. ``kind``: "n" number, "s" text (shared, inline or a
    formula's text), "b" boolean, "e" error, "d" ISO date; ``value`` None for a formula
    whose result was never computed and saved (a workbook written by a program, never
    opened in Excel)."""

    kind: str
    value: str | None
    style: int
    formula: str | None


class Sheet(NamedTuple):
    cells: dict[tuple[int, int], Stored]  # (row, column), both 1-based
    merges: list[tuple[int, int, int, int]]  # first row, first column, last row, last column
    hidden_rows: set[int]
    hidden_cols: set[int]


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def parse_ref(ref: str) -> tuple[int, int] | None:
    """``C5`` (or ``$C$5``) → (5, 3); None if it names no cell."""
    m = _REF.match(ref.strip())
    if m is None:
        return None
    row, col = int(m.group(2)), column_number(m.group(1))
    return (row, col) if 1 <= col <= MAX_COLUMN and row >= 1 else None


class Budget:
    """Rows holding a value, counted over the workbook's sheets."""

    def __init__(self) -> None:
        self.rows = self.cells = 0


def read_sheet(data: bytes, name: str, part: str, strings: list[str], budget: Budget, source: str) -> Sheet:
    """The cells of worksheet ``name`` (its XML ``data``); shared strings resolved."""
    cells: dict[tuple[int, int], Stored] = {}
    merges: list[tuple[int, int, int, int]] = []
    hidden_rows: set[int] = set()
    hidden_cols: set[int] = set()
    shared: dict[str, tuple[int, int, str]] = {}  # shared formula id → (row, column, text) of its anchor
    row_no = 0
    try:
        for _, el in etree.iterparse(io.BytesIO(data), tag=(_ROW, _COL, _MERGE), resolve_entities=False,
                                     no_network=True, load_dtd=False, huge_tree=False):
            if el.tag == _ROW:
                row_no = _int(el.get("r"), row_no + 1)
                if _true(el.get("hidden")):
                    hidden_rows.add(row_no)
                held = len(cells)
                if _read_row(el, row_no, cells, strings, shared):
                    budget.rows += 1
                    budget.cells += len(cells) - held
                    if budget.rows > MAX_ROWS or budget.cells > MAX_CELLS:
                        raise ReadError(source, f"文件过大 / the workbook has more than {MAX_ROWS} rows or "
                                                f"{MAX_CELLS} cells holding values (sheet “{name}”): too large "
                                                "for a report")
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
            elif el.tag == _COL:
                if _true(el.get("hidden")):
                    first = _int(el.get("min"), 0)
                    hidden_cols.update(range(max(first, 1), min(_int(el.get("max"), first), MAX_COLUMN) + 1))
            else:
                span = _range(el.get("ref") or "")
                if span is not None:
                    merges.append(span)
    except etree.XMLSyntaxError as e:
        raise ReadError(source, f"文件已损坏 / corrupt Excel workbook (XLSX): {part} (sheet “{name}”) is not well-formed XML "
                                f"({reason_of(e)})") from None
    return Sheet(cells, merges, hidden_rows, hidden_cols)


def _read_row(row, row_no: int, cells: dict[tuple[int, int], Stored], strings: list[str],
              shared: dict[str, tuple[int, int, str]]) -> bool:
    """The row's cells into ``cells``; whether any holds a value or formula."""
    col = 0
    any_value = False
    for c in row.iter(_C):
        place = parse_ref(c.get("r") or "")
        col = place[1] if place is not None else col + 1
        if col > MAX_COLUMN:
            continue
        kind = c.get("t") or "n"
        f = c.find(_F)
        formula = _formula(f, row_no, col, shared) if f is not None else None
        v = c.find(_V)
        value = v.text if v is not None else None
        if kind == "inlineStr":
            is_ = c.find(_IS)
            kind, value = "s", rich_text(is_) if is_ is not None else value
        elif kind == "s":
            value = strings[int(value)] if value is not None and value.isdigit() and int(value) < len(strings) else ""
        elif kind == "str":  # a formula's text result: an empty one is a result too
            kind, value = "s", (value or "") if v is not None else None
        elif not value:
            value = None  # no value, or an empty one (openpyxl's formulas): never computed
        if formula is None and not value:
            continue  # a styled empty cell (borders, fill): prints nothing
        cells[(row_no, col)] = Stored(kind, value, _int(c.get("s"), 0), formula)
        any_value = True
    return any_value


def _formula(f, row: int, col: int, shared: dict[str, tuple[int, int, str]]) -> str | None:
    """A cell's formula text; a shared formula's follower gets its anchor's formula moved by
    the offset between them (relative references only)."""
    text = f.text or ""
    if f.get("t") != "shared":
        return text or None
    si = f.get("si") or ""
    if text:
        shared[si] = (row, col, text)
        return text
    anchor = shared.get(si)
    if anchor is None:
        return None
    return shift(anchor[2], row - anchor[0], col - anchor[1])


_RELATIVE = re.compile(r"(?<![A-Za-z0-9_.!'\"])(\$?)([A-Z]{1,3})(\$?)(\d{1,7})(?![A-Za-z0-9_(])")


def shift(formula: str, rows: int, cols: int) -> str:
    """A formula moved by ``rows`` and ``cols``: its relative references follow, ``$`` ones stay."""
    def move(m: re.Match[str]) -> str:
        col = column_number(m.group(2)) + (0 if m.group(1) else cols)
        row = int(m.group(4)) + (0 if m.group(3) else rows)
        return f"{m.group(1)}{column_letters(max(col, 1))}{m.group(3)}{max(row, 1)}"
    return _RELATIVE.sub(move, formula)


def _range(ref: str) -> tuple[int, int, int, int] | None:
    a, _, b = ref.partition(":")
    first, last = parse_ref(a), parse_ref(b or a)
    if first is None or last is None:
        return None
    return min(first[0], last[0]), min(first[1], last[1]), max(first[0], last[0]), max(first[1], last[1])


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or "")
    except ValueError:
        return default


def _true(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true")


# ---------------------------------------------------------------------------------------------
# Values as shown


def number_text(x: float) -> str:
    """A number as a person reads it: at most 15 significant digits (Excel's precision, so
    0.1 + 0.2 is 0.3), no trailing ``.0``, no exponent."""
    if not math.isfinite(x):
        return "#NUM!"
    x = float(f"{x:.15g}")
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    text = repr(x)
    return format(Decimal(text), "f") if "e" in text else text


def shown(kind: str, value: str, style: str | None, date1904: bool) -> str:
    """A stored value as Excel shows it (the number formats that matter here: dates, times,
    percentages; any other number in full)."""
    if kind == "b":
        return "TRUE" if value.strip() in ("1", "true") else "FALSE"
    if kind == "d":
        return _date_text(value[:10], style)
    if kind != "n":
        return value
    try:
        x = float(value)
    except ValueError:
        return value.strip()
    if style == "percent":
        return number_text(x * 100) + "%"
    if style in ("date", "date-cjk", "time", "datetime") and 0 <= x < 2_958_466:  # up to 9999-12-31
        return _serial_text(x, style, date1904)
    return number_text(x)


def _serial_text(x: float, style: str, date1904: bool) -> str:
    if date1904:
        moment = datetime(1904, 1, 1) + timedelta(days=x)
    else:  # Excel counts a 29 February 1900 that never was: serials before it are a day late
        moment = datetime(1899, 12, 30 if x >= 61 else 31) + timedelta(days=x)
    moment = (moment + timedelta(microseconds=500_000)).replace(microsecond=0)
    time = f"{moment.hour}:{moment.minute:02d}" + (f":{moment.second:02d}" if moment.second else "")
    if style == "time":
        return time
    day = (f"{moment.year}年{moment.month}月{moment.day}日" if style == "date-cjk"
           else f"{moment.year}-{moment.month:02d}-{moment.day:02d}")
    return f"{day} {time}" if style == "datetime" or (x % 1 and style != "date-cjk") else day


def _date_text(iso: str, style: str | None) -> str:
    try:
        day = datetime.strptime(iso, "%Y-%m-%d")
    except ValueError:
        return iso
    return f"{day.year}年{day.month}月{day.day}日" if style == "date-cjk" else iso
