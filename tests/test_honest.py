"""Honest uncertainty and subtotals (issue 11, items 8 and 6), on reports written here.

A cell is uncertain only when the printed text allows another reading of it. A wrong total
in a cleanly delimited row (tabs, pipes, HTML or DOCX cells) is the report's own error:
`check` names it as an error at that cell, not as a possible extraction artifact. Subtotal
columns and rows (小计) are found from the table's header and row labels and confirmed by
their values, never by the word anywhere near the table.
"""

from __future__ import annotations

import random
import time

import pytest

from generators import render_html
from generators.synth import T3_PRINTED, random_cells, render
from gongkai import api
from gongkai.extract.tokens import tokenize
from gongkai.extract.values import NO_SPLIT_REASON, delimited_cells, fit
from gongkai.model import Line
from gongkai.spec import load_format

SPEC = load_format("2021")
COLS = SPEC.t3_columns
ORGS = COLS[1:-1]
AGENCY, YEAR = "某某市某某局", 2023
KEY = "t3.granted.total"


def consistent(seed: int = 5, **rows: list[int]) -> dict:
    """Random consistent cells with some t3 rows set (their 总计 computed), the table's
    （七）总计 and 本年新收 moved with them so that every identity still holds."""
    cells = random_cells(SPEC, random.Random(seed))
    for row, parts in rows.items():
        values = [*parts, sum(parts)]
        for c, v in zip(COLS, values, strict=True):
            delta = v - cells[f"t3.{row}.{c}"]
            cells[f"t3.{row}.{c}"] = v
            cells[f"t3.results_total.{c}"] += delta
            cells[f"t3.new_received.{c}"] += delta
    return cells


def wrong_total() -> dict:
    """予以公开 printed as 0 0 0 0 0 0 | 11: the sum of its cells is 0."""
    cells = consistent(granted=[0, 0, 0, 0, 0, 0])
    cells[KEY] = 11
    return cells


def text_in(layout: str, cells: dict) -> bytes:
    if layout == "html":
        return render_html.render_page(cells, SPEC, random.Random(1), AGENCY, YEAR, False, set()).encode()
    if layout == "docx":
        pytest.importorskip("docx")
        from test_reader_docx import render_docx

        return render_docx(cells, SPEC, random.Random(1), AGENCY, YEAR, set())
    if layout == "pipes-blank-cells":  # Markdown whose merged cells are left empty around the row
        lines = render(cells, SPEC, "pipes", random.Random(1), AGENCY, YEAR).split("\n")
        i = next(j for j, line in enumerate(lines) if "予以公开" in line)
        lines[i] = "| 三、本年度办理结果 | （一）予以公开 |  | 0 | 0 | 0 | 0 | 0 | 0 | 11 |  |"
        return "\n".join(lines).encode()
    return render(cells, SPEC, layout, random.Random(1), AGENCY, YEAR).encode()


NAMES = {"html": "report.html", "docx": "report.docx"}


@pytest.mark.parametrize("layout", ["tabs", "tabs-merged-labels", "pipes", "pipes-blank-cells", "spaces", "html",
                                    "docx"])
def test_wrong_total_in_a_cleanly_printed_row_is_an_error(layout):
    report = api.extract(text_in(layout, wrong_total()), name=NAMES.get(layout, "report.txt"))
    prov = report.provenance[KEY]
    assert report.cells[KEY] == 11
    assert not prov.uncertain and prov.confidence == 1.0 and prov.method == "cell"
    assert [report.cells[f"t3.granted.{c}"] for c in COLS[:-1]] == [0] * 6
    found = [f for f in api.check(report) if f.cells and f.cells[0] == KEY]
    assert found, "the wrong total is named at its cell"
    for f in found:
        assert f.code.startswith("T3") and f.severity == "error" and not f.artifact
        assert f.expected == 0 and f.actual == 11


def _tokens(text: str) -> tuple[list, list[Line]]:
    lines = [Line(1, text, text)]
    return tokenize(1, text).tokens, lines


