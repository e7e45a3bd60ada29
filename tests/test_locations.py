"""Findings name places a person can open: a PDF's page (and the printed box), a Word or
OpenDocument file's table, row and column (or paragraph), a web page's table and row and the
element's line in the file, a text file's line — in the text, JSON, SARIF and GitHub outputs.

Each case prints a generated report with one wrong total (表三 "予以公开" row, 总计 column)
with the real writers (reportlab, python-docx, ODF XML, HTML), checks it, and opens the
source again with the writer's own library to see that the place the finding names holds
the wrong figure.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from xml.sax.saxutils import escape

import lxml.html
import pypdfium2 as pdfium
import pytest
from docx import Document as open_docx
from lxml import etree

import gongkai
import test_reader_docx as docx_tests
import test_reader_odt as odt_tests
from conftest import run_cli
from generators.render_html import Renderer, render_page, t3_rows
from generators.synth import random_cells
from gongkai.model import Finding
from gongkai.output.findings import render
from gongkai.readers import read_bytes
from gongkai.spec import load_format
from test_reader_pdf import cjk_font, render_report  # noqa: F401 — the font fixture, used by name

SPEC = load_format("2021")
AGENCY = "某某县人民政府"
WRONG = "t3.granted.total"


def _cells(seed: int) -> dict:
    """Consistent random cells with 表三's 予以公开 total off by 7 (a printed error)."""
    cells = random_cells(SPEC, random.Random(seed), scale=400)
    cells[WRONG] += 7
    return cells


def _finding(findings: list[Finding]) -> Finding:
    """The finding that names the wrong total first (the cell most likely wrong)."""
    found = [f for f in findings if f.cells[:1] == (WRONG,)]
    assert found, [(f.code, f.cells[:2]) for f in findings]
    return found[0]


def _outputs(f: Finding) -> tuple[str, dict, dict, str]:
    """The finding as text, JSON (its entry), SARIF (its result's location) and GitHub."""
    sarif = json.loads(render([f], "sarif"))
    return (render([f], "text"), json.loads(render([f], "json"))[0],
            sarif["runs"][0]["results"][0]["locations"][0], render([f], "github"))


# ---------------------------------------------------------------------------------------------
# PDF: the page and the box


def test_pdf_finding_names_its_page_and_box(cjk_font, tmp_path):  # noqa: F811 — the fixture
    cells = _cells(3)
    data = render_report(cells, agency=AGENCY, year=2023, collapsed=False, breaks=(), repeat_header=False)
    f = _finding(gongkai.check(data, name="r.pdf"))
    where = f.location
    assert where is not None and where.page is not None and where.box is not None
    assert where.table is None and where.source_line is None

    # the page and box hold the printed total, as pdfium reads the file
    pdf = pdfium.PdfDocument(data)
    page = pdf[where.page - 1]
    height = page.get_height()
    x0, top, x1, bottom = where.box
    printed = page.get_textpage().get_text_bounded(left=x0, bottom=height - bottom, right=x1, top=height - top)
    assert printed.strip() == str(cells[WRONG])
    assert "（一）予以公开" in page.get_textpage().get_text_range()
    assert where.page == 2  # the report puts section 三 on a new page: the line number is not a page

    text, entry, loc, github = _outputs(f)
    assert f"第{where.page}页  {f.code}" in text
    assert f"  {f.line} " not in text  # the internal line number is not shown
    assert entry["location"] == {"page": where.page, "box": list(where.box)}
    assert entry["line"] == f.line  # kept for programs that read it
    assert "region" not in loc["physicalLocation"]  # a PDF has no lines to point at
    assert loc["properties"] == {"page": where.page, "box": list(where.box)}
    assert loc["message"]["text"] == f"第{where.page}页"
    assert "line=" not in github and "file=r.pdf" in github and f"::第{where.page}页：{f.message}" in github


def test_pdf_page_from_the_command_line(cjk_font, tmp_path):  # noqa: F811 — the fixture
    path = tmp_path / "报告.pdf"
    path.write_bytes(render_report(_cells(4), agency=AGENCY, year=2023, collapsed=False, breaks=(),
                                   repeat_header=False))
    out = run_cli("check", path, "--format", "json").stdout
    entry = next(e for e in json.loads(out) if e["cells"][:1] == [WRONG])
    assert entry["location"]["page"] == 2
    assert f"第2页  {entry['code']}" in run_cli("check", path).stdout


# ---------------------------------------------------------------------------------------------
# DOCX and ODT: table, row, column; paragraphs


