"""Rules on the narrative against how the tables were filled (rules.md section E): an all-zero
table the narrative contradicts, or a "none" sentence against a filled table (X011); 部分公开
applications the narrative says were counted under another outcome too (T3009)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, register, show
from gongkai.rules.context import Context
from gongkai.rules.narrative import narrative, printed, quote_at
from gongkai.rules.statements import (
    T3_KINDS,
    T4_KINDS,
    cells_sum,
    kind_cells,
    none_statements,
    statements,
    table_all_zero,
)


@register
class AllZeroContradiction(Rule):
    """## What it checks
    The narrative and an all-zero table contradict each other: every printed cell of 表三 is 0
    while the narrative states applications received, concluded or carried (N > 0), or every
    cell of 表四 is 0 while it states reviews or suits; and the other way round, the narrative
    says none were received ("未收到…申请") while 表三 一、本年新收 is above 0, or says no review
    or suit happened ("未发生…行政复议、行政诉讼") while 表四 has one. (Figures that merely
    differ in a filled table are X001–X004.)

    ## Why it matters
    An all-zero table is often the empty template left unfilled; a "none" sentence is often
    last year's text. Either way one of the two is false.

    ## Example
    Failing: 表三 all 0 and 一、总体情况 "全年共受理政府信息公开申请5件". Passing: "未收到政府信息公开申请"
    with 表三 all 0 (湖沟镇 2020).

    ## Basis
    formats.md §6.6 X-ALLZERO; rules.md X011.
    """

    code = "X011"
    name = "all-zero-contradiction"
    title = "正文与表格在有无申请或复议诉讼上相矛盾"
    severity = "warning"
    summary = "an all-zero table 三/四 contradicts the narrative (or a “none” sentence a filled table)"
    message = "{what}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for prefix, kinds, table, keys in (
                ("t3.", T3_KINDS, "表三", ["t3.new_received.total", "t3.results_total.total"]),
                ("t4.", T4_KINDS, "表四", ["t4.review.total", "t4.suit_direct.total", "t4.suit_after_review.total"])):
            if not table_all_zero(ctx, prefix):
                continue
            st = next((s for s in statements(ctx) if s.kinds[0] in kinds and s.value), None)
            if st:
                line, col = quote_at(ctx, st.start, st.end)
                yield self.finding(ctx, cells=keys, line=line, col=col, expected=0, actual=st.value,
                                   what=f"{table}全部为0，但正文“{printed(ctx, st.start, st.end)}”称有{st.value}件")
        for ns in none_statements(ctx):
            if ns.what == "apps":
                keys = ["t3.new_received.total"]
            else:
                groups = ns.groups or ("review", "suit")
                keys = [k for g in groups for k in kind_cells(ctx, g)]
            total = cells_sum(ctx, keys)
            if not total:
                continue
            line, col = quote_at(ctx, ns.start, ns.end)
            table = "表三一、本年新收" if ns.what == "apps" else "表四"
            yield self.finding(ctx, cells=keys, line=line, col=col, expected=total, actual=0,
                               what=f"正文“{printed(ctx, ns.start, ns.end)}”，但{table}为{show(total)}件")


_PARTIAL_ALSO = re.compile(
    r"部分公开[^。;；!?\n]{0,8}?(\d+)件[^。;；!?\n]{0,6}?其中[^。;；!?\n]{0,30}?(不予公开|无法提供|不予处理)")


@register
class PartialDoubleCount(Rule):
    """## What it checks
    The narrative says that some of the 部分公开 applications were also 不予公开 / 无法提供 /
    不予处理 ("部分公开 N 件，其中不予公开…"), i.e. they were counted twice.

    ## Why it matters
    Table 三 prints the rule on （二）: an application handled by 区分处理 counts once, under
    （二）部分公开, never also under （三）–（六）; counting it twice breaks （七）总计.

    ## Example
    Flagged: "部分公开3件，其中不予公开2件". Passing: "部分公开3件".

    ## Basis
    The counting rule printed on t3 row （二） (formats.md §4, "只计这一情形，不计其他情形");
    rules.md T3009.
    """

    code = "T3009"
    name = "partial-double-count"
    title = "部分公开的申请又计入了其他办理结果"
    severity = "warning"
    summary = "narrative counts 部分公开 applications under another outcome too"
    message = "正文“{quote}”表明部分公开的申请又计入了{other}；区分处理的申请只计入（二）部分公开"

    def check(self, ctx: Context) -> Iterator[Finding]:
        nar = narrative(ctx)
        for m in _PARTIAL_ALSO.finditer(nar.text):
            start, end = nar.offset(m.start()), nar.offset(m.end() - 1) + 1
            yield self.finding(ctx, cells=["t3.partly_granted.total"], line=ctx.locate(start)[0],
                               quote=printed(ctx, start, end), other=m.group(2))
