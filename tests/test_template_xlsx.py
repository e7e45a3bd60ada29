"""The XLSX template officials fill in: generated, filled with openpyxl as a program would (no
cached formula values), read back; recalculated by LibreOffice; locked, validated; and what an
office may type wrong named with its cell."""

from __future__ import annotations

import json
import random
import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from conftest import ALL_SOURCES, expected_for, run_cli
from generators.synth import random_cells
from gongkai import api
from gongkai.author.layout import tables
from gongkai.errors import UsageError
from gongkai.output.template_xlsx import totals
from gongkai.spec import load_format
from xlsx_helpers import convert, fill, meta_cell, places

pytestmark = pytest.mark.integration

REAL = ALL_SOURCES  # every hand-checked cell set: seven of the 2021 format, one of 2019


def _grid_keys(version: str) -> list[str]:
    return [c.key for grid in tables(version) for c in grid.cells if c.key]


def _summed(cells: dict, version: str) -> dict:
    """``cells`` on the template's keys, each total replaced by the sum of its parts (what the
    template's formulas show), blank where every part is."""
    out = {k: cells.get(k) for k in _grid_keys(version)}
    sums = totals(load_format(version))
    for key in ("t4", "t3"):  # t3's （七） column totals before its row totals
        for total, parts in sums.items():
            if total.startswith(key) and not total.endswith(".total"):
                out[total] = _sum(out, parts)
        for total, parts in sums.items():
            if total.startswith(key) and total.endswith(".total"):
                out[total] = _sum(out, parts)
    return out


def _sum(cells: dict, parts: tuple[str, ...]):
    found = [cells[p] for p in parts if cells.get(p) is not None]
    return sum(found) if found else None


def _template(tmp_path: Path, year: int, version: str, agency: str = "某某县人民政府") -> Path:
    path = tmp_path / "T.xlsx"
    path.write_bytes(api.template(year, version=version, agency=agency))
    return path


@pytest.mark.parametrize("source", REAL, ids=lambda p: p.name)
def test_real_cell_sets_round_trip(tmp_path, source):
    expected = expected_for(source)
    version, year = expected["meta"]["format"], expected["meta"]["year"]
    path = _template(tmp_path, year, version)
    formulas = fill(path, expected["cells"], version, published=datetime(2025, 1, 20))
    assert formulas == set(totals(load_format(version)))
    data = api.load_data(path)
    assert data.meta == {"agency": "某某县人民政府", "year": year, "format": version, "published": "2025-01-20"}
    assert data.cells == _summed(expected["cells"], version)
    printed = {k: expected["cells"].get(k) for k in _grid_keys(version)}
    wrong_totals = {k for k in printed if printed[k] != data.cells[k]}
    if source.name.startswith("000_"):  # the report's own two wrong row totals, corrected by the formulas
        assert wrong_totals == {"t3.granted.total", "t3.partly_granted.total"}
    else:
        assert wrong_totals == set()


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_generated_cell_sets_round_trip(tmp_path, version):
    rng = random.Random(14)
    for n in range(3):
        cells = random_cells(load_format(version), rng)
        path = _template(tmp_path, 2020 if version == "2019" else 2024, version)
        fill(path, cells, version)
        data = api.load_data(path)
        assert data.cells == {k: cells[k] for k in _grid_keys(version)}, f"draw {n}"
        assert data.version == version


def test_blank_cells_stay_blank_and_totals_of_blanks_are_blank(tmp_path):
    path = _template(tmp_path, 2024, "2021", agency="")
    fill(path, {"t3.granted.natural_person": 3}, "2021")
    data = api.load_data(path)
    assert data.meta["agency"] is None and data.meta["published"] is None
    assert data.cells["t3.granted.total"] == 3 and data.cells["t3.results_total.natural_person"] == 3
    assert data.cells["t3.results_total.total"] == 3
    assert data.cells["t3.new_received.total"] is None and data.cells["t2.fees.amount"] is None


