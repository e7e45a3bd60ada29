"""The catalog itself: every rule's Chinese title, what ``register`` refuses, and E000 — a rule
that raises gives one finding and the other rules' findings are kept."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from conftest import SEED_000
from gongkai.extract import extract_document
from gongkai.readers import read
from gongkai.rules import REGISTRY, Finding, Rule, check_report, register, selected_rules
from gongkai.rules.context import Context

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_rule_has_a_unique_chinese_title():
    titles = {code: rule.__dict__.get("title") for code, rule in REGISTRY.items()}
    assert all(isinstance(t, str) and CJK.search(t) for t in titles.values()), titles
    assert len(set(titles.values())) == len(titles)


def _rule(code: str, **attrs) -> type[Rule]:
    body = {"code": code, "name": f"test-{code.lower()}", "severity": "error", "summary": "test",
            "message": "测试", "title": f"测试规则{code}", **attrs}
    return type(f"Rule{code}", (Rule,), body)


@pytest.mark.parametrize("attrs", [{"title": None}, {"title": ""}, {"title": "no chinese here"},
                                   {"title": REGISTRY["T3003"].title}])
def test_register_refuses_a_rule_without_its_own_chinese_title(attrs):
    cls = _rule("T3998", **attrs)
    if attrs["title"] is None:
        del cls.title
    with pytest.raises(ValueError, match="title"):
        register(cls)
    assert "T3998" not in REGISTRY


class CrashingRule(Rule):
    """A rule with a bug: it makes one finding, then divides by a count that is zero."""

    code = "T3999"
    name = "test-crashing-rule"
    title = "测试用的出错规则"
    severity = "warning"
    summary = "test only"
    message = "测试规则的发现"

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield self.finding(ctx, line=1)
        repeated = len(ctx.headings) - len(ctx.first_headings)
        yield self.finding(ctx, actual=len(ctx.text) / (repeated - repeated))


@contextmanager
def registered(cls: type[Rule]) -> Iterator[type[Rule]]:
    """``cls`` in the catalog for the duration of the block only."""
    register(cls)
    try:
        yield cls
    finally:
        del REGISTRY[cls.code]


@pytest.fixture()
def crashing():
    with registered(CrashingRule) as cls:
        yield cls


@pytest.fixture(scope="module")
def seed():
    doc = read(SEED_000)
    return doc, extract_document(doc)


def _key(found: list[Finding]) -> list[tuple]:
    return [(f.code, f.line, f.message) for f in found]


def test_a_crashing_rule_gives_E000_and_the_other_findings_are_kept(seed):
    doc, report = seed
    baseline = check_report(doc, report)
    assert len({f.code for f in baseline}) > 3
    with registered(CrashingRule):
        found = check_report(doc, report)
    crashed = [f for f in found if f.code == "E000"]
    assert len(crashed) == 1
    f = crashed[0]
    assert (f.name, f.severity) == ("rule-crashed", "error")
    assert f.message == ("规则 T3999 test-crashing-rule（测试用的出错规则）检查时出错："
                         "ZeroDivisionError: division by zero；其他规则的结果不受影响")
    assert f.actual == "ZeroDivisionError: division by zero"
    # every other rule's findings are there, and the one the crashed rule made before raising
    others = [x for x in found if x.code not in ("E000", "T3999")]
    assert _key(others) == _key(baseline)
    assert [x.message for x in found if x.code == "T3999"] == ["测试规则的发现"]


def test_E000_follows_the_rules_that_run_whatever_select_says(seed, crashing):
    doc, report = seed
    codes = {f.code for f in check_report(doc, report, select=["T3"])}
    assert "E000" in codes and "T3007" in codes  # E000 is not selected, yet reported
    assert check_report(doc, report, select=["T4"]) == check_report(doc, report, select=["T4", "E000"])
    assert not any(f.code == "E000" for f in check_report(doc, report, select=["T4"]))  # the crasher did not run
    found = check_report(doc, report, ignore=["E000"])
    assert "E000" not in {f.code for f in found} and "T3007" in {f.code for f in found}
    assert not any(f.code == "E000" for f in check_report(doc, report, ignore=["T3999"]))


def test_E000_is_in_the_catalog_but_runs_no_check(seed):
    doc, report = seed
    assert REGISTRY["E000"].title and "## 检查内容 / What it checks" in REGISTRY["E000"].doc()
    assert REGISTRY["E000"] not in selected_rules()
    assert selected_rules(["E000"]) == []
    assert check_report(doc, report, select=["E000"]) == []
