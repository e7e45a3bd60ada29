"""Version and structure rules (FMT001–FMT003, STR001–STR009): a failing and a passing
report for each, made by editing generated reports the way real ones go wrong, and the
exact findings on every real seed and text corpus report."""

from __future__ import annotations

import re

import pytest

from conftest import TEXT_SOURCES
from generators.synth import LAYOUTS, generate
from gongkai.extract import extract_document
from gongkai.readers import read, read_bytes
from gongkai.rules import DOC_SECTIONS, REGISTRY, check_report

STRUCTURE = ["STR", "FMT"]
CODES = ["FMT001", "FMT002", "FMT003"] + [f"STR00{i}" for i in range(1, 10)]

# Generated reports (tabs layout, no variants) used as the passing reports and edited into
# failing ones: 2021 format year 2021 with three （六） rows; 2021 format printing （六） as
# one row; 2019 format year 2020 with a 采购总金额 in 万元.
BASE_2021 = generate(2, layout="tabs", version="2021", variants=()).text
COLLAPSED_2021 = generate(1, layout="tabs", version="2021", variants=()).text
BASE_2019 = generate(5, layout="tabs", version="2019", variants=()).text


def run(text: str, select=STRUCTURE):
    doc = read_bytes(text.encode("utf-8"), "report.txt")
    report = extract_document(doc)
    return report, check_report(doc, report, select=list(select))


def only(found, code):
    """The findings of one rule; the others' are checked where they belong."""
    return [f for f in found if f.code == code]


def line_no(text: str, needle: str, nth: int = 1) -> int:
    """1-based number of the nth line containing ``needle``."""
    hits = [i for i, line in enumerate(text.split("\n"), 1) if needle in line]
    assert len(hits) >= nth, needle
    return hits[nth - 1]


def edit(text: str, old: str, new: str, count: int = 1) -> str:
    assert text.count(old) >= count, old
    return text.replace(old, new, count)


def drop_line(text: str, starts: str) -> str:
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if line.lstrip("\t").startswith(starts))
    return "\n".join(lines[:i] + lines[i + 1:])


def section_block(text: str, heading: str, next_heading: str) -> str:
    return text[text.index(heading): text.index(next_heading)]


def t3_keys(row: str) -> list[str]:
    return [f"t3.{row}.{c}" for c in
            ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")]


# --------------------------------------------------------------------------- the catalog


def test_rules_are_registered_and_documented():
    for code in CODES:
        rule = REGISTRY[code]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule.name), code
        assert rule.summary and rule.message
        assert re.search(r"[\u4e00-\u9fff]", rule.message), f"{code}: message in Chinese"
        headings = re.findall(r"^## (.+)$", rule.doc(), re.MULTILINE)
        assert tuple(headings) == DOC_SECTIONS, code
    assert {c: REGISTRY[c].severity for c in CODES} == {
        "FMT001": "error", "FMT002": "warning", "FMT003": "info", "STR001": "error", "STR002": "warning",
        "STR003": "info", "STR004": "error", "STR005": "error", "STR006": "info", "STR007": "info",
        "STR008": "warning", "STR009": "warning"}


@pytest.mark.parametrize("text", [BASE_2021, BASE_2019], ids=["2021", "2019"])
def test_clean_reports_have_no_structure_findings(text):
    assert run(text)[1] == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_layouts_have_no_structure_findings(layout):
    """Every layout real dumps have reads as a well-formed report; the only finding is
    FMT002 where the generator printed a 2021 report's （六） as one row, as 洪泽区 does."""
    for seed in range(8):
        s = generate(seed, layout=layout, variants=())
        expected = ["FMT002"] if "t3.other.total" in s.cells and s.meta["format"] == "2021" else []
        assert [f.code for f in run(s.text)[1]] == expected, (layout, seed)


# --------------------------------------------------------------------------- FMT001


def test_fmt001_2019_tables_for_a_2022_report():
    text = BASE_2019.replace("2020年", "2022年")  # title, period and narrative now say 2022
    report, found = run(text)
    assert report.meta["year"] == 2022 and report.meta["format"] == "2019"
    [f] = only(found, "FMT001")
    assert (f.severity, f.expected, f.actual, f.cells) == ("error", "2021", "2019", ())
    assert f.line == line_no(text, "本年新制作数量")  # the t2 header that shows the 2019 format
    assert "国办公开办函〔2021〕30号" in f.message


