"""The 退回清单 (XLSX, DOCX) and the region summary workbook, from a store an audit filled.

A small corpus of one region is generated with planted errors (a wrong 表三 cell in a text
report, one in a Word report, a wrong 表四 total, a 2019-format report, a body that published
two reports in one year), audited into SQLite and PostgreSQL, and the files are reopened with
openpyxl and python-docx: every finding is listed once, where it is, under the labels the form
prints, with its values, rule, basis and severity in Chinese. LibreOffice renders one of each
to PDF, which is read back to see the page is A4 landscape and carries the text.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document as open_docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook

import test_reader_docx as docx_tests
from conftest import BACKENDS, run_cli
from generators.synth import generate, render
from gongkai import api
from gongkai.errors import UsageError
from gongkai.model import Finding
from gongkai.output import returns as returns_output
from gongkai.output import summary as summary_output
from gongkai.output.returns_docx import docx as returns_docx
from gongkai.records import BodyReports, StoredReport, SummaryRow
from gongkai.rules import REGISTRY
from gongkai.spec import load_format, versions
from gongkai.spec.labels import cell_label

pytestmark = pytest.mark.integration

GOV, POLICE, GULANG, EDU = "武威市凉州区人民政府", "武威市凉州区公安分局", "武威市古浪县人民政府", "武威市凉州区教育局"
# (file, body, year, format, planted change, the planted cell's label as the form prints it)
PLANTED = [
    ("gov-2023.txt", GOV, 2023, "2021", {}, None),
    ("gov-2024.txt", GOV, 2024, "2021", {"t3.granted.natural_person": 3}, "表三 （一）予以公开 · 自然人"),
    ("police-2024.docx", POLICE, 2024, "2021", {"t3.denied_security_stability.commercial": 2},
     "表三 （三）不予公开 3.危及“三安全一稳定” · 法人或其他组织·商业企业"),
    ("police-2024-part2.txt", POLICE, 2024, "2021", {}, None),
    ("gulang-2024.txt", GULANG, 2024, "2021", {"t4.review.total": 1}, "表四 行政复议 · 总计"),
    ("edu-2020.txt", EDU, 2020, "2019", {"t3.other.natural_person": 1}, "表三 （六）其他处理 · 自然人"),
]
ISSUED = date(2025, 4, 2)
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def write_corpus(folder: Path) -> None:
    """The planted reports: tab-separated text, and one Word file (so that a finding's place
    is a table, row and column)."""
    for seed, (name, agency, year, version, changes, _) in enumerate(PLANTED, 31):
        spec = load_format(version)
        cells = dict(generate(seed, layout="tabs", version=version, variants=(), collapsed=False).cells)
        for key, delta in changes.items():
            cells[key] += delta
        if name.endswith(".docx"):
            (folder / name).write_bytes(docx_tests.render_docx(cells, spec, random.Random(seed), agency, year, set()))
        else:
            (folder / name).write_text(render(cells, spec, "tabs", random.Random(seed), agency, year),
                                       encoding="utf-8")


def audit_corpus(folder: Path, target: str) -> tuple[str, dict[str, list[Finding]]]:
    """The corpus audited into ``target``: the target and every finding the audit gave, per
    file name."""
    write_corpus(folder)
    summary = api.audit([folder], db=target, jobs=1)
    assert summary.seen == len(PLANTED) and not summary.errors
    per_file: dict[str, list[Finding]] = {name: [] for name, *_ in PLANTED}
    for f in summary.findings:
        per_file[os.path.basename(f.source)].append(f)
    return target, per_file


@pytest.fixture(scope="module", params=BACKENDS)
def audited(request, tmp_path_factory) -> tuple[str, dict[str, list[Finding]]]:
    """The corpus audited into SQLite, then into PostgreSQL."""
    if request.param == "sqlite":
        target = str(tmp_path_factory.mktemp("returns-db") / "audit.db")
    else:
        target = request.getfixturevalue("postgres_cluster").new_database()
    return audit_corpus(tmp_path_factory.mktemp("returns-corpus"), target)


@pytest.fixture(scope="module")
def audited_sqlite(tmp_path_factory) -> tuple[str, dict[str, list[Finding]]]:
    """The corpus in SQLite only, for the command line (a thin layer over the API, whose
    tests run on both back ends; each command is a process of a few seconds)."""
    return audit_corpus(tmp_path_factory.mktemp("returns-corpus"),
                        str(tmp_path_factory.mktemp("returns-db") / "audit.db"))


def _same(f: Finding, g: Finding) -> bool:
    return (f.code, f.message, f.cells, f.expected, f.actual, f.location) == (
        g.code, g.message, g.cells, g.expected, g.actual, g.location)


def _place_in_file(f: Finding) -> str:
    """Where the finding is, told independently of the code under test."""
    if f.other is not None:  # a cross-year finding names the report it was compared with
        return f"对照：{f.other.year}年报告（{os.path.basename(f.other.source)}）"
    loc = f.location
    if loc is None:  # a finding on the whole text (a copied narrative)
        return "全文"
    if loc.table is not None:
        return f"第{loc.table}个表格（表三）第{loc.row}行 第{loc.column}列"
    if loc.paragraph is not None:
        return f"第{loc.paragraph}段"
    return f"第{loc.source_line}行"


# -- cell labels ---------------------------------------------------------------------------------

@pytest.mark.parametrize("version", versions())
def test_every_cell_key_of_a_format_is_told_by_its_printed_labels(version):
    spec = load_format(version)
    keys = spec.keys(frozenset(spec.collapsed_rows()))
    labels = {k: cell_label(k, version) for k in keys}
    assert all(label.startswith(("表二 ", "表三 ", "表四 ")) and " · " in label for label in labels.values())
    assert len(set(labels.values())) == len(keys)  # two cells never share a label
    assert cell_label("t3.denied_security_stability.natural_person", version) == \
        "表三 （三）不予公开 3.危及“三安全一稳定” · 自然人"
    assert cell_label("x.t3.denied_subtotal.total", version) == "表三 （三）不予公开 小计 · 总计"
    assert cell_label("t9.nothing.here", version) == "t9.nothing.here"


def test_a_column_a_t2_row_lacks_is_not_given_another_rows_words():
    assert cell_label("t2.fees.amount", "2021") == "表二 行政事业性收费 · 本年收费金额（单位：万元）"
    assert cell_label("t2.fees.amount", "2019") == "t2.fees.amount"  # 2019's fees row has no amount
    assert cell_label("t2.procurement.amount", "2019") == "表二 政府集中采购 · 采购总金额（万元）"


# -- what the store gives --------------------------------------------------------------------------

def test_each_body_and_year_gets_one_list_of_its_current_findings(audited):
    target, per_file = audited
    sheets = api.returns(target)
    assert [(s.name, s.year) for s in sheets] == sorted((s.name, s.year) for s in sheets)
    assert {(s.name, s.year): sorted(os.path.basename(r.source) for r in s.reports) for s in sheets} == {
        (GOV, 2023): ["gov-2023.txt"], (GOV, 2024): ["gov-2024.txt"], (GULANG, 2024): ["gulang-2024.txt"],
        (EDU, 2020): ["edu-2020.txt"], (POLICE, 2024): ["police-2024-part2.txt", "police-2024.docx"]}
    for sheet in sheets:
        for report in sheet.reports:
            expected = per_file[os.path.basename(report.source)]
            assert len(report.findings) == len(expected) and all(map(_same, report.findings, expected))
    assert [s.name for s in api.returns(target, body=f" {GULANG} ", year=2024)] == [GULANG]
    with pytest.raises(UsageError, match=f"是否指：{GULANG}"):
        api.returns(target, body="武威市古浪县人名政府")


def test_every_finding_is_in_the_xlsx_once_where_it_is_with_its_values(audited):
    target, _ = audited
    planted = {name: label for name, *_, label in PLANTED}
    for sheet in api.returns(target):
        ws = load_workbook(io.BytesIO(returns_output.xlsx(sheet, ISSUED))).active
        values = [[c.value for c in row] for row in ws.iter_rows()]
        assert values[0][0] == f"{sheet.name}{sheet.year}年政府信息公开工作年度报告退回修改清单"
        header = next(i for i, row in enumerate(values, 1) if row[0] == "序号")
        assert values[header - 1] == [name for name, _ in returns_output.COLUMNS]
        assert ws.freeze_panes == f"A{header + 1}"
        assert [ws.column_dimensions[chr(65 + i)].width for i in range(9)] == [w for _, w in returns_output.COLUMNS]
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        assert ws.print_title_rows == f"${header}:${header}" and "&P" in ws.oddFooter.center.text
        rows = [row for row in values[header:] if isinstance(row[0], int)]
        headings = [row[0] for row in values[header:] if isinstance(row[0], str)]
        found = [f for r in sheet.reports for f in r.findings]
        assert [row[0] for row in rows] == list(range(1, len(found) + 1))
        assert headings == ([f"来源文件：{returns_output.source_line(r)}" for r in sheet.reports]
                            if len(sheet.reports) > 1 else [])
        messages = Counter(row[2] for row in rows)
        for f, row in zip(found, rows, strict=True):
            assert messages[f.message] == 1 or sum(g.message == f.message for g in found) == messages[f.message]
            assert row[2] == f.message
            assert row[5] == f"{f.code} {REGISTRY[f.code].title}" and row[7] == SEVERITY_ZH[f.severity]
            assert row[6] and row[6] in REGISTRY[f.code].doc().replace("\n", "")
            assert row[1].splitlines()[-1] == _place_in_file(f)
            if isinstance(f.expected, int) and isinstance(f.actual, int):
                assert (row[3], row[4]) == (str(f.expected), str(f.actual))
            assert row[8] is None  # 整改情况: for the body to fill in
        for report in sheet.reports:
            label = planted[os.path.basename(report.source)]
            if label:
                wrong = [row for row in rows if row[5].startswith("T") and row[1].startswith(label)]
                assert len(wrong) == 1, (report.source, [row[1] for row in rows])


def test_the_docx_has_the_same_rows_a_repeated_header_and_a4_landscape_pages(audited):
    target, _ = audited
    sheet = next(s for s in api.returns(target) if s.name == POLICE)
    doc = open_docx(io.BytesIO(returns_docx(sheet, ISSUED)))
    assert doc.paragraphs[0].text == f"{POLICE}2024年政府信息公开工作年度报告退回修改清单"
    assert any(p.text == "检查日期：2025年4月2日" for p in doc.paragraphs)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)  # stored in twips
    assert section.orientation == WD_ORIENT.LANDSCAPE
    table = doc.tables[0]
    texts = [[c.text for c in row.cells] for row in table.rows]
    assert [t.replace("\n", "") for t in texts[0]] == [name for name, _ in returns_output.COLUMNS]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    xlsx_rows, start = [], 1
    for report in sheet.reports:  # numbered on across the body's reports
        xlsx_rows += [r.cells() for r in returns_output.rows(report, returns_output.rule_docs(), start)]
        start += len(report.findings)
    numbered = [row for row in texts[1:] if row[0].isdigit()]
    assert [row[:8] for row in numbered] == [[str(c) for c in row[:8]] for row in xlsx_rows]
    assert [row[0] for row in texts[1:] if row[0].startswith("来源文件")] == [
        f"来源文件：{returns_output.source_line(r)}" for r in sheet.reports]
    docx_finding = next(row for row in numbered if row[1].startswith("表三 （三）不予公开 3.危及“三安全一稳定”"))
    assert docx_finding[1].endswith("第2个表格（表三）第10行 第5列") and docx_finding[7] == "错误"
    footer = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    fonts = {r.element.rPr.rFonts.get(qn("w:eastAsia")) for row in table.rows for c in row.cells
             for p in c.paragraphs for r in p.runs}
    assert fonts == {"宋体", "黑体"}


def test_a_body_with_no_finding_gets_a_list_that_says_so():
    sheet = BodyReports("某某镇人民政府", "某某镇人民政府", 2024, (StoredReport("/data/某某镇.pdf", 2024),))
    ws = load_workbook(io.BytesIO(returns_output.xlsx(sheet, ISSUED))).active
    cells = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert returns_output.NO_FINDINGS in cells and "发现问题：无" in cells and "来源文件：某某镇.pdf" in cells
    doc = open_docx(io.BytesIO(returns_docx(sheet, ISSUED)))
    assert doc.tables[0].rows[1].cells[0].text == returns_output.NO_FINDINGS


def test_file_names_come_from_the_body_and_never_leave_the_folder(tmp_path):
    names = ["../../etc/passwd", "a/b\\c:d*e?f", ".hidden", "   ", "某某县人民政府", "某某县人民政府"]
    sheets = [BodyReports(n, n, 2024, ()) for n in names]
    files = returns_output.file_names(sheets, "xlsx")
    assert len(set(files)) == len(files)
    assert files[-2:] == ["某某县人民政府-2024-退回修改清单.xlsx", "某某县人民政府-2024-退回修改清单-2.xlsx"]
    assert files[3] == "未署名单位-2024-退回修改清单.xlsx"
    for name in files:
        assert not name.startswith(".") and not {"/", "\\", ":", "*", "?"} & set(name)
        assert (tmp_path / name).resolve().parent == tmp_path.resolve()


# -- the summary workbook ----------------------------------------------------------------------------

def test_the_summary_has_a_row_per_body_and_year_with_its_findings_counted(audited):
    target, per_file = audited
    rows = api.summary(target)
    body_of = {name: (body, year) for name, body, year, *_ in PLANTED}
    expected: dict[tuple[str, int], Counter] = {}
    for name, found in per_file.items():
        expected.setdefault(body_of[name], Counter()).update(f.severity for f in found)
    assert {(r.name, r.year): (r.errors, r.warnings, r.infos) for r in rows} == {
        k: (c["error"], c["warning"], c["info"]) for k, c in expected.items()}
    assert {(r.name, r.year): r.reports for r in rows}[(POLICE, 2024)] == 2
    assert all(r.status == "published" and r.published for r in rows)
    assert sorted(r.name for r in api.summary(target, region="凉州区", year=2024)) == [GOV, POLICE]
    assert [r.name for r in api.summary(target, region="古浪县")] == [GULANG]

    ws = load_workbook(io.BytesIO(summary_output.xlsx(rows, ISSUED, "武威市"))).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "武威市2020—2024年度政府信息公开工作年度报告审核汇总表"
    assert values[2] == [name for name, _ in summary_output.COLUMNS]
    assert ws.freeze_panes == "C4" and ws.auto_filter.ref == f"A3:O{3 + len(rows)}"
    body_rows = values[3:3 + len(rows)]
    assert [(row[1], row[4], row[5], row[8], row[9], row[10], row[11]) for row in body_rows] == [
        (r.name, r.year, "已公开", r.errors, r.warnings, r.infos, r.errors + r.warnings + r.infos) for r in rows]
    totals = values[3 + len(rows)]
    last = 3 + len(rows)
    assert totals[1] == "合计" and totals[8] == f"=SUBTOTAL(109,I4:I{last})" and totals[12] == f"=SUBTOTAL(103,M4:M{last})"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$3:$3"


def test_statuses_and_body_types_coverage_and_bodies_will_fill_in_are_shown_in_chinese():
    rows = [SummaryRow("甲镇人民政府", "a", 2024, "township", "甘肃省武威市凉州区", "620602", "late", "2025-04-15",
                       "2025-03-31", 1, 1, 0, 0),
            SummaryRow("乙局", "b", 2024, "department", "甘肃省武威市凉州区", status="missing", note="未在门户网站发布"),
            SummaryRow("丙委员会", "c", 2024, "development_zone", status="unknown"),
            SummaryRow("丁办", "d", 2024, "something_new", status="published", reports=1)]
    ws = load_workbook(io.BytesIO(summary_output.xlsx(rows, ISSUED))).active
    assert ws["A1"].value == "2024年度政府信息公开工作年度报告审核汇总表"
    assert ws["A2"].value.startswith("共 4 个单位（年度）：已公开 1，逾期公开 1，未公开 1，未核实 1。统计日期：2025年4月2日。")
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=7)]
    assert [(r[2], r[3], r[5], r[6], r[14]) for r in body] == [
        ("乡镇（街道）", "甘肃省武威市凉州区", "逾期公开", "2025-04-15", None),
        ("政府部门", "甘肃省武威市凉州区", "未公开", None, "未在门户网站发布"),
        ("开发区管委会", None, "未核实", None, None), ("something_new", None, "已公开", None, None)]
    assert [ws.cell(r, 6).font.color.rgb[-6:] if ws.cell(r, 6).font.color else None for r in range(4, 8)] == [
        "C00000", "C00000", None, None]  # late and missing stand out


# -- the command line ----------------------------------------------------------------------------------

def test_the_commands_write_one_file_per_body_and_year_and_refuse_what_they_cannot_do(audited_sqlite, tmp_path):
    target, _ = audited_sqlite
    out = tmp_path / "退回清单"
    done = run_cli("returns", "--db", target, "--to", "docx", "-o", out)
    assert done.returncode == 0, done.stderr
    sheets = api.returns(target)
    assert sorted(p.name for p in out.iterdir()) == sorted(returns_output.file_names(sheets, "docx"))
    assert f"已写入 {len(sheets)} 份退回清单" in done.stderr
    one = run_cli("returns", "--db", target, "--body", POLICE, "--year", "2024", "-o", tmp_path / "one")
    assert one.returncode == 0 and [p.name for p in (tmp_path / "one").iterdir()] == [
        f"{POLICE}-2024-退回修改清单.xlsx"]
    book = tmp_path / "汇总.xlsx"
    assert run_cli("summary", "--db", target, "--region", "凉州区", "-o", book).returncode == 0
    assert load_workbook(book).active["A1"].value == "凉州区2020—2024年度政府信息公开工作年度报告审核汇总表"
    for args, words in [(("returns", "--db", target, "--body", "公安分局", "-o", tmp_path / "x"), "是否指"),
                        (("returns", "--db", tmp_path / "none.db", "-o", tmp_path / "x"), "数据库文件不存在"),
                        (("summary", "--db", target, "-o", tmp_path / "x.csv"), ".xlsx")]:
        refused = run_cli(*args)
        assert refused.returncode == 2 and words in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert not (tmp_path / "none.db").exists()


# -- as printed: LibreOffice renders them ------------------------------------------------------------------

@pytest.fixture(scope="module")
def soffice_calc() -> str:
    """LibreOffice with its spreadsheet part (libreoffice-calc-nogui) for XLSX → PDF."""
    exe = shutil.which("soffice")
    calc = Path("/usr/lib/libreoffice/program/libsclo.so")
    if exe is None or not calc.exists() and not os.environ.get("CI"):
        pytest.skip("LibreOffice Calc is not installed: `apt-get install -y libreoffice-calc-nogui`")
    assert exe is not None
    return exe


def to_pdf(exe: str, data: bytes, suffix: str) -> pdfium.PdfDocument:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, f"list.{suffix}")
        src.write_bytes(data)
        subprocess.run([exe, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(src)],
                       env=dict(os.environ, HOME=tmp), cwd=tmp, capture_output=True, timeout=180, check=False)
        pdf = Path(tmp, "list.pdf")
        assert pdf.exists(), f"LibreOffice did not convert the {suffix}"
        return pdfium.PdfDocument(pdf.read_bytes())


@pytest.mark.parametrize("suffix", ["xlsx", "docx"])
def test_libreoffice_prints_it_on_a4_landscape_with_every_finding(soffice_calc, suffix, tmp_path):
    name, body, year, *_, label = PLANTED[2]
    write_corpus(tmp_path)
    (tmp_path / "db").mkdir()
    api.audit([tmp_path / name], db=tmp_path / "db" / "a.db", jobs=1)
    sheet = api.returns(tmp_path / "db" / "a.db")[0]
    data = returns_output.xlsx(sheet, ISSUED) if suffix == "xlsx" else returns_docx(sheet, ISSUED)
    pdf = to_pdf(soffice_calc, data, suffix)
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).replace("\r", "")
    flat = text.replace("\n", "")
    assert f"{body}{year}年政府信息公开工作年度报告退回修改清单" in flat.replace(" ", "")
    assert "第 1 页" in text or "第1页" in flat.replace(" ", "")
    for f in sheet.reports[0].findings:
        assert f.code in flat
    words = re.compile(r"\W")  # letters only: PDF text puts some punctuation (quotes) out of order
    assert words.sub("", label) in words.sub("", flat)  # the planted cell's printed labels


def test_the_summary_takes_each_bodys_status_from_coverage_and_lists_the_missing(tmp_path):
    """With a jurisdiction list, a listed body that published nothing gets a 未公开 row, and
    a report's status and deadline are those `coverage` gives."""
    target = str(tmp_path / "audit.db")
    (tmp_path / "reports").mkdir()
    audit_corpus(tmp_path / "reports", target)
    listed = tmp_path / "应报名单.csv"
    listed.write_text("名称,类型\n武威市凉州区人民政府,\n武威市凉州区卫生健康局,\n", encoding="utf-8-sig")
    api.import_jurisdictions(listed, db=target)
    rows = {(r.name, r.year): r for r in api.summary(target, year=2024)}
    missing = rows["武威市凉州区卫生健康局", 2024]
    assert missing.status == "missing" and missing.reports == 0 and missing.deadline == "2025-01-31"
    assert rows[GOV, 2024].deadline == "2025-03-31" and rows[GOV, 2024].status in ("published", "late", "unknown")
    ws = load_workbook(io.BytesIO(summary_output.xlsx(list(rows.values()), ISSUED, "凉州区"))).active
    assert any(row[1].value == "武威市凉州区卫生健康局" and row[5].value == "未公开" for row in ws.iter_rows(min_row=4))
