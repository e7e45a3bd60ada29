"""Text ↔ table rules (X001–X011) and content rules (C001–C008).

Each rule fails on a real report (seed or corpus) edited in the test — a stated number
changed, the fee sentence removed, the period changed — or on a generated report, and
passes on the unedited one. The last tests run every X and C rule on every real report and
expect exactly the findings those reports deserve.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from generators.synth import generate, render
from gongkai.extract import extract_document
from gongkai.readers import read_bytes
from gongkai.rules import REGISTRY, check_report
from gongkai.spec import load_format
from gongkai.spec.profile import load_profile

# tests/conftest.py by path: `from conftest import` would pick up a tests/rules/conftest.py
# if one is ever added beside this file.
_spec = importlib.util.spec_from_file_location("_tests_conftest", Path(__file__).resolve().parents[1] / "conftest.py")
_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conftest)
TEXT_SOURCES = _conftest.TEXT_SOURCES

RULES = ["X", "C"]
# C007 and C008 are local (武威) rules: they run only with their profile on.
WUWEI = [load_profile("gansu-wuwei")]


def source(prefix: str) -> Path:
    return next(p for p in TEXT_SOURCES if p.name.startswith(prefix))


def original(prefix: str) -> str:
    return source(prefix).read_text(encoding="utf-8")


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def line_of(text: str, snippet: str) -> int:
    """1-based line of the first occurrence of ``snippet``."""
    i = text.index(snippet)
    return text.count("\n", 0, i) + 1


def check(text: str, name: str = "r.txt", select=RULES, profiles=WUWEI):
    doc = read_bytes(text.encode("utf-8"), name)
    return check_report(doc, extract_document(doc), select=select, profiles=profiles)


def codes(found) -> list[str]:
    return [f.code for f in found]


def only(code: str, found):
    hits = [f for f in found if f.code == code]
    assert len(hits) == 1, found
    f = hits[0]
    assert f.severity == REGISTRY[code].severity or code in ("X008",), f
    return f


def synthetic(seed: int = 11, edit_cells=None, version: str = "2021") -> tuple[str, dict]:
    s = generate(seed, layout="tabs", version=version, variants=())
    cells = dict(s.cells)
    if edit_cells:
        edit_cells(cells)
    text = render(cells, load_format(version), "tabs", random.Random(seed), s.meta["agency"], s.meta["year"])
    return text, cells


PINGTAN = "pingtan-2022"
KEWEI = "shkewei-2024"
DENIED = tuple(f"t3.denied_{k}.total" for k in ("state_secret", "law_prohibited", "security_stability", "third_party",
                                                 "internal_affairs", "process_info", "enforcement_file", "admin_query"))


# --- X001 text-new-received-mismatch ----------------------------------------------------

def test_X001_passes_when_the_stated_number_is_new_plus_carried_over():
    # 平潭 2022: 收到政府信息公开申请75件 = 新收 74 + 上年结转 1; 上海市科委 2024: 34 = 新收 34
    assert "X001" not in codes(check(original(PINGTAN), "p.txt"))
    assert "X001" not in codes(check(original(KEWEI), "k.md"))


def test_X001_fails_on_a_changed_number():
    text = edit(original(PINGTAN), "收到政府信息公开申请75件", "收到政府信息公开申请80件")
    f = only("X001", check(text, "p.txt"))
    assert (f.severity, f.line, f.expected, f.actual) == ("warning", 10, 74, 80)
    assert f.cells == ("t3.new_received.total",)
    assert "80" in f.message and "74" in f.message


def test_X001_on_a_generated_report():
    text, cells = synthetic()
    assert "X001" not in codes(check(text))
    n = cells["t3.new_received.total"]
    bad = edit(text, f"本年新收政府信息公开申请{n}件", f"本年新收政府信息公开申请{n + 3}件")
    f = only("X001", check(bad))
    assert f.line == line_of(bad, "本年新收政府信息公开申请") and f.actual == n + 3 and f.expected == n
    assert f.col is not None


# --- X002 text-outcome-mismatch -----------------------------------------------------------

def test_X002_passes_on_the_kewei_outcome_sentence():
    assert "X002" not in codes(check(original(KEWEI), "k.md"))


def test_X002_fails_on_a_changed_group_count():
    text = edit(original(KEWEI), "不予公开答复 2", "不予公开答复 3")
    f = only("X002", check(text, "k.md"))
    assert (f.line, f.expected, f.actual) == (44, 2, 3)
    assert set(f.cells) == set(DENIED)


def test_X002_percentage_and_joined_groups():
    base = original(KEWEI)
    # 予以公开 9 + 部分公开 0 of （七）总计 35 = 25.71 %
    good = edit(base, "同意公开答复 9 件，部分公开答复 0 件，", "予以公开及部分公开9件，占25.7%，")
    assert "X002" not in codes(check(good, "k.md"))
    bad = edit(base, "同意公开答复 9 件，部分公开答复 0 件，", "予以公开及部分公开9件，占30%，")
    f = only("X002", check(bad, "k.md"))
    assert f.actual == 30 and f.expected == pytest.approx(25.71)
    assert {"t3.granted.total", "t3.partly_granted.total", "t3.results_total.total"} <= set(f.cells)
    both_zero = edit(base, "部分公开答复 0 件，", "部分公开、不予处理均为0件，")
    assert "X002" not in codes(check(both_zero, "k.md"))


# --- X003 text-carry-mismatch -------------------------------------------------------------

def test_X003_carried_over_and_forward():
    base = original(KEWEI)
    assert "X003" not in codes(check(base, "k.md"))
    f = only("X003", check(edit(base, "年度办理答复的有 1 件", "年度办理答复的有 2 件"), "k.md"))
    assert (f.line, f.cells, f.expected, f.actual) == (45, ("t3.carried_forward.total",), 1, 2)
    f = only("X003", check(edit(base, "上年结转政府信息公开\n申请 2 件", "上年结转政府信息公开\n申请 3 件"), "k.md"))
    assert (f.line, f.cells, f.expected, f.actual) == (42, ("t3.carried_over.total",), 2, 3)


# --- X004 text-review-suit-mismatch -------------------------------------------------------

def test_X004_counts():
    base = original(PINGTAN)
    assert "X004" not in codes(check(base, "p.txt"))
    f = only("X004", check(edit(base, "行政复议案件2件", "行政复议案件3件"), "p.txt"))
    assert (f.line, f.cells, f.expected, f.actual) == (10, ("t4.review.total",), 2, 3)
    f = only("X004", check(edit(base, "行政诉讼案件1件", "行政诉讼案件2件"), "p.txt"))
    assert f.cells == ("t4.suit_direct.total", "t4.suit_after_review.total") and (f.expected, f.actual) == (1, 2)
    # 上海市科委: the count before the keyword (有 1 件涉及…的行政复议) and 行政诉讼数为 0 件
    kewei = original(KEWEI)
    assert "X004" not in codes(check(kewei, "k.md"))
    f = only("X004", check(edit(kewei, "有 1 件涉及", "有 2 件涉及"), "k.md"))
    assert (f.line, f.expected, f.actual) == (19, 1, 2)


def test_X004_claims():
    # 平潭 表四: 行政复议 结果纠正 1, 其他结果 1; no case pending
    base = original(PINGTAN)
    text = edit(base, "行政复议案件2件，均已结案", "行政复议案件2件，均获维持")
    f = only("X004", check(text, "p.txt"))
    assert f.cells == ("t4.review.corrected",) and f.actual == 1 and "均获维持" in f.message and f.line == 10
    # 上海市科委 says 未被复议审查机关纠错 and its 表四 agrees
    kewei = original(KEWEI)
    assert "X004" not in codes(check(kewei, "k.md"))


# --- X005 text-t2-mismatch ----------------------------------------------------------------

def test_X005_t2_counts():
    text, cells = synthetic()
    made, in_force = cells["t2.normative_docs.made"], cells["t2.normative_docs.in_force"]
    sentence = f"本年制发行政规范性文件{made}件，现行有效行政规范性文件{in_force}件。"
    good = edit(text, "持续推进主动公开", sentence + "持续推进主动公开")
    assert "X005" not in codes(check(good))
    bad = edit(text, "持续推进主动公开", sentence.replace(f"{in_force}件", f"{in_force + 10}件") + "持续推进主动公开")
    f = only("X005", check(bad))
    assert (f.cells, f.expected, f.actual, f.line) == (("t2.normative_docs.in_force",), in_force, in_force + 10,
                                                       line_of(bad, "本年制发行政规范性文件"))
    assert not f.artifact
    # 平潭 2022 states 现行有效 698 and 制发 88 as its table has them
    pingtan = original(PINGTAN)
    assert "X005" not in codes(check(pingtan, "p.txt"))
    # its 表二 row is glued (行政规范性文件8855698): a narrative that matches no reading of the
    # digits is still reported, but as a possible reading artifact
    f = only("X005", check(edit(pingtan, "现行有效行政规范性文件698件", "现行有效行政规范性文件690件"), "p.txt"))
    assert f.cells == ("t2.normative_docs.in_force",) and f.actual == 690 and f.artifact and f.line == 10


# --- X006 fee-statement-missing -----------------------------------------------------------

def test_X006_fee_statement():
    base = original("004")
    assert "X006" not in codes(check(base))
    text = edit(base, "按照《政府信息公开信息处理费管理办法》规定,2022年,本镇未产生政府信息公开申请处理费。", "无")
    f = only("X006", check(text))
    assert (f.severity, f.line, f.cells) == ("warning", line_of(text, "六、其他需要报告的事项"), ())


def test_X006_not_for_the_2019_format():
    assert "X006" not in codes(check(original("003")))  # 2019 format, section 六 "无"


# --- X007 fee-vs-unpaid-row ---------------------------------------------------------------

def test_X007_unpaid_fee_row_against_section_6():
    text, cells = synthetic()  # seed 11: （六）2 逾期未缴费 总计 15
    assert cells["t3.other_unpaid_fee.total"] > 0
    assert "X007" not in codes(check(text))  # "本年度未收取信息处理费" is consistent with unpaid fees
    nil = edit(text, "本年度未收取信息处理费。", "无")
    found = check(nil)
    f = only("X007", found)
    assert (f.cells, f.actual, f.line) == (("t3.other_unpaid_fee.total",), cells["t3.other_unpaid_fee.total"],
                                          line_of(nil, "六、其他需要报告的事项"))
    assert "X006" not in codes(found), "reported once, by X007"
    denied = edit(text, "本年度未收取信息处理费。", "本年度未发生信息处理费收费事项。")
    assert "未发生信息处理费" in only("X007", check(denied)).message


# --- X008 section6-nil-with-fees ----------------------------------------------------------

def test_X008_nil_section_6_with_fees():
    base = original("002")  # section 六 "无", fees 0
    assert "X008" not in codes(check(base))
    text = edit(base, "今年无责任追究情况。", "今年无责任追究情况。全年收取信息处理费300元。")
    f = only("X008", check(text))
    assert (f.severity, f.line) == ("warning", line_of(text, "六、其他需要报告的事项"))
    assert "300元" in f.message
    # only 表二 行政事业性收费 above 0: info (the 信息处理费 may not be in that cell)
    pingtan = original(PINGTAN)
    nil = edit(pingtan, "2022年，无收取信息处理费情况。", "无")
    f = only("X008", check(nil, "p.txt"))
    assert (f.severity, f.cells, f.actual) == ("info", ("t2.fees.amount",), 9116.36)


# --- X009 year-mismatch -------------------------------------------------------------------

def test_X009_self_reference_to_another_year():
    base = original("000")
    assert "X009" not in codes(check(base))
    text = edit(base, "现将2021年度政府信息公开工作总结如下", "现将2020年度政府信息公开工作总结如下")
    f = only("X009", check(text))
    assert (f.severity, f.line, f.expected, f.actual) == ("error", 7, 2021, 2020)


def test_X009_period_year_and_overview_start():
    pingtan = original(PINGTAN)
    assert "X009" not in codes(check(pingtan, "p.txt"))  # "2023年，我区将…" is a plan, not the reporting year
    text = edit(pingtan, "统计时限为2022年1月1日至2022年12月31日", "统计时限为2021年1月1日至2021年12月31日")
    f = only("X009", check(text, "p.txt"))
    assert (f.line, f.expected, f.actual) == (10, 2022, 2021)
    text = edit(original("002"), "2024 年，在县委县政府", "2023 年，在县委县政府")
    f = only("X009", check(text))
    assert (f.line, f.expected, f.actual) == (7, 2024, 2023)


# --- X010 period-wrong --------------------------------------------------------------------

def test_X010_period_not_a_calendar_year():
    pingtan = original(PINGTAN)
    assert "X010" not in codes(check(pingtan, "p.txt"))
    text = edit(pingtan, "至2022年12月31日", "至2022年11月30日")
    found = check(text, "p.txt")
    f = only("X010", found)
    assert (f.severity, f.line, f.actual) == ("error", 10, "2022年1月1日至2022年11月30日")
    assert "X009" not in codes(found)
    kewei = edit(original(KEWEI), "2024 年 1 月 1 日至 12 月 31 日", "2024 年 2 月 1 日至 12 月 31 日")
    assert only("X010", check(kewei, "k.md")).line == 10


# --- X011 all-zero-contradiction ----------------------------------------------------------

def test_X011_all_zero_table_with_stated_applications():
    base = original("002")  # every cell of 表三 and 表四 is 0
    assert "X011" not in codes(check(base))
    text = edit(base, "做好新时代政务公开。", "做好新时代政务公开。全年共受理政府信息公开申请5件。")
    found = check(text)
    f = only("X011", found)
    assert (f.line, f.expected, f.actual) == (11, 0, 5)
    assert f.cells == ("t3.new_received.total", "t3.results_total.total")
    assert "X001" not in codes(found), "an all-zero table is X011's, not X001's"
    text = edit(base, "今年无责任追究情况。", "今年无责任追究情况。本年度因政府信息公开工作被申请行政复议1件。")
    f = only("X011", check(text))
    assert f.cells[0] == "t4.review.total" and f.actual == 1


def test_X011_none_statement_against_a_filled_table():
    assert "X011" not in codes(check(original("003")))  # 未收到…申请 and 表三 all 0
    text, cells = synthetic()
    n = cells["t3.new_received.total"]
    bad = edit(text, f"本年新收政府信息公开申请{n}件", "本年未收到政府信息公开申请")
    f = only("X011", check(bad))
    assert (f.cells, f.expected, f.actual) == (("t3.new_received.total",), n, 0)
    assert f.line == line_of(bad, "本年未收到")
    # 平潭 表四 has 2 reviews and 1 suit
    pingtan = edit(original(PINGTAN), "（三）政府信息管理方面", "本年度未发生因政府信息公开引起的行政复议。 （三）政府信息管理方面")
    f = only("X011", check(pingtan, "p.txt"))
    assert (f.cells, f.expected, f.actual, f.line) == (("t4.review.total",), 2, 0, 10)


# --- C001 overview-coverage ---------------------------------------------------------------

def test_C001_overview_coverage():
    assert "C001" not in codes(check(original("002")))  # lists all five topics
    f = only("C001", check(original("000")))
    assert (f.severity, f.line, f.actual) == ("warning", 5, ["依申请公开"])
    text = edit(original("002"), "依申请公开", "信息发布")
    assert only("C001", check(text)).actual == ["依申请公开"]
    assert "C001" not in codes(check(original("003"))), "2019 format: not checked"


# --- C002 gov-assessment-duty -------------------------------------------------------------

def test_C002_government_report_without_assessment():
    pingtan = original(PINGTAN)  # 平潭综合实验区: a government
    assert "C002" not in codes(check(pingtan, "p.txt"))
    text = pingtan
    for word, other in (("考核", "安排"), ("评议", "意见"), ("责任追究", "整改")):
        text = text.replace(word, other)
    f = only("C002", check(text, "p.txt"))
    assert (f.severity, f.line) == ("warning", 10)
    # 乡镇人民政府 are 各级人民政府 too: 罗山县子路镇 never mentions 考核/评议/责任追究
    assert "C002" in codes(check(original("000")))
    # a 街道办事处 is a 派出机关, not a government: not checked
    street = original("000").replace("罗山县子路镇人民政府", "罗山县某某街道办事处", 1)
    assert "C002" not in codes(check(street))


# --- C003 problems-empty ------------------------------------------------------------------

def test_C003_problems_empty():
    base = original("004")
    assert "C003" not in codes(check(base))
    start = base.index("2022年江左镇政务信息公开工作取得了一定的成绩")
    end = base.index("六、其他需要报告的事项")
    text = base[:start] + "无\n\n" + base[end:]
    f = only("C003", check(text))
    assert (f.severity, f.line) == ("warning", line_of(text, "五、存在的主要问题及改进情况"))
    short = base[:start] + "暂未发现问题。\n\n" + base[end:]
    assert "C003" in codes(check(short))


# --- C005 section6-off-topic --------------------------------------------------------------

def test_C005_plans_in_section_6():
    f = only("C005", check(original("000")))
    assert (f.severity, f.line) == ("info", 95)
    assert "C005" not in codes(check(original(PINGTAN), "p.txt"))


# --- C006 section6-items ------------------------------------------------------------------

def test_C006_section_6_items():
    base = original("004")
    f = only("C006", check(base))
    assert (f.severity, f.line) == ("info", 93) and len(f.actual) == 3
    full = edit(base, "本镇未产生政府信息公开申请处理费。",
                "本镇未产生政府信息公开申请处理费。认真落实县政务公开工作要点；公开人大代表建议和政协提案办理结果；"
                "创新开展“政务公开开放日”活动。")
    assert "C006" not in codes(check(full))
    assert "C006" not in codes(check(original("003"))), "2019 format: not checked"


# --- C007 overview-length -----------------------------------------------------------------

def test_C007_overview_length():
    f = only("C007", check(original("003")))
    assert (f.severity, f.line) == ("info", 7) and f.actual > 2000
    assert "超过1000字左右" in f.message and "武威" in f.message
    assert "C007" not in codes(check(original("002")))
    assert "C007" not in codes(check(original("003"), profiles=())), "a local rule: off without its profile"


def test_C007_limit_comes_from_the_profile():
    """Another locality's profile sets another limit: the rule reads it, no code changes."""
    from dataclasses import replace

    wuwei = WUWEI[0]
    generous = replace(wuwei, title="某省", params={"C007": {"overview-chars": 2500, "allowance": 0.2}})
    assert "C007" not in codes(check(original("003"), profiles=[generous]))  # about 2700 < 3000
    strict = replace(wuwei, title="某省", params={"C007": {"overview-chars": 500, "allowance": 0}})
    f = only("C007", check(original("002"), profiles=[strict]))  # about 970 > 500
    assert f.expected == 500 and "500字" in f.message and "某省" in f.message