def test_libreoffice_computes_the_totals_and_the_check_row(tmp_path):
    """A program-filled template opened in a spreadsheet: the formulas give the totals the
    identities need, the check row says 相符, or 不符 with the difference; and the saved file
    (cached values now) reads back the same."""
    expected = expected_for(next(p for p in REAL if p.name.startswith("001_")))
    cells = dict(expected["cells"])
    path = _template(tmp_path, 2021, "2021")
    cells["t3.carried_forward.commercial"] = (cells["t3.carried_forward.commercial"] or 0) + 3  # unbalanced
    fill(path, cells, "2021")
    out = convert(path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    wb = load_workbook(out, data_only=True)
    where = places(wb, "2021")
    shown = {k: wb[s][c].value for k, (s, c) in where.items()}
    summed = _summed(cells, "2021")
    assert {k: shown[k] for k in totals(load_format("2021"))} == {k: summed[k] for k in totals(load_format("2021"))}
    ws = wb["表三"]
    below = int(where["t3.carried_forward.total"][1][1:]) + 1
    check = [ws.cell(below, c).value for c in range(1, 11)]
    assert check[0].startswith("勾稽关系核对")
    assert check[3:] == ["相符", "不符\n-3", "相符", "相符", "相符", "相符", "不符\n-3"]
    assert api.load_data(out).cells == summed


def test_labels_locked_inputs_open_totals_locked_and_validated(tmp_path):
    path = _template(tmp_path, 2020, "2019")
    wb = load_workbook(path)
    where = places(wb, "2019")
    sums = totals(load_format("2019"))
    for sheet in wb.worksheets:
        assert sheet.protection.sheet and not sheet.protection.password, sheet.title
    assert wb.security.lockStructure
    for grid in tables("2019"):
        ws = wb[{"t2": "表二", "t3": "表三", "t4": "表四"}[grid.table]]
        for c in grid.cells:
            cell = ws.cell(4 + c.row, 1 + c.col)
            if c.key is None:
                assert cell.protection.locked and cell.value == c.text
            else:
                assert cell.protection.locked == (c.key in sums), c.key
    rules = {}
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            for r in dv.sqref.ranges:
                for row in ws.iter_rows(min_row=r.min_row, max_row=r.max_row, min_col=r.min_col, max_col=r.max_col):
                    for cell in row:
                        rules[(ws.title, cell.coordinate)] = dv
    typed = [k for k in where if k not in sums]
    assert all(where[k] in rules for k in typed)
    assert not any(where[k] in rules for k in sums)
    count, change, money = (rules[where[k]] for k in ("t3.granted.natural_person", "t2.licensing.change",
                                                      "t2.procurement.amount"))
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert (change.type, change.operator) == ("whole", "between") and int(change.formula1) < 0
    assert money.type == "custom" and "ROUND(" in money.formula1 and ",4)" in money.formula1
    assert all(rules[where[k]].showErrorMessage for k in typed)


def test_text_typed_where_numbers_belong(tmp_path):
    path = _template(tmp_path, 2020, "2019")
    typed = {"t3.granted.natural_person": "12 ", "t3.granted.commercial": "１２", "t2.procurement.amount": "2192.63万元",
             "t2.licensing.change": "－3", "t3.granted.research": "1,234", "t3.granted.other_org": "无"}
    fill(path, {}, "2019", typed=typed, published="2021年1月20日")
    data = api.load_data(path)
    assert [data.cells[k] for k in typed] == [12, 12, 2192.63, -3, 1234, None]
    assert data.cells["t3.granted.total"] == 12 + 12 + 1234
    assert data.meta["published"] == "2021-01-20"


def test_every_bad_cell_named_at_once(tmp_path):
    path = _template(tmp_path, 2024, "2021")
    typed = {"t3.granted.natural_person": "十二", "t3.granted.commercial": -1, "t3.granted.research": 1.5,
             "t4.review.upheld": "3件多"}
    fill(path, {}, "2021", typed=typed, published="明年")
    with pytest.raises(UsageError) as e:
        api.load_data(path)
    message = str(e.value)
    assert message.startswith(f"{path}: ")
    assert "基本信息 B6: '明年' 不是日期" in message  # the meta block is read first, then the tables
    path = _template(tmp_path, 2024, "2021")
    fill(path, {}, "2021", typed=typed)
    message = str(pytest.raises(UsageError, api.load_data, path).value)
    for part in ("表三 D9: '十二' 不是数字", "表三 E9: -1 不能为负数", "表三 F9: 1.5 不是整数（件数）",
                 "表四 A7: '3件多' 不是数字"):
        assert part in message


def test_a_formula_it_cannot_compute_asks_for_a_save(tmp_path):
    path = _template(tmp_path, 2024, "2021")
    fill(path, {}, "2021", typed={"t3.granted.total": "=D9*2"})
    message = str(pytest.raises(UsageError, api.load_data, path).value)
    assert "表三 J9: 公式 =D9*2 无法在此计算" in message and "保存" in message


def test_a_moved_table_is_refused_not_misread(tmp_path):
    path = _template(tmp_path, 2024, "2021")
    wb = load_workbook(path)
    wb["表三"].insert_rows(12)
    wb.save(path)
    message = str(pytest.raises(UsageError, api.load_data, path).value)
    assert "表三 C12: 应为“2.其他法律行政法规禁止公开”，实为“”" in message and "重新生成模板" in message


def test_files_that_are_no_template(tmp_path):
    other = tmp_path / "other.xlsx"
    wb = Workbook()
    wb.active["A1"] = "单位"
    wb.save(other)
    assert "不是 gongkai 生成的填报模板" in str(pytest.raises(UsageError, api.load_data, other).value)
    text = tmp_path / "renamed.xlsx"
    text.write_text("总计 12", encoding="utf-8")
    assert "不是 Excel 工作簿" in str(pytest.raises(UsageError, api.load_data, text).value)
    assert "无法读取文件" in str(pytest.raises(UsageError, api.load_data, tmp_path / "missing.xlsx").value)
    docx = tmp_path / "report.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert "不是 Excel 工作簿" in str(pytest.raises(UsageError, api.load_data, docx).value)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook>gongkai_t3</workbook>")
        z.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 5_000_000)
    start = time.perf_counter()
    assert "解压后过大" in str(pytest.raises(UsageError, api.load_data, bomb).value)
    assert time.perf_counter() - start < 2
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(api.template(2024)[:5000])
    assert str(pytest.raises(UsageError, api.load_data, broken).value).startswith(f"{broken}: ")


