"""The XLSX template an office fills in (`gongkai template`): the statutory tables as the report
workbook draws them (``report_xlsx.draw``), made for typing into.

- Sheet 基本信息 holds the meta block the office fills (单位名称, 报告年度, 成文日期; the format
  version is shown and locked: the tables below are drawn for it) and the filling notes.
- Cells the office types are unlocked and pale yellow, with data validation: counts are
  non-negative integers, 万元 amounts non-negative with at most four decimals (shown with
  four), the 2019 format's 本年增/减 whole numbers of either sign.
- Totals are formulas, locked and grey, so they show the sum as the office types: every
  row's 总计 (the six applicant columns), （七）总计 (the outcome rows, column by column), and
  each 总计 of table 四. Under table 三 a 勾稽关系核对 row says per column whether
  本年新收 + 上年结转 = （七）总计 + 结转下年度 (相符, or 不符 over the difference, in red).
- Label cells are locked; every sheet is protected *without a password* (so a layout cannot
  be broken by a slip, yet an office that must can lift it: 审阅 → 撤销工作表保护), and the
  workbook's structure too (sheets cannot be deleted or reordered).

The contract with ``gongkai.author.template.read_template``, carried by the file itself as
defined names: ``gongkai_t2`` / ``gongkai_t3`` / ``gongkai_t4`` name the top-left cell of each
grid, and ``gongkai_agency``, ``gongkai_year``, ``gongkai_format``, ``gongkai_published`` the
meta cells. Every formula has the one form ``=IF(COUNT(refs),SUM(refs),"")`` (blank while its
parts are), which the reader computes itself where no spreadsheet has cached a value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.output.report_xlsx import (
    BORDER,
    GRID_TOP,
    NOTE_FONT,
    TABLE_FONT,
    Drawn,
    Grid,
    draw,
    font,
    new_workbook,
    page_setup,
    report_title,
    save,
)
from gongkai.spec import FormatSpec, load_format

META_SHEET = "基本信息"
NAME_PREFIX = "gongkai_"
FORMAT_DOCUMENTS = {"2021": "国办公开办函〔2021〕30号", "2019": "国办公开办函〔2019〕60号（试行）"}
INPUT_FILL = PatternFill("solid", fgColor="FFF8D6")
FORMULA_FILL = PatternFill("solid", fgColor="E8E8E8")
UNLOCKED = Protection(locked=False)
CHECK_LABEL = "勾稽关系核对：一＋二应等于（七）＋四（不符时其下为一＋二减（七）＋四之差）"
NOTES = (
    "填报说明",
    "1. 黄色单元格由本机关填写；灰色单元格为自动合计（各行“总计”、（七）总计、表四各“总计”），不需填写。",
    "2. 件数填写非负整数；金额以万元为单位，最多保留4位小数；2019年格式“本年增/减”减少的填负数。没有发生的填0。",
    "3. 表三下方“勾稽关系核对”一行逐列核对：第一项加第二项之和应等于第三项加第四项之和，显示“不符”时请核对台账。",
    "4. 工作表已保护（无密码），以免误改表格结构；确需修改时可在“审阅”中撤销工作表保护。",
    "5. 填好并保存后，可用 gongkai render 本文件 --to docx -o 报告.docx 生成年度报告。",
)


def template(grids: Iterable[Grid], version: str, year: int, agency: str | None = None) -> bytes:
    """The template of format ``version`` for ``year`` (``agency`` filled in when given), its
    tables drawn on ``grids`` (``author.layout.tables(version)``)."""
    spec = load_format(version)
    meta = {"agency": agency, "year": year}
    wb = new_workbook(f"{report_title(meta)}（填报模板）")
    _meta_sheet(wb, version, year, agency)
    sums = totals(spec)
    for grid in grids:
        drawn = draw(wb, grid, report_title(meta), {})
        _inputs(drawn, sums, spec)
        _formulas(drawn, sums)
        if grid.table == "t3":
            _check_row(drawn, spec)
        ws = drawn.sheet
        if grid.header_rows:  # the headers stay in view while typing (and table 三's labels)
            ws.freeze_panes = ws.cell(GRID_TOP + grid.header_rows, 4 if grid.table == "t3" else 1).coordinate
        _name(wb, grid.table, ws, f"A{GRID_TOP}")
        page_setup(drawn)
        _protect(ws)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    return save(wb)


def totals(spec: FormatSpec) -> dict[str, tuple[str, ...]]:
    """Each total cell's key and the keys it sums: every row's 总计 of table 三, （七）总计 in
    each applicant column, and each group's 总计 of table 四."""
    ids = spec.t3_identities
    out: dict[str, tuple[str, ...]] = {}
    for r in spec.t3_rows:
        if not r.extension:
            out[f"t3.{r.key}.{ids['row_total']}"] = tuple(f"t3.{r.key}.{c}" for c in spec.t3_parts)
    for c in spec.t3_parts:
        out[f"t3.{ids['outcome_total']}.{c}"] = tuple(f"t3.{o}.{c}" for o in ids["outcomes"])
    *parts, total = spec.t4_columns
    for g in spec.t4_groups:
        out[f"t4.{g}.{total}"] = tuple(f"t4.{g}.{c}" for c in parts)
    return out


