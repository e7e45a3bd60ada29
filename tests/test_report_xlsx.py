"""The statutory tables as a workbook (`render --to xlsx`): reopened by openpyxl with the
merges where the layout puts them and the values as numbers, and printed by LibreOffice."""

from __future__ import annotations

import io
import random

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from conftest import ALL_SOURCES, expected_for
from generators.synth import random_cells
from gongkai import api
from gongkai.author.data import ReportData, from_mapping
from gongkai.author.layout import tables
from gongkai.output.report_xlsx import GRID_TOP, SHEETS
from gongkai.spec import load_format
from xlsx_helpers import convert, fill

pytestmark = pytest.mark.integration


def _data(version: str) -> ReportData:
    source = next(p for p in ALL_SOURCES if expected_for(p)["meta"]["format"] == version)
    return from_mapping(expected_for(source), source.name)


def _range(top: int, left: int, bottom: int, right: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_reopens_with_the_layouts_merges_and_numbers(version):
    data = _data(version)
    data.meta["agency"] = "某某县人民政府"
    wb = load_workbook(io.BytesIO(api.report_workbook(data)))
    assert wb.sheetnames == ["表二", "表三", "表四"]
    for grid in tables(version):
        ws = wb[SHEETS[grid.table]]
        merges = {_range(GRID_TOP + c.row, 1 + c.col, GRID_TOP + c.row + c.rowspan - 1, 1 + c.col + c.colspan - 1)
                  for c in grid.cells if c.rowspan > 1 or c.colspan > 1}
        lines = {_range(r, 1, r, grid.n_cols) for r in (1, 2, 3)}
        assert {str(m) for m in ws.merged_cells.ranges} == merges | lines
        assert ws["A1"].value == f"某某县人民政府{data.meta['year']}年政府信息公开工作年度报告"
        assert ws["A2"].value == grid.title and ws["A3"].value.startswith("单位：")
        for c in grid.cells:
            cell = ws.cell(GRID_TOP + c.row, 1 + c.col)
            assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
            assert cell.font.name in ("宋体", "仿宋_GB2312") and cell.font.charset == 134
            if c.key is None:
                assert cell.value == c.text
                continue
            value = data.cells.get(c.key)
            assert cell.value == value and type(cell.value) is type(value), c.key
            assert cell.number_format == ("0.0000" if c.money else "0")
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.page_setup.orientation == ("landscape" if grid.table == "t4" else "portrait")
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    t3 = wb["表三"]
    assert t3.print_title_rows == f"${GRID_TOP}:${GRID_TOP + 2}"
    assert t3.cell(GRID_TOP, 1).value.startswith("本列数据的勾稽关系为")


def test_blank_cells_are_empty_not_zero():
    data = ReportData({"year": 2024}, {"t3.granted.natural_person": 0, "t2.fees.amount": 1.25})
    wb = load_workbook(io.BytesIO(api.report_workbook(data)))
    assert wb["表三"]["D9"].value == 0 and wb["表三"]["E9"].value is None
    assert wb["表二"]["B17"].value == 1.25
    assert wb["表二"]["A1"].value == "2024年政府信息公开工作年度报告"


def _pdf_text(path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_libreoffice_prints_one_page_per_table(tmp_path):
    data = ReportData({"agency": "某某县人民政府", "year": 2024, "format": "2021"},
                      random_cells(load_format("2021"), random.Random(3)))
    path = tmp_path / "report.xlsx"
    path.write_bytes(api.report_workbook(data))
    pages = _pdf_text(convert(path, "pdf", tmp_path))
    assert len(pages) == 3
    squeezed = ["".join(p.split()) for p in pages]
    assert all("某某县人民政府2024年政府信息公开工作年度报告" in p for p in squeezed)
    assert "第二十条第（八）项" in squeezed[0] and "万元" in squeezed[0]
    assert "申请人情况" in squeezed[1] and "法人或其他组织" in squeezed[1] and "本列数据的勾稽关系为" in squeezed[1]
    assert "未经复议直接起诉" in squeezed[2] and "复议后起诉" in squeezed[2]
    assert str(data.cells["t3.results_total.total"]) in squeezed[1]


def test_a_filled_template_prints_its_totals_and_checks(tmp_path):
    cells = random_cells(load_format("2021"), random.Random(5))
    path = tmp_path / "template.xlsx"
    path.write_bytes(api.template(2024, agency="某某县人民政府"))
    fill(path, cells, "2021")
    pages = _pdf_text(convert(path, "pdf", tmp_path))
    table3 = "".join(next(p for p in pages if "申请人情况" in p).split())
    assert table3.count("相符") == 7 and table3.count("不符") == 1  # the label's 不符时
    assert str(cells["t3.results_total.total"]) in table3
