"""A filled XLSX template (`gongkai template`) read back into a `ReportData`.

The template carries its own map as defined names (written by ``output/template_xlsx.py``):
``gongkai_t2`` / ``gongkai_t3`` / ``gongkai_t4`` name each grid's top-left cell, and
``gongkai_agency``, ``gongkai_year``, ``gongkai_format``, ``gongkai_published`` the meta cells.
Each key's cell is then found by its place in the grid of ``layout.tables(format)``, the same
grid the template was drawn on; the label cells are compared with it first, so a table whose
rows were moved (its protection lifted) is refused, naming the first label out of place,
rather than read into the wrong keys.

What a cell holds is read as an office would mean it:

- a number as typed; counts must be whole and not negative (table 二's 2019 本年增/减 may
  be), 万元 amounts are decimals;
- text where a number belongs (pasted, or typed where the validation did not stop it):
  full-width digits, spaces and thousands separators are read through (``"12 "``, ``"１２"``,
  ``"1,234"``), 无 / - / — as blank, anything else is a problem named with its cell;
- a formula: the template's totals have one form, ``=IF(COUNT(refs),SUM(refs),"")`` (or a
  plain ``=SUM(refs)``), computed here from its parts as they are read — a workbook filled by
  a program and never opened has no cached values (openpyxl writes none), and a part typed
  as text (``"12 "``) counts as the number it is read as, where a spreadsheet's SUM would skip
  it. Another formula gives the value a spreadsheet cached when it saved the file (the
  workbook is then loaded a second time, for its values), or without one is a problem asking
  for the file to be opened and saved once.

Every problem is gathered and raised in one `UsageError` naming the file, each as
``表三 C7: '十二' 不是数字``, so an office fixes them all at once.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from gongkai.author.data import Cell, ReportData
from gongkai.author.layout import TableGrid, tables
from gongkai.errors import UsageError
from gongkai.spec import load_format

NAME_PREFIX = "gongkai_"
TABLES = ("t2", "t3", "t4")
MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 16 * 1024 * 1024
SHOWN_PROBLEMS = 20
NULL_MARKS = frozenset({"", "-", "/", "—", "——", "无", "空"})
NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_REF = r"\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?"
_REFS = rf"{_REF}(?:,{_REF})*"
FORMULA = re.compile(rf'=(?:IF\(COUNT\((?P<count>{_REFS})\),SUM\((?P<sum>{_REFS})\),""\)|SUM\((?P<plain>{_REFS})\))')
DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
MAX_DEPTH = 20


class Problems(list[str]):
    """What is wrong in the workbook, each as ``表三 C7: …``."""

    def raise_if_any(self, source: str) -> None:
        if self:
            more = f"；另有 {len(self) - SHOWN_PROBLEMS} 处问题" if len(self) > SHOWN_PROBLEMS else ""
            raise UsageError(f"{source}: " + "；".join(self[:SHOWN_PROBLEMS]) + more)


class NotANumber(ValueError):
    """A cell's content that cannot be read as the number its place needs (the reason in Chinese)."""


def read_template(path: str | os.PathLike[str]) -> ReportData:
    """The meta and cells of a filled template at ``path`` (sections empty: the template holds
    the tables only). UsageError, naming the file, for a file that is no template or for cells
    that cannot be read."""
    source = os.fspath(path)
    book = _Book(source)
    formulas = book.formulas
    problems = Problems()
    meta = _meta(formulas, source, problems)
    problems.raise_if_any(source)
    version = str(meta["format"])
    spec = load_format(version)
    signed = {r.cell_key("t2", c) for r in spec.t2_rows for c in r.signed}
    cells: dict[str, Cell] = {}
    for grid in tables(version):
        sheet = _Sheet(book, _anchor(formulas, grid.table, source), problems)
        if not sheet.matches(grid):
            continue
        for c in grid.cells:
            if c.key is not None:
                kind = "money" if c.money else "signed" if c.key in signed else "count"
                cells[c.key] = sheet.read(sheet.place(c.row, c.col), kind)
    problems.raise_if_any(source)
    return ReportData(meta, cells, {})


