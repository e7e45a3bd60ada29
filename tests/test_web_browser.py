"""The review app in a real browser: headless Chromium (Debian's, through Playwright)
against a real `gongkai serve` the test starts on a free port. A reviewer logs in, uploads
a report, sees its findings, clicks a cell and sees where it was read: the printed span
marked in the source line, or the box drawn over the PDF page image; dismisses one finding and
confirms another, sends the 退回清单 back, uploads the corrected version; searches.

GONGKAI_SCREENSHOTS=docs/screenshots keeps screenshots of the main pages there (the ones
in the repository were made so)."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import CORPUS_DIR
from generators.review import DISMISSED, FIXED, PLANTED, report_text
from gongkai import api

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PASSWORD = "browser pass phrase"

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """A real server on an empty store with one reviewer: (its address, the store)."""
    folder = tmp_path_factory.mktemp("browser")
    db = str(folder / "audit.db")
    api.add_user(db, "reviewer1", "reviewer", PASSWORD)
    port = _free_port()
    env = dict(os.environ, GONGKAI_SECRET="browser-test-secret", PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    log = open(folder / "server.log", "w")  # noqa: SIM115 — closed after the server stops
    proc = subprocess.Popen([sys.executable, "-m", "gongkai", "serve", "--db", db, "--port", str(port),
                             "--data-dir", str(folder / "data")], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"the server did not start: {(folder / 'server.log').read_text()}")
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}", db
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM))
        yield b
        b.close()


def _shot(page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("GONGKAI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


@pytest.fixture()
def page(browser, server, tmp_path):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    p = context.new_page()
    p.set_default_timeout(60_000)
    p.goto(server[0] + "/login")
    _shot(p, "login", tmp_path)
    p.fill("input[name=name]", "reviewer1")
    p.fill("input[name=password]", PASSWORD)
    p.click("form[action='/login'] button[type=submit]")
    p.wait_for_url(server[0] + "/")
    assert "reviewer1（审核人员）" in p.inner_text("header")
    yield p
    context.close()


def _upload(page, path: Path) -> int:
    page.set_input_files("input[name=file]", str(path))
    page.click("form[action='/upload'] button[type=submit]")
    page.wait_for_url("**/report/*")
    return int(page.url.rsplit("/", 1)[1])


def test_upload_a_report_see_its_findings_and_where_a_cell_was_read(page, server, tmp_path):
    report_id = _upload(page, EXAMPLES / "county-2023-tabs.txt")
    assert "上传的报告已入库检查" in page.inner_text(".flash")
    view = api.report_view(server[1], report_id)
    assert view.findings, "the example should have findings to show"
    assert page.locator("li.finding").count() == len(view.findings)
    assert page.inner_text(f"#finding-{view.findings[0].id}").find(view.findings[0].code) >= 0
    cell = next(c for c in view.cells if c.col and c.printed and c.value not in (None, 0))
    row = page.locator(f"td[data-key='{cell.key}']")
    row.scroll_into_view_if_needed()
    row.click()
    mark = page.locator(f"#L{cell.line} mark")
    mark.wait_for(state="visible")
    assert mark.inner_text() == cell.printed
    assert page.locator("ol.lines li.hit").count() == 1
    page.wait_for_timeout(600)  # the smooth scroll
    box, pane = mark.bounding_box(), page.locator("#source").bounding_box()
    assert pane["y"] <= box["y"] <= pane["y"] + pane["height"]  # scrolled into the source pane's view
    _shot(page, "report-text", tmp_path)
    flagged = next((f for f in view.findings if f.cells), None)
    if flagged is not None:
        page.click(f"#finding-{flagged.id}")
        assert "hit" in (page.get_attribute(f"td[data-key='{flagged.cells[0]}']", "class") or "")


def test_a_pdf_cell_is_boxed_on_its_page_image(page, server, tmp_path):
    report_id = _upload(page, CORPUS_DIR / "hongze-2024.pdf")
    view = api.report_view(server[1], report_id)
    cell = next(c for c in view.cells if c.box and c.value not in (None, 0))
    row = page.locator(f"td[data-key='{cell.key}']")
    row.scroll_into_view_if_needed()
    row.click()
    sheet = page.locator(f"#page-{cell.page}")
    mark = sheet.locator(".mark")
    mark.wait_for(state="visible")
    image = sheet.locator("img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    page.wait_for_timeout(800)
    shown, drawn = image.bounding_box(), mark.bounding_box()
    width, height = api.report_source(server[1], report_id).pages[cell.page - 1]
    scale = shown["width"] / width
    x0, top, x1, bottom = cell.box
    # the drawn box is the cell's box in page points, scaled to the image (2-point padding)
    assert abs(drawn["x"] - (shown["x"] + (x0 - 2) * scale)) < 3
    assert abs(drawn["y"] - (shown["y"] + (top - 2) * scale)) < 3
    assert abs(drawn["width"] - (x1 - x0 + 4) * scale) < 3
    assert abs(drawn["height"] - (bottom - top + 4) * scale) < 3
    assert abs(shown["height"] - height * scale) < 3
    _shot(page, "report-pdf", tmp_path)


def test_the_overview_and_a_bodys_page_over_an_audited_corpus(page, server, tmp_path):
    """More reports audited into the server's store (by the CLI's path: api.audit): the
    overview lists every body and year the summary has, and a body's page its reports."""
    api.audit([EXAMPLES, CORPUS_DIR], db=server[1], jobs=1)
    rows = api.summary(server[1])
    page.goto(server[0] + "/")
    assert page.locator("table.grid tbody tr").count() == len(rows)
    _shot(page, "overview", tmp_path)
    page.locator("table.grid a", has_text="淮安市洪泽区人民政府").first.click()  # reports of 2019 and 2024
    assert page.locator("table.grid a[href^='/report/']").count() >= 2
    assert "各年度问题数" in page.inner_text("figure.chart")  # the trend chart, its text kept as text
    _shot(page, "body", tmp_path)


