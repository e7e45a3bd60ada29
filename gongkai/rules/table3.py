"""Rules on table 三 (收到和处理政府信息公开申请情况)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from gongkai.rules.catalog import Finding, Rule, register
from gongkai.rules.context import Context
from gongkai.rules.identities import Diagnosis, Identity, diagnose, t3_identities, values

COLUMN_NAMES = {"natural_person": "自然人", "commercial": "商业企业", "research": "科研机构",
                "social_welfare": "社会公益组织", "legal_services": "法律服务机构", "other_org": "其他法人或组织",
                "total": "总计"}
ROW_NAMES = {"new_received": "一、本年新收", "carried_over": "二、上年结转", "results_total": "（七）总计",
             "carried_forward": "四、结转下年度继续办理", "other": "（六）其他处理"}


def row_name(ctx: Context, row: str) -> str:
    if row in ROW_NAMES:
        return ROW_NAMES[row]
    try:
        return ctx.spec.t3_row(row).labels[0]
    except KeyError:
        return row


def cell_name(ctx: Context, key: str) -> str:
    _, row, col = key.split(".", 2)
    return f"“{row_name(ctx, row)}”行“{COLUMN_NAMES.get(col, col)}”栏"


def t3_diagnosis(ctx: Context) -> Diagnosis:
    return ctx.shared("t3", lambda c: diagnose(t3_identities(c), c.report.cells))


_PRIORITY = ("row", "balance", "outcome")


def _owner(root_fixes: tuple[Identity, ...]) -> str:
    kinds = {i.kind for i in root_fixes}
    return next(k for k in _PRIORITY if k in kinds)


def _identity_findings(rule: Rule, ctx: Context, kind: str,
                       describe: Callable[[Identity, float, float], str]) -> Iterator[Finding]:
    d = t3_diagnosis(ctx)
    cells = ctx.report.cells
    for root in d.roots:
        if _owner(root.fixes) != kind:
            continue
        keys = sorted({k for i in root.fixes for k in i.keys})
        doubtful = ctx.doubtful([root.key])
        yield rule.finding(ctx, cells=[root.key] + [k for k in keys if k != root.key], expected=root.expected,
                           actual=cells[root.key], severity="warning" if doubtful else None, artifact=doubtful,
                           what=f"{cell_name(ctx, root.key)}印为{cells[root.key]}，与{len(root.fixes)}处勾稽关系不符，"
                                f"最可能出错的是该单元格，应为{root.expected:g}")
    for ident in d.unexplained:
        if ident.kind != kind:
            continue
        lsum, rsum = ident.assessed_sums(cells)
        doubtful = ctx.doubtful(ident.keys)
        yield rule.finding(ctx, cells=list(ident.right) + list(ident.left), expected=lsum, actual=rsum,
                           severity="warning" if doubtful else None, artifact=doubtful, what=describe(ident, lsum, rsum))


@register
class BalanceMismatch(Rule):
    """## What it checks
    For each column of table 三: 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理.

    ## Why it matters
    The table prints this identity itself (本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和):
    every application received or carried over is either concluded this year or carried forward.

    ## Example
    Failing: 自然人 column 新收 10, 上年结转 2, （七）总计 9, 结转下年度 1 (12 ≠ 10).
    Passing: the same with 结转下年度 3.

    ## Basis
    The note printed on table 三 of the 2019 and 2021 formats (国办公开办函〔2019〕60号, 〔2021〕30号).
    """

    code = "T3001"
    name = "balance-mismatch"
    title = "表三第一项加第二项不等于第三项加第四项"
    severity = "error"
    summary = "new + carried over ≠ concluded + carried forward, per column"
    message = "表三{what}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        def describe(i: Identity, lsum: float, rsum: float) -> str:
            col = i.id.split(":")[1]
            return (f"“{COLUMN_NAMES.get(col, col)}”栏：第一项加第二项之和为{lsum:g}，"
                    f"第三项（七）总计加第四项之和为{rsum:g}，不相等")
        yield from _identity_findings(self, ctx, "balance", describe)


@register
class OutcomeSumMismatch(Rule):
    """## What it checks
    For each column of table 三: （七）总计 = the sum of all outcome rows （一）…（六）
    (21 rows in the 2021 format, 19 in 2019; a single （六）其他处理 row where printed so).

    ## Why it matters
    （七）总计 is the number of applications concluded; every concluded application sits in
    exactly one outcome row (部分公开 counts once, under （二）).

    ## Example
    Failing: 予以公开 5, 不予公开 rows 1, every other outcome 0, （七）总计 7.
    Passing: （七）总计 6.

    ## Basis
    The row label （七）总计 and the counting rule printed on （二）部分公开 (formats.md §6.1, T3-OUT).
    """

    code = "T3002"
    name = "outcome-sum-mismatch"
    title = "表三各办理结果之和不等于（七）总计"
    severity = "error"
    summary = "（七）总计 ≠ sum of the outcome rows, per column"
    message = "表三{what}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        def describe(i: Identity, lsum: float, rsum: float) -> str:
            col = i.id.split(":")[1]
            return f"“{COLUMN_NAMES.get(col, col)}”栏：各办理结果之和为{lsum:g}，（七）总计为{rsum:g}"
        yield from _identity_findings(self, ctx, "outcome", describe)


@register
class RowSumMismatch(Rule):
    """## What it checks
    For each row of table 三: 总计 = 自然人 + the five 法人或其他组织 columns.

    ## Why it matters
    总计 is the row's total over applicant types; a wrong total misstates every figure
    built on it (the balance and outcome identities use the total column too).

    ## Example
    Failing: 予以公开 row 自然人 3, 商业企业 1, others 0, 总计 5. Passing: 总计 4.

    ## Basis
    The column header 总计 of table 三 (formats.md §6.1, T3-ROW).
    """

    code = "T3003"
    name = "row-sum-mismatch"
    title = "表三各类申请人之和不等于总计"
    severity = "error"
    summary = "a row's 总计 ≠ the sum of its six applicant columns"
    message = "表三{what}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        def describe(i: Identity, lsum: float, rsum: float) -> str:
            return f"“{row_name(ctx, i.id.split(':')[1])}”行：六类申请人之和为{lsum:g}，总计栏为{rsum:g}"
        yield from _identity_findings(self, ctx, "row", describe)


@register
class NegativeOrFraction(Rule):
    """## What it checks
    Every cell of table 三 is a whole number ≥ 0.

    ## Why it matters
    The cells count applications.

    ## Example
    Failing: 予以公开 自然人 -1 or 2.5. Passing: 0, 3.

    ## Basis
    Table 三 counts applications (formats.md §6.1, T3-NONNEG).
    """

    code = "T3004"
    name = "non-integer-count"
    title = "表三数值为负数或非整数"
    severity = "error"
    summary = "a table 三 cell is negative or not a whole number"
    message = "表三{cell}为{actual}，应为非负整数"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for key, v in ctx.report.cells.items():
            if key.startswith(("t3.", "x.t3.")) and v is not None and (v < 0 or v != int(v)):
                yield self.finding(ctx, cells=[key], actual=v, cell=cell_name(ctx, key) if key.startswith("t3.") else key)


@register
class SubtotalMismatch(Rule):
    """## What it checks
    Where a report prints a subtotal row for （三）不予公开, （四）无法提供, （五）不予处理 or
    （六）其他处理 (not in the national format), the subtotal equals the sum of its items.

    ## Why it matters
    Local templates add these rows; a subtotal that disagrees with its items means one of
    them is wrong.

    ## Example
    Failing: a （三）不予公开 subtotal of 4 over items summing to 3. Passing: 3.

    ## Basis
    Arithmetic of the printed rows (formats.md §6.1, derived relations).
    """

    code = "T3005"
    name = "subtotal-mismatch"
    title = "表三小计行不等于各项之和"
    severity = "warning"
    summary = "a printed group subtotal ≠ the sum of its items"
    message = "表三“{group}”小计行“{column}”栏为{actual}，其各项之和为{expected}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        cells = ctx.report.cells
        for g in ctx.spec.t3_groups:
            rows = [r.key for r in ctx.spec.t3_rows if r.group == g.key]
            for c in ctx.spec.t3_columns:
                sub = cells.get(f"x.t3.{g.key}_subtotal.{c}")
                items = values(cells, [f"t3.{r}.{c}" for r in rows])
                if sub is None or items is None or sum(items) == sub:
                    continue
                yield self.finding(ctx, cells=[f"x.t3.{g.key}_subtotal.{c}"] + [f"t3.{r}.{c}" for r in rows],
                                   expected=sum(items), actual=sub, group=g.labels[0],
                                   column=COLUMN_NAMES.get(c, c))


@register
class BlankTotalColumn(Rule):
    """## What it checks
    The 总计 column is blank on outcome rows while the applicant cells of the same rows are
    filled.

    ## Why it matters
    Totals left blank cannot be checked or summed by readers of the report.

    ## Example
    Failing: 予以公开 row 自然人 3, 商业企业 1, 总计 blank. Passing: 总计 4.

    ## Basis
    Seen in the 2019 上海市人民政府办公厅 report (rules.md T3006).
    """

    code = "T3006"
    name = "blank-total-column"
    title = "表三总计栏留空"
    severity = "info"
    summary = "总计 left blank on rows whose applicant cells are filled"
    message = "表三有{count}行的总计栏为空而各申请人栏已填写：{rows}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        cells, spec = ctx.report.cells, ctx.spec
        blank = [r.key for r in spec.t3_rows if f"t3.{r.key}.total" in cells and cells[f"t3.{r.key}.total"] is None
                 and any(cells.get(f"t3.{r.key}.{c}") is not None for c in spec.t3_parts)]
        if blank:
            yield self.finding(ctx, cells=[f"t3.{r}.total" for r in blank], count=len(blank),
                               rows="、".join(row_name(ctx, r) for r in blank),
                               line=next((ctx.line_of(f"t3.{r}.natural_person") for r in blank), None))


@register
class BlankUsedForZero(Rule):
    """## What it checks
    Some identities of table 三 cannot be assessed because cells are blank, and reading every
    blank as 0 makes all identities hold.

    ## Why it matters
    A blank is not a value: readers cannot tell "none" from "not reported". Reported once,
    not as one error per identity.

    ## Example
    Failing (info): 予以公开 row with blank applicant cells and 总计 0. Passing: zeros printed.

    ## Basis
    formats.md §6.5 (blank, /, 0); cell-keys.md: a printed 0 is 0, a blank is null.
    """

    code = "T3007"
    name = "blank-used-for-zero"
    title = "表三以空白代替0"
    severity = "info"
    summary = "blank cells stand for 0 (every identity holds with blanks read as 0)"
    message = "表三有{count}个单元格留空，按0计算时各勾稽关系均成立，建议填写0"

    def check(self, ctx: Context) -> Iterator[Finding]:
        d = t3_diagnosis(ctx)
        if d.blank_as_zero:
            blanks = sorted({k for i in d.unassessable for k in i.keys if ctx.report.cells.get(k) is None})
            rows = [k.rsplit(".", 1)[0] for k in blanks]
            line = next((ctx.line_of(f"{r}.total") for r in rows if ctx.line_of(f"{r}.total")), None)
            yield self.finding(ctx, cells=blanks, count=len(blanks), line=line)


@register
class CarryForwardLarge(Rule):
    """## What it checks
    四、结转下年度继续办理 (总计) is larger than 一、本年新收 (总计), or larger than half of
    新收 + 上年结转.

    ## Why it matters
    Applications must be answered within 20 working days, extendable once by 20 (条例
    第三十三条); only those received late in the year should be carried forward.

    ## Example
    Failing (info): 新收 10, 上年结转 0, 结转下年度 8. Passing: 结转下年度 1.

    ## Basis
    《政府信息公开条例》第三十三条 (rules.md T3008).
    """

    code = "T3008"
    name = "carry-forward-large"
    title = "表三结转下年度继续办理的申请偏多"
    severity = "info"
    summary = "unusually many applications carried forward"
    message = "表三结转下年度继续办理{actual}件，相对本年新收{new}件、上年结转{over}件偏多，请核实"

    def check(self, ctx: Context) -> Iterator[Finding]:
        fwd = ctx.value("t3.carried_forward.total")
        new = ctx.value("t3.new_received.total")
        over = ctx.value("t3.carried_over.total")
        if None in (fwd, new, over) or fwd == 0:
            return
        if fwd > new or fwd > (new + over) / 2:
            yield self.finding(ctx, cells=["t3.carried_forward.total", "t3.new_received.total",
                                           "t3.carried_over.total"], actual=fwd, new=new, over=over)


@register
class SplitDigitSuspect(Rule):
    """## What it checks
    A row of table 三 whose 总计 fails, but would hold if two adjacent single-digit cells
    were one number (1 | 2 read as 12) — a sign the source split a number, not that the
    report is wrong.

    ## Why it matters
    Tells a reviewer to look at the source before sending the report back.

    ## Example
    Flagged: 自然人 1, 商业企业 2, others 0, 总计 12 (the source may print 12 in 自然人).

    ## Basis
    Extraction practice (rules.md T3010).
    """

    code = "T3010"
    name = "split-digit-suspect"
    title = "表三疑似有数字被拆成两栏"
    severity = "info"
    summary = "a row sum fails but joining two adjacent digits would fix it"
    message = "表三“{row}”行总计不符，但将“{a}”“{b}”两栏合读为{joined}即相符，可能是原文数字被拆开"

    def check(self, ctx: Context) -> Iterator[Finding]:
        cells, spec = ctx.report.cells, ctx.spec
        for ident in t3_diagnosis(ctx).failing:
            if ident.kind != "row":
                continue
            vals = values(cells, ident.left)
            total = cells[ident.right[0]]
            if vals is None or total is None:
                continue  # (a failing identity has every operand)
            for j in range(len(vals) - 1):
                a, b = vals[j], vals[j + 1]
                if 0 <= a <= 9 and 0 <= b <= 9 and a > 0:
                    joined = a * 10 + b
                    if sum(vals) - a - b + joined == total:
                        yield self.finding(ctx, cells=[ident.left[j], ident.left[j + 1], ident.right[0]],
                                           row=row_name(ctx, ident.id.split(":")[1]),
                                           a=COLUMN_NAMES[spec.t3_parts[j]], b=COLUMN_NAMES[spec.t3_parts[j + 1]],
                                           joined=joined, expected=total, actual=sum(vals))
                        break