def refs(coordinates: Sequence[str]) -> str:
    """Cell references as a formula's argument list, runs down a column or along a row joined
    into ranges: ``D6:D26``, ``D5:I5``, ``D5,D9``."""
    cells = [(column_index_from_string(c), r) for c, r in map(coordinate_from_string, coordinates)]
    along_row = len({r for _, r in cells}) == 1
    runs: list[list[tuple[int, int]]] = []
    for column, row in cells:
        last = runs[-1][-1] if runs else None
        if last and ((along_row and last == (column - 1, row)) or (not along_row and last == (column, row - 1))):
            runs[-1].append((column, row))
        else:
            runs.append([(column, row)])
    return ",".join(_ref(run[0]) + (f":{_ref(run[-1])}" if len(run) > 1 else "") for run in runs)


def _ref(cell: tuple[int, int]) -> str:
    return f"{get_column_letter(cell[0])}{cell[1]}"


def sum_formula(arguments: str) -> str:
    """The one formula form of the template: the sum, blank while every part is blank."""
    return f'=IF(COUNT({arguments}),SUM({arguments}),"")'


def _inputs(drawn: Drawn, sums: Mapping[str, tuple[str, ...]], spec: FormatSpec) -> None:
    """The cells the office types: unlocked, yellow, validated by kind."""
    signed = {r.cell_key("t2", c) for r in spec.t2_rows for c in r.signed}
    kinds: dict[str, list[str]] = {"count": [], "signed": [], "money": []}
    for key, coordinate in drawn.places.items():
        if key in sums:
            continue
        cell = drawn.sheet[coordinate]
        cell.protection, cell.fill = UNLOCKED, INPUT_FILL
        kinds["money" if key in drawn.money else "signed" if key in signed else "count"].append(coordinate)
    rules = []
    if kinds["count"]:
        rules.append((_validation("whole", "greaterThanOrEqual", "0", "请填写非负整数（件数），没有发生的填0。"),
                      kinds["count"]))
    if kinds["signed"]:
        rules.append((_validation("whole", "between", "-99999999", "请填写整数，减少的填负数。", "99999999"),
                      kinds["signed"]))
    # at most four places: a custom rule per cell (a decimal rule cannot count them)
    rules += [(_validation("custom", None, f"AND(ISNUMBER({c}),{c}>=0,ROUND({c},4)={c})",
                           "请填写以万元为单位的金额（非负，最多4位小数）。"), [c]) for c in kinds["money"]]
    for rule, coordinates in rules:
        drawn.sheet.add_data_validation(rule)
        for coordinate in coordinates:
            rule.add(coordinate)


def _validation(kind: str, operator: str | None, formula1: str, message: str,
                formula2: str | None = None) -> DataValidation:
    return DataValidation(type=kind, operator=operator, formula1=formula1, formula2=formula2, allow_blank=True,
                          showErrorMessage=True, errorStyle="stop", errorTitle="填写有误", error=message,
                          showInputMessage=False)


def _formulas(drawn: Drawn, sums: Mapping[str, tuple[str, ...]]) -> None:
    """The totals of this table as formulas over their parts' cells."""
    for key, parts in sums.items():
        if key not in drawn.places:
            continue
        cell = drawn.sheet[drawn.places[key]]
        cell.value = sum_formula(refs([drawn.places[p] for p in parts]))
        cell.fill = FORMULA_FILL


