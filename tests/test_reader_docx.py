"""The Word reader: whole reports rendered here as DOCX files (python-docx builds the tables
and merges their cells) in the official 2021 and 2019 layouts, read back through the
extractor cell by cell; the Lines it builds from merged cells, wrapped labels, text boxes,
revisions and numbering; legacy .doc and PDF made from them by LibreOffice; and files
that are not reports (corrupt, ZIP bombs, encrypted, empty, other ZIPs).

The LibreOffice tests are skipped only where soffice is missing outside CI; in CI
(``CI`` set) a missing LibreOffice fails them: ``apt-get install -y
libreoffice-writer-nogui fonts-wqy-microhei``.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import struct
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document as new_docx
from docx.oxml import parse_xml
from docx.shared import Pt

from conftest import refusal
from generators.render_html import Cell, Renderer, t2_rows, t3_rows, t4_rows
from generators.synth import AGENCIES, blank_merged_outcomes, random_cells
from gongkai import extract_document
from gongkai.readers import ReadError, legacy, read_bytes
from gongkai.readers.numbering import format_number
from gongkai.spec import load_format

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECLS = (f'xmlns:w="{W_NS}" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
           'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"')

VARIANTS = ("textbox-title", "wrapped-br", "wrapped-paras", "split-runs", "blank-merged", "split-table",
            "split-adjacent", "collapsed", "width2", "layout-table", "content-control", "revisions")


# ---------------------------------------------------------------------------------------------
# Rendering


@dataclass
class DocxReport:
    data: bytes
    cells: dict
    meta: dict
    variants: tuple[str, ...]


def _place(rows: list[list[Cell]]) -> list[tuple[int, int, Cell]]:
    """(row, col, cell) of each cell of an HTML-model table (rowspan/colspan)."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    return out


class _Writer:
    def __init__(self, rng: random.Random, variants: set[str]):
        self.rng, self.v = rng, variants

    def text(self, paragraph, s: str) -> None:
        """Runs of ``s``: cut into several runs (some bold) with split-runs."""
        if "split-runs" in self.v and len(s) > 3:
            cuts = sorted(self.rng.sample(range(1, len(s)), min(3, len(s) - 1)))
            for a, b in zip([0, *cuts], [*cuts, len(s)], strict=True):
                paragraph.add_run(s[a:b]).bold = self.rng.random() < 0.3
        else:
            paragraph.add_run(s)

    def cell_text(self, cell, c: Cell) -> None:
        p = cell.paragraphs[0]
        s = c.text
        wrap = [m for m in ("wrapped-br", "wrapped-paras") if m in self.v]
        if not c.value and not c.header and len(s) > 6 and wrap and self.rng.random() < 0.7:
            spots = [i for i in range(2, len(s) - 1) if not (s[i - 1].isascii() and s[i].isascii())]
            cut = self.rng.choice(spots)
            self.text(p, s[:cut])
            if self.rng.choice(wrap) == "wrapped-br":
                p.add_run().add_break()
                self.text(p, s[cut:])
            else:
                self.text(cell.add_paragraph(), s[cut:])
        elif s:
            self.text(p, s)

    def table(self, container, rows: list[list[Cell]], placed=None) -> None:
        placed = placed if placed is not None else _place(rows)
        nrows = max(r + c.rowspan for r, _, c in placed)
        ncols = max(col + c.colspan for _, col, c in placed)
        t = container.add_table(rows=nrows, cols=ncols)
        t.style = "Table Grid"
        grid = t._cells  # every position's cell, taken before merging (t.cell() recomputes it per call)
        for r, col, c in placed:
            cell = grid[r * ncols + col]
            if c.rowspan > 1 or c.colspan > 1:
                cell = cell.merge(grid[(r + c.rowspan - 1) * ncols + col + c.colspan - 1])
            self.cell_text(cell, c)
        if "revisions" in self.v:
            self.revise(t)
        return t

    def revise(self, table) -> None:
        """What Word keeps but does not print: a deleted number (tracked change), hidden text,
        a field's code (only its result prints)."""
        value_cells = [tc for tc in table._tbl.iter(f"{{{W_NS}}}tc") if tc.xpath("string(.)").strip().isdigit()]
        for tc in self.rng.sample(value_cells, min(3, len(value_cells))):
            p = tc.find(f"{{{W_NS}}}p")
            p.insert(0, parse_xml(f'<w:del {NSDECLS} w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z">'
                                  '<w:r><w:delText>8888</w:delText></w:r></w:del>'))
            p.append(parse_xml(f'<w:r {NSDECLS}><w:rPr><w:vanish/></w:rPr><w:t>777</w:t></w:r>'))

    def split(self, container, rows: list[list[Cell]], header_rows: int) -> None:
        """Table 三 as two tables cut at a row (as Word splits a table): merged cells crossing
        the cut continue, blank, in the second table; a paragraph between or none."""
        placed = _place(rows)
        cut = self.rng.randint(header_rows + 1, len(rows) - 1)
        first, second = [], []
        for r, col, c in placed:
            if r < cut:
                first.append((r, col, Cell(c.text, min(c.rowspan, cut - r), c.colspan, c.header, c.value)))
                if r + c.rowspan > cut:
                    second.append((0, col, Cell("", r + c.rowspan - cut, c.colspan)))
            else:
                second.append((r - cut, col, c))
        self.table(container, [], first)
        if "split-adjacent" not in self.v:
            container.add_paragraph()
        self.table(container, [], second)


