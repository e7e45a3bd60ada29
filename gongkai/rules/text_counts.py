"""Rules on the counts the narrative states against the tables (rules.md section E, X001–X005):
applications received, outcomes and their shares, carried applications, reviews and suits
(and claims about their results), 规章 and 规范性文件.

The narrative is the preamble and sections 一, 五 and 六 (formats.md §3); tables live in
sections 二–四 and are never read here, and lines that look like table rows (tabs, pipes)
are skipped even inside the narrative. Counts are read as ``rules.statements`` describes;
findings point at the printed line of the statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from gongkai.rules.catalog import Finding, Rule, register, show
from gongkai.rules.context import Context
from gongkai.rules.narrative import narrative, printed, quote_at, sentences
from gongkai.rules.statements import KIND_NAMES, Statement, cells_sum, kind_cells, statements, table_all_zero

_CELL_NAMES = {"t3.new_received.total": "本年新收", "t3.carried_over.total": "上年结转"}


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
        line, col = quote_at(ctx, st.start, st.end)
        parts = [st.kinds] if not st.each else [(k,) for k in st.kinds]
        if st.value is not None:
            for kinds in parts:
                options = self._options(ctx, kinds)
                if not options or any(v == st.value for v, _ in options):
                    continue
                value, keys = options[0]
                also = "".join(f"（{'加'.join(_CELL_NAMES.get(k, k) for k in ks)}为{show(v)}件）" for v, ks in options[1:])
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
    title = "正文所述新收申请数与表三不符"
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
    title = "正文所述办理结果数与表三不符"
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
    title = "正文所述结转申请数与表三不符"
    severity = "warning"
    summary = "narrative carried-over / carried-forward count ≠ table 三 二 / 四"
    message = "正文“{quote}”称{what}{actual}{unit}，表三为{expected}{unit}"
    kinds = ("carried_over", "carried_forward")


_CLAIM_UPHELD = re.compile(r"均(?:获|被|予以|得到|已)?维持|全部(?:获|被|予以|得到)?维持")
_CLAIM_NO_LOSS = re.compile(r"无败诉|未(?:有|出现|发生)?败诉|没有败诉|(?:未|没有)被[^,;。:!?]{0,10}?(?:纠错|纠正|撤销|确认违法)|无纠错|无被纠错")
_CLAIM_CLOSED = re.compile(r"均已(?:结案|审结|办结|办理完毕)|全部(?:结案|审结)")
# Claims about the results of reviews and suits, with the 表四 columns that must then be 0.
_CLAIMS = (
    (_CLAIM_UPHELD, ("corrected", "pending")),  # 均获维持
    (_CLAIM_NO_LOSS, ("corrected",)),  # 无败诉, 未被纠错
    (_CLAIM_CLOSED, ("pending",)),  # 均已审结
)


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
    title = "正文所述行政复议、行政诉讼情况与表四不符"
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
        for s0, s1 in sentences(text):
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
            for regex, columns in _CLAIMS:
                m = regex.search(sentence)
                if not m:
                    continue
                keys = [f"t4.{g}.{c}" for g in groups for c in columns]
                bad = [k for k in keys if ctx.value(k)]
                if not bad:
                    continue
                start, end = nar.offset(s0 + m.start()), nar.offset(s0 + m.end() - 1) + 1
                line, col = quote_at(ctx, start, end)
                detail = "、".join(f"{_T4_GROUP[k.split('.')[1]]}{_T4_COL[k.split('.')[2]]}{show(ctx.value(k))}件"
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
    title = "正文所述规章、规范性文件件数与表二不符"
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
            line, col = quote_at(ctx, st.start, st.end)
            row, c = key.split(".")[1:]
            what = ("规章" if row == "regulations" else "行政规范性文件") + \
                {"made": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数"}[c]
            yield self.finding(ctx, cells=[key], line=line, col=col, expected=v, actual=st.value,
                               quote=printed(ctx, st.start, st.end),
                               what=what, artifact=ctx.doubtful([key]))
