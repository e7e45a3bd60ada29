"""A region's summary workbook: one row per body and year — who published, who is late or
missing, how many problems each report has by severity — with 已退回 and 已整改 columns: filled
from the rectification loop where the office records it (the date of the last 退回清单; 全部整改
once the corrected version has closed everything sent, else 待整改 N 条 in 备注), or ticked by
hand as it sends lists back and gets corrected reports in.

The totals row counts with SUBTOTAL, so that it follows the autofilter (filter the 街道 or
the bodies with errors, and the totals are theirs) and the ticks people add; the finding
counts of each row are plain numbers. Pure: rows in (``SummaryRow``), bytes out.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gongkai.output.returns import BORDER, FONT, HEAD_FILL, HEADING_FONT, chinese_date
from gongkai.records import SummaryRow
from gongkai.version import __version__

STATUS_ZH = {"published": "已公开", "late": "逾期公开", "missing": "未公开", "unknown": "未核实"}
# meta.body_type (and the kinds the bodies table adds); anything else is shown as it is.
BODY_TYPE_ZH = {"government": "人民政府", "township": "乡镇（街道）", "department": "政府部门",
                "general_office": "办公厅（室）", "development_zone": "开发区管委会", "ministry": "国务院部门",
                "other": "其他"}
COLUMNS = (("序号", 6), ("单位名称", 34), ("单位类型", 12), ("所属地区", 20), ("年度", 7), ("公开状态", 10),
           ("公开日期", 12), ("报告数", 7), ("错误", 7), ("警告", 7), ("提示", 7), ("问题合计", 9),
           ("已退回", 8), ("已整改", 8), ("备注", 24))
COUNTED = ("报告数", "错误", "警告", "提示", "问题合计")  # summed in the totals row
TICKED = ("已退回", "已整改")  # counted (non-blank) in the totals row
ALERT_FILL = PatternFill("solid", fgColor="FCE4D6")
KIND = "政府信息公开工作年度报告审核汇总表"


def title(rows: Sequence[SummaryRow], region: str | None = None) -> str:
    """``凉州区2024年度政府信息公开工作年度报告审核汇总表``; the years' span when several."""
    years = sorted({r.year for r in rows if r.year is not None})
    span = "" if not years else f"{years[0]}年度" if len(years) == 1 else f"{years[0]}—{years[-1]}年度"
    return f"{region or ''}{span}{KIND}"


def status_counts(rows: Sequence[SummaryRow]) -> str:
    """``已公开 12，逾期公开 1，未公开 2``: the statuses present, in a fixed order."""
    counts = Counter(r.status for r in rows)
    return "，".join(f"{zh} {counts[s]}" for s, zh in STATUS_ZH.items() if counts[s])


def row_values(n: int, r: SummaryRow) -> tuple[str | int | None, ...]:
    """A body's row, as the columns read."""
    return (n, r.name, BODY_TYPE_ZH.get(r.body_type or "", r.body_type or ""), r.region or "",
            r.year, STATUS_ZH.get(r.status, r.status), r.published or "", r.reports, r.errors, r.warnings,
            r.infos, r.errors + r.warnings + r.infos, r.returned, r.rectified if r.rectified == "全部整改" else "",
            "，".join(x for x in (r.note, r.rectified if r.rectified != "全部整改" else "") if x))


def xlsx(rows: Sequence[SummaryRow], issued: date, region: str | None = None) -> bytes:
    """The summary workbook: title, a line of what it holds, the frozen and filterable header,
    one row per body and year, a totals row; A4 landscape, one page wide."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "汇总"
    heading = title(rows, region)
    last = get_column_letter(len(COLUMNS))
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = heading
    ws["A1"].font = Font(name=HEADING_FONT, size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 32
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = (f"共 {len(rows)} 个单位（年度）：{status_counts(rows) or '无'}。统计日期：{chinese_date(issued)}。"
                "“已退回”“已整改”两栏由整改跟踪记录填写，未记录的可在退回清单发出、收到整改后的报告时填写（任意内容即计数）。")
    ws["A2"].font = Font(name=FONT, size=10)
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[2].height = 30
    header = 3
    for c, (name, width) in enumerate(COLUMNS, 1):
        cell = ws.cell(header, c, name)
        cell.font, cell.fill, cell.border = Font(name=HEADING_FONT, size=10, bold=True), HEAD_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[header].height = 22
    first = header + 1
    for n, r in enumerate(rows, 1):
        ws.row_dimensions[first + n - 1].height = 18
        for c, value in enumerate(row_values(n, r), 1):
            cell = ws.cell(first + n - 1, c, value)
            cell.border = BORDER
            cell.font = Font(name=FONT, size=10, color="C00000" if c == 6 and r.status in ("late", "missing") else None)
            cell.alignment = Alignment(horizontal="left" if c in (2, 3, 4, 15) else "center", vertical="center",
                                       wrap_text=True)
            if c == 9 and r.errors:
                cell.fill = ALERT_FILL
    end = first + len(rows) - 1
    totals = end + 1
    _totals(ws, totals, first, end)
    ws.freeze_panes = f"C{first}"  # the header row and the body's name stay in view
    ws.auto_filter.ref = f"A{header}:{last}{max(end, header)}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header}:{header}"
    ws.print_area = f"A1:{last}{totals}"
    ws.oddHeader.center.text = heading.replace("&", "&&")
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.right.text = f"gongkai {__version__} 生成"
    wb.properties.title, wb.properties.creator = heading, f"gongkai {__version__}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _totals(ws: object, r: int, first: int, end: int) -> None:
    """合计: SUBTOTAL over the visible rows (109: sum, 103: count of non-blank cells)."""
    names = [name for name, _ in COLUMNS]
    for c in range(1, len(COLUMNS) + 1):
        name = names[c - 1]
        letter = get_column_letter(c)
        value: str | None = None
        if c == 2:
            value = "合计"
        elif name in COUNTED and end >= first:
            value = f"=SUBTOTAL(109,{letter}{first}:{letter}{end})"
        elif name in TICKED and end >= first:
            value = f"=SUBTOTAL(103,{letter}{first}:{letter}{end})"
        cell = ws.cell(r, c, value)  # type: ignore[attr-defined]
        cell.font = Font(name=HEADING_FONT, size=10, bold=True)
        cell.fill, cell.border = HEAD_FILL, BORDER
        cell.alignment = Alignment(horizontal="left" if c == 2 else "center", vertical="center")
