"""Cross-year (Y) and corpus-wide (C004) rules on generated series of reports.

Each body's years come from ``generators.series`` with every chain holding and a fresh
narrative each year; a test plants one break, prints the reports, extracts them with the
real pipeline and checks that exactly the planted break is found, on the later report,
naming the earlier one and the cells on each side.
"""

from __future__ import annotations

import copy
import json
import random

import pytest

from generators.series import YearText, body_series, sentence
from gongkai import api
from gongkai.model import Finding
from gongkai.rules import YearReport, check_corpus, check_series, year_report
from gongkai.rules.cross_text import BOILERPLATE_BODIES

AGENCY = "某某县某某镇人民政府"


def as_reports(years: list[YearText], key: str | None = None) -> list[YearReport]:
    """Each year printed, read and extracted as `gongkai extract` does, as a YearReport."""
    out = []
    for i, y in enumerate(years):
        report = api.extract(y.text(i).encode(), name=f"{y.agency}-{y.year}.txt")
        assert report.meta["year"] == y.year and report.format == y.format
        out.append(year_report(report, key or y.agency))
    return out


def found(years: list[YearText], **kw) -> list[Finding]:
    return check_series(as_reports(years), **kw)


def carry_more(cells: dict, n: int) -> None:
    """``n`` more applications carried over (自然人), and ``n`` more granted: table 三 still
    balances, only the chain with last year breaks."""
    for row in ("carried_over", "granted", "results_total"):
        for col in ("natural_person", "total"):
            cells[f"t3.{row}.{col}"] += n


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


@pytest.fixture(scope="module")
def series() -> list[YearText]:
    """2019–2024: two years of the 2019 trial format, four of the 2021 format."""
    return body_series(7, AGENCY, range(2019, 2025))


def years(series: list[YearText]) -> list[YearText]:
    return copy.deepcopy(series)


def test_chains_that_hold_are_silent_over_many_bodies():
    """Ten bodies over four to six years each, every chain holding and every narrative
    written afresh: no cross-year finding at all (Y004's rewritten texts included)."""
    reports = []
    for seed in range(10):
        body = body_series(100 + seed, f"第{seed}号机关", range(2019 + seed % 3, 2025))
        reports += (r := as_reports(body))
        assert check_series(r) == [], seed
    assert check_corpus(reports) == []


def test_two_reports_of_one_year_are_each_compared_with_the_year_before(series):
    """A body that published its 2023 report twice (two addresses, or a corrected one beside
    the first): each is checked against 2022; the later counts as 2023 for 2024."""
    ys = years(series)[3:6]  # 2022, 2023, 2024
    carry_more(ys[1].cells, 2)  # 2023 breaks with 2022; 2024 holds with 2023
    reports = as_reports(ys)
    again = api.extract(ys[1].text(9).encode(), name=f"{AGENCY}-2023-again.txt")
    out = check_series([reports[0], reports[1], year_report(again, AGENCY), reports[2]])
    assert sorted((f.source.rsplit("-", 1)[-1], f.other.source.rsplit("-", 1)[-1]) for f in out) == [
        ("2023.txt", "2022.txt"), ("2023.txt", "2022.txt"), ("again.txt", "2022.txt"), ("again.txt", "2022.txt")]


def test_a_carry_chain_break_is_found_on_the_later_report_naming_both(series):
    ys = years(series)
    carry_more(ys[4].cells, 2)
    out = found(ys)
    assert codes(out) == ["Y001", "Y001"]
    total = next(f for f in out if f.cells == ("t3.carried_over.total",))
    prev_forward = ys[3].cells["t3.carried_forward.total"]
    assert total.source.endswith("-2023.txt") and total.other.source.endswith("-2022.txt")
    assert total.other.year == 2022 and total.other.cells == ("t3.carried_forward.total",)
    assert (total.expected, total.actual) == (prev_forward, prev_forward + 2)
    assert total.message == (f"表三“上年结转”总计为{prev_forward + 2}件，2022年报告“结转下年度继续办理”总计为"
                             f"{prev_forward}件")
    assert total.line is not None and total.location.source_line == total.line  # a text file's own line


