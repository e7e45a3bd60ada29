"""Rules on the six statutory sections (rules.md §A, STR001–STR003): each has a heading,
in the statutory order and numbering, printed once."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, register
from gongkai.rules.context import NUMERALS, SECTION_TITLES, SECTIONS, Context, Heading

SECTION_ORDER = tuple(number for number, _, _ in SECTIONS)
# Words the content of each section holds (all must occur), to tell a lost heading from a
# missing section.
CONTENT_WORDS = {"一": ("总体",), "二": ("主动公开",), "三": ("申请",), "四": ("复议|诉讼",),
                 "五": ("问题", "改进"), "六": ("其[他它]",)}


def _lost_heading(ctx: Context, number: str, before: Heading | None, after: Heading | None) -> str | None:
    """Why the heading of section ``number`` was most likely lost in conversion: the headings
    around it skip exactly one number and the text between them holds the section's content;
    None if not so."""
    if before is None or after is None or after.offset <= before.offset:
        return None
    if NUMERALS.find(after.printed_number) - NUMERALS.find(before.printed_number) != 2:
        return None
    if not all(re.search(w, ctx.text[before.offset:after.offset]) for w in CONTENT_WORDS[number]):
        return None
    skipped = NUMERALS[NUMERALS.find(before.printed_number) + 1]
    return (f"；前后标题编号从“{before.printed_number}、”跳到“{after.printed_number}、”，"
            f"“{skipped}、”标题可能在转换中丢失")


@register
class MissingSection(Rule):
    """## What it checks
    Each of the six statutory sections (一、总体情况 … 六、其他需要报告的事项) has a heading. A
    heading is recognised by its title, whatever number it prints (reports renumber), with
    the accepted title variants of formats.md §3. Where the numbering of the surrounding
    headings skips exactly the missing number (三、… then 五、…) and the text between them
    holds the section's content (for 五: both 问题 and 改进), the heading was most likely lost
    in conversion: then the finding is a warning marked as a possible artifact.

    ## Why it matters
    The 条例 lists what the report must contain, and the 2021 notice says the content must
    follow it "不能遗漏"; a reader cannot find, say, the problems and improvements if the
    section is not there.

    ## Example
    Failing: a report going from 四、政府信息公开行政复议、行政诉讼情况 straight to
    六、其他需要报告的事项. Passing: with 五、存在的主要问题及改进情况 between them.

    ## Basis
    《政府信息公开条例》第五十条; 国办公开办函〔2021〕30号 ("不能遗漏，也不宜泛化"); formats.md §3.
    """

    code = "STR001"
    name = "missing-section"
    title = "缺少法定章节"
    severity = "error"
    summary = "one of the six statutory sections has no heading"
    message = "未找到第{number}部分“{title}”的标题{detail}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        first = ctx.first_headings
        if not first:
            # nothing recognisable at all: one finding, not six
            yield self.finding(ctx, line=None, number="一至六", title="、".join(SECTION_TITLES.values()),
                               detail="（全文未识别出任何法定章节标题）")
            return
        for i, number in enumerate(SECTION_ORDER):
            if number in first:
                continue
            before = next((first[n] for n in reversed(SECTION_ORDER[:i]) if n in first), None)
            after = next((first[n] for n in SECTION_ORDER[i + 1:] if n in first), None)
            if after is not None:
                where, detail = after, f"（应在{ctx.place(after.line)}“{after.printed_number}、{after.title}”之前）"
            elif before is not None:
                where, detail = before, f"（应在{ctx.place(before.line)}“{before.printed_number}、{before.title}”之后）"
            else:
                continue  # (cannot be: ``first`` holds the heading of another section)
            lost = _lost_heading(ctx, number, before, after)
            yield self.finding(ctx, line=where.line, col=ctx.heading_col(where), number=number,
                               title=SECTION_TITLES[number], detail=lost or detail, artifact=lost is not None,
                               severity="warning" if lost else None)


@register
class SectionOrder(Rule):
    """## What it checks
    The six statutory sections appear in the order 一 … 六 and each heading prints its
    statutory number: 主动公开政府信息情况 is 二、, 收到和处理政府信息公开申请情况 is 三、, and so
    on. One finding per report, listing every out-of-order or renumbered heading.

    ## Why it matters
    The format fixes the numbering so that readers and reviewers find the same part under
    the same number in every report; tables numbered 一、二、三 after a narrative that is
    itself numbered 一 … 六 make "section 二" ambiguous.

    ## Example
    Failing: 上海市科委 2024 prints 一、总体情况 (with five more narrative parts), then its tables
    under 一、主动公开政府信息情况, 二、收到和处理…, 三、…行政复议、行政诉讼情况 and ends with
    五、其他需要报告的事项. Passing: 二、主动公开政府信息情况 … 六、其他需要报告的事项.

    ## Basis
    国办公开办函〔2021〕30号 (the six numbered parts); formats.md §3 (order); rules.md A STR002.
    """

    code = "STR002"
    name = "section-order"
    title = "章节顺序或编号不符合法定格式"
    severity = "warning"
    summary = "sections out of statutory order, or printed with another number"
    message = "章节顺序或编号与法定格式不符：{detail}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        first = list(ctx.first_headings.values())  # in printed order
        problems: list[tuple[Heading, str]] = []
        latest = -1
        for h in first:
            rank = SECTION_ORDER.index(h.section)
            if rank < latest:
                problems.append((h, f"{ctx.place(h.line)}“{h.title}”排在后续章节之后"))
            latest = max(latest, rank)
            if h.printed_number != h.section:
                problems.append((h, f"{ctx.place(h.line)}“{h.title}”编为“{h.printed_number}、”（应为“{h.section}、”）"))
        if problems:
            h = min((p[0] for p in problems), key=lambda x: x.offset)
            yield self.finding(ctx, line=h.line, col=ctx.heading_col(h), detail="；".join(p[1] for p in problems))


@register
class DuplicateHeading(Rule):
    """## What it checks
    A statutory section heading printed more than once (the same section named by two
    headings). One finding per repeated heading, at the repeat.

    ## Why it matters
    Often a copy-paste or conversion slip, harmless by itself; but a second heading can also
    mean two versions of a section were left in, and it makes the section's extent unclear.

    ## Example
    Failing: seed 000 (罗山县子路镇 2021) prints 五、存在的主要问题及改进情况 on two lines in a
    row. Passing: printed once.

    ## Basis
    formats.md §3 (six sections, each once); rules.md A STR003 (seed 000).
    """

    code = "STR003"
    name = "duplicate-heading"
    title = "章节标题重复"
    severity = "info"
    summary = "a section heading is printed twice"
    message = "第{number}部分标题“{printed}、{title}”重复出现（{first}已有）"

    def check(self, ctx: Context) -> Iterator[Finding]:
        seen: dict[str, Heading] = {}
        for h in ctx.headings:
            if h.section not in seen:
                seen[h.section] = h
                continue
            f = seen[h.section]
            yield self.finding(ctx, line=h.line, col=ctx.heading_col(h), number=h.section,
                               printed=h.printed_number, title=h.title, first=ctx.place(f.line))
