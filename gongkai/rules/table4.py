"""Rules on table 四 (政府信息公开行政复议、行政诉讼情况)."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, example_fields, register
from gongkai.rules.context import Context
from gongkai.rules.identities import diagnose, t4_identities

GROUP_NAMES = {"review": "行政复议", "suit_direct": "行政诉讼·未经复议直接起诉", "suit_after_review": "行政诉讼·复议后起诉"}
COLUMN_NAMES = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}


@register
class GroupSumMismatch(Rule):
    """## 检查内容 / What it checks
    表四“行政复议”“未经复议直接起诉”“复议后起诉”三组：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计。

    For each of the three groups of table 四: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计.

    ## 为什么重要 / Why it matters
    每件案件要么已有结果（维持、纠正、其他），要么尚未审结；总计是案件数。

    Every case is decided or pending; the total counts cases.

    ## 示例 / Example
    不符：行政复议结果维持1、结果纠正1、其他0、尚未审结0，总计0（某区2023年报告总计印为0，
    而各项之和为11和5）。相符：总计2。

    Failing: 1, 1, 0, 0, 总计 0. Passing: 总计 2.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表四的“总计”栏。

    The 总计 columns of table 四.
    """

    code = "T4001"
    name = "group-sum-mismatch"
    title = "表四各结果之和不等于总计"
    severity = "error"
    summary = "a 复议/诉讼 group's 总计 ≠ the sum of its four results"
    message = "表四“{group}”：结果维持、结果纠正、其他结果、尚未审结之和为{expected}，总计为{actual}"
    example = example_fields(group="行政复议", expected=2, actual=0)

    def check(self, ctx: Context) -> Iterator[Finding]:
        cells = ctx.report.cells
        for ident in diagnose(t4_identities(ctx), cells).failing:
            lsum, rsum = ident.assessed_sums(cells)
            doubtful = ctx.doubtful(ident.keys)
            yield self.finding(ctx, cells=list(ident.right) + list(ident.left), expected=lsum, actual=rsum,
                               group=GROUP_NAMES.get(ident.id.split(":")[1], ident.id),
                               severity="warning" if doubtful else None, artifact=doubtful)


@register
class T4NonNegative(Rule):
    """## 检查内容 / What it checks
    表四每个单元格都应是非负整数。

    Every cell of table 四 is a whole number ≥ 0.

    ## 为什么重要 / Why it matters
    表四统计的是案件数。

    The cells count cases.

    ## 示例 / Example
    不符：行政复议“结果维持”为-1。相符：0。

    Failing: 行政复议 结果维持 -1. Passing: 0.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表四（按件统计）。

    Table 四 counts cases.
    """

    code = "T4002"
    name = "t4-non-integer-count"
    title = "表四数值为负数或非整数"
    severity = "error"
    summary = "a table 四 cell is negative or not a whole number"
    message = "表四“{group}”“{column}”为{actual}，应为非负整数"
    example = example_fields(group="行政复议", column="结果维持", actual=-1)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for key, v in ctx.report.cells.items():
            if key.startswith("t4.") and v is not None and (v < 0 or v != int(v)):
                _, g, c = key.split(".")
                yield self.finding(ctx, cells=[key], actual=v, group=GROUP_NAMES.get(g, g), column=COLUMN_NAMES.get(c, c))


@register
class T4CellCount(Rule):
    """## 检查内容 / What it checks
    表四应有全部15个数字（3组 × 5栏）。

    Table 四 has all 15 numbers (3 groups × 5 columns).

    ## 为什么重要 / Why it matters
    缺一个数字，该组案件情况就不清楚；常见原因是原文的数据行丢失或被压成一行。

    A missing number leaves a group's cases unknown; often the data row was lost or flattened.

    ## 示例 / Example
    不符：表四数据行只印了14个数字。相符：15个。

    Failing: 14 numbers printed. Passing: 15.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表四（一行15栏）。

    Table 四: one row of 15 numbers.
    """

    code = "T4003"
    name = "t4-cell-count"
    title = "表四数字不足15个"
    severity = "error"
    summary = "table 四 does not have its 15 numbers"
    message = "表四应有15个数字，读到{actual}个{why}"
    example = example_fields(actual=14, why="")

    def check(self, ctx: Context) -> Iterator[Finding]:
        keys = ctx.keys_with("t4.")
        present = [k for k in keys if ctx.report.cells[k] is not None]
        if len(present) == len(keys):
            return
        reasons = {ctx.report.provenance[k].reason for k in keys if k not in present and k in ctx.report.provenance}
        why = "（未找到表四）" if "表四未找到" in reasons else ""
        if why and not present:
            return  # the missing table is reported by STR004
        yield self.finding(ctx, cells=[k for k in keys if k not in present], expected=len(keys),
                           actual=len(present), why=why, line=next((ctx.line_of(k) for k in present), None),
                           artifact=ctx.doubtful(present), severity="warning" if ctx.doubtful(present) else None)
