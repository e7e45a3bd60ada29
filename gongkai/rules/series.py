"""Rules that see more than one report: a body's reports year by year (cross-year rules,
``Y``) and every body's reports at once (corpus-wide rules).

A rule here sees ``YearReport``s: the cells, the section texts and a name to cite, never
files or SQL. The audit builds them from its database, a library caller from extracted
reports (``year_report``). Findings are put on the later report and name the earlier (or
the other body's) report in ``Finding.other``, with the cells read on each side.

Only consecutive years are compared: a body that published 2021 and 2023 has no chain
between them (a missing year breaks no chain and asserts nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, Protocol, runtime_checkable

from gongkai.model import Document, Finding, Location, Other, Report
from gongkai.rules.catalog import Rule, RuleCrashed, reports_crashes, selected_rules, show
from gongkai.rules.context import Context
from gongkai.rules.facts import NARRATIVE, PREAMBLE, SECTION_NUMBERS, Facts, facts_of, whole_text
from gongkai.rules.shingles import Neighbours, near_duplicates

SECTION_NAMES = {"一": "第一部分（总体情况）", "二": "第二部分", "三": "第三部分", "四": "第四部分",
                 "五": "第五部分（存在的主要问题及改进情况）", "六": "第六部分（其他需要报告的事项）", PREAMBLE: "报告开头"}
ARTIFACT_NOTE = "（可能是原文排版或提取造成的，请核对原文）"


# Where a cell was printed: the Document's line and span, and the place a person opens.
Place = tuple[int | None, tuple[int, int] | None, Location | None]


@dataclass(frozen=True, slots=True)
class YearReport:
    """One report as the cross-year and corpus rules see it: whose it is (``key``, the body;
    ``year``), its cells, the texts of its sections by number (一…六, and ``PREAMBLE``), and
    what to name it by (``source``; ``report_id`` in a database). ``uncertain`` cells were
    read in a way that allows another reading; ``places`` say where each cell was printed;
    ``known`` its Facts if computed already (an audit stores them with the report)."""

    key: str
    year: int
    cells: Mapping[str, int | float | None]
    sections: Mapping[str, str]
    source: str
    report_id: int | None = None
    format: str | None = None
    uncertain: frozenset[str] = frozenset()
    places: Mapping[str, Place] = field(default_factory=dict)
    known: Facts | None = None

    @property
    def text(self) -> str:
        """The whole text, section by section in statutory order (the same whether the report
        was just extracted or read back from a database)."""
        return whole_text(self.sections)

    def facts(self) -> Facts:
        """What the rules read of the text: the Facts given, or computed from ``sections``."""
        return self.known if self.known is not None else facts_of(self.sections, self.year)

    def other(self, cells: Iterable[str] = ()) -> Other:
        """This report as the other side of a finding, with the cells read on its side."""
        return Other(self.source, self.year, tuple(cells), self.report_id)


def section_texts(doc: Document, report: Report) -> dict[str, str]:
    """A report's text by statutory section (一…六, each from its first heading to the next
    section's) and ``PREAMBLE`` (what comes before the first heading; the whole text of a
    report without headings). What the audit stores and a search indexes."""
    ctx = Context(doc, report)
    spans = [(n, ctx.section_span(n)) for n in SECTION_NUMBERS]
    found = {n: span for n, span in spans if span is not None}
    first = min((start for start, _ in found.values()), default=len(ctx.text))
    out = {PREAMBLE: ctx.text[:first]} if ctx.text[:first].strip() else {}
    for n, (start, end) in sorted(found.items(), key=lambda item: item[1][0]):
        out[n] = ctx.text[start:end]
    return out


def year_report(report: Report, key: str, *, report_id: int | None = None) -> YearReport:
    """The YearReport of a report just extracted (it still has its Document), as body ``key``.
    A report without a year cannot be placed in a series: ValueError."""
    year = report.meta.get("year")
    if not isinstance(year, int) or report.document is None:
        raise ValueError(f"{report.source}: a series needs a report's year and its document")
    doc = report.document
    ctx = Context(doc, report)
    places: dict[str, Place] = {k: (p.line, p.col, ctx.location(p.line, p.col))
                                for k, p in report.provenance.items() if p.line is not None}
    sections = section_texts(doc, report)
    return YearReport(key, year, dict(report.cells), sections, report.source, report_id, report.format,
                      frozenset(report.uncertain_cells()), places, facts_of(sections, year))


class SeriesRule(Rule):
    """A rule on two consecutive reports of one body (``prev`` the year before ``cur``)."""

    scope: ClassVar[str] = "series"

    def check(self, ctx: Context) -> Iterable[Finding]:
        return ()  # sees one report only through check_series

    def check_pair(self, prev: YearReport, cur: YearReport) -> Iterable[Finding]:
        raise NotImplementedError

    def pair_finding(self, prev: YearReport, cur: YearReport, *, cells: Sequence[str] = (),
                     other_cells: Sequence[str] = (), expected: Any = None, actual: Any = None,
                     severity: str | None = None, **fields: Any) -> Finding:
        """A finding on ``cur`` naming ``prev``: the message is the template filled with
        ``fields`` (``prev_year``, ``year`` given), placed at the first of ``cells`` that was
        printed, flagged as a possible artifact where a cell on either side is uncertain."""
        message = self.message.format(expected=show(expected), actual=show(actual), prev_year=prev.year,
                                      year=cur.year, **fields)
        artifact = bool(cur.uncertain.intersection(cells) or prev.uncertain.intersection(other_cells))
        if artifact:
            message += ARTIFACT_NOTE
        line, col, location = next((cur.places[k] for k in cells if k in cur.places), (None, None, None))
        return Finding(self.code, self.name, severity or self.severity, message, cur.source, line,
                       tuple(cells), expected, actual, col, artifact, location, prev.other(other_cells))


@dataclass(frozen=True, slots=True)
class Near:
    """A report's narrative ``section`` and the other bodies printing a near-identical one:
    how many (``bodies``), and of the first of them by body key, each one's latest such
    report (``first``). Enough for a corpus rule, whatever the number of bodies."""

    report: YearReport
    section: str
    bodies: int
    first: tuple[YearReport, ...]


@runtime_checkable
class Corpus(Protocol):
    """Every body's current reports as the corpus rules read them. ``Reports`` holds them in
    memory (a library caller's extracted reports); the audit's store answers with SQL over
    its stored LSH bands, reading signatures a chunk at a time, so that no process holds the
    whole corpus. Both give the same answers."""

    anchor: str  # the source a crashed corpus rule's E000 is put on ("": none)

    def near(self, section: str, threshold: float, min_chars: int, shown: int) -> Iterator[Near]:
        """Each report, in order, whose ``section`` (of at least ``min_chars``) is
        near-identical to the same section (as long) of other bodies' reports: estimated
        Jaccard similarity ≥ ``threshold`` among MinHash LSH's candidates (never every
        pair); ``shown`` of those bodies by key (code point order), each with its latest
        such report."""
        ...


class Reports:
    """A corpus held in memory: ``reports`` and what finds near-duplicate signatures among
    them (``neighbours``: one MinHashLSH in this process by default)."""

    def __init__(self, reports: Sequence[YearReport], neighbours: Neighbours = near_duplicates):
        self.reports = reports
        self.neighbours = neighbours
        self.anchor = reports[0].source if reports else ""

    @cached_property
    def facts(self) -> list[Facts]:
        return [r.facts() for r in self.reports]

    def near(self, section: str, threshold: float, min_chars: int, shown: int) -> Iterator[Near]:
        held = [(r, f.sketches[section].signature) for r, f in zip(self.reports, self.facts, strict=True)
                if f.chars(section) >= min_chars]
        if len(held) < 2:
            return
        for (r, _), near in zip(held, self.neighbours([sig for _, sig in held], threshold), strict=True):
            others = {held[j][0].key: held[j][0] for j in near if held[j][0].key != r.key}  # the latest wins
            if others:
                yield Near(r, section, len(others), tuple(others[k] for k in sorted(others)[:shown]))


class CorpusRule(Rule):
    """A rule on every body's reports at once (all years)."""

    scope: ClassVar[str] = "corpus"

    def check(self, ctx: Context) -> Iterable[Finding]:
        return ()  # sees the corpus only through check_corpus

    def check_corpus(self, corpus: Corpus) -> Iterable[Finding]:
        """Findings over every report of ``corpus`` (in memory, or the audit's store: the
        same result)."""
        raise NotImplementedError


