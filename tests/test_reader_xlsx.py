"""The XLSX reader: reports laid out as workbooks by openpyxl (one table per sheet, all in
one sheet, both format versions, merged header cells, totals as formulas never computed)
and the real reports' cells laid out the same way, read back cell by cell through
``gongkai extract --json``; a workbook saved by LibreOffice (cached formula results, shared
strings) and a legacy .xls converted by it; how values are shown (numbers, dates, booleans,
percentages), merged, hidden and wrapped cells, formulas, where a cell is told; files that
are not readable workbooks (ZIP bomb, a million rows, bad XML, overlapping merges, formula
bombs) refused in words and in bounded time.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

import test_reader_docx as docx_tests
import test_reader_odt as odt_tests
from conftest import json_lines, refusal, run_cli
from generators.render_xlsx import generate_xlsx, render_workbook
from gongkai.extract import extract_document
from gongkai.model import Location, locate
from gongkai.readers import read_bytes, sniff
from gongkai.readers.xlsx_sheet import MAX_ROWS, number_text
from gongkai.spec import load_format

pytestmark = pytest.mark.integration

soffice = docx_tests.soffice  # the fixture: LibreOffice, or a skip (a failure in CI)
REAL = sorted(Path("/work/shared/seeds").glob("*.expected.json")) + sorted(Path("/work/shared/corpus").glob("*.expected.json"))
REAL = REAL or sorted(Path(__file__).parent.glob("data/**/*.expected.json"))


def check(data: bytes, cells: dict, meta: dict, name: str = "r.xlsx", form: str = "xlsx"):
    return docx_tests.check(data, cells, meta, name, form)


def book(fill, sheets: tuple[str, ...] = ("Sheet1",)) -> bytes:
    """A workbook made by openpyxl: ``fill(workbook)`` writes it."""
    wb = Workbook()
    wb.active.title = sheets[0]
    for name in sheets[1:]:
        wb.create_sheet(name)
    fill(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def raws(data: bytes, name: str = "t.xlsx") -> list[str]:
    return [line.raw for line in read_bytes(data, name).lines]


# ---------------------------------------------------------------------------------------------
# Whole reports


@pytest.mark.parametrize("seed,version,layout,formulas,offset,variants", [
    (1, "2021", "sheets", False, 0, ()), (2, "2019", "sheets", False, 0, ()), (3, "2021", "one-sheet", False, 0, ()),
    (4, "2019", "one-sheet", True, 1, ()), (5, "2021", "sheets", True, 2, ()), (6, "2019", "sheets", True, 0, ()),
    (7, "2021", "one-sheet", True, 3, ()), (21, "2021", "sheets", True, 0, ("width2",)),
    (22, "2019", "one-sheet", False, 1, ("width2", "blank-merged")),
    (23, "2021", "one-sheet", True, 0, ("collapsed", "blank-merged")), (24, "2021", "sheets", False, 0, ("collapsed", "width2"))])
def test_generated_workbooks(seed, version, layout, formulas, offset, variants):
    r = generate_xlsx(seed, version, layout, formulas, offset, variants)
    doc, report = check(r.data, r.cells, r.meta)
    assert doc.notes == () and not any("公式" in n for n in report.notes)  # every formula computed


def test_real_reports_through_the_cli(tmp_path):
    """The cells of the real reports (seeds and corpus, both format versions), laid out as
    workbooks both ways, come back exactly from ``gongkai extract --json``."""
    assert REAL, "no real reports with expected cells"
    want = {}
    for path in REAL:
        expected = json.loads(path.read_text(encoding="utf-8"))
        meta, spec = expected["meta"], load_format(expected["meta"]["format"])
        keys = set(spec.keys(frozenset()))
        for layout in ("sheets", "one-sheet"):
            out = tmp_path / f"{path.name.split('.')[0]}-{layout}.xlsx"
            out.write_bytes(render_workbook(expected["cells"], spec, meta["agency"] or "某某县人民政府",
                                            meta["year"], layout))
            want[str(out)] = ({k: v for k, v in expected["cells"].items() if k in keys}, meta)
    proc = run_cli("extract", "--json", *want, timeout=120)
    assert proc.returncode == 0, proc.stderr
    results = json_lines(proc.stdout)
    assert [r["source"] for r in results] == list(want)
    for r in results:
        cells, meta = want[r["source"]]
        national = {k: v for k, v in r["cells"].items() if not k.startswith("x.")}
        assert national == cells, r["source"]
        assert (r["meta"]["year"], r["meta"]["format"]) == (meta["year"], meta["format"])
    assert len(results) == 2 * len(REAL) >= 16


def _lo_convert(exe: str, data: bytes, to: str, tmp: Path, suffix: str = ".xlsx") -> bytes:
    src = tmp / ("in" + suffix)
    src.write_bytes(data)
    csv = ["--infilter=CSV:44,34,76,1"] if suffix == ".csv" else []  # comma, quote, UTF-8, from line 1
    docx_tests.subprocess.run([exe, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", *csv,
                               "--convert-to", to, "--outdir", str(tmp / "out"), str(src)],
                              env=dict(docx_tests.os.environ, HOME=str(tmp)), cwd=tmp, capture_output=True,
                              timeout=180, check=False)
    out = tmp / "out" / ("in." + to.split(":")[0])
    assert out.exists(), f"LibreOffice did not convert to {to}"
    return out.read_bytes()


def test_saved_by_libreoffice(soffice, tmp_path):
    """openpyxl's formulas without results, opened and saved by LibreOffice: it computes and
    caches them and writes shared strings; the reader prints the cached results."""
    r = generate_xlsx(8, "2021", "one-sheet", formulas=True)
    data = _lo_convert(soffice, r.data, "xlsx:Calc MS Excel 2007 XML", tmp_path)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f" in sheet and b"SUM(" in sheet and b"xl/sharedStrings.xml" in data  # cached, shared
    doc, _ = check(data, r.cells, r.meta)
    assert doc.notes == ()
    # what this reader computes is what LibreOffice computed and cached
    assert [line.raw for line in doc.lines] == [line.raw for line in read_bytes(r.data, "r.xlsx").lines]


def test_formulas_computed_as_libreoffice_computes_them(soffice, tmp_path):
    def fill(wb):
        ws = wb.active
        ws.append(["甲", 1, 2.5, "=SUM(B1:C1)", "=B1+C1*2-D1/4", '=IF(COUNT(B1:C1),SUM(B1:C1),"")', "=0.1+0.2"])
        ws.append(["乙", None, None, '=IF(COUNT(B2:C2),SUM(B2:C2),"")', '=IF(B1>1,"多","少")', "=COUNT(B1:G1)",
                   '=IF(N(B1)+N(C1)=3,"相符","不符"&CHAR(10)&(N(B1)-N(C1)))'])
        ws.append(["丙", "=-B1*-2", "=SUM(B1,C1,7)", "=(B1+C1)*(B1-C1)", '="第"&B1&"行"', "=B9", "=D1>3"])
    data = book(fill)
    ours = [line.raw for line in read_bytes(data, "f.xlsx").lines]
    theirs = [line.raw for line in read_bytes(_lo_convert(soffice, data, "xlsx:Calc MS Excel 2007 XML", tmp_path),
                                              "lo.xlsx").lines]
    assert ours == theirs == ["甲\t1\t2.5\t3.5\t5.125\t3.5\t0.3", "乙\t\t\t\t少\t6\t不符-1.5",
                              "丙\t2\t10.5\t-5.25\t第1行\t0\tTRUE"]


def test_csv_saved_as_xlsx_by_libreoffice(soffice, tmp_path):
    """A report's rows as CSV, turned into a workbook by LibreOffice (its numbers typed in as
    numbers, no merged cells: a label printed in each row's first column)."""
    expected = next(e for e in (json.loads(p.read_text(encoding="utf-8")) for p in REAL)
                    if e["meta"]["format"] == "2019" and e["meta"]["agency"])
    spec = load_format(expected["meta"]["format"])
    data = render_workbook(expected["cells"], spec, expected["meta"]["agency"], expected["meta"]["year"], "one-sheet")
    out = io.StringIO()
    writer = csv.writer(out)
    for line in read_bytes(data, "r.xlsx").lines:
        writer.writerow(line.raw.split("\t"))
    book_ = _lo_convert(soffice, out.getvalue().encode(), "xlsx:Calc MS Excel 2007 XML", tmp_path, ".csv")
    assert b't="n"' in zipfile.ZipFile(io.BytesIO(book_)).read("xl/worksheets/sheet1.xml")  # numbers, not text
    keys = set(spec.keys(frozenset()))
    check(book_, {k: v for k, v in expected["cells"].items() if k in keys},
          {k: expected["meta"][k] for k in ("agency", "year", "format")})


