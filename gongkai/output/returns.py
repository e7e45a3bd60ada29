"""The 退回清单: what a reviewing office (政务公开办) sends back to a body with its annual report,
one row per finding, as an XLSX workbook (here) or a Word document (``returns_docx``).

Wording. The list goes with the report back to the body that wrote it, so its title names
the report as the body titled it — the form prescribes "XX2024年政府信息公开工作年度报告" — and
says what is asked of it: ``XX2024年政府信息公开工作年度报告退回修改清单``. It is not worded
"XX关于…" (the voice of a document the body issues), and the reviewing office, which gongkai
does not know, signs it as it signs its other papers. The particulars under the title (报送
单位, 报告年度, 来源文件, 检查日期, 问题数) let a clerk match it to the report in hand.

Each finding's row: 序号; 位置 (the cells as the form prints their labels, then the place in
the file as ``locations`` tells it: page, table and row, paragraph, line); 问题 (the message);
应为 and 报告所填; 规则 (code and Chinese title); 依据/说明 (the basis section of the rule's doc);
严重程度 in Chinese; and an empty 整改情况 column for the body's answer. Pure functions: the
data in (``BodyReports``, rule docs, the date), bytes out.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from rich.cells import cell_len

from gongkai.model import Finding
from gongkai.output.findings import SEVERITY_ZH
from gongkai.output.locations import describe
from gongkai.records import REVIEW_STATE_NAMES, REVIEW_STATES, BodyReports, StoredReport
from gongkai.rules import REGISTRY
from gongkai.rules.catalog import show
from gongkai.spec.labels import cell_label
from gongkai.version import __version__

KIND = "退回修改清单"
# (heading, width in Excel character units): a CJK character takes two.
# About 150 units fill an A4 landscape page at 90 %: the text prints at a readable size.
COLUMNS = (("序号", 6), ("位置", 26), ("问题", 34), ("应为", 8), ("报告所填", 9), ("规则", 17),
           ("依据/说明", 30), ("严重程度", 8), ("整改情况", 18))
SHOWN_CELLS = 3  # cell labels named in 位置; of more, the first is named and the rest counted
SHORT_VALUE = 24  # characters of a value shown in 应为/报告所填 (a passage is left to the message)
NO_FINDINGS = "经检查，未发现需要整改的问题。"
REOPENED = "上次退回后仍未整改"
INSTRUCTION = ("请逐条核对原文和统计台账，在“整改情况”栏写明整改结果（已改正，或无需改正及理由），"
               "连同修改后的报告一并报回。“应为”是按表内勾稽关系或法定格式推算的数值，以原始台账为准。")
FONT, HEADING_FONT = "宋体", "黑体"


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """What a 清单 says of a rule: its Chinese title and the basis it rests on."""

    code: str
    title: str
    basis: str


@dataclass(frozen=True, slots=True)
class ReturnRow:
    """One finding as a 清单 row, every field the text of its column (整改情况 left blank)."""

    number: int
    place: str
    problem: str
    expected: str
    actual: str
    rule: str
    basis: str
    severity: str

    def cells(self) -> tuple[str | int, ...]:
        return (self.number, self.place, self.problem, self.expected, self.actual, self.rule, self.basis,
                self.severity, "")


def rule_docs(codes: Iterable[str] | None = None) -> dict[str, RuleDoc]:
    """The catalog's rules (or those of ``codes``) as a 清单 cites them."""
    return {c: RuleDoc(c, REGISTRY[c].title, basis(REGISTRY[c].doc()))
            for c in (codes if codes is not None else REGISTRY) if c in REGISTRY}


def basis(doc: str) -> str:
    """The Chinese paragraph of a rule doc's ``## 依据 / Basis`` section, its wrapped lines
    joined (a CJK line break is no space)."""
    section = doc.partition("## 依据 / Basis")[2].strip()
    first = section.split("\n\n", 1)[0]
    return re.sub(r"\s*\n\s*", lambda m: "" if _cjk_join(first, m) else " ", first).strip()


def _cjk_join(text: str, m: re.Match[str]) -> bool:
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    return not (before.isascii() and after.isascii())


def title(sheet: BodyReports) -> str:
    """``XX2024年政府信息公开工作年度报告退回修改清单`` (the year left out when unknown)."""
    year = f"{sheet.year}年" if sheet.year is not None else ""
    return f"{sheet.name}{year}政府信息公开工作年度报告{KIND}"


