"""Every rule on the real 淮安市洪泽区 2024 PDF (corpus), each finding explained."""

from __future__ import annotations

from conftest import CORPUS_DIR
from gongkai.extract import extract_document
from gongkai.readers import read
from gongkai.rules import check_report

HONGZE = CORPUS_DIR / "hongze-2024.pdf"

EXPECTED = {
    # page 1: "区政府办代表区政府受理政府信息公开申请17件" while 表三 一、本年新收 is 95: the text
    # counts the 区政府办's own applications, the table the whole district's — a reviewer asks
    "X001": "warning",
    # 表三 （三）2 printed with the typo 其他法律行政止公开
    "STR007": "info",
    # a 2021-format report whose （六）其他处理 is one row (the 2019 layout)
    "FMT002": "warning",
    # section 六 says nothing of 工作要点, 建议提案, 创新
    "C006": "info",
    # no closing date line: the PDF ends with section 六 (the date is on the web page that held it)
    "D005": "info",
}


def test_hongze_findings():
    doc = read(HONGZE)
    found = check_report(doc, extract_document(doc))
    assert {f.code: f.severity for f in found} == EXPECTED
    x001 = next(f for f in found if f.code == "X001")
    assert (x001.actual, x001.expected, x001.cells) == (17, 95, ("t3.new_received.total",))
    assert x001.line == 23
