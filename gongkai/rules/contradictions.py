"""Rules on the narrative against how the tables were filled (rules.md section E): an all-zero
table the narrative contradicts, or a "none" sentence against a filled table (X011); 部分公开
applications the narrative says were counted under another outcome too (T3009)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, example_fields, register, show
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
    """## 检查内容 / What it checks
    正文与全为0的表格相矛盾：表三全部为0而正文称收到、办结或结转了申请；
    或表四全部为0而正文称有复议、诉讼。反过来，正文称未收到申请而表三本年新收大于0，
    或称未发生复议诉讼而表四有案件。（数字不同由 X001–X004 提示。）

    The text and an all-zero table contradict each other (or a "none" sentence a filled table).

    ## 为什么重要 / Why it matters
    全为0的表格常是未填写的空模板；“未收到”的句子常是沿用的上年文字。无论哪种，两者必有一个不实。

    An all-zero table is often the template left unfilled; a "none" sentence often last year's text.

    ## 示例 / Example
    不符：表三全为0，总体情况写“全年共受理政府信息公开申请5件”。相符：写“未收到政府信息公开申请”且表三全为0。

    Failing: 表三 all 0 and "全年共受理政府信息公开申请5件". Passing: "未收到…申请" with zeros.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第五十条第二项、第三项；
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表三、表四。

    Art. 50 items 2 and 3 of the Regulations; tables 三 and 四.
    """

    code = "X011"
    name = "all-zero-contradiction"
    title = "正文与表格在有无申请或复议诉讼上相矛盾"
    severity = "warning"
    summary = "an all-zero table 三/四 contradicts the narrative (or a “none” sentence a filled table)"
    message = "{what}"
    example = example_fields(what="表三全部为0，但正文“全年共受理政府信息公开申请5件”称有5件")

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
    """## 检查内容 / What it checks
    正文说部分公开的申请中有的又不予公开、无法提供或不予处理（“部分公开N件，其中不予公开……”），
    即同一申请计了两次。

    The narrative says some 部分公开 applications were also counted under another outcome.

    ## 为什么重要 / Why it matters
    表三“（二）部分公开”行印明：区分处理的，只计这一情形，不计其他情形；重复计数会使（七）总计出错。

    Table 三 prints that an application handled by 区分处理 counts once, under （二）.

    ## 示例 / Example
    提示：“部分公开3件，其中不予公开2件”。相符：“部分公开3件”。

    Flagged: "部分公开3件，其中不予公开2件". Passing: "部分公开3件".

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表三“（二）部分公开（区分处理的，只计这一情形，
    不计其他情形）”；《中华人民共和国政府信息公开条例》第三十七条。

    The counting rule printed on row （二） of table 三; art. 37 of the Regulations.
    """

    code = "T3009"
    name = "partial-double-count"
    title = "部分公开的申请又计入了其他办理结果"
    severity = "warning"
    summary = "narrative counts 部分公开 applications under another outcome too"
    message = "正文“{quote}”表明部分公开的申请又计入了{other}；区分处理的申请只计入（二）部分公开"
    example = example_fields(quote="部分公开3件，其中不予公开2件", other="不予公开")

    def check(self, ctx: Context) -> Iterator[Finding]:
        nar = narrative(ctx)
        for m in _PARTIAL_ALSO.finditer(nar.text):
            start, end = nar.offset(m.start()), nar.offset(m.end() - 1) + 1
            yield self.finding(ctx, cells=["t3.partly_granted.total"], line=ctx.locate(start)[0],
                               quote=printed(ctx, start, end), other=m.group(2))