def _textbox(title: str) -> str:
    """A floating text box holding the title, as Word writes it: DrawingML with a VML fallback
    (the title twice in the XML, printed once)."""
    box = (f'<w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr>'
           f'<w:t>{title}</w:t></w:r></w:p></w:txbxContent>')
    return (f'<w:r {NSDECLS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" '
            'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
            '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            '<wp:extent cx="5943600" cy="720000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
            '<wp:docPr id="101" name="Text Box 1"/><wp:cNvGraphicFramePr/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5943600" cy="720000"/>'
            '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
            f'<wps:txbx>{box}</wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" anchor="t"><a:noAutofit/>'
            '</wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            '<mc:Fallback><w:pict><v:shape id="Text Box 1" o:spid="_x0000_s1026" type="#_x0000_t202" '
            'style="position:absolute;margin-left:0;margin-top:0;width:468pt;height:56.7pt;z-index:251659264" '
            f'stroked="f"><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def generate_docx(seed: int, version: str, variants: tuple[str, ...] = ()) -> DocxReport:
    rng = random.Random(seed)
    spec = load_format(version)
    v = set(variants)
    collapsed = "collapsed" in v
    scale = rng.choice([10, 400, 20000, 999999])
    cells = random_cells(spec, rng, scale=scale, collapsed=collapsed)
    if "blank-merged" in v:
        blank_merged_outcomes(cells, spec)
    agency = rng.choice(AGENCIES)
    year = rng.randint(2021, 2025) if version == "2021" else rng.choice([2019, 2020])
    data = render_docx(cells, spec, rng, agency, year, v)
    keys = set(spec.keys(frozenset({"other"}) if collapsed else frozenset()))
    cells = {k: val for k, val in cells.items() if k in keys}
    return DocxReport(data, cells, {"agency": agency, "year": year, "format": version}, tuple(variants))


def render_docx(cells: dict, spec, rng: random.Random, agency: str, year: int, v: set[str]) -> bytes:
    doc = new_docx()
    doc.styles["Normal"].font.size = Pt(10.5)
    out = _Writer(rng, v)
    container = doc
    if "layout-table" in v:  # the whole report in one cell of a layout table
        frame = doc.add_table(rows=1, cols=1)
        container = frame.cell(0, 0)

    def para(s: str) -> None:
        p = container.add_paragraph() if container is doc or len(container.paragraphs[-1].text) else \
            container.paragraphs[-1]
        out.text(p, s)

    title = f"{agency}{year}年政府信息公开工作年度报告"
    if "textbox-title" in v:
        p = container.add_paragraph() if container is doc else container.paragraphs[0]
        p._p.append(parse_xml(_textbox(title)))
    else:
        para(title)
    para(f"本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
    para("一、总体情况")
    para(f"{year}年，我单位认真贯彻落实政务公开工作要求，持续推进主动公开、依申请公开各项工作。"
         f"本年新收政府信息公开申请{cells['t3.new_received.total']}件。")
    para("二、主动公开政府信息情况")
    rnd = Renderer(rng, v)
    out.table(container, t2_rows(cells, spec, rnd))
    para("三、收到和处理政府信息公开申请情况")
    t3 = t3_rows(cells, spec, rnd, "collapsed" in v, "blank-merged" in v)
    if "split-table" in v:
        out.split(container, t3, 3)
    else:
        out.table(container, t3)
    para("四、政府信息公开行政复议、行政诉讼情况")
    t4 = out.table(container, t4_rows(cells, spec))
    if "content-control" in v:  # table 四 inside a block content control
        sdt = parse_xml(f"<w:sdt {NSDECLS}><w:sdtPr><w:alias w:val=\"表四\"/></w:sdtPr><w:sdtContent/></w:sdt>")
        t4._tbl.addprevious(sdt)
        sdt[1].append(t4._tbl)
    para("五、存在的主要问题及改进情况")
    para("公开内容的深度和广度还需加强。下一步将健全工作机制，提升公开质量。")
    para("六、其他需要报告的事项")
    para("本年度未收取信息处理费。")
    para(agency)
    para(f"{year + 1}年1月{rng.randint(10, 28)}日")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Generated reports read back cell by cell


def check(data: bytes, cells: dict, meta: dict, name: str = "x.docx", form: str = "docx"):
    doc = read_bytes(data, name)
    assert doc.form == form
    assert all(line.number == i + 1 and len(line.text) == len(line.raw) for i, line in enumerate(doc.lines))
    got = extract_document(doc)
    national = {k for k in got.cells if not k.startswith("x.")}
    assert national == set(cells)
    wrong = {k: (got.cells[k], want) for k, want in cells.items() if got.cells[k] != want}
    assert wrong == {}, f"{len(wrong)} wrong (got, want): {dict(list(wrong.items())[:8])}"
    for key, value in meta.items():
        assert got.meta[key] == value, key
    return doc, got


CASES = [(seed, version, (v,)) for v in VARIANTS for seed, version in ((1, "2021"), (2, "2019"))
         if not (v == "collapsed" and version == "2019") and v != "split-adjacent"]
CASES += [(3, "2021", ("split-table", "split-adjacent")), (4, "2021", ()), (5, "2019", ())]
_mix = random.Random(11)
for _seed in range(100, 110):
    _version = _mix.choice(["2021", "2019"])
    CASES.append((_seed, _version, tuple(x for x in VARIANTS if _mix.random() < 0.4
                                          and not (x == "collapsed" and _version == "2019"))))


@pytest.mark.parametrize("seed,version,variants", CASES,
                         ids=lambda x: "+".join(x) or "plain" if isinstance(x, tuple) else str(x))
def test_generated_report(seed, version, variants):
    r = generate_docx(seed, version, variants)
    check(r.data, r.cells, r.meta)


def test_many_magnitudes_and_every_layout_feature():
    r = generate_docx(21, "2021", ("textbox-title", "wrapped-br", "wrapped-paras", "split-runs", "blank-merged",
                                   "split-table", "revisions"))
    digits = set()
    for seed in range(100, 110):
        digits |= {len(str(abs(int(x)))) for x in generate_docx(seed, "2021").cells.values() if x}
    assert len(digits) >= 5
    doc, got = check(r.data, r.cells, r.meta)
    raws = [line.raw for line in doc.lines]
    assert raws[0] == f"{r.meta['agency']}{r.meta['year']}年政府信息公开工作年度报告"  # from the text box, once
    assert sum(r.meta["agency"] + str(r.meta["year"]) in x for x in raws) == 1
    assert not any("8888" in x or "777" in x for x in raws)
    assert got.cells["t3.granted.natural_person"] is None and got.cells["t3.partly_granted.other_org"] is None
    assert got.cells["t3.granted.total"] == r.cells["t3.granted.total"] is not None


# ---------------------------------------------------------------------------------------------
# The Lines built from Word's structures


def _docx(build) -> bytes:
    d = new_docx()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _raws(data: bytes) -> list[str]:
    return [line.raw for line in read_bytes(data, "t.docx").lines]


def test_merged_cells_resolve_into_a_grid():
    def build(d):
        d.add_paragraph("表前")
        t = d.add_table(rows=4, cols=5)
        t.cell(0, 0).merge(t.cell(1, 1)).text = "note"
        t.cell(0, 2).merge(t.cell(0, 4)).text = "申请人情况"
        t.cell(1, 2).merge(t.cell(2, 2)).text = "自然人"
        t.cell(1, 3).merge(t.cell(1, 4)).text = "法人"
        c = t.cell(2, 0).merge(t.cell(3, 0))
        c.text = "三、本年度"
        c.paragraphs[0].add_run().add_break()
        c.paragraphs[0].add_run("办理结果")
        t.cell(2, 1).text = "（一）予以公开"
        t.cell(2, 3).text, t.cell(2, 4).text = "商业", "其他"
        t.cell(3, 1).text = "（二）部分"
        t.cell(3, 1).add_paragraph("公开")
        for i, x in enumerate("123"):
            t.cell(3, 2 + i).text = x
        d.add_paragraph("表后")

    assert _raws(_docx(build)) == [
        "表前",
        "note\t\t申请人情况\t\t",
        "\t\t自然人\t法人\t",
        "三、本年度办理结果\t（一）予以公开\t\t商业\t其他",
        "\t（二）部分公开\t1\t2\t3",
        "表后",
    ]


def test_paragraphs_breaks_body_order_and_numbers_in_cells():
    def build(d):
        p = d.add_paragraph("第一行")
        p.add_run().add_break()
        p.add_run("第二行")
        d.add_paragraph("\u3000\u3000缩进的段落  ")
        d.add_paragraph("")
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).text = "12"
        t.cell(0, 0).add_paragraph("34")  # two numbers on two lines of a cell stay apart
        t.cell(0, 1).text = "规章\t说明"
        d.add_paragraph("表后")
        t2 = d.add_table(rows=1, cols=2)
        t2.cell(0, 0).text, t2.cell(0, 1).text = "行政许可", "５"

    doc = read_bytes(_docx(build), "t.docx")
    assert [line.raw for line in doc.lines] == ["第一行", "第二行", "缩进的段落", "12 34\t规章 说明", "表后",
                                                "行政许可\t５"]
    assert doc.lines[-1].text == "行政许可\t5"


def test_table_split_in_two_rows_follow():
    def build(d):
        for label, value in (("a", "1"), ("b", "2")):
            t = d.add_table(rows=1, cols=2)
            t.cell(0, 0).text, t.cell(0, 1).text = label, value

    assert _raws(_docx(build)) == ["a\t1", "b\t2"]


def test_nested_and_layout_tables():
    def build(d):
        outer = d.add_table(rows=1, cols=2)
        outer.cell(0, 0).text = "首页"
        cell = outer.cell(0, 1)
        cell.text = "二、主动公开政府信息情况"
        inner = cell.add_table(rows=2, cols=2)
        inner.cell(0, 0).merge(inner.cell(0, 1)).text = "第二十条第（一）项"
        inner.cell(1, 0).text = "规章"
        small = inner.cell(1, 1).add_table(rows=1, cols=1)  # a small table in a data cell joins it
        small.cell(0, 0).text = "3"
        cell.add_paragraph("三、")

    assert _raws(_docx(build)) == ["首页", "二、主动公开政府信息情况", "第二十条第（一）项\t", "规章\t3", "三、"]


def test_text_box_read_once_before_its_paragraph():
    def build(d):
        p = d.add_paragraph("正文")
        p._p.append(parse_xml(_textbox("某某县人民政府2023年政府信息公开工作年度报告")))
        d.add_paragraph("下一段")

    assert _raws(_docx(build)) == ["某某县人民政府2023年政府信息公开工作年度报告", "正文", "下一段"]


def test_revisions_hidden_text_and_fields():
    def build(d):
        p = d.add_paragraph("本年新收申请")
        p._p.append(parse_xml(f'<w:del {NSDECLS} w:id="1" w:author="a"><w:r><w:delText>99</w:delText></w:r></w:del>'))
        p._p.append(parse_xml(f'<w:ins {NSDECLS} w:id="2" w:author="a"><w:r><w:t>12</w:t></w:r></w:ins>'))
        p._p.append(parse_xml(f'<w:r {NSDECLS}><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>'))
        p._p.append(parse_xml(f'<w:hyperlink {NSDECLS}><w:r><w:t>件</w:t></w:r></w:hyperlink>'))
        q = d.add_paragraph("第")
        for xml in ('<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
                    '<w:r {ns}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                    '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>', '<w:r {ns}><w:t>3</w:t></w:r>',
                    '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>', '<w:r {ns}><w:t>页</w:t></w:r>'):
            q._p.append(parse_xml(xml.format(ns=NSDECLS)))

    assert _raws(_docx(build)) == ["本年新收申请12件", "第3页"]


def test_alt_chunk_html_and_strict_namespaces():
    """An altChunk (an HTML page embedded whole, as some converters write documents) is read
    in its place; Strict Open XML's namespaces read as the usual ones."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    def build(d):
        d.add_paragraph("前")
        page = "<html><body><p>二、主动公开</p><table><tr><td>行政许可</td><td>7</td></tr></table></body></html>"
        part = Part(PackURI("/word/chunk1.htm"), "text/html", page.encode("utf-8"), d.part.package)
        rid = d.part.relate_to(part, RT.A_F_CHUNK)
        d.element.body.sectPr.addprevious(parse_xml(
            f'<w:altChunk {NSDECLS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            f'r:id="{rid}"/>'))
        d.add_paragraph("后")

    assert _raws(_docx(build)) == ["前", "二、主动公开", "行政许可\t7", "后"]
    strict = (b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:tbl>'
              b'<w:tr><w:tc><w:p><w:r><w:t>\xe8\xa7\x84\xe7\xab\xa0</w:t></w:r></w:p></w:tc>'
              b'<w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>')
    assert _raws(_zip({"word/document.xml": strict})) == ["规章\t3"]


def test_sliver_grid_columns_are_not_columns():
    """A conversion leaves a 1-twip grid column where two cell edges nearly meet: the cells
    starting at it print in the next real column, and values keep their header's column."""
    def row(*cells):
        return "<w:tr>" + "".join(
            f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>'
            for text, span in cells) + "</w:tr>"

    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in (576, 575, 1, 576, 576)) + "</w:tblGrid>"
    body = (f"<w:tbl>{grid}{row(('行政复议', 2), ('行政诉讼', 3))}{row(('维持', 1), ('总计', 2), ('维持', 1), ('总计', 1))}"
            f"{row(('1', 1), ('2', 2), ('3', 1), ('4', 1))}</w:tbl>")
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    assert _raws(_zip({"word/document.xml": xml.encode()})) == ["行政复议\t\t行政诉讼\t", "维持\t总计\t维持\t总计",
                                                                "1\t2\t3\t4"]