def test_legacy_xls_through_libreoffice(soffice, tmp_path):
    r = generate_xlsx(9, "2019", "sheets", formulas=True)
    data = _lo_convert(soffice, r.data, "xls:MS Excel 97", tmp_path)
    assert sniff(data) == "ole"
    check(data, r.cells, r.meta, "old.xls", form="xls")


# ---------------------------------------------------------------------------------------------
# Values, merges, hidden cells, places


def test_values_are_shown_as_excel_shows_them():
    def fill(wb):
        ws = wb.active
        ws.append(["整数", 12.0, 0.1234, 0.1 + 0.2, 1e-7, 123456789012, -0.0])
        ws.append(["日期", datetime.date(2025, 1, 20), datetime.datetime(2025, 1, 20, 9, 30), True, 0.25, "12"])
        ws["C2"].number_format = 'yyyy"年"m"月"d"日"'
        ws["E2"].number_format = "0%"
        ws["F2"].number_format = "@"
        ws.append(["申请人\n情况", "a\nb", "  ", "含\t制表符"])
    assert raws(book(fill)) == [
        "整数\t12\t0.1234\t0.3\t0.0000001\t123456789012\t0",
        "日期\t2025-01-20\t2025年1月20日\tTRUE\t25%\t12\t",  # a table's rows are as wide as the table
        "申请人情况\ta b\t\t含 制表符\t\t\t"]
    assert [number_text(x) for x in (2.5, 1e20, 3.0000000000000004, -7.0)] == ["2.5", "100000000000000000000", "3", "-7"]