def test_docx_finding_names_table_row_and_column():
    cells = _cells(5)
    data = docx_tests.render_docx(cells, SPEC, random.Random(5), AGENCY, 2023, set())
    findings = gongkai.check(data, name="r.docx")
    f = _finding(findings)
    where = f.location
    assert where is not None and None not in (where.table, where.row, where.column)
    assert where.page is None and where.source_line is None

    # python-docx opens the same cell: table, row and column as Word counts them
    table = open_docx(io.BytesIO(data)).tables[where.table - 1]
    assert table.rows[where.row - 1].cells[where.column - 1].text == str(cells[WRONG])
    assert "予以公开" in "".join(c.text for c in table.rows[where.row - 1].cells)

    text, entry, loc, github = _outputs(f)
    assert f"第{where.table}个表格（表三）第{where.row}行 第{where.column}列  {f.code}" in text
    assert entry["location"] == {"table": where.table, "row": where.row, "column": where.column}
    assert "region" not in loc["physicalLocation"]
    assert loc["properties"] == entry["location"]
    assert "line=" not in github and f"::第{where.table}个表格（表三）第{where.row}行 第{where.column}列：" in github

    # a finding on the text names its paragraph: "一、总体情况" is the document's third
    heading = next(g for g in findings if g.location is not None and g.location.paragraph is not None)
    paragraphs = [p.text for p in open_docx(io.BytesIO(data)).paragraphs if p.text.strip()]
    assert paragraphs[heading.location.paragraph - 1] == gongkai.read(data).lines[heading.line - 1].raw
    assert f"第{heading.location.paragraph}段  {heading.code}" in render([heading], "text")


def _odt(cells: dict) -> bytes:
    """A short ODT report (title, section 三 and its table) with ``cells`` printed."""
    out = odt_tests._Writer(random.Random(1), set())
    t3 = t3_rows(cells, SPEC, Renderer(random.Random(1), set()), False, False)
    body = (out.para(f"{AGENCY}2023年政府信息公开工作年度报告") + out.para("三、收到和处理政府信息公开申请情况", "text:h")
            + out.table(docx_tests._place(t3), 3) + out.para(escape("本年度未收取信息处理费。")))
    return odt_tests.package(odt_tests.content_xml(body))


def test_odt_finding_names_table_row_and_column():
    cells = _cells(6)
    data = _odt(cells)
    f = _finding(gongkai.check(data, name="r.odt"))
    where = f.location
    assert where is not None and (where.table, where.page, where.source_line) == (1, None, None)

    # the ODF XML's own rows and cells (covered positions count as columns, as the suite shows)
    ns = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0"}
    content = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("content.xml"))
    row = content.findall(".//table:table", ns)[0].findall("table:table-row", ns)[where.row - 1]
    positions = [c for c in row if etree.QName(c).localname in ("table-cell", "covered-table-cell")]
    assert "".join(positions[where.column - 1].itertext()) == str(cells[WRONG])

    text, entry, _, _ = _outputs(f)
    assert f"第1个表格（表三）第{where.row}行 第{where.column}列" in text
    assert entry["location"] == {"table": 1, "row": where.row, "column": where.column}


# ---------------------------------------------------------------------------------------------
# HTML: table, row and the element's line in the file


def test_html_finding_names_table_row_and_source_line():
    cells = _cells(7)
    page = render_page(cells, SPEC, random.Random(7), AGENCY, 2023, False, set())
    data = page.encode()
    f = _finding(gongkai.check(data, name="r.html"))
    where = f.location
    assert where is not None and None not in (where.table, where.row, where.source_line)

    tables = lxml.html.fromstring(data).xpath("//table")
    tr = tables[where.table - 1].xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")[where.row - 1]
    assert tr.sourceline == where.source_line
    assert str(cells[WRONG]) in [td.text_content().strip() for td in tr]
    assert "予以公开" in page.splitlines()[where.source_line - 1] or "予以公开" in tr.text_content()

    text, entry, loc, github = _outputs(f)
    assert f"第{where.table}个表格（表三）第{where.row}行" in text and f"源文件第{where.source_line}行" in text
    assert entry["location"]["source_line"] == where.source_line
    assert loc["physicalLocation"]["region"] == {"startLine": where.source_line}  # a real line of the file
    assert loc["properties"]["row"] == where.row
    assert f",line={where.source_line}," in github


def test_html_taken_from_a_json_string_has_no_source_line():
    """HTML held in a JSON string: lxml's lines are the string's, not the file's."""
    cells = _cells(8)
    data = json.dumps({"content": render_page(cells, SPEC, random.Random(8), AGENCY, 2023, False, set())},
                      ensure_ascii=False).encode()
    where = _finding(gongkai.check(data, name="r.json")).location
    assert where is not None and where.table is not None and where.source_line is None


