"""A generated report's text, built once as blocks (headings, paragraphs, tables as rows of
cell texts) and printed in one of the forms bodies publish: a text file (tab or pipe
delimited tables), an HTML page, a DOCX made with python-docx, a PDF made with reportlab
and the CJK font (the one the PDF reader tests render with).
"""

from __future__ import annotations

import html
import io
import os
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from generators.synth import T2_PRINTED, T3_PRINTED, T4_HEADER, Cells, Value, t3_row_keys
from gongkai.spec import FormatSpec

FORMS = ("text", "html", "docx", "pdf")
SUFFIX = {"text": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf"}
FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT = "WQY"
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass
class Blocks:
    """A report as printed, in order: ``("title" | "h" | "p", text)`` or ``("table", rows)``."""

    items: list[tuple[str, object]] = field(default_factory=list)

    def add(self, kind: str, content: object) -> None:
        self.items.append((kind, content))


def num(v: Value) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    return str(v)


def t2_rows(cells: Cells, spec: FormatSpec) -> list[list[str]]:
    """Table 二 as four columns: each caption, its header, its rows."""
    out: list[list[str]] = []
    for caption, header, rows in T2_PRINTED[spec.version]:
        out.append([caption, "", "", ""])
        out.append(header + [""] * (4 - len(header)))
        for key, label in rows:
            row = next(r for r in spec.t2_rows if r.key == key)
            vals = [num(cells[f"t2.{key}.{c}"]) for c in row.columns]
            out.append([label, *vals] + [""] * (3 - len(vals)))
    return out


def t3_rows(cells: Cells, spec: FormatSpec) -> list[list[str]]:
    """Table 三 as nine columns (group label, item label, seven numbers) under its header."""
    out = [[T3_NOTE, "", "申请人情况", "", "", "", "", "", ""],
           ["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
           ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]]
    for k in t3_row_keys(spec, collapsed=False):
        group, label = T3_PRINTED[k]
        out.append([group, label, *(num(cells[f"t3.{k}.{c}"]) for c in spec.t3_columns)])
    return out


def t4_rows(cells: Cells, spec: FormatSpec) -> list[list[str]]:
    """Table 四: its three header rows and the fifteen numbers."""
    out = [(h.split("\t") + [""] * 15)[:15] for h in T4_HEADER]
    out.append([num(cells[f"t4.{g}.{c}"]) for g in spec.t4_groups for c in spec.t4_columns])
    return out


def render(blocks: Blocks, form: str, style: str = "tabs") -> bytes:
    """The file's bytes in ``form``; ``style`` (``tabs`` or ``pipes``) for a text file."""
    if form == "text":
        return _text(blocks, style).encode("utf-8")
    if form == "html":
        return _html(blocks).encode("utf-8")
    if form == "docx":
        return _docx(blocks)
    if form == "pdf":
        return _pdf(blocks)
    raise ValueError(f"unknown form {form!r}")


def _text(blocks: Blocks, style: str) -> str:
    out = []
    for kind, content in blocks.items:
        if kind != "table":
            out.append(str(content))
            continue
        rows = content
        assert isinstance(rows, list)
        if style == "pipes":
            out.append("\n".join("| " + " | ".join(r) + " |" for r in rows))
        else:
            out.append("\n".join("\t".join(r) for r in rows))
    return "\n\n".join(out) + "\n"


def _html(blocks: Blocks) -> str:
    body = []
    for kind, content in blocks.items:
        if kind == "table":
            assert isinstance(content, list)
            trs = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>\n" for r in content)
            body.append(f"<table border=\"1\">\n{trs}</table>")
        else:
            tag = {"title": "h1", "h": "h2"}.get(kind, "p")
            body.append(f"<{tag}>{html.escape(str(content))}</{tag}>")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>政府信息公开工作年度报告</title>"
            "</head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def _docx(blocks: Blocks) -> bytes:
    from docx import Document

    doc = Document()
    for kind, content in blocks.items:
        if kind != "table":
            doc.add_paragraph(str(content))
            continue
        assert isinstance(content, list)
        table = doc.add_table(rows=len(content), cols=len(content[0]))
        for row, texts in zip(table.rows, content, strict=True):  # (table.cell(r, c) walks the grid each call)
            for cell, text in zip(row.cells, texts, strict=True):
                if text:
                    cell.paragraphs[0].text = text
    doc.core_properties.created = doc.core_properties.modified = datetime(2025, 1, 1)
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_times(buf.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The ZIP again with every member dated 1980-01-01 (python-docx stamps the time of
    saving): the same arguments must write the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@cache
def _font() -> str:
    """The CJK font registered with reportlab (a missing font is an error, never a skip)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not os.path.exists(FONT_FILE):
        raise RuntimeError(f"CJK font {FONT_FILE} is missing: apt-get install -y fonts-wqy-microhei")
    pdfmetrics.registerFont(TTFont(FONT, FONT_FILE, subfontIndex=0))
    return FONT


WIDTHS = {4: [150, 110, 110, 110], 9: [56, 150, 38, 38, 38, 38, 38, 38, 44], 15: [33] * 15}


def _pdf(blocks: Blocks) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = _font()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=18, wordWrap="CJK")
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=24, alignment=1, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
    story: list = []
    for kind, content in blocks.items:
        if kind != "table":
            story.append(Paragraph(html.escape(str(content)), title if kind == "title" else body))
            continue
        assert isinstance(content, list)
        data = [[Paragraph(html.escape(t), cell) if t else "" for t in row] for row in content]
        style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)])
        story.append(Table(data, colWidths=WIDTHS[len(content[0])], style=style))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=45, rightMargin=45, topMargin=50, bottomMargin=50,
                      invariant=1).build(story)
    return buf.getvalue()
