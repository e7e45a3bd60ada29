"""Rules on table 三 (收到和处理政府信息公开申请情况)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from gongkai.rules.catalog import Finding, Rule, example_fields, register
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
    """## 检查内容 / What it checks
    表三每一栏：一、本年新收 + 二、上年结转 = 三、本年度办理结果中的（七）总计 + 四、结转下年度继续办理。

    For each column of table 三: 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理.

    ## 为什么重要 / Why it matters
    这是表三自己印明的勾稽关系：本年收到和上年结转的申请，要么本年办结，要么结转下年度。
    不相等说明至少有一个数字填错。

    The table prints this identity itself: every application received or carried over is either
    concluded this year or carried forward.

    ## 示例 / Example
    不符：“自然人”栏本年新收10、上年结转2、（七）总计9、结转下年度1（12≠10）。相符：结转下年度3。

    Failing: 自然人 column 新收 10, 上年结转 2, （七）总计 9, 结转下年度 1 (12 ≠ 10). Passing: 结转下年度 3.

    ## 依据 / Basis
    表三所印说明“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”
    （《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表三；2019年试行格式相同）。

    The note printed under table 三 of the 2021 format (and of the 2019 trial format).
    """

    code = "T3001"
    name = "balance-mismatch"
    title = "表三第一项加第二项不等于第三项加第四项"
    severity = "error"
    summary = "new + carried over ≠ concluded + carried forward, per column"
    message = "表三{what}"
    example = example_fields(what="“自然人”栏：第一项加第二项之和为12，第三项（七）总计加第四项之和为10，不相等")

    def check(self, ctx: Context) -> Iterator[Finding]:
        def describe(i: Identity, lsum: float, rsum: float) -> str:
            col = i.id.split(":")[1]
            return (f"“{COLUMN_NAMES.get(col, col)}”栏：第一项加第二项之和为{lsum:g}，"
                    f"第三项（七）总计加第四项之和为{rsum:g}，不相等")
        yield from _identity_findings(self, ctx, "balance", describe)


@register
class OutcomeSumMismatch(Rule):
    """## 检查内容 / What it checks
    表三每一栏：（七）总计 = （一）至（六）各办理结果行之和（2021年格式21行，2019年试行格式19行；
    只印一行“（六）其他处理”的按一行计）。

    For each column of table 三: （七）总计 = the sum of all outcome rows （一）…（六）.

    ## 为什么重要 / Why it matters
    （七）总计是本年办结的申请数；每件办结的申请只计入一个办理结果（部分公开的只计入“（二）部分公开”）。

    （七）总计 counts the applications concluded; each sits in exactly one outcome row.

    ## 示例 / Example
    不符：予以公开5、不予公开1、其他结果均为0，（七）总计7。相符：（七）总计6。

    Failing: 予以公开 5, 不予公开 1, others 0, （七）总计 7. Passing: 6.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表三的行名“（七）总计”及“（二）部分公开”
    行所印“区分处理的，只计这一情形，不计其他情形”。

    The row （七）总计 of table 三 and the counting rule printed on （二）部分公开.
    """

    code = "T3002"
    name = "outcome-sum-mismatch"
    title = "表三各办理结果之和不等于（七）总计"
    severity = "error"
    summary = "（七）总计 ≠ sum of the outcome rows, per column"
    message = "表三{what}"
    example = example_fields(what="“自然人”栏：各办理结果之和为6，（七）总计为7")

    def check(self, ctx: Context) -> Iterator[Finding]:
        def describe(i: Identity, lsum: float, rsum: float) -> str:
            col = i.id.split(":")[1]
            return f"“{COLUMN_NAMES.get(col, col)}”栏：各办理结果之和为{lsum:g}，（七）总计为{rsum:g}"
        yield from _identity_findings(self, ctx, "outcome", describe)


@register
class RowSumMismatch(Rule):
    """## 检查内容 / What it checks
    表三每一行：总计 = 自然人 + 法人或其他组织的五栏（商业企业、科研机构、社会公益组织、法律服务机构、其他）。

    For each row of table 三: 总计 = 自然人 + the five 法人或其他组织 columns.

    ## 为什么重要 / Why it matters
    总计是该行各类申请人之和；总计错了，用到总计栏的其他勾稽关系也随之出错。

    A wrong total misstates every figure built on it.

    ## 示例 / Example
    不符：“（一）予以公开”行自然人3、商业企业1、其余0，总计5。相符：总计4。

    Failing: 予以公开 row 自然人 3, 商业企业 1, others 0, 总计 5. Passing: 总计 4.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表三的“总计”栏。

    The 总计 column of table 三.
    """

    code = "T3003"
    name = "row-sum-mismatch"
    title = "表三各类申请人之和不等于总计"
    severity = "error"
    summary = "a row's 总计 ≠ the sum of its six applicant columns"
    message = "表三{what}"
    example = example_fields(what="“予以公开”行：六类申请人之和为4，总计栏为5")

    def check(self, ctx: Context) -> Iterator[Finding]:
        def describe(i: Identity, lsum: float, rsum: float) -> str:
            return f"“{row_name(ctx, i.id.split(':')[1])}”行：六类申请人之和为{lsum:g}，总计栏为{rsum:g}"
        yield from _identity_findings(self, ctx, "row", describe)


@register
class NegativeOrFraction(Rule):
    """## 检查内容 / What it checks
    表三每个单元格都应是非负整数。

    Every cell of table 三 is a whole number ≥ 0.

    ## 为什么重要 / Why it matters
    表三统计的是申请件数，不可能为负数或小数。

    The cells count applications.

    ## 示例 / Example
    不符：“（一）予以公开”行“自然人”栏为-1或2.5。相符：0、3。

    Failing: -1 or 2.5. Passing: 0, 3.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表三（按件统计）。

    Table 三 counts applications.
    """

    code = "T3004"
    name = "non-integer-count"
    title = "表三数值为负数或非整数"
    severity = "error"
    summary = "a table 三 cell is negative or not a whole number"
    message = "表三{cell}为{actual}，应为非负整数"
    example = example_fields(cell="“予以公开”行“自然人”栏", actual=-1)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for key, v in ctx.report.cells.items():
            if key.startswith(("t3.", "x.t3.")) and v is not None and (v < 0 or v != int(v)):
                yield self.finding(ctx, cells=[key], actual=v, cell=cell_name(ctx, key) if key.startswith("t3.") else key)


@register
class SubtotalMismatch(Rule):
    """## 检查内容 / What it checks
    报告在（三）不予公开、（四）无法提供、（五）不予处理或（六）
    其他处理下加印了小计行（国家格式没有）时，小计应等于其各项之和。

    Where a report prints a subtotal row (not in the national format), it equals the sum of its items.

    ## 为什么重要 / Why it matters
    地方模板常加小计行；小计与各项不符，说明其中有数字填错。

    A subtotal that disagrees with its items means one of them is wrong.

    ## 示例 / Example
    不符：“（三）不予公开”小计4，其下各项之和为3。相符：小计3。

    Failing: a （三）不予公开 subtotal of 4 over items summing to 3. Passing: 3.

    ## 依据 / Basis
    报告自己所印各行的算术关系（《中华人民共和国政府信息公开工作年度报告格式》表三没有小计行，
    小计行是地方模板所加）。

    The arithmetic of the printed rows.
    """

    code = "T3005"
    name = "subtotal-mismatch"
    title = "表三小计行不等于各项之和"
    severity = "warning"
    summary = "a printed group subtotal ≠ the sum of its items"
    message = "表三“{group}”小计行“{column}”栏为{actual}，其各项之和为{expected}"
    example = example_fields(group="（三）不予公开", column="总计", actual=4, expected=3)

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
    """## 检查内容 / What it checks
    表三办理结果行的“总计”栏空着，而同一行各类申请人栏已填写。

    The 总计 column is blank on rows whose applicant cells are filled.

    ## 为什么重要 / Why it matters
    总计留空，读者无法核对和汇总。

    Totals left blank cannot be checked or summed.

    ## 示例 / Example
    不符：“（一）予以公开”行自然人3、商业企业1，总计空白。相符：总计4。
    （某市人民政府办公厅2019年报告整栏总计空白。）

    Failing: 自然人 3, 商业企业 1, 总计 blank. Passing: 总计 4.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表三的“总计”栏。

    The 总计 column of table 三.
    """

    code = "T3006"
    name = "blank-total-column"
    title = "表三总计栏留空"
    severity = "info"
    summary = "总计 left blank on rows whose applicant cells are filled"
    message = "表三有{count}行的总计栏为空而各申请人栏已填写：{rows}"
    example = example_fields(count=2, rows="予以公开、部分公开")

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
    """## 检查内容 / What it checks
    表三有单元格留空，因而部分勾稽关系无法核对；而把空白都当作0时，所有勾稽关系都成立。

    Identities of table 三 cannot be assessed because cells are blank, and reading every blank as 0
    makes all identities hold.

    ## 为什么重要 / Why it matters
    空白不是数值：读者分不清是“没有”还是“未填报”。整份报告只提示一次，不按每个勾稽关系分别报错。

    A blank is not a value: readers cannot tell "none" from "not reported". Reported once.

    ## 示例 / Example
    提示：“（一）予以公开”行各申请人栏空白、总计为0。相符：印出0。

    Flagged: applicant cells blank and 总计 0. Passing: zeros printed.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表三（各栏填写件数，是数字而非空白）。

    Table 三's cells are counts: numbers, not blanks.
    """

    code = "T3007"
    name = "blank-used-for-zero"
    title = "表三以空白代替0"
    severity = "info"
    summary = "blank cells stand for 0 (every identity holds with blanks read as 0)"
    message = "表三有{count}个单元格留空，按0计算时各勾稽关系均成立，建议填写0"
    example = example_fields(count=12)

    def check(self, ctx: Context) -> Iterator[Finding]:
        d = t3_diagnosis(ctx)
        if d.blank_as_zero:
            blanks = sorted({k for i in d.unassessable for k in i.keys if ctx.report.cells.get(k) is None})
            rows = [k.rsplit(".", 1)[0] for k in blanks]
            line = next((ctx.line_of(f"{r}.total") for r in rows if ctx.line_of(f"{r}.total")), None)
            yield self.finding(ctx, cells=blanks, count=len(blanks), line=line)


@register
class CarryForwardLarge(Rule):
    """## 检查内容 / What it checks
    “四、结转下年度继续办理”的总计大于“一、本年新收”的总计，或大于“新收 + 上年结转”的一半。

    四、结转下年度继续办理 (总计) is larger than 一、本年新收, or than half of 新收 + 上年结转.

    ## 为什么重要 / Why it matters
    申请应在20个工作日内答复，延长不超过20个工作日；通常只有年末收到的申请才结转下年。结转过多应核实。

    Applications must be answered within 20 working days, extendable once by 20; only those
    received late in the year should be carried forward.

    ## 示例 / Example
    提示：本年新收10、上年结转0、结转下年度8。相符：结转下年度1。

    Flagged: 新收 10, 上年结转 0, 结转下年度 8. Passing: 1.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第三十三条（答复期限）。

    Art. 33 of the Regulations (time limits for replies).
    """

    code = "T3008"
    name = "carry-forward-large"
    title = "表三结转下年度继续办理的申请偏多"
    severity = "info"
    summary = "unusually many applications carried forward"
    message = "表三结转下年度继续办理{actual}件，相对本年新收{new}件、上年结转{over}件偏多，请核实"
    example = example_fields(actual=8, new=10, over=0)

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
    """## 检查内容 / What it checks
    表三某行总计不符，但把相邻两栏的一位数合读为一个两位数（“1 | 2”读作12）就相符：
    很可能是原文（或转换）把一个数字拆进了两栏，而不是报告本身填错。

    A row whose 总计 fails, but would hold if two adjacent single-digit cells were one number.

    ## 为什么重要 / Why it matters
    提醒审核人员先核对原文，再决定是否退回报告。

    Tells a reviewer to look at the source before sending the report back.

    ## 示例 / Example
    提示：自然人1、商业企业2、其余0、总计12（原文可能在“自然人”栏印的是12）。

    Flagged: 自然人 1, 商业企业 2, others 0, 总计 12.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表三的“总计”栏；本规则提示的是读取问题，不是报告错误。

    The 总计 column of table 三; a reading hint, not a report error.
    """

    code = "T3010"
    name = "split-digit-suspect"
    title = "表三疑似有数字被拆成两栏"
    severity = "info"
    summary = "a row sum fails but joining two adjacent digits would fix it"
    message = "表三“{row}”行总计不符，但将“{a}”“{b}”两栏合读为{joined}即相符，可能是原文数字被拆开"
    example = example_fields(row="予以公开", a="自然人", b="商业企业", joined=12)

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
