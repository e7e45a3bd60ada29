"""HTML that is not a whole page, in the forms portals and crawlers hand it out: a CMS article
body with no <html>/<body> (on one line or many), the same body in a JSON response or a
JavaScript string (escaped quotes, \\/, \\uXXXX, \\n, \\t), a .html file that begins with a title
line and a breadcrumb, and Word's tables whose blank cells are &nbsp;. Every form is written
here from a generated report (tests/generators/render_html.py) and read back cell by cell, in
both format versions, through ``gongkai.extract`` and through the CLI on a mixed folder.
"""

from __future__ import annotations

import codecs
import contextlib
import html
import itertools
import json
import random
import re
import time

import pytest

import gongkai
from conftest import CORPUS_DIR, SEED_000, json_lines, run_cli
from generators.render_html import Renderer, generate_html, render_page, t3_rows, t4_rows
from generators.synth import AGENCIES, random_cells
from gongkai.readers import read_bytes, sniff
from gongkai.readers.html import read_html
from gongkai.readers.html_source import table_tags, unwrap
from gongkai.spec import load_format


def body(page: str) -> str:
    """The article body of a rendered page: what a CMS stores and serves on its own."""
    m = re.search(r"<body[^>]*>(.*)</body>", page, re.DOTALL)
    assert m
    return m.group(1)


def title_of(report) -> str:
    return f"{report.meta['agency']}{report.meta['year']}年政府信息公开工作年度报告"


def js_single(s: str) -> str:
    """A single-quoted JavaScript literal as minifiers write it: \\' and \\uXXXX escapes."""
    out = s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return "'" + "".join(ch if ord(ch) < 128 else f"\\u{ord(ch):04x}" for ch in out) + "'"


def wrap(form: str, report) -> tuple[str, bytes]:
    """The report's body in ``form``, with the name a crawler would save it under."""
    frag = body(report.page)
    title = title_of(report)
    if form == "fragment":
        return "article.html", frag.encode("utf-8")
    if form == "one-line":  # a CMS field: the whole body on one line, tabs between tags
        return "article.htm", re.sub(r"\s*\n\s*", "", frag).replace("><tr", ">\t<tr").encode("utf-8")
    if form == "fragment-txt":
        return "content.txt", frag.encode("gb18030")
    if form == "json":  # a CMS API: {"content": "<p>…<\/p><table …>"}, escaped slashes
        doc = {"code": 200, "data": {"id": 8812, "title": title, "content": frag, "source": "办公室"}}
        return "detail.json", json.dumps(doc, ensure_ascii=False).replace("/", "\\/").encode("utf-8")
    if form == "json-ascii":  # every non-ASCII character as \uXXXX, < > & as \u003c … (Go, Gson)
        text = json.dumps({"title": title, "content": frag.replace("\n", "\n\t")})
        return "api.txt", text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode()
    if form == "jsonp":
        return "callback.txt", ("jQuery112_99(" + json.dumps({"rows": [{"html": frag}]}) + ");").encode()
    if form == "js":  # var content = "<table class=\"x\">…\u4e00…\n…";
        return "content.html", ("var title = " + json.dumps(title) + ";\nvar content = " + json.dumps(frag)
                                + ";\ndocument.getElementById('c').innerHTML = content;\n").encode()
    if form == "js-single":
        return "page.txt", ("$('#zoom').html(" + js_single(frag) + ");\n").encode()
    if form == "js-concat":  # a body cut into literals (inside tags, words and numbers) joined by + and +=
        cuts = [0, *sorted(random.Random(len(frag)).sample(range(1, len(frag)), 40)), len(frag)]
        parts = [frag[a:b] for a, b in itertools.pairwise(cuts)]
        lit = [json.dumps(p, ensure_ascii=False) if i % 2 else js_single(p) for i, p in enumerate(parts)]
        return "concat.html", ("var html = " + " +\n  ".join(lit[:20]) + ";\nhtml += " + "\n + ".join(lit[20:30])
                               + ";\n  html += " + " + ".join(lit[30:]) + ";\n$('#zoom').html(html);\n").encode()
    if form == "script-page":  # a whole page whose article is filled in by a script
        return "index.html", ("<!DOCTYPE html><html><head><meta charset=utf-8><script>var content = "
                              + json.dumps(frag) + ";</script></head><body><div id=zoom></div>"
                              + "</body></html>").encode("utf-8")
    if form == "text-first":  # a title and a breadcrumb before the markup
        return "report.html", (f"{title}\n首页 > 政务公开 > 政府信息公开年报\n发布时间：2024-01-15  来源：办公室\n"
                               + frag).encode("utf-8")
    if form == "text-first-gbk":
        return "report.htm", (f"当前位置：首页 > 信息公开\n{title}\n\n" + frag).encode("gbk")
    raise ValueError(form)