def test_fmt001_2021_tables_for_a_2020_report():
    text = BASE_2021.replace("2021年", "2020年")
    report, found = run(text)
    assert report.meta["year"] == 2020
    [f] = only(found, "FMT001")
    assert (f.expected, f.actual, f.line) == ("2019", "2021", line_no(text, "本年制发件数"))


def test_fmt001_passes_in_the_right_period_and_without_t2_headers():
    assert only(run(BASE_2021)[1], "FMT001") == []
    assert only(run(BASE_2019)[1], "FMT001") == []
    # no t2 at all: the version comes from the year, so nothing to compare it with
    text = BASE_2019.replace("2020年", "2022年")
    text = text.replace(section_block(text, "第二十条第（一）项", "三、收到和处理"), "")
    report, found = run(text)
    assert report.meta["format_basis"] == "year"
    assert only(found, "FMT001") == []


# --------------------------------------------------------------------------- FMT002


def test_fmt002_2021_report_with_one_other_row():
    report, found = run(COLLAPSED_2021)
    assert report.meta["format"] == "2021" and "t3.other.total" in report.cells
    [f] = only(found, "FMT002")
    assert f.severity == "warning"
    assert list(f.cells) == t3_keys("other")
    assert f.line == line_no(COLLAPSED_2021, "（六）其他处理")
    assert only(found, "STR005") == [], "the three sub-rows are not missing: （六） is one row"


def test_fmt002_2019_report_with_the_2021_sub_rows():
    line = next(x for x in BASE_2019.split("\n") if "（六）其他处理" in x)
    nums = line.split("\t")[-7:]
    rows = ("（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t" + "\t".join(nums)
            + "\n\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" + "\t0" * 7
            + "\n\t3.其他" + "\t0" * 7)
    text = edit(BASE_2019, line, rows)
    _, found = run(text)
    [f] = only(found, "FMT002")
    assert f.line == line_no(text, "逾期不补正") and "2021年格式" in f.message
    assert list(f.cells) == t3_keys("other")


def test_fmt002_passes_when_both_tables_agree():
    assert only(run(BASE_2021)[1], "FMT002") == []
    assert only(run(BASE_2019)[1], "FMT002") == [], "a 2019 report prints （六） as one row"


# --------------------------------------------------------------------------- FMT003


PREAMBLE = "本报告依据《中华人民共和国政府信息公开条例》编制"


def test_fmt003_2021_report_citing_the_2019_notice():
    text = edit(BASE_2021, PREAMBLE, "本报告依据《中华人民共和国政府信息公开条例》和国办公开办函〔2019〕60号编制")
    report, found = run(text)
    assert report.meta["cited_format"] == "国办公开办函〔2019〕60号"
    [f] = only(found, "FMT003")
    assert (f.severity, f.line, f.cells) == ("info", line_no(text, "60号"), ())
    assert f.expected == "国办公开办函〔2021〕30号"


def test_fmt003_passes_with_the_current_notice_no_citation_or_a_2019_format_year():
    text = edit(BASE_2021, PREAMBLE, "本报告依据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号编制")
    assert only(run(text)[1], "FMT003") == []
    assert only(run(BASE_2021)[1], "FMT003") == [], "citing no format is common and not flagged"
    text = edit(BASE_2019, PREAMBLE, "本报告依据《中华人民共和国政府信息公开条例》和国办公开办函〔2019〕60号编制")
    assert only(run(text)[1], "FMT003") == [], "a 2020 report rightly cites 60号"


# --------------------------------------------------------------------------- STR001


def test_str001_section_five_deleted():
    text = edit(BASE_2021, "五、存在的主要问题及改进情况\n\n", "")
    _, found = run(text)
    [f] = only(found, "STR001")
    assert (f.severity, f.artifact, f.cells) == ("error", False, ())
    assert f.line == line_no(text, "六、其他需要报告的事项")  # it belongs before this heading
    assert "存在的主要问题及改进情况" in f.message
    assert only(found, "STR002") == [], "六 keeps its number"


def test_str001_section_deleted_and_the_rest_renumbered():
    text = edit(BASE_2021, "五、存在的主要问题及改进情况\n\n", "")
    text = edit(text, "六、其他需要报告的事项", "五、其他需要报告的事项")
    _, found = run(text)
    assert [(f.code, f.severity) for f in found] == [("STR001", "error"), ("STR002", "warning")]


