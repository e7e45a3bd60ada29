"""`api.tabulate`: tables 三 and 四 counted from generated registers equal the true counts,
balance as the rule catalog checks them, and trace back to their rows."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from generators.registers import applications, cases, expected_cells, write_cases, write_requests
from generators.synth import random_cells, render
from gongkai import api
from gongkai.errors import ReadError, UsageError
from gongkai.extract import extract_document
from gongkai.readers import read_bytes
from gongkai.rules import check_report
from gongkai.spec import load_format

pytestmark = pytest.mark.integration

FORMS = [(".csv", "utf-8"), (".csv", "utf-8-sig"), (".csv", "gbk"), (".csv", "gb18030"), (".xlsx", "")]


def _registers(tmp_path: Path, seed: int, year: int, n: int, variant: int, suffix: str, encoding: str):
    apps, found = applications(seed, year, n), cases(seed, year, n // 8)
    requests, case_file = tmp_path / f"申请{suffix}", tmp_path / f"复议诉讼{suffix}"
    write_requests(apps, requests, seed, year, variant, encoding or "utf-8")
    write_cases(found, case_file, seed, variant % 2, encoding or "utf-8")
    return apps, found, [requests, case_file]


@pytest.mark.parametrize(("version", "year"), [("2021", 2024), ("2019", 2020)])
@pytest.mark.parametrize("variant", [0, 1, 2])
@pytest.mark.parametrize(("suffix", "encoding"), FORMS)
def test_generated_registers_give_the_true_counts(tmp_path, version, year, variant, suffix, encoding):
    seed = variant * 10 + FORMS.index((suffix, encoding))
    apps, found, paths = _registers(tmp_path, seed, year, 300, variant, suffix, encoding)
    t = api.tabulate(paths, year, version=version)
    assert t.problems == []
    expected = expected_cells(apps, found, year, version)
    assert t.data.cells == expected
    assert t.data.meta == {"year": year, "format": version}
    # the registers really span the cases that matter: carried over, carried forward, each group
    for key in ("t3.new_received.total", "t3.carried_over.total", "t3.carried_forward.total",
                "t3.granted.total", "t4.review.total", "t4.suit_after_review.pending"):
        assert expected[key] > 0, key
    assert ("t3.other.total" in t.data.cells) == (version == "2019")


@pytest.mark.parametrize(("version", "year", "seed"), [("2021", 2023, 1), ("2019", 2019, 2), ("2021", 2025, 3)])
def test_the_tables_pass_the_rule_catalog(tmp_path, version, year, seed):
    """Printed as a report with table 二 added, read back and checked: every identity holds."""
    *_, paths = _registers(tmp_path, seed, year, 500, seed % 3, ".csv", "utf-8")
    t = api.tabulate(paths, year, version=version, agency="某某县人民政府")
    spec = load_format(version)
    cells = {k: v for k, v in random_cells(spec, random.Random(seed)).items() if k.startswith("t2.")}
    cells.update(t.data.cells)
    text = render(cells, spec, "tabs", random.Random(seed), "某某县人民政府", year)
    doc = read_bytes(text.encode(), "tabulated.txt")
    report = extract_document(doc)
    assert {k: report.cells[k] for k in t.data.cells} == t.data.cells
    findings = check_report(doc, report, select=["T3", "T4"])
    assert [f for f in findings if f.severity == "error"] == []
    parts = [c for c in spec.t3_columns if c != "total"]
    for c in [*parts, "total"]:  # 本年新收 + 上年结转 = 总计 + 结转下年度, column by column
        get = t.data.cells.get
        assert get(f"t3.new_received.{c}") + get(f"t3.carried_over.{c}") == \
            get(f"t3.results_total.{c}") + get(f"t3.carried_forward.{c}")


def test_every_cell_explains_itself_by_its_rows(tmp_path):
    apps, _, paths = _registers(tmp_path, 5, 2024, 400, 0, ".xlsx", "")
    t = api.tabulate(paths, 2024)
    by_id = {a.id: a for a in apps}
    for key, value in t.data.cells.items():
        rows = t.explain(key)
        assert len(rows) == value, key
        assert len({(r.source, r.row) for r in rows}) == value, key
    for ref in t.explain("t3.denied_third_party.natural_person"):
        a = by_id[ref.id]
        assert (a.row, a.column) == ("denied_third_party", "natural_person")
        assert a.concluded is not None and a.concluded.year == 2024
    carried = t.explain("t3.carried_over.total")
    assert carried and all(by_id[r.id].received.year < 2024 for r in carried)
    assert {r.row for r in t.explain("t3.granted.commercial")} <= {r.row for r in t.explain("t3.granted.total")}
    assert "申请.xlsx 第" in str(carried[0]) and f"编号 {carried[0].id}" in str(carried[0])
    assert t.label("t3.granted.natural_person") == "表三 （一）予以公开 · 自然人"
    with pytest.raises(UsageError, match="t3.granted.natural_person"):
        t.explain("t3.granted.natural_persn")


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    path.write_bytes("\n".join(",".join(r) for r in rows).encode(encoding) + b"\n")
    return path


HEAD = ["申请编号", "收到申请日期", "申请人类型", "法人或其他组织类别", "办结日期", "办理结果", "具体情形"]


def test_rows_that_cannot_be_placed_are_listed_with_their_row_numbers(tmp_path):
    rows = [HEAD,
            ["A1", "2024-01-05", "自然人", "", "2024-02-01", "予以公开", ""],  # row 2: counted
            ["A2", "2024-02-30", "自然人", "", "", "", ""],  # 3: no such day
            ["A3", "2024-03-05", "自然人", "", "2024-03-01", "予以公开", ""],  # 4: concluded before received
            ["A1", "2024-01-05", "自然人", "", "2024-02-01", "予以公开", ""],  # 5: a copy of row 2
            ["A6", "2024-04-01", "自然人", "", "2024-04-02", "暂不答复", ""],  # 6: unknown outcome
            ["A7", "2024-04-01", "外国人", "", "2024-04-02", "予以公开", ""],  # 7: unknown applicant
            ["A8", "2024-04-01", "法人或其他组织", "", "2024-04-02", "予以公开", ""],  # 8: no sub-type
            ["A9", "", "自然人", "", "2024-04-02", "予以公开", ""],  # 9: no received date
            ["B1", "2024-05-01", "自然人", "", "2024-05-03", "予以公开", ""],  # 10, 11: one ID, two contents
            ["B1", "2024-05-01", "自然人", "", "2024-05-09", "不予公开", "属于国家秘密"],
            ["C1", "2022-05-01", "外国人", "", "2022-05-09", "暂不答复", ""],  # 12: another year's: no problem
            ["C2", "2024-06-01", "自然人", "", "", "予以公开", ""],  # 13: a result but no concluded date
            ["C3", "2024-06-01", "自然人", "", "2024-06-05", "其他处理", ""],  # 14: which （六）?
            ["C4", "2024-06-01", "自然人", "", "2024-06-05", "不予公开", ""],  # 15: no reason
            ]
    path = _csv(tmp_path / "register.csv", rows)
    t = api.tabulate([path], 2024)
    reasons = {p.row: p.reason for p in t.problems}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15]
    assert all(p.source == str(path) for p in t.problems)
    assert "不存在" in reasons[3] and "收到申请日期" in reasons[3]
    assert "早于" in reasons[4]
    assert "与第2行重复" in reasons[5]
    assert "暂不答复" in reasons[6] and "外国人" in reasons[7]
    assert "未注明类别" in reasons[8] and "未填写收到申请日期" in reasons[9]
    assert "第10行、第11行" in reasons[10] and reasons[10] == reasons[11]
    assert "没有办结日期" in reasons[13] and "具体情形" in reasons[14] and "不予公开" in reasons[15]
    assert t.data.cells["t3.new_received.total"] == 1 == t.data.cells["t3.granted.natural_person"]
    assert t.data.cells["t3.carried_forward.total"] == 0
    assert str(t.problems[0]) == f"{path} 第3行：收到申请日期：日期“2024-02-30”不存在"
    # 2019: （六） is one row, so 其他处理 needs no sub-reason
    assert api.tabulate([path], 2020, version="2019").data.cells["t3.other.natural_person"] == 0
    t19 = api.tabulate([path], 2024, version="2019")
    assert t19.data.cells["t3.other.natural_person"] == 1 and 14 not in {p.row for p in t19.problems}


@pytest.mark.parametrize(("typed", "iso"), [
    ("2024-01-05", "2024-01-05"), ("2024/1/5", "2024-01-05"), ("2024.1.5", "2024-01-05"),
    ("2024年1月5日", "2024-01-05"), ("20240105", "2024-01-05"), ("45296", "2024-01-05"),
    ("45296.375", "2024-01-05"), ("2024-01-05 09:30:00", "2024-01-05"), ("２０２４年１月５日", "2024-01-05"),
    ("2024年12月31日", "2024-12-31"), (" 2024 / 12 / 31 ", "2024-12-31")])
def test_dates_in_the_forms_offices_type(tmp_path, typed, iso):
    path = _csv(tmp_path / "r.csv", [HEAD, ["A1", typed, "自然人", "", "", "", ""]])
    t = api.tabulate([path], int(iso[:4]))
    assert t.problems == []
    assert t.data.cells["t3.new_received.natural_person"] == 1
    assert iso in t.explain("t3.new_received.natural_person")[0].detail


@pytest.mark.parametrize("typed", ["2024-13-01", "2023-02-29", "昨天", "2024-1", "12345", "1899-01-01"])
def test_dates_nobody_can_read_are_problems(tmp_path, typed):
    path = _csv(tmp_path / "r.csv", [HEAD, ["A1", typed, "自然人", "", "", "", ""]])
    t = api.tabulate([path], 2024)
    assert [p.row for p in t.problems] == [2] and typed in t.problems[0].reason
    assert t.data.cells["t3.new_received.total"] == 0


def test_blank_rows_are_skipped_and_rows_keep_the_sheets_numbers(tmp_path):
    apps = applications(9, 2024, 200)
    apps[50].received = apps[50].received.replace(year=2030)  # a date far out: counted nowhere, no problem
    path = tmp_path / "r.xlsx"
    write_requests(apps, path, 9, 2024, variant=2, blank_rows=0.3)
    t = api.tabulate([path], 2024)
    assert t.problems == []
    assert t.data.cells == expected_cells(apps, None, 2024, "2021")
    import openpyxl

    sheet = openpyxl.load_workbook(path).active
    for ref in t.explain("t3.new_received.total")[:20]:
        assert sheet.cell(row=ref.row, column=2).value == ref.id  # 序号 first, then the ID


def test_missing_columns_are_named(tmp_path):
    path = _csv(tmp_path / "r.csv", [["编号", "日期", "申请人类型", "结果"], ["1", "2024-01-01", "自然人", "予以公开"]])
    with pytest.raises(UsageError) as e:
        api.tabulate([path], 2024)
    message = str(e.value)
    assert message.startswith(f"{path}: ")
    assert "收到申请日期" in message and "办结日期" in message and "办理结果" in message
    assert "申请人类型”" not in message  # found, so not missing
    assert "--mapping" in message and "日期、申请人类型" in message


@pytest.mark.parametrize("suffix", [".toml", ".yaml", ".csv"])
def test_a_mapping_file_names_local_headers(tmp_path, suffix):
    path = _csv(tmp_path / "r.csv", [["件号", "来信时间", "身份", "结论", "完成时间"],
                                     ["X1", "2024-03-01", "公民", "同意公开", "2024-03-09"],
                                     ["X2", "2023-12-30", "公民", "", ""]], encoding="gbk")
    pairs = {"件号": "id", "来信时间": "received", "身份": "applicant", "结论": "outcome", "完成时间": "办结日期"}
    mapping = tmp_path / f"mapping{suffix}"
    if suffix == ".toml":
        mapping.write_text("[columns]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in pairs.items()), encoding="utf-8")
    elif suffix == ".yaml":
        mapping.write_text("".join(f"{k}: {v}\n" for k, v in pairs.items()), encoding="utf-8")
    else:
        _csv(mapping, [["本地表头", "字段"], *[[k, v] for k, v in pairs.items()]])
    t = api.tabulate([path], 2024, mapping=mapping)
    assert t.problems == []
    assert t.data.cells["t3.granted.natural_person"] == 1 and t.data.cells["t3.carried_over.natural_person"] == 1
    assert t.data.cells["t3.carried_forward.total"] == 1
    assert t.columns[0][2]["received"] == "来信时间"


def test_a_mapping_to_an_unknown_field_is_refused(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('"来信时间" = "收信日"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="来信时间.*收信日.*received"):
        api.tabulate([_csv(tmp_path / "r.csv", [HEAD])], 2024, mapping=mapping)


def test_bad_files_are_clear_errors(tmp_path):
    with pytest.raises(ReadError, match="文件不存在"):
        api.tabulate([tmp_path / "none.csv"], 2024)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ReadError, match="broken.xlsx: 无法读取登记表"):
        api.tabulate([broken], 2024)
    noise = tmp_path / "noise.csv"
    noise.write_bytes(bytes(range(128, 256)) * 20)
    with pytest.raises(ReadError, match="noise.csv: 无法读取登记表：既不是 XLSX，也不是 UTF-8 或 GBK"):
        api.tabulate([noise], 2024)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\n\n")
    with pytest.raises(UsageError, match="empty.csv: 登记表是空的"):
        api.tabulate([empty], 2024)
    ok = _csv(tmp_path / "ok.csv", [HEAD])
    with pytest.raises(UsageError, match="同一个登记表给出了两次"):
        api.tabulate([ok, tmp_path / "." / "ok.csv"], 2024)
    with pytest.raises(UsageError, match="格式版本"):
        api.tabulate([ok], 2024, version="2018")


def test_cases_count_into_table_four(tmp_path):
    rows = [["案件编号", "类型", "是否经复议", "收案日期", "审理结果", "结案日期"],
            ["C1", "行政复议", "", "2024-03-01", "维持", "2024-05-01"],
            ["C2", "行政诉讼", "是", "2024-06-01", "", ""],
            ["C3", "行政诉讼", "否", "2023-11-01", "撤销", "2024-02-01"],
            ["C4", "行政诉讼", "", "2024-01-01", "驳回起诉", "2024-02-01"],  # direct or after review?
            ["C5", "行政复议", "", "2023-01-01", "维持", "2023-05-01"],  # another year's
            ["C6", "行政复议", "", "2024-12-01", "维持", "2025-01-20"]]  # pending on 31 December
    t = api.tabulate([_csv(tmp_path / "cases.csv", rows)], 2024)
    c = t.data.cells
    assert (c["t4.review.upheld"], c["t4.review.pending"], c["t4.review.total"]) == (1, 1, 2)
    assert (c["t4.suit_direct.corrected"], c["t4.suit_after_review.pending"]) == (1, 1)
    assert [(p.row, "是否经过复议" in p.reason) for p in t.problems] == [(5, True)]
    assert not any(k.startswith("t3.") for k in c)  # no request register: table 三 stays blank


def test_two_years_registers_count_each_application_once(tmp_path):
    """Last year's register lists an application open; this year's lists it again, concluded
    (or still open, its dates typed another way): one application, counted once, no problem."""
    apps = [a for a in applications(21, 2024, 400) if a.received.year >= 2023]
    last = [dataclasses.replace(a, concluded=None, row=None, outcome="", reason="")
            if a.concluded is None or a.concluded.year > 2023 else a
            for a in apps if a.received.year == 2023]
    this = [a for a in apps if a.received.year == 2024 or a.concluded is None or a.concluded.year > 2023]
    write_requests(last, tmp_path / "2023.csv", 1, 2023, variant=0)
    write_requests(this, tmp_path / "2024.xlsx", 2, 2024, variant=1)
    assert len(this) + len(last) > len(apps) + 20  # many listed in both
    t = api.tabulate([tmp_path / "2023.csv", tmp_path / "2024.xlsx"], 2024)
    assert t.problems == []
    assert t.data.cells == expected_cells(apps, None, 2024, "2021")


def test_one_id_twice_in_one_register_is_a_conflict_even_when_one_row_completes_the_other(tmp_path):
    path = _csv(tmp_path / "r.csv", [HEAD, ["A5", "2023/12/20", "自然人", "", "", "", ""],
                                     ["A5", "2023-12-20", "自然人", "", "2024-01-10", "予以公开", ""]])
    t = api.tabulate([path], 2024)
    assert [p.row for p in t.problems] == [2, 3] and "内容不同" in t.problems[0].reason
    assert t.data.cells["t3.carried_over.total"] == 0


def test_deadline_columns_are_not_taken_for_dates(tmp_path):
    path = _csv(tmp_path / "r.csv", [["申请编号", "收件日期", "申请人类型", "应办结日期", "实际办结日期", "答复结果"],
                                     ["A1", "2024-01-05", "自然人", "2024-02-01", "2024-01-20", "予以公开"]])
    t = api.tabulate([path], 2024)
    assert t.columns[0][2]["concluded"] == "实际办结日期"
    assert "办结 2024-01-20" in t.explain("t3.granted.natural_person")[0].detail


def test_old_excel_files_are_refused_with_what_to_do(tmp_path):
    old = tmp_path / "台账.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(ReadError, match="台账.xls: 不支持 .xls 格式的表格，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV"):
        api.tabulate([old], 2024)


def test_a_workbook_whose_first_sheet_is_no_register_says_so(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "填表说明"
    book.active["A1"] = "本表由办公室每月更新"
    book.create_sheet("台账").append(HEAD)
    path = tmp_path / "台账.xlsx"
    book.save(path)
    with pytest.raises(UsageError, match=r"缺少以下列.*表头为（只读取第一个工作表）：本表由办公室每月更新"):
        api.tabulate([path], 2024)
