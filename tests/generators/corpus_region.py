"""The bodies of a generated corpus: one region's governments, offices, departments and
乡镇/街道, named as their reports print them.

武威市 (甘肃省) comes first and whole: the city government, its 办公室 and departments, and
凉州区, 民勤县, 古浪县 and 天祝藏族自治县 with theirs and their towns (real names). A corpus
asking for more bodies than 武威市 has goes on to other cities of 甘肃省 (real city and
county names; their towns take names from a pool of common ones, kept apart by the county
they stand in). Bodies come in a fixed order, so a smaller corpus is a prefix of a larger,
and a prefix of a few dozen holds every kind of body.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice, zip_longest

# Statutory deadlines (条例 第四十九、五十条): a department reports by 31 January, a
# government above the township level by 31 March; a 乡镇/街道 reports to its county by
# the departments' date. (month, day)
DEPARTMENT_DEADLINE = (1, 31)
GOVERNMENT_DEADLINE = (3, 31)


@dataclass(frozen=True, slots=True)
class Body:
    """A body expected to report: its name as printed, its kind (``government``, ``office``,
    ``department``, ``township``) and where it stands."""

    name: str
    kind: str
    city: str
    county: str | None = None

    @property
    def deadline(self) -> tuple[int, int]:
        return GOVERNMENT_DEADLINE if self.kind == "government" else DEPARTMENT_DEADLINE


DEPARTMENTS = ("公安局", "教育局", "卫生健康委员会", "财政局", "自然资源局", "生态环境局", "住房和城乡建设局",
               "交通运输局", "农业农村局", "水务局", "商务局", "文化和旅游局", "市场监督管理局", "人力资源和社会保障局",
               "民政局", "司法局", "应急管理局", "退役军人事务局", "审计局", "统计局", "医疗保障局", "林业和草原局",
               "发展和改革委员会", "工业和信息化局", "科学技术局", "乡村振兴局", "信访局", "政务服务中心",
               "城市管理综合执法局", "民族宗教事务委员会")

WUWEI = {
    "凉州区": ("黄羊镇", "武南镇", "清源镇", "永昌镇", "双城镇", "丰乐镇", "高坝镇", "金羊镇", "和平镇", "羊下坝镇",
            "中坝镇", "永丰镇", "古城镇", "张义镇", "发放镇", "西营镇", "四坝镇", "洪祥镇", "谢河镇", "金沙镇",
            "东大街街道", "西大街街道", "东关街街道", "西关街街道"),
    "民勤县": ("三雷镇", "东坝镇", "泉山镇", "西渠镇", "东湖镇", "红沙梁镇", "苏武镇", "大坝镇", "薛百镇", "收成镇",
            "夹河镇", "重兴镇", "昌宁镇", "大滩镇", "双茨科镇", "蔡旗镇", "南湖镇"),
    "古浪县": ("古浪镇", "泗水镇", "土门镇", "大靖镇", "裴家营镇", "海子滩镇", "定宁镇", "黄羊川镇", "黑松驿镇",
            "永丰滩镇", "黄花滩镇", "西靖镇", "民权镇", "直滩镇", "新堡乡", "干城乡", "横梁乡", "十八里堡乡"),
    "天祝藏族自治县": ("华藏寺镇", "打柴沟镇", "安远镇", "炭山岭镇", "哈溪镇", "赛什斯镇", "石门镇", "松山镇",
                "天堂镇", "朵什镇", "西大滩镇", "抓喜秀龙镇", "大红沟镇", "祁连镇"),
}

OTHER_CITIES = {
    "金昌市": ("金川区", "永昌县"),
    "张掖市": ("甘州区", "肃南裕固族自治县", "民乐县", "临泽县", "高台县", "山丹县"),
    "酒泉市": ("肃州区", "金塔县", "瓜州县", "肃北蒙古族自治县", "阿克塞哈萨克族自治县", "玉门市", "敦煌市"),
    "白银市": ("白银区", "平川区", "靖远县", "会宁县", "景泰县"),
    "天水市": ("秦州区", "麦积区", "清水县", "秦安县", "甘谷县", "武山县", "张家川回族自治县"),
    "定西市": ("安定区", "通渭县", "陇西县", "渭源县", "临洮县", "漳县", "岷县"),
    "平凉市": ("崆峒区", "泾川县", "灵台县", "崇信县", "华亭市", "庄浪县", "静宁县"),
    "庆阳市": ("西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县"),
    "陇南市": ("武都区", "成县", "文县", "宕昌县", "康县", "西和县", "礼县", "徽县", "两当县"),
}
TOWN_POOL = ("城关镇", "新城镇", "东关镇", "西关镇", "南关镇", "北关镇", "红山镇", "柳湖镇", "石桥镇", "双河镇",
             "新庄乡", "马营镇", "何家湾镇", "杨家岘乡", "王家庄乡", "李家堡镇", "三岔镇", "青山乡", "白杨镇",
             "龙泉镇", "东街街道", "西街街道")


def _unit(city: str, county: str | None, towns: tuple[str, ...]) -> list[Body]:
    """A city's or a county's bodies: government, 办公室, then departments and towns by turns."""
    place = county or city
    head = [Body(f"{place}人民政府", "government", city, county), Body(f"{place}人民政府办公室", "office", city, county)]
    deps = [Body(f"{place}{d}", "department", city, county) for d in DEPARTMENTS]
    tws = [Body(f"{place}{t}{'办事处' if t.endswith('街道') else '人民政府'}", "township", city, county) for t in towns]
    turns = [b for pair in zip_longest(deps, tws) for b in pair if b is not None]
    return head + turns


def _region(city: str, counties: dict[str, tuple[str, ...]]) -> Iterator[Body]:
    """A city's bodies, its units by turns (each unit's first bodies before any unit's later
    ones), so that a corpus of a few dozen bodies has every kind and every county."""
    units = [_unit(city, None, ()), *(_unit(city, c, t) for c, t in counties.items())]
    for rank in zip_longest(*units):
        yield from (b for b in rank if b is not None)


def _all_bodies() -> Iterator[Body]:
    yield from _region("武威市", WUWEI)
    for city, counties in OTHER_CITIES.items():
        yield from _region(city, dict.fromkeys(counties, TOWN_POOL))


def bodies(n: int) -> list[Body]:
    """The first ``n`` bodies of the region (ValueError past the 3 653 it has)."""
    out = list(islice(_all_bodies(), n))
    if len(out) < n:
        raise ValueError(f"the region has {len(out)} bodies, not {n}")
    return out
