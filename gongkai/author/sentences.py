"""The standard statements of sections 三 and 四, generated from the cells.

Most narrative errors are a sentence typed apart from its table (the text says 21 where the
table says 27). A sentence written from the same cells cannot disagree with them, so `render`
uses these where a section's text is not supplied, and offers them beside a supplied text
that the rule catalog finds contradicting its table. The wording is the one reports use and
the one the catalog's statement parser (`rules/statements.py`) reads back: every figure next
to its keyword, in its own clause.

A figure whose cells are blank is left out of the sentence rather than printed as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gongkai.author.layout import format_value
from gongkai.spec import load_format

Cells = Mapping[str, int | float | None]

# table 三's outcome groups as the sentence names them; a group's figure is the sum of the
# totals of its rows (the spec's rows), so 2019's single （六）其他处理 row is covered too
T3_OUTCOMES = (("granted", "予以公开"), ("partly_granted", "部分公开"), ("denied", "不予公开"),
               ("unable", "无法提供"), ("rejected", "不予处理"), ("other", "其他处理"))
T4_RESULTS = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"))


def _sum(cells: Cells, keys: Iterable[str]) -> int | float | None:
    """The sum of the cells, None if there are none or any is blank."""
    values = [cells.get(k) for k in keys]
    if not values or any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def _n(value: float | None) -> str:
    return format_value(value)


def _outcome_keys(version: str, group: str) -> list[str]:
    """The total cells of the rows of one outcome group (（三）不予公开 → its eight reasons)."""
    spec = load_format(version)
    rows = [r for r in spec.t3_rows if not r.extension]
    if group in ("granted", "partly_granted"):
        return [f"t3.{group}.total"]
    return [r.cell_key("t3", "total") for r in rows if r.key == group or r.group == group]


def section3(cells: Cells, version: str) -> str:
    """本年度共收到政府信息公开申请N件（自然人N件，法人或其他组织N件），上年结转N件。本年度办结N件，
    其中：予以公开N件，……；结转下年度继续办理N件。 With none at all: 本年度未收到政府信息公开申请……"""
    headline = [cells.get(f"t3.{row}.total") for row in ("new_received", "carried_over", "results_total",
                                                         "carried_forward")]
    if all(v == 0 for v in headline):
        return "本年度未收到政府信息公开申请，无上年结转申请。"
    first: list[str] = []
    new = cells.get("t3.new_received.total")
    if new is not None:
        clause = f"本年度共收到政府信息公开申请{_n(new)}件"
        person = cells.get("t3.new_received.natural_person")
        orgs = _sum(cells, [k for k in _t3_org_keys(version)])
        if new and person is not None and orgs is not None:
            clause += f"（自然人申请{_n(person)}件，法人或其他组织申请{_n(orgs)}件）"
        first.append(clause)
    carried = cells.get("t3.carried_over.total")
    if carried is not None:
        first.append(f"上年结转政府信息公开申请{_n(carried)}件")
    parts: list[str] = []
    if first:
        parts.append("，".join(first) + "。")
    results = cells.get("t3.results_total.total")
    outcomes = [(name, _sum(cells, _outcome_keys(version, group))) for group, name in T3_OUTCOMES]
    named = [f"{name}{_n(v)}件" for name, v in outcomes if v is not None]
    second = f"本年度办结政府信息公开申请{_n(results)}件" if results is not None else ""
    if named:
        second += ("，其中：" if second else "本年度办理结果：") + "，".join(named)
    forward = cells.get("t3.carried_forward.total")
    if forward is not None:
        second += ("；" if second else "") + f"结转下年度继续办理{_n(forward)}件"
    if second:
        parts.append(second + "。")
    return "".join(parts)


def _t3_org_keys(version: str) -> list[str]:
    spec = load_format(version)
    return [f"t3.new_received.{c}" for c in spec.t3_columns if c not in ("natural_person", "total")]


def section4(cells: Cells, version: str) -> str:
    """本年度发生政府信息公开行政复议N件，其中结果维持N件……；行政诉讼N件（未经复议直接起诉N件，
    复议后起诉N件），其中……。 Where every cell is 0: 本年度未发生政府信息公开行政复议、行政诉讼案件。"""
    spec = load_format(version)
    keys = [f"t4.{g}.{c}" for g in spec.t4_groups for c in spec.t4_columns]
    values = [cells.get(k) for k in keys]
    if all(v is None for v in values):
        return ""
    if all(v == 0 for v in values):
        return "本年度未发生政府信息公开行政复议、行政诉讼案件。"
    review = _results("行政复议", cells.get("t4.review.total"),
                      {name: cells.get(f"t4.review.{c}") for c, name in T4_RESULTS})
    suits = ("suit_direct", "suit_after_review")
    suit_total = _sum(cells, [f"t4.{g}.total" for g in suits])
    split = ""
    direct, after = cells.get("t4.suit_direct.total"), cells.get("t4.suit_after_review.total")
    if suit_total and direct is not None and after is not None:
        split = f"（未经复议直接起诉{_n(direct)}件，复议后起诉{_n(after)}件）"
    suit = _results("行政诉讼", suit_total, {name: _sum(cells, [f"t4.{g}.{c}" for g in suits]) for c, name in T4_RESULTS},
                    split)
    body = "；".join(p for p in (review, suit) if p)
    return f"本年度发生政府信息公开{body}。" if body else ""


def _results(what: str, total: float | None, results: Mapping[str, float | None], split: str = "") -> str:
    """行政复议N件，其中结果维持N件，…: the results named only when there are cases."""
    if total is None:
        return ""
    text = f"{what}{_n(total)}件{split}"
    named = [f"{name}{_n(v)}件" for name, v in results.items() if v is not None]
    if total and named:
        text += "，其中" + "，".join(named)
    return text


def standard_sections(cells: Cells, version: str) -> dict[str, str]:
    """The generated text of sections 三 and 四 (empty where the tables are blank)."""
    return {"三": section3(cells, version), "四": section4(cells, version)}