FORMS = ("fragment", "one-line", "fragment-txt", "json", "json-ascii", "jsonp", "js", "js-single", "js-concat",
         "script-page", "text-first", "text-first-gbk")
VARIANT_SETS = ((), ("word",), ("word", "split-table", "br-labels"), ("nbsp", "blank-merged", "p-labels"))


def assert_right(got, report) -> None:
    national = {k: v for k, v in got.cells.items() if not k.startswith("x.")}
    wrong = {k: (national.get(k), v) for k, v in report.cells.items() if national.get(k) != v}
    assert wrong == {}
    assert set(national) == set(report.cells)
    for key, value in report.meta.items():
        assert got.meta[key] == value, key


@pytest.mark.parametrize("version", ["2021", "2019"])
@pytest.mark.parametrize("variants", VARIANT_SETS, ids=lambda v: "+".join(v) or "plain")
@pytest.mark.parametrize("form", FORMS)
def test_every_form_reads_every_cell(form, variants, version):
    seed = 31 * FORMS.index(form) + 7 * VARIANT_SETS.index(variants) + (version == "2019")
    report = generate_html(seed, version, variants)
    name, data = wrap(form, report)
    got = gongkai.extract(data, name=name)
    assert got.document.form == "html"
    assert all(len(line.text) == len(line.raw) for line in got.document.lines)
    assert_right(got, report)


def test_text_before_the_markup_keeps_its_lines():
    report = generate_html(5, "2021", ("word",))
    name, data = wrap("text-first", report)
    raws = [line.raw for line in read_bytes(data, name).lines]
    assert raws[:3] == [title_of(report), "首页 > 政务公开 > 政府信息公开年报", "发布时间：2024-01-15 来源：办公室"]
    assert not any("pt" in r and "width" in r for r in raws)  # no CSS read as text


def test_word_page_after_a_breadcrumb_is_no_longer_read_as_text():
    """Before: the markup began after 4 KB, the file was read as text and the widths in the
    cells' style attributes (width=57, width:42.5pt) came out as cell values."""
    report = generate_html(3, "2021", ("word",))
    name, data = wrap("text-first", report)
    assert data.find(b"<table") > 4096
    assert sniff(data, name) == "html"
    assert_right(gongkai.extract(data, name=name), report)


# -- sniffing: content and name weighed together ----------------------------------------


def test_sniffing_weighs_markup_and_name():
    report = generate_html(9, "2019", ("word",))
    frag = body(report.page).encode()
    assert sniff(b"\xe6\xa0\x87\xe9\xa2\x98\n" * 2000 + frag, "x.txt") == "html"  # text first, then tables
    assert sniff(b"2023\n" + b"<p>one</p>", "a.html") == "html"  # a page's name: any block tag
    assert sniff(b"2023\n" + b"<p>one</p>", "a.txt") == "text"
    assert sniff("纯文本的报告，\n没有任何标记。".encode(), "a.html") == "text"  # text saved as .html
    assert sniff(json.dumps({"c": frag.decode()}).replace("<", "\\u003c").encode(), "x.json") == "html"
    assert table_tags(frag) == 8 and table_tags(b"<td>" * 3, 8) == 3