def _state(page, finding_id: int | None) -> str:
    return page.get_attribute(f"#finding-{finding_id} .state", "data-state") or ""


def test_the_rectification_loop_in_the_browser(page, server, tmp_path):
    """Dismiss one finding (with a reason), confirm another, send the 退回清单 back and open the
    downloaded XLSX; then the corrected version, made by editing the report's text where the
    confirmed cell was printed, is uploaded: that finding closed, the dismissal kept."""
    first = tmp_path / "凉州区2024年报.txt"
    first.write_bytes(report_text(PLANTED))
    report_id = _upload(page, first)
    db = server[1]
    found = {(f.cells[0] if f.cells else f.code): f for f in api.review_states(db, report_id)}
    assert page.locator("li.finding").count() == len(found)
    cell = next(c for c in api.report_view(db, report_id).cells if c.key == FIXED)
    page.click(f"td[data-key='{FIXED}']")
    assert page.locator(f"#L{cell.line} mark").inner_text() == cell.printed
    page.wait_for_timeout(600)  # the smooth scroll
    _shot(page, "report-tables", tmp_path)

    dismissed = f"#finding-{found[DISMISSED].finding_id}"
    page.fill(f"{dismissed} .decide-dismiss input[name=reason]", "台账核实无误")
    page.click(f"{dismissed} .decide-dismiss button")
    page.wait_for_selector(f"{dismissed} .state[data-state=dismissed]")
    assert "排除理由：台账核实无误" in page.inner_text(dismissed)
    page.click(f"#finding-{found[FIXED].finding_id} .decide-confirm button")
    page.wait_for_selector(f"#finding-{found[FIXED].finding_id} .state[data-state=confirmed]")
    page.click(f"#finding-{found[FIXED].finding_id} details.history summary")
    assert "reviewer1：确认（待审核 → 已确认）" in page.inner_text(f"#finding-{found[FIXED].finding_id} details.history")
    page.click("form.send-back button")
    page.wait_for_selector(".flash")
    assert "已记录 2024 年度退回清单：1 条" in page.inner_text(".flash")
    assert _state(page, found[FIXED].finding_id) == "sent"
    _shot(page, "report-review", tmp_path)
    with page.expect_download() as download:
        page.click(".returns a[href$='.xlsx?body=620602/%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C']")
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row if c)
    assert found[FIXED].message in text and found[DISMISSED].message not in text
    assert "已排除 1 条" in text

    lines = first.read_text(encoding="utf-8").split("\n")  # the confirmed cell put right where it is printed
    line, (c0, c1) = lines[cell.line - 1], cell.col
    lines[cell.line - 1] = line[:c0] + str(int(cell.value) - PLANTED[FIXED]) + line[c1:]
    corrected = tmp_path / "凉州区2024年报（修改稿）.txt"
    corrected.write_text("\n".join(lines), encoding="utf-8")
    page.goto(server[0] + "/")
    new = _upload(page, corrected)
    now = {(f.cells[0] if f.cells else f.code): f for f in api.review_states(db, new)}
    assert now[FIXED].state == "closed" and FIXED not in [k for k, f in now.items() if f.finding_id]
    assert found[FIXED].message in page.inner_text("ol.closed")
    assert _state(page, now[DISMISSED].finding_id) == "dismissed"
    assert "台账核实无误" in page.inner_text(f"#finding-{now[DISMISSED].finding_id}")
    _shot(page, "report-corrected", tmp_path)


def test_the_search_page(page, server, tmp_path):
    page.fill("form.search input[name=q]", "复议")
    page.click("form.search button")
    page.wait_for_url("**/search?q=*")
    assert page.locator("ol.hits li").count() == len(api.search(server[1], "复议")) > 0
    assert page.locator("ol.hits mark").first.inner_text() == "复议"
    _shot(page, "search", tmp_path)
