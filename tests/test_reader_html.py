"""The HTML reader: whole reports rendered as the pages portals and Word publish, read back
through the extractor cell by cell; the grid it builds from merged cells; decoding; and
pages that are not reports (empty, binary, broken, huge).
"""

from __future__ import annotations

import codecs
import random
import time

import pytest

from generators.render_html import VARIANTS, generate_html
from gongkai import extract_document
from gongkai.readers import ReadError, read_bytes
from gongkai.readers.html import read_html


def check(report, name: str = "x.html"):
    doc = read_bytes(report.data, name)
    assert doc.form == "html"
    assert all(line.number == i + 1 and len(line.text) == len(line.raw) for i, line in enumerate(doc.lines))
    got = extract_document(doc)
    national = {k for k in got.cells if not k.startswith("x.")}
    assert national == set(report.cells)
    wrong = {k: (got.cells[k], v) for k, v in report.cells.items() if got.cells[k] != v}
    assert wrong == {}, report.variants
    for key, value in report.meta.items():
        assert got.meta[key] == value, key
    return doc, got


# Each variant alone in both formats (（六） collapses only in 2021), then mixtures.
CASES = [(seed, version, (v,)) for v in VARIANTS for seed, version in ((1, "2021"), (2, "2019"))
         if not (v == "collapsed" and version == "2019")]
CASES += [(3, "2021", ("collapsed",)), (4, "2021", ()), (5, "2019", ())]
_mix = random.Random(7)
for _seed in range(100, 112):
    _version = _mix.choice(["2021", "2019"])
    CASES.append((_seed, _version, tuple(v for v in VARIANTS if _mix.random() < 0.4
                                          and not (v == "collapsed" and _version == "2019"))))


@pytest.mark.parametrize("seed,version,variants", CASES, ids=lambda x: "+".join(x) if isinstance(x, tuple) else str(x))
def test_generated_report(seed, version, variants):
    check(generate_html(seed, version, variants))


def test_word_html_mixture():
    """Word's export with everything it does at once: spans, <o:p>, <p> in every cell, source
    lines wrapped mid-sentence, <br> in labels, a split table, gbk."""
    for seed in range(200, 204):
        check(generate_html(seed, "2021", ("word", "br-labels", "p-labels", "split-table", "gbk")))


def test_blank_merged_cells_are_null_with_total_kept():
    r = generate_html(11, "2021", ("blank-merged", "nbsp"))
    _, got = check(r)
    assert got.cells["t3.granted.natural_person"] is None
    assert got.cells["t3.partly_granted.other_org"] is None
    assert got.cells["t3.granted.total"] == r.cells["t3.granted.total"] is not None


def test_gbk_page_is_decoded_by_its_meta():
    r = generate_html(12, "2021", ("gbk",))
    assert b'charset="gbk"' in r.data
    doc, _ = check(r)
    assert doc.encoding == "gb18030"


def test_collapsed_other_row_2021():
    r = generate_html(13, "2021", ("collapsed",))
    _, got = check(r)
    assert got.cells["t3.other_no_correction.total"] is None
    assert "t3.other.total" in got.cells


def _lines(page: str) -> list[str]:
    return [line.raw for line in read_html(page.encode("utf-8"), "t.html").lines]


def test_merged_cells_resolve_into_a_grid():
    page = """<html><body><table>
    <tr><td colspan=2 rowspan=2>note</td><td colspan=3>申请人情况</td></tr>
    <tr><td rowspan=2>自然人</td><td colspan=2>法人</td></tr>
    <tr><td rowspan=2>三、本年度<br>办理结果</td><td>（一）予以公开</td><td>商业</td><td>其他</td></tr>
    <tr><td>（二）部分<p>公开</p></td><td>1</td><td>2</td><td>3</td></tr>
    </table></body></html>"""
    assert _lines(page) == [
        "note\t\t申请人情况\t\t",
        "\t\t自然人\t法人\t",
        "三、本年度办理结果\t（一）予以公开\t\t商业\t其他",
        "\t（二）部分公开\t1\t2\t3",
    ]


def test_text_blocks_breaks_and_noise():
    page = """<html><head><title>标题</title><style>p {color: red}</style>
    <script>document.write("脚本")</script></head><body>
    <h1>某某县2023年政府信息公开<span lang=EN-US>工作</span>年度报告</h1>
    <p class=MsoNormal>第一行<br>第二行<o:p></o:p></p><!--[if gte mso 9]><xml>注释</xml><![endif]-->
    <div style="display: none">隐藏的段落</div><span hidden>也隐藏</span>尾巴
    <p>本年新收申请<b>12</b>件，&nbsp;&nbsp;办结<i>10</i>件。</p>
    <p>申请人情况
    说明</p><![if !supportLists]><p>1.</p><![endif]>
    </body></html>"""
    assert _lines(page) == ["某某县2023年政府信息公开工作年度报告", "第一行", "第二行", "尾巴",
                            "本年新收申请12件， 办结10件。", "申请人情况说明", "1."]


