"""The review app's pages over a real audited store: the overview, a body, a report beside
its source (every cell's place points at its printed text), PDF page images, and the
downloads (退回清单 that openpyxl and python-docx open again, CSV exports)."""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import CORPUS_DIR, SEEDS_DIR
from gongkai import api
from gongkai.api.pages import PAGE_SCALE, BodyReport
from gongkai.web import WebSettings, create_app

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

PDF = CORPUS_DIR / "hongze-2024.pdf"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[str, Path, Path]:
    """Copies of the seeds and the corpus PDF audited into a SQLite store."""
    folder = tmp_path_factory.mktemp("pages")
    sources = folder / "reports"
    sources.mkdir()
    for p in [*sorted(SEEDS_DIR.glob("*.txt"))[:3], PDF]:
        shutil.copy(p, sources / p.name)
    db = str(folder / "audit.db")
    api.audit([sources], db=db, jobs=1)
    return db, folder / "data", sources


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    db, data, _ = store
    return TestClient(create_app(db, settings=WebSettings(secret="pages-test", data_dir=data)))


def _report_ids(client: TestClient) -> dict[str, int]:
    """Each report's source file name → its id, found by following the overview's links."""
    out = {}
    for body in set(re.findall(r'href="(/body/[^"]+)"', client.get("/").text)):
        for rid in re.findall(r'href="/report/(\d+)"', client.get(body).text):
            view = api.report_view(client.app.state.db, int(rid))
            out[Path(view.source).name] = int(rid)
    return out


def test_the_overview_lists_every_body_and_counts_findings(client, store):
    page = client.get("/")
    assert page.status_code == 200
    rows = api.summary(store[0])
    assert page.text.count("<tr>") - 1 == len(rows) == 4  # a row per body and year (and the head's)
    # every body the store knows links to its page; a report that names no body is listed unlinked
    unnamed = [r for r in rows if r.key.startswith("（")]
    assert len(re.findall(r'<a href="/body/', page.text)) == len(rows) - len(unnamed)
    assert all(f"<td>{r.name}</td>" in page.text for r in unnamed)
    errors = sum(r.errors for r in rows)
    assert re.search(rf"<b>{errors}</b>错误", page.text)
    year = rows[0].year
    narrowed = client.get(f"/?year={year}")
    assert narrowed.text.count('<a href="/body/') == sum(1 for r in rows if r.year == year)
    assert client.get("/?year=20x4").status_code == 400
    assert "没有符合条件的报告" in client.get("/?region=不存在的地方").text


def _placed_cells(page: str, view: api.ReportView) -> tuple[dict[int, str], int]:
    """The page's source lines, and how many cells point at a span of them; every such span
    must be the cell's printed text."""
    lines = {int(n): html.unescape(t) for n, t in
             re.findall(r'<li id="L(\d+)" data-n="\d+"><span class="n">\d+</span><span class="t">(.*?)</span></li>',
                        page, re.DOTALL)}
    cells = re.findall(r'<t[dr] class="cell[^"]*" id="cell-([^"]+)" data-key="[^"]+" data-line="(\d*)" '
                       r'data-c0="(\d*)" data-c1="(\d*)"', page)
    assert len(cells) == len(view.cells) > 100
    printed = {c.key: c.printed for c in view.cells}
    placed = 0
    for key, line, c0, c1 in cells:
        if line and c0:
            assert lines[int(line)][int(c0):int(c1)] == printed[key], key
            placed += 1
    return lines, placed


def test_a_report_page_points_each_cell_at_its_printed_text(client, store):
    ids = _report_ids(client)
    name = min(n for n in ids if n.endswith(".txt"))
    page = client.get(f"/report/{ids[name]}")
    assert page.status_code == 200
    lines, placed = _placed_cells(page.text, api.report_view(store[0], ids[name]))
    source = (store[2] / name).read_text(encoding="utf-8").splitlines()
    assert lines and all(lines[n] == source[n - 1] for n in lines)  # a text file: its own lines
    assert placed > 50
    assert "表三 收到和处理政府信息公开申请情况" in page.text and "一、本年新收申请·自然人" in page.text


