"""A directory walk takes the data files that hold a report (issue 11, form 2: HTML held in
a JSON document, JSON lines or a script), and skips the ones that do not (the hand-checked
``X.expected.json`` beside a report, a project's package.json, a script without markup).

The reports are generated here and saved as a crawler or a portal's API would serve them;
the folder is read by the real command, and every report's cells must come out right.
"""

from __future__ import annotations

import json
import re

from conftest import SEEDS_DIR, json_lines, run_cli
from generators.render_html import generate_html
from generators.synth import generate
from gongkai import api
from test_reader_docx import generate_docx


def _body(page: str) -> str:
    """A rendered page's article body: what a CMS stores and serves on its own."""
    m = re.search(r"<body[^>]*>(.*)</body>", page, re.DOTALL)
    assert m
    return m.group(1)


def _mixed_folder(tmp_path) -> dict[str, dict]:
    """A folder of reports in six forms and of files that are no reports: the path and the
    true cells of each report."""
    truth: dict[str, dict] = {}

    def put(name: str, data: bytes, cells: dict | None) -> None:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if cells is not None:
            truth[str(path)] = cells

    syn = generate(31, layout="tabs", version="2021", variants=())
    put("a-report.txt", syn.text.encode("utf-8"), syn.cells)
    # its truth beside it, as in the seeds folder: cells and provenance, no report markup
    put("a-report.expected.json", json.dumps({"cells": syn.cells}, ensure_ascii=False).encode(), None)
    html = [generate_html(700 + i, version) for i, version in enumerate(["2021", "2019", "2021", "2019"])]
    put("b-article.html", _body(html[0].page).encode("utf-8"), html[0].cells)
    # a CMS API response: escaped slashes, the body in a field
    api_doc = {"code": 200, "data": {"id": 8812, "title": "年度报告", "content": _body(html[1].page)}}
    put("c-detail.json", json.dumps(api_doc, ensure_ascii=False).replace("/", "\\/").encode(), html[1].cells)
    # a page's script: var content = "<table class=\"x\">…\u4e00…";
    script = f"var content = {json.dumps(_body(html[2].page))};\ndocument.getElementById('c').innerHTML = content;\n"
    put("d-content.js", script.encode(), html[2].cells)
    # one record of an export in JSON lines
    put("e-export.jsonl", (json.dumps({"id": 1, "html": _body(html[3].page)}) + "\n").encode(), html[3].cells)
    docx = generate_docx(41, "2021")
    put("f-report.docx", docx.data, docx.cells)
    # data files without a report: skipped by the walk
    put("package.json", b'{"name": "site", "version": "1.0.0", "scripts": {"build": "vite"}}\n', None)
    put("sub/config.js", b"var API = '/api/detail'; var PAGE = 20;\n", None)
    put("sub/notes.jsonl", '{"id": 1, "note": "<b>年度报告</b> 已发布"}\n'.encode(), None)
    return truth


def test_walk_takes_data_files_that_hold_a_report(tmp_path):
    truth = _mixed_folder(tmp_path)
    found = [r.source for r in api.walk([tmp_path])]
    assert found == sorted(truth)  # the walk is sorted: a-…f-, none of the files without a report
    assert not [r for r in api.walk([tmp_path]) if r.error or r.warning]


def test_cli_reads_a_mixed_folder_with_data_files(tmp_path):
    truth = _mixed_folder(tmp_path)
    run = run_cli("extract", "--json", tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    out = {o["source"]: o for o in json_lines(run.stdout)}
    assert set(out) == set(truth)
    for source, cells in truth.items():
        got = out[source]["cells"]
        assert {k: (got.get(k), v) for k, v in cells.items() if got.get(k) != v} == {}, source


def test_walking_the_seeds_reads_no_truth_file():
    found = [r.source for r in api.walk([SEEDS_DIR])]
    assert found and not [p for p in found if p.endswith(".json")]
    assert len(found) == len(list(SEEDS_DIR.glob("*.expected.json")))


def test_a_data_file_named_is_read_whatever_it_holds(tmp_path):
    # named on the command line, a file is read (and fails loudly): only the walk sorts
    (tmp_path / "package.json").write_bytes(b'{"name": "site"}\n')
    [result] = list(api.walk([tmp_path / "package.json"]))
    assert result.source == str(tmp_path / "package.json") and not result.warning
    [warned] = list(api.walk([tmp_path]))
    assert warned.warning and "json" in warned.warning