def test_str001_heading_lost_but_content_there_is_a_possible_artifact():
    # like 上海市科委 2024: 四、… then 六、…, with （一）主要问题/（二）改进情况 in between
    text = edit(BASE_2021, "五、存在的主要问题及改进情况\n\n", "（一）主要问题及改进情况\n\n")
    _, found = run(text)
    [f] = only(found, "STR001")
    assert (f.severity, f.artifact) == ("warning", True)
    assert "可能在转换中丢失" in f.message


def test_str001_passes_with_accepted_title_variants():
    text = edit(BASE_2021, "四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况")
    text = edit(text, "六、其他需要报告的事项", "六、其它需要报告的事项")
    assert run(text)[1] == []


# --------------------------------------------------------------------------- STR002


def test_str002_tables_renumbered():
    s = generate(2, layout="tabs", version="2021", variants=("renumbered-sections",))
    _, found = run(s.text)
    assert [f.code for f in found] == ["STR002"]
    [f] = found
    assert (f.severity, f.cells) == ("warning", ())
    assert f.line == line_no(s.text, "一、主动公开政府信息情况")
    assert "编为“一、”（应为“二、”）" in f.message and "编为“三、”（应为“四、”）" in f.message


def test_str002_sections_swapped():
    five = section_block(BASE_2021, "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
    six = section_block(BASE_2021 + "\x00", "六、其他需要报告的事项", "\x00")
    text = BASE_2021.replace(five + six, six + "\n" + five)
    _, found = run(text)
    [f] = found
    assert (f.code, f.line) == ("STR002", line_no(text, "五、存在的主要问题及改进情况"))
    assert "排在后续章节之后" in f.message


def test_str002_passes_in_order():
    assert only(run(BASE_2021)[1], "STR002") == []


# --------------------------------------------------------------------------- STR003


def test_str003_duplicate_heading():
    s = generate(2, layout="tabs", version="2021", variants=("duplicate-heading",))
    _, found = run(s.text)
    [f] = found
    assert (f.code, f.severity, f.cells) == ("STR003", "info", ())
    assert f.line == line_no(s.text, "五、存在的主要问题及改进情况", nth=2)
    assert f"第{line_no(s.text, '五、存在的主要问题及改进情况')}行已有" in f.message


def test_str003_passes_with_each_heading_once():
    assert only(run(BASE_2021)[1], "STR003") == []


# --------------------------------------------------------------------------- STR004


def without_tables(text: str, *tables: str) -> str:
    """The report with the named tables' lines removed and their section headings kept.

    The narrative's 本年新收政府信息公开申请 is reworded too: with no t3 printed, the
    extractor would take that sentence for t3's first row (it looks for the row's words
    when the table header is absent)."""
    blocks = {"t2": ("第二十条第（一）项", "三、收到和处理"), "t3": ("（本列数据的勾稽关系", "四、政府信息公开行政复议"),
              "t4": ("行政复议\t\t", "五、存在的主要问题")}
    for t in tables:
        text = text.replace(section_block(text, *blocks[t]), "")
    return text.replace("本年新收政府信息公开申请", "全年收到政府信息公开申请")


def test_str004_t3_missing_under_its_heading():
    text = without_tables(BASE_2021, "t3")
    report, found = run(text)
    assert all(report.provenance[k].reason == "表三未找到" for k in report.cells if k.startswith("t3."))
    [f] = only(found, "STR004")
    assert (f.severity, f.line) == ("error", line_no(text, "三、收到和处理政府信息公开申请情况"))
    assert list(f.cells) == [k for k in report.cells if k.startswith("t3.")] and len(f.cells) == 25 * 7
    assert "表三未找到" in f.message
    assert only(found, "STR005") == [], "a missing table is not 25 missing rows"


def test_str004_three_headings_without_tables():
    # like 浑南区国资局 2022: the page shows the headings of 二、三、四 and no tables
    text = without_tables(BASE_2021, "t2", "t3", "t4")
    _, found = run(text)
    assert [(f.code, f.line, len(f.cells)) for f in found] == [
        ("STR004", line_no(text, "二、主动公开政府信息情况"), 10),
        ("STR004", line_no(text, "三、收到和处理政府信息公开申请情况"), 25 * 7),
        ("STR004", line_no(text, "四、政府信息公开行政复议、行政诉讼情况"), 15)]


def test_str004_t4_missing_under_its_heading():
    text = BASE_2021.replace(section_block(BASE_2021, "行政复议\t\t", "五、存在的主要问题"), "")
    _, found = run(text)
    [f] = only(found, "STR004")
    assert f.line == line_no(text, "四、政府信息公开行政复议、行政诉讼情况")
    assert len(f.cells) == 15 and all(k.startswith("t4.") for k in f.cells)


def test_str004_passes_with_all_tables():
    assert only(run(BASE_2021)[1], "STR004") == []


# --------------------------------------------------------------------------- STR005


def test_str005_t3_row_removed():
    text = drop_line(BASE_2021, "3.要求提供公开出版物")
    _, found = run(text)
    [f] = only(found, "STR005")
    assert f.severity == "error"
    assert list(f.cells) == t3_keys("rejected_publication")
    assert f.line == line_no(text, "2.重复申请")  # the row before the gap
    assert "表三缺少1行" in f.message and "要求提供公开出版物" in f.message


def test_str005_two_t3_rows_removed_is_one_finding():
    text = drop_line(drop_line(BASE_2021, "3.要求提供公开出版物"), "4.无正当理由大量反复申请")
    [f] = only(run(text)[1], "STR005")
    assert list(f.cells) == t3_keys("rejected_publication") + t3_keys("rejected_massive")
    assert "表三缺少2行" in f.message


def test_str005_t2_row_removed():
    text = drop_line(BASE_2021, "行政强制")
    [f] = only(run(text)[1], "STR005")
    assert (list(f.cells), f.line) == (["t2.coercion.decisions"], line_no(text, "行政处罚"))
    assert "行政强制" in f.message


def test_str005_generated_missing_row():
    s = generate(2, layout="tabs", version="2021", variants=("missing-row",))
    gone = sorted({k.split(".")[1] for k, v in s.cells.items() if v is None})
    [f] = only(run(s.text)[1], "STR005")
    assert sorted({k.split(".")[1] for k in f.cells}) == gone


def test_str005_passes_with_every_row_and_with_one_other_row():
    assert only(run(BASE_2021)[1], "STR005") == []
    assert only(run(BASE_2019)[1], "STR005") == []
    assert only(run(COLLAPSED_2021)[1], "STR005") == []


# --------------------------------------------------------------------------- STR006


def test_str006_hubei_row_in_2019_t2():
    text = edit(BASE_2019, "\n第二十条第（五）项", "\n其他主动公开文件\t3\t3\t10\n第二十条第（五）项")
    _, found = run(text)
    [f] = found
    assert (f.code, f.severity, f.line) == ("STR006", "info", line_no(text, "其他主动公开文件"))
    assert list(f.cells) == ["x.t2.other_docs.new_made", "x.t2.other_docs.new_published",
                             "x.t2.other_docs.total_published"]


def test_str006_subtotal_row_in_t3():
    lines = BASE_2021.split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("（三）不予公开"))
    rows = [[int(x) for x in line.split("\t")[-7:]] for line in lines[i: i + 8]]
    lines[i] = lines[i].replace("（三）不予公开", "")
    lines.insert(i, "（三）不予公开\t\t" + "\t".join(str(sum(col)) for col in zip(*rows, strict=True)))
    text = "\n".join(lines)
    _, found = run(text, select=["STR", "FMT", "T3005"])
    [f] = found  # and the subtotal adds up: no T3005
    assert (f.code, f.line) == ("STR006", i + 1)
    assert list(f.cells) == [k.replace("t3.", "x.t3.") for k in t3_keys("denied_subtotal")]
    assert "小计行" in f.message