@pytest.mark.parametrize("text, clean", [
    ("\t\t1\t2\t3", (1, 2, 3)),  # merged label cells left blank before the row
    ("| | 1 | 2 | 3 | |", (1, 2, 3)),
    ("\t1\t\t2\t3", None),  # a blank among the cells: a doubled delimiter, or a blank cell?
    ("\t1 2\t3\t", None),  # two numbers in one cell: a missing delimiter
    ("\t1\t2\t3\t9", None),  # one number too many (a page or footnote number)
])
def test_a_clean_row_is_blank_cells_around_its_printed_cells(text, clean):
    toks, lines = _tokens(text)
    got = delimited_cells(toks, 3, lines)
    assert (tuple(t.value for t in got) if got is not None else None) == clean


def test_a_clean_row_has_one_reading_and_a_doubtful_one_keeps_its_rivals():
    toks, lines = _tokens("\t1\t2\t9")  # 1 + 2 ≠ 9, but nothing else is printed
    assert [r.values for r in fit(toks, [(3, True)], lines)] == [(1, 2, 9)]
    toks, lines = _tokens("\t1\t2\t9\t4")  # a fourth number: which one is extra is a real question
    assert len(fit(toks, [(3, True)], lines)) > 1


def test_glued_row_with_two_readings_stays_uncertain():
    # 010001011 reads 0 1 0 0 0 10 | 11 or 0 10 0 0 1 0 | 11; printed in two rows whose
    # column sums are the same either way, nothing in the table tells them apart
    cells = consistent(rejected_duplicate=[0, 1, 0, 0, 0, 10], rejected_publication=[0, 10, 0, 0, 1, 0])
    report = api.extract(render(cells, SPEC, "glued", random.Random(1), AGENCY, YEAR).encode(), name="report.txt")
    for row in ("rejected_duplicate", "rejected_publication"):
        for c in ("commercial", "legal_services", "other_org"):
            prov = report.provenance[f"t3.{row}.{c}"]
            assert prov.uncertain and prov.confidence <= 0.5 and "glued" in prov.method
        assert not report.provenance[f"t3.{row}.total"].uncertain  # 11 in either reading


def test_a_glued_row_whose_sums_fail_is_not_read_and_is_a_possible_artifact():
    # 3100005 as seven cells: only 3|1|0|0|0|0|5, and 3 + 1 ≠ 5. The report's total may be
    # wrong, or the source may have lost a separator: no number of the row is given out (it
    # was read as the lone total 3100005 before), and check names the row as a warning
    cells = consistent(granted=[3, 1, 0, 0, 0, 0])
    text = render(cells, SPEC, "glued", random.Random(1), AGENCY, YEAR)
    text = text.replace("（一）予以公开3100004", "（一）予以公开3100005", 1)
    assert "3100005" in text
    report = api.extract(text.encode(), name="report.txt")
    keys = [k for k in report.cells if k.startswith("t3.granted.")]
    assert len(keys) == 7 and all(report.cells[k] is None for k in keys)
    assert {report.provenance[k].reason for k in keys} == {NO_SPLIT_REASON}
    assert {report.provenance[k].text for k in keys} == {"3100005"}
    found = [f for f in api.check(report) if any("granted" in k for k in f.cells)]
    assert [f.code for f in found] == ["STR009"]
    assert found[0].artifact and found[0].severity == "warning" and set(found[0].cells) == set(keys)


# --------------------------------------------------------------------------- subtotals


def _t3_lines(text: str) -> tuple[list[str], int, int]:
    lines = text.split("\n")
    a = next(i for i, line in enumerate(lines) if "勾稽关系" in line)
    b = next(i for i, line in enumerate(lines) if "四、政府信息公开行政复议" in line)
    return lines, a, b