def _numbering_xml(d, fmt: str, text: str, start: int = 1) -> int:
    """Add a one-level list in ``fmt`` to the document's numbering part; its numId."""
    numbering = d.part.numbering_part.element
    aid = 90 + len(numbering.findall(f"{{{W_NS}}}abstractNum"))
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {NSDECLS} w:abstractNumId="{aid}"><w:multiLevelType w:val="hybridMultilevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        '<w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
        '</w:abstractNum>'))
    num_id = 900 + aid
    numbering.append(parse_xml(f'<w:num {NSDECLS} w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/></w:num>'))
    return num_id


def _numbered(p, num_id: int, ilvl: int = 0) -> None:
    p._p.get_or_add_pPr().insert(0, parse_xml(
        f'<w:numPr {NSDECLS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def test_automatic_numbering_is_printed():
    def build(d):
        heads = _numbering_xml(d, "chineseCounting", "%1、")
        items = _numbering_xml(d, "chineseCounting", "（%1）", start=11)
        for i, text in enumerate(["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况"]):
            _numbered(d.add_paragraph(text), heads)
            if i == 1:
                _numbered(d.add_paragraph("规章"), heads, 1)
                _numbered(d.add_paragraph("规范性文件"), heads, 1)
        _numbered(d.add_paragraph("十一项"), items)
        _numbered(d.add_paragraph("十二项"), items)
        d.add_paragraph("要点", style="List Number")  # numbering from the paragraph's style
        t = d.add_table(rows=2, cols=2)
        for r, label in enumerate(["属于国家秘密", "其他法律行政法规禁止公开"]):
            _numbered(t.cell(r, 0).paragraphs[0], heads, 1)
            t.cell(r, 0).paragraphs[0].add_run(label)
            t.cell(r, 1).text = str(r + 5)

    assert _raws(_docx(build)) == ["一、总体情况", "二、主动公开政府信息情况", "1.规章", "2.规范性文件",
                                   "三、收到和处理政府信息公开申请情况", "（十一）十一项", "（十二）十二项", "1.要点",
                                   "1.属于国家秘密\t5", "2.其他法律行政法规禁止公开\t6"]


@pytest.mark.parametrize("n,fmt,expected", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCountingThousand", "十一"),
    (20, "chineseCounting", "二十"), (105, "chineseCounting", "一百零五"), (3, "chineseLegalSimplified", "叁"),
    (4, "upperRoman", "IV"), (2, "lowerLetter", "b"), (3, "decimalEnclosedCircle", "③"), (7, "decimal", "7"),
    (12, "decimalFullWidth", "１２"), (2, "ideographTraditional", "乙"),
])
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


# ---------------------------------------------------------------------------------------------
# Files that are not readable reports: a clear ReadError, never a traceback, in bounded time


def _zip(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def _reason(data: bytes, name: str = "bad.docx") -> str:
    return refusal(data, name, within=10)


@pytest.fixture(scope="module")
def sample() -> bytes:
    return generate_docx(31, "2021", ("textbox-title",)).data


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.9, 0.999])
def test_truncated_docx(sample, fraction):
    assert _reason(sample[:int(len(sample) * fraction)]).startswith("文件已损坏 / corrupt DOCX: ")