def test_str006_org_subtotal_column_in_t3():
    lines = BASE_2021.split("\n")
    a = line_no(BASE_2021, "勾稽关系") - 1
    b = line_no(BASE_2021, "四、政府信息公开行政复议") - 1
    for i in range(a, b):
        cells = lines[i].split("\t")
        if "商业企业" in cells:
            cells.insert(cells.index("其他") + 1, "小计")
        elif len(cells) >= 9 and all(c.isdigit() for c in cells[-7:]):
            cells.insert(len(cells) - 1, str(sum(int(c) for c in cells[-6:-1])))
        lines[i] = "\t".join(cells)
    text = "\n".join(lines)
    [f] = run(text)[1]
    assert f.code == "STR006" and "法人或其他组织小计" in f.message
    assert len(f.cells) == 25 and all(k.endswith(".org_subtotal") for k in f.cells)
    assert f.line == line_no(text, "一、本年新收")


def test_str006_passes_with_the_national_table():
    assert only(run(BASE_2019)[1], "STR006") == []


# --------------------------------------------------------------------------- STR007


@pytest.mark.parametrize("variant", ["2.其他法律法规禁止公开", "2.其他法律行政止公开"])
def test_str007_t3_label_variant(variant):
    text = edit(BASE_2021, "2.其他法律行政法规禁止公开", variant)
    _, found = run(text)
    [f] = found
    assert (f.code, f.severity, f.line) == ("STR007", "info", line_no(text, variant))
    assert list(f.cells) == t3_keys("denied_law_prohibited")
    assert f"印为“{variant[2:]}”" in f.message


