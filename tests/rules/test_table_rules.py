"""Each table rule on a report that breaks it and on one that does not.

Reports are generated (balanced, tabs layout) and edited: a cell changed, a row added.
"""

from __future__ import annotations

import random

import pytest

from generators.synth import generate, render
from gongkai.extract import extract_document
from gongkai.readers import read_bytes
from gongkai.rules import check_report
from gongkai.spec import load_format

SEED = 11


def run(code: str, version: str = "2021", edit=None, text_edit=None, seed: int = SEED, agency: str | None = None):
    """Findings of one rule on a generated report with ``edit(cells)`` applied."""
    s = generate(seed, layout="tabs", version=version, variants=())
    cells = dict(s.cells)
    if edit:
        edit(cells)
    text = render(cells, load_format(version), "tabs", random.Random(seed), agency or s.meta["agency"], s.meta["year"])
    if text_edit:
        text = text_edit(text)
    doc = read_bytes(text.encode(), "r.txt")
    report = extract_document(doc)
    return check_report(doc, report, select=[code])


def only(code, found):
    assert [f.code for f in found] == [code], found
    return found[0]


def test_balanced_report_passes_every_table_rule():
    assert [f for f in run("T") if f.severity != "info"] == []


def test_T3004_negative_count():
    def edit(c):
        c["t3.granted.natural_person"] = -1
    f = only("T3004", run("T3004", edit=edit))
    assert f.cells == ("t3.granted.natural_person",) and f.actual == -1 and f.line is not None


def test_T3005_subtotal_row():
    def add_subtotal(correct):
        def text_edit(text):
            lines = text.split("\n")
            i = next(n for n, line in enumerate(lines) if "8.属于行政查询事项" in line)
            s = generate(SEED, layout="tabs", variants=())
            rows = ["denied_state_secret", "denied_law_prohibited", "denied_security_stability", "denied_third_party",
                    "denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_admin_query"]
            cols = load_format("2021").t3_columns
            sums = [sum(s.cells[f"t3.{r}.{c}"] for r in rows) + (0 if correct else 1 if c == "natural_person" else 0)
                    for c in cols]
            sums[-1] = sum(sums[:-1])
            lines.insert(i + 1, "\t".join(["", "（三）不予公开小计"] + [str(v) for v in sums]))
            return "\n".join(lines)
        return text_edit
    found = run("T3005", text_edit=add_subtotal(False))
    # one more in 自然人 makes the subtotal's 自然人 and 总计 cells both disagree with the items
    assert [f.cells[0] for f in found] == ["x.t3.denied_subtotal.natural_person", "x.t3.denied_subtotal.total"]
    assert all(f.code == "T3005" and f.actual == f.expected + 1 for f in found)
    assert run("T3005", text_edit=add_subtotal(True)) == []


def test_T3006_blank_total_column():
    def edit(c):
        c["t3.granted.total"] = None
    f = only("T3006", run("T3006", edit=edit))
    assert f.cells == ("t3.granted.total",) and f.severity == "info"
    assert run("T3006") == []


def test_T3007_blank_used_for_zero():
    def edit(c):
        for col in ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"):
            if c[f"t3.denied_state_secret.{col}"] == 0:
                c[f"t3.denied_state_secret.{col}"] = None
    found = run("T3007", edit=edit)
    f = only("T3007", found)
    assert all(k.startswith("t3.denied_state_secret.") for k in f.cells)
    # the blanks are reported once, and the identities they touch are not errors
    assert [x for x in run("T3", edit=edit) if x.severity == "error"] == []


def test_T3008_carry_forward_large():
    def edit(c):
        c["t3.carried_forward.total"] = c["t3.new_received.total"] + 5
    f = only("T3008", run("T3008", edit=edit))
    assert f.cells[0] == "t3.carried_forward.total"
    assert run("T3008", edit=lambda c: c.__setitem__("t3.carried_forward.total", 0)) == []


def test_T3010_split_digits():
    def edit(c):
        for col in ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"):
            c[f"t3.granted.{col}"] = 0
        c["t3.granted.natural_person"], c["t3.granted.commercial"], c["t3.granted.total"] = 1, 2, 12
    f = only("T3010", run("T3010", edit=edit))
    assert f.cells == ("t3.granted.natural_person", "t3.granted.commercial", "t3.granted.total")


def test_T4002_and_T4003():
    f = only("T4002", run("T4002", edit=lambda c: c.__setitem__("t4.review.upheld", -2)))
    assert f.cells == ("t4.review.upheld",)

    def drop_one(text):
        lines = text.split("\n")
        i = max(n for n, line in enumerate(lines) if line.count("\t") == 14)
        lines[i] = lines[i].split("\t", 1)[1]
        return "\n".join(lines)
    f = only("T4003", run("T4003", text_edit=drop_one))
    # the 14 printed cells are not spread over 15 columns: only the groups still printed
    # whole (the last two, aligned at the row's end) are read
    assert f.actual == 10 and f.expected == 15
    assert run("T4003") == []


@pytest.mark.parametrize("edit,code", [
    (lambda c: c.__setitem__("t2.licensing.decisions", -3), "T2001"),
    (lambda c: c.update({"t2.normative_docs.made": 5, "t2.normative_docs.repealed": 0,
                         "t2.normative_docs.in_force": 3}), "T2002"),
])
def test_t2_rules_2021(edit, code):
    f = only(code, run(code, edit=edit))
    assert f.cells and f.line is not None
    assert run(code) == []


