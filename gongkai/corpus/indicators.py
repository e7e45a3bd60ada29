"""The indicators evaluators compute per body and region and year (spec: indicators.md),
each a share over a sample of reports, with its definition and the sample's size.

Pure arithmetic over `ReportFacts` (what the store reads of each report): no SQL here.
Each indicator says what it counts in Chinese and English, because a share without its
definition and its n is the kind of figure a ranking misuses; groups whose sample is under
a minimum are shown but never ranked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from gongkai.corpus.grouping import Grouped, group_of
from gongkai.rules import REGISTRY
from gongkai.spec import load_format
from gongkai.spec.deadlines import STATUTORY_DEADLINES

MIN_SAMPLE = 5

# Identity checks of tables 二, 三, 四 (sums that must hold); at severity `error` only: a
# failure that may come from how the source was read is lowered to a warning, and is not
# the report's arithmetic.
ARITHMETIC = ("T2005", "T3001", "T3002", "T3003", "T4001")
# The narrative saying another figure than the tables (counts, outcomes, reviews, documents,
# fees), or an all-zero table the text contradicts.
NARRATIVE = ("T3009", "X001", "X002", "X003", "X004", "X005", "X007", "X008", "X011", "X012")
# Cross-year rules (Y0xx) whose names say a report repeats last year's tables or text.
COPY_CODES = ("Y004", "Y005", "Y006")  # narrative copied, tables equal, last year's sentences kept


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """What the indicators read of one stored report."""

    report_id: int
    group: Grouped  # its body and region
    year: int | None
    body_type: str | None
    published: str | None  # ISO date as printed, if any
    format: str | None
    certain_cells: int  # canonical cells with a value read with certainty
    other_row: bool  # （六）其他处理 printed as one row
    codes: frozenset[str]  # rule codes found
    errors: frozenset[str]  # rule codes found at severity error


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator: its code, names, definition (Chinese, English), and whether a higher
    share is better (the order a ranking uses)."""

    code: str
    name: str
    name_en: str
    definition: str
    definition_en: str
    higher_is_better: bool


INDICATORS = (
    Indicator("timeliness", "按时发布率", "published on time",
              "报告所署发布日期不晚于法定期限（政府部门为次年1月31日，人民政府为次年3月31日）的报告所占比例；"
              "样本为署有发布日期、且条例规定了期限的报告（乡镇、街道、管委会不计）。",
              "share of reports dated no later than the statutory deadline (departments 31 January, governments "
              "31 March of the next year); sample: reports with a printed date whose body the Regulations give a "
              "deadline (not townships or development zones)", True),
    Indicator("completeness", "数据完整率", "completeness",
              "法定统计表应有的单元格中，已填写且读取无歧义的单元格所占比例（各报告的平均值）；样本为全部报告。",
              "share of the format's expected cells present and not uncertain, averaged over reports; "
              "sample: every report", True),
    Indicator("arithmetic", "勾稽正确率", "arithmetic accuracy",
              "没有表二、表三、表四勾稽关系错误（" + "、".join(ARITHMETIC) + "，严重程度为错误）的报告所占比例；样本为全部报告。",
              "share of reports with no arithmetic identity error of tables 二/三/四 (" + ", ".join(ARITHMETIC)
              + " at severity error); sample: every report", True),
    Indicator("consistency", "表文一致率", "narrative–table consistency",
              "正文所述数字与统计表没有矛盾（无 " + "、".join(NARRATIVE) + " 问题）的报告所占比例；样本为全部报告。",
              "share of reports whose narrative contradicts no table (no " + ", ".join(NARRATIVE)
              + " finding); sample: every report", True),
    Indicator("repetition", "上年雷同率", "repetition from last year",
              "被跨年度雷同规则（Y004 文字照搬上年、Y005 统计数据与上年相同、Y006 沿用上年句子）标出的报告所占比例，"
              "越低越好；样本为同一机关上一年度报告也已入库的报告。",
              "share of reports flagged by the cross-year copy rules (Y004 narrative copied, Y005 tables equal, "
              "Y006 last year's sentences kept), lower is better; sample: reports whose body's previous year is "
              "stored too", False),
)


@dataclass(frozen=True, slots=True)
class Value:
    """One indicator of one group and year: the share (None when the sample is empty), the
    sample size, and the rank among groups with a large enough sample (None below it)."""

    group: str
    year: int | None
    indicator: str
    share: float | None
    n: int
    rank: int | None


