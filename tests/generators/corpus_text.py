"""The narrative of a generated report: sections 一, 五 and 六 drawn from phrase banks with
random slots, so that two bodies (or one body in two years) rarely print the same sentence,
while each still says what the per-report rules look for (the five topics of 总体情况, 考核 for
a government, 工作要点/建议提案/创新 in section 六, the 信息处理费) and states no count that
the tables could contradict except the one it copies from them.

考核 is said three ways (考核, 评议, 责任追究): C002 looks for the word within a line, and a
PDF may wrap a line inside one of them (考 | 核), a false finding of that rule, noted, not
planted.

Section 一 is two parts: ``overview`` (year-free prose a body may copy from last year's
report, a planted problem) and the sentence of counts, always this year's.
"""

from __future__ import annotations

import random

PLATFORMS = ("政府门户网站", "政务新媒体", "政务公开专栏", "政务服务平台", "微信公众号", "公开栏", "政府信息公开专栏")
SUBJECTS = ("财政预决算", "重大建设项目", "乡村振兴", "义务教育", "医疗卫生", "生态环境保护", "安全生产", "就业创业",
            "社会救助", "食品药品监管", "农业补贴", "征地拆迁", "住房保障", "交通出行", "文化旅游", "养老服务",
            "防汛抗旱", "营商环境", "市场监管", "民生实事")
ACTIONS = ("统筹推进", "深入开展", "扎实做好", "持续深化", "认真落实", "着力加强", "全面规范", "稳步推进")
WAYS = ("专人负责、定期更新", "分级审核、限时发布", "逐条核对、动态调整", "按月梳理、集中维护", "统一标准、分类管理")

# Section 一: each of the five topics said one of three ways, then a few more sentences.
TOPICS = (
    ("{a}主动公开工作，围绕{s1}、{s2}等重点领域，通过{p1}及时发布政策文件和工作动态，做到{w}。",
     "坚持以公开为常态，{s1}、{s2}领域的主动公开事项全部在{p1}集中发布，{w}。",
     "全年在{p1}主动公开{s1}类信息和{s2}类信息，编制年度主动公开事项清单，{a}清单落实。"),
    ("规范依申请公开办理流程，严格登记、审核、答复各环节，{a}{s1}相关申请的沟通解释工作。",
     "完善依申请公开工作制度，明确{s2}类申请的承办科室和答复时限，{a}答复文书规范化。",
     "依申请公开实行“一案一档”管理，涉及{s1}的申请由{s2}业务科室会商后答复。"),
    ("加强政府信息管理，落实公开属性源头认定和保密审查制度，对涉及{s2}的文件逐件审核后发布。",
     "严格执行信息发布审核制度，{s1}类文件在起草时即明确公开属性，{w}。",
     "开展文件清理，对{s2}领域的规范性文件逐件核对有效性，及时更新公开目录。"),
    ("推进政府信息公开平台建设，优化{p1}和{p2}栏目设置，{s1}信息集中展示、便于查找。",
     "{a}{p1}建设，新设{s2}专栏，与{p2}同步发布重要信息。",
     "整合{p1}、{p2}等发布渠道，{s1}类信息实现一网发布、多端同步。"),
    ("强化监督保障，将政务公开纳入年度考核，接受社会评议，落实责任追究制度，组织{n}场业务培训，开展{s2}信息公开专项督查。",
     "把政务公开列入年度考核内容，邀请群众代表评议{s1}信息公开情况，对发现的问题落实责任追究，全年开展督查{n}次。",
     "健全监督保障机制，政务公开工作纳入绩效考核，通过社会评议和责任追究压实责任，举办{s2}专题培训{n}期。"),
)
MORE = (
    "围绕{s1}工作，{a}政策解读，采用图解、问答等形式解读政策{k}篇，回应社会关切。",
    "健全{s2}信息发布协调机制，{a}公开目录和公开指南的动态更新，做到{w}。",
    "依托{p2}开设{s1}专题，{a}信息发布审核，信息发布的准确性和时效性不断提升。",
    "针对{s1}领域群众关注的热点问题，通过{p1}发布答问{k}条。",
    "组织{s2}业务骨干参加上级培训，{a}基层政务公开标准化规范化建设。",
    "在{p2}设置意见征集栏目，{s1}相关政策草案公开征求意见。",
)
PROBLEMS = (
    "{s1}领域信息公开的深度和广度还需拓展，部分信息更新不够及时。",
    "政策解读形式较为单一，{s2}等领域的解读针对性有待加强。",
    "工作人员业务能力参差不齐，对{s1}信息公开标准的把握还不够精准。",
    "{p1}部分栏目内容更新频率偏低，信息查找的便利性有待提升。",
    "基层政务公开标准化规范化程度不高，{s2}事项公开的完整性仍有差距。",
)
FIXES = (
    "针对上述问题，我们{a}{s1}领域信息公开，明确责任分工，做到{w}。",
    "建立{s2}信息公开台账，定期对{p1}栏目进行检查维护，及时更新过时内容。",
    "组织开展{n}期专题业务培训，提升工作人员对{s1}信息公开标准的理解和运用能力。",
    "丰富政策解读形式，{a}{s2}政策的图文解读和视频解读，增强解读实效。",
    "完善{p2}栏目设置，{a}基层政务公开标准目录的落实，提升公开质量。",
)
SIX = (
    "落实上级年度政务公开工作要点，{a}{s1}领域信息公开各项任务。",
    "本年度办理人大代表建议和政协提案，办理结果已在{p1}公开。",
    "结合{s2}工作实际创新公开方式，形成了{w}的特色做法。",
)


def _fill(template: str, rng: random.Random) -> str:
    s1, s2 = rng.sample(SUBJECTS, 2)
    p1, p2 = rng.sample(PLATFORMS, 2)
    return template.format(a=rng.choice(ACTIONS), s1=s1, s2=s2, p1=p1, p2=p2, w=rng.choice(WAYS),
                           n=rng.randint(2, 12), k=rng.randint(3, 60))


def overview(rng: random.Random) -> str:
    """Year-free prose of section 一, covering its five topics (30号 （一）) in random words."""
    first, *rest = [_fill(rng.choice(ways), rng) for ways in TOPICS]
    rest += [_fill(t, rng) for t in rng.sample(MORE, rng.randint(1, 3))]
    rng.shuffle(rest)
    return "本年度，我单位" + first + "".join(rest)


def counts_sentence(new_received: int, reviews: int) -> str:
    """The narrative's counts, copied from this year's tables."""
    return f"本年新收政府信息公开申请{new_received}件，因政府信息公开工作被申请行政复议{reviews}件。"


def problems(rng: random.Random) -> str:
    """Section 五: two or three problems and as many improvements, in random words."""
    n = rng.randint(2, 3)
    return "".join(_fill(t, rng) for t in rng.sample(PROBLEMS, n)) + "".join(_fill(t, rng) for t in rng.sample(FIXES, n))


BOILERPLATE = ("一是公开意识还需增强，个别工作人员对政务公开的重要性认识不足。二是公开内容还不够全面，部分领域信息"
               "发布不及时、不规范。三是政策解读质量不高，解读形式单一。针对以上问题，县政务公开办统一部署，各单位"
               "加强学习培训、完善工作机制、规范发布流程、丰富解读形式，切实提升政务公开工作水平。")


def section_six(rng: random.Random) -> str:
    """Section 六: fees (none charged), the year's 工作要点, 建议提案 and 创新; no plans."""
    return "本年度未收取信息处理费。" + "".join(_fill(t, rng) for t in SIX)
