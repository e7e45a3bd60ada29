"""Which body a report is from: a stable identity from the agency name as printed.

A corpus audit compares a body's reports across years, so the same body must get the same
key however its name was printed that year (凉州区人民政府, 武威市凉州区人民政府, 凉州区政府,
with stray spaces or full-width brackets, in traditional characters), while distinct bodies
of one place stay distinct (the 区 government, its 公安分局, its 办公室, a 管委会).

The key is ``adcode/remainder`` (``620602/人民政府``, ``620602/黄羊镇/人民政府``,
``620602/公安分局``): the region's code from the offline gazetteer ``cpca`` (province, city,
county; a township has no code, its name is kept in the key) and the rest of the name with
abbreviations spelled out. National bodies have no code (``CN/生态环境部``); a name whose place
the gazetteer cannot tell is keyed by itself (``-/平潭综合实验区``), never guessed. A rename
(机构改革) or a merger is not guessed either: that is the alias table's job (``store``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

from gongkai.normalize import normalise

NATIONAL = "CN"  # the key prefix of a national body (no region code)
UNPLACED = "-"  # the key prefix of a name whose place the gazetteer cannot tell

BODY_TYPES = ("government", "general_office", "department", "development_zone", "township", "ministry", "other")
LEVELS = ("national", "province", "city", "county", "township")


@dataclass(frozen=True, slots=True)
class Body:
    """A reporting body: ``key`` is what reports group by; the rest describes it.

    ``name`` is the name as given (trimmed), the first printing a store keeps. ``adcode`` is
    the six-digit code of the finest region the gazetteer knew (a township has its county's).
    """

    key: str
    name: str
    body_type: str
    level: str | None
    adcode: str | None
    province: str | None
    city: str | None
    county: str | None
    township: str | None


@dataclass(frozen=True, slots=True)
class BodyRow:
    """A body as a store lists it: with the years, count and printed names of its current
    reports (``gongkai body list``)."""

    id: int
    key: str
    name: str
    body_type: str
    level: str | None
    adcode: str | None
    province: str | None
    city: str | None
    county: str | None
    township: str | None
    years: tuple[int, ...]  # the report years of its current reports, ascending
    reports: int  # its current reports
    names: tuple[str, ...]  # every agency name its current reports print, ascending


# Words a title leaves around the agency name (the extractor strips most; callers may not).
_TITLE_NOISE = re.compile(
    r"^关于|(?:19|20)\d{2}\s*年度?|政府信息公开(?:工作)?(?:年度)?(?:报告|情况)?|年度报告|工作报告|报告$"
)
_BRACKET_TAIL = re.compile(r"[(\[【〔][^()\[\]【】〔〕]*[)\]】〕]$")
_DROP = re.compile(r"[\s\"'“”‘’《》〈〉「」『』()\[\]【】〔〕·•:,;.、，；：。_\-—]+")
_NATION_PREFIX = re.compile(r"^(?:中华人民共和国|中国共产党中央委员会|中央人民政府)")

# Abbreviations spelled out, so that 区政府 and 区人民政府 are one body. Tried in this order
# (longer first); a full form listed as itself keeps a shorter abbreviation from matching
# inside it (人民政府 must not become 人民人民政府).
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("人民政府办公厅", "人民政府办公厅"),
    ("人民政府办公室", "人民政府办公室"),
    ("人民政府", "人民政府"),
    ("政府办公厅", "人民政府办公厅"),
    ("政府办公室", "人民政府办公室"),
    ("政府办", "人民政府办公室"),
    ("政府", "人民政府"),
    ("街道办事处", "街道办事处"),
    ("街道办", "街道办事处"),
    ("管委会", "管理委员会"),
    ("发展改革委", "发展和改革委员会"),
    ("发改委", "发展和改革委员会"),
    ("国资委", "国有资产监督管理委员会"),
    ("发改局", "发展和改革局"),
    ("卫健委", "卫生健康委员会"),
    ("卫健局", "卫生健康局"),
    ("科委", "科学技术委员会"),
    ("教委", "教育委员会"),
    ("人社局", "人力资源和社会保障局"),
    ("人社厅", "人力资源和社会保障厅"),
    ("住建局", "住房和城乡建设局"),
    ("住建厅", "住房和城乡建设厅"),
    ("市监局", "市场监督管理局"),
    ("市场监管局", "市场监督管理局"),
    ("资规局", "自然资源和规划局"),
)
_ABBREVIATION = re.compile("|".join(re.escape(a) for a, _ in _ABBREVIATIONS))
_SPELLED = dict(_ABBREVIATIONS)

# A township (乡, 镇, 街道, 苏木) opening the remainder, followed by what a township body's
# name goes on with (or nothing): 城乡建设局 holds 乡 but names no township.
_TOWNSHIP = re.compile(
    r"^(?P<name>[\u4e00-\u9fff]{1,10}?(?:镇|(?<!^城)乡|街道|苏木))(?=人民政府|政府|办事处|办|党委|党工委|$)"
)
_OFFICE = re.compile(r"人民政府办公[厅室]$|^办公[厅室]$")
# A development zone names its zone (管理委员会 alone does not: 国有资产监督管理委员会).
_ZONE = re.compile(r"开发区|高新区|园区|实验区|新区|示范区|合作区|试验区|保税区")
_DEPARTMENT = re.compile(r"(?:局|委员会|委|厅|办|办公室|中心|院|所|队|站|会|处|署|馆|社|行|部|室|团|校)$")
_MINISTRY = re.compile(r"(?:部|委员会|委|总局|署|局|银行|院|办公厅|办公室|总署|会)$")


@lru_cache(maxsize=1)
def _gazetteer() -> Any:
    """cpca, imported once on first use: it builds its matcher on import (≈ 0.3 s), which a
    run that never asks for a body should not pay. Its DataFrame API (and so pandas) is not
    used: one name at a time goes through its matcher."""
    import cpca

    return cpca


def clean_name(agency: str) -> str:
    """The printed name reduced to its letters: normalised width and characters, no spaces,
    punctuation, brackets, year or title words."""
    text = normalise(agency).strip()
    text = _BRACKET_TAIL.sub("", text) or text  # 林业和草原局（林业局）: the second name is no part of the key
    text = _DROP.sub("", text)
    text = _TITLE_NOISE.sub("", text).removesuffix("的")
    return _NATION_PREFIX.sub("", text)


def _spell_out(rest: str) -> str:
    return _ABBREVIATION.sub(lambda m: _SPELLED[m.group()], rest)


def _region(text: str) -> tuple[str | None, dict[str, str | None], str]:
    """(adcode, names by level, remainder): the region printed at the start of ``text``.

    Only a region that opens the name counts, its levels printed one after another (a place
    word further on, inside a department's name, is no region). An 自治州 printed short (临夏州)
    is read as the prefecture, not as the county-level city that shares its first characters.
    A county printed alone whose name several counties share (城关区, 鼓楼区) is not placed:
    the gazetteer's pick would be a guess; its name is returned as the remainder.
    """
    cpca = _gazetteer()
    rec = cpca._get_one_addr(text, True, {})
    adcode: str | None = rec["adcode"]
    names: dict[str, str | None] = {"province": None, "city": None, "county": None}
    printed = sorted((pos, level) for pos, level in ((rec["省_pos"], "省"), (rec["市_pos"], "市"), (rec["区_pos"], "区"))
                     if pos >= 0)
    if adcode is None or not printed or printed[0][0] != 0:
        return None, names, text
    for (pos, level), (after, _) in pairwise(printed):
        if after - pos > len(rec[level]):  # words between two levels: the region ends before them
            code, names, head = _region(text[:after])
            return code, names, head + text[after:]
    if printed[0][1] == "区" and _shared_county_name(cpca, text):
        return None, names, text
    rest: str = rec["地址"] or ""
    county_name = rec["区"]
    if (county_name and rest.startswith("州") and rec["市"] and rec["市"].endswith("自治州")
            and county_name[:2] == rec["市"][:2]):
        adcode, rest = adcode[:4] + "00", rest[1:]
    names["province"] = cpca.adcode_name(adcode[:2])
    if not adcode.endswith("0000"):
        city = cpca.adcode_name(adcode[:4])
        names["city"] = None if city in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划") else city
    if not adcode.endswith("00"):
        names["county"] = cpca.adcode_name(adcode)
    return adcode, names, rest


def _shared_county_name(cpca: Any, text: str) -> bool:
    """Whether the county name opening ``text`` names more than one county."""
    first = next(iter(cpca.matcher.iter(text)), None)
    return first is not None and sum(a.rank == a.RANK_COUNTY for a in first.attr_infos) > 1


def _level(adcode: str | None, township: str | None) -> str | None:
    if township:
        return "township"
    if adcode is None:
        return None
    if adcode.endswith("0000"):
        return "province"
    return "city" if adcode.endswith("00") else "county"


def _body_type(rest: str, township: str | None, national: bool) -> str:
    """What kind of body the remainder names (after the place and township)."""
    if rest in ("人民政府", "办事处", ""):
        return "township" if township else "government"
    if _OFFICE.search(rest) or rest == "国务院办公厅":
        return "general_office"
    if rest == "国务院" or rest.endswith("人民政府"):  # 国务院; a county the gazetteer cannot place
        return "government"
    if _ZONE.search(rest):
        return "development_zone"
    if national:
        return "ministry" if _MINISTRY.search(rest) else "other"
    return "department" if _DEPARTMENT.search(rest) else "other"


_NATIONAL_BODY = re.compile(r"^(?:国务院|国家|中央|最高人民|全国|中国)|(?:部|总局|总署|署)$")


@lru_cache(maxsize=65536)
def identify(agency: str) -> Body:
    """The body an agency name denotes; the same key for the same body however printed.

    A bare place (凉州区, 黄羊镇, 西北街街道) is its government (or 办事处). Pure and cached:
    a corpus repeats each body's name once a year.
    """
    name = agency.strip()
    text = clean_name(agency)
    if not text:  # only punctuation or title words: no name to normalise, keyed as printed
        return Body(f"{UNPLACED}/{name}", name, "other", None, None, None, None, None, None)
    adcode, names, rest = _region(text)
    township = None
    rest = _spell_out(rest)
    if rest.startswith("人民政府") and len(rest) > 4 and not rest.startswith("人民政府办公"):
        rest = rest[4:]  # 肃州区人民政府西北街街道办事处, 武威市人民政府国有资产监督管理委员会: a body under it
    m = _TOWNSHIP.match(rest)
    if m:
        township = m.group("name")
        rest = rest[m.end():]
        if not rest or rest == "人民政府":
            rest = "办事处" if township.endswith("街道") else "人民政府"
    elif adcode and not rest:
        rest = "人民政府"
    national = adcode is None and township is None and bool(_NATIONAL_BODY.search(text))
    body_type = _body_type(rest, township, national)
    level = "national" if national else _level(adcode, township)
    place = adcode or (NATIONAL if national else UNPLACED)
    key = f"{place}/{township}/{rest}" if township else f"{place}/{rest}"
    return Body(key=key, name=name, body_type=body_type, level=level, adcode=adcode,
                province=names["province"], city=names["city"], county=names["county"], township=township)


# A name the gazetteer could not place but that names a place of its own (a 实验区, a 街道 …).
_OWN_PLACE = re.compile(r"区|县|市|镇|乡|街道|旗|盟|州|苏木|开发区|实验区|新区|园区|管理委员会")


def unplaced_suffix(key: str) -> str | None:
    """For the key of a name whose place the gazetteer could not tell but which names a place
    of its own (平潭综合实验区管理委员会, 高良涧街道办事处), what follows the place in a
    key (``平潭综合实验区管理委员会``, ``高良涧街道/办事处``): the same body printed with its
    province or county in another year has a key ending so, and if the store holds exactly
    one such placed body, the unplaced name is that body (``store/bodies.py``). None for any
    other key: a bare 人民政府 or 公安局 names no place, and could be anyone's."""
    place, _, rest = key.partition("/")
    if place != UNPLACED or "#" in rest or not rest:  # (a name split off by an alias keeps its own key)
        return None
    return rest if "/" in rest or _OWN_PLACE.search(rest) else None

