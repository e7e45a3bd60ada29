"""Rules on the six statutory sections (rules.md §A, STR001–STR003): each has a heading,
in the statutory order and numbering, printed once."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, example_fields, register
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
    """## 检查内容 / What it checks
    六个法定部分（一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；四、
    政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项）
    都应有标题。按标题文字识别（不论印的序号），接受常见的标题写法。
    若前后标题的序号恰好跳过缺失的序号、且其间有该部分的内容，标题很可能是转换时丢失的：
    此时降为警告，并注明可能是原文排版或提取造成的。

    Each of the six statutory sections has a heading, recognised by its title whatever number it
    prints. A heading most likely lost in conversion gives a warning marked as such.

    ## 为什么重要 / Why it matters
    条例规定了年度报告的内容，2021年格式要求“不能遗漏”；缺少某一部分，
    读者就找不到相应内容（例如存在的问题及改进情况）。

    The Regulations list what the report must contain and the 2021 format says none may be left out.

    ## 示例 / Example
    不符：从“四、政府信息公开行政复议、行政诉讼情况”直接到“六、其他需要报告的事项”。相符：
    中间有“五、存在的主要问题及改进情况”。

    Failing: from 四 straight to 六. Passing: with 五 between them.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第五十条；《国务院办公厅政府信息与政务公开办公室关于印发〈中华
    人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）（“不能遗漏，也不宜泛化”）。

    Art. 50 of the Regulations; the 2021 format notice.
    """

    code = "STR001"
    name = "missing-section"
    title = "缺少法定章节"
    severity = "error"
    summary = "one of the six statutory sections has no heading"
    message = "未找到第{number}部分“{title}”的标题{detail}"
    example = example_fields(number="五", title="存在的主要问题及改进情况", detail="（应在第88行“六、其他需要报告的事项”之前）")

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
    """## 检查内容 / What it checks
    六个部分应按一至六的顺序出现，每个标题印其法定序号：“主动公开政府信息情况”是“二、”，
    “收到和处理政府信息公开申请情况”是“三、”，依此类推。每份报告一条提示，列出所有顺序或序号不符的标题。

    The six sections appear in the order 一 … 六, each heading printing its statutory number. One
    finding per report listing every out-of-order or renumbered heading.

    ## 为什么重要 / Why it matters
    格式统一序号，读者在每份报告的同一序号下找到同一部分；叙述部分自编一至六、表格又编一至三，
    “第二部分”就有歧义。

    Fixed numbers let readers find the same part under the same number in every report.

    ## 示例 / Example
    不符：先“一、总体情况”，表格却编为“一、主动公开政府信息情况”“二、收到和处理……”，结尾为“五、
    其他需要报告的事项”。相符：“二、主动公开政府信息情况”……“六、其他需要报告的事项”。

    Failing: tables renumbered 一、二、三 after the overview. Passing: 二 … 六.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）（报告分六部分，依次编号）；《中华人民共和国政府信息公开条例》第五十条。

    The 2021 format (six numbered parts); art. 50 of the Regulations.
    """

    code = "STR002"
    name = "section-order"
    title = "章节顺序或编号不符合法定格式"
    severity = "warning"
    summary = "sections out of statutory order, or printed with another number"
    message = "章节顺序或编号与法定格式不符：{detail}"
    example = example_fields(detail="“主动公开政府信息情况”印为“一、”，应为“二、”；“其他需要报告的事项”印为“五、”，应为“六、”")

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
    """## 检查内容 / What it checks
    同一法定部分的标题印了两次。每个重复的标题一条提示，标在重复处。

    A statutory section heading printed more than once; one finding at each repeat.

    ## 为什么重要 / Why it matters
    多为复制或转换失误，本身无害；但也可能是同一部分的两个版本都留在了报告中，使该部分的范围不清。

    Often a copy or conversion slip, but it can mean two versions of a section were left in.

    ## 示例 / Example
    提示：某镇2021年报告连续两行印“五、存在的主要问题及改进情况”。相符：只印一次。

    Flagged: 五、存在的主要问题及改进情况 printed on two lines in a row. Passing: once.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）（六个部分各一次）。

    The 2021 format: six sections, each once.
    """

    code = "STR003"
    name = "duplicate-heading"
    title = "章节标题重复"
    severity = "info"
    summary = "a section heading is printed twice"
    message = "第{number}部分标题“{printed}、{title}”重复出现（{first}已有）"
    example = example_fields(number="五", printed="五", title="存在的主要问题及改进情况", first="第61行")

    def check(self, ctx: Context) -> Iterator[Finding]:
        seen: dict[str, Heading] = {}
        for h in ctx.headings:
            if h.section not in seen:
                seen[h.section] = h
                continue
            f = seen[h.section]
            yield self.finding(ctx, line=h.line, col=ctx.heading_col(h), number=h.section,
                               printed=h.printed_number, title=h.title, first=ctx.place(f.line))
