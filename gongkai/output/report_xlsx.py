"""The statutory tables as an XLSX workbook (`gongkai render --to xlsx`), and the drawing the
fill-in template (``template_xlsx``) shares with it.

One sheet per table (表二, 表三, 表四): each table keeps its own column widths and page
orientation (表四's fifteen columns print landscape), and a sheet is what an office forwards
or prints as an attachment. Each sheet holds the report's title, the table's heading and its
unit, then the grid of ``author/layout.py`` (drawn from it, never laid out again here): the
merged label cells where the State Council's format prints them, the 勾稽关系 note in table
三's corner, a thin border on every place, values as numbers (counts as integers, 万元 with
four decimals shown), A4 with the header rows repeated on every page.

Fonts. An XLSX cell names one font, so the fallback is its character set: every font here is
marked GB2312 (charset 134), which makes Excel, WPS and LibreOffice substitute a Chinese face
where 宋体 or 仿宋_GB2312 is not installed, rather than a Latin one with empty boxes.

output/ does not import author/: the grids and the data come in as arguments (``api.template``
joins them), typed here by the shape they have (`Grid`, `GridCellLike`, `Data`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from rich.cells import cell_len

from gongkai.version import __version__

SHEETS = {"t2": "表二", "t3": "表三", "t4": "表四"}
UNITS = {"t2": "单位：件；金额单位：万元", "t3": "单位：件", "t4": "单位：件"}
GRID_TOP = 4  # the grid's first row: title, heading and unit above it
TITLE_FONT, HEADING_FONT, TABLE_FONT, NOTE_FONT = "宋体", "黑体", "宋体", "仿宋_GB2312"
GB2312 = 134
# Excel character units a sheet's columns add up to: A4 portrait at 100 % holds about 90,
# landscape about 135 (every sheet is also fitted to one page wide).
PAGE_UNITS = {"portrait": 92.0, "landscape": 136.0}
LINE_PT = 14.0  # a 10-point line
COUNT_FORMAT, MONEY_FORMAT = "0", "0.0000"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


class GridCellLike(Protocol):
    """A printed cell of a grid (author.layout.GridCell)."""

    @property
    def row(self) -> int: ...
    @property
    def col(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def key(self) -> str | None: ...
    @property
    def rowspan(self) -> int: ...
    @property
    def colspan(self) -> int: ...
    @property
    def header(self) -> bool: ...
    @property
    def money(self) -> bool: ...


class Grid(Protocol):
    """A statutory table (author.layout.TableGrid)."""

    @property
    def table(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def n_rows(self) -> int: ...
    @property
    def n_cols(self) -> int: ...
    @property
    def cells(self) -> Sequence[GridCellLike]: ...
    @property
    def widths(self) -> Sequence[float]: ...
    @property
    def header_rows(self) -> int: ...


class Data(Protocol):
    """A report to write (author.data.ReportData): its meta and its cells by canonical key."""

    @property
    def meta(self) -> Mapping[str, Any]: ...
    @property
    def cells(self) -> Mapping[str, int | float | None]: ...


@dataclass
class Drawn:
    """A table drawn on its sheet: where each key's cell is (``"D7"``) and the rows it took."""

    sheet: Worksheet
    grid: Grid
    places: dict[str, str] = field(default_factory=dict)
    money: set[str] = field(default_factory=set)
    last_row: int = GRID_TOP


def workbook(data: Data, grids: Iterable[Grid]) -> bytes:
    """The three tables of ``data`` (drawn on ``grids``: ``author.layout.tables(version)``)
    as an XLSX workbook, one sheet per table."""
    title = report_title(data.meta)
    wb = new_workbook(title)
    for grid in grids:
        page_setup(draw(wb, grid, title, data.cells))
    return save(wb)


def report_title(meta: Mapping[str, Any]) -> str:
    """``XX2024年政府信息公开工作年度报告``, with what of agency and year is known."""
    agency = str(meta.get("agency") or "")
    year = meta.get("year")
    return f"{agency}{f'{year}年' if year else ''}政府信息公开工作年度报告"


def new_workbook(title: str) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title, wb.properties.creator = title, f"gongkai {__version__}"
    return wb