def test_load_dispatches_by_suffix(tmp_path):
    (tmp_path / "d.json").write_text(json.dumps({"meta": {"year": 2024}, "cells": {"t3.granted.total": 2}}),
                                     encoding="utf-8")
    (tmp_path / "d.yaml").write_text("meta:\n  year: 2020\ncells:\n  t3.other.total: 1\n", encoding="utf-8")
    assert api.load_data(tmp_path / "d.json").cells == {"t3.granted.total": 2}
    assert api.load_data(tmp_path / "d.yaml").version == "2019"
    (tmp_path / "d.csv").write_text("a,b", encoding="utf-8")
    assert "不支持的数据文件类型" in str(pytest.raises(UsageError, api.load_data, tmp_path / "d.csv").value)
    (tmp_path / "gbk.json").write_bytes("{\"meta\": {\"agency\": \"某县\"}}".encode("gbk"))
    assert "不是 UTF-8" in str(pytest.raises(UsageError, api.load_data, tmp_path / "gbk.json").value)


def test_cli_writes_the_years_format_and_refuses_bad_usage(tmp_path):
    done = run_cli("template", "--year", "2020", "--agency", "某某镇人民政府", "-o", tmp_path / "T.xlsx")
    assert done.returncode == 0, done.stderr
    assert "2019 格式" in done.stderr
    wb = load_workbook(tmp_path / "T.xlsx")
    assert meta_cell(wb, "format").value == "2019" and meta_cell(wb, "agency").value == "某某镇人民政府"
    assert wb["表二"]["A1"].value == "某某镇人民政府2020年政府信息公开工作年度报告"
    for args, said in ((("--year", "2024", "-o", tmp_path / "T.csv"), "须写成 .xlsx"),
                       (("--year", "1999", "-o", tmp_path / "T.xlsx"), "年度 1999 不在"),
                       (("--year", "2024", "--format", "2018", "-o", tmp_path / "T.xlsx"), "'2018' is not one of"),
                       (("--year", "2024", "-o", tmp_path / "no" / "such" / "T.xlsx"), "无法写入")):
        done = run_cli("template", *args)
        assert done.returncode == 2 and "Traceback" not in done.stderr, args
        assert said in done.stderr, done.stderr