def with_org_subtotal(text: str, sep: str = "\t", values: bool = True, first: bool = False) -> str:
    """Table 三 with a 小计 column after 其他 (before 商业企业 if ``first``): its header cell,
    and each row's sum of the 法人或其他组织 cells unless ``values`` is false."""
    lines, a, b = _t3_lines(text)
    pad = " " if sep == "|" else ""
    for i in range(a, b):
        cells = lines[i].split(sep)
        stripped = [c.strip() for c in cells]
        if "其他" in stripped:
            at = stripped.index("商业企业") if first else stripped.index("其他") + 1
            cells.insert(at, f"{pad}小计{pad}")
        elif values and sum(1 for c in stripped if c.isdigit()) >= 7:
            nums = [j for j, c in enumerate(stripped) if c.isdigit()][-7:]
            sub = sum(int(cells[j]) for j in nums[1:-1])
            cells.insert(nums[1] if first else nums[-1], f"{pad}{sub}{pad}")
        lines[i] = sep.join(cells)
    return "\n".join(lines)


@pytest.mark.parametrize("layout, sep, first", [("tabs", "\t", False), ("tabs-merged-labels", "\t", False),
                                                ("pipes", "|", False), ("spaces", "  ", False), ("tabs", "\t", True)])
def test_org_subtotal_column_is_read_under_x_keys(layout, sep, first):
    cells = consistent()
    text = with_org_subtotal(render(cells, SPEC, layout, random.Random(1), AGENCY, YEAR), sep, first=first)
    report = api.extract(text.encode(), name="report.txt")
    for row in ("new_received", "granted", "denied_state_secret", "results_total", "carried_forward"):
        assert report.cells[f"x.t3.{row}.org_subtotal"] == sum(cells[f"t3.{row}.{c}"] for c in ORGS)
    assert {k: v for k, v in report.cells.items() if k in cells} == {k: v for k, v in cells.items()
                                                                     if k in report.cells}
    assert not report.uncertain_cells()


@pytest.mark.parametrize("seed", [0, 2])
def test_org_subtotal_column_in_glued_text(seed):
    # crawler text: the 小计 header glued among the others, each row's digits with the
    # subtotal among them; 小计 = Σ 法人或其他组织 bounds the split (it used to take seconds
    # and misread most rows with the column unchecked)
    cells = random_cells(SPEC, random.Random(seed))
    text = render(cells, SPEC, "glued", random.Random(1), AGENCY, YEAR)
    head = text[text.index("（本列数据"):text.index(" 四、政府信息公开行政复议")]
    new = head.replace("其他 ", "其他 小计 ", 1)
    for r in SPEC.t3_rows:
        vals = [cells[f"t3.{r.key}.{c}"] for c in COLS]
        label = T3_PRINTED[r.key][1]
        glued, with_sub = "".join(map(str, vals)), "".join(map(str, [*vals[:-1], sum(vals[1:-1]), vals[-1]]))
        at = next(label + sp + glued for sp in ("", " ") if label + sp + glued in new)
        new = new.replace(at, at[: -len(glued)] + with_sub, 1)
    start = time.perf_counter()
    report = api.extract(text.replace(head, new).encode(), name="report.txt")
    assert time.perf_counter() - start < 2
    assert all(report.cells[k] == v for k, v in cells.items() if k.startswith("t3."))
    assert all(report.cells[f"x.t3.{r.key}.org_subtotal"] == sum(cells[f"t3.{r.key}.{c}"] for c in ORGS)
               for r in SPEC.t3_rows)


def test_a_subtotal_header_without_subtotal_values_adds_no_column():
    cells = consistent()
    text = with_org_subtotal(render(cells, SPEC, "tabs", random.Random(1), AGENCY, YEAR), values=False)
    report = api.extract(text.encode(), name="report.txt")
    assert not [k for k in report.cells if k.endswith(".org_subtotal")]
    assert all(report.cells[k] == v for k, v in cells.items() if k.startswith("t3."))


def _denied_sums(cells: dict) -> list[int]:
    return [sum(cells[f"t3.{r.key}.{c}"] for r in SPEC.t3_rows if r.group == "denied") for c in COLS]