def save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def font(name: str, size: float, bold: bool = False) -> Font:
    return Font(name=name, size=size, bold=bold, charset=GB2312)


def draw(wb: Workbook, grid: Grid, title: str, values: Mapping[str, int | float | None]) -> Drawn:
    """A new sheet with ``grid`` drawn on it under ``title``, its value cells holding ``values``
    (a key absent or None is left empty)."""
    ws = wb.create_sheet(SHEETS[grid.table])
    drawn = Drawn(ws, grid, last_row=GRID_TOP + grid.n_rows - 1)
    widths = column_widths(grid)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    _line(ws, 1, grid.n_cols, title, font(TITLE_FONT, 16, bold=True), "center", 30)
    _line(ws, 2, grid.n_cols, grid.title, font(HEADING_FONT, 12), "left", 22)
    _line(ws, 3, grid.n_cols, UNITS[grid.table], font(NOTE_FONT, 10), "right", 16)
    lines = [1] * grid.n_rows
    for c in grid.cells:
        top, left = GRID_TOP + c.row, 1 + c.col
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(start_row=top, start_column=left, end_row=top + c.rowspan - 1,
                           end_column=left + c.colspan - 1)
        for r in range(top, top + c.rowspan):
            for k in range(left, left + c.colspan):
                ws.cell(r, k).border = BORDER
        cell = ws.cell(top, left)
        if c.key is None:
            cell.value = c.text
            cell.font = font(NOTE_FONT if c.text.startswith("本列数据") else TABLE_FONT, 10)
            centred = _centred(grid, c)
            cell.alignment = Alignment(horizontal="center" if centred else "left", vertical="center", wrap_text=True)
            if c.rowspan == 1:
                width = sum(widths[c.col:c.col + c.colspan])
                lines[c.row] = max(lines[c.row], wrapped_lines(c.text, width))
            continue
        drawn.places[c.key] = cell.coordinate
        if c.money:
            drawn.money.add(c.key)
        value = values.get(c.key)
        cell.value = value
        cell.number_format = MONEY_FORMAT if c.money else COUNT_FORMAT
        cell.font = font(TABLE_FONT, 10)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row, n in enumerate(lines):
        ws.row_dimensions[GRID_TOP + row].height = max(20.0, LINE_PT * n + 6)
    return drawn


def _centred(grid: Grid, c: GridCellLike) -> bool:
    """Labels are centred as the form prints them, but for the 条例 item heading a block of
    table 二 and the row labels of table 三, which read from the left."""
    if grid.table == "t2":
        return c.colspan < grid.n_cols
    if grid.table == "t3":
        return c.row < grid.header_rows or c.rowspan > 1
    return True


def column_widths(grid: Grid) -> list[float]:
    """The grid's relative widths scaled to fill the page's width (in Excel's units)."""
    units = PAGE_UNITS[orientation(grid)]
    total = sum(grid.widths)
    return [round(units * w / total, 1) for w in grid.widths]


def orientation(grid: Grid) -> str:
    return "landscape" if grid.n_cols > 10 else "portrait"


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` wraps to in a column ``width`` units wide (a CJK character takes two;
    openpyxl cannot measure text, so this estimates what the row height must hold)."""
    usable = max(1.0, width - 1.0)
    return max(1, math.ceil(cell_len(text) * 0.9 / usable))


def _line(ws: Worksheet, row: int, n_cols: int, text: str, style: Font, horizontal: str, height: float) -> None:
    """A line of text above the grid, across its width."""
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_cols)
    cell = ws.cell(row, 1, text)
    cell.font = style
    cell.alignment = Alignment(horizontal=horizontal, vertical="center")
    ws.row_dimensions[row].height = height


def page_setup(drawn: Drawn) -> None:
    """A4 in the grid's orientation, one page wide, centred; the grid's header rows repeated
    on each page; the page number in the footer."""
    ws, grid = drawn.sheet, drawn.grid
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation(grid)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    if grid.header_rows:
        ws.print_title_rows = f"{GRID_TOP}:{GRID_TOP + grid.header_rows - 1}"
    ws.print_area = f"A1:{get_column_letter(grid.n_cols)}{drawn.last_row}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9
