"""Rules on table 四 (政府信息公开行政复议、行政诉讼情况)."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, register
from gongkai.rules.context import Context
from gongkai.rules.identities import diagnose, t4_identities

GROUP_NAMES = {"review": "行政复议", "suit_direct": "行政诉讼·未经复议直接起诉", "suit_after_review": "行政诉讼·复议后起诉"}
COLUMN_NAMES = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}


@register
class GroupSumMismatch(Rule):
    """## What it checks
    For 行政复议, 未经复议直接起诉 and 复议后起诉: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计.

    ## Why it matters
    Every case is either decided (upheld, corrected, other) or pending; the total counts cases.

    ## Example
    Failing: 行政复议 1, 1, 0, 0, 总计 0 (the 淮安市洪泽区 2023 report prints totals of 0 against
    parts summing to 11 and 5). Passing: 总计 2.

    ## Basis
    The column header 总计 of table 四 (formats.md §6.2, T4-SUM).
    """

    code = "T4001"
    name = "group-sum-mismatch"
    title = "表四各结果之和不等于总计"
    severity = "error"
    summary = "a 复议/诉讼 group's 总计 ≠ the sum of its four results"
    message = "表四“{group}”：结果维持、结果纠正、其他结果、尚未审结之和为{expected}，总计为{actual}"

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
    """## What it checks
    Every cell of table 四 is a whole number ≥ 0.

    ## Why it matters
    The cells count cases.

    ## Example
    Failing: 行政复议 结果维持 -1. Passing: 0.

    ## Basis
    formats.md §6.2 (T4-NONNEG).
    """

    code = "T4002"
    name = "t4-non-integer-count"
    title = "表四数值为负数或非整数"
    severity = "error"
    summary = "a table 四 cell is negative or not a whole number"
    message = "表四“{group}”“{column}”为{actual}，应为非负整数"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for key, v in ctx.report.cells.items():
            if key.startswith("t4.") and v is not None and (v < 0 or v != int(v)):
                _, g, c = key.split(".")
                yield self.finding(ctx, cells=[key], actual=v, group=GROUP_NAMES.get(g, g), column=COLUMN_NAMES.get(c, c))


@register
class T4CellCount(Rule):
    """## What it checks
    Table 四 has all 15 numbers (3 groups × 5 columns).

    ## Why it matters
    A missing number leaves the cases of a group unknown; often the table's data row was
    lost or flattened in the source.

    ## Example
    Failing: a table 四 whose data row prints 14 numbers. Passing: 15 numbers.

    ## Basis
    formats.md §4 (t4: one data row of 15 numbers).
    """

    code = "T4003"
    name = "t4-cell-count"
    title = "表四数字不足15个"
    severity = "error"
    summary = "table 四 does not have its 15 numbers"
    message = "表四应有15个数字，读到{actual}个{why}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        keys = [k for k in ctx.report.cells if k.startswith("t4.")]
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
