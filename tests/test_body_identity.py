"""Body identity from agency names as printed (gongkai.corpus.bodies.identify).

Pairs that must be one body (the same body printed differently across years) and pairs that
must stay apart (distinct bodies of one place), plus the region, level and type of each.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.corpus.bodies import BODY_TYPES, LEVELS, Body, identify

pytestmark = pytest.mark.integration

# Each group: names that denote one body. Every group's key differs from every other group's.
SAME_BODY: list[tuple[str, ...]] = [
    ("凉州区人民政府", "武威市凉州区人民政府", "凉州区人民政府 ", " 凉州区 人民政府", "甘肃省武威市凉州区人民政府",
     "凉州区政府", "凉州区", "凉州区人民政府（本级）", "涼州區人民政府", "关于凉州区人民政府2021年政府信息公开工作年度报告",
     "武威市凉州区人民政府2022年度"),
    ("凉州区人民政府办公室", "凉州区政府办公室", "凉州区政府办", "武威市凉州区人民政府办公室"),
    ("武威市凉州区公安分局", "凉州区公安分局"),
    ("凉州区住房和城乡建设局", "凉州区住建局", "武威市凉州区住房和城乡建设局"),
    ("凉州区卫生健康局", "凉州区卫健局"),
    ("凉州区城乡建设局",),
    ("凉州区乡村振兴局",),
    ("凉州区黄羊镇人民政府", "凉州区黄羊镇", "武威市凉州区黄羊镇人民政府", "凉州区黄羊镇政府"),
    ("凉州区武南镇人民政府", "凉州区武南镇"),
    ("武威市凉州区西关街道办事处", "凉州区西关街道", "凉州区西关街道办", "凉州区西关街道办事处"),
    ("武威市人民政府", "甘肃省武威市人民政府", "武威市政府", "武威市"),
    ("武威市人民政府办公室", "武威市政府办"),
    ("武威市卫生健康委员会", "武威市卫健委", "武威市 卫生健康委员会"),
    ("古浪县人民政府", "武威市古浪县人民政府", "古浪县"),
    ("天祝藏族自治县人民政府", "武威市天祝藏族自治县人民政府"),
    ("甘肃省人民政府", "甘肃省政府", "甘肃省"),
    ("甘肃省人民政府办公厅", "甘肃省政府办公厅"),
    ("甘肃省林业和草原局", "甘肃省林业和草原局（甘肃省林业局）"),
    ("兰州新区管委会", "兰州新区管理委员会"),
    ("兰州市城关区人民政府", "甘肃省兰州市城关区人民政府"),
    ("城关区人民政府", "城关区政府"),
    ("临夏回族自治州人民政府", "临夏州人民政府"),
    ("临夏市人民政府", "临夏回族自治州临夏市人民政府"),
    ("固镇县湖沟镇人民政府", "固镇县湖沟镇"),
    ("罗山县子路镇人民政府", "信阳市罗山县子路镇人民政府"),
    ("洛宁县马店镇人民政府", "洛阳市洛宁县马店镇"),
    ("淮安市洪泽区人民政府", "洪泽区人民政府", "江苏省淮安市洪泽区政府"),
    ("上海市科学技术委员会", "上海市科委"),
    ("北京市朝阳区人民政府", "北京市朝阳区政府"),
    ("长春市朝阳区人民政府", "吉林省长春市朝阳区人民政府"),
    ("内蒙古自治区人民政府", "内蒙古自治区政府"),
    ("东莞市南城街道办事处", "广东省东莞市南城街道"),
    ("仙桃市人民政府", "湖北省仙桃市人民政府"),
    ("生态环境部", "中华人民共和国生态环境部"),
    ("国务院办公厅",),
    ("国家税务总局",),
    ("海关总署",),
    ("黄羊镇人民政府", "黄羊镇"),
    ("平潭综合实验区",),
    ("酒泉市肃州区西北街街道办事处", "酒泉市肃州区人民政府西北街街道办事处", "肃州区西北街街道"),
    ("凉州区长城乡人民政府", "凉州区长城乡", "凉州区人民政府长城乡人民政府"),
    ("武威市国有资产监督管理委员会", "武威市国资委", "武威市人民政府国有资产监督管理委员会"),
    ("国家发展和改革委员会", "国家发展改革委", "国家发改委", "中华人民共和国国家发展和改革委员会"),
    ("甘肃省发展和改革委员会", "甘肃省发改委"),
    ("北京市东城区东华门街道办事处", "东城区东华门街道"),
    ("内蒙古自治区阿拉善盟阿拉善左旗人民政府", "阿拉善左旗人民政府"),
    ("阿拉善左旗巴彦浩特镇人民政府", "内蒙古自治区阿拉善左旗巴彦浩特镇"),
    ("重庆市渝中区解放碑街道办事处", "渝中区解放碑街道办事处"),
    ("苏州工业园区管理委员会", "苏州工业园区管委会"),
    ("凉州区人民法院",),
    ("凉州区市场监督管理局", "凉州区市监局", "武威市凉州区市场监督管理局"),
]


@pytest.mark.parametrize("group", SAME_BODY, ids=[g[0] for g in SAME_BODY])
def test_one_body_however_printed(group: tuple[str, ...]) -> None:
    keys = {identify(name).key for name in group}
    assert len(keys) == 1, {name: identify(name).key for name in group}


def test_distinct_bodies_stay_distinct() -> None:
    keys = [identify(group[0]).key for group in SAME_BODY]
    clashes = {k for k in keys if keys.count(k) > 1}
    assert not clashes


@pytest.mark.parametrize(("name", "expected"), [
    ("武威市凉州区人民政府", Body("620602/人民政府", "武威市凉州区人民政府", "government", "county", "620602",
                                  "甘肃省", "武威市", "凉州区", None)),
    ("武威市凉州区公安分局", Body("620602/公安分局", "武威市凉州区公安分局", "department", "county", "620602",
                                  "甘肃省", "武威市", "凉州区", None)),
    ("凉州区黄羊镇人民政府", Body("620602/黄羊镇/人民政府", "凉州区黄羊镇人民政府", "township", "township", "620602",
                                  "甘肃省", "武威市", "凉州区", "黄羊镇")),
    ("凉州区西关街道办事处", Body("620602/西关街道/办事处", "凉州区西关街道办事处", "township", "township", "620602",
                                  "甘肃省", "武威市", "凉州区", "西关街道")),
    ("甘肃省人民政府办公厅", Body("620000/人民政府办公厅", "甘肃省人民政府办公厅", "general_office", "province", "620000",
                                  "甘肃省", None, None, None)),
    ("兰州新区管委会", Body("620100/新区管理委员会", "兰州新区管委会", "development_zone", "city", "620100",
                            "甘肃省", "兰州市", None, None)),
    ("武威市卫健委", Body("620600/卫生健康委员会", "武威市卫健委", "department", "city", "620600",
                          "甘肃省", "武威市", None, None)),
    # A municipality's districts: the gazetteer's 市辖区 is no city name.
    ("北京市朝阳区人民政府", Body("110105/人民政府", "北京市朝阳区人民政府", "government", "county", "110105",
                                  "北京市", None, "朝阳区", None)),
    # A county-level city under the province directly.
    ("仙桃市人民政府", Body("429004/人民政府", "仙桃市人民政府", "government", "county", "429004",
                            "湖北省", None, "仙桃市", None)),
    ("中华人民共和国生态环境部", Body("CN/生态环境部", "中华人民共和国生态环境部", "ministry", "national", None,
                                      None, None, None, None)),
    ("国务院办公厅", Body("CN/国务院办公厅", "国务院办公厅", "general_office", "national", None, None, None, None, None)),
    # No place printed: keyed by the name itself, never guessed.
    ("黄羊镇人民政府", Body("-/黄羊镇/人民政府", "黄羊镇人民政府", "township", "township", None, None, None, None, "黄羊镇")),
    ("平潭综合实验区", Body("-/平潭综合实验区", "平潭综合实验区", "development_zone", None, None, None, None, None, None)),
    ("卫生健康局", Body("-/卫生健康局", "卫生健康局", "department", None, None, None, None, None, None)),
])
def test_region_level_and_type(name: str, expected: Body) -> None:
    assert identify(name) == expected


def test_name_is_kept_as_printed_but_trimmed() -> None:
    assert identify("  凉州区 人民政府\n").name == "凉州区 人民政府"


def test_place_word_inside_a_department_is_no_region() -> None:
    # 资源县 is a county of Guangxi; 自然资源部 is a ministry, not a body of it.
    assert identify("自然资源部").key == "CN/自然资源部"
    assert identify("住房和城乡建设部").adcode is None


def test_a_state_assets_commission_is_a_department_not_a_development_zone() -> None:
    assert identify("武威市国资委").body_type == "department"
    assert identify("苏州工业园区管委会").body_type == "development_zone"


def test_township_words_inside_a_department_name_are_no_township() -> None:
    for name in ("凉州区城乡建设局", "凉州区乡村振兴局", "凉州区住房和城乡建设局"):
        body = identify(name)
        assert body.township is None and body.body_type == "department" and body.level == "county", name


def test_a_county_name_several_counties_share_is_not_placed() -> None:
    # 城关区 is a district of 兰州 and of 拉萨: printed alone, the gazetteer would guess.
    bare, placed = identify("城关区人民政府"), identify("兰州市城关区人民政府")
    assert bare.adcode is None and bare.key == "-/城关区人民政府" and bare.body_type == "government"
    assert placed.adcode == "620102" and placed.key != bare.key
    assert identify("北京市朝阳区人民政府").adcode == "110105"
    assert identify("长春市朝阳区人民政府").adcode == "220104"


def test_words_between_two_levels_end_the_region() -> None:
    # cpca matches 凉州区 after the department's name; the department is the city's.
    body = identify("武威市卫生健康委员会凉州区")
    assert body.adcode == "620600" and body.county is None and body.key == "620600/卫生健康委员会凉州区"


def test_a_name_with_nothing_left_after_cleaning_is_keyed_as_printed() -> None:
    assert identify("（ ）").key == "-/（ ）" and identify("（ ）").body_type == "other"
    assert identify("2021年度报告").key != identify("（ ）").key


PLACES = st.sampled_from(["", "甘肃省", "武威市", "凉州区", "黄羊镇", "北京市", "朝阳区", "城关区", "西关街道"])
WORDS = st.sampled_from(["", "人民政府", "政府", "办公室", "公安分局", "卫健委", "管委会", "2021年", "（本级）", " ", "关于"])


@given(st.lists(st.one_of(PLACES, WORDS, st.text(max_size=4)), max_size=6))
def test_any_text_gets_a_well_formed_body_and_spaces_around_it_change_nothing(parts: list[str]) -> None:
    name = "".join(parts)
    body = identify(name)
    assert body.key and body.body_type in BODY_TYPES and (body.level is None or body.level in LEVELS)
    assert body.adcode is None or (len(body.adcode) == 6 and body.key.startswith(body.adcode + "/"))
    assert identify(f"  {name}\u3000").key == body.key
