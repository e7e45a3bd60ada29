"""What a register row's words mean for the tables: applicant column, outcome row, case result.

Registers are typed by people: 自然人 or 公民, 法人或其他组织 with its kind in a column of its
own or in the same cell, an outcome as the form's row label (（三）不予公开 4.保护第三方合法权益)
or in an office's words (同意公开; 不予公开，涉及商业秘密). Each function reads one cell's words
by keywords (../shared/spec/register.md §3) and returns the canonical column or row key; what
it cannot place with certainty raises `Unclassified` with the reason in Chinese, so that the
row is listed for a person to decide and never counted on a guess.
"""

from __future__ import annotations

import re

from gongkai.normalize import fold, simplify
from gongkai.spec import load_format


class Unclassified(ValueError):
    """A cell whose words place the row in no column or row, or in more than one."""


def words(text: str) -> str:
    """The cell's text as matched: full-width folded, simplified, without spaces."""
    return re.sub(r"\s+", "", simplify(fold(text)))


# --- applicants: table 三's columns ----------------------------------------------------------

# the form's own column titles, matched whole
_SUBTYPE_TITLES = {"商业企业": "commercial", "科研机构": "research", "社会公益组织": "social_welfare",
                   "法律服务机构": "legal_services", "其他": "other_org", "其他组织": "other_org"}
# words of an organisation's kind or name, most specific first
_SUBTYPE_WORDS = (
    ("legal_services", ("法律服务", "律师事务所", "律所", "公证处", "司法鉴定")),
    ("social_welfare", ("公益", "基金会", "慈善", "志愿")),
    ("research", ("科研", "研究所", "研究院", "研究中心", "高校", "大学", "学院")),
    ("commercial", ("企业", "公司", "商业", "厂", "银行", "合作社")),
    ("other_org", ("村民委员会", "居民委员会", "村委会", "居委会", "事业单位", "社会团体", "协会", "学会", "商会",
                   "机关")),
)
_NATURAL = ("自然人", "公民", "个人", "群众", "居民", "村民")
_ORG = ("法人或其他组织", "法人或者其他组织", "法人", "其他组织", "组织", "单位")
SUBTYPE_NAMES = "商业企业、科研机构、社会公益组织、法律服务机构、其他"


def applicant_column(kind: str, subtype: str = "") -> str:
    """The table 三 column of an applicant: ``kind`` as typed in the applicant-type column,
    ``subtype`` the organisation's kind if the register has a column for it."""
    k, s = words(kind), words(subtype)
    if "个体工商户" in k + s:
        raise Unclassified("申请人为个体工商户：应计入自然人还是商业企业无统一规定，请在登记表中注明")
    bare = k
    for phrase in _ORG[:2]:
        bare = bare.replace(phrase, "")
    found = _subtype(bare, whole_other=False)
    if found:
        return found
    if any(w in bare for w in _NATURAL):
        return "natural_person"
    found = _subtype(s, whole_other=True)
    if found:
        return found
    if any(w in k for w in _ORG):
        raise Unclassified(f"申请人为法人或其他组织，但未注明类别（{SUBTYPE_NAMES}）")
    if not k and not s:
        raise Unclassified("未填写申请人类型")
    raise Unclassified(f"无法识别的申请人类型“{(kind + ' ' + subtype).strip()}”（应为自然人，或法人或其他组织：{SUBTYPE_NAMES}）")


def _subtype(text: str, whole_other: bool) -> str | None:
    """The organisation column ``text`` names; a bare 其他 only where it stands in a sub-type
    column (in the applicant-type column it could mean any applicant)."""
    if not text:
        return None
    titled = _SUBTYPE_TITLES.get(text)
    if titled and (whole_other or titled != "other_org"):
        return titled
    for column, keys in _SUBTYPE_WORDS:
        if any(w in text for w in keys):
            return column
    return None


# --- outcomes: table 三's rows ---------------------------------------------------------------