def test_merged_hidden_and_wrapped_cells():
    def fill(wb):
        ws = wb.active
        ws["B2"] = "年度报告"
        ws.merge_cells("B2:E2")  # a title: one cell alone, printed as a paragraph
        ws["B3"], ws["D3"] = "申请人情况", "总计"
        ws.merge_cells("B3:C3")
        ws["B4"], ws["C4"], ws["D4"], ws["E4"] = "自然人", "法人", 3, "隐藏列"
        ws["B5"], ws["C5"], ws["D5"] = "隐藏行", 1, 1
        ws.row_dimensions[5].hidden = True
        ws.column_dimensions["E"].hidden = True
        ws["B6"], ws["D6"] = "（一）予以公开", 7  # its 法人 cell blank: the row keeps the table's width
        ws["B8"] = "合并到隐藏行"  # a merged cell whose first row is hidden: shown in its first visible row
        ws.merge_cells("B8:C9")
        ws.row_dimensions[8].hidden = True
        wb["藏"]["A1"] = "隐藏的工作表"
        wb["藏"].sheet_state = "hidden"
        wb["数据"]["C5"] = "第三张"
    doc = read_bytes(book(fill, ("表", "藏", "数据")), "m.xlsx")
    assert [line.raw for line in doc.lines] == ["年度报告", "申请人情况\t\t总计", "自然人\t法人\t3",
                                                "（一）予以公开\t\t7", "合并到隐藏行", "第三张"]
    assert (doc.lines[4].origin.row, doc.lines[4].origin.columns) == (9, (2,))
    first, table_row, last = doc.lines[0].origin, doc.lines[2].origin, doc.lines[5].origin
    assert (first.table, first.row, first.columns, first.sheet) == (1, 2, (2,), "表")
    assert (table_row.row, table_row.columns) == (4, (2, 3, 4))
    assert (last.table, last.row, last.sheet) == (3, 5, "数据")  # the hidden sheet counts, as Excel's tabs
    where = locate(doc.lines[2], (doc.lines[2].raw.index("3"), len(doc.lines[2].raw)), doc.form)
    assert where == Location(table=1, row=4, column=4, sheet="表")
    assert where.describe("表三") == "工作表“表”（表三）单元格D4"
    assert Location(table=2, row=30, column=6, sheet="表三").describe("表三") == "工作表“表三”单元格F30"
    assert Location(table=2, row=12, column=4).describe("表三") == "第2个表格（表三）第12行 第4列"  # others as before


