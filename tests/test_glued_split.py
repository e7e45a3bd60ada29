"""Splitting glued digits: the splits found, and the printed span each cell points at."""

from gongkai import api
from gongkai.extract.tokens import tokenize
from gongkai.extract.values import NO_SPLIT, NO_SPLIT_REASON, fit, split_glued

T3_ROW = [(7, True)]  # six applicant columns and their 总计


def _nums(line: str):
    return [t for t in tokenize(1, line).tokens if t.kind == "num"]


def test_one_digit_per_cell_across_tokens():
    # 12 and 3 printed apart, but only three digits for three cells: 1 | 2 | 3 with 1+2=3
    toks = _nums("x 12 3")
    (reading,) = split_glued(toks, [(3, True)])
    assert reading.values == (1, 2, 3)
    assert [c.span for c in reading.cells] == [(2, 3), (3, 4), (5, 6)]
    assert [c.token for c in reading.cells] == [toks[0], toks[0], toks[1]]


def test_one_digit_per_cell_that_does_not_sum_is_no_split():
    assert split_glued(_nums("x 1111111"), T3_ROW) == []


def test_glued_row_of_table_three():
    # 7 | 13 | 0 | 0 | 0 | 0 | 20 glued: the only split whose parts add up to the last
    (reading,) = split_glued(_nums("数量713000020"), T3_ROW)
    assert reading.values == (7, 13, 0, 0, 0, 0, 20)
    assert reading.method == "glued-split"
    assert reading.cells[1].span == (3, 5) and reading.cells[-1].span == (9, 11)


def test_ambiguous_glued_row_gives_every_split():
    # 2110120 2054: five ways to cut the first digits into six parts adding up to 54
    readings = split_glued(_nums("x 21101202054"), T3_ROW)
    assert {r.values for r in readings} == {
        (2, 1, 10, 1, 20, 20, 54), (2, 11, 0, 1, 20, 20, 54), (21, 1, 0, 12, 0, 20, 54),
        (21, 10, 1, 2, 0, 20, 54), (21, 10, 1, 20, 2, 0, 54)}
    assert len(readings) == 5


def test_only_one_suffix_can_be_the_total():
    # 1|2|3|4|5|6|21: of the suffixes 1, 21, 621 … only 21 is the sum of a split of the rest
    (reading,) = split_glued(_nums("x 12345621"), T3_ROW)
    assert reading.values == (1, 2, 3, 4, 5, 6, 21)


def test_a_run_no_split_fits_is_null_cells_not_a_lone_total():
    # 00000011 as seven cells: only 0|0|0|0|0|0|11 has no leading zero, and 0 ≠ 11; read as
    # the row's lone 总计 (11) before
    (reading,) = fit(_nums("（一）予以公开00000011"), T3_ROW)
    assert reading.method == NO_SPLIT and reading.values == (None,) * 7
    assert {c.token.text for c in reading.cells} == {"00000011"}
    # fewer digits than cells is no glued run: a lone 总计 (the applicant cells merged blank)
    (reading,) = fit(_nums("（一）予以公开 11"), T3_ROW)
    assert reading.method == "lone-value-as-last-column" and reading.values == (None,) * 6 + (11,)


# Table 三 as crawler text glues it: the rows of one line run into each other.
GLUED_T3 = ("三、收到和处理政府信息公开申请情况\n"
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况\n"
            "自然人法人或其他组织总计\n"
            "商业企业科研机构社会公益组织法律服务机构其他\n"
            "一、本年新收政府信息公开申请数量713000020二、上年结转政府信息公开申请数量0000000"
            "三、本年度办理结果（一）予以公开{granted}（二）部分公开（区分处理的，只计这一情形，不计其他情形）0000000\n")


def test_glued_report_row_without_a_split_is_null_with_the_reason():
    report = api.extract(GLUED_T3.format(granted="00000011").encode(), name="glued.txt")
    keys = [k for k in report.cells if k.startswith("t3.granted.")]
    assert len(keys) == 7
    for k in keys:
        p = report.provenance[k]
        assert report.cells[k] is None and p.reason == NO_SPLIT_REASON and p.text == "00000011", k
        assert p.confidence == 0.0
    # the rows around it are read
    assert [report.cells[f"t3.new_received.{c}"] for c in ("natural_person", "commercial", "total")] == [7, 13, 20]
    assert report.cells["t3.partly_granted.total"] == 0
    # the same row printed so that it splits is read, and no row goes null
    report = api.extract(GLUED_T3.format(granted="3100004").encode(), name="glued.txt")
    assert [report.cells[k] for k in keys] == [3, 1, 0, 0, 0, 0, 4]


def test_a_glued_run_with_an_extra_number_drops_it():
    # 0800008 then 8 (a page number after the row): no split of all eight digits fits, the
    # run alone splits as 0|8|0|0|0|0|8; the dropped number says so in the method
    readings = fit(_nums("（一）予以公开0800008 8"), T3_ROW)
    assert [r.values for r in readings] == [(0, 8, 0, 0, 0, 0, 8)]
    assert readings[0].method == "glued-split+extra-cell-dropped" and readings[0].confidence <= 0.7