def test_T2003_regulations_by_a_township():
    def edit(c):
        c["t2.regulations.made"] = 2
        c["t2.regulations.in_force"] = max(2, c["t2.regulations.in_force"])
    f = only("T2003", run("T2003", edit=edit, agency="罗山县子路镇人民政府"))
    assert "t2.regulations.made" in f.cells
    assert run("T2003", edit=edit, agency="上海市人民政府") == []


def test_2019_rules():
    f = only("T2005", run("T2005", version="2019", edit=lambda c: c.update(
        {"t2.licensing.prev_items": 3, "t2.licensing.change": -5})))
    assert f.actual == -2
    f = only("T2006", run("T2006", version="2019", edit=lambda c: c.update(
        {"t2.normative_docs.new_published": 5, "t2.normative_docs.total_published": 3})))
    assert f.expected == 5 and f.actual == 3
    assert run("T2005", version="2019") == [] and run("T2006", version="2019") == []


def test_T2004_fee_with_six_decimals():
    """北坡镇 2022 prints 190.457379 万元."""
    found = run("T2004", edit=lambda c: c.__setitem__("t2.fees.amount", 1.5),
                text_edit=lambda t: t.replace("行政事业性收费\t1.5", "行政事业性收费\t190.457379"))
    f = only("T2004", found)
    assert f.cells == ("t2.fees.amount",) and f.actual == 190.457379
    assert run("T2004", edit=lambda c: c.__setitem__("t2.fees.amount", 1.5)) == []


# Table-rule findings on the real reports, each explained:
# - seed 000 (罗山县子路镇 2021) prints （一）予以公开 and （二）部分公开 with blank applicant cells
#   and a total of 0: the identities hold with blanks read as 0 (T3007, info).
# - every other seed and the text corpus balance.
REAL_T_FINDINGS = {"000_be44cd9e02213273.txt": ["T3007"]}


def test_table_rules_on_the_real_reports():
    from conftest import TEXT_SOURCES
    from gongkai.readers import read

    for source in TEXT_SOURCES:
        doc = read(source)
        found = check_report(doc, extract_document(doc), select=["T"])
        assert [f.code for f in found] == REAL_T_FINDINGS.get(source.name, []), source.name



def test_X012_fee_compared_within_printed_precision():
    """表二 prints 万元; 3940 元 = 0.394 万元 matches "0.39" (±0.005) but not "0.2"."""
    def with_fee(printed):
        def text_edit(text):
            text = text.replace("行政事业性收费\t1.5", f"行政事业性收费\t{printed}")
            return text.replace("本年度未收取信息处理费。", "本年度收取信息处理费3940元。")
        return text_edit
    def edit(cells):
        cells["t2.fees.amount"] = 1.5
    assert run("X012", edit=edit, text_edit=with_fee("0.39")) == []
    assert run("X012", edit=edit, text_edit=with_fee("0.3940")) == []
    f = only("X012", run("X012", edit=edit, text_edit=with_fee("0.2")))
    assert f.cells == ("t2.fees.amount",) and f.actual == 0.394 and f.expected == 0.2


def test_T3009_partial_counted_twice():
    def say(sentence):
        return lambda t: t.replace("本年新收政府信息公开申请", sentence + "本年新收政府信息公开申请", 1)
    f = only("T3009", run("T3009", text_edit=say("全年部分公开3件，其中不予公开2件。")))
    assert f.cells == ("t3.partly_granted.total",) and f.line is not None and "不予公开" in f.message
    assert run("T3009", text_edit=say("全年部分公开3件。")) == []


def _t3010_case(c):
    for col in ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"):
        c[f"t3.granted.{col}"] = 0
    c["t3.granted.natural_person"], c["t3.granted.commercial"], c["t3.granted.total"] = 1, 2, 12


@pytest.mark.parametrize("code,version,edit,text_edit", [
    ("T2001", "2021", lambda c: c.__setitem__("t2.licensing.decisions", -3), None),
    ("T2002", "2021", lambda c: c.update({"t2.normative_docs.made": 5, "t2.normative_docs.repealed": 0,
                                          "t2.normative_docs.in_force": 3}), None),
    ("T2004", "2021", lambda c: c.__setitem__("t2.fees.amount", 1.5),
     lambda t: t.replace("行政事业性收费\t1.5", "行政事业性收费\t190.457379")),
    ("T2005", "2019", lambda c: c.update({"t2.licensing.prev_items": 3, "t2.licensing.change": -5}), None),
    ("T2006", "2019", lambda c: c.update({"t2.normative_docs.new_published": 5,
                                          "t2.normative_docs.total_published": 3}), None),
    ("T3004", "2021", lambda c: c.__setitem__("t3.granted.natural_person", -1), None),
    ("T3010", "2021", _t3010_case, None),
    ("T4002", "2021", lambda c: c.__setitem__("t4.review.upheld", -1), None),
])
def test_the_docs_example_message_is_what_the_rule_prints(code, version, edit, text_edit):
    """`gongkai rule CODE` shows an example message; on a report with the example's case the
    rule prints exactly that message, so the docs show what a reviewer will read."""
    from gongkai.rules import REGISTRY

    f = only(code, run(code, version=version, edit=edit, text_edit=text_edit))
    assert f.message == REGISTRY[code].example_message()