@pytest.mark.parametrize("form", ["html", "docx"])
def test_html_and_office_reports_show_the_lines_their_cells_were_read_from(form, tmp_path):
    """An HTML page or a DOCX (generated with the real libraries) is shown as the lines the
    reader made of it (a table row a line, cells by tabs), and each cell's span is its text."""
    import random

    from generators.corpus_forms import SUFFIX, Blocks, render, t2_rows, t3_rows, t4_rows
    from generators.synth import random_cells
    from gongkai.spec import load_format

    spec = load_format("2021")
    cells = random_cells(spec, random.Random(7))
    b = Blocks()
    b.add("title", "某某县人民政府2024年政府信息公开工作年度报告")
    b.add("h", "一、总体情况")
    b.add("p", "本年度主动公开政府信息120条，收到政府信息公开申请若干件。")
    for heading, rows in (("二、主动公开政府信息情况", t2_rows(cells, spec)),
                          ("三、收到和处理政府信息公开申请情况", t3_rows(cells, spec)),
                          ("四、政府信息公开行政复议、行政诉讼情况", t4_rows(cells, spec))):
        b.add("h", heading)
        b.add("table", rows)
    for heading in ("五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        b.add("h", heading)
        b.add("p", "无。")
    path = tmp_path / f"report{SUFFIX[form]}"
    path.write_bytes(render(b, form))
    db = str(tmp_path / "a.db")
    api.audit([path], db=db, jobs=1)
    client = TestClient(create_app(db, settings=WebSettings(secret="forms", data_dir=tmp_path / "data")))
    rid = int(re.findall(r'href="/report/(\d+)"', client.get(re.findall(r'href="(/body/[^"]+)"',
                                                                       client.get("/").text)[0]).text)[0])
    page = client.get(f"/report/{rid}").text
    view = api.report_view(db, rid)
    lines, placed = _placed_cells(page, view)
    assert placed > 100 and any("\t" in t for t in lines.values())  # table rows, cells by tabs
    assert f"{form.upper()}" in page and "第1个表格" in " ".join(c.place for c in view.cells)


def test_findings_are_shown_on_their_cells_with_the_rules_doc(client, store):
    for rid in _report_ids(client).values():
        view = api.report_view(store[0], rid)
        flagged = [f for f in view.findings if f.cells]
        if flagged:
            break
    else:
        pytest.fail("no stored finding names a cell")
    page = client.get(f"/report/{rid}").text
    f = flagged[0]
    assert f'id="finding-{f.id}"' in page and html.escape(f.message, quote=False) in page
    row = re.search(rf'<td class="cell num flagged[^"]*" id="cell-{re.escape(f.cells[0])}".*?</td>', page, re.DOTALL)
    assert row and f'href="#finding-{f.id}"' in row.group(0)
    assert f"规则 {f.code}" in page and "检查内容" in page


def test_a_pdf_report_shows_page_images_with_each_cells_box(client, store):
    rid = _report_ids(client)[PDF.name]
    page = client.get(f"/report/{rid}").text
    pages = re.findall(r'<div class="page" id="page-(\d+)" data-page="\d+" data-w="([\d.]+)" data-h="([\d.]+)"', page)
    assert len(pages) >= 2
    boxes = re.findall(r'data-page="(\d+)" data-box="([\d.,]+)"', page)
    assert boxes
    number, box = boxes[0]
    w, h = (float(v) for v in pages[int(number) - 1][1:])
    x0, top, x1, bottom = map(float, box.split(","))
    assert 0 <= x0 < x1 <= w and 0 <= top < bottom <= h
    image = client.get(f"/report/{rid}/page/{number}.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG\r\n\x1a\n")
    from PIL import Image

    assert Image.open(io.BytesIO(image.content)).width == round(w * PAGE_SCALE)
    assert list((store[1] / "pages").glob("*.png"))  # cached
    missing = client.get(f"/report/{rid}/page/999.png")
    assert missing.status_code == 404 and "没有第999页" in missing.text
    assert client.get("/report/999999").status_code == 404


def test_a_source_changed_since_the_audit_is_not_shown_as_if_it_were_the_one_read(client, store):
    ids = _report_ids(client)
    name = max(n for n in ids if n.endswith(".txt"))
    path = store[2] / name
    original = path.read_bytes()
    try:
        path.write_bytes(original + b"\n\xe6\x94\xb9")
        page = client.get(f"/report/{ids[name]}").text
        assert "原文件在入库后已被修改" in page and '<ol class="lines">' not in page
    finally:
        path.write_bytes(original)


def test_the_returns_and_exports_download(client, store):
    from docx import Document
    from openpyxl import load_workbook

    sheets = api.returns(store[0])
    sheet = sheets[0]
    got = client.get(f"/returns/{sheet.year}.xlsx", params={"body": sheet.key})
    assert got.status_code == 200 and "filename*=UTF-8''" in got.headers["content-disposition"]
    text = " ".join(str(c.value) for row in load_workbook(io.BytesIO(got.content)).active.iter_rows() for c in row
                    if c.value)
    assert sheet.name in text
    word = client.get(f"/returns/{sheet.year}.docx", params={"body": sheet.key})
    assert sheet.name in "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert client.get("/returns/1999.xlsx", params={"body": sheet.key}).status_code == 404
    cells = client.get("/export/cells.csv")
    assert cells.status_code == 200 and cells.content.decode("utf-8-sig").splitlines()[0].startswith("report_id")
    assert client.get("/export/passwords.csv").status_code == 404


def test_the_body_chart_is_an_svg_with_its_text_as_text():
    view = api.BodyView("k", "某县人民政府", "government", "county", "", [
        BodyReport(1, 2022, None, None, "text", {"error": 2}),
        BodyReport(2, 2023, None, None, "text", {"warning": 1})])
    svg = api.body_chart(view)
    assert svg.lstrip().startswith("<?xml") and "各年度问题数" in svg
    assert api.body_chart(api.BodyView("k", "x", "government", None, "", view.reports[:1])) == ""


def test_pages_on_postgresql_too(db_target, tmp_path):
    api.audit([min(SEEDS_DIR.glob("*.txt"))], db=db_target, jobs=1)
    client = TestClient(create_app(db_target, settings=WebSettings(secret="pg", data_dir=tmp_path)))
    body = re.findall(r'href="(/body/[^"]+)"', client.get("/").text)
    assert len(body) == 1
    rid = re.findall(r'href="/report/(\d+)"', client.get(body[0]).text)[0]
    assert 'class="cell' in client.get(f"/report/{rid}").text
