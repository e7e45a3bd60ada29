"""Rules on the content of the narrative sections (rules.md section H): what 一、总体情况,
五、存在的主要问题及改进情况 and 六、其他需要报告的事项 should say.

Sections are read in the compact form of ``rules.narrative`` (spaces and line breaks inside a
paragraph removed, heading title and closing signature dropped). A missing section is
STR001's to report; these rules then say nothing.

C004 problems-boilerplate (section 五 shared with many other bodies) needs a corpus of
reports and is not a single-report rule; it is not implemented here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.rules.catalog import Finding, Rule, register
from gongkai.rules.context import Context
from gongkai.rules.narrative import part_narrative, section_body, sentences

# 一、总体情况 of the 2021 format covers five topics (30号 （一）); each with the words that
# show a report covers it. Synonyms accepted: reports name sub-parts freely ("平台建设",
# "政务新媒体", "公示栏" for the platform; "保密审查", "发布审核", "公开属性" for information
# management; "考核", "督查", "培训" for 监督保障).
OVERVIEW_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("主动公开", ("主动公开",)),
    ("依申请公开", ("依申请", "申请公开", "公开申请")),
    ("政府信息管理", ("信息管理", "公开属性", "属性认定", "保密审查", "发布审核", "审核发布", "发布审查", "信息审核",
                    "内容审查", "内容审核", "政策解读", "文件清理", "公开目录", "公开指南")),
    ("政府信息公开平台建设", ("平台", "网站", "新媒体", "公众号", "公开栏", "公示栏", "专栏", "专区", "政府公报",
                          "公开网", "信息网")),
    ("监督保障", ("监督", "保障", "考核", "考评", "评议", "责任追究", "督查", "督导", "培训")),
)

_ASSESSMENT = re.compile(r"考核|考评|评议|测评|责任追究|问责")
_PLAN_SENTENCE = re.compile(
    r"下一步|明年|下一年|来年|今后|计划|打算|力争|重点抓好|"
    r"将(?:进一步|继续|严格|加强|着力|重点|持续|不断|全面|认真|切实|积极|努力|以|按照|围绕|坚持|深化|推进)|"
    r"^[一二三四五六七八九十]是(?:继续|进一步|加强|完善|强化|深化|推进|持续|健全|提升|借鉴)")
_PLAN_HEADING = re.compile(r"下一步工作|工作计划|工作打算|重点抓好以下|以下工作")
_SECTION6_ITEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("落实上级年度政务公开工作要点情况", ("工作要点", "要点")),
    ("人大代表建议和政协提案办理结果公开情况", ("建议", "提案")),
    ("年度政务公开工作创新情况", ("创新", "特色")),
)
_PROACTIVE_COUNT = re.compile(r"(?<![\d.])\d+\s?(?:条|篇|期)|(?:主动公开|发布|公开|推送)(?:(?!申请|复议|诉讼)[^。;\n\d]){0,30}"
                              r"\d+\s?(?:件|项|个)")
_APPLICATION_COUNT = re.compile(r"申请[^。;\n\d]{0,20}?\d+\s?件|\d+\s?件[^。;\n\d]{0,10}?申请|"
                                r"(?:未|没有|无)(?:收到|受理|接到|接收|发生|产生|有)[^,;。\n\d]{0,40}?(?:申请|依申请公开)|"
                                r"依申请公开[^,;。\n\d]{0,10}?(?:为零|为0|为无)")

TOO_SHORT = 10


def _chars(s: str) -> int:
    return len(re.sub(r"\s", "", s))


_SENTENCE_OR_CLAUSE = re.compile(r"[。;!?\n]")


def _split_sentences(text: str) -> list[tuple[int, int]]:
    return sentences(text, _SENTENCE_OR_CLAUSE)


def _overview(ctx: Context) -> tuple[str, int] | None:
    return section_body(ctx, "一")


@register
class OverviewCoverage(Rule):
    """## What it checks
    2021 format: 一、总体情况 mentions each of the five topics the format asks it to cover —
    主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障. Reasonable synonyms count:
    依申请 / 申请公开; 信息管理, 公开属性, 保密审查, 发布审核, 政策解读, 公开目录/指南; 平台, 网站,
    新媒体, 公众号, 公开栏/公示栏, 专栏/专区, 政府公报; 监督, 保障, 考核/考评, 评议, 责任追究,
    督查, 培训. Only the 2021 format is checked: the five-topic list is the 30号 format's.

    ## Why it matters
    The format asks 总体情况 to summarise all five; a missing topic is usually a part of the
    work the body did not report on (most often 依申请公开).

    ## Example
    Failing: seed 000 (罗山县子路镇 2021) never mentions 依申请公开 in 一、总体情况.
    Passing: seed 002 lists "主动公开、依申请公开、政府信息管理、平台建设、监督保障".

    ## Basis
    国办公开办函〔2021〕30号 “（一）总体情况” (formats.md §3, sources S2, S4); rules.md C001.
    """

    code = "C001"
    name = "overview-coverage"
    title = "总体情况未涵盖格式要求的五方面内容"
    severity = "warning"
    summary = "2021 format: 总体情况 does not cover all five topics of the format"
    message = "“一、总体情况”未涉及{missing}（2021年格式要求涵盖主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障）"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.spec.version != "2021":
            return
        ov = _overview(ctx)
        if ov is None or _chars(ov[0]) < TOO_SHORT:
            return  # no section: STR001; empty: C009
        body, line = ov
        missing = [topic for topic, words in OVERVIEW_TOPICS if not any(w in body for w in words)]
        if missing:
            yield self.finding(ctx, line=line, actual=missing, missing="、".join(missing))


@register
class GovAssessmentDuty(Rule):
    """## What it checks
    A report of a people's government at any level — 县级以上 (meta body_type "government")
    or 乡镇 (body_type "township", except 街道办事处, which are 派出机关, not governments) —
    mentions 工作考核、社会评议和责任追究 anywhere in its narrative (考核, 考评, 评议, 测评,
    责任追究 or 问责).

    ## Why it matters
    条例 第五十条 requires the annual report of 各级人民政府 to state the results of work
    assessment, public appraisal and accountability; the 2021 format puts it under 监督保障.

    ## Example
    Failing: a 县人民政府 report whose text never mentions 考核, 评议 or 责任追究.
    Passing: 平潭 2022 ("结合工作考核机制…落实社会评议和责任追究制度").

    ## Basis
    条例 第五十条(四) (sources S1); 国办公开办函〔2021〕30号 （一） (S2); rules.md C002.
    """

    code = "C002"
    name = "gov-assessment-duty"
    title = "人民政府报告未说明考核、评议和责任追究"
    severity = "warning"
    summary = "a government report does not mention 考核、评议、责任追究"
    message = "人民政府的年度报告应说明工作考核、社会评议和责任追究结果情况，正文未提及"

    def check(self, ctx: Context) -> Iterator[Finding]:
        body_type = ctx.report.meta.get("body_type")
        agency = ctx.report.meta.get("agency") or ""
        if body_type not in ("government", "township") or "街道" in agency:
            return
        if _ASSESSMENT.search(ctx.text):
            return
        span = ctx.section_span("一")
        yield self.finding(ctx, line=ctx.locate(span[0])[0] if span else None)


@register
class ProblemsEmpty(Rule):
    """## What it checks
    五、存在的主要问题及改进情况 is empty, says "无"/"暂无", or has fewer than 10 characters.

    ## Why it matters
    The section is the report's self-assessment; 条例 第五十条(四) requires it, and
    evaluators value a real account of problems and of how last year's were fixed.

    ## Example
    Failing: "五、存在的主要问题及改进情况 无". Passing: a paragraph naming problems and measures.

    ## Basis
    条例 第五十条(四); KIROGOVCOMPARE quality rule; CASS commentary (sources S36); rules.md C003.
    """

    code = "C003"
    name = "problems-empty"
    title = "存在的主要问题及改进情况为空或过短"
    severity = "warning"
    summary = "section 五 (problems and improvements) is empty, “无” or too short"
    message = "“五、存在的主要问题及改进情况”{why}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        five = section_body(ctx, "五")
        if five is None:
            return
        body, line = five
        n = _chars(body)
        if n == 0:
            why = "内容为空"
        elif re.fullmatch(r"(?:暂)?(?:无|没有)[。.]?", re.sub(r"\s", "", body)):
            why = f"仅填写“{body.strip()}”"
        elif n < TOO_SHORT:
            why = f"仅有{n}个字（“{body.strip()}”）"
        else:
            return
        yield self.finding(ctx, line=line, actual=body.strip(), why=why)


@register
class Section6OffTopic(Rule):
    """## What it checks
    六、其他需要报告的事项 mainly holds next-year work plans: at least two sentences, and at least
    half of them, read as plans (下一步, 明年, 今后, 计划, 将进一步/继续/加强…, "一是继续…"), or a
    heading such as "重点抓好以下工作".

    ## Why it matters
    Plans belong in section 五 (改进情况); section 六 is for the items the format lists (信息处理费,
    the higher level's 政务公开工作要点, 人大代表建议和政协提案, innovations). Plans there usually
    mean those items were left out.

    ## Example
    Flagged: seed 000 (罗山县子路镇 2021): "子路镇将严格按照…重点抓好以下工作：一是继续统一认识…".
    Passing: "本年度未收取信息处理费。"

    ## Basis
    国办公开办函〔2021〕30号 （六） [MEMORY in formats.md §3]; rules.md C005.
    """

    code = "C005"
    name = "section6-off-topic"
    title = "第六部分写成了下一步工作计划"
    severity = "info"
    summary = "section 六 holds next-year plans instead of the items it should report"
    message = "“六、其他需要报告的事项”{count}句中有{plans}句是下一步工作计划，计划应写入第五部分"

    def check(self, ctx: Context) -> Iterator[Finding]:
        six = section_body(ctx, "六")
        if six is None:
            return
        body, line = six
        sentences = [body[a:b] for a, b in _split_sentences(body) if _chars(body[a:b]) >= 4]
        plans = [s for s in sentences if _PLAN_SENTENCE.search(s)]
        if len(plans) >= 2 and (2 * len(plans) >= len(sentences) or _PLAN_HEADING.search(body)):
            nar = part_narrative(ctx, "六")
            where = nar.text.find(plans[0]) if nar else -1
            if nar is not None and where >= 0:
                line = ctx.locate(nar.offset(where))[0]
            yield self.finding(ctx, line=line, actual=len(plans), expected=0, count=len(sentences), plans=len(plans))


@register
class Section6Items(Rule):
    """## What it checks
    2021 format: 六、其他需要报告的事项 says nothing about one or more of the items the format
    lists besides the fee: how the body carried out the higher level's annual 政务公开工作要点
    (工作要点), the disclosure of 人大代表建议和政协提案 handling results (建议, 提案), and the
    year's 政务公开 innovations (创新, 特色). Each missing item is listed.

    ## Why it matters
    The format asks for these items; reviewers look for them. Many bodies write only "无" or the
    fee sentence, hence info.

    ## Example
    Flagged: "六、其他需要报告的事项 本年度未收取信息处理费。" (three items missing).
    Passing: a section 六 that also reports 落实政务公开工作要点, 建议提案办理结果公开 and 创新.

    ## Basis
    国办公开办函〔2021〕30号 （六） [MEMORY in formats.md §3: the official text of （六） was not
    read]; rules.md C006.
    """

    code = "C006"
    name = "section6-items"
    title = "第六部分未说明工作要点、建议提案办理和创新情况"
    severity = "info"
    summary = "2021 format: section 六 silent on 工作要点, 建议提案, 创新"
    message = "“六、其他需要报告的事项”未说明{missing}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.spec.version != "2021":
            return
        six = section_body(ctx, "六")
        if six is None:
            return
        body, line = six
        missing = [item for item, words in _SECTION6_ITEMS if not any(w in body for w in words)]
        if missing:
            yield self.finding(ctx, line=line, actual=missing, missing="、".join(missing))


@register
class OverviewEmpty(Rule):
    """## What it checks
    一、总体情况 is printed but says nothing: its text (spaces and heading left out) is under
    10 characters, or empty.

    ## Why it matters
    总体情况 is the first of the six parts the format requires; a heading with nothing under
    it reports nothing. (A missing heading is STR001's.)

    ## Example
    Flagged: "一、总体情况" followed at once by "二、主动公开政府信息情况".
    Passing: seed 002 (about 970 characters).

    ## Basis
    《政府信息公开条例》第五十条; 国办公开办函〔2021〕30号 “（一）总体情况”, and the 2019 trial
    format likewise (formats.md §3).
    """

    code = "C009"
    name = "overview-empty"
    title = "总体情况为空或过短"
    severity = "warning"
    summary = "section 一 (总体情况) is printed but empty or a few characters"
    message = "“一、总体情况”内容为空或过短（{actual}字）"

    def check(self, ctx: Context) -> Iterator[Finding]:
        ov = _overview(ctx)
        if ov is not None and _chars(ov[0]) < TOO_SHORT:
            yield self.finding(ctx, line=ov[1], actual=_chars(ov[0]))


@register
class OverviewLength(Rule):
    """## What it checks
    一、总体情况 (its text, spaces and heading left out) is longer than a local limit: the
    profile that turns this rule on sets it (``overview-chars``, and ``allowance``, how much
    more "about" allows). The gansu-wuwei profile: about 1000 characters, flagged above 1200.

    ## Why it matters
    A summary is read first; a very long one buries the figures. The limit is a local
    requirement, so the rule is off unless its profile is on (``--profile gansu-wuwei``), and
    only info.

    ## Example
    With the gansu-wuwei profile: flagged: seed 003 (湖沟镇 2020), about 2700 characters.
    Passing: seed 002, about 970.

    ## Basis
    The 武威 2025 notice on annual reports (profile gansu-wuwei; sources S15, formats.md §3
    "local additions").
    """

    code = "C007"
    name = "overview-length"
    title = "总体情况篇幅过长"
    severity = "info"
    summary = "总体情况 far above the length limit a local profile sets (gansu-wuwei: ~1000 characters)"
    message = "“一、总体情况”约{actual}字，明显超过{expected}字左右的篇幅（{profile}）"

    def check(self, ctx: Context) -> Iterator[Finding]:
        params = ctx.params.get(self.code, {})
        if "overview-chars" not in params:
            return  # only a profile knows the limit
        ov = _overview(ctx)
        if ov is None:
            return
        body, line = ov
        n, limit = _chars(body), int(params["overview-chars"])
        if n > limit * (1 + float(params.get("allowance", 0))):
            yield self.finding(ctx, line=line, actual=n, expected=limit, profile=params.get("profile", ""))


@register
class OverviewQuantified(Rule):
    """## What it checks
    一、总体情况 states figures: a count for 主动公开 (N 条/篇/期/项…, or 公开/发布 … N 件) and
    a count for 依申请公开 (申请 … N 件, or an explicit "未收到…申请"). Each one missing is listed.

    ## Why it matters
    A summary without numbers cannot be compared across years or bodies; 武威 2025 lists what
    总体情况 should quantify. A local requirement: off unless its profile is on.

    ## Example
    Flagged: seed 000 (no figure at all). Passing: 平潭 2022 ("主动公开政府信息14571条",
    "收到政府信息公开申请75件").

    ## Basis
    The 武威 2025 notice on annual reports (profile gansu-wuwei; sources S15): it lists what
    总体情况 should quantify. Off unless the profile is on.
    """

    code = "C008"
    name = "overview-quantified"
    title = "总体情况未用数字说明公开情况"
    severity = "info"
    summary = "总体情况 states no figures for 主动公开 or 依申请公开"
    message = "“一、总体情况”未用数字说明{missing}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        ov = _overview(ctx)
        if ov is None or _chars(ov[0]) < TOO_SHORT:
            return
        body, line = ov
        missing = []
        if not _PROACTIVE_COUNT.search(body):
            missing.append("主动公开信息条数")
        if not _APPLICATION_COUNT.search(body):
            missing.append("依申请公开件数")
        if missing:
            yield self.finding(ctx, line=line, actual=missing, missing="、".join(missing))
