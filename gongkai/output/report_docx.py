"""The statutory document as a Word document (python-docx), laid out as an official document
is (GB/T 9704 in spirit): A4, margins 上37mm 下35mm 左28mm 右26mm, the title in 方正小标宋简体
二号, section headings in 黑体 三号, the text in 仿宋_GB2312 三号 at a fixed 28 pt line, page
numbers in the footer (— 1 —), and the three tables in the form's merged-cell layout with their
header rows repeated on every page and no row split across pages.

Each font is named for East Asian text too (``w:eastAsia``; otherwise Word shows CJK in its
default font), with the Latin text in Times New Roman. Where the official fonts are not
installed, Word and LibreOffice (which makes the PDF) substitute a CJK font of the machine's:
LibreOffice through fontconfig (here WenQuanYi Micro Hei), so the PDF never shows empty boxes.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from gongkai.author.document import Block, Composed, cell_text
from gongkai.author.layout import TableGrid
from gongkai.output.docx_fields import docx_field
from gongkai.version import __version__

TITLE_FONT, HEADING_FONT, BODY_FONT, LATIN_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312", "Times New Roman"
TITLE_PT, TEXT_PT, TABLE_PT, FOOTER_PT = 22, 16, 9, 14
LINE_PT = 28  # 每页22行 at 三号
TEXT_WIDTH_MM = 210 - 28 - 26
CELL_MARGIN_TWIPS = 40
KEEP_TOGETHER_ROWS = 8  # 表四 (four rows); 表二 and 表三 break between rows like any long table
ROW_MM = 6  # at least: a row of 9 pt text with air above and below


def docx(doc: Composed) -> bytes:
    """The document as DOCX bytes."""
    word = Document()
    _page(word)
    kinds = [b.kind for b in doc.blocks]
    for i, block in enumerate(doc.blocks):
        previous, following = kinds[i - 1] if i else "", kinds[i + 1] if i + 1 < len(kinds) else ""
        if block.kind == "table" and block.grid is not None:
            _table(word, block.grid, doc)
            continue
        p = word.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(LINE_PT)
        fmt.space_before = fmt.space_after = Pt(0)
        font, size, indent = BODY_FONT, float(TEXT_PT), True
        if block.kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.line_spacing = Pt(36)
            fmt.space_after = Pt(LINE_PT)
            font, size, indent = TITLE_FONT, TITLE_PT, False
        elif block.kind == "heading":
            font = HEADING_FONT
        elif block.kind in ("signature", "unit"):
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            indent = False
            if block.kind == "unit":
                size = 10.5
                fmt.line_spacing = Pt(18)
        elif block.kind == "item":
            fmt.left_indent, fmt.first_line_indent = Pt(TEXT_PT * 3), Pt(-TEXT_PT)
            indent = False
            _run(p, "• ", BODY_FONT, TEXT_PT)
        if indent:
            fmt.first_line_indent = Pt(TEXT_PT * 2)
        if block.kind == "signature":
            fmt.right_indent = Pt(TEXT_PT * 2)
            if previous != "signature":
                fmt.space_before = Pt(LINE_PT)  # a blank line above the 落款
        if block.kind in ("heading", "subheading", "unit") or following == "signature":
            fmt.keep_with_next = True  # the 落款 never alone on the last page
        if block.kind == "title":
            _title(p, block.text)
            continue
        _runs(p, block, font, size, bold=block.kind == "subheading")
    word.core_properties.title = doc.title
    word.core_properties.author = f"gongkai {__version__}"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _page(word: DocxDocument) -> None:
    """A4 with the official margins, the default font and the footer's page number."""
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = LATIN_FONT, Pt(TEXT_PT)  # type: ignore[attr-defined]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(25)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(foot, "— ", "宋体", FOOTER_PT)
    docx_field(foot, "PAGE")
    _run(foot, " —", "宋体", FOOTER_PT)


def _title(p: Paragraph, text: str) -> None:
    """The title on two lines where it is long, broken before 政府信息公开工作年度报告 (a break
    inside a word is what a person notices first)."""
    head, sep, tail = text.partition("政府信息公开工作年度报告")
    if len(text) <= 16 or not sep or not head:
        _run(p, text, TITLE_FONT, TITLE_PT)
        return
    _run(p, head, TITLE_FONT, TITLE_PT)
    p.add_run().add_break()
    _run(p, sep + tail, TITLE_FONT, TITLE_PT)


def _runs(p: Paragraph, block: Block, font: str, size: float, bold: bool = False) -> None:
    for r in block.runs:
        _run(p, r.text, font, size, bold=bold or r.bold)


def _run(p: Paragraph, text: str, font: str, size: float, bold: bool = False) -> None:
    run = p.add_run(text)
    run.font.name, run.font.size, run.font.bold = LATIN_FONT, Pt(size), bold
    fonts = run.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:hint"), "eastAsia")


def _table(word: DocxDocument, grid: TableGrid, doc: Composed) -> None:
    """One statutory table: every GridCell merged over its span, its text centred; the header
    rows repeated on each page; rows kept whole."""
    table = word.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(grid.widths)
    widths = [Mm(TEXT_WIDTH_MM * w / total) for w in grid.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    # every cell taken once before merging (table.cell() walks the whole table each call);
    # the merges never overlap, so no merge touches another's cells
    places = [list(row.cells) for row in table.rows]
    for row_cells in places:
        for cell, width in zip(row_cells, widths, strict=True):
            cell.width = width
    _cell_margins(table)
    value_rows = {g.row for g in grid.cells if g.key}
    for g in grid.cells:
        cell = places[g.row][g.col]
        if g.rowspan > 1 or g.colspan > 1:
            cell = cell.merge(places[g.row + g.rowspan - 1][g.col + g.colspan - 1])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if g.key or g.row not in value_rows or g.colspan > 2 \
            else WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(1)
        # Word's way of keeping rows on one page: every paragraph of a row kept with the next.
        # A short table is kept whole with its unit; a long one breaks between rows, but never
        # after a row of labels only (a 第二十条 heading, a header) or before its last rows
        p.paragraph_format.keep_with_next = g.row + g.rowspan < grid.n_rows and (
            grid.n_rows <= KEEP_TOGETHER_ROWS or g.row not in value_rows or g.row >= grid.n_rows - 3)
        bold = g.key is None and (g.row < grid.header_rows or g.colspan == grid.n_cols) and g.colspan > 1
        _run(p, cell_text(g, doc), HEADING_FONT if bold else BODY_FONT, TABLE_PT)
    for i, row in enumerate(table.rows):
        row.height = Mm(ROW_MM)
        props = row._tr.get_or_add_trPr()
        if i < grid.header_rows:
            props.append(OxmlElement("w:tblHeader"))
        props.append(OxmlElement("w:cantSplit"))
    spacer = word.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.line_spacing = Pt(12)


def _cell_margins(table: Table) -> None:
    """Narrow cell margins: seven value columns of 11 mm must hold five digits at 9 pt."""
    props = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    props.append(margins)