# --- C009 overview-empty ------------------------------------------------------------------

def test_C009_overview_empty():
    base = original("002")
    assert "C009" not in codes(check(base, profiles=()))
    text = base[:base.index("2024 年，在县委")] + base[base.index("二、主动公开政府信息情况"):]
    f = only("C009", check(text, profiles=()))
    assert f.actual == 0 and "过短" in f.message and f.severity == "warning"


# --- C008 overview-quantified -------------------------------------------------------------

def test_C008_overview_quantified():
    f = only("C008", check(original("000")))
    assert (f.severity, f.line, f.actual) == ("info", 5, ["主动公开信息条数", "依申请公开件数"])
    assert "C008" not in codes(check(original(PINGTAN), "p.txt"))
    text = edit(original("002"), "今年无责任追究情况。", "今年无责任追究情况。全年主动公开信息120条，未收到政府信息公开申请。")
    assert "C008" not in codes(check(text))


# --- every real report ------------------------------------------------------------------

# The findings each real report deserves (real reports have real defects).
EXPECTED = {
    "000_be44cd9e02213273.txt": [
        "C001",  # 一、总体情况 never mentions 依申请公开
        "C002",  # a 镇人民政府 (各级人民政府, 条例 第五十条) that never mentions 考核/评议/责任追究
        "C005",  # section 六 is a list of next-year plans ("子路镇将…重点抓好以下工作：一是继续…")
        "C006",  # section 六 silent on 工作要点, 建议提案, 创新
        "C008",  # 一、总体情况 has no figure for 主动公开 or 依申请公开
        "X006",  # 2021 format, section 六 says nothing about the 信息处理费
    ],
    "001_9c1716e9954b7ff2.txt": [
        "C001",  # 一、总体情况 (领导重视 / 拓宽渠道) names neither 主动公开, 依申请公开 nor 信息管理
        "C006",  # section 六 is "无"
        "C008",  # no figures in 一、总体情况
        "X006",  # section 六 "无": no fee statement
    ],
    "002_06c4d2819f1ca5c3.txt": [
        "C006",  # section 六 is "无"
        "C008",  # no figures in 一、总体情况
        "X006",  # section 六 "无": no fee statement
    ],
    "003_bf1199a0b79fce6a.txt": [
        "C007",  # 一、总体情况 is about 2700 characters (2019 format: C001, C006, X006 not applied)
    ],
    "004_29593275bb59ad88.txt": [
        "C006",  # section 六 holds only the fee sentence
    ],
    "pingtan-2022.txt": [
        "C006",  # section 六 holds only the fee sentence
        "C007",  # 一、总体情况 is about 2000 characters
    ],
    "shkewei-2024.md": [
        "C006",  # section 六 holds only the fee sentence
        "C007",  # 一、总体情况 runs on through the report's own parts 二–六 (about 1300 characters)
    ],
}


