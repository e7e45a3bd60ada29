"""The statutory grids every renderer draws: each place covered once, every key of the format
shown once, the merged label cells where the State Council's format prints them."""

import pytest

from gongkai.author.layout import format_value, grids_for, tables
from gongkai.spec import load_format

pytestmark = pytest.mark.integration


def _cover(grid):
    cover = {}
    for c in grid.cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                assert (r, k) not in cover, f"{grid.table}: ({r}, {k}) covered twice"
                cover[(r, k)] = c
    return cover


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_every_place_once_and_every_key_once(version):
    keys = []
    for grid in tables(version):
        assert len(_cover(grid)) == grid.n_rows * grid.n_cols
        assert len(grid.widths) == grid.n_cols
        keys += grid.keys()
    assert sorted(keys) == sorted(load_format(version).keys())


def _at(grid, text):
    return next(c for c in grid.cells if c.text == text)


def test_2021_merged_labels_as_the_form_prints_them():
    t2, t3, t4 = tables("2021")
    assert _at(t2, "第二十条第（六）项").colspan == 4
    fee = next(c for c in t2.cells if c.key == "t2.fees.amount")
    assert fee.money and fee.colspan == 3
    outcomes = _at(t3, "三、本年度办理结果")
    assert (outcomes.rowspan, outcomes.col) == (22, 0)  # （一）…（七）, with 8 + 3 + 5 + 3 sub-rows
    assert _at(t3, "（三）不予公开").rowspan == 8
    assert _at(t3, "（六）其他处理").rowspan == 3
    assert _at(t3, "法人或其他组织").colspan == 5
    assert _at(t3, "自然人").rowspan == 2
    assert _at(t4, "行政诉讼").colspan == 10
    assert _at(t4, "复议后起诉").colspan == 5


def test_2019_differs_in_table_two_and_the_single_other_row():
    t2, t3, _ = tables("2019")
    assert _at(t2, "第二十条第（九）项")
    other = _at(t3, "（六）其他处理")
    assert (other.rowspan, other.colspan) == (1, 2)
    assert _at(t3, "三、本年度办理结果").rowspan == 20
    assert any(c.key == "t3.other.total" for c in t3.cells)


def test_values_print_as_the_form_prints_them():
    assert format_value(None) == ""
    assert format_value(12) == "12"
    assert format_value(3.0, money=True) == "3"
    assert format_value(0.12345, money=True) == "0.1235"
    assert format_value(-2) == "-2"


def test_a_2021_report_keeping_the_single_other_row_gets_it():
    cells = {f"t3.other.{c}": 1 for c in load_format("2021").t3_columns}
    _, t3, _ = grids_for(cells, "2021")
    other = _at(t3, "（六）其他处理")
    assert (other.rowspan, other.colspan, other.col) == (1, 2, 1)
    printed = set(t3.keys())
    assert "t3.other.total" in printed and "t3.other_other.total" not in printed
    assert _at(t3, "三、本年度办理结果").rowspan == 20
    assert len(_cover(t3)) == t3.n_rows * t3.n_cols
    cells["t3.other_other.total"] = 1  # the sub-rows filled: the format's rows
    assert "t3.other_other.total" in set(grids_for(cells, "2021")[1].keys())
