"""Hostile input: bounded work whatever the text (issue 11, "Bounded work on hostile input").

Each text is written here: a table 三 whose rows are glued into long runs of digits (with and
without a 小计 column), a glued table 四, runs of thousands of digits, and megabytes of text
for `check`. Every case must finish within a time limit generous enough for a loaded CI
machine (the bound in the code is ≈ 1 s a report on one core), and its result must be clear:
a number, an uncertain number, or null with the reason.
"""

from __future__ import annotations

import random
import time
import tracemalloc

import gongkai
from gongkai.extract.tokens import tokenize
from gongkai.extract.values import MAX_READINGS, UNSPLIT, UNSPLIT_REASON, split_glued
from gongkai.rules.context import Context
from gongkai.rules.narrative import narrative
from gongkai.spec import load_format

LIMIT = 5.0  # seconds for one report; the bound aims at ≈ 1 s on an idle core
SPEC = load_format("2021")
T4_HEAD = ("四、政府信息公开行政复议、行政诉讼情况\n\n行政复议\t\t\t\t\t行政诉讼\n"
           "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\n")


def report(rows: list[str], subtotal: bool = False, t4: str = "1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
           narrative_text: str = "本年新收政府信息公开申请12件。") -> str:
    """A 2021-format report whose table 三 rows print ``rows`` (a row's value text each)."""
    head = "\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他" + ("\t小计" if subtotal else "")
    t3 = [f"\t{r.title}\t{v}" for r, v in zip(SPEC.t3_rows, rows, strict=False)]
    return "\n".join([
        "某某县人民政府办公室2024年政府信息公开工作年度报告", "",
        "本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。", "",
        "一、总体情况", "", narrative_text, "",
        "三、收到和处理政府信息公开申请情况", "",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况",
        "\t\t自然人\t法人或其他组织\t\t\t\t\t总计", head,
        *t3, "", T4_HEAD + t4, "",
        "五、存在的主要问题及改进情况", "", "公开内容的深度和广度还需加强。", "",
        "六、其他需要报告的事项", "", "本年度未收取信息处理费。", ""])


def runs(n: int, digits: int, seed: int, alphabet: str = "0123456789") -> list[str]:
    rnd = random.Random(seed)
    return [rnd.choice("123456789") + "".join(rnd.choice(alphabet) for _ in range(digits - 1)) for _ in range(n)]


def timed_extract(text: str):
    start = time.perf_counter()
    rep = gongkai.extract(text.encode(), name="hostile.txt")
    return rep, time.perf_counter() - start


def t3_cells(rep) -> dict[str, object]:
    return {k: v for k, v in rep.cells.items() if k.startswith(("t3.", "x.t3."))}


def assert_clear(rep, keys) -> None:
    """Every cell is a number read for sure, an uncertain number, or null with its reason."""
    for k in keys:
        p = rep.provenance[k]
        assert rep.cells[k] is not None or p.reason, k
        if "glued" in p.method and rep.cells[k] is not None:
            assert p.uncertain or p.method == "glued-split", k


def test_glued_table_with_an_unchecked_subtotal_column_is_bounded():
    # a 小计 header: thousands of splits of every 30- and 48-digit run (minutes before)
    for digits in (30, 48):
        rep, took = timed_extract(report(runs(25, digits, digits), subtotal=True))
        assert took < LIMIT, (digits, took)
        cells = t3_cells(rep)
        assert_clear(rep, cells)
        if "x.t3.new_received.org_subtotal" in cells:  # read with the 小计 column: no split is forced
            read = [k for k, v in cells.items() if v is not None and "glued" in rep.provenance[k].method]
            assert all(rep.provenance[k].uncertain for k in read)


def test_glued_runs_the_search_cannot_decide_are_null_with_the_reason():
    # a row of table 三 whose 30 digits take the summed search past its bound
    rep, took = timed_extract(report(["137212368253411140551659985954"] + ["0\t0\t0\t0\t0\t0\t0"] * 24))
    assert took < LIMIT
    keys = [k for k in rep.cells if k.startswith("t3.new_received.")]
    assert len(keys) == 7 and all(rep.cells[k] is None for k in keys)
    assert {rep.provenance[k].reason for k in keys} == {UNSPLIT_REASON}
    assert {rep.provenance[k].method for k in keys} == {UNSPLIT}
    assert not [f for f in gongkai.check(rep) if f.code == "E000"]


def test_glued_table_three_without_subtotal_is_bounded():
    for digits in (30, 40, 48):
        rep, took = timed_extract(report(runs(25, digits, digits + 1)))
        assert took < LIMIT, (digits, took)
        assert_clear(rep, t3_cells(rep))


