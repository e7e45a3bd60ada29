"""What register cells' words mean: the applicant column, the outcome row, a case's group and
result, as offices write them, and the words that must not be read as anything."""

from __future__ import annotations

import pytest

from gongkai.author.classify import Unclassified, applicant_column, case_group, case_result, outcome_row
from gongkai.spec import load_format

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_every_row_label_of_the_form_names_its_row(version):
    spec = load_format(version)
    groups = {g.key: g.title for g in spec.t3_groups}
    for r in spec.t3_rows:
        if r.group is None:
            continue
        if r.group not in groups or r.group == "outcomes":  # a row of its own: （一）, （二）, 2019's （六）
            assert outcome_row(r.title) == r.key
            continue
        assert outcome_row(groups[r.group], r.title) == r.key  # group and row in two columns
        assert outcome_row(groups[r.group] + r.title) == r.key  # in one
        assert outcome_row(r.title) == r.key  # the row's label alone


@pytest.mark.parametrize(("outcome", "reason", "row"), [
    ("同意公开", "", "granted"), ("公开", "", "granted"), ("已公开", "", "granted"),
    ("同意部分公开", "", "partly_granted"),
    ("部分公开", "涉及第三方商业秘密部分不予公开", "partly_granted"),  # counted once, under （二）
    ("不予公开", "涉及个人隐私", "denied_third_party"), ("不公开", "属于过程性信息", "denied_process_info"),
    ("无法提供", "经检索，该信息不存在", "unable_not_held"), ("无法提供", "需要另行加工", "unable_need_creation"),
    ("不予处理", "属于信访事项", "rejected_petition"), ("不予处理", "重复申请", "rejected_duplicate"),
    ("其他处理", "申请人撤回申请", "other_other"), ("其他处理", "逾期未补正，视为放弃", "other_no_correction"),
    ("其他处理", "", "other"),  # the 2019 format's one row; 2021 asks which
    ("办理中", "", None), ("", "补正中", None),
])
def test_outcomes_in_an_offices_words(outcome, reason, row):
    assert outcome_row(outcome, reason) == row


@pytest.mark.parametrize(("outcome", "reason", "words"), [
    ("已办结", "", "无法识别的办理结果“已办结”"),
    ("", "", "未填写办理结果"),
    ("不予公开", "", "未写明可识别的具体情形"),
    ("不予公开", "信息不存在", "属于“（四）无法提供 1.本机关不掌握相关政府信息”"),
    ("不予公开", "国家秘密，且涉及商业秘密", "多种情形"),
    ("政府信息公开申请", "", "无法识别"),  # 公开 inside the register's own words is no result
])
def test_outcomes_nobody_can_place_say_why(outcome, reason, words):
    with pytest.raises(Unclassified, match=words):
        outcome_row(outcome, reason)


@pytest.mark.parametrize(("kind", "subtype", "column"), [
    ("自然人", "", "natural_person"), ("公民", "", "natural_person"), ("个人", "其他", "natural_person"),
    ("法人或其他组织", "商业企业", "commercial"), ("法人", "某某有限公司", "commercial"),
    ("个人独资企业", "", "commercial"), ("法人或其他组织-商业企业", "", "commercial"),
    ("法人或其他组织", "高校", "research"), ("法人或其他组织", "社会公益组织", "social_welfare"),
    ("法人或其他组织", "律师事务所", "legal_services"), ("法人或其他组织", "其他", "other_org"),
    ("法人或其他组织", "村民委员会", "other_org"), ("居民委员会", "", "other_org"),
])
def test_applicants(kind, subtype, column):
    assert applicant_column(kind, subtype) == column


@pytest.mark.parametrize(("kind", "subtype", "words"), [
    ("个体工商户", "", "个体工商户"), ("法人或其他组织", "", "未注明类别"), ("外籍人士", "", "无法识别的申请人类型"),
    ("其他", "", "无法识别"), ("", "", "未填写申请人类型"),
])
def test_applicants_nobody_can_place(kind, subtype, words):
    with pytest.raises(Unclassified, match=words):
        applicant_column(kind, subtype)


@pytest.mark.parametrize(("kind", "after", "group"), [
    ("行政复议", "", "review"), ("复议", "是", "review"), ("行政诉讼", "否", "suit_direct"),
    ("行政诉讼", "是", "suit_after_review"), ("诉讼", "经复议", "suit_after_review"),
    ("行政诉讼（复议后起诉）", "", "suit_after_review"), ("行政诉讼（未经复议直接起诉）", "", "suit_direct"),
])
def test_case_groups(kind, after, group):
    assert case_group(kind, after) == group


@pytest.mark.parametrize(("result", "column"), [
    ("维持", "upheld"), ("驳回诉讼请求", "upheld"), ("驳回原告的诉讼请求", "upheld"), ("驳回申请人的请求", "upheld"),
    ("撤销原答复", "corrected"), ("确认违法", "corrected"), ("责令重新答复", "corrected"),
    ("驳回起诉", "other"), ("驳回原告起诉", "other"), ("驳回复议申请", "other"), ("原告撤诉", "other"),
    ("终止审理", "other"), ("审理中", None), ("尚未审结", None),
])
def test_case_results(result, column):
    assert case_result(result) == column


def test_cases_nobody_can_place():
    with pytest.raises(Unclassified, match="是否经复议"):
        case_group("行政诉讼", "")
    with pytest.raises(Unclassified, match="无法识别的案件类型“信访”"):
        case_group("信访")
    with pytest.raises(Unclassified, match="无法识别的审理结果“已结”"):
        case_result("已结")