@pytest.mark.parametrize("text", [
    "本年度收到申请数量<5件，办结率>95%。<td>是表格单元格的标签。\n" * 3,
    "一、总体情况\n<一>主动公开\n表<二>\n数量 < 10 件 <tr 或 <table 之类的字样\n",
])
def test_plain_text_mentioning_tags_stays_text(text):
    assert sniff(text.encode(), "report.txt") == "text"
    assert sniff(text.encode()) == "text"


def test_seed_text_with_a_stray_tag_stays_text():
    data = SEED_000.read_bytes() + "\n注：<td> 与 <tr> 为表格标记，<5 表示少于五件。\n".encode()
    assert sniff(data, SEED_000.name) == "text"


def test_markdown_stays_markdown():
    md = CORPUS_DIR / "shkewei-2024.md"
    assert sniff(md.read_bytes(), md.name) == "markdown"
    pipe = "| 项目 | 数量 |\n|---|---|\n| 行政许可<br>（件） | 5 |\n| <td>误写 | 3 |\n" * 4
    assert sniff(pipe.encode(), "r.md") == "markdown"


# -- the JSON and JavaScript strings ------------------------------------------------------


def test_unwrap_json_escapes_and_duplicates():
    frag = "<p>标题</p><table class=\"t\">" + "<tr><td>行政许可</td><td>5</td></tr>" * 20 + "</table>"
    doc = json.dumps({"title": "某县2023年政府信息公开工作年度报告", "content": frag, "content2": frag,
                      "excerpt": frag[:frag.index("<tr>", 300)]}).replace("/", "\\/")
    assert unwrap(doc) == "<p>某县2023年政府信息公开工作年度报告</p>\n" + frag
    nested = json.dumps({"data": json.dumps({"content": frag})})  # JSON in a JSON string
    assert unwrap(nested) == frag


def test_unwrap_javascript_literals():
    js = ("var a = '<table><tr><td>\\u884c\\u653f\\u8bb8\\u53ef<\\/td><td>\\x35</td></tr>' +\n"
          "  \"<tr><td>it\\'s \\u{20000}\\ud840\\udc01</td></tr>\\\n</table>\";  // don't eval: alert(1)\n")
    assert unwrap(js) == "<table><tr><td>行政许可</td><td>5</td></tr><tr><td>it's \U00020000\U00020001</td></tr></table>"


@pytest.mark.parametrize("page", [
    # real tables, and a script holding a row template: the page is the page
    ("<table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table>"
     "<script>var row = \"<tr><td>\\\" + x + \\\"<\\/td></tr>\";</script>"),
    # no escaped markup at all
    "<p>x = \"<b>y</b>\"</p><table><tr><td>a</td></tr></table>",
    # a JSON document whose strings hold no table
    json.dumps({"content": "<p>没有表格</p>"}),
])
def test_unwrap_leaves_other_text_alone(page):
    assert unwrap(page) == page


# -- Word's blank cells: every value keeps its column --------------------------------------

BLANKS = ("&nbsp;<o:p></o:p>", "<o:p>&nbsp;</o:p>", "<span style='mso-spacerun:yes'>&nbsp;&nbsp; </span><o:p></o:p>",
          "<span lang=EN-US>   </span><o:p></o:p>", "\u3000<o:p></o:p>", "<o:p></o:p>")


def blank_report(seed: int, version: str, variants: tuple[str, ...]) -> tuple[str, dict]:
    """A Word page whose zero cells are partly left blank (the truth for those is null), each
    blank written as Word and editors write it."""
    rng = random.Random(seed)
    spec = load_format(version)
    cells = random_cells(spec, rng, scale=rng.choice([10, 400, 20000]))
    for k, v in cells.items():
        if k.startswith(("t2.", "t3.", "t4.")) and v == 0 and rng.random() < 0.35:
            cells[k] = None
    page = render_page(cells, spec, rng, AGENCIES[seed % len(AGENCIES)], 2023 if version == "2021" else 2020,
                       False, {"word", *variants})
    page = page.replace("&nbsp;<o:p></o:p>", BLANKS[seed % len(BLANKS)])
    return page, {k: cells[k] for k in spec.keys(frozenset())}