OPEN_WORDS = ("办理中", "处理中", "未办结", "在办", "待办", "待答复", "尚未答复", "征求意见中", "补正中", "延期中")
# categories (the form's groups), each with the words that name it; granted last: 公开 is in all
_CATEGORIES = (
    ("partly_granted", ("部分公开",)),
    ("denied", ("不予公开", "不公开", "免予公开", "否决公开", "拒绝公开")),
    ("unable", ("无法提供",)),
    ("rejected", ("不予处理", "不作处理")),
    ("other", ("其他处理",)),
    ("granted", ("予以公开", "同意公开", "已主动公开", "已公开", "依申请公开")),
)
# 公开 alone means granted only outside the phrases every label holds (信息公开申请, 公开出版物)
_NOT_GRANTED = ("政府信息公开", "信息公开申请", "公开出版物", "禁止公开")
_REASONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "denied": (
        ("denied_state_secret", ("国家秘密",)),
        ("denied_law_prohibited", ("法律行政法规禁止", "法律法规禁止", "行政法规禁止", "禁止公开")),
        ("denied_security_stability", ("三安全一稳定", "国家安全", "公共安全", "经济安全", "社会稳定")),
        ("denied_third_party", ("第三方", "商业秘密", "个人隐私")),
        ("denied_internal_affairs", ("内部事务", "人事管理", "后勤管理", "内部工作流程")),
        ("denied_process_info", ("过程性", "讨论记录", "过程稿", "磋商信函", "请示报告")),
        ("denied_enforcement_file", ("执法案卷",)),
        ("denied_admin_query", ("行政查询", "查询事项")),
    ),
    "unable": (
        ("unable_not_held", ("不掌握", "不存在", "非本机关", "非本部门")),
        ("unable_need_creation", ("另行制作", "没有现成", "加工")),
        ("unable_unclear", ("仍不明确", "内容不明确")),
    ),
    "rejected": (
        ("rejected_petition", ("信访", "举报", "投诉")),
        ("rejected_duplicate", ("重复申请",)),
        ("rejected_publication", ("出版物",)),
        ("rejected_massive", ("大量反复", "反复申请")),
        ("rejected_confirm", ("确认", "重新出具")),
    ),
    "other": (
        ("other_no_correction", ("逾期不补正", "不补正", "视为放弃")),
        ("other_unpaid_fee", ("缴纳费用", "缴费", "收费通知")),
        ("other_other", ("撤回", "其他")),
    ),
}
_CATEGORY_NAMES = {"denied": "不予公开", "unable": "无法提供", "rejected": "不予处理", "other": "其他处理"}


def outcome_row(outcome: str, reason: str = "") -> str | None:
    """The table 三 row of a concluded application (``outcome``: the result as typed,
    ``reason``: the sub-reason column if any); None when the words say it is still open.
    A 其他处理 with no sub-reason is ``other`` (the 2019 format's one row)."""
    o, r = words(outcome), words(reason)
    if not o and not r:
        raise Unclassified("已办结但未填写办理结果")
    if any(w in (o or r) for w in OPEN_WORDS):
        return None
    category = _category(o) or _category(r)
    if category in ("granted", "partly_granted"):
        return category
    text = o + r
    if category is None:  # a sub-row's label alone (本机关不掌握相关政府信息) names its row
        rows = {row for reasons in _REASONS.values() for row in _matches(reasons, text)}
        if len(rows) > 1:
            rows.discard("other_other")  # 其他 is in 其他法律行政法规禁止公开 too
        if len(rows) == 1:
            return rows.pop()
        if not rows and _plain_granted(text):
            return "granted"
        raise Unclassified(f"无法识别的办理结果“{_shown(outcome, reason)}”")
    for phrase in dict(_CATEGORIES)[category]:
        text = text.replace(phrase, "")
    rows = set(_matches(_REASONS[category], text))
    if len(rows) == 1:
        return rows.pop()
    if category == "other" and not rows:
        return "other"
    name = _CATEGORY_NAMES[category]
    if rows:
        raise Unclassified(f"办理结果“{_shown(outcome, reason)}”同时符合{name}的多种情形，请只填一种")
    elsewhere = sorted({row for c, reasons in _REASONS.items() if c != category for row in _matches(reasons, text)}
                       - {"other_other"})
    hint = f"；所写情形属于“{row_title(elsewhere[0])}”，请核对" if len(elsewhere) == 1 else ""
    raise Unclassified(f"办理结果为{name}，但未写明可识别的具体情形（“{_shown(outcome, reason)}”）{hint}")


