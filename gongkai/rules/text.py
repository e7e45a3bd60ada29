"""Rules on the narrative against the tables (text ↔ table), the fee statement, and the
reporting year and period (rules.md section E).

The narrative is the preamble and sections 一, 五 and 六 (formats.md §3); tables live in
sections 二–四 and are never read here, and lines that look like table rows (tabs, pipes)
are skipped even inside the narrative. The narrative is read in a compact form — spaces,
single line breaks and Markdown marks removed, so that "34\\n件" or "2024 年" read as one
phrase — that keeps, for every character, its offset in ``Context.text`` (findings point at
the printed line). A number belongs to a keyword only if it follows it closely in the same
clause (commas, colons and semicolons end a clause; 、 does not), with no other keyword in
between; a clause that compares with another year (同比, 较上年, 2021年…) is not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from gongkai.rules import Finding, Rule, register
from gongkai.rules.context import Context
from gongkai.rules.identities import printed_tolerance
from gongkai.rules.narrative import (
    KIND_NAMES,
    Statement,
    _CELL_NAMES,
    _FEE_COLLECTED,
    _FEE_DENIED,
    _FEE_WORDS,
    _T3_KINDS,
    _T4_KINDS,
    _at,
    _sentences,
    _show,
    cells_sum,
    is_nil,
    kind_cells,
    narrative,
    none_statements,
    part_narrative,
    printed,
    section6,
    statements,
    table_all_zero,
)


class _Compare(Rule):
    """Shared check of stated counts against table sums (subclasses choose the kinds)."""

    kinds: tuple[str, ...] = ()
    table = "t3."

    def accepted(self, ctx: Context, kind: str) -> list[tuple[float, list[str]]]:
        """(value, cells) pairs a statement of ``kind`` may equal; the first is the main one."""
        keys = kind_cells(ctx, kind)
        v = cells_sum(ctx, keys)
        return [] if v is None else [(v, keys)]

    def check(self, ctx: Context) -> Iterator[Finding]:
        if table_all_zero(ctx, self.table):
            return  # X011 reports an all-zero table the narrative contradicts
        for st in statements(ctx):
            if st.kinds[0] not in self.kinds:
                continue
            yield from self.compare(ctx, st)

    def compare(self, ctx: Context, st: Statement) -> Iterator[Finding]:
        line, col = _at(ctx, st.start, st.end)
        parts = [st.kinds] if not st.each else [(k,) for k in st.kinds]
        if st.value is not None:
            for kinds in parts:
                options = self._options(ctx, kinds)
                if not options or any(v == st.value for v, _ in options):
                    continue
                value, keys = options[0]
                also = "".join(f"（{'加'.join(_CELL_NAMES.get(k, k) for k in ks)}为{_show(v)}件）" for v, ks in options[1:])
                yield self._finding(ctx, st, line, col, keys, value, st.value, kinds, also=also)
        if st.percent is not None and not st.each:
            # a share of （七）总计; 办结率 is （七）总计 over 新收 + 上年结转
            den_keys = (["t3.new_received.total", "t3.carried_over.total"] if st.kinds == ("results",)
                        else ["t3.results_total.total"])
            den = cells_sum(ctx, den_keys)
            options = self._options(ctx, st.kinds)
            if den and options:
                value, keys = options[0]
                pct = 100 * value / den
                if abs(pct - st.percent) >= 10 ** -st.percent_decimals:
                    yield self._finding(ctx, st, line, col, keys + [k for k in den_keys if k not in keys],
                                        round(pct, 2), st.percent, st.kinds, percent=True)

    def _options(self, ctx: Context, kinds: tuple[str, ...]) -> list[tuple[float, list[str]]]:
        if len(kinds) == 1:
            return self.accepted(ctx, kinds[0])
        keys = [k for kind in kinds for k in kind_cells(ctx, kind)]
        v = cells_sum(ctx, keys)
        return [] if v is None else [(v, keys)]

    def _finding(self, ctx, st, line, col, keys, expected, actual, kinds, percent=False, also="") -> Finding:
        what = "及".join(KIND_NAMES[k] for k in kinds)
        unit = "%" if percent else "件"
        return self.finding(ctx, cells=keys, line=line, col=col, expected=expected, actual=actual, also=also,
                            artifact=ctx.doubtful(keys), quote=printed(ctx, st.start, st.end),
                            what=what + ("占比" if percent else ""), unit=unit)


@register
class TextNewReceived(_Compare):
    """## What it checks
    A count of applications received stated in the narrative ("收到/受理/新收…申请 N 件")
    against 表三 一、本年新收政府信息公开申请数量 (总计). A stated number equal to 新收 + 上年结转
    is accepted too: some bodies state the applications they handled in the year (平潭 2022
    says 收到政府信息公开申请75件 with 新收 74 and 上年结转 1).

    ## Why it matters
    The narrative and the table are read by different people; a figure that differs in the
    two places means one of them is wrong, and the reviewer must ask which.

    ## Example
    Failing: 本年新收政府信息公开申请18件 with 一、本年新收 总计 20. Passing: 20 (or 21 if 上年结转 is 1).

    ## Basis
    formats.md §6.6 X-TEXT-T3; rules.md X001 (the 上海市政府办公厅 2019 report's text disagrees
    with its table).
    """

    code = "X001"
    name = "text-new-received-mismatch"
    severity = "warning"
    summary = "narrative count of applications received ≠ table 三 一、本年新收"
    message = "正文“{quote}”称{what}{actual}{unit}，表三为{expected}{unit}{also}"
    kinds = ("new",)

    def accepted(self, ctx, kind):
        new, over = ctx.value("t3.new_received.total"), ctx.value("t3.carried_over.total")
        if new is None:
            return []
        out = [(new, ["t3.new_received.total"])]
        if over:
            out.append((new + over, ["t3.new_received.total", "t3.carried_over.total"]))
        return out


@register
class TextOutcomes(_Compare):
    """## What it checks
    Counts and percentages the narrative states for 予以公开 (同意公开), 部分公开, 不予公开,
    无法提供, 不予处理, 其他处理 and for the applications concluded (办结/答复 N 件) against
    表三: the row, or the sum of the group's rows ((三) 不予公开 = its 8 items …); a percentage
    against the group over （七）总计. "予以公开及部分公开 N 件" is compared with the sum of the
    two; "…均为0件" with each. 办结 N 件 may also equal 新收 + 上年结转.

    ## Why it matters
    Outcome figures in the text are what the public quotes; they must be the table's.

    ## Example
    Failing: 不予公开答复 3 件 while the (三) rows sum to 2. Passing: the 上海市科委 2024 report
    (同意公开答复 9 件，…不予公开答复 2 件，无法提供的 10 件，…其他处理 14 件 — all as its table).

    ## Basis
    formats.md §6.6 X-TEXT-T3 (上海市政府办公厅 2019: 予以公开及部分公开 258 件 vs table 275;
    无法提供 265 vs 337); rules.md X002.
    """

    code = "X002"
    name = "text-outcome-mismatch"
    severity = "warning"
    summary = "narrative outcome counts or percentages ≠ table 三 groups"
    message = "正文“{quote}”称{what}{actual}{unit}，按表三应为{expected}{unit}{also}"
    kinds = ("granted", "partly_granted", "denied", "unable", "rejected", "other", "results")

    def accepted(self, ctx, kind):
        out = super().accepted(ctx, kind)
        if kind == "results":
            new, over = ctx.value("t3.new_received.total"), ctx.value("t3.carried_over.total")
            if new is not None and over is not None:
                out.append((new + over, ["t3.new_received.total", "t3.carried_over.total"]))
        return out


@register
class TextCarry(_Compare):
    """## What it checks
    "上年结转 N 件" in the narrative against 表三 二、上年结转政府信息公开申请数量 (总计), and
    "结转下年度 / 转下一年度办理 N 件" against 四、结转下年度继续办理 (总计).

    ## Why it matters
    Carried applications link two years' reports; a wrong figure in either place breaks the
    chain next year.

    ## Example
    Failing: 转下一年度办理答复的有 2 件 with 四、结转下年度继续办理 1. Passing: 1 (上海市科委 2024).

    ## Basis
    formats.md §6.6 X-TEXT-T3; rules.md X003.
    """

    code = "X003"
    name = "text-carry-mismatch"
    severity = "warning"
    summary = "narrative carried-over / carried-forward count ≠ table 三 二 / 四"
    message = "正文“{quote}”称{what}{actual}{unit}，表三为{expected}{unit}"
    kinds = ("carried_over", "carried_forward")


_CLAIM_UPHELD = re.compile(r"均(?:获|被|予以|得到|已)?维持|全部(?:获|被|予以|得到)?维持")
_CLAIM_NO_LOSS = re.compile(r"无败诉|未(?:有|出现|发生)?败诉|没有败诉|(?:未|没有)被[^,;。:!?]{0,10}?(?:纠错|纠正|撤销|确认违法)|无纠错|无被纠错")
_CLAIM_CLOSED = re.compile(r"均已(?:结案|审结|办结|办理完毕)|全部(?:结案|审结)")


@register
class TextReviewSuit(_Compare):
    """## What it checks
    Counts of 行政复议 and 行政诉讼 stated in a narrative sentence about 政府信息公开 against
    表四: 行政复议 N 件 = 行政复议 总计; 行政诉讼 N 件 = 未经复议直接起诉 总计 + 复议后起诉 总计.
    Claims are checked too: "均获维持" while 结果纠正 or 尚未审结 > 0; "无败诉" / "未被…纠错"
    while 结果纠正 > 0; "均已结案" while 尚未审结 > 0.

    ## Why it matters
    Reviews and suits lost are what supervisors look for; a narrative that hides them (or
    counts them differently) misleads.

    ## Example
    Failing: 被申请行政复议3件 with 行政复议 总计 2; or "均获维持" with 结果纠正 1.
    Passing: 平潭 2022 (行政诉讼案件1件、行政复议案件2件，均已结案 — all as its table).

    ## Basis
    formats.md §6.6 X-TEXT-T4 (上海市政府办公厅 2019 says all reviews/suits "均获维持" while
    表四 shows cases 尚未审结); rules.md X004.
    """

    code = "X004"
    name = "text-review-suit-mismatch"
    severity = "warning"
    summary = "narrative review/suit counts or outcome claims ≠ table 四"
    message = "正文“{quote}”称{what}{actual}{unit}，表四为{expected}{unit}"
    kinds = ("review", "suit")
    table = "t4."
    claim_message = "正文“{quote}”，但表四{detail}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from super().check(ctx)
        nar = narrative(ctx)
        text = nar.text
        for s0, s1 in _sentences(text):
            sentence = text[s0:s1]
            if "信息公开" not in sentence and "政务公开" not in sentence:
                continue
            if "复议" not in sentence and "诉讼" not in sentence and "案件" not in sentence:
                continue
            groups = []
            if "复议" in sentence.replace("复议后起诉", ""):
                groups.append("review")
            if "诉讼" in sentence or "起诉" in sentence:
                groups += ["suit_direct", "suit_after_review"]
            if not groups:
                groups = ["review", "suit_direct", "suit_after_review"]
            for regex, columns, claim in ((_CLAIM_UPHELD, ("corrected", "pending"), "均获维持"),
                                          (_CLAIM_NO_LOSS, ("corrected",), "无败诉或未被纠错"),
                                          (_CLAIM_CLOSED, ("pending",), "均已审结")):
                m = regex.search(sentence)
                if not m:
                    continue
                keys = [f"t4.{g}.{c}" for g in groups for c in columns]
                bad = [k for k in keys if ctx.value(k)]
                if not bad:
                    continue
                start, end = nar.offset(s0 + m.start()), nar.offset(s0 + m.end() - 1) + 1
                line, col = _at(ctx, start, end)
                detail = "、".join(f"{_T4_GROUP[k.split('.')[1]]}{_T4_COL[k.split('.')[2]]}{_show(ctx.value(k))}件"
                                   for k in bad)
                total = sum(ctx.value(k) for k in bad)
                quote = printed(ctx, start, end)
                f = self.finding(ctx, cells=bad, line=line, col=col, expected=0, actual=total, quote=quote,
                                 what="", unit="")
                yield replace(f, message=self.claim_message.format(quote=quote, detail=detail))


_T4_GROUP = {"review": "行政复议", "suit_direct": "未经复议直接起诉", "suit_after_review": "复议后起诉"}
_T4_COL = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}


@register
class TextT2(_Compare):
    """## What it checks
    2021 format: counts of 规章 / 行政规范性文件 the narrative states as 制发 (出台、印发、制定),
    废止 or 现行有效 against 表二 本年制发件数 / 本年废止件数 / 现行有效件数 of that row. A bare
    "规范性文件 N 件" (no verb) is not read: it may count documents published, not made.

    ## Why it matters
    武威 2025 asks 总体情况 to state these figures and to agree them with the 司法行政 department;
    the narrative and 表二 must give the same numbers.

    ## Example
    Failing: 现行有效行政规范性文件698件 with 现行有效件数 690. Passing: 698 (平潭 2022).

    ## Basis
    formats.md §6.6 X-TEXT-T2; 武威 2025 notice (sources S15); rules.md X005.
    """

    code = "X005"
    name = "text-t2-mismatch"
    severity = "warning"
    summary = "narrative 规章/规范性文件 made/repealed/in-force counts ≠ table 二"
    message = "正文“{quote}”称{what}{actual}件，表二为{expected}件"
    kinds = ("t2",)
    table = "t2."

    def check(self, ctx: Context) -> Iterator[Finding]:
        for st in statements(ctx):
            if st.kinds != ("t2",) or st.value is None:
                continue
            key = st.t2[0]
            v = ctx.value(key)
            if v is None or v == st.value:
                continue
            line, col = _at(ctx, st.start, st.end)
            row, c = key.split(".")[1:]
            what = ("规章" if row == "regulations" else "行政规范性文件") + \
                {"made": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数"}[c]
            yield self.finding(ctx, cells=[key], line=line, col=col, expected=v, actual=st.value,
                               quote=printed(ctx, st.start, st.end),
                               what=what, artifact=ctx.doubtful([key]))


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
    severity = "warning"
    summary = "2021 format: section 六 says nothing about the 信息处理费"
    message = "第六部分“其他需要报告的事项”未说明信息处理费收取情况（未收取也应说明）"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.spec.version != "2021":
            return
        s6 = section6(ctx)
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
    severity = "warning"
    summary = "表三（六）2 逾期未缴费 > 0 but section 六 is nil, silent or denies fees"
    message = "表三“（六）2.逾期未按收费通知要求缴纳费用”为{actual}件，说明发出过收费通知，但第六部分{why}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        key = "t3.other_unpaid_fee.total"
        unpaid = ctx.value(key)
        s6 = section6(ctx)
        if not unpaid or unpaid <= 0 or s6 is None:
            return
        body, line = s6
        if is_nil(body):
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
    severity = "warning"
    summary = "section 六 is “无” while fees were collected"
    message = "第六部分填写为“无”，但{where}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        s6 = section6(ctx)
        if s6 is None or not is_nil(s6[0]):
            return
        nar = narrative(ctx)
        for m in _FEE_COLLECTED.finditer(nar.text):
            if float(m.group(1)) > 0:
                start, end = nar.offset(m.start()), nar.offset(m.end() - 1) + 1
                quote = printed(ctx, start, end)
                yield self.finding(ctx, line=s6[1], actual=quote, where=f"正文第{ctx.locate(start)[0]}行称“{quote}”")
                return
        fee = ctx.value("t2.fees.amount")
        if fee and fee > 0:
            yield self.finding(ctx, cells=["t2.fees.amount"], line=s6[1], actual=fee, severity="info",
                               where=f"表二行政事业性收费本年收费金额为{_show(fee)}万元，请核实是否含信息处理费")


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


# ---------------------------------------------------------------------------------------
# Year and period
# ---------------------------------------------------------------------------------------

_PERIOD = re.compile(
    r"(?:(?P<y1>(?:19|20)\d{2})年)?(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日(?:起)?(?:至|到|-|—|–|~)"
    r"(?:(?P<y2>(?:19|20)\d{2})年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日(?:止)?")
_PERIOD_CUE = re.compile(r"统计|数据|时限|期限|周期|区间|时段|报告期|时间范围|起止")
_SELF_YEAR = (
    re.compile(r"(?:现将|现就|编制(?:了)?|形成(?:了)?)[^,;。:!?\d]{0,12}?(?P<y>(?:19|20)\d{2})年度?(?:的)?"
               r"(?:政府信息公开|政务公开|信息公开)"),
    re.compile(r"(?:本|我)(?:单位|机关|部门|镇|乡|街道|局|委|办|区|县|市|厅|院|中心|政府|司|署)?"
               r"(?P<y>(?:19|20)\d{2})年度?(?:的)?(?:政府信息公开|政务公开|信息公开)"),
    re.compile(r"对(?:我|本)[^,;。:!?\d]{0,5}?(?P<y>(?:19|20)\d{2})年度?(?:的)?(?:政府信息公开|政务公开)"),
)
# "…2021年度政府信息公开工作年度报告中提出的问题": last year's report, not the reporting year
_PAST_REPORT = re.compile(r"[^,;。:!?]{0,12}?(?:报告|年报)中|[^,;。:!?]{0,12}?(?:提出|指出|反馈)的问题")
_OVERVIEW_START = re.compile(r"^(?:一[、.])?(?:总体情况)?\n?(?P<y>(?:19|20)\d{2})年(?:度|以来)?[,，]")


@dataclass(frozen=True)
class Period:
    y1: int | None
    m1: int
    d1: int
    y2: int | None
    m2: int
    d2: int
    start: int
    end: int
    quote: str


def stated_periods(ctx: Context) -> list[Period]:
    """Statistics periods stated in the preamble or section 一 (a date range in the preamble, or
    one within reach of 统计/数据/时限… anywhere in these parts)."""
    out = []
    for part in ("preamble", "all", "一"):
        nar = part_narrative(ctx, part)
        if nar is None:
            continue
        for m in _PERIOD.finditer(nar.text):
            cue = _PERIOD_CUE.search(nar.text[max(0, m.start() - 25):m.start()])
            if part != "preamble" and not cue:
                continue
            if not m.group("y1") and not cue:
                continue
            y1 = int(m.group("y1")) if m.group("y1") else None
            y2 = int(m.group("y2")) if m.group("y2") else y1
            out.append(Period(y1, int(m.group("m1")), int(m.group("d1")), y2, int(m.group("m2")),
                              int(m.group("d2")), nar.offset(m.start()), nar.offset(m.end() - 1) + 1, m.group()))
    return out


def title_year(ctx: Context) -> int | None:
    title = ctx.report.meta.get("title")
    m = re.search(r"((?:19|20)\d{2})\s*年", title or "")
    return int(m.group(1)) if m else None


@register
class YearMismatch(Rule):
    """## What it checks
    The reporting year is stated consistently: the year in the title, the year of the stated
    statistics period, and the year in phrases where the body names its own reporting year
    ("现将2021年度政府信息公开工作…", "本单位2021年度政府信息公开工作", "对我镇2020年度政府信息
    公开工作…", "编制了2024年度政务公开工作报告", and a year opening 一、总体情况: "2022年，…"),
    read in the preamble and section 一 only. Other years are not references to the reporting
    year and are not read: plans for the next year (平潭 2022: "2023年，我区将…"), last year's
    accounts (上海市科委: "2023年度部门决算"), last year's report ("…2021年度政府信息公开工作年度
    报告中提出的问题"). Without a title, the period's year (or the extracted year) is the reference.

    ## Why it matters
    A report that names another year as its own is usually last year's text copied and not
    updated; its figures may be last year's too.

    ## Example
    Failing: a 2022 report saying "现将本单位2021年度政府信息公开工作情况报告如下". Passing: 2022.

    ## Basis
    KIROGOVCOMPARE `year_mismatch`; formats.md §6.6 X-YEAR; 条例 第四十九条 (a report covers the
    previous year); rules.md X009.
    """

    code = "X009"
    name = "year-mismatch"
    severity = "error"
    summary = "title year, statistics period year and self-references to the reporting year disagree"
    message = "{what}为{actual}年，与报告年度{expected}年不一致"

    def check(self, ctx: Context) -> Iterator[Finding]:
        year = title_year(ctx)
        periods = [p for p in stated_periods(ctx) if p.y1 is not None]
        if year is None:
            year = periods[0].y1 if periods else ctx.report.meta.get("year")
        if year is None:
            return
        for p in periods:
            if p.y1 != year:
                line, col = _at(ctx, p.start, p.end)
                yield self.finding(ctx, line=line, col=col, expected=year, actual=p.y1,
                                   what=f"统计期限“{printed(ctx, p.start, p.end)}”的年份")
        seen = set()
        for part in ("preamble", "all", "一"):
            nar = part_narrative(ctx, part)
            if nar is None:
                continue
            for regex in _SELF_YEAR:
                for m in regex.finditer(nar.text):
                    y = int(m.group("y"))
                    if y == year or (part, m.start("y")) in seen or _PAST_REPORT.match(nar.text, m.end()):
                        continue
                    seen.add((part, m.start("y")))
                    line, col = _at(ctx, nar.offset(m.start()), nar.offset(m.end() - 1) + 1)
                    quote = printed(ctx, nar.offset(m.start()), nar.offset(m.end() - 1) + 1)
                    yield self.finding(ctx, line=line, col=col, expected=year, actual=y, what=f"正文“{quote}”所述年度")
        one = part_narrative(ctx, "一")
        if one is not None:
            m = _OVERVIEW_START.match(one.text)
            if m and int(m.group("y")) != year:
                line, col = _at(ctx, one.offset(m.start("y")), one.offset(m.end() - 1) + 1)
                yield self.finding(ctx, line=line, col=col, expected=year, actual=int(m.group("y")),
                                   what="“一、总体情况”开头所述年度")


@register
class PeriodWrong(Rule):
    """## What it checks
    The stated statistics period (a date range in the preamble, or one next to 统计/数据/时限/
    期限/周期 in section 一) runs from 1月1日 to 12月31日 of one year. The year itself is checked
    by X009; this rule reports a period that is not a whole calendar year (e.g. "2022年1月1日至
    2022年11月30日", or one spanning two years).

    ## Why it matters
    The report covers the previous calendar year (条例 第四十九条 "上一年度"); figures for another
    span cannot be compared with other bodies' or with the next year's report.

    ## Example
    Failing: "本报告所列数据统计期限为2022年1月1日至2022年11月30日". Passing: "…至2022年12月31日".

    ## Basis
    条例 第四十九条; the standard preamble seen in reports (formats.md §3); rules.md X010.
    """

    code = "X010"
    name = "period-wrong"
    severity = "error"
    summary = "stated statistics period is not 1月1日–12月31日 of one year"
    message = "统计期限“{actual}”不是报告年度的1月1日至12月31日"

    def check(self, ctx: Context) -> Iterator[Finding]:
        year = title_year(ctx) or ctx.report.meta.get("year")
        for p in stated_periods(ctx):
            y1 = p.y1 or year
            y2 = p.y2 or y1
            if (p.m1, p.d1, p.m2, p.d2) == (1, 1, 12, 31) and y1 == y2:
                continue
            line, col = _at(ctx, p.start, p.end)
            yield self.finding(ctx, line=line, col=col, actual=printed(ctx, p.start, p.end),
                               expected=f"{y1}年1月1日至{y1}年12月31日" if y1 else "1月1日至12月31日")


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
    severity = "warning"
    summary = "an all-zero table 三/四 contradicts the narrative (or a “none” sentence a filled table)"
    message = "{what}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for prefix, kinds, table, keys in (
                ("t3.", _T3_KINDS, "表三", ["t3.new_received.total", "t3.results_total.total"]),
                ("t4.", _T4_KINDS, "表四", ["t4.review.total", "t4.suit_direct.total", "t4.suit_after_review.total"])):
            if not table_all_zero(ctx, prefix):
                continue
            st = next((s for s in statements(ctx) if s.kinds[0] in kinds and s.value), None)
            if st:
                line, col = _at(ctx, st.start, st.end)
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
            line, col = _at(ctx, ns.start, ns.end)
            table = "表三一、本年新收" if ns.what == "apps" else "表四"
            yield self.finding(ctx, cells=keys, line=line, col=col, expected=total, actual=0,
                               what=f"正文“{printed(ctx, ns.start, ns.end)}”，但{table}为{_show(total)}件")


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
    severity = "warning"
    summary = "narrative counts 部分公开 applications under another outcome too"
    message = "正文“{quote}”表明部分公开的申请又计入了{other}；区分处理的申请只计入（二）部分公开"

    def check(self, ctx: Context) -> Iterator[Finding]:
        nar = narrative(ctx)
        for m in _PARTIAL_ALSO.finditer(nar.text):
            start, end = nar.offset(m.start()), nar.offset(m.end() - 1) + 1
            yield self.finding(ctx, cells=["t3.partly_granted.total"], line=ctx.locate(start)[0],
                               quote=printed(ctx, start, end), other=m.group(2))

