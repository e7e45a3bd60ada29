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

from gongkai.rules.catalog import Finding, Rule, example_fields, register, show
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
    """## 检查内容 / What it checks
    正文所述收到的申请数（“收到/受理/新收……申请N件”）与表三“一、本年新收政府信息公开申请数量”
    的总计比较。等于“新收 + 上年结转”的也接受（有的机关写的是全年办理的申请数）。

    A count of applications received stated in the text against 表三 一、本年新收 (总计); 新收 +
    上年结转 is accepted too.

    ## 为什么重要 / Why it matters
    正文和表格由不同的人阅读；同一数字两处不同，必有一处错误，审核人员需要问清。

    A figure that differs between text and table means one of them is wrong.

    ## 示例 / Example
    不符：“本年新收政府信息公开申请18件”，表三本年新收总计20。相符：20（上年结转1件时21也可）。

    Failing: 18 in the text, 20 in the table. Passing: 20 (or 21 with 上年结转 1).

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表三“一、本年新收政府信息公开申请数量”；
    《中华人民共和国政府信息公开条例》第五十条第二项。

    Row 一 of table 三; art. 50 item 2 of the Regulations.
    """

    code = "X001"
    name = "text-new-received-mismatch"
    title = "正文所述新收申请数与表三不符"
    severity = "warning"
    summary = "narrative count of applications received ≠ table 三 一、本年新收"
    message = "正文“{quote}”称{what}{actual}{unit}，表三为{expected}{unit}{also}"
    example = example_fields(quote="本年新收政府信息公开申请18件", what="本年新收申请", actual=18, unit="件", expected=20, also="")
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
    """## 检查内容 / What it checks
    正文所述予以公开（同意公开）、部分公开、不予公开、无法提供、不予处理、
    其他处理及办结的件数和比例，与表三相应行或该组各行之和比较；比例按该组占（七）总计计算。
    “予以公开及部分公开N件”与两者之和比较。

    Counts and percentages of outcomes stated in the text against table 三's rows or groups.

    ## 为什么重要 / Why it matters
    公众引用的正是正文中的办理结果数字，必须与表格一致。

    Outcome figures in the text are what the public quotes.

    ## 示例 / Example
    不符：正文“不予公开答复3件”，表三（三）各项之和为2。相符：正文各数与表格一致。
    （某市人民政府办公厅2019年报告：正文“予以公开及部分公开258件”，表格为275件。）

    Failing: 3 in the text, 2 in the table. Passing: every figure as the table.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表三“三、本年度办理结果”；
    《中华人民共和国政府信息公开条例》第五十条第二项。

    Part 三 of table 三; art. 50 item 2 of the Regulations.
    """

    code = "X002"
    name = "text-outcome-mismatch"
    title = "正文所述办理结果数与表三不符"
    severity = "warning"
    summary = "narrative outcome counts or percentages ≠ table 三 groups"
    message = "正文“{quote}”称{what}{actual}{unit}，按表三应为{expected}{unit}{also}"
    example = example_fields(quote="予以公开及部分公开258件", what="予以公开及部分公开", actual=258, unit="件", expected=275, also="")
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
    """## 检查内容 / What it checks
    正文“上年结转N件”与表三“二、上年结转政府信息公开申请数量”总计比较；
    “结转下年度/转下一年度办理N件”与“四、结转下年度继续办理”总计比较。

    Carried-over and carried-forward counts in the text against table 三 rows 二 and 四.

    ## 为什么重要 / Why it matters
    结转数连接前后两个年度的报告；任何一处填错，下一年就接不上。

    Carried applications link two years' reports.

    ## 示例 / Example
    不符：“转下一年度办理答复的有2件”，表三结转下年度继续办理为1。相符：1。

    Failing: 2 in the text, 1 in the table. Passing: 1.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表三“二、上年结转”“四、结转下年度继续办理”。

    Rows 二 and 四 of table 三.
    """

    code = "X003"
    name = "text-carry-mismatch"
    title = "正文所述结转申请数与表三不符"
    severity = "warning"
    summary = "narrative carried-over / carried-forward count ≠ table 三 二 / 四"
    message = "正文“{quote}”称{what}{actual}{unit}，表三为{expected}{unit}"
    example = example_fields(quote="转下一年度办理答复的有2件", what="结转下年度", actual=2, unit="件", expected=1)
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
    """## 检查内容 / What it checks
    正文所述政府信息公开行政复议、行政诉讼件数与表四比较：行政复议N件 = 行政复议总计；行政诉讼N件 =
    未经复议直接起诉总计 + 复议后起诉总计。也检查表述：“均获维持”而结果纠正或尚未审结大于0；“无败诉”
    “未被纠错”而结果纠正大于0；“均已结案”而尚未审结大于0。

    Review and suit counts stated in the text against table 四, and claims such as "均获维持".

    ## 为什么重要 / Why it matters
    被纠错的复议、败诉的诉讼正是监督者关注的；正文隐去或另行计数都会误导读者。

    Reviews and suits lost are what supervisors look for.

    ## 示例 / Example
    不符：“被申请行政复议3件”，表四行政复议总计2；或“均获维持”而结果纠正为1。相符：
    “行政诉讼案件1件、行政复议案件2件，均已结案”，与表四一致。

    Failing: 3 in the text, 2 in the table; or "均获维持" with 结果纠正 1. Passing: as the table.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表四；《中华人民共和国政府信息公开条例》第五十条第三项。

    Table 四; art. 50 item 3 of the Regulations.
    """

    code = "X004"
    name = "text-review-suit-mismatch"
    title = "正文所述行政复议、行政诉讼情况与表四不符"
    severity = "warning"
    summary = "narrative review/suit counts or outcome claims ≠ table 四"
    message = "正文“{quote}”称{what}{actual}{unit}，表四为{expected}{unit}"
    example = example_fields(quote="被申请行政复议3件", what="行政复议", actual=3, unit="件", expected=2)
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
    """## 检查内容 / What it checks
    2021年格式：正文所述规章、行政规范性文件的制发（出台、印发、制定）、废止、现行有效件数，
    与表二该行相应栏比较。只写“规范性文件N件”而无动词的不比较（可能是公开的件数）。

    2021 format: made/repealed/in-force counts of 规章 and 行政规范性文件 stated in the text against table 二.

    ## 为什么重要 / Why it matters
    正文与表二应给出同样的数字；武威市要求会同司法行政部门核实这些数字。

    The text and table 二 must give the same numbers.

    ## 示例 / Example
    不符：“现行有效行政规范性文件698件”，表二现行有效件数690。相符：698。

    Failing: 698 in the text, 690 in the table. Passing: 698.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）所附表二；
    另见武威市人民政府2025年12月19日在其门户网站发布的关于做好2025年度政府信息公开工作年度报告的通知（要求表二数字与司法行政部门核对一致）。

    Table 二 of the 2021 format; the 武威 notice of 2025.
    """

    code = "X005"
    name = "text-t2-mismatch"
    title = "正文所述规章、规范性文件件数与表二不符"
    severity = "warning"
    summary = "narrative 规章/规范性文件 made/repealed/in-force counts ≠ table 二"
    message = "正文“{quote}”称{what}{actual}件，表二为{expected}件"
    example = example_fields(quote="现行有效行政规范性文件698件", what="行政规范性文件现行有效", actual=698, expected=690)
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
