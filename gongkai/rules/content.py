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

from gongkai.rules.catalog import Finding, Rule, example_fields, register
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
    """## 检查内容 / What it checks
    2021年格式：“一、总体情况”应涉及格式要求的五个方面——主动公开、依申请公开、政府信息管理、
    政府信息公开平台建设、监督保障。相近说法也算（如“申请公开”，“公开属性”“保密审查”“政策解读”，
    “网站”“新媒体”“公开栏”“政府公报”，“考核”“评议”“责任追究”“培训”）。

    2021 format: 一、总体情况 mentions each of the five topics the format asks it to cover
    (reasonable synonyms count).

    ## 为什么重要 / Why it matters
    格式要求总体情况概述这五方面；缺少的往往是本机关没有报告的工作（最常见的是依申请公开）。

    A missing topic is usually a part of the work the body did not report on.

    ## 示例 / Example
    不符：总体情况通篇未提依申请公开。相符：分别写了“主动公开、依申请公开、政府信息管理、平台建设、监督保障”。

    Failing: 依申请公开 never mentioned. Passing: all five covered.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）“（一）总体情况”。

    The 2021 format, part （一）总体情况.
    """

    code = "C001"
    name = "overview-coverage"
    title = "总体情况未涵盖格式要求的五方面内容"
    severity = "warning"
    summary = "2021 format: 总体情况 does not cover all five topics of the format"
    message = "“一、总体情况”未涉及{missing}（2021年格式要求涵盖主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障）"
    example = example_fields(missing="依申请公开")

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
    """## 检查内容 / What it checks
    各级人民政府（县级以上人民政府和乡镇人民政府；街道办事处是派出机关，不在此列）的报告，
    应在正文某处说明工作考核、社会评议和责任追究结果情况（考核、考评、评议、测评、责任追究或问责）。

    A people's government's report at any level mentions work assessment, public appraisal and
    accountability somewhere in its text.

    ## 为什么重要 / Why it matters
    条例要求各级人民政府的年度报告包括这些结果；2021年格式把它列在“监督保障”中。

    The Regulations require it of every government's report.

    ## 示例 / Example
    不符：某县人民政府报告正文从未提及考核、评议或责任追究。相符：
    “结合工作考核机制……落实社会评议和责任追究制度”。

    Failing: never mentioned. Passing: "结合工作考核机制…落实社会评议和责任追究制度".

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第五十条第四项；
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）“（一）总体情况”中的“监督保障”。

    Art. 50 item 4 of the Regulations; the 2021 format's 监督保障.
    """

    code = "C002"
    name = "gov-assessment-duty"
    title = "人民政府报告未说明考核、评议和责任追究"
    severity = "warning"
    summary = "a government report does not mention 考核、评议、责任追究"
    message = "人民政府的年度报告应说明工作考核、社会评议和责任追究结果情况，正文未提及"
    example = example_fields()

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
    """## 检查内容 / What it checks
    “五、存在的主要问题及改进情况”为空、只写“无”“暂无”，或不足10个字。

    Section 五 is empty, says "无"/"暂无", or has fewer than 10 characters.

    ## 为什么重要 / Why it matters
    这一部分是报告的自我评价，条例明确要求；评估中重视对问题及上年问题整改情况的真实说明。

    The section is the report's self-assessment, required by the Regulations.

    ## 示例 / Example
    不符：“五、存在的主要问题及改进情况 无”。相符：一段写明问题和改进措施的文字。

    Failing: "无". Passing: a paragraph naming problems and measures.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第五十条第四项。

    Art. 50 item 4 of the Regulations.
    """

    code = "C003"
    name = "problems-empty"
    title = "存在的主要问题及改进情况为空或过短"
    severity = "warning"
    summary = "section 五 (problems and improvements) is empty, “无” or too short"
    message = "“五、存在的主要问题及改进情况”{why}"
    example = example_fields(why="仅填写“无”")

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
    """## 检查内容 / What it checks
    “六、其他需要报告的事项”主要写的是下一年工作计划：至少两句、且至少一半句子是计划（“下一步”“明年”
    “今后”“计划”“将进一步/继续/加强……”“一是继续……”），或有“重点抓好以下工作”之类的小标题。

    Section 六 mainly holds next-year work plans (at least two sentences, at least half of them).

    ## 为什么重要 / Why it matters
    计划应写在第五部分（改进情况）；第六部分应写格式列出的事项（信息处理费、
    落实上级政务公开工作要点、人大代表建议和政协提案办理结果公开、创新做法）。写成计划通常意味着这些事项漏报了。

    Plans belong in section 五; section 六 is for the items the format lists.

    ## 示例 / Example
    提示：某镇2021年报告第六部分“……将严格按照……重点抓好以下工作：一是继续统一认识……”。相符：
    “本年度未收取信息处理费。”

    Flagged: "…重点抓好以下工作：一是继续统一认识…". Passing: "本年度未收取信息处理费。"

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）“（六）其他需要报告的事项”。

    The 2021 format, part （六）.
    """

    code = "C005"
    name = "section6-off-topic"
    title = "第六部分写成了下一步工作计划"
    severity = "info"
    summary = "section 六 holds next-year plans instead of the items it should report"
    message = "“六、其他需要报告的事项”{count}句中有{plans}句是下一步工作计划，计划应写入第五部分"
    example = example_fields(count=4, plans=3)

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
    """## 检查内容 / What it checks
    2021年格式：“六、其他需要报告的事项”除收费外，未说明格式列出的以下一项或几项：
    落实上级年度政务公开工作要点情况、人大代表建议和政协提案办理结果公开情况、
    本年度政务公开工作创新情况。逐项列出缺少的。

    2021 format: section 六 says nothing about one or more of 工作要点, 建议提案 and 创新.

    ## 为什么重要 / Why it matters
    格式要求报告这些事项，审核时会查看；不少机关只写“无”或收费情况，故为提示。

    The format asks for these items; many bodies write only the fee sentence, hence info.

    ## 示例 / Example
    提示：“六、其他需要报告的事项 本年度未收取信息处理费。”（缺三项）。相符：
    另写明落实政务公开工作要点、建议提案办理结果公开和创新情况。

    Flagged: only the fee sentence. Passing: the three items reported too.

    ## 依据 / Basis
    《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉
    的通知》（国办公开办函〔2021〕30号）“（六）其他需要报告的事项”。

    The 2021 format, part （六）.
    """

    code = "C006"
    name = "section6-items"
    title = "第六部分未说明工作要点、建议提案办理和创新情况"
    severity = "info"
    summary = "2021 format: section 六 silent on 工作要点, 建议提案, 创新"
    message = "“六、其他需要报告的事项”未说明{missing}"
    example = example_fields(missing="落实上级年度政务公开工作要点情况、人大代表建议和政协提案办理结果公开情况、年度政务公开工作创新情况")

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
    """## 检查内容 / What it checks
    印有“一、总体情况”标题，但其下几乎没有内容（不计空格和标题不足10个字）。标题缺失由 STR001 检查。

    一、总体情况 is printed but says nothing: under 10 characters (spaces and heading left out).
    A missing heading is STR001's.

    ## 为什么重要 / Why it matters
    总体情况是法定六个部分中的第一部分，有标题无内容等于没有报告。

    总体情况 is the first of the six parts the format requires; a heading with nothing under it
    reports nothing.

    ## 示例 / Example
    提示：“一、总体情况”之后紧接着就是“二、主动公开政府信息情况”。相符：总体情况约970字。

    Flagged: "一、总体情况" followed at once by "二、主动公开政府信息情况". Passing: about 970 characters.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第五十条；《国务院办公厅政府信息与政务公开办公室关于印发〈中华
    人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）“（一）总体情况”；
    2019年试行格式（国办公开办函〔2019〕60号）同。

    Art. 50 of the Regulations; the 2021 format's 总体情况 (and the 2019 trial format's).
    """

    code = "C009"
    name = "overview-empty"
    title = "总体情况为空或过短"
    severity = "warning"
    summary = "section 一 (总体情况) is printed but empty or a few characters"
    message = "“一、总体情况”内容为空或过短（{actual}字）"
    example = example_fields(actual=0)

    def check(self, ctx: Context) -> Iterator[Finding]:
        ov = _overview(ctx)
        if ov is not None and _chars(ov[0]) < TOO_SHORT:
            yield self.finding(ctx, line=ov[1], actual=_chars(ov[0]))