def particulars(sheet: BodyReports, issued: date) -> list[tuple[str, str]]:
    """The (label, text) lines under the title; 审核情况 where reviewers decided findings."""
    counts = severity_counts(f for r in sheet.reports for f, _ in listed(r))
    total = sum(counts.values())
    found = (f"共 {total} 条：错误 {counts['error']} 条，警告 {counts['warning']} 条，提示 {counts['info']} 条"
             if total else "无")
    sources = "；".join(source_line(r) for r in sheet.reports)
    lines = [("报送单位", sheet.name), ("报告年度", f"{sheet.year}年" if sheet.year is not None else "未注明"),
             ("来源文件", sources), ("检查日期", chinese_date(issued)), ("发现问题", found)]
    states = Counter(s for r in sheet.reports for s in r.states if s != "open")
    if states:
        lines.append(("审核情况", "，".join(f"{REVIEW_STATE_NAMES[s]} {states[s]} 条" for s in REVIEW_STATES
                                         if states[s]) + ("（已排除的不列入本清单）" if states["dismissed"] else "")))
    return lines


def listed(report: StoredReport) -> list[tuple[Finding, str]]:
    """The findings a 清单 lists with their states in the loop: all but those a reviewer
    dismissed (a report read without states: all, open)."""
    states = report.states or ("open",) * len(report.findings)
    return [(f, s) for f, s in zip(report.findings, states, strict=True) if s != "dismissed"]


def source_line(report: StoredReport) -> str:
    """A report's file by its name (the stored path is the reviewer's, not the body's), with
    its printed title and date where known."""
    extra = "，".join(x for x in (f"标题《{report.title}》" if report.title else "",
                                  f"成文日期 {report.published}" if report.published else "") if x)
    return os.path.basename(report.source) + (f"（{extra}）" if extra else "")


def chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity] += 1
    return counts


def rows(report: StoredReport, docs: Mapping[str, RuleDoc], start: int = 1) -> list[ReturnRow]:
    """The report's findings as rows (``listed``), numbered from ``start``, in the report's
    order; one still there after the body's correction says so."""
    out = []
    for i, (f, state) in enumerate(listed(report), start):
        doc = docs.get(f.code)
        expected, actual = values(f)
        problem = f"（{REOPENED}）{f.message}" if state == "reopened" else f.message
        out.append(ReturnRow(i, place(f, report.format), problem, expected, actual,
                             f"{f.code} {doc.title}" if doc else f.code, doc.basis if doc else "",
                             SEVERITY_ZH.get(f.severity, f.severity)))
    return out


def place(f: Finding, version: str | None) -> str:
    """The cells by their printed labels (the first few), then where in the file."""
    if len(f.cells) <= SHOWN_CELLS:
        lines = [cell_label(k, version) for k in f.cells]
    else:  # an identity over many cells names the one most likely wrong first
        lines = [cell_label(f.cells[0], version), f"（及相关的{len(f.cells) - 1}个单元格）"]
    where = describe(f)
    if where.isdigit():  # a text file's line
        where = f"第{where}行"
    if where != "-":
        lines.append(where)
    if f.other is not None:  # a cross-year finding: the report it was compared with
        lines.append(compared_with(f))
    return "\n".join(lines) or "全文"


def compared_with(f: Finding) -> str:
    """The other report a cross-year or corpus finding names, as the 清单 tells it."""
    assert f.other is not None
    year = f"{f.other.year}年报告" if f.other.year is not None else "报告"
    return f"对照：{year}（{os.path.basename(f.other.source)}）"


def values(f: Finding) -> tuple[str, str]:
    """应为 and 报告所填 as text. A number or a short text is shown; a value the finding does
    not assert is blank, and so is a list or a passage (the message says it: a text rule's
    "actual" is often what is missing, not what is printed); a blank cell is 空."""
    expected, actual = _value(f.expected), _value(f.actual)
    if f.actual is None and expected:
        actual = "空"
    return expected, actual


def _value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, (list, tuple)) and all(isinstance(x, (int, float)) for x in v):
        text = "、".join(show(x) for x in v)
    elif isinstance(v, (int, float, str)):
        text = show(v)
    else:
        return ""
    return text if len(text) <= SHORT_VALUE else ""


def file_names(sheets: Iterable[BodyReports], suffix: str) -> list[str]:
    """One file name per 清单, from the body's name made safe (no path separators, no control
    or reserved characters, no leading dot, bounded), unique among them."""
    out: list[str] = []
    for sheet in sheets:
        stem = f"{safe_name(sheet.name)}-{sheet.year if sheet.year is not None else '年度不详'}-{KIND}"
        name, n = f"{stem}.{suffix}", 2
        while name in out:
            name, n = f"{stem}-{n}.{suffix}", n + 1
        out.append(name)
    return out


def safe_name(name: str, limit: int = 60) -> str:
    """A body's name as a file name's part: characters no file system takes (/ \\ : * ? " < > |,
    control characters) become ``_``, leading dots and spaces go, and it is cut to ``limit``."""
    text = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]', "_", name).strip().lstrip(".").strip()
    return text[:limit] or "未署名单位"