def test_formulas_without_results():
    def fill(wb):
        ws, other = wb["表三"], wb["数 据"]
        other["A1"], other["A2"] = 5, "文字"
        ws.append(["项目", "甲", "乙", "和", "差"])
        ws.append(["一", 1, 2, "=SUM(B2:C2)", "=B2-C2+'数 据'!A1"])
        ws.append(["二", 3, 4.5, "=SUM(B2:C3,10)", "=(D2+D3)*2/4"])
        ws.append(["三", "=D3+数 据!A1", "=VLOOKUP(1,B2:C3,2)", "=D4", "='数 据'!A2+1"])
        ws.append(["四", "=E5", "=B5", "=SUM(B2:B4)+$B$2", None])
        other.sheet_state = "hidden"  # not printed, but its values feed the formulas
    data = book(fill, ("表三", "数 据"))
    doc = read_bytes(data, "f.xlsx")
    assert [line.raw for line in doc.lines] == [
        "项目\t甲\t乙\t和\t差", "一\t1\t2\t3\t4", "二\t3\t4.5\t20.5\t11.75",
        "三\t\t\t\t",  # an unquoted sheet name with a space, VLOOKUP, a cycle, text + 1: blank
        "四\t0\t0\t\t"]  # a blank is 0; a sum over a cell that cannot be computed cannot be either
    assert list(doc.notes) == [f"工作表“表三”单元格{cell}的公式“={formula}”未保存计算结果，且无法计算（{why}），按空白处理"
                               for cell, formula, why in (
                                   ("B4", "D3+数 据!A1", "无法计算“数 据!A1”"),
                                   ("C4", "VLOOKUP(1,B2:C3,2)", "不支持函数VLOOKUP"),
                                   ("D4", "D4", "循环引用"),
                                   ("E4", "'数 据'!A2+1", "“文字”不是数字"),
                                   ("D5", "SUM(B2:B4)+$B$2", "引用的单元格B4无法计算"))]
    report = extract_document(doc)
    assert report.notes[:len(doc.notes)] == list(doc.notes)


def test_template_style_formulas():
    """The totals a template keeps blank while their parts are (``=IF(COUNT(…),SUM(…),"")``),
    comparisons, text, COUNT, an IF computing only the branch it takes, as a spreadsheet does."""
    def fill(wb):
        ws = wb.active
        ws.append(["甲", 1, 2, '=IF(COUNT(B1:C1),SUM(B1:C1),"")', '=IF(B1>1,"多","少")', "=IF(B1=1,B1+C1)",
                   "=COUNT(B1:E1)", "=-B1*-2"])
        ws.append(["乙", None, None, '=IF(COUNT(B2:C2),SUM(B2:C2),"")', '=IF("a"<1,1,2)',
                   "=IF(1,5,VLOOKUP(1,A1:B2,2))", '=SUM(B1,C1,"3")', "=D2+1"])
        ws.append(["丙", "x", "=SUM(B3)", "=B3+1", "=IF(B1<>1,1/0,7)", "=1/0", "=A9", None])
        check = '=IF(COUNT(B1,C1)=0,"",IF(N(B1)+N(C1)={},"相符","不符"&CHAR(10)&(N(B1)+N(C1)-{})))'
        ws.append(["核对", check.format(3, 3), check.format(4, 4), '=N("文字")&"/"&N(B1)'])  # a template's check row
    doc = read_bytes(book(fill), "t.xlsx")
    assert [line.raw for line in doc.lines] == ["甲\t1\t2\t3\t少\t3\t3\t2",
                                                "乙\t\t\t\t2\t5\t6\t",  # D2: blank while B2, C2 are
                                                "丙\tx\t0\t\t7\t\t0\t",
                                                "核对\t相符\t不符-1\t0/1\t\t\t\t"]
    assert [n.split("的公式")[0] + n.split("无法计算")[-1] for n in doc.notes] == [
        "工作表“Sheet1”单元格H2（“”不是数字），按空白处理",  # "" + 1, as a spreadsheet's #VALUE!
        "工作表“Sheet1”单元格D3（“x”不是数字），按空白处理",
        "工作表“Sheet1”单元格F3（除数为零），按空白处理"]