def test_str007_fee_header_with_four_decimals():
    text = edit(BASE_2021, "本年收费金额（单位：万元）", "本年收费金额（单位：万元，保留4位小数）")
    [f] = run(text)[1]
    assert (f.code, f.line, list(f.cells)) == ("STR007", line_no(text, "保留4位小数"), ["t2.fees.amount"])


@pytest.mark.parametrize("title", ["存在的主要问题及改进措施", "存在的主要问题及改进举措"])
def test_str007_section_five_heading_variant(title):
    text = edit(BASE_2021, "五、存在的主要问题及改进情况", f"五、{title}")
    [f] = run(text)[1]  # a variant, not a missing section
    assert (f.code, f.line, f.cells) == ("STR007", line_no(text, title), ())
    assert title in f.message


def test_str007_passes_with_canonical_labels():
    assert only(run(BASE_2021)[1], "STR007") == []
    # the variant in narrative outside table 三 is not a label
    text = edit(BASE_2021, "公开内容的深度和广度还需加强。", "对其他法律法规禁止公开的信息依法不予公开。")
    assert only(run(text)[1], "STR007") == []


# --------------------------------------------------------------------------- STR008


def test_str008_procurement_amount_without_unit():
    line = next(x for x in BASE_2019.split("\n") if x.startswith("政府集中采购"))
    text = edit(BASE_2019, line, "政府集中采购\t39\t2192.63")
    _, found = run(text)
    [f] = found
    assert (f.code, f.severity, f.line) == ("STR008", "warning", line_no(text, "政府集中采购"))
    assert list(f.cells) == ["t2.procurement.amount"] and f.actual == 2192.63
    assert "2192.63" in f.message


@pytest.mark.parametrize("printed", ["2192.63 万元", "251000元", "0"])
def test_str008_passes_with_a_unit_or_zero(printed):
    line = next(x for x in BASE_2019.split("\n") if x.startswith("政府集中采购"))
    text = edit(BASE_2019, line, f"政府集中采购\t39\t{printed}")
    assert run(text)[1] == []


# --------------------------------------------------------------------------- STR009

GRANTED = "三、本年度办理结果\t（一）予以公开\t"


def _glued_granted(digits: str) -> str:
    """BASE_2021 with its 予以公开 row's seven cells printed as one run of digits."""
    line = next(x for x in BASE_2021.split("\n") if x.startswith(GRANTED))
    return edit(BASE_2021, line, GRANTED + digits)


def test_str009_glued_row_no_split_fits():
    # seven cells from 00000011: only 0|0|0|0|0|0|11, and 0 ≠ 11
    text = _glued_granted("00000011")
    report, found = run(text)
    [f] = only(found, "STR009")
    assert (f.severity, f.artifact, f.line) == ("warning", True, line_no(text, GRANTED))
    assert list(f.cells) == t3_keys("granted")
    assert "00000011" in f.message and "（一）予以公开" in f.message
    assert all(report.cells[k] is None for k in t3_keys("granted"))


def test_str009_passes_when_the_glued_row_splits():
    report, found = run(_glued_granted("713000020"))  # 7|13|0|0|0|0|20
    assert only(found, "STR009") == []
    assert [report.cells[k] for k in t3_keys("granted")] == [7, 13, 0, 0, 0, 0, 20]