@pytest.mark.parametrize("where", ["title", "narrative", "note", "row-first"])
def test_the_word_subtotal_elsewhere_adds_no_column(where):
    cells = consistent()
    lines, a, _ = _t3_lines(render(cells, SPEC, "tabs", random.Random(1), AGENCY, YEAR))
    if where == "title":
        lines.insert(a, "表三 收到和处理政府信息公开申请情况（法人或其他组织不设小计）")
    elif where == "narrative":
        lines.insert(a, "本年度各类申请人小计与总计一致，详见下表。")
    elif where == "note":
        lines[a] = lines[a].replace("勾稽关系为", "勾稽关系（不含小计）为")
    else:  # （三）不予公开小计 printed before the group's rows, within the table's first lines
        i = next(j for j, line in enumerate(lines) if "1.属于国家秘密" in line)
        lines[i] = lines[i].replace("（三）不予公开", "")
        lines.insert(i, "（三）不予公开小计\t\t" + "\t".join(map(str, _denied_sums(cells))))
    report = api.extract("\n".join(lines).encode(), name="report.txt")
    assert not [k for k in report.cells if k.endswith(".org_subtotal")]
    assert all(report.cells[k] == v for k, v in cells.items() if k.startswith("t3."))
    if where == "row-first":
        assert [report.cells[f"x.t3.denied_subtotal.{c}"] for c in COLS] == _denied_sums(cells)


@pytest.mark.parametrize("label", ["（三）不予公开小计", "小计", "\t小计"])
def test_group_subtotal_row_is_read_under_x_keys(label):
    cells = consistent()
    lines, _, _ = _t3_lines(render(cells, SPEC, "tabs", random.Random(1), AGENCY, YEAR))
    i = next(j for j, line in enumerate(lines) if "8.属于行政查询事项" in line)
    lines.insert(i + 1, f"\t{label}\t" + "\t".join(map(str, _denied_sums(cells))))
    report = api.extract("\n".join(lines).encode(), name="report.txt")
    assert [report.cells[f"x.t3.denied_subtotal.{c}"] for c in COLS] == _denied_sums(cells)
    assert all(report.cells[k] == v for k, v in cells.items() if k.startswith("t3."))
    assert not [f for f in api.check(report) if f.code.startswith("T3")]


def test_a_group_label_with_numbers_that_are_not_its_sum_is_its_first_row():
    # （三）不予公开's merged cell printed, the label 1.属于国家秘密 beside it left blank: the
    # numbers are that row's (they are not the group's sum), not a subtotal row
    cells = consistent(denied_state_secret=[1, 2, 0, 0, 0, 0])
    lines, _, _ = _t3_lines(render(cells, SPEC, "tabs", random.Random(1), AGENCY, YEAR))
    i = next(j for j, line in enumerate(lines) if "1.属于国家秘密" in line)
    lines[i] = lines[i].replace("1.属于国家秘密", "")
    report = api.extract("\n".join(lines).encode(), name="report.txt")
    assert [report.cells[f"t3.denied_state_secret.{c}"] for c in COLS] == [1, 2, 0, 0, 0, 0, 3]
    assert not [k for k in report.cells if "denied_subtotal" in k]


def test_a_total_row_printed_as_heji_is_not_a_subtotal():
    cells = consistent()
    text = render(cells, SPEC, "tabs", random.Random(1), AGENCY, YEAR).replace("（七）总计", "合计", 1)
    report = api.extract(text.encode(), name="report.txt")
    assert [report.cells[f"t3.results_total.{c}"] for c in COLS] == [cells[f"t3.results_total.{c}"] for c in COLS]
    assert not [k for k in report.cells if "_subtotal" in k]


@pytest.mark.parametrize("confidence, doubtful", [(0.6, True), (0.95, False)])
def test_an_ocr_doubt_makes_the_finding_a_possible_artifact(confidence, doubtful):
    # the same wrong total read by OCR: a digit the engine was unsure of may be the misreading
    from gongkai.model import Report

    report = api.extract(text_in("tabs", wrong_total()), name="report.txt")
    prov = dict(report.provenance)
    prov[KEY] = prov[KEY]._replace(confidence=confidence, method=prov[KEY].method + "+ocr")
    scanned = Report(report.source, report.meta, report.cells, prov, report.notes, report.document)
    [f] = [f for f in api.check(scanned) if f.cells and f.cells[0] == KEY]
    assert (f.severity, f.artifact) == (("warning", True) if doubtful else ("error", False))