def test_the_carry_chain_crosses_the_change_of_format(series):
    """2020 (trial format) → 2021 (2021 format): table 三's rows are the same."""
    ys = years(series)
    carry_more(ys[2].cells, 1)
    out = found(ys)
    assert codes(out) == ["Y001", "Y001"] and {f.other.year for f in out} == {2020}


def test_an_in_force_break_is_a_warning_and_info_after_a_cleanup(series):
    ys = years(series)
    ys[5].cells["t2.normative_docs.in_force"] += 7
    out = found(ys)
    assert codes(out) == ["Y002"] and out[0].severity == "warning"
    f = out[0]
    assert f.cells == ("t2.normative_docs.in_force", "t2.normative_docs.made", "t2.normative_docs.repealed")
    assert f.other.cells == ("t2.normative_docs.in_force",) and f.other.year == 2023
    assert f.actual == f.expected + 7
    ys[5].extra.append("本年度开展了行政规范性文件清理工作，重新核定现行有效文件。")
    cleaned = found(ys)
    assert codes(cleaned) == ["Y002"] and cleaned[0].severity == "info" and "文件清理" in cleaned[0].message


def test_a_cleanup_of_something_else_does_not_lower_it(series):
    ys = years(series)
    ys[5].cells["t2.normative_docs.in_force"] += 7
    ys[5].extra.append("本年度开展了网站栏目清理。")
    assert [(f.code, f.severity) for f in found(ys)] == [("Y002", "warning")]


def test_the_2019_to_2020_items_chain(series):
    ys = years(series)
    ys[1].cells["t2.licensing.prev_items"] += 5
    out = found(ys)
    assert codes(out) == ["Y003"]
    f = out[0]
    assert f.cells == ("t2.licensing.prev_items",) and f.other.cells == ("t2.licensing.prev_items", "t2.licensing.change")
    assert f.other.year == 2019 and f.actual == f.expected + 5


def test_a_missing_year_breaks_no_chain(series):
    ys = years(series)
    carry_more(ys[4].cells, 3)  # would break 2022 → 2023, but 2022 is missing
    assert found(ys[:3] + ys[4:]) == []


def test_tables_equal_to_last_years_are_found(series):
    ys = years(series)
    ys[5].cells = dict(ys[4].cells)
    out = [f for f in found(ys) if f.code == "Y005"]
    assert len(out) == 1 and out[0].other.year == 2023
    assert out[0].message.startswith("表二、表三、表四的全部数字与2023年报告完全相同")


def test_a_repeated_table_3_is_found_and_a_repeated_empty_table_4_is_not(series):
    ys = years(series)
    for key in [k for k in ys[5].cells if k.startswith("t3.")]:
        ys[5].cells[key] = ys[4].cells[key]
    for y in ys[4:]:
        for key in [k for k in y.cells if k.startswith("t4.")]:
            y.cells[key] = 0
    out = [f for f in found(ys) if f.code == "Y005"]
    assert len(out) == 1 and out[0].message.startswith("表三的全部数字")
    assert all(c.startswith("t3.") for c in out[0].cells)


def test_copied_narrative_is_found_and_says_how_much_per_section(series):
    ys = years(series)
    for n in ("一", "五"):  # last year's text, the year and the figures changed
        ys[5].sections[n] = ys[4].sections[n].replace("2023", "2024").replace("1", "3")
    out = found(ys)
    assert codes(out) == ["Y004"]
    assert "第一部分（总体情况）100%" in out[0].message and "第五部分（存在的主要问题及改进情况）100%" in out[0].message
    assert out[0].other.year == 2023


def test_one_copied_section_of_three_is_under_half_and_silent(series):
    ys = years(series)
    ys[5].sections["六"] = ys[4].sections["六"]
    assert found(ys) == []


def test_a_sentence_naming_last_year_copied_from_last_years_report_is_found(series):
    ys = years(series)
    stale = ys[4].sections["一"].split("。")[0] + "。"
    assert stale.startswith("2023年，")
    ys[5].extra.append(stale)
    out = found(ys)
    assert codes(out) == ["Y006"] and stale.rstrip("。").replace("，", ",") in out[0].message  # as the rules read it


