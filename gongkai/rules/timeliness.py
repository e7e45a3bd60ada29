"""Rules on when a report was published (rules.md section G, 公开时限: D001–D003, D005).

Per-report rules, not corpus ones: the reporting year, the body type and the publication
date printed at the end of the report (or in a 发布日期 field at its top) are all in the
report's meta, so ``gongkai check`` on one file gives them as the audit does. What needs
the corpus (a report missing, a report changed after publication: D004 in rules.md) is the
coverage's (``corpus/coverage.py``, ``gongkai coverage``).

D001 and D002 hold the statutory deadlines (``spec.deadlines``). A local notice's deadlines
are D003's parameters, by body type (``township = "02-20"``, ``department = "01-28"``), from a
profile as every local parameter comes: a profile's parameters reach only the rules it turns
on, and turning D001 on through a profile would make it a local rule, off by default.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date
from typing import ClassVar

from gongkai.rules.catalog import Finding, Rule, example_fields, register
from gongkai.rules.context import Context
from gongkai.spec.deadlines import STATUTORY_DEADLINES, Deadline, parse_deadline


def published(ctx: Context) -> date | None:
    """The publication date the extractor found (meta ``published``, ISO), if any."""
    text = ctx.report.meta.get("published")
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _date_line(ctx: Context, day: date) -> int | None:
    """The line printing ``day`` (年月日, any spacing or leading zeros), searched from the end."""
    pattern = re.compile(rf"{day.year}\s*年\s*0?{day.month}\s*月\s*0?{day.day}\s*日")
    for line in reversed(ctx.doc.lines):
        if pattern.search(line.text):
            return line.number
    return None


class _Late(Rule):
    """Shared by the deadline rules: a report of ``body_types`` published after its due day."""

    body_types: ClassVar[tuple[str, ...]] = ()

    def deadline(self, ctx: Context, body_type: str) -> Deadline | None:
        return STATUTORY_DEADLINES.for_body(body_type) if body_type in self.body_types else None

    def check(self, ctx: Context) -> Iterator[Finding]:
        meta = ctx.report.meta
        year, day, body_type = meta.get("year"), published(ctx), meta.get("body_type")
        if year is None or day is None or not body_type:
            return
        deadline = self.deadline(ctx, body_type)
        due = deadline.due(year) if deadline else None
        if deadline is None or due is None or day <= due:
            return
        yield self.finding(ctx, line=_date_line(ctx, day), expected=due.isoformat(), actual=day.isoformat(),
                           days=(day - due).days, deadline=deadline.shown(), basis=deadline.basis)


@register
class DepartmentLate(_Late):
    """## 检查内容 / What it checks
    政府部门的年度报告是否在次年1月31日前公布：报告年度取自标题，公布日期取自报告末尾的落款日期
    （或开头的“发布日期”）。地方另有期限的见 D003。
    找不到公布日期的报告见 D005。

    Whether a department's report was published by 31 January of the following year: the
    year from the title, the date from the report's closing date line (or a 发布日期 field at
    the top). A local deadline is D003's.

    ## 为什么重要 / Why it matters
    逾期公布是政务公开考核和第三方评估的扣分项，也说明报告的编制、审核流程需要提前。

    Late publication is scored in every evaluation of 政务公开 and says the drafting and
    review must start earlier.

    ## 示例 / Example
    不符：某某县教育局2025年度报告落款“2026年2月15日”（逾期15天）。相符：落款“2026年1月20日”。

    Failing: a 2025 department report dated 15 February 2026. Passing: dated 20 January 2026.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第四十九条第一款：县级以上人民政府部门应当在每年1月31日前
    向本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布。

    Art. 49 ¶1 of the Regulations.
    """

    code = "D001"
    name = "dept-deadline"
    title = "政府部门年度报告逾期公布"
    severity = "warning"
    summary = "a department's report published after 31 January of the following year (or the local deadline)"
    message = "报告公布日期为{actual}，晚于应公布日期{expected}（{deadline}）{days}天；依据：{basis}"
    example = example_fields(actual="2026-02-15", expected="2026-01-31", deadline="次年1月31日", days=15,
                             basis="《政府信息公开条例》第四十九条第一款（县级以上人民政府部门，每年1月31日前）")
    body_types = ("department", "general_office", "ministry")


@register
class GovernmentLate(_Late):
    """## 检查内容 / What it checks
    县级以上地方人民政府的年度报告是否在次年3月31日前公布（报告年度取自标题，公布日期取自落款日期或
    “发布日期”）。地方另有期限的见 D003。

    Whether a local people's government's report was published by 31 March of the following
    year; a local deadline is D003's.

    ## 为什么重要 / Why it matters
    本级政府的年度报告由政府信息公开工作主管部门汇总公布，逾期说明汇总、审核环节滞后，也是考核扣分项。

    The government's report is compiled by its 主管部门; lateness is scored in evaluations.

    ## 示例 / Example
    不符：某某县人民政府2025年度报告落款“2026年4月15日”（逾期15天）。相符：落款“2026年3月28日”。

    Failing: a 2025 government report dated 15 April 2026. Passing: dated 28 March 2026.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第四十九条第二款：县级以上地方人民政府的政府信息公开工作主管
    部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告。

    Art. 49 ¶2 of the Regulations.
    """

    code = "D002"
    name = "gov-deadline"
    title = "人民政府年度报告逾期公布"
    severity = "warning"
    summary = "a local government's report published after 31 March of the following year (or the local deadline)"
    message = "报告公布日期为{actual}，晚于应公布日期{expected}（{deadline}）{days}天；依据：{basis}"
    example = example_fields(actual="2026-04-15", expected="2026-03-31", deadline="次年3月31日", days=15,
                             basis="《政府信息公开条例》第四十九条第二款（县级以上地方人民政府，每年3月31日前）")
    body_types = ("government",)


@register
class LocalLate(_Late):
    """## 检查内容 / What it checks
    年度报告是否在地方规定的期限前公布。条例对乡镇人民政府、街道办事处没有规定日期，不少市、县的通知
    另有期限（也可能要求部门早于1月31日公布）。期限按机构类型写在规则配置的参数中
    （township 乡镇街道、department 部门、government 人民政府，如怀化：township = "02-20"）；
    没有配置时本规则不检查。

    Whether the report was published by the local deadline for its body type, given as this
    rule's parameters by a profile (``township = "02-20"``); without them the rule does nothing.

    ## 为什么重要 / Why it matters
    市、县通知通常要求乡镇、街道和部门先于本级政府公布，以便汇总；逾期影响本级政府按时公布。

    Cities and counties ask townships and departments to publish first so that their own
    report can be compiled in time.

    ## 示例 / Example
    不符（乡镇期限为次年2月20日）：某某镇2025年度报告落款“2026年3月2日”。相符：落款“2026年2月10日”。

    Failing (townships by 20 February): a township report dated 2 March 2026. Passing: 10 February.

    ## 依据 / Basis
    地方通知，由规则配置给出（hunan-huaihua：怀化市关于做好年度报告编制发布工作的通知，县市区汇总乡镇
    报告于2月20日前报送，市直部门1月28日前公布）；条例第四十九条只规定了县级以上人民政府及其部门的期限。

    A local notice, through a profile (hunan-huaihua: 怀化, township reports by 20 February,
    city departments by 28 January); Art. 49 sets dates only for governments at county level
    and above and their departments.
    """

    code = "D003"
    name = "local-deadline"
    title = "年度报告晚于地方规定期限公布"
    severity = "info"
    summary = "published after the local deadline for its body type (parameters by body type; e.g. townships)"
    message = "报告公布日期为{actual}，晚于地方规定的应公布日期{expected}（{deadline}）{days}天；依据：{basis}"
    example = example_fields(actual="2026-03-02", expected="2026-02-20", deadline="次年2月20日", days=10,
                             basis="湖南省怀化市年度报告公布时限")

    def deadline(self, ctx: Context, body_type: str) -> Deadline | None:
        params = ctx.params.get(self.code, {})
        if body_type not in params:
            return None
        profile = str(params.get("profile", ""))
        return dataclasses.replace(parse_deadline(params[body_type], f"{profile} {self.code}.{body_type}"),
                                   basis=profile)


@register
class PublishedDateMissing(Rule):
    """## 检查内容 / What it checks
    报告中是否印有公布日期：末尾落款的“××××年×月×日”，或开头的“发布日期”“成文日期”。找不到日期的
    报告无法判断是否按时公布（D001–D003 不检查它）。

    Whether the report prints its date: the closing date line, or a 发布日期 field at the top.
    Without one, timeliness cannot be judged (D001–D003 skip the report).

    ## 为什么重要 / Why it matters
    没有日期，就无法仅凭文件核对是否按时公布。网页发布的报告常把日期放在网页上而不印在正文里（实际
    语料中多数如此），此时请到原网页核对发布时间；只是提示，不是错误。

    Without a date the file alone cannot show timeliness. Reports published as web pages often
    carry the date on the page, not in the text (most of the real corpus does): check the
    page. A hint, not a defect.

    ## 示例 / Example
    提示：报告末尾只有机构署名，没有日期。相符：“某某县人民政府办公室 2026年1月11日”。

    Flagged: a report ending with the body's name and no date. Passing: name and date.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第四十九条（公布期限）：核对期限需要公布日期。

    Art. 49 of the Regulations (deadlines): checking them needs the date.
    """

    code = "D005"
    name = "published-date-missing"
    title = "报告未印公布日期"
    severity = "info"
    summary = "no publication date found in the report (its timeliness cannot be checked)"
    message = "报告中没有找到公布日期（末尾落款日期或“发布日期”），无法据此判断是否按时公布，请核对发布网页的日期"
    example = example_fields()

    def check(self, ctx: Context) -> Iterator[Finding]:
        meta = ctx.report.meta
        if meta.get("title") and meta.get("year") is not None and published(ctx) is None:
            yield self.finding(ctx)