class _Book:
    """The workbook as read with its formulas, and (loaded only if a formula needs it) with the
    values a spreadsheet cached."""

    def __init__(self, source: str) -> None:
        self.source = source
        _check_file(source)
        self.formulas = self._load(data_only=False)
        self._values: Any = None

    def cached(self, sheet: str, at: str) -> Any:
        if self._values is None:
            self._values = self._load(data_only=True)
        return self._values[sheet][at].value

    def _load(self, data_only: bool) -> Any:
        try:
            from openpyxl import load_workbook
        except ImportError as e:
            raise UsageError(f"{self.source}: 读取填报模板需要 openpyxl（pip install 'gongkai[author]'）") from e
        try:
            return load_workbook(self.source, data_only=data_only)
        except Exception as e:  # openpyxl raises many kinds on a damaged or foreign file
            raise UsageError(f"{self.source}: 无法作为 Excel 工作簿读取（{type(e).__name__}: {e}）") from e


def _check_file(source: str) -> None:
    """A file that is a gongkai template, by what its ZIP says before openpyxl parses it all:
    of a template's size (a template is ~30 KB; a bigger workbook would take openpyxl minutes)
    and naming the template's defined names in its workbook part."""
    try:
        size = os.path.getsize(source)
    except OSError as e:
        raise UsageError(f"{source}: 无法读取文件（{e.strerror or e}）") from e
    if size > MAX_BYTES:
        raise UsageError(f"{source}: 文件过大（{size / 1024 / 1024:.1f} MB），不是年度报告填报模板")
    if not zipfile.is_zipfile(source):
        raise UsageError(f"{source}: 不是 Excel 工作簿（.xlsx）；请使用 gongkai template 生成的模板")
    try:
        with zipfile.ZipFile(source) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED:
                raise UsageError(f"{source}: 工作簿解压后过大，不是年度报告填报模板")
            names = z.read("xl/workbook.xml")
    except (KeyError, zipfile.BadZipFile, OSError) as e:
        raise UsageError(f"{source}: 不是 Excel 工作簿（.xlsx）；请使用 gongkai template 生成的模板") from e
    if f"{NAME_PREFIX}t3".encode() not in names:
        raise UsageError(f"{source}: 不是 gongkai 生成的填报模板；请用 gongkai template 生成模板后填写")


def _destination(wb: Any, name: str) -> tuple[str, str] | None:
    """The sheet and cell (``"A4"``) a workbook-level defined name points at."""
    defined = wb.defined_names.get(f"{NAME_PREFIX}{name}")
    if defined is None:
        return None
    for sheet, coordinate in defined.destinations:
        if sheet in wb.sheetnames:
            return sheet, coordinate.replace("$", "")
    return None


def _anchor(wb: Any, table: str, source: str) -> tuple[str, int, int]:
    """The sheet, row and column of a grid's top-left cell."""
    from openpyxl.utils.cell import coordinate_to_tuple

    found = _destination(wb, table)
    if found is None:
        raise UsageError(f"{source}: 不是 gongkai 生成的填报模板（找不到 {table} 表的位置）；请用 gongkai template 生成模板后填写")
    row, column = coordinate_to_tuple(found[1])
    return found[0], row, column


def _meta(formulas: Any, source: str, problems: Problems) -> dict[str, Any]:
    """Agency, year, format and published date from the 基本信息 cells."""
    found = {name: _destination(formulas, name) for name in ("agency", "year", "format", "published")}
    missing = [name for name, place in found.items() if place is None]
    if missing:
        raise UsageError(f"{source}: 不是 gongkai 生成的填报模板（缺少基本信息：{'、'.join(missing)}）；"
                         "请用 gongkai template 生成模板后填写")
    raw = {name: formulas[p[0]][p[1]].value for name, p in found.items() if p is not None}
    where = {name: f"{p[0]} {p[1]}" for name, p in found.items() if p is not None}
    agency = raw["agency"]
    meta: dict[str, Any] = {"agency": (str(agency).strip() or None) if agency is not None else None}
    year = _year(raw["year"])
    if year is None:
        problems.append(f"{where['year']}: 请填写报告年度（如 2024），实为 {raw['year']!r}")
    meta["year"] = year
    version = str(raw["format"]).strip() if raw["format"] is not None else ""
    if version not in ("2021", "2019"):
        problems.append(f"{where['format']}: 表格格式应为 2021 或 2019，实为 {raw['format']!r}")
    meta["format"] = version
    try:
        meta["published"] = _date(raw["published"])
    except NotANumber as e:
        problems.append(f"{where['published']}: {e}")
    return meta


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        year = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\d{4}年?(度)?", unicodedata.normalize("NFKC", value).strip()):
        year = int(unicodedata.normalize("NFKC", value).strip()[:4])
    else:
        return None
    return year if 2008 <= year <= 2100 else None