def test_garbage_after_zip_magic():
    data = b"PK\x03\x04" + random.Random(3).randbytes(30000)
    assert _reason(data).startswith("文件已损坏 / corrupt DOCX: ")


def test_corrupted_member_bytes(sample):
    data = bytearray(sample)
    info = next(i for i in zipfile.ZipFile(io.BytesIO(sample)).infolist() if i.filename == "word/document.xml")
    mid = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[mid:mid + 64] = bytes(64)
    assert _reason(bytes(data)).startswith("文件已损坏 / corrupt DOCX: ")


def test_zip_bomb_is_refused_quickly():
    head = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": head + b" " * (200 * 2**20)})
    assert len(bomb) < 1_000_000
    assert "ZIP bomb" in _reason(bomb)


def test_zip_bomb_with_a_lying_size_is_refused():
    """The central directory claims a small size; reading stops at the bound anyway."""
    big = b"<a>" + b"x" * (60 * 2**20) + b"</a>"
    data = bytearray(_zip({"word/document.xml": big}))
    cd = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 24, 1000)  # uncompressed size in the central directory
    lh = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, lh + 22, 1000)
    reason = _reason(bytes(data))
    assert reason.startswith("文件已损坏 / corrupt DOCX: ") or "ZIP bomb" in reason


def test_not_well_formed_xml():
    data = _zip({"word/document.xml": b"<w:document><w:body><w:p>unclosed"})
    assert "not well-formed XML" in _reason(data)