@pytest.mark.parametrize("version", ["2021", "2019"])
@pytest.mark.parametrize("seed", range(6))
def test_word_blank_cells_keep_their_columns(seed, version):
    """Before: a row such as （二）部分公开 with blank cells (its label spans two label columns)
    came out one column to the left: the span's covered position read as the first value."""
    page, truth = blank_report(seed, version, ("br-labels",) if seed % 2 else ())
    assert sum(v is None for v in truth.values()) >= 10
    for name, data in (("w.htm", page.encode()), ("frag.html", body(page).encode()),
                       ("w.json", json.dumps({"content": body(page)}).encode())):
        got = gongkai.extract(data, name=name)
        wrong = {k: (got.cells.get(k), v) for k, v in truth.items() if got.cells.get(k) != v}
        assert wrong == {}, name


def _grid_lines(html: str) -> list[str]:
    return [line.raw for line in read_html(html.encode(), "t.html").lines]


def test_grid_of_table3_with_merged_label_columns_and_blank_cells():
    spec = load_format("2021")
    cells = random_cells(spec, random.Random(2), scale=10)
    cells["t3.granted.commercial"] = cells["t3.denied_state_secret.total"] = None
    rnd = Renderer(random.Random(1), {"word"})
    table = rnd.table(t3_rows(cells, spec, rnd, collapsed=False, blank_merged=False), 3)
    lines = _grid_lines(table)
    v = [str(cells[f"t3.granted.{c}"] if cells[f"t3.granted.{c}"] is not None else "") for c in spec.t3_columns]
    assert lines[3].startswith("一、本年新收政府信息公开申请数量\t")  # spans three label columns: one cell
    granted = next(line for line in lines if "（一）予以公开" in line)
    assert granted == "三、本年度办理结果\t（一）予以公开\t" + "\t".join(v)
    assert v[1] == ""
    secret = next(line for line in lines if "1.属于国家秘密" in line)
    assert secret.startswith("\t（三）不予公开\t1.属于国家秘密\t") and secret.endswith("\t")
    assert len(secret.split("\t")) == 3 + 7
    in_group = next(line for line in lines if line.split("\t")[2:3] == ["2.其他法律行政法规禁止公开"])
    assert in_group.startswith("\t\t2.")  # covered by the rowspans above: kept as blanks
    assert lines[0].count("\t") == 3 + 7 - 1  # the header keeps every position


def test_grid_of_table4_two_level_header():
    spec = load_format("2019")
    cells = random_cells(spec, random.Random(4), scale=10)
    lines = _grid_lines(Renderer(random.Random(1), {"word"}).table(t4_rows(cells, spec), 3))
    assert lines[0] == "行政复议" + "\t" * 5 + "行政诉讼" + "\t" * 9
    assert lines[1].split("\t")[5:7] == ["未经复议直接起诉", ""] and lines[1].split("\t")[10] == "复议后起诉"
    assert len(lines[3].split("\t")) == 15


# -- the CLI on a mixed folder ------------------------------------------------------------