def test_glued_table_four():
    # random digits: no split sums
    for t4 in runs(2, 48, 4):
        rep, took = timed_extract(report(["0"] * 25, t4=t4))
        assert took < LIMIT, took
        assert_clear(rep, [k for k in rep.cells if k.startswith("t4.")])
    dense = "107758352811298146094861415784551989701701"  # every value in 0–999: at the bound
    rep, took = timed_extract(report(["0"] * 25, t4=dense))
    assert took < LIMIT, took
    keys = [f"t4.{g}.{c}" for g in SPEC.t4_groups for c in SPEC.t4_columns]
    values = tuple(rep.cells[k] for k in keys)
    if values == (None,) * 15:  # not decided within the bound: null, with the reason
        assert {rep.provenance[k].reason for k in keys} == {UNSPLIT_REASON}
    else:  # split: the cells its two splits differ on are uncertain
        assert values in {(107, 75, 835, 281, 1298, 1, 460, 948, 6, 1415, 78, 455, 198, 970, 1701),
                          (107, 758, 352, 81, 1298, 1, 460, 948, 6, 1415, 78, 455, 198, 970, 1701)}
        assert [k for k in keys if rep.provenance[k].uncertain] == keys[1:4]


def test_worst_glued_report_within_the_bound():
    # rows that take the summed search near its bound, and table 四 at its bound; rows with
    # five rival splits each, chosen jointly (15,625 combinations)
    hard = ["137212368253411140551659985954", "121422324316344111772375209975696",
            "132172423411413611411423816259976791"] * 9
    for text in (report(hard[:25], t4="611321223212122133132121212213233122332113332113"),
                 report(hard[:25], subtotal=True), report(["21101202054"] * 6 + ["0\t0\t0\t0\t0\t0\t0"] * 19)):
        rep, took = timed_extract(text)
        assert took < LIMIT, took
        assert_clear(rep, rep.cells)


def test_split_glued_gives_up_within_its_bound():
    toks = [t for t in tokenize(1, "x 111010110010100101100001011000000001").tokens if t.kind == "num"]
    start = time.perf_counter()
    readings = split_glued(toks, [(8, False)])
    assert time.perf_counter() - start < 1.0
    assert len(readings) == 1 and readings[0].method == UNSPLIT
    assert readings[0].values == (None,) * 8 and all(c.token is toks[0] for c in readings[0].cells)
    # a run with many splits still gives the first MAX_READINGS of them, not null cells
    toks = [t for t in tokenize(1, "x 511911999111191").tokens if t.kind == "num"]
    readings = split_glued(toks, [(8, False)])
    assert len(readings) == MAX_READINGS + 1 and readings[-1].method == UNSPLIT  # a null rival: all uncertain


def test_thousands_of_digits_are_a_clear_result():
    long = "7" * 5000
    cases = {
        "t3 row": report([long] + ["0\t0\t0\t0\t0\t0\t0"] * 24),
        "t3 row, glued to its label": report(["0\t0\t0\t0\t0\t0\t0"] * 24 + [long]).replace("\t" + long, long),
        "t4": report(["0\t0\t0\t0\t0\t0\t0"] * 25, t4=long),
        "thousands separators": report(["1," + ",".join(["234"] * 2000)] + ["0\t0\t0\t0\t0\t0\t0"] * 24),
        "decimals": report(["0\t0\t0\t0\t0\t0\t" + long + "." + long] + ["0\t0\t0\t0\t0\t0\t0"] * 24),
        "narrative": report(["0\t0\t0\t0\t0\t0\t0"] * 25, narrative_text=f"现行有效规范性文件{long}件。"),
        "a line of digits": report(["0\t0\t0\t0\t0\t0\t0"] * 25) + "\n" + long + "\n",
    }
    for name, text in cases.items():
        rep, took = timed_extract(text)
        assert took < LIMIT, name
        nulls = [k for k, v in rep.cells.items() if v is None and "digits: too long" in (rep.provenance[k].reason or "")]
        if name in ("t3 row", "thousands separators", "decimals"):
            assert nulls, name
        assert_clear(rep, rep.cells)  # every cell a number or null with its reason (table 四 too)
        assert all(v is None or abs(v) < 1e100 for v in rep.cells.values()), name
        findings = gongkai.check(rep)
        assert not [f for f in findings if f.code == "E000"], name


def test_check_on_megabytes_of_text_stays_near_extract():
    rnd = random.Random(3)
    cjk = [chr(c) for c in range(0x4E00, 0x9FA5)]
    lines = ["".join(rnd.choice(cjk) if rnd.random() < 0.8 else str(rnd.randint(0, 99999))
                     for _ in range(rnd.randint(5, 80))) for _ in range(12000)]  # ≈ 1.5 MB
    data = "\n".join(lines).encode()
    start = time.perf_counter()
    rep = gongkai.extract(data, name="big.txt")
    extract_took = time.perf_counter() - start
    tracemalloc.start()
    start = time.perf_counter()
    gongkai.check(rep)
    check_took = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert check_took < 10 * extract_took + 2.0, (check_took, extract_took)
    # the compact narrative keeps its offsets as runs, not an int per character (≈ 36 B each)
    assert peak < 12 * len(data), peak
    nar = narrative(Context(rep.document, rep))
    assert len(nar.pos) == len(nar.text) and nar.offset(len(nar.text) - 1) < len(data)
