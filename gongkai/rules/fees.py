"""Rules on the 信息处理费 (rules.md section E, X006–X008, X012): section 六 states it, agrees
with 表三 （六）2 (fee notices unpaid), is not "无" when fees were collected, and does not
exceed 表二's fee amount."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, register, show
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
    """## What it checks
    2021 format: section 六 says nothing about the 信息处理费 (neither an amount nor
    "未收取/未产生"): no word 处理费, 收费, 收取…费, 费用 or 缴费 in it. Not reported when 表三
    （六）2 (逾期未缴费) is above 0: X007 reports that stronger case.

    ## Why it matters
    Section 六 of the 2021 format carries the body's charging of the 信息处理费 under the
    《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号); provinces require the figures in the
    annual report (河南), and most reports state them even when nil ("未收取信息处理费").

    ## Example
    Failing: 六、其他需要报告的事项 — 无. Passing: "本年度未收取信息处理费。"

    ## Basis
    国办公开办函〔2021〕30号 （六） (formats.md §3, §7); 河南 notice (sources S12); rules.md X006.
    """

    code = "X006"
    name = "fee-statement-missing"
    title = "第六部分未说明信息处理费收取情况"
    severity = "warning"
    summary = "2021 format: section 六 says nothing about the 信息处理费"
    message = "第六部分“其他需要报告的事项”未说明信息处理费收取情况（未收取也应说明）"

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
    """## What it checks
    表三 （六）2 申请人逾期未按收费通知要求缴纳费用 is above 0 — fee notices were sent — while
    section 六 is "无", says nothing about fees, or denies any fee matter ("未发生收费事项",
    "未产生…处理费", "未发出收费通知"). "未收取信息处理费" alone is consistent (unpaid fees
    are not collected) and passes.

    ## Why it matters
    A fee notice is issued under 条例 第四十二条 and the 109号办法; an applicant who does not pay
    within 20 working days is deemed to have withdrawn. The report then has fee matters to
    state, and a denial contradicts its own table.

    ## Example
    Failing: （六）2 总计 3 and section 六 "无". Passing: "本年度发出收费通知3件，申请人均未缴费，
    未收取信息处理费。"

    ## Basis
    条例 第四十二条; 国办函〔2020〕109号 and the 四川 notice (sources S13); formats.md §6.6 X-FEE;
    rules.md X007.
    """

    code = "X007"
    name = "fee-vs-unpaid-row"
    title = "有逾期未缴费的申请但第六部分未说明收费"
    severity = "warning"
    summary = "表三（六）2 逾期未缴费 > 0 but section 六 is nil, silent or denies fees"
    message = "表三“（六）2.逾期未按收费通知要求缴纳费用”为{actual}件，说明发出过收费通知，但第六部分{why}"

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
    """## What it checks
    Section 六 is nil ("无", "暂无", "无其他需要报告的事项") while the report shows fees: the
    narrative elsewhere states 信息处理费 collected (收取…处理费 N 元) — warning; or only
    表二 行政事业性收费 本年收费金额 is above 0 — info, since whether the 信息处理费 is counted
    in that cell is not settled.

    ## Why it matters
    Fees collected must be reported in section 六; "无" there hides them.

    ## Example
    Failing: 一、总体情况 "收取信息处理费300元" and 六 "无". Passing: 六 "本年度收取信息处理费300元。"

    ## Basis
    KIROGOVCOMPARE quality rule (fees > 0 but 六 says 无; anchors.md); formats.md §6.6 X-FEE
    and §7 (the fee is a 行政事业性收费); rules.md X008.
    """

    code = "X008"
    name = "section6-nil-with-fees"
    title = "第六部分填写“无”但收取了费用"
    severity = "warning"
    summary = "section 六 is “无” while fees were collected"
    message = "第六部分填写为“无”，但{where}"

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
    """## What it checks
    The narrative states 信息处理费 collected (收取…处理费 N 元 / N 万元) larger than 表二
    行政事业性收费 本年收费金额 (万元). Amounts are compared in 万元 within the precision the
    table prints (half a unit of its last decimal: "0.39" allows ±0.005 万元).

    ## Why it matters
    The 信息处理费 is a 行政事业性收费 paid into the treasury; a body that collected it and
    reports fees in 表二 should not report less there than it collected.

    ## Example
    Flagged: 六 "收取信息处理费3940元", 表二 收费金额 0.2 (万元). Passing: 表二 0.394 or 0.39.

    ## Basis
    国办函〔2020〕109号 and the 河南/四川 notices (the fee is a 行政事业性收费, formats.md §7);
    formats.md §6.6 X-FEE (whether 表二 includes it is unsettled: info).
    """

    code = "X012"
    name = "fee-above-table"
    title = "正文所述信息处理费多于表二收费金额"
    severity = "info"
    summary = "stated 信息处理费 exceeds 表二's fee amount (within printed precision)"
    message = "正文称收取信息处理费{stated}，折合{actual}万元，多于表二行政事业性收费本年收费金额{expected}万元"

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