@pytest.mark.parametrize("path", TEXT_SOURCES, ids=lambda p: p.name)
def test_every_real_report_gets_exactly_its_findings(path):
    doc = read_bytes(path.read_bytes(), str(path))
    found = check_report(doc, extract_document(doc), select=RULES, profiles=WUWEI)
    assert sorted(codes(found)) == EXPECTED[path.name], [(f.code, f.line, f.message) for f in found]
    for f in found:
        assert f.line is not None and f.message and f.severity == REGISTRY[f.code].severity


def test_expected_covers_every_real_report():
    assert set(EXPECTED) == {p.name for p in TEXT_SOURCES}


def test_statements_read_from_the_real_narratives():
    """What the parser reads from the two corpus narratives (none of it from a table)."""
    from gongkai.rules.context import Context
    from gongkai.rules.statements import statements

    def read_statements(prefix, name):
        doc = read_bytes(source(prefix).read_bytes(), name)
        ctx = Context(doc, extract_document(doc))
        return {(s.kinds, s.value) for s in statements(ctx)}

    assert read_statements(PINGTAN, "p.txt") == {
        (("t2",), 698), (("t2",), 88), (("new",), 75), (("results",), None), (("suit",), 1), (("review",), 2)}
    assert read_statements(KEWEI, "k.md") == {
        (("review",), 1), (("suit",), 0), (("new",), 34), (("carried_over",), 2), (("granted",), 9),
        (("partly_granted",), 0), (("denied",), 2), (("unable",), 10), (("rejected",), 0), (("other",), 14),
        (("carried_forward",), 1)}


