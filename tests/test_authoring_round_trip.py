"""The whole authoring path: an office's registers → `tabulate` → table 二 typed in → `render`
→ the published document read back by the real readers → the same cells, and `check` finds
no error. Both format versions; DOCX and XLSX (the HTML and PDF forms: tests/test_render.py)."""

from __future__ import annotations

import random

import pytest

from generators.registers import applications, cases, write_cases, write_requests
from generators.synth import random_cells
from gongkai import api
from gongkai.spec import load_format

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(("version", "year", "seed"), [("2021", 2024, 5), ("2019", 2020, 6)])
@pytest.mark.parametrize("to", ["docx", "xlsx"])
def test_registers_to_a_published_report_and_back(tmp_path, version, year, seed, to):
    requests, found = tmp_path / "申请登记.csv", tmp_path / "复议诉讼.xlsx"
    write_requests(applications(seed, year, 400), requests, seed, year, 1, "gbk")
    write_cases(cases(seed, year, 40), found, seed)
    tabulated = api.tabulate([requests, found], year, version=version, agency="某某县人民政府")
    assert tabulated.problems == []
    data = tabulated.data
    data.cells.update({k: v for k, v in random_cells(load_format(version), random.Random(seed)).items()
                       if k.startswith("t2.")})
    data.meta["published"] = f"{year + 1}-01-25"
    out = tmp_path / f"报告.{to}"
    result = api.render(data, to, out)
    assert result.written and not result.mismatches and not result.unprinted
    assert "三" in result.generated and "四" in result.generated  # the sentences restating the tables
    report = api.extract(out)
    assert {k: report.cells.get(k) for k, v in data.cells.items()} == data.cells
    errors = {f.code for f in api.check(report) if f.severity == "error"}
    assert errors == (set() if to == "docx" else {"STR001"})  # a workbook holds the tables only


def test_tabulate_into_existing_data_keeps_what_was_typed(tmp_path):
    """A re-count replaces the counted tables only: table 二 and the narrative stay."""
    import json
    import subprocess
    import sys

    year, seed = 2024, 8
    requests = tmp_path / "申请.csv"
    write_requests(applications(seed, year, 120), requests, seed, year)
    typed = {"meta": {"agency": "某某县人民政府", "year": year, "format": "2021"},
             "cells": {"t2.regulations.made": 2, "t3.granted.total": 999, "t4.review.total": 3},
             "sections": {"一": "本年度……", "五": "存在的问题……"}}
    existing = tmp_path / "2024.json"
    existing.write_text(json.dumps(typed, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.json"
    run = subprocess.run([sys.executable, "-m", "gongkai", "tabulate", str(requests), "--year", str(year),
                          "--into", str(existing), "-o", str(out)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    counted = api.tabulate([requests], year).data.cells
    assert data["cells"]["t2.regulations.made"] == 2 and data["cells"]["t4.review.total"] == 3  # kept
    assert data["cells"]["t3.granted.total"] == counted["t3.granted.total"] != 999  # counted again
    assert data["sections"] == typed["sections"] and data["meta"]["agency"] == "某某县人民政府"
    typed["meta"]["year"] = 2023
    existing.write_text(json.dumps(typed, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "gongkai", "tabulate", str(requests), "--year", str(year),
                          "--into", str(existing), "-o", str(out)], capture_output=True, text=True, check=False)
    assert run.returncode == 2 and "2023" in run.stderr and "Traceback" not in run.stderr