def row_title(row: str) -> str:
    """A table 三 row as the 2021 form prints it, under its group (（四）无法提供 1.本机关不掌握相关政府信息)."""
    spec = load_format("2021")
    r = spec.t3_row(row)
    group = next((g.title for g in spec.t3_groups if g.key == r.group and r.group != "outcomes"), "")
    return f"{group} {r.title}".strip()


def _category(text: str) -> str | None:
    for category, keys in _CATEGORIES:
        if any(w in text for w in keys):
            return category
    return None


def _plain_granted(text: str) -> bool:
    for phrase in _NOT_GRANTED:
        text = text.replace(phrase, "")
    return "公开" in text and "不" not in text


def _matches(reasons: tuple[tuple[str, tuple[str, ...]], ...], text: str) -> list[str]:
    return [row for row, keys in reasons if any(w in text for w in keys)]


def _shown(outcome: str, reason: str) -> str:
    return "，".join(t.strip() for t in (outcome, reason) if t.strip())


# --- review and suit cases: table 四 ---------------------------------------------------------

_PENDING = ("尚未审结", "未审结", "审理中", "未结", "在审", "待审")
_CORRECTED = ("撤销", "变更", "确认违法", "确认无效", "责令", "纠正")
_OTHER_RESULTS = ("终止", "撤回", "撤诉", "调解", "和解", "不予受理", "其他")
_YES = ("是", "经复议", "复议后", "y", "yes", "1", "√")
_NO = ("否", "未经", "直接", "n", "no", "0", "×")


def case_group(kind: str, after_review: str = "") -> str:
    """The table 四 group of a case: ``review`` (行政复议), ``suit_direct`` or
    ``suit_after_review`` (行政诉讼, from the 是否经复议 column or the type's own words)."""
    k, a = words(kind), words(after_review).lower()
    suit = "诉讼" in k or "起诉" in k
    if not suit:
        if "复议" in k:
            return "review"
        raise Unclassified(f"无法识别的案件类型“{kind.strip()}”（应为行政复议或行政诉讼）" if k else "未填写案件类型")
    if "复议后" in k or "经复议" in k.replace("未经复议", ""):
        return "suit_after_review"
    if "未经复议" in k or "直接起诉" in k:
        return "suit_direct"
    if a and any(a.startswith(w) for w in _NO):
        return "suit_direct"
    if a and any(a.startswith(w) for w in _YES):
        return "suit_after_review"
    raise Unclassified("行政诉讼未注明是否经过复议（是否经复议：是/否）")


def case_result(result: str) -> str | None:
    """The table 四 column of a concluded case's result; None when it says still pending."""
    r = words(result)
    if not r:
        raise Unclassified("已审结但未填写结果")
    if any(w in r for w in _PENDING):
        return None
    if any(w in r for w in _CORRECTED):
        return "corrected"
    if "维持" in r:
        return "upheld"
    if "驳回" in r:  # 驳回诉讼请求, 驳回申请人的请求: on the merits; 驳回起诉, 驳回复议申请: not
        return "upheld" if "请求" in r else "other"
    if any(w in r for w in _OTHER_RESULTS):
        return "other"
    raise Unclassified(f"无法识别的审理结果“{result.strip()}”（结果维持、结果纠正或其他结果）")
