"""The 退回清单 as a Word document (python-docx): the same title, particulars and rows as the
XLSX (``returns``), laid out as an office prints a list it sends: A4 landscape, the title in
黑体, the text in 宋体 (set for East Asian text too, or Word shows CJK in its default font),
a bordered table whose header row repeats on every page and whose rows never split across
pages, the title in the page header and 第 X 页 共 Y 页 in the footer.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from gongkai.output.docx_fields import docx_field
from gongkai.output.returns import (
    COLUMNS,
    FONT,
    HEADING_FONT,
    INSTRUCTION,
    NO_FINDINGS,
    SEVERITY_COLOR,
    RuleDoc,
    chinese_date,
    particulars,
    rows,
    rule_docs,
    source_line,
    title,
)
from gongkai.records import BodyReports
from gongkai.version import __version__

PAGE_W, PAGE_H, MARGIN = Mm(297), Mm(210), Mm(15)
TEXT_PT, SMALL_PT = 10, 9
CENTRED = (0, 3, 4, 7)  # 序号, 应为, 报告所填, 严重程度
# Column widths (mm) filling the 267 mm between the margins; 序号 and the values narrow.
WIDTHS_MM = (11, 40, 52, 13, 13, 28, 50, 13, 47)
# Headings broken where a narrow column would break them mid-word (报告所 / 填).
HEADINGS = {"报告所填": "报告\n所填", "严重程度": "严重\n程度"}


def docx(sheet: BodyReports, issued: date, docs: Mapping[str, RuleDoc] | None = None) -> bytes:
    """The 清单 as a DOCX document's bytes."""
    docs = rule_docs() if docs is None else docs
    doc = Document()
    _page(doc, title(sheet), issued)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, title(sheet), HEADING_FONT, 18, bold=True)
    for label, text in particulars(sheet, issued):
        p = doc.add_paragraph()
        _run(p, f"{label}：", HEADING_FONT, TEXT_PT, bold=True)
        _run(p, text, FONT, TEXT_PT)
        p.paragraph_format.space_after = Pt(0)
    note = doc.add_paragraph()
    note.paragraph_format.space_before = Pt(4)
    _run(note, INSTRUCTION, FONT, SMALL_PT)
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(w) for w in WIDTHS_MM]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice lays out by (Word reads each cell's own)
    for cell, (name, _), width in zip(table.rows[0].cells, COLUMNS, widths, strict=True):
        cell.width = width
        _shade(cell._tc.get_or_add_tcPr())
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, HEADINGS.get(name, name), HEADING_FONT, TEXT_PT, bold=True)
    _row_flag(table, 0, "w:tblHeader")  # repeated at the top of every page
    number = 1
    for report in sheet.reports:
        if len(sheet.reports) > 1:
            _spanning(table, f"来源文件：{source_line(report)}", widths, bold=True)
        for row in rows(report, docs, number):
            cells = table.add_row().cells
            for i, (cell, value, width) in enumerate(zip(cells, row.cells(), widths, strict=True)):
                cell.width = width
                p = cell.paragraphs[0]
                if i in CENTRED:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                color = SEVERITY_COLOR.get(row.severity) if i == 7 else None
                _run(p, str(value), FONT, SMALL_PT, bold=color is not None, color=color)
            _row_flag(table, len(table.rows) - 1, "w:cantSplit")
            number += 1
    if number == 1:
        _spanning(table, NO_FINDINGS, widths)
    doc.core_properties.title = title(sheet)
    doc.core_properties.author = f"gongkai {__version__}"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc: DocxDocument, heading: str, issued: date) -> None:
    """A4 landscape; the default text 宋体 (East Asian too); page header and footer."""
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(TEXT_PT)  # type: ignore[attr-defined]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = Mm(18)
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(head, heading, FONT, SMALL_PT)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(foot, "第 ", FONT, SMALL_PT)
    docx_field(foot, "PAGE")
    _run(foot, " 页，共 ", FONT, SMALL_PT)
    docx_field(foot, "NUMPAGES")
    _run(foot, f" 页　　检查日期：{chinese_date(issued)}　　gongkai {__version__} 生成", FONT, SMALL_PT)


def _run(p: Paragraph, text: str, font: str, size: float, bold: bool = False, color: str | None = None) -> None:
    run = p.add_run(text)
    run.font.name, run.font.size, run.font.bold = font, Pt(size), bold
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def _shade(tc_pr: object) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "D9D9D9")
    tc_pr.append(shading)  # type: ignore[attr-defined]


def _row_flag(table: Table, index: int, tag: str) -> None:
    """Set a row property that is a bare flag (w:tblHeader, w:cantSplit)."""
    table.rows[index]._tr.get_or_add_trPr().append(OxmlElement(tag))


def _spanning(table: Table, text: str, widths: Sequence[Length], bold: bool = False) -> None:
    """A row of one cell across the table (a source's sub-heading, 未发现问题)."""
    cells = table.add_row().cells
    for cell, width in zip(cells, widths, strict=True):
        cell.width = width
    merged = cells[0].merge(cells[-1])
    p = merged.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if not bold else WD_ALIGN_PARAGRAPH.LEFT
    _run(p, text, HEADING_FONT if bold else FONT, TEXT_PT, bold=bold)
