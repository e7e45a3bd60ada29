"""Rules on the reporting year and the statistics period (rules.md section E, X009, X010): the
year the title, the stated period and the body's references to its own reporting year name
agree, and the period is one whole calendar year. Read in the preamble and section 一."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.rules.catalog import Finding, Rule, example_fields, register
from gongkai.rules.context import Context
from gongkai.rules.narrative import part_narrative, printed, quote_at

_PERIOD = re.compile(  # (?=\d): every period starts with a digit, so other positions are passed over at once
    r"(?=\d)(?:(?P<y1>(?:19|20)\d{2})年)?(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日(?:起)?(?:至|到|-|—|–|~)"
    r"(?:(?P<y2>(?:19|20)\d{2})年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日(?:止)?")
_PERIOD_CUE = re.compile(r"统计|数据|时限|期限|周期|区间|时段|报告期|时间范围|起止")
_SELF_YEAR = (
    re.compile(r"(?:现将|现就|编制(?:了)?|形成(?:了)?)[^,;。:!?\d]{0,12}?(?P<y>(?:19|20)\d{2})年度?(?:的)?"
               r"(?:政府信息公开|政务公开|信息公开)"),
    re.compile(r"(?:本|我)(?:单位|机关|部门|镇|乡|街道|局|委|办|区|县|市|厅|院|中心|政府|司|署)?"
               r"(?P<y>(?:19|20)\d{2})年度?(?:的)?(?:政府信息公开|政务公开|信息公开)"),
    re.compile(r"对(?:我|本)[^,;。:!?\d]{0,5}?(?P<y>(?:19|20)\d{2})年度?(?:的)?(?:政府信息公开|政务公开)"),
)
# "…2021年度政府信息公开工作年度报告中提出的问题": last year's report, not the reporting year
_PAST_REPORT = re.compile(r"[^,;。:!?]{0,12}?(?:报告|年报)中|[^,;。:!?]{0,12}?(?:提出|指出|反馈)的问题")
_OVERVIEW_START = re.compile(r"^(?:一[、.])?(?:总体情况)?\n?(?P<y>(?:19|20)\d{2})年(?:度|以来)?[,，]")


@dataclass(frozen=True)
class Period:
    y1: int | None
    m1: int
    d1: int
    y2: int | None
    m2: int
    d2: int
    start: int
    end: int
    quote: str


def stated_periods(ctx: Context) -> list[Period]:
    """Statistics periods stated in the preamble or section 一 (a date range in the preamble, or
    one within reach of 统计/数据/时限… anywhere in these parts); read once per report."""
    return ctx.shared("periods", _stated_periods)


def _stated_periods(ctx: Context) -> list[Period]:
    out = []
    for part in ("preamble", "all", "一"):
        nar = part_narrative(ctx, part)
        if nar is None:
            continue
        for m in _PERIOD.finditer(nar.text):
            cue = _PERIOD_CUE.search(nar.text[max(0, m.start() - 25):m.start()])
            if part != "preamble" and not cue:
                continue
            if not m.group("y1") and not cue:
                continue
            y1 = int(m.group("y1")) if m.group("y1") else None
            y2 = int(m.group("y2")) if m.group("y2") else y1
            out.append(Period(y1, int(m.group("m1")), int(m.group("d1")), y2, int(m.group("m2")),
                              int(m.group("d2")), nar.offset(m.start()), nar.offset(m.end() - 1) + 1, m.group()))
    return out


def title_year(ctx: Context) -> int | None:
    title = ctx.report.meta.get("title")
    m = re.search(r"((?:19|20)\d{2})\s*年", title or "")
    return int(m.group(1)) if m else None


@register
class YearMismatch(Rule):
    """## 检查内容 / What it checks
    报告年度前后一致：标题中的年份、统计期限的年份，以及开头和第一部分中指本报告年度的说法（“现将202
    1年度政府信息公开工作……”“本单位2021年度……”、总体情况开头的“2022年，……”）。下一年计划、上年决算、
    上年报告等其他年份不算。

    The reporting year is stated consistently: title, statistics period, and self-references.

    ## 为什么重要 / Why it matters
    报告把别的年份说成本年度，通常是照抄上年文本未改，数字也可能是上年的。

    Another year named as the report's own usually means last year's text was copied.

    ## 示例 / Example
    不符：2022年度报告写“现将本单位2021年度政府信息公开工作情况报告如下”。相符：2022年度。

    Failing: a 2022 report naming 2021 as its year. Passing: 2022.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第四十九条（报告上一年度的政府信息公开工作）。

    Art. 49 of the Regulations (a report covers the previous year).
    """

    code = "X009"
    name = "year-mismatch"
    title = "报告年度前后不一致"
    severity = "error"
    summary = "title year, statistics period year and self-references to the reporting year disagree"
    message = "{what}为{actual}年，与报告年度{expected}年不一致"
    example = example_fields(what="正文“现将本单位2021年度政府信息公开工作情况报告如下”所述年度", actual=2021, expected=2022)

    def check(self, ctx: Context) -> Iterator[Finding]:
        year = title_year(ctx)
        periods = [p for p in stated_periods(ctx) if p.y1 is not None]
        if year is None:
            year = periods[0].y1 if periods else ctx.report.meta.get("year")
        if year is None:
            return
        for p in periods:
            if p.y1 != year:
                line, col = quote_at(ctx, p.start, p.end)
                yield self.finding(ctx, line=line, col=col, expected=year, actual=p.y1,
                                   what=f"统计期限“{printed(ctx, p.start, p.end)}”的年份")
        seen = set()
        for part in ("preamble", "all", "一"):
            nar = part_narrative(ctx, part)
            if nar is None:
                continue
            for regex in _SELF_YEAR:
                for m in regex.finditer(nar.text):
                    y = int(m.group("y"))
                    if y == year or (part, m.start("y")) in seen or _PAST_REPORT.match(nar.text, m.end()):
                        continue
                    seen.add((part, m.start("y")))
                    line, col = quote_at(ctx, nar.offset(m.start()), nar.offset(m.end() - 1) + 1)
                    quote = printed(ctx, nar.offset(m.start()), nar.offset(m.end() - 1) + 1)
                    yield self.finding(ctx, line=line, col=col, expected=year, actual=y, what=f"正文“{quote}”所述年度")
        one = part_narrative(ctx, "一")
        if one is not None:
            opening = _OVERVIEW_START.match(one.text)
            if opening and int(opening.group("y")) != year:
                line, col = quote_at(ctx, one.offset(opening.start("y")), one.offset(opening.end() - 1) + 1)
                yield self.finding(ctx, line=line, col=col, expected=year, actual=int(opening.group("y")),
                                   what="“一、总体情况”开头所述年度")


@register
class PeriodWrong(Rule):
    """## 检查内容 / What it checks
    所写的统计期限（开头或第一部分中与“统计、数据、时限、期限”相邻的日期范围）
    应为同一年的1月1日至12月31日。年份本身由 X009 检查；本规则提示不满一个自然年或跨年的期限。

    The stated statistics period runs from 1月1日 to 12月31日 of one year.

    ## 为什么重要 / Why it matters
    年度报告反映上一年度（自然年）的工作；其他期间的数字无法与其他机关或下一年的报告比较。

    The report covers the previous calendar year.

    ## 示例 / Example
    不符：“本报告所列数据统计期限为2022年1月1日至2022年11月30日”。相符：“……至2022年12月31日”。

    Failing: a period ending 11月30日. Passing: ending 12月31日.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第四十九条（“上一年度”）。

    Art. 49 of the Regulations ("上一年度").
    """

    code = "X010"
    name = "period-wrong"
    title = "统计期限不是完整的自然年度"
    severity = "error"
    summary = "stated statistics period is not 1月1日–12月31日 of one year"
    message = "统计期限“{actual}”不是报告年度的1月1日至12月31日"
    example = example_fields(actual="2022年1月1日至2022年11月30日")

    def check(self, ctx: Context) -> Iterator[Finding]:
        year = title_year(ctx) or ctx.report.meta.get("year")
        for p in stated_periods(ctx):
            y1 = p.y1 or year
            y2 = p.y2 or y1
            if (p.m1, p.d1, p.m2, p.d2) == (1, 1, 12, 31) and y1 == y2:
                continue
            line, col = quote_at(ctx, p.start, p.end)
            yield self.finding(ctx, line=line, col=col, actual=printed(ctx, p.start, p.end),
                               expected=f"{y1}年1月1日至{y1}年12月31日" if y1 else "1月1日至12月31日")
