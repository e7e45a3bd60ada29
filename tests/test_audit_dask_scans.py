"""A scanned PDF on the dask engine: read page by page (one task a page, then one that
assembles the Document and extracts and checks it), and stored exactly as the local engine
stores it; a page that runs out of time fails its source, named, and the run goes on.

OCR is slow on this two-core machine (≈ 5-20 s a page): one two-page scan (the last two
pages of a rendered 2021 report, tables 三 and 四, rasterised at 150 dpi) and a text report,
on a LocalCluster of 2 workers.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from gongkai import api
from test_audit_dask import by_body

pytestmark = pytest.mark.integration

distributed = pytest.importorskip("distributed")
pytest.importorskip("rapidocr")

import test_reader_pdf as pdf_tests  # after the skips: the OCR tests need its extra
from test_reader_ocr import _image_pdf, _rasterise, _report

cjk_font = pdf_tests.cjk_font  # the fixture: the CJK font registered for rendering

SEED = 22  # a three-page report that OCR reads back whole at 150 dpi (test_reader_ocr)
PAGES = slice(1, 3)  # its pages 2 and 3: table 三 broken over them, then table 四


@pytest.fixture(scope="module")
def scans(tmp_path_factory, cjk_font) -> Path:
    """Two pages of a scanned report, and a text report beside it."""
    from generators.corpus import write_corpus

    root = tmp_path_factory.mktemp("scans")
    _, _, pdf = _report(SEED)
    (root / "scan.pdf").write_bytes(_image_pdf(_rasterise(pdf, 150)[PAGES], 150))
    write_corpus(root / "text", seed=5, size=1, forms={"text": 1.0}, keep_cells=False)
    return root


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, memory_limit="2GiB",
                                  dashboard_address=":0") as c, distributed.Client(c) as client:
        yield client


def test_a_scan_read_page_by_page_is_stored_as_the_local_engine_stores_it(scans, cluster, tmp_path):
    local = str(tmp_path / "local.db")
    summary = api.audit([scans], db=local, jobs=1)
    assert summary.failed == 0 and summary.seen > 1, summary.errors
    split = str(tmp_path / "dask.db")
    with distributed.get_task_stream(client=cluster) as stream:
        summary = api.audit([scans], db=split, engine="dask", scheduler=cluster.scheduler.address)
    assert summary.failed == 0 and summary.seen > 1, summary.errors
    names = [t["key"].split("-")[0] if isinstance(t["key"], str) else "" for t in stream.data]
    assert names.count("run_join") == 1 and names.count("run_batch") >= 1 + 2  # first task, two pages
    stored = by_body(local)
    assert by_body(split) == stored  # cells with their places (page, box), findings, texts: row by row
    scan = [c for c in stored["cells"] if c[0][0].endswith("scan.pdf")]
    assert sum(c[2] is not None for c in scan) > 100  # the scan was read, its tables' cells with values


def test_a_page_that_times_out_fails_its_scan_named_and_the_run_goes_on(tmp_path, cjk_font, cluster):
    """Pages 1 and 3 blank (read at once: no ink), page 2 a page of tables (seconds of OCR)."""
    from PIL import Image

    _, _, pdf = _report(SEED)
    first = _rasterise(pdf, 150)[0]
    blank = Image.new("L", first.size, "white")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "slow.pdf").write_bytes(_image_pdf([blank, first, blank], 150))
    (tmp_path / "in" / "a.txt").write_text("某某县人民政府2024年政府信息公开工作年度报告\n一、总体情况\n", encoding="utf-8")
    # what a blank page's task imports, imported before the clock starts (only page 2 may be slow)
    cluster.run(lambda: [__import__(m) for m in ("cv2", "numpy", "pypdfium2", "gongkai.api.batch", "gongkai.api.scans")])
    start = time.monotonic()
    summary = api.audit([tmp_path / "in"], db=str(tmp_path / "t.db"), engine="dask",
                        scheduler=cluster.scheduler.address, timeout=4)
    assert time.monotonic() - start < 120
    errors = dict(summary.errors)
    assert list(errors) == [str(tmp_path / "in" / "slow.pdf")]
    assert errors[str(tmp_path / "in" / "slow.pdf")].startswith("扫描件第 2 页处理超时：超过 4 秒")
    assert summary.seen == 2
