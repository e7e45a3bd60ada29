"""Lay a report's tables out as an Excel workbook with openpyxl, as bodies publish them and
officials fill them in: the statutory tables in the official merged-cell layout
(``render_html``'s rows: rowspans and colspans become merged ranges), numbers stored as
numbers, and

* ``layout="sheets"``: a first sheet with the title and the opening sentence, then one
  sheet per table (表二, 表三, 表四), each under its section heading;
* ``layout="one-sheet"``: title, headings and the three tables in one sheet, a blank row
  between them;

``formulas``: the totals of table 三 and table 四 written as formulas (``=SUM(...)``,
``=IF(COUNT(...),SUM(...),"")``, ``=D5+D6``) without results, as openpyxl writes them and no
spreadsheet has computed;
``offset``: the tables start that many columns and rows in (a margin column, a spacer row);
``variants``: ``width2`` (table 三's labels in two columns), ``blank-merged`` (予以公开 and
部分公开 with their applicant cells merged blank), ``collapsed`` (（六）其他处理 as one row).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generators.render_html import Cell, Renderer, t2_rows, t3_rows, t4_rows
from generators.synth import AGENCIES, blank_merged_outcomes, random_cells
from gongkai.spec import FormatSpec, load_format

HEADINGS = ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况")


@dataclass
class XlsxReport:
    data: bytes
    cells: dict
    meta: dict


def place(ws: Worksheet, rows: list[list[Cell]], top: int, left: int, numbers: bool = True) -> dict[tuple[int, int], int]:
    """Write HTML-model rows (rowspan/colspan) at ``top``/``left`` (1-based), merging the
    spans; a value cell holding a number is stored as one. Returns each grid position's
    Excel (row, column) → the row index in ``rows`` it belongs to (for formulas)."""
    taken: set[tuple[int, int]] = set()
    where: dict[tuple[int, int], int] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            x, y = top + r, left + c
            ws.cell(x, y, _value(cell.text) if numbers and cell.value else (cell.text or None))
            where[(x, y)] = r
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(start_row=x, start_column=y, end_row=x + cell.rowspan - 1,
                               end_column=y + cell.colspan - 1)
            c += cell.colspan
    return where


def _value(text: str):
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _t3_formulas(ws: Worksheet, top: int, left: int, n_rows: int, label_width: int) -> None:
    """Replace table 三's 总计 column by row sums of the six applicant columns (where they
    are printed: a row whose applicant cells are merged blank keeps its number)."""
    first = left + label_width
    for x in range(top + 3, top + n_rows):
        total = ws.cell(x, first + 6)
        if isinstance(total.value, int) and all(isinstance(ws.cell(x, first + i).value, int) for i in range(6)):
            parts = f"{get_column_letter(first)}{x}:{get_column_letter(first + 5)}{x}"
            # as a template writes them, blank while the row is: every other row
            total.value = f"=SUM({parts})" if x % 2 else f'=IF(COUNT({parts}),SUM({parts}),"")'


def _t4_formulas(ws: Worksheet, top: int, left: int) -> None:
    """Table 四's 总计 cells as the sum of the four results before them, written with +."""
    x = top + 3
    for group in range(3):
        cols = [get_column_letter(left + group * 5 + i) for i in range(4)]
        ws.cell(x, left + group * 5 + 4, "=" + "+".join(f"{c}{x}" for c in cols))


def render_workbook(cells: dict, spec: FormatSpec, agency: str, year: int, layout: str = "sheets",
                    formulas: bool = False, offset: int = 0, seed: int = 0, variants: tuple[str, ...] = ()) -> bytes:
    rnd = Renderer(random.Random(seed), set(variants))
    wb = Workbook()
    title = f"{agency}{year}年政府信息公开工作年度报告"
    intro = (f"本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{year}年1月1日起"
             f"至{year}年12月31日止。")
    tables = [t2_rows(cells, spec, rnd), t3_rows(cells, spec, rnd, "collapsed" in variants, "blank-merged" in variants),
              t4_rows(cells, spec)]
    ws = wb.active
    ws.title = "说明" if layout == "sheets" else "年度报告"
    ws.cell(1 + offset, 1 + offset, title)
    ws.merge_cells(start_row=1 + offset, start_column=1 + offset, end_row=1 + offset, end_column=10 + offset)
    ws.cell(2 + offset, 1 + offset, intro)
    x = 4 + offset
    for i, (heading, rows) in enumerate(zip(HEADINGS, tables, strict=True)):
        if layout == "sheets":
            ws = wb.create_sheet(["表二", "表三", "表四"][i])
            x = 1 + offset
        ws.cell(x, 1 + offset, heading)
        place(ws, rows, x + 1, 1 + offset)
        if formulas and i == 1:
            _t3_formulas(ws, x + 1, 1 + offset, len(rows), 2 if "width2" in variants else 3)
        if formulas and i == 2:
            _t4_formulas(ws, x + 1, 1 + offset)
        x += len(rows) + 2
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def generate_xlsx(seed: int, version: str, layout: str = "sheets", formulas: bool = False,
                  offset: int = 0, variants: tuple[str, ...] = ()) -> XlsxReport:
    """A random consistent report in ``version`` laid out as a workbook."""
    rng = random.Random(seed)
    spec = load_format(version)
    collapsed = "collapsed" in variants
    cells = random_cells(spec, rng, scale=rng.choice([10, 400, 20000]), collapsed=collapsed)
    if "blank-merged" in variants:
        blank_merged_outcomes(cells, spec)
    agency = rng.choice(AGENCIES)
    year = rng.randint(2021, 2025) if version == "2021" else rng.choice([2019, 2020])
    data = render_workbook(cells, spec, agency, year, layout, formulas, offset, seed, variants)
    keys = set(spec.keys(frozenset({"other"}) if collapsed else frozenset()))
    return XlsxReport(data, {k: v for k, v in cells.items() if k in keys},
                      {"agency": agency, "year": year, "format": version})