def test_comparisons_with_last_year_are_not_stale(series):
    ys = years(series)
    ys[5].extra.append("全年共收到政府信息公开申请较2023年增加3件。2023年印发的制度本年度继续执行，效果较好。")
    assert found(ys) == []


def test_select_and_ignore_choose_the_cross_year_rules(series):
    ys = years(series)
    ys[5].cells["t2.normative_docs.in_force"] += 7
    ys[5].sections["一"] = ys[4].sections["一"]
    ys[5].sections["五"] = ys[4].sections["五"]
    reports = as_reports(ys)
    assert codes(check_series(reports)) == ["Y002", "Y004", "Y006"]  # section 一 names 2023 as its year
    assert codes(check_series(reports, select=["Y00"], ignore=["Y004"])) == ["Y002", "Y006"]
    assert check_series(reports, select=["T3"]) == []


def test_an_uncertain_cell_makes_the_finding_a_possible_artifact():
    cells = {"t3.carried_forward.total": 3}
    prev = YearReport("甲", 2023, cells, {}, "a.txt")
    cur = YearReport("甲", 2024, {"t3.carried_over.total": 5}, {}, "b.txt", uncertain=frozenset({"t3.carried_over.total"}))
    [f] = check_series([cur, prev])
    assert f.artifact and f.message.endswith("（可能是原文排版或提取造成的，请核对原文）")


def test_the_json_of_a_finding_names_the_other_report_only_when_there_is_one():
    prev = YearReport("甲", 2023, {"t3.carried_forward.total": 3}, {}, "a.txt", report_id=11)
    cur = YearReport("甲", 2024, {"t3.carried_over.total": 5}, {}, "b.txt", report_id=12)
    [f] = check_series([prev, cur])
    d = json.loads(json.dumps(f.to_dict()))
    assert d["other"] == {"source": "a.txt", "year": 2023, "cells": ["t3.carried_forward.total"], "report_id": 11}
    assert "other" not in Finding("T3001", "x", "error", "m", "s").to_dict()


def _boilerplate_corpus(sharing: int) -> list[YearReport]:
    """Eight townships' 2024 reports; ``sharing`` of them print one section 五 template with
    their own name in it."""
    out = []
    rng = random.Random(99)
    template = "".join(sentence(rng) for _ in range(4))
    for i in range(8):
        [y] = body_series(300 + i, f"某某县第{i}镇人民政府", range(2024, 2025))
        if i < sharing:
            y.sections["五"] = f"{y.agency}存在的问题：" + template
        out += as_reports([y])
    return out


def test_a_section_shared_by_many_bodies_is_boilerplate():
    reports = _boilerplate_corpus(sharing=BOILERPLATE_BODIES + 2)
    out = check_corpus(reports)
    assert sorted(f.source for f in out) == sorted(r.source for r in reports[:BOILERPLATE_BODIES + 2])
    assert all(f.code == "C004" and f.severity == "info" and f.other is not None for f in out)
    assert out[0].message.startswith(f"第五部分（存在的主要问题及改进情况）与其他{BOILERPLATE_BODIES + 1}个机关报告")


def test_a_section_shared_by_fewer_bodies_is_not():
    assert check_corpus(_boilerplate_corpus(sharing=BOILERPLATE_BODIES)) == []


def test_one_bodys_own_years_are_not_boilerplate():
    """The same body's reports of many years count as one body (Y004 judges those)."""
    body = body_series(5, AGENCY, range(2019, 2025))
    for y in body:
        y.sections["五"] = body[0].sections["五"]
    assert check_corpus(as_reports(body)) == []


def test_the_catalog_says_these_rules_run_in_audit_only():
    from gongkai.output.rules import catalog_lines, rule_text
    from gongkai.rules import REGISTRY

    assert "只在 gongkai audit 中运行" in rule_text(REGISTRY["Y001"]) and "audit" in rule_text(REGISTRY["C004"])
    assert "只在 gongkai audit 中运行" not in rule_text(REGISTRY["T3001"])
    assert [line.split()[0] for line in catalog_lines() if "由 audit 运行" in line] == [
        "C004", "Y001", "Y002", "Y003", "Y004", "Y005", "Y006"]