def test_cli_reads_a_mixed_folder(tmp_path):
    truth: dict[str, dict] = {}
    plan = [("fragment", "2021", ()), ("one-line", "2019", ("word",)), ("json", "2021", ("word",)),
            ("json-ascii", "2019", ()), ("js", "2021", ("nbsp",)), ("js-single", "2019", ("word", "split-table")),
            ("text-first", "2021", ("word",)), ("text-first-gbk", "2019", ("word", "br-labels"))]
    for i, (form, version, variants) in enumerate(plan):
        report = generate_html(500 + i, version, variants)
        name, data = wrap(form, report)
        if name.endswith(".json"):
            name = name[:-5] + ".txt"  # JSON sniffed by content under a text name (.json: test_walk_data.py)
        path = tmp_path / f"{i:02d}-{name}"
        path.write_bytes(data)
        truth[str(path)] = report.cells
    page, cells = blank_report(3, "2021", ())
    (tmp_path / "09-word-blanks.htm").write_bytes(page.encode("utf-8"))
    truth[str(tmp_path / "09-word-blanks.htm")] = cells
    (tmp_path / "10-seed.txt").write_bytes(SEED_000.read_bytes())
    (tmp_path / "11-shkewei.md").write_bytes((CORPUS_DIR / "shkewei-2024.md").read_bytes())
    named = tmp_path / "sub" / "api.json"
    named.parent.mkdir()
    report = generate_html(600, "2019", ("word",))
    named.write_bytes(wrap("json", report)[1])

    run = run_cli("extract", "--json", tmp_path, named, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = {o["source"]: o for o in json_lines(run.stdout)}
    assert set(lines) == {*truth, str(tmp_path / "10-seed.txt"), str(tmp_path / "11-shkewei.md"), str(named)}
    truth[str(named)] = report.cells
    for source, cells in truth.items():
        got = lines[source]["cells"]
        wrong = {k: (got.get(k), v) for k, v in cells.items() if got.get(k) != v}
        assert wrong == {}, source
    for src, expected in ((tmp_path / "10-seed.txt", SEED_000), (tmp_path / "11-shkewei.md", CORPUS_DIR / "shkewei-2024.md")):
        want = json.loads(expected.with_name(expected.name.rsplit(".", 1)[0] + ".expected.json").read_text())["cells"]
        got = lines[str(src)]["cells"]
        assert {k: got[k] for k in want} == want


@pytest.mark.parametrize("make", [
    lambda n: json.dumps({"rows": [f"<tr><td>行{i}</td><td>{i}</td></tr>" for i in range(n)]}),
    lambda n: "var a = " + " +\n".join(f'"<tr><td>行{i}<\\/td><td>{i}<\\/td><\\/tr>"' for i in range(n)) + ";",
    lambda n: "[" * n + "]" * n,
], ids=["json-strings", "js-literals", "deep-json"])
def test_huge_wrapped_markup_in_bounded_time(make):
    data = make(50_000).encode()  # more strings than are unwrapped (20,000)
    start = time.perf_counter()
    with contextlib.suppress(gongkai.ReadError):
        gongkai.extract(data, name="big.txt")
    assert time.perf_counter() - start < 30  # 0.1–3 s on the project's 2-core machine


def test_json_field_holding_its_markup_as_entities():
    report = generate_html(41, "2019", ("word",))
    data = json.dumps({"title": title_of(report), "content": html.escape(body(report.page))}, ensure_ascii=False)
    assert "<table" not in data
    assert sniff(data.encode(), "detail.txt") == "html"
    assert_right(gongkai.extract(data.encode(), name="detail.txt"), report)


def test_label_spanning_columns_prints_once_only_in_a_row_of_values():
    lines = _grid_lines("<table><tr><td colspan=2>项目</td><td colspan=2>数量</td></tr>"
                        "<tr><td colspan=2>（一）予以公开</td><td>&nbsp;</td><td>5</td></tr>"
                        "<tr><td>甲</td><td>乙</td><td colspan=2>/</td></tr>"
                        "<tr><td colspan=2>合计</td><td colspan=2>5 万元</td></tr></table>")
    assert lines == ["项目\t\t数量\t", "（一）予以公开\t\t5", "甲\t乙\t/\t", "合计\t5 万元\t"]


def test_utf16_fragment_after_a_title():
    report = generate_html(43, "2021", ())
    _, data = wrap("text-first", report)
    data = codecs.BOM_UTF16_LE + data.decode("utf-8").encode("utf-16-le")
    assert sniff(data, "r.txt") == "html"
    assert_right(gongkai.extract(data, name="r.txt"), report)