def test_entities_are_not_expanded():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
              b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p><w:r><w:t>&d;&d;</w:t></w:r></w:p>'
              b'</w:body></w:document>')
    start = time.perf_counter()
    try:
        lines = _raws(_zip({"word/document.xml": laughs}))
    except ReadError:
        lines = []
    assert time.perf_counter() - start < 5
    assert all(len(x) < 1000 for x in lines)


@pytest.mark.parametrize("files,reason", [
    ({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, "OpenDocument text (ODT)"),
    ({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}, "Excel workbook (XLSX)"),
    ({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}, "PowerPoint presentation"),
    ({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<d/>"}, "OFD document"),
    ({"report.pdf": b"%PDF-1.4", "report.doc": b"x"}, "a ZIP archive, not a DOCX"),
])
def test_other_zips_are_named(files, reason):
    assert reason in _reason(_zip(files))


def test_password_protected_zip():
    data = bytearray(_zip({"word/document.xml": b"<x/>"}))
    for magic, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.index(magic)
        data[i + offset] |= 1  # the "encrypted" flag bit
    assert "password-protected ZIP" in _reason(bytes(data))


def test_empty_document():
    assert _reason(_docx(lambda d: None)) == "没有文字 / no text: the Word document is empty"
    assert _reason(_docx(lambda d: [d.add_paragraph("  "), d.add_table(rows=2, cols=2)])) == \
        "没有文字 / no text: the Word document is empty"


def test_images_only_document():
    from PIL import Image

    img = io.BytesIO()
    Image.new("L", (60, 30), 128).save(img, "PNG")
    img.seek(0)
    assert "only images" in _reason(_docx(lambda d: d.add_picture(img)))


def test_hostile_spans_and_deep_nesting_in_bounded_time():
    def build(d):
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "行政许可", "5"
        tcpr = t.cell(0, 0)._tc.get_or_add_tcPr()  # (python-docx itself would build the 10⁹-wide grid)
        tcpr.append(parse_xml(f'<w:gridSpan {NSDECLS} w:val="999999999"/>'))
        cell = d.add_table(rows=1, cols=2).cell(0, 1)
        for _ in range(40):  # tables nested 40 deep
            cell = cell.add_table(rows=2, cols=2).cell(1, 1)
        cell.text = "深处"

    start = time.perf_counter()
    raws = _raws(_docx(build))
    assert time.perf_counter() - start < 5
    assert raws[0].startswith("行政许可\t") and raws[0].endswith("5") and raws[0].count("\t") <= 64
    assert any("深处" in x for x in raws)


def test_big_document_in_bounded_time():
    """A 16 MB document.xml (100 000 paragraphs, a 20 000-row table): read in seconds."""
    para = "<w:p><w:pPr><w:ind w:firstLine=\"640\"/></w:pPr><w:r><w:t>公开内容的深度和广度还需加强，本年新收申请{}件。</w:t></w:r></w:p>"
    row = ("<w:tr><w:tc><w:p><w:r><w:t>行政许可</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
           "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc></w:tr>")
    body = "".join(para.format(i) for i in range(100_000)) + "<w:tbl>" + "".join(map(row.format, range(20_000))) + "</w:tbl>"
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    data = _zip({"word/document.xml": xml.encode()})
    assert len(xml.encode()) > 15 * 2**20
    start = time.perf_counter()
    doc = read_bytes(data, "big.docx")
    elapsed = time.perf_counter() - start
    assert elapsed < 30, elapsed  # measured ≈ 3 s on the project's 2-core machine
    assert len(doc.lines) == 120_000 and doc.lines[-1].raw == "行政许可\t\t19999"


# --- OLE containers: legacy .doc/.wps and encrypted Office files ----------------------------


def _cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (512-byte sectors, every stream in regular sectors)."""
    ss = 512
    sectors: list[bytes] = []
    starts = {}
    for name, data in streams.items():
        n = max(1, -(-len(data) // ss))
        starts[name] = (len(sectors) + 2, n)  # sector 0: FAT, sector 1: directory
        sectors += [data[i * ss:(i + 1) * ss].ljust(ss, b"\0") for i in range(n)]
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    for start, n in starts.values():
        fat += [start + i + 1 for i in range(n - 1)] + [0xFFFFFFFE]
    assert len(fat) <= ss // 4 and len(streams) <= 3
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(ss, b"\xff")

    def entry(name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF) -> bytes:
        raw = (name + "\0").encode("utf-16-le")
        e = raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
        e += struct.pack("<III", 0xFFFFFFFF, right, child) + bytes(16) + bytes(4) + bytes(16)
        return e + struct.pack("<IQ", start, size)

    names = list(streams)
    dir_sector = entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1)
    for i, name in enumerate(names):
        dir_sector += entry(name, 2, starts[name][0], len(streams[name]), right=i + 2 if i + 1 < len(names) else 0xFFFFFFFF)
    dir_sector = dir_sector.ljust(ss, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
              + struct.pack("<109I", 0, *([0xFFFFFFFF] * 108)))
    assert len(header) == 512
    return header + fat_sector + dir_sector + b"".join(sectors)


def _fib(flags: int) -> bytes:
    return struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0, 0, flags) + bytes(4096)


def test_encrypted_docx_is_an_ole_container():
    data = _cfb({"EncryptionInfo": b"\x04\x00\x04\x00" + bytes(200), "EncryptedPackage": bytes(600)})
    assert _reason(data, "secret.docx") == "文件已加密 / encrypted (password-protected) Office document: it needs a password to open"


def test_encrypted_doc():
    data = _cfb({"WordDocument": _fib(0x0100), "1Table": bytes(600)})
    assert _reason(data, "secret.doc") == "文件已加密 / encrypted (password-protected) Word document: it needs a password to open"


def test_other_ole_files_are_named():
    assert "Excel workbook" in _reason(_cfb({"Workbook": bytes(5000)}), "x.xls")
    assert "PowerPoint" in _reason(_cfb({"PowerPoint Document": bytes(5000)}), "x.ppt")
    assert "not a Word or WPS document" in _reason(_cfb({"__substg1.0_0037001F": bytes(100)}), "x.msg")


def test_corrupt_ole():
    assert _reason(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(40), "x.doc").startswith("文件已损坏 / corrupt legacy Office")
    assert _reason(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(2).randbytes(20000), "x.doc")


def test_legacy_without_libreoffice(monkeypatch):
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    data = _cfb({"WordDocument": _fib(0), "1Table": bytes(600)})
    assert _reason(data, "old.doc") == ("需要安装 LibreOffice 才能读取 / legacy Word/WPS document: converting it needs LibreOffice (soffice), "
                                        "which is not installed")
    assert _reason(data, "old.wps") == legacy.NO_LIBREOFFICE


# ---------------------------------------------------------------------------------------------
# LibreOffice: DOCX → .doc read back through the legacy path, DOCX → PDF through the PDF reader


@pytest.fixture(scope="session")
def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        message = ("LibreOffice (soffice) is not installed: `apt-get install -y libreoffice-writer-nogui "
                   "fonts-wqy-microhei`")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return exe


def convert(exe: str, data: bytes, to: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "report.docx")
        src.write_bytes(data)
        subprocess.run([exe, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless",
                        "--convert-to", to, "--outdir", tmp, str(src)],
                       env=dict(os.environ, HOME=tmp), cwd=tmp, capture_output=True, timeout=180, check=False)
        out = Path(tmp, "report." + to.split(":")[0])
        assert out.exists(), f"LibreOffice did not convert to {to}"
        return out.read_bytes()


LO_CASES = [(41, "2021", ("textbox-title", "wrapped-br", "blank-merged", "split-table")),
            (42, "2019", ("wrapped-paras", "split-runs"))]


@pytest.mark.parametrize("seed,version,variants", LO_CASES, ids=["2021", "2019"])
def test_legacy_doc_via_libreoffice(soffice, seed, version, variants):
    r = generate_docx(seed, version, variants)
    doc = convert(soffice, r.data, "doc")
    assert doc.startswith(b"\xd0\xcf\x11\xe0")
    check(doc, r.cells, r.meta, name="x.doc", form="doc")


@pytest.mark.parametrize("seed,version,variants", LO_CASES, ids=["2021", "2019"])
def test_pdf_via_libreoffice(soffice, seed, version, variants):
    r = generate_docx(seed, version, variants)
    pdf = convert(soffice, r.data, "pdf")
    check(pdf, r.cells, r.meta, name="x.pdf", form="pdf")


def test_legacy_conversion_is_time_bounded(soffice, monkeypatch):
    monkeypatch.setattr(legacy, "CONVERT_TIMEOUT", 0.3)
    data = _cfb({"WordDocument": _fib(0), "1Table": bytes(600)})
    start = time.perf_counter()
    assert "did not convert it within 0.3 s" in _reason(data, "slow.doc")
    assert time.perf_counter() - start < 8
