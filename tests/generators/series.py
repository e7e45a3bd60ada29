"""Series of reports of one body over consecutive years, whose cross-year chains hold.

Tables come from ``synth.random_cells`` (every per-report identity holds) and are then tied
to the year before: 上年结转 = last year's 结转下年度 per column, 现行有效 = last year's +
制发 − 废止 (2021 format), 上一年项目数量 = last year's + 本年增/减 (2019 → 2020). Each year's
narrative (sections 一, 五, 六) is written afresh from a large vocabulary, so that two years
share no more text than two reports of different bodies do; tests then plant the breaks
(a changed cell, a copied section, a stale sentence) and re-render. Printed by
``synth.render`` in the tab layout, which extracts exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from generators.synth import Cells, random_cells, render
from gongkai.spec import load_format

SUBJECTS = ["我单位", "本机关", "办公室", "各股室", "领导小组", "信息公开专班", "政务公开科", "法制机构", "各业务科室",
            "网站管理员", "分管负责同志", "主要负责同志", "机关党组", "保密审查小组", "档案室"]
VERBS = ["持续完善", "认真梳理", "深入推进", "全面落实", "及时更新", "集中整改", "逐项核对", "规范办理", "定期开展",
         "严格执行", "稳步拓展", "细化明确", "加快建设", "统筹安排", "重点抓好", "逐步健全", "广泛征集", "主动回应"]
OBJECTS = ["重点领域信息公开", "依申请公开答复流程", "政府网站栏目", "政策解读材料", "政务新媒体账号", "公开目录",
           "保密审查制度", "信息发布审核机制", "公众留言办理", "行政规范性文件备案", "政务服务事项清单",
           "财政预决算公开", "民生实事进展", "人大建议办理结果", "政协提案办理结果", "权责清单", "办事指南",
           "乡村振兴项目信息", "应急管理信息", "统计数据发布", "招投标信息", "惠民补贴资金发放"]
MANNERS = ["对照年度要点", "结合工作实际", "按照上级部署", "围绕群众关切", "依托门户网站", "通过线上线下",
           "采取清单管理方式", "按季度", "以问题为导向", "在年初", "分阶段", "利用微信公众号"]
RESULTS = ["群众满意度有所提高", "公开内容更加完整", "答复质量明显提升", "发布时效进一步增强", "栏目更加清晰",
           "回应更加及时", "问题得到整改", "制度执行更加规范", "公众获取信息更加便捷"]
PROBLEMS = ["栏目更新不够及时", "解读形式较为单一", "答复文书格式不够统一", "基层人员业务不熟", "公开深度不够",
            "互动回应偏少", "部分信息公开不够规范", "培训覆盖面不广", "数据开放程度不高", "考核机制还不健全"]


def sentence(rng: random.Random, year: int | None = None) -> str:
    """One sentence of narrative drawn from the vocabulary (opening with ``year`` if given)."""
    lead = f"{year}年，" if year else rng.choice(MANNERS)
    return (f"{lead}{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}，"
            f"{rng.choice(['共', '累计', '全年'])}{rng.choice(['发布', '处理', '更新', '整理'])}"
            f"{rng.randint(2, 900)}条，{rng.choice(RESULTS)}。")


def narrative(rng: random.Random, year: int) -> dict[str, str]:
    """Fresh text for sections 一 (overview), 五 (problems) and 六 (other matters)."""
    return {
        "一": sentence(rng, year) + "".join(sentence(rng) for _ in range(rng.randint(5, 8))),
        "五": "".join(f"{rng.choice(PROBLEMS)}，{sentence(rng)}" for _ in range(rng.randint(3, 5))),
        "六": f"本年度未收取信息处理费。{sentence(rng)}",
    }


@dataclass
class YearText:
    """One year of a body: its cells and narrative, which tests change before printing."""

    agency: str
    year: int
    cells: Cells
    sections: dict[str, str]
    extra: list[str] = field(default_factory=list)  # sentences added to section 一

    @property
    def format(self) -> str:
        return "2019" if self.year <= 2020 else "2021"

    def text(self, seed: int = 0) -> str:
        """The report printed in the tab layout, with this year's narrative in place of the
        generator's own."""
        spec = load_format(self.format)
        text = render(self.cells, spec, "tabs", random.Random(seed), self.agency, self.year)
        overview = f"{self.year}年，我单位认真贯彻落实政务公开工作要求，持续推进主动公开、依申请公开、政府信息管理、平台建设和监督保障各项工作。"
        problems = "公开内容的深度和广度还需加强。下一步将健全工作机制，提升公开质量。"
        for old, new in ((overview, self.sections["一"] + "".join(self.extra)), (problems, self.sections["五"]),
                         ("本年度未收取信息处理费。", self.sections["六"])):
            assert old in text
            text = text.replace(old, new, 1)
        return text


def _link(prev: Cells, cur: Cells, prev_format: str, cur_format: str) -> None:
    """Tie ``cur``'s cells to last year's so that every cross-year chain holds, keeping the
    per-report identities (table 三's balance) true."""
    spec = load_format(cur_format)
    for c in spec.t3_parts:
        over = prev[f"t3.carried_forward.{c}"]
        assert isinstance(over, int)
        cur[f"t3.carried_over.{c}"] = over
        new = int(cur[f"t3.results_total.{c}"] or 0) + int(cur[f"t3.carried_forward.{c}"] or 0) - over
        if new < 0:  # more carried over than done: those were done this year too
            for row in ("granted", "results_total"):
                cur[f"t3.{row}.{c}"] = int(cur[f"t3.{row}.{c}"] or 0) - new
            new = 0
        cur[f"t3.new_received.{c}"] = new
    for row in ("carried_over", "new_received", "granted", "results_total"):
        cur[f"t3.{row}.total"] = sum(int(cur[f"t3.{row}.{c}"] or 0) for c in spec.t3_parts)
    if prev_format == cur_format == "2021":
        for row in ("regulations", "normative_docs"):
            last = int(prev[f"t2.{row}.in_force"] or 0)
            made = int(cur[f"t2.{row}.made"] or 0)
            repealed = min(int(cur[f"t2.{row}.repealed"] or 0), last + made)
            cur[f"t2.{row}.repealed"] = repealed
            cur[f"t2.{row}.in_force"] = last + made - repealed
    if prev_format == cur_format == "2019":
        for row in ("licensing", "other_services", "punishment", "coercion", "fees"):
            items = int(prev[f"t2.{row}.prev_items"] or 0) + int(prev[f"t2.{row}.change"] or 0)
            cur[f"t2.{row}.prev_items"] = items
            cur[f"t2.{row}.change"] = max(int(cur[f"t2.{row}.change"] or 0), -items)


def body_series(seed: int, agency: str, years: range) -> list[YearText]:
    """Consecutive years of one body whose chains all hold and whose narratives differ."""
    rng = random.Random(seed)
    out: list[YearText] = []
    for year in years:
        fmt = "2019" if year <= 2020 else "2021"
        cells = random_cells(load_format(fmt), rng, scale=60)
        if out:
            _link(out[-1].cells, cells, out[-1].format, fmt)
        out.append(YearText(agency, year, cells, narrative(rng, year)))
    return out
