"""Rules on the 信息处理费 (rules.md section E, X006–X008, X012): section 六 states it, agrees
with 表三 （六）2 (fee notices unpaid), is not "无" when fees were collected, and does not
exceed 表二's fee amount."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, example_fields, register, show
from gongkai.rules.context import Context
from gongkai.rules.identities import printed_tolerance
from gongkai.rules.narrative import narrative, printed, section_body

_FEE_WORDS = re.compile(r"处理费|收费|收取[^,;。]{0,8}?费|费用|缴费")
_FEE_DENIED = re.compile(r"(?:未|没有|无|不)(?:发生|产生|涉及|发出|下发|开具|送达|存在)[^,;。]{0,14}?(?:收费|处理费|缴费通知|收费通知)")
_NIL = re.compile(r"^(?:暂)?(?:无|没有)(?:其他|其它)?(?:需要)?(?:报告|说明)?(?:的)?(?:事项|情况)?[。.]?$")
_FEE_COLLECTED = re.compile(r"收取[^,;。:!?\d]{0,10}?(?:信息)?处理费[^,;。:!?\d]{0,6}?(\d+(?:\.\d+)?)\s?(万元|元)")


def _section6(ctx: Context) -> tuple[str, int] | None:
    return section_body(ctx, "六")


def _is_nil(body: str) -> bool:
    return not body.strip() or bool(_NIL.match(re.sub(r"\s+", "", body)))


@register
class FeeStatementMissing(Rule):
    """## 检查内容 / What it checks
    2021年格式：第六部分对信息处理费只字未提（既无金额，也无“未收取”）。表三“（六） 2.逾期未缴费”
    大于0时改由 X007 提示。

    2021 format: section 六 says nothing about the 信息处理费.

    ## 为什么重要 / Why it matters
    2021年格式第六部分要求报告按《政府信息公开信息处理费管理办法》收取信息处理费的情况；
    有的省份要求汇总后写入年报；未收取也应写明（“本年度未收取信息处理费”）。

    Section 六 carries the body's charging of the fee; nil should be stated too.

    ## 示例 / Example
    不符：“六、其他需要报告的事项 无”。相符：“本年度未收取信息处理费。”

    Failing: 六 "无". Passing: "本年度未收取信息处理费。"

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）“（六）其他需要报告的事项”；
    《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）；
    《中华人民共和国政府信息公开条例》第四十二条。

    The 2021 format's part （六）; the fee measures (国办函〔2020〕109号); art. 42.
    """

    code = "X006"
    name = "fee-statement-missing"
    title = "第六部分未说明信息处理费收取情况"
    severity = "warning"
    summary = "2021 format: section 六 says nothing about the 信息处理费"
    message = "第六部分“其他需要报告的事项”未说明信息处理费收取情况（未收取也应说明）"
    example = example_fields()

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.spec.version != "2021":
            return
        s6 = _section6(ctx)
        if s6 is None or _FEE_WORDS.search(s6[0]):
            return
        if (ctx.value("t3.other_unpaid_fee.total") or 0) > 0:
            return
        yield self.finding(ctx, line=s6[1])


@register
class FeeVsUnpaidRow(Rule):
    """## 检查内容 / What it checks
    表三“（六）2.申请人逾期未按收费通知要求缴纳费用”大于0（发出过收费通知），而第六部分写“无”、
    未提收费，或否认有收费事项（“未发生收费事项”“未发出收费通知”）。只写“未收取信息处理费”
    的不提示（逾期未缴即未收取）。

    表三 （六）2 is above 0 while section 六 is nil, silent, or denies any fee matter.

    ## 为什么重要 / Why it matters
    收费通知依条例和信息处理费管理办法发出；申请人逾期未缴视为放弃申请。报告因此有收费事项需要说明，
    否认则与自己的表格矛盾。

    A fee notice was issued; denying any fee matter contradicts the report's own table.

    ## 示例 / Example
    不符：（六）2总计3，第六部分“无”。相符：“本年度发出收费通知3件，申请人均未缴费，未收取信息处理费。”

    Failing: （六）2 = 3 and 六 "无". Passing: the notices stated.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第四十二条；《国务院办公厅关于印发〈政府信息公开信息处理费管理
    办法〉的通知》（国办函〔2020〕109号）。

    Art. 42 of the Regulations; the fee measures (国办函〔2020〕109号).
    """

    code = "X007"
    name = "fee-vs-unpaid-row"
    title = "有逾期未缴费的申请但第六部分未说明收费"
    severity = "warning"
    summary = "表三（六）2 逾期未缴费 > 0 but section 六 is nil, silent or denies fees"
    message = "表三“（六）2.逾期未按收费通知要求缴纳费用”为{actual}件，说明发出过收费通知，但第六部分{why}"
    example = example_fields(actual=3, why="填写为“无”")

    def check(self, ctx: Context) -> Iterator[Finding]:
        key = "t3.other_unpaid_fee.total"
        unpaid = ctx.value(key)
        s6 = _section6(ctx)
        if not unpaid or unpaid <= 0 or s6 is None:
            return
        body, line = s6
        if _is_nil(body):
            why = "填写为“无”"
        elif not _FEE_WORDS.search(body):
            why = "未说明收费情况"
        elif m := _FEE_DENIED.search(body):
            why = f"称“{m.group()}”"
        else:
            return
        yield self.finding(ctx, cells=[key], line=line, actual=unpaid, expected=0, why=why)


@register
class Section6NilWithFees(Rule):
    """## 检查内容 / What it checks
    第六部分写“无”（“暂无”“无其他需要报告的事项”），而报告显示收过费：
    正文其他部分写了收取信息处理费N元（警告）；或仅表二行政事业性收费本年收费金额大于0（提示，
    因为该栏是否包含信息处理费尚无定论）。

    Section 六 is nil while the report shows fees were collected.

    ## 为什么重要 / Why it matters
    收取的信息处理费应在第六部分报告；写“无”就把它隐去了。

    Fees collected must be reported in section 六.

    ## 示例 / Example
    不符：总体情况写“收取信息处理费300元”，第六部分“无”。相符：第六部分“本年度收取信息处理费300元。”

    Failing: "收取信息处理费300元" elsewhere and 六 "无". Passing: stated in 六.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）“（六）其他需要报告的事项”；
    《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）。

    The 2021 format's part （六）; the fee measures.
    """

    code = "X008"
    name = "section6-nil-with-fees"
    title = "第六部分填写“无”但收取了费用"
    severity = "warning"
    summary = "section 六 is “无” while fees were collected"
    message = "第六部分填写为“无”，但{where}"
    example = example_fields(where="正文第23行称“收取信息处理费300元”")

    def check(self, ctx: Context) -> Iterator[Finding]:
        s6 = _section6(ctx)
        if s6 is None or not _is_nil(s6[0]):
            return
        nar = narrative(ctx)
        for m in _FEE_COLLECTED.finditer(nar.text):
            if float(m.group(1)) > 0:
                start, end = nar.offset(m.start()), nar.offset(m.end() - 1) + 1
                quote = printed(ctx, start, end)
                yield self.finding(ctx, line=s6[1], actual=quote, where=f"正文{ctx.place(ctx.locate(start)[0])}称“{quote}”")
                return
        fee = ctx.value("t2.fees.amount")
        if fee and fee > 0:
            yield self.finding(ctx, cells=["t2.fees.amount"], line=s6[1], actual=fee, severity="info",
                               where=f"表二行政事业性收费本年收费金额为{show(fee)}万元，请核实是否含信息处理费")


@register
class FeeAboveTable(Rule):
    """## 检查内容 / What it checks
    正文所述收取的信息处理费（收取……处理费N元/N万元）多于表二行政事业性收费本年收费金额（万元）。
    按表格所印精度比较（最后一位小数的一半：“0.39”允许相差0.005万元）。

    The fee the text says was collected exceeds 表二's fee amount (within printed precision).

    ## 为什么重要 / Why it matters
    信息处理费是缴入国库的行政事业性收费；在表二报告收费的机关，表二所报不应少于实际收取的信息处理费。

    The fee is a 行政事业性收费; table 二 should not report less than was collected.

    ## 示例 / Example
    提示：第六部分“收取信息处理费3940元”，表二收费金额0.2（万元）。相符：0.394或0.39。

    Flagged: "收取信息处理费3940元" with 0.2 万元 in table 二. Passing: 0.394 or 0.39.

    ## 依据 / Basis
    《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）；
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表二“行政事业性收费”。

    The fee measures (国办函〔2020〕109号); table 二's fee row.
    """

    code = "X012"
    name = "fee-above-table"
    title = "正文所述信息处理费多于表二收费金额"
    severity = "info"
    summary = "stated 信息处理费 exceeds 表二's fee amount (within printed precision)"
    message = "正文称收取信息处理费{stated}，折合{actual}万元，多于表二行政事业性收费本年收费金额{expected}万元"
    example = example_fields(stated="3940元", actual=0.394, expected=0.2)

    def check(self, ctx: Context) -> Iterator[Finding]:
        key = "t2.fees.amount"
        table = ctx.value(key)
        prov = ctx.provenance(key)
        if table is None or prov is None:
            return
        nar = narrative(ctx)
        for m in _FEE_COLLECTED.finditer(nar.text):
            stated = float(m.group(1)) / (10000 if m.group(2) == "元" else 1)
            if stated > table + printed_tolerance(prov.text):
                start = nar.offset(m.start())
                yield self.finding(ctx, cells=[key], line=ctx.locate(start)[0], expected=table,
                                   actual=round(stated, 6), stated=f"{m.group(1)}{m.group(2)}")
                return