# ---------------------------------------------------------------------------------------------
# Text: the line and column, as before; provenance carries the same places


def test_text_finding_keeps_its_line_and_column():
    doc = read_bytes(render_page(_cells(9), SPEC, random.Random(9), AGENCY, 2023, False, set()).encode(), "x.html")
    text = "\n".join(line.raw for line in doc.lines).encode()  # the same report as tab-separated text
    f = _finding(gongkai.check(text, name="r.txt"))
    assert f.location is not None and f.location.source_line == f.line and f.location.col == f.col
    rendered, entry, loc, github = _outputs(f)
    assert entry["location"] == {"source_line": f.line, "col": list(f.col)}
    assert loc["physicalLocation"]["region"] == {"startLine": f.line, "startColumn": f.col[0] + 1,
                                                 "endColumn": f.col[1] + 1}
    assert "properties" not in loc and f",line={f.line}," in github
    assert rendered.splitlines()[1].split()[0] == str(f.line)


def test_provenance_carries_table_row_and_column_only_where_the_form_has_them():
    cells = _cells(10)
    docx = gongkai.extract(docx_tests.render_docx(cells, SPEC, random.Random(10), AGENCY, 2023, set()), name="r.docx")
    prov = docx.provenance[WRONG].to_dict()
    assert {"table", "row", "column"} <= prov.keys() and prov["text"] == str(cells[WRONG])
    html = gongkai.extract(render_page(cells, SPEC, random.Random(10), AGENCY, 2023, False, set()).encode(),
                           name="r.html")
    assert {"table", "row", "source_line"} <= html.provenance[WRONG].to_dict().keys()
    text = gongkai.extract("\n".join(line.raw for line in gongkai.read(
        render_page(cells, SPEC, random.Random(10), AGENCY, 2023, False, set()).encode()).lines).encode(), name="r.txt")
    assert set(text.provenance[WRONG].to_dict()) == {"line", "col", "text", "confidence", "method"}


@pytest.mark.parametrize("form", ["docx", "html"])
def test_every_line_of_a_structured_form_has_an_origin(form):
    cells = _cells(11)
    data = (docx_tests.render_docx(cells, SPEC, random.Random(11), AGENCY, 2023, set()) if form == "docx"
            else render_page(cells, SPEC, random.Random(11), AGENCY, 2023, False, set()).encode())
    lines = gongkai.read(data).lines
    assert all(line.origin is not None for line in lines)
    kinds = [line.origin.kind for line in lines]
    assert kinds[0] == "paragraph" and "table" in kinds
    paragraphs = [line.origin.paragraph for line in lines if line.origin.kind == "paragraph"]
    assert paragraphs == sorted(paragraphs) and paragraphs[0] == 1
    tables = [line.origin.table for line in lines if line.origin.kind == "table"]
    assert tables == sorted(tables) and set(tables) == set(range(1, max(tables) + 1))


def test_messages_name_places_not_internal_lines():
    """A message pointing at another place of the report (a heading printed before) names it
    as the reader finds it: in a Word file its paragraph, in a text file its line."""
    doc = open_docx()
    body = ["某某县人民政府2023年政府信息公开工作年度报告", "一、总体情况", "本年度工作有序开展。",
            "五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况", "公开质量有待提升。"]
    doc.add_table(rows=2, cols=2).cell(0, 0).text = "项目"  # a table before: its rows are not paragraphs
    for text in body:
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    f = next(f for f in gongkai.check(buf.getvalue(), name="r.docx") if f.code == "STR003")
    assert "（第4段已有）" in f.message and f.location is not None and f.location.paragraph == 5
    text = next(f for f in gongkai.check("\n".join(body).encode(), name="r.txt") if f.code == "STR003")
    assert "（第4行已有）" in text.message and text.line == 5


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_html_source_lines_whatever_the_line_ends(end):
    """lxml counts LF only: a page saved with CR line ends still names its own lines."""
    page = end.join(["<html><body>", "<p>一、总体情况</p>", "", "<table><tr><td>项目</td><td>数量</td></tr>",
                     "<tr><td>予以公开</td><td>5</td></tr></table>", "<p>六、其他需要报告的事项</p>", "</body></html>"])
    lines = gongkai.read(page.encode()).lines
    assert [(line.raw, line.origin.source_line) for line in lines] == [
        ("一、总体情况", 2), ("项目\t数量", 4), ("予以公开\t5", 5), ("六、其他需要报告的事项", 6)]
    assert [line.origin.row for line in lines] == [None, 1, 2, None]
