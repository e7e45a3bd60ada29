"""The rule catalog: every check a reviewer (政务公开办) runs on a report, like a linter's.

Each rule is a class registered with ``@register``: a stable ``code`` (family prefix + number:
T3xxx table 三, T4xxx, T2xxx, FMTxxx format/version, STRxxx structure, Xxxx text↔table,
Cxxx content; E000 a rule that crashed), a kebab-case ``name`` that names the defect, a
short Chinese ``title`` of the defect, a ``severity``, a Chinese ``message`` template with an
``example`` of its values, and a docstring for reviewers with the sections ``DOC_SECTIONS``
(检查内容 / What it checks, 为什么重要, 示例, 依据), Chinese first with the English beside it.
``check(ctx)`` yields Findings. Rules are pure: Report + Document in,
Findings out.

Modules, by what they check:

- ``table2``, ``table3``, ``table4``: each table's arithmetic and values (T2, T3, T4);
  ``identities`` diagnoses the table identities once per report.
- ``version``: the format version the tables follow (FMT).
- ``sections``: the six statutory sections' headings (STR001–STR003).
- ``table_layout``: which tables, rows, columns, labels and units are printed (STR004–STR008).
- ``text_counts``: counts the narrative states against the tables (X001–X005).
- ``contradictions``: the narrative against how the tables were filled (X011, T3009).
- ``fees``: the 信息处理费 statement of section 六 against 表三 and 表二 (X006–X008, X012).
- ``period``: the reporting year and the statistics period (X009, X010).
- ``content``: what sections 一, 五 and 六 say (C).
- ``timeliness``: when the report was published against its deadline (D001–D003, D005).
- ``cross_year``, ``cross_text``: rules that see more than one report (``series``:
  ``YearReport``, ``check_series`` over one body's years, Y; ``check_corpus`` over every
  body's reports, C004), sharing the catalog, selection and outputs; ``shingles`` measures
  shared text (MinHash).

``catalog`` holds E000 (rule-crashed): not a check but the finding ``check_report`` gives
for a rule that raised, so that the other rules' findings are kept.

Shared reading: ``context`` (what a rule sees), ``narrative`` (the narrative in compact
form), ``statements`` (the counts it states), ``catalog`` (Finding, Rule, the registry).

To add a rule: write the class in the module of what it checks, decorate it with
``@register``, add a passing and a failing test in ``tests/rules/``, and run
``gongkai rules --docs docs/rules.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from gongkai.model import Document, Report, severity_at_least

# Registration: importing a rule module adds its rules to REGISTRY.
from gongkai.rules import (  # noqa: F401
    content,
    contradictions,
    cross_text,
    cross_year,
    fees,
    period,
    sections,
    table2,
    table3,
    table4,
    table_layout,
    text_counts,
    timeliness,
    version,
)
from gongkai.rules.catalog import (
    DOC_SECTIONS,
    NOT_CHECKS,
    REGISTRY,
    SEVERITIES,
    Finding,
    NotAReport,
    Rule,
    RuleCrashed,
    Unreadable,
    fingerprint,
    matches,
    register,
    reports_crashes,
    selected_rules,
)
from gongkai.rules.context import Context
from gongkai.rules.facts import Facts, facts_of
from gongkai.rules.series import YearReport, check_corpus, check_series, section_texts, year_report
from gongkai.spec.profile import Profile, load_profile, profile_names, profile_rules

__all__ = [
    "DOC_SECTIONS",
    "NOT_CHECKS",
    "REGISTRY",
    "SEVERITIES",
    "Context",
    "Facts",
    "Finding",
    "NotAReport",
    "Profile",
    "Rule",
    "RuleCrashed",
    "Unreadable",
    "YearReport",
    "check_corpus",
    "check_report",
    "check_series",
    "facts_of",
    "fingerprint",
    "load_profile",
    "matches",
    "profile_names",
    "profile_rules",
    "register",
    "reports_crashes",
    "section_texts",
    "selected_rules",
    "severity_at_least",
    "year_report",
]


@lru_cache(maxsize=32)
def _selection(select: tuple[str, ...], ignore: tuple[str, ...], profiles: tuple[str, ...],
               registered: tuple[tuple[str, type[Rule]], ...]) -> tuple[type[Rule], ...]:
    """``selected_rules``, worked out once per selection and state of the registry (a test
    registers a rule and takes it away again) rather than once per report."""
    return tuple(selected_rules(select, ignore, profiles))


def check_report(doc: Document, report: Report, select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None, profiles: Sequence[Profile] = ()) -> list[Finding]:
    """Every finding of the selected rules on one report, ordered by line then code.

    The rules of ``profiles`` run too (if selected), with the parameters the profiles give
    them (a later profile's parameters win). A file that shows no part of an annual report
    gets the one E002 finding instead (unless ``ignore`` names E002). A rule whose check
    raises does not stop the others: it gives one E000 finding naming the rule and the
    exception (unless ``ignore`` names E000), and keeps the findings it made before raising."""
    params: dict[str, Mapping[str, Any]] = {}
    for p in profiles:
        for code in p.rules:
            params[code] = {**p.params.get(code, {}), "profile": p.title}
    ctx = Context(doc, report, params)
    if not matches(NotAReport.code, list(ignore or ())) and NotAReport.applies(ctx):
        return [NotAReport.of(ctx)]
    out: list[Finding] = []
    crashes = reports_crashes(ignore)
    registered = tuple(REGISTRY.items())
    for rule in _selection(tuple(select or ()), tuple(ignore or ()), tuple(p.name for p in profiles), registered):
        try:
            # one at a time, so that the findings a rule made before it raised are kept
            for finding in rule().check(ctx):
                out.append(finding)  # noqa: PERF402
        except Exception as e:  # noqa: BLE001 - one faulty rule must not lose the others' findings: E000
            if crashes:
                out.append(RuleCrashed.of(ctx, rule, e))
    return sorted(out, key=lambda f: (f.line if f.line is not None else 1 << 30, f.code))