@register
class OverviewLength(Rule):
    """## 检查内容 / What it checks
    “一、总体情况”（不计空格和标题）超过地方规定的篇幅。篇幅由启用本规则的规则配置给出（overview-chars，
    以及“左右”允许多出的比例 allowance）；gansu-wuwei 配置为约1000字，超过1200字提示。

    一、总体情况 (spaces and heading left out) is longer than a local limit, which the profile that
    turns this rule on sets (gansu-wuwei: about 1000 characters, flagged above 1200).

    ## 为什么重要 / Why it matters
    总体情况最先被阅读，过长则淹没了数字。篇幅要求是地方规定：只在启用相应规则配置
    （--profile gansu-wuwei）时检查，且只作提示。

    A summary is read first; a very long one buries the figures. A local requirement: off unless
    its profile is on, and only info.

    ## 示例 / Example
    提示（启用 gansu-wuwei）：某镇报告总体情况约2700字。相符：约970字。

    Flagged with the gansu-wuwei profile: about 2700 characters. Passing: about 970.

    ## 依据 / Basis
    地方要求，见规则配置 gansu-wuwei：武威市人民政府2025年12月19日在其门户网站发布的关于做好2025年度政府信息公开工作年度报告的通知（总体情况篇幅约一千字）。

    A local requirement (profile gansu-wuwei): the 武威 notice of December 2025 on 2025 reports.
    """

    code = "C007"
    name = "overview-length"
    title = "总体情况篇幅过长"
    severity = "info"
    summary = "总体情况 far above the length limit a local profile sets (gansu-wuwei: ~1000 characters)"
    message = "“一、总体情况”约{actual}字，明显超过{expected}字左右的篇幅（{profile}）"
    example = example_fields(actual=2700, expected=1000, profile="甘肃省武威市年度报告编制要求")

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
    """## 检查内容 / What it checks
    “一、总体情况”应用数字说明：主动公开的数量（N条/篇/期/项，或公开/发布……N件），
    以及依申请公开的数量（申请……N件，或明确写“未收到……申请”）。逐项列出缺少的。

    一、总体情况 states a count for 主动公开 and one for 依申请公开.

    ## 为什么重要 / Why it matters
    没有数字的概述无法跨年度、跨机关比较；武威市的通知列明了总体情况应量化的内容。

    A summary without numbers cannot be compared across years or bodies. A local requirement:
    off unless its profile is on (--profile gansu-wuwei).

    ## 示例 / Example
    提示：总体情况通篇没有一个数字。相符：“主动公开政府信息14571条”“收到政府信息公开申请75件”。

    Flagged: no figure at all. Passing: "主动公开政府信息14571条", "收到政府信息公开申请75件".

    ## 依据 / Basis
    地方要求，见规则配置 gansu-wuwei：武威市人民政府2025年12月19日在其门户网站发布的关于做好2025年度政府信息公开工作年度报告的通知（列明总体情况应量化的内容）；参见国办公开办函〔2021〕30号
    “（一）总体情况”。

    A local requirement (profile gansu-wuwei): the 武威 notice of December 2025; see also the
    2021 format's 总体情况.
    """

    code = "C008"
    name = "overview-quantified"
    title = "总体情况未用数字说明公开情况"
    severity = "info"
    summary = "总体情况 states no figures for 主动公开 or 依申请公开"
    message = "“一、总体情况”未用数字说明{missing}"
    example = example_fields(missing="主动公开信息条数、依申请公开件数")

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