# --------------------------------------------------------------------------- real reports

# (code, severity, line) of every structure finding on each real report; the PDF corpus
# report (洪泽区 2024, FMT002) waits for a PDF reader.
REAL = {
    "000_be44cd9e02213273.txt": [
        # t2 fee header 本年收费金额（单位：万元，保留4位小数） — Henan's local template
        ("STR007", "info", 33),
        # 五、存在的主要问题及改进情况 printed on line 75 and again on line 77
        ("STR003", "info", 77),
    ],
    # clean: six sections in order, every row, canonical labels, 2021 format for 2021
    "001_9c1716e9954b7ff2.txt": [],
    # clean: 2021 format for 2024
    "002_06c4d2819f1ca5c3.txt": [],
    "003_bf1199a0b79fce6a.txt": [
        # t3 prints 2. 其他法律法规禁|止公开 (wrapped over lines 91/93); 2019 format for 2020 is
        # right, and 采购总金额 2192.63 万元 carries its unit (no STR008)
        ("STR007", "info", 91),
    ],
    "004_29593275bb59ad88.txt": [
        # t2 fee header (单位:万元,保留4位小数
        ("STR007", "info", 39),
        # t3 2.其他法律法规禁止公开
        ("STR007", "info", 53),
    ],
    # clean: one crawler line, but six headings in order (四 prints the typo 行政法复议, an
    # accepted variant) and every cell read; cites 〔2021〕30号 for 2022
    "pingtan-2022.txt": [],
    "shkewei-2024.md": [
        # tables under 一、二、三 after a six-part narrative 一…六, 其他 under 五、: renumbered
        ("STR002", "warning", 73),
        # no 存在的主要问题及改进情况 heading: the converter dropped it (numbers jump 三→五 and
        # （一）主要问题/（二）改进情况 follow table 四), so a warning marked as a possible artifact
        ("STR001", "warning", 205),
    ],
}


@pytest.mark.parametrize("source", TEXT_SOURCES, ids=lambda p: p.name)
def test_real_reports(source):
    doc = read(source)
    found = check_report(doc, extract_document(doc), select=STRUCTURE)
    assert [(f.code, f.severity, f.line) for f in found] == REAL[source.name]
    for f in found:
        assert f.source == str(source) or f.source.endswith(source.name)
        assert f.artifact == (f.code == "STR001"), f.code


def test_real_findings_point_at_their_text():
    by_name = {p.name: p for p in TEXT_SOURCES}
    lines = by_name["000_be44cd9e02213273.txt"].read_text(encoding="utf-8").split("\n")
    doc = read(by_name["000_be44cd9e02213273.txt"])
    found = check_report(doc, extract_document(doc), select=STRUCTURE)
    for f in found:
        start, end = f.col
        assert lines[f.line - 1][start:end] in ("本年收费金额（单位：万元，保留4位小数", "五、存在的主要问题及改进情况")
    shkewei = by_name["shkewei-2024.md"]
    doc = read(shkewei)
    [str002] = only(check_report(doc, extract_document(doc), select=["STR002"]), "STR002")
    assert str002.message.count("应为") == 4  # 主动公开 一→二, 申请 二→三, 复议诉讼 三→四, 其他 五→六


def test_str007_without_a_section_heading_searches_the_table_lines():
    text = edit(BASE_2021, "2.其他法律行政法规禁止公开", "2.其他法律法规禁止公开")
    text = edit(text, "三、收到和处理政府信息公开申请情况\n", "\n")
    text = edit(text, "公开内容的深度和广度还需加强。", "对其他法律法规禁止公开的信息依法不予公开。")
    _, found = run(text)
    assert [(f.code, f.line) for f in found] == [
        ("STR007", line_no(text, "2.其他法律法规禁止公开")),  # in the table, not in section 五
        ("STR001", line_no(text, "四、政府信息公开行政复议"))]


def test_str001_text_without_any_section_heading_is_one_finding():
    text = re.sub(r"(?m)^[一二三四五六]、(?!本年度办理结果).*\n", "", BASE_2021)  # keep t3's row 三、
    _, found = run(text, select=["STR001"])
    [f] = found
    assert (f.code, f.severity, f.line) == ("STR001", "error", None)
    assert "未识别出任何法定章节标题" in f.message