def copy_codes() -> frozenset[str]:
    """The cross-year rules that flag repetition from last year: narrative copied (Y004),
    tables equal (Y005), last year's sentences kept (Y006); those the catalog holds."""
    return frozenset(code for code in COPY_CODES if code in REGISTRY)


def deadline(year: int, body_type: str | None) -> dt.date | None:
    """The statutory last day for the report on ``year`` of a body of ``body_type``
    (``spec.deadlines``, 条例第四十九条); None where the Regulations set none (townships,
    development zones) or the type is unknown: such a report is not counted."""
    due = STATUTORY_DEADLINES.for_body(body_type)
    return due.due(year) if due is not None else None


@cache
def expected_cells(fmt: str, other_row: bool) -> int:
    """How many canonical cells a report of format ``fmt`` has to fill (（六） printed as one
    row in a 2021 report replaces its three sub-rows)."""
    spec = load_format(fmt)
    collapsed = spec.collapsed_rows()
    keys = set(spec.keys())
    if other_row and fmt != "2019":
        for row, subrows in collapsed.items():
            keys -= {f"t3.{s}.{c}" for s in subrows for c in spec.t3_columns}
            keys |= {f"t3.{row}.{c}" for c in spec.t3_columns}
    return len(keys)


def _published(r: ReportFacts) -> dt.date | None:
    try:
        return dt.date.fromisoformat(r.published) if r.published else None
    except ValueError:
        return None


def _measures(previous: set[tuple[str, int]], copies: frozenset[str]) -> dict[str, Callable[[ReportFacts], float | None]]:
    """Each indicator's score of one report (None: the report is not in its sample)."""

    def timely(r: ReportFacts) -> float | None:
        date = _published(r)
        due = deadline(r.year, r.body_type) if r.year is not None else None
        return None if date is None or due is None else float(date <= due)

    def complete(r: ReportFacts) -> float | None:
        if r.format not in ("2021", "2019"):
            return None
        return min(1.0, r.certain_cells / expected_cells(r.format, r.other_row))

    def repeated(r: ReportFacts) -> float | None:
        if not copies or r.year is None or (group_of(r.group, "body"), r.year - 1) not in previous:
            return None
        return float(bool(r.codes & copies))

    return {"timeliness": timely, "completeness": complete,
            "arithmetic": lambda r: float(not (r.errors & set(ARITHMETIC))),
            "consistency": lambda r: float(not (r.codes & set(NARRATIVE))),
            "repetition": repeated}


def compute(facts: Iterable[ReportFacts], by: str = "body", min_sample: int = MIN_SAMPLE,
            copies: frozenset[str] | None = None) -> list[Value]:
    """Every indicator per group (``by`` body or region) and year, ranked within each
    indicator and year among the groups whose n reaches ``min_sample``."""
    facts = list(facts)
    copies = copy_codes() if copies is None else copies
    previous = {(group_of(r.group, "body"), r.year) for r in facts if r.year is not None}
    measures = _measures(previous, copies)
    scores: dict[tuple[str, int | None, str], list[float]] = {}
    for r in facts:
        group = group_of(r.group, by)
        for code, measure in measures.items():
            score = measure(r)
            bucket = scores.setdefault((group, r.year, code), [])
            if score is not None:
                bucket.append(score)
    values = [Value(g, y, code, sum(s) / len(s) if s else None, len(s), None) for (g, y, code), s in scores.items()]
    return _ranked(values, min_sample)


def _ranked(values: Sequence[Value], min_sample: int) -> list[Value]:
    """Competition ranks (1, 2, 2, 4) within each indicator and year, best first."""
    better = {i.code: i.higher_is_better for i in INDICATORS}
    out: list[Value] = []
    order = {i.code: n for n, i in enumerate(INDICATORS)}
    by_slot: dict[tuple[int | None, str], list[Value]] = {}
    for v in sorted(values, key=lambda v: (v.year or 0, order[v.indicator], v.group)):
        by_slot.setdefault((v.year, v.indicator), []).append(v)
    for (_, code), slot in by_slot.items():
        sign = -1.0 if better[code] else 1.0
        ranked = sorted((v for v in slot if v.n >= min_sample and v.share is not None),
                        key=lambda v: sign * (v.share or 0.0))
        rank: dict[str, int] = {}
        for i, v in enumerate(ranked):
            rank[v.group] = rank[ranked[i - 1].group] if i and ranked[i - 1].share == v.share else i + 1
        out += [Value(v.group, v.year, v.indicator, v.share, v.n, rank.get(v.group)) for v in slot]
    return out