def _package(sheet: str, strings: str | None = None, extra: dict[str, bytes] | None = None,
             ns: str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main") -> bytes:
    """A workbook written by hand: one sheet (its ``sheetData`` content), shared strings."""
    r_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": b"<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>",
        "_rels/.rels": (f"<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
                        f"<Relationship Id='r1' Type='{rel}/officeDocument' Target='xl/workbook.xml'/>"
                        "</Relationships>").encode(),
        "xl/workbook.xml": (f"<workbook xmlns='{ns}' xmlns:r='{r_ns}'><sheets>"
                            "<sheet name='S' sheetId='1' r:id='rId1'/></sheets></workbook>").encode(),
        "xl/_rels/workbook.xml.rels": (
            f"<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
            f"<Relationship Id='rId1' Type='{rel}/worksheet' Target='worksheets/sheet1.xml'/>"
            f"<Relationship Id='rId2' Type='{rel}/sharedStrings' Target='sharedStrings.xml'/></Relationships>").encode(),
        "xl/worksheets/sheet1.xml": f"<worksheet xmlns='{ns}'><sheetData>{sheet}</sheetData></worksheet>".encode(),
    }
    if strings is not None:
        parts["xl/sharedStrings.xml"] = f"<sst xmlns='{ns}'>{strings}</sst>".encode()
    parts.update(extra or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_what_other_programs_write():
    """Shared formulas, rich shared strings with phonetic guides, inline strings, cells
    without references, ISO dates, error values, Strict Open XML names."""
    sheet = ("<row r='1'><c t='s'><v>0</v></c><c t='inlineStr'><is><r><t>行</t></r><r><t>内</t></r></is></c>"
             "<c t='d'><v>2025-01-20T00:00:00</v></c><c t='e'><v>#DIV/0!</v></c><c t='b'><v>0</v></c></row>"
             "<row r='2'><c r='A2'><v>1</v></c><c r='B2'><v>2</v></c><c r='C2'><f t='shared' ref='C2:C3' si='0'>A2+B2</f></c></row>"
             "<row r='3'><c r='A3'><v>10</v></c><c r='B3'><v>20</v></c><c r='C3'><f t='shared' si='0'/></c></row>")
    strings = "<si><r><t>公开</t></r><r><t>申请</t></r><rPh sb='0' eb='2'><t>こうかい</t></rPh></si>"
    assert raws(_package(sheet, strings)) == ["公开申请\t行内\t2025-01-20\t#DIV/0!\tFALSE", "1\t2\t3\t\t",
                                              "10\t20\t30\t\t"]
    strict = _package(sheet, strings, ns="http://purl.oclc.org/ooxml/spreadsheetml/main")
    assert raws(strict)[2] == "10\t20\t30\t\t"


# ---------------------------------------------------------------------------------------------
# Sniffing: content decides, DOCX and ODT unaffected


def test_sniffing_by_content():
    xlsx = book(lambda wb: wb.active.append(["甲", 1]))
    assert sniff(xlsx) == "zip"
    assert read_bytes(xlsx, "named.docx").form == "xlsx"  # an XLSX under a Word name is read as what it is
    r = docx_tests.generate_docx(4, "2021", ())
    doc = read_bytes(r.data, "renamed.xlsx")  # a DOCX renamed .xlsx: still a DOCX, every cell read
    assert doc.form == "docx"
    check(r.data, r.cells, r.meta, "renamed.xlsx", form="docx")
    o = odt_tests.generate_odt(5, "2021")  # an ODT (a ZIP with content.xml and a mimetype): still an ODT
    assert read_bytes(o.odt, "report.xlsx").form == "odt"


# ---------------------------------------------------------------------------------------------
# Hostile workbooks: refused in words, in bounded time


def _zip_of(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_bomb():
    base = zipfile.ZipFile(io.BytesIO(_package("<row r='1'><c t='inlineStr'><is><t>x</t></is></c></row>")))
    parts = {n: base.read(n) for n in base.namelist()}
    parts["xl/worksheets/sheet1.xml"] = b"<worksheet xmlns='x'>" + b" " * (51 * 2**20) + b"</worksheet>"
    data = _zip_of(parts)
    assert len(data) < 2**20
    assert "ZIP bomb" in refusal(data, "bomb.xlsx", within=10)


def test_a_million_rows_is_refused_quickly():
    rows = b"<row><c><v>1</v></c></row>" * 1_000_000  # 26 MB: under the part limit, over the row limit
    base = zipfile.ZipFile(io.BytesIO(_package("")))
    parts = {n: base.read(n) for n in base.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/"
                                         b"main'><sheetData>" + rows + b"</sheetData></worksheet>")
    reason = refusal(_zip_of(parts), "rows.xlsx", within=10)
    assert reason.startswith("文件过大") and str(MAX_ROWS) in reason


@pytest.mark.parametrize("sheet,words", [
    ("<row r='1'><c><v>1</v></row>", "not well-formed XML"),
    ("<row r='1'><c><v>1</v></c></row><!DOCTYPE x [<!ENTITY a 'b'>]>", "not well-formed XML"),
])
def test_bad_xml(sheet, words):
    reason = refusal(_package(sheet), "bad.xlsx", within=5)
    assert reason.startswith("文件已损坏") and words in reason and "sheet “S”" in reason


def test_other_broken_workbooks():
    assert "lists no worksheets" in refusal(_zip_of({"xl/workbook.xml": b"<workbook/>"}), "w.xlsx")
    assert "XLSB" in refusal(_zip_of({"xl/workbook.bin": b"\0" * 10}), "w.xlsb")
    assert "no text" in refusal(_package(""), "empty.xlsx")
    data = bytearray(_package("<row r='1'><c><v>1</v></c></row>"))
    for magic, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.index(magic)
        data[i + offset] |= 1
    assert "password-protected" in refusal(bytes(data), "locked.xlsx")


def test_merges_and_formulas_cannot_make_it_hang():
    merges = "".join(f"<mergeCell ref='A1:XFD{1000 + i}'/>" for i in range(3000))
    rows = "".join(f"<row r='{r}'>" + "".join(f"<c r='{c}{r}'><v>{r}</v></c>" for c in "ABCDEFGHIJ") + "</row>"
                   for r in range(1, 2001))
    base = zipfile.ZipFile(io.BytesIO(_package("")))
    parts = {n: base.read(n) for n in base.namelist()}
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/worksheets/sheet1.xml"] = (f"<worksheet xmlns='{ns}'><sheetData>{rows}</sheetData>"
                                         f"<mergeCells>{merges}</mergeCells></worksheet>").encode()
    assert "merged cells" in refusal(_zip_of(parts), "merges.xlsx", within=10)
    sums = "".join(f"<row r='{r}'>" + "".join(f"<c r='{c}{r}'><f>SUM(A1:J2000)</f></c>" for c in "KLMNO")
                   + f"<c r='A{r}'><v>1</v></c></row>" for r in range(1, 2001))
    start = time.perf_counter()
    doc = read_bytes(_package(sums), "sums.xlsx")
    assert time.perf_counter() - start < 20
    assert any("计算量过大" in n for n in doc.notes) and len(doc.notes) <= 21


def test_deep_chains_and_brackets():
    """A chain of 600 formulas each waiting on the next (computed from its deep end, a
    stretch at a time, not by recursing 600 deep) and 500 nested brackets (refused)."""
    rows = "".join(f"<row r='{r}'><c r='A{r}'><f>A{r + 1}+1</f></c><c r='B{r}'><v>1</v></c></row>" for r in range(1, 600))
    rows += f"<row r='600'><c r='A600'><v>1</v></c><c r='B600'><f>{'(' * 500}1{')' * 500}</f></c></row>"
    doc = read_bytes(_package(rows), "deep.xlsx")
    assert [line.raw for line in doc.lines[:2]] == ["600\t1", "599\t1"] and doc.lines[-1].raw == "1"
    (note,) = doc.notes
    assert note.startswith("工作表“S”单元格B600的公式“=((((") and note.endswith("…”未保存计算结果，且无法计算（括号嵌套过深），按空白处理")


def test_check_names_the_cell_as_excel_does(tmp_path):
    """A wrong total in a workbook: ``gongkai check`` names its sheet and cell (F30 style),
    and the JSON location carries the sheet's name."""
    from openpyxl import load_workbook

    r = generate_xlsx(5, "2021", "sheets")
    wb = load_workbook(io.BytesIO(r.data))
    ws = wb["表三"]
    (cell,) = [c for row in ws.iter_rows() for c in row if c.value == "（七）总计"]
    ws.cell(cell.row, 4).value = 999999  # 自然人 of （七）总计 (labels in A–C)
    path = tmp_path / "错.xlsx"
    wb.save(path)
    text = run_cli("check", path)
    assert text.returncode == 1
    assert f"工作表“表三”单元格D{cell.row}  T300" in text.stdout and "应为" in text.stdout
    findings = json.loads(run_cli("check", "--output-format", "json", path).stdout)
    (wrong,) = [f for f in findings if f["code"].startswith("T3")]
    assert wrong["location"] == {"sheet": "表三", "table": 3, "row": cell.row, "column": 4}  # the third tab


def test_cli_names_the_file_and_the_problem(tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(_package("<row r='1'><c><v>1</v></row>"))
    proc = run_cli("extract", "--json", bad)
    assert proc.returncode == 2
    (result,) = json_lines(proc.stdout)
    assert result["source"] == str(bad) and result["error"].startswith("文件已损坏 / corrupt Excel workbook (XLSX)")
    assert "Traceback" not in proc.stderr