def _date(value: Any) -> str | None:
    """An ISO date from a date cell, a typed date (2025-01-20, 2025/1/20, 2025年1月20日) or
    Excel's day number; None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool) and 39448 <= value < 80000:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date().isoformat()
    m = DATE.fullmatch(unicodedata.normalize("NFKC", str(value)).strip())
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            pass
    raise NotANumber(f"'{value}' 不是日期（应如 2025-01-20）")


class _Sheet:
    """One table's sheet."""

    def __init__(self, book: _Book, anchor: tuple[str, int, int], problems: Problems) -> None:
        self.name, self.top, self.left = anchor
        self.book, self.formulas = book, book.formulas[self.name]
        self.problems = problems

    def place(self, row: int, col: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.left + col)}{self.top + row}"

    def matches(self, grid: TableGrid) -> bool:
        """Whether every label of ``grid`` is where the grid puts it (spaces and line breaks
        aside); the first one that is not is a problem."""
        for c in grid.cells:
            if c.key is None:
                at = self.place(c.row, c.col)
                found = self.formulas[at].value
                if _squeeze(found) != _squeeze(c.text):
                    self.problems.append(f"{self.name} {at}: 应为“{c.text}”，实为“{found or ''}”——表格结构被改动，"
                                         "无法按位置读取；请用 gongkai template 重新生成模板后填写")
                    return False
        return True

    def read(self, at: str, kind: str) -> Cell:
        """The number in cell ``at`` (None when blank); a problem, and None, when unreadable."""
        try:
            return self.number(at, kind, 0)
        except NotANumber as e:
            self.problems.append(f"{self.name} {at}: {e}")
            return None

    def number(self, at: str, kind: str, depth: int) -> Cell:
        raw = self.formulas[at].value
        if isinstance(raw, str) and raw.startswith("="):
            return self.compute(at, raw, kind, depth)
        return _number(raw, kind)

    def compute(self, at: str, formula: str, kind: str, depth: int) -> Cell:
        """A total: the sum of its parts, blank while they are; another formula's cached value."""
        m = FORMULA.fullmatch(formula.replace(" ", "").upper())
        if m is None or m["count"] != m["sum"] or depth > MAX_DEPTH:
            cached = self.book.cached(self.name, at)
            if cached not in (None, ""):
                return _number(cached, kind)
            raise NotANumber(f"公式 {formula} 无法在此计算；请在 Excel 或 WPS 中打开此文件并保存一次后再读取")
        parts = []
        for ref in _cells(m["sum"] or m["plain"]):
            try:
                parts.append(self.number(ref, kind, depth + 1))
            except NotANumber:
                continue  # that cell's own problem is reported where it is read
        numbers = [p for p in parts if p is not None]
        if not numbers and m["sum"]:
            return None
        total = sum(numbers)
        return round(total, 6) if isinstance(total, float) else total


def _cells(arguments: str) -> Iterator[str]:
    """The cells of a reference list (``D5:I5,D9``), one by one."""
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries

    for part in arguments.replace("$", "").split(","):
        min_col, min_row, max_col, max_row = range_boundaries(part)
        assert min_col is not None and min_row is not None and max_col is not None and max_row is not None
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                yield f"{get_column_letter(col)}{row}"


def _squeeze(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))) if text is not None else ""


def _number(value: Any, kind: str) -> Cell:
    """A cell's content as the number a ``kind`` cell (count, signed, money) holds."""
    if value is None:
        return None
    if isinstance(value, bool | datetime | date):
        raise NotANumber(f"'{value}' 不是数字")
    if isinstance(value, str):
        value = _parse(value, kind)
        if value is None:
            return None
    if not isinstance(value, int | float):
        raise NotANumber(f"'{value}' 不是数字")
    if value < 0 and kind != "signed":
        raise NotANumber(f"{_show(value)} 不能为负数")
    if kind == "money":
        return float(value)
    if not float(value).is_integer():
        raise NotANumber(f"{_show(value)} 不是整数（件数）")
    return int(value)


def _parse(text: str, kind: str) -> int | float | None:
    """Typed text as a number: full-width forms folded, spaces and thousands separators and a
    trailing unit dropped; a null mark is None."""
    folded = unicodedata.normalize("NFKC", text).replace("−", "-")
    squeezed = re.sub(r"[\s,]", "", folded)
    if squeezed in NULL_MARKS:
        return None
    for unit in ("万元", "件", "个", "项"):
        if squeezed.endswith(unit) and (unit == "万元") == (kind == "money"):
            squeezed = squeezed[: -len(unit)]
    if not NUMBER.fullmatch(squeezed):
        raise NotANumber(f"'{text}' 不是数字")
    return int(squeezed) if "." not in squeezed else float(squeezed)


def _show(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