def _check_row(drawn: Drawn, spec: FormatSpec) -> None:
    """Under table 三: per column, whether 一 + 二 = （七） + 四, in words."""
    ws, grid = drawn.sheet, drawn.grid
    row = drawn.last_row + 1
    drawn.last_row = row
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    label = ws.cell(row, 1, CHECK_LABEL)
    label.font, label.alignment = font(NOTE_FONT, 10, bold=True), Alignment(horizontal="center", vertical="center",
                                                                             wrap_text=True)
    ws.row_dimensions[row].height = 48
    balance = spec.t3_identities["balance"]
    for i, column in enumerate(spec.t3_columns):
        places = [drawn.places[f"t3.{r}.{column}"] for r in (*balance["left"], *balance["right"])]
        a, b, c, d = (f"N({p})" for p in places)
        difference = f"{a}+{b}-{c}-{d}"
        cell = ws.cell(row, 4 + i, f'=IF(COUNT({",".join(places)})=0,"",IF({difference}=0,"相符",'
                                   f'"不符"&CHAR(10)&({difference})))')
        cell.font = font(TABLE_FONT, 9)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = FORMULA_FILL
    for k in range(1, grid.n_cols + 1):
        ws.cell(row, k).border = BORDER
    first, last = f"D{row}", f"{get_column_letter(grid.n_cols)}{row}"
    ws.conditional_formatting.add(f"{first}:{last}", FormulaRule(formula=[f'LEFT({first},2)="不符"'],
                                                                 font=Font(color="C00000", bold=True)))


def _meta_sheet(wb: Workbook, version: str, year: int, agency: str | None) -> None:
    """基本信息: what the office fills about the report, and how to fill the tables."""
    ws = wb.create_sheet(META_SHEET)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 12, 32
    ws.column_dimensions["C"].width = 44
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.merge_cells("A1:C1")
    ws["A1"] = "政府信息公开工作年度报告 · 基本信息"
    ws["A1"].font, ws["A1"].alignment = font(TABLE_FONT, 16, bold=True), Alignment(horizontal="center")
    ws.row_dimensions[1].height = 30
    rows = (("agency", "单位名称", agency, "报告标题中的机关名称，如：某某县人民政府"),
            ("year", "报告年度", year, "所报告的年度（整数）"),
            ("format", "表格格式", version, f"{FORMAT_DOCUMENTS.get(version, version)}；由模板确定，不可更改"),
            ("published", "成文日期", None, "报告的成文日期，如 2025-01-20"))
    for r, (name, label, value, hint) in enumerate(rows, 3):
        ws.cell(r, 1, label).font = font(TABLE_FONT, 11, bold=True)
        ws.row_dimensions[r].height = 22
        cell = ws.cell(r, 2, value)
        cell.font = font(TABLE_FONT, 11)
        ws.cell(r, 3, hint).font = font(NOTE_FONT, 9)
        for k in (1, 2):
            ws.cell(r, k).border = BORDER
        if name != "format":
            cell.protection, cell.fill = UNLOCKED, INPUT_FILL
        _name(wb, name, ws, cell.coordinate)
    years = _validation("whole", "between", "2008", "请填写报告年度（如 2024）。", "2100")
    dates = _validation("date", "greaterThan", "39448", "请填写日期，如 2025-01-20。")  # after 2008-01-01
    ws.add_data_validation(years)
    ws.add_data_validation(dates)
    years.add("B4")
    dates.add("B6")
    ws["B6"].number_format = "yyyy-mm-dd"
    for row in ws.iter_rows(min_row=3, max_row=6, max_col=3):
        for cell in row:
            cell.alignment = Alignment(horizontal="left", vertical="center")
    for r, text in enumerate(NOTES, 9):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        cell = ws.cell(r, 1, text)
        cell.font = font(NOTE_FONT, 10, bold=r == 9)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 36 if r > 9 else 18
    _protect(ws)


def _name(wb: Workbook, name: str, ws: Worksheet, coordinate: str) -> None:
    """A workbook-level defined name for one cell: how the reader finds it."""
    column, row = coordinate_from_string(coordinate)
    full = f"{NAME_PREFIX}{name}"
    wb.defined_names[full] = DefinedName(full, attr_text=f"{quote_sheetname(ws.title)}!${column}${row}")


def _protect(ws: Worksheet) -> None:
    """Sheet protection without a password; columns and rows may still be resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