@pytest.mark.parametrize("seed", range(12))
def test_generated_reports_have_no_text_table_findings(seed):
    """Generated narratives state 新收 and 行政复议 as the table has them."""
    s = generate(seed, layout="tabs", variants=())
    found = check(s.text, select=["X"])
    assert found == []


def _parse(paragraphs: str, year: int = 2022):
    from gongkai.normalize import normalise
    from gongkai.rules.narrative import Narrative
    from gongkai.rules.statements import parse_statements

    text = normalise(paragraphs)
    return [(s.kinds, s.value, s.percent, s.each)
            for s in parse_statements(Narrative(text, tuple(range(len(text)))), year)]


def test_parser_reads_common_phrasings():
    got = _parse("2022年共收到政府信息公开申请12件，同比增长20%。其中，予以公开5件，占41.7%；部分公开2件；"
                 "不予公开1件；无法提供3件；不予处理1件。全年共办结12件，按时办结率100%。\n"
                 "收到政府信息公开申请两件。\n"
                 "因政府信息公开被申请行政复议1起，被提起行政诉讼0起。\n"
                 "依申请公开办理中予以公开、部分公开均为0件。\n"
                 "本年度制发规范性文件3件，废止规范性文件1件，现行有效规范性文件20件，制定规章制度5项。")
    assert got == [
        (("new",), 12, None, False), (("granted",), 5, 41.7, False), (("partly_granted",), 2, None, False),
        (("denied",), 1, None, False), (("unable",), 3, None, False), (("rejected",), 1, None, False),
        (("results",), 12, None, False),  # 按时办结率 is an on-time rate: not compared
        (("new",), 2, None, False),
        (("review",), 1, None, False), (("suit",), 0, None, False),
        (("granted", "partly_granted"), 0, None, True),
        (("t2",), 3, None, False), (("t2",), 1, None, False), (("t2",), 20, None, False),
    ]


def test_parser_ignores_other_matters():
    assert _parse("本年度共收到行政复议申请2件。\n"  # not about 政府信息公开: no 表四 statement either
                  "受理群众来信来访123件，办理人大代表建议45件、政协提案30件。\n"
                  "受理行政许可申请1200件，办结行政许可申请1100件，答复群众咨询200件。\n"
                  "受理依申请公开3件，答复网民留言120条。\n"  # 120条 is not a count of applications
                  "较2021年收到政府信息公开申请60件有所增加。\n"  # a comparison with another year
                  "全年办理行政复议案件50件。") == [(("new",), 3, None, False)]