def test_nested_and_layout_tables():
    page = """<html><body><table width=100%><tr><td>首页</td><td>
    <p>二、主动公开政府信息情况</p>
    <table><tr><td colspan=2>第二十条第（一）项</td></tr>
           <tr><td>规章</td><td><table><tr><td>3</td></tr></table></td></tr></table>
    <p>三、</p>
    </td></tr></table></body></html>"""
    # the outer table lays out the page; the small table in a data cell joins its cell
    assert _lines(page) == ["首页", "二、主动公开政府信息情况", "第二十条第（一）项\t", "规章\t3", "三、"]


def test_table_split_in_two_rows_follow():
    page = ("<html><body><table><tr><td>a</td><td>1</td></tr></table><p></p>"
            "<table><tr><td>b</td><td>2</td></tr></table></body></html>")
    assert _lines(page) == ["a\t1", "b\t2"]


def test_raw_keeps_full_width_text_normalises():
    doc = read_html("<html><body><table><tr><td>行政许可</td><td>１２</td></tr></table></body></html>".encode(), "t.html")
    assert doc.lines[0].raw == "行政许可\t１２" and doc.lines[0].text == "行政许可\t12"


@pytest.mark.parametrize("encode,expected", [
    (lambda s: s.replace("CS", "gb2312").encode("gbk"), "gb18030"),  # http-equiv gb2312, gbk bytes
    (lambda s: s.replace("CS", "utf-8").encode("gbk"), "gb18030"),  # declared wrong: bytes win
    (lambda s: s.replace("CS", "iso-8859-1").encode("utf-8"), "utf-8"),  # latin-1 mojibake refused
    (lambda s: s.replace("CS", "utf-8").encode("utf-8"), "utf-8"),
    (lambda s: codecs.BOM_UTF8 + s.replace("CS", "gbk").encode("utf-8"), "utf-8-sig"),  # BOM wins
    (lambda s: codecs.BOM_UTF16_LE + s.replace("CS", "utf-16").encode("utf-16-le"), "utf-16-le"),
    (lambda s: s.replace('<meta http-equiv=Content-Type content="text/html; charset=CS">', "").encode("gbk"),
     "gb18030"),  # no declaration: the text reader's guess
])
def test_decoding(encode, expected):
    page = ('<html><head><meta http-equiv=Content-Type content="text/html; charset=CS"></head>'
            "<body><p>政府信息公开工作年度报告</p></body></html>")
    doc = read_html(encode(page), "p.html")  # (sniff() does not see "<html" in UTF-16 bytes)
    assert doc.encoding == expected
    assert doc.lines[0].raw == "政府信息公开工作年度报告"


@pytest.mark.parametrize("data,reason", [
    (b"<html><body></body></html>", r"no text"),
    (b"<!DOCTYPE html><html><head><title>t</title><script>x=1</script></head><body> &nbsp; </body></html>",
     r"no text"),
    (b"<html><body><div style='display:none'>x</div></body></html>", r"no text"),
    (b"<html>" + random.Random(5).randbytes(20000), r"binary|cannot decode"),
    (b"<html><body>" + bytes(random.Random(6).choices(range(1, 32), k=4000)) + b"</body></html>", r"binary"),
])
def test_not_a_report_page(data, reason):
    with pytest.raises(ReadError, match=reason):
        read_bytes(data, "bad.html")


def test_binary_garbage_named_html():
    with pytest.raises(ReadError):
        read_bytes(random.Random(4).randbytes(50000), "report.html")


def test_unclosed_tags_parse_leniently():
    page = "<html><body><p>一、总体情况<table><tr><td>行政许可<td>5<tr><td>行政处罚<td>7</table><p>尾<div><b>粗"
    assert _lines(page) == ["一、总体情况", "行政许可\t5", "行政处罚\t7", "尾", "粗"]


@pytest.mark.parametrize("filler", [
    "<tr><td>行政许可</td><td>1</td><td>22</td><td>333</td></tr>",  # one huge table
    "<tr><td colspan=1000 rowspan=1000>x</td><td>1</td></tr>",  # hostile spans
    "<p>公开内容的深度和广度还需加强，本年新收申请12件。</p>\n",  # many paragraphs
    "<div><span>文",  # unclosed nesting
], ids=["table", "spans", "paragraphs", "nesting"])
def test_ten_megabyte_page_in_bounded_time(filler):
    r = generate_html(21, "2021", ())
    size = 10 * 2**20
    pad = filler * (size // len(filler.encode()))
    page = r.page.replace("</body>", ("<table>" + pad + "</table>" if filler.startswith("<tr>") else pad) + "</body>")
    start = time.perf_counter()
    doc = read_bytes(page.encode("utf-8"), "big.html")
    got = extract_document(doc)
    elapsed = time.perf_counter() - start
    assert elapsed < 30, elapsed  # measured 0.1–3.5 s on the project's 2-core machine
    assert {k: got.cells[k] for k in r.cells} == r.cells