# -- XLSX -------------------------------------------------------------------------------------

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
SEVERITY_COLOR = {"错误": "C00000", "警告": "9C5700", "提示": "1F4E79"}
LINE_PT = 13.5  # points a wrapped line of 10-point text takes
# Column units a character of 10-point text takes, per display column (a CJK character is
# two). Excel's unit is a digit of the workbook's default font (Calibri 11, 7 px) and a 10-point
# 宋体 character is 13.3 px: 0.95. LibreOffice sets CJK narrower (0.72): rows there get some
# room to spare, which is better than a last line cut off in Excel.
UNITS_PER_COLUMN = 0.95


def xlsx(sheet: BodyReports, issued: date, docs: Mapping[str, RuleDoc] | None = None) -> bytes:
    """The 清单 as an XLSX workbook: title and particulars, the frozen header row, one bordered,
    wrapped row per finding, A4 landscape fitted to the page width, the header row repeated
    on every printed page, page numbers in the footer."""
    docs = rule_docs() if docs is None else docs
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = KIND
    last = get_column_letter(len(COLUMNS))
    heading = title(sheet)
    _merged(ws, 1, heading, Font(name=HEADING_FONT, size=16, bold=True), "center", height=34)
    r = 2
    for label, text in particulars(sheet, issued):
        _merged(ws, r, f"{label}：{text}", Font(name=FONT, size=10), "left")
        r += 1
    _merged(ws, r, INSTRUCTION, Font(name=FONT, size=10), "left")
    header = r + 1
    for c, (name, width) in enumerate(COLUMNS, 1):
        cell = ws.cell(header, c, name)
        cell.font, cell.fill, cell.border = Font(name=HEADING_FONT, size=10, bold=True), HEAD_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[header].height = 20
    ws.freeze_panes = f"A{header + 1}"
    r = header + 1
    number = 1
    for report in sheet.reports:
        if len(sheet.reports) > 1:
            _merged(ws, r, f"来源文件：{source_line(report)}", Font(name=HEADING_FONT, size=10, bold=True), "left",
                    bordered=True)
            r += 1
        for row in rows(report, docs, number):
            _finding_row(ws, r, row)
            r, number = r + 1, number + 1
    if number == 1:
        _merged(ws, r, NO_FINDINGS, Font(name=FONT, size=10), "center", bordered=True)
    _page_setup(ws, header, heading, sheet.name, issued, f"A1:{last}{max(r, header + 1)}")
    wb.properties.title, wb.properties.creator = heading, f"gongkai {__version__}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _merged(ws: Any, r: int, text: str, font: Font, horizontal: str, height: float | None = None,
            bordered: bool = False) -> None:
    """A line of text across every column (title, particulars, a source's sub-heading)."""
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(COLUMNS))
    cell = ws.cell(r, 1, text)
    cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    if bordered:
        for c in range(1, len(COLUMNS) + 1):
            ws.cell(r, c).border = BORDER
    total = sum(w for _, w in COLUMNS)
    ws.row_dimensions[r].height = height or max(18.0, LINE_PT * _lines(text, total) + 4)


def _finding_row(ws: Any, r: int, row: ReturnRow) -> None:
    """One finding: bordered, wrapped, top-aligned; numbers and severity centred; the row as
    tall as its longest cell needs (openpyxl cannot measure text: estimated by display width)."""
    lines = 1
    for c, (value, (_, width)) in enumerate(zip(row.cells(), COLUMNS, strict=True), 1):
        cell = ws.cell(r, c, value)
        centred = c in (1, 4, 5, 8)
        cell.alignment = Alignment(horizontal="center" if centred else "left", vertical="top", wrap_text=True)
        cell.border = BORDER
        color = SEVERITY_COLOR.get(row.severity) if c == 8 else None
        cell.font = Font(name=FONT, size=10, bold=color is not None, color=color)
        lines = max(lines, _lines(str(value), width))
    ws.row_dimensions[r].height = LINE_PT * lines + 4


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` character units wide."""
    usable = max(1.0, width - 1.5)
    return sum(max(1, math.ceil(cell_len(part) * UNITS_PER_COLUMN / usable)) for part in text.split("\n"))


def _page_setup(ws: Any, header: int, heading: str, body: str, issued: date, area: str) -> None:
    """A4 landscape, one page wide, the header row on every page; page header and footer."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.print_title_rows = f"{header}:{header}"
    ws.print_area = area
    ws.oddHeader.center.text = _escape(heading)
    ws.oddHeader.center.size = 9
    ws.oddFooter.left.text = _escape(f"{body}　检查日期：{chinese_date(issued)}")
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.right.text = _escape(f"gongkai {__version__} 生成")
    for part in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right):
        part.size = 9


def _escape(text: str) -> str:
    """Text for a page header or footer, where ``&`` starts a code."""
    return text.replace("&", "&&")
