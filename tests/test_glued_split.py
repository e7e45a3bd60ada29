"""Splitting glued digits: the splits found, and the printed span each cell points at."""

from gongkai.extract.tokens import tokenize
from gongkai.extract.values import split_glued

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