def _crashed(rule: type[Rule], source: str, error: Exception) -> Finding:
    """E000 for a series or corpus rule that raised (as ``check_report`` gives it)."""
    actual = f"{type(error).__name__}: {error}"
    message = RuleCrashed.message.format(rule=f"{rule.code} {rule.name}", rule_title=rule.title, actual=actual)
    return Finding(RuleCrashed.code, RuleCrashed.name, RuleCrashed.severity, message, source, actual=actual)


def _order(f: Finding) -> tuple[str, int, str]:
    return f.source, f.line if f.line is not None else 1 << 30, f.code


def check_series(series: Sequence[YearReport], select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None) -> list[Finding]:
    """Every finding of the selected cross-year rules on one body's reports: each report is
    compared with the body's report of the year before, if there is one. A body that
    published two reports of one year (the same report at two addresses, a corrected one
    beside the first) has each compared with the year before; as the year before, the later
    of them in ``series`` counts. Findings by report, then line and code."""
    last = {r.year: r for r in series}
    rules = selected_rules(select, ignore, scope="series")
    out: list[Finding] = []
    for cur in sorted(series, key=lambda r: r.year):
        prev = last.get(cur.year - 1)
        if prev is None:
            continue
        for rule in rules:
            try:
                out.extend(rule().check_pair(prev, cur))  # type: ignore[attr-defined]
            except Exception as e:  # noqa: BLE001 - one faulty rule must not lose the others' findings: E000
                if reports_crashes(ignore):
                    out.append(_crashed(rule, cur.source, e))
    return sorted(out, key=_order)


def check_corpus(reports: Sequence[YearReport] | Corpus, select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None, neighbours: Neighbours = near_duplicates) -> list[Finding]:
    """Every finding of the selected corpus-wide rules over ``reports`` (every body, every
    year: what one reviewer's corpus holds), held in memory (near duplicates found by
    ``neighbours``) or a ``Corpus`` that answers for them (the audit's store). Findings by
    report, then line and code."""
    corpus = reports if isinstance(reports, Corpus) else Reports(reports, neighbours)
    out: list[Finding] = []
    for rule in selected_rules(select, ignore, scope="corpus"):
        try:
            out.extend(rule().check_corpus(corpus))  # type: ignore[attr-defined]
        except Exception as e:  # noqa: BLE001 - one faulty rule must not lose the others' findings: E000
            if reports_crashes(ignore):
                out.append(_crashed(rule, corpus.anchor, e))  # on a report, to be stored
    return sorted(out, key=_order)


__all__ = ["NARRATIVE", "PREAMBLE", "SECTION_NAMES", "SECTION_NUMBERS", "Corpus", "CorpusRule", "Near", "Place", "Reports",
           "SeriesRule", "YearReport", "check_corpus", "check_series", "section_texts", "year_report"]
