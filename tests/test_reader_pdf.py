"""The PDF reader: the real hongze report, reports this test renders in the official 2021
table layouts (merged label cells, three-level headers, wrapped labels, values of many
magnitudes, table 三 broken over two or three pages, pages turned sideways, a running
header and page numbers), content drawn turned or inside form XObjects, and PDFs that
cannot be read.

Rendering needs a CJK font. CI installs it (``apt-get install -y fonts-wqy-microhei``);
without it these tests FAIL rather than skip, so a missing font is never a silent pass.
"""

from __future__ import annotations

import io
import os
import random
import time
from itertools import pairwise

import pytest
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

import gongkai
from conftest import CORPUS_DIR, expected_for, json_lines, refusal, run_cli
from generators.synth import T2_PRINTED, T3_PRINTED, random_cells, t3_row_keys
from gongkai.extract import extract_document
from gongkai.normalize import normalise
from gongkai.readers import read, read_bytes
from gongkai.readers.pdf import MAX_PAGES
from gongkai.spec import load_format

HONGZE = CORPUS_DIR / "hongze-2024.pdf"
FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT = "WQY"
SPEC = load_format("2021")


@pytest.fixture(scope="session")
def cjk_font() -> str:
    if not os.path.exists(FONT_FILE):
        pytest.fail(f"CJK font {FONT_FILE} is missing: install it with `apt-get install -y fonts-wqy-microhei`")
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_FILE, subfontIndex=0))
    return FONT


# ---------------------------------------------------------------------------------------------
# The real report


def test_hongze_every_cell():
    report = gongkai.extract(HONGZE)
    expected = expected_for(HONGZE)
    wrong = {k: (report.cells.get(k), v) for k, v in expected["cells"].items() if report.cells.get(k) != v}
    assert not wrong, f"(got, want): {wrong}"
    assert {k: report.meta[k] for k in expected["meta"]} == expected["meta"]


def test_hongze_provenance_has_page_and_box():
    doc = read(HONGZE)
    assert doc.form == "pdf" and all(line.number == i + 1 for i, line in enumerate(doc.lines))
    assert all(line.text == normalise(line.raw) for line in doc.lines)
    report = extract_document(doc)
    p = report.provenance["t3.unable_not_held.natural_person"]  # 31, page 3
    assert report.cells["t3.unable_not_held.natural_person"] == 31
    assert p.page == 3 and p.box is not None
    x0, top, x1, bottom = p.box
    assert 0 <= x0 < x1 <= 595 and 0 <= top < bottom <= 842
    assert doc.lines[p.line - 1].raw[p.col[0]:p.col[1]] == "31"
    p = report.provenance["t4.suit_after_review.total"]  # 3, page 4
    assert p.page == 4 and p.box is not None


def test_hongze_lines():
    doc = read(HONGZE)
    raws = [line.raw for line in doc.lines]
    # page numbers (- 3 -) are gone; the t3 table continues from page 3 to page 4 row by row
    assert not any(r.strip("- ").isdigit() for r in raws)
    i = raws.index("\t（四）无法提供\t1.本机关不掌握相关政府信息\t31\t0\t0\t0\t0\t0\t31")
    assert raws[i + 1] == "\t\t2.没有现成信息需要另行制作\t1\t0\t0\t0\t0\t0\t1"
    assert (doc.lines[i].page, doc.lines[i + 1].page) == (3, 4)
    # a label wrapped inside its cell reads as one; vertical text too
    assert any(r.startswith("三、本年度办理结果\t（一）予以公开\t") for r in raws)
    assert "\t（二）部分公开（区分处理的，只计这一情 形，不计其他情形）\t\t9\t0\t0\t0\t0\t0\t9" in raws
    for line in doc.lines:
        assert line.page is not None and line.boxes
        assert len(line.boxes) == line.raw.count("\t") + 1 and line.boxes[-1][1] == len(line.raw)


# ---------------------------------------------------------------------------------------------
# Reports rendered in the official layouts


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    return str(v)


class _Grid:
    """A table as rows of texts plus merges (r0, c0, r1, c1), inclusive; a merge's text is
    in its top-left cell. ``part`` cuts rows [a, b) the way a word processor breaks a table
    over a page: a merge crossing the cut continues, empty, in the second part."""

    def __init__(self, ncols: int):
        self.ncols, self.rows, self.merges = ncols, [], []

    def add(self, *cells: tuple[int, int, int, str]) -> None:
        """cells: (col, colspan, rowspan, text)."""
        r = len(self.rows)
        row = [""] * self.ncols
        for c, cs, rs, text in cells:
            row[c] = text
            if cs > 1 or rs > 1:
                self.merges.append((r, c, r + rs - 1, c + cs - 1))
        self.rows.append(row)

    def part(self, a: int, b: int) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
        rows = [list(r) for r in self.rows[a:b]]
        merges = []
        for r0, c0, r1, c1 in self.merges:
            if r1 < a or r0 >= b:
                continue
            top, bottom = max(r0, a), min(r1, b - 1)
            if r0 < a:
                rows[0][c0] = ""  # the continued merge prints nothing on the next page
            if bottom > top or c1 > c0:
                merges.append((top - a, c0, bottom - a, c1))
        return rows, merges


def _t2_grid(cells: dict) -> _Grid:
    g = _Grid(4)
    for caption, header, rows in T2_PRINTED["2021"]:
        g.add((0, 4, 1, caption))
        if len(header) == 4:
            g.add(*[(i, 1, 1, h) for i, h in enumerate(header)])
        else:
            g.add((0, 1, 1, header[0]), (1, 3, 1, header[1]))
        for key, label in rows:
            row = SPEC.t2_rows[[r.key for r in SPEC.t2_rows].index(key)]
            vals = [_fmt(cells[f"t2.{key}.{c}"]) for c in row.columns]
            if len(vals) == 3:
                g.add((0, 1, 1, label), *[(i + 1, 1, 1, v) for i, v in enumerate(vals)])
            else:
                g.add((0, 1, 1, label), (1, 3, 1, vals[0]))
    return g


def _t3_keys(collapsed: bool) -> list[str]:
    return t3_row_keys(SPEC, collapsed)


def _t3_grid(cells: dict, collapsed: bool) -> _Grid:
    """The 2021 table 三: 10 columns (outer label, group label, item label, 7 numbers); the
    header's 申请人情况 spans the number columns and 法人或其他组织 five of them; 三、本年度
    办理结果 spans every outcome row and each group label its items."""
    g = _Grid(10)
    g.add((0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"), (3, 7, 1, "申请人情况"))
    g.add((3, 1, 2, "自然人"), (4, 5, 1, "法人或其他组织"), (9, 1, 2, "总计"))
    g.add(*[(4 + i, 1, 1, h) for i, h in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])])
    keys = _t3_keys(collapsed)
    outcomes = keys[keys.index("granted"):keys.index("results_total") + 1]
    groups: dict[str, list[str]] = {}
    for k in keys:
        row = SPEC.t3_row(k) if k != "other" else None
        if row is not None and row.group and row.group != "outcomes":
            groups.setdefault(row.group, []).append(k)
    for k in keys:
        group_label, label = T3_PRINTED[k]
        vals = [(3 + i, 1, 1, _fmt(cells[f"t3.{k}.{c}"])) for i, c in enumerate(SPEC.t3_columns)]
        if k not in outcomes:
            g.add((0, 3, 1, label), *vals)
            continue
        lead = [(0, 1, len(outcomes), "三、本年度办理结果")] if k == outcomes[0] else []
        row = SPEC.t3_row(k) if k != "other" else None
        members = groups.get(row.group, []) if row is not None and row.group != "outcomes" else []
        if not members:
            g.add(*lead, (1, 2, 1, label), *vals)
        elif k == members[0]:
            g.add(*lead, (1, 1, len(members), group_label), (2, 1, 1, label), *vals)
        else:
            g.add(*lead, (2, 1, 1, label), *vals)
    return g


def _t4_grid(cells: dict) -> _Grid:
    """Table 四: a three-level header over 15 number columns."""
    g = _Grid(15)
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    g.add((0, 5, 1, "行政复议"), (5, 10, 1, "行政诉讼"))
    g.add(*[(i, 1, 2, h) for i, h in enumerate(heads)], (5, 5, 1, "未经复议直接起诉"), (10, 5, 1, "复议后起诉"))
    g.add(*[(5 + i, 1, 1, h) for i, h in enumerate(heads * 2)])
    g.add(*[(i, 1, 1, _fmt(cells[f"t4.{grp}.{c}"])) for i, (grp, c) in
            enumerate((grp, c) for grp in SPEC.t4_groups for c in SPEC.t4_columns)])
    return g


def _table(rows, merges, widths, header_rows: int = 0) -> Table:
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=10.5, wordWrap="CJK")
    data = [[Paragraph(t, cell) if t else "" for t in row] for row in rows]
    style = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in merges]
    if header_rows:
        style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), "#c6d9f1"))
    return Table(data, colWidths=widths, style=TableStyle(style))


T3_WIDTHS = [20, 58, 118, 38, 38, 38, 38, 38, 38, 44]


def render_report(cells: dict, *, agency: str, year: int, collapsed: bool, breaks: tuple[str, ...],
                  repeat_header: bool, turn_pages: int = 0) -> bytes:
    """A whole report as a PDF: title over two lines, narrative, tables 二 三 四 in the
    official layouts, a running header and "- n -" page numbers on every page. Table 三 is
    broken over pages before each row in ``breaks`` (its header printed again on each new
    page if ``repeat_header``). Pages after the first are shown turned by ``turn_pages``
    degrees (/Rotate), as a landscape table printed on a portrait page is."""
    body = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)
    title = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=26, alignment=1)

    def para(text: str) -> Paragraph:
        return Paragraph(text, body)

    narrative = (f"本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
                 "本机关持续推进主动公开、依申请公开、政府信息管理、平台建设和监督保障各项工作，公开内容更加规范。") * 2
    t3 = _t3_grid(cells, collapsed)
    keys = _t3_keys(collapsed)
    cuts = [0] + [3 + keys.index(k) for k in breaks] + [len(t3.rows)]
    t3_parts = []
    for n, (a, b) in enumerate(pairwise(cuts)):
        rows, merges = t3.part(a, b)
        if n and repeat_header:
            head, hm = t3.part(0, 3)
            rows, merges = head + rows, hm + [(r0 + 3, c0, r1 + 3, c1) for r0, c0, r1, c1 in merges]
        t3_parts += [PageBreak()] if n else []
        t3_parts.append(_table(rows, merges, T3_WIDTHS, 3 if n == 0 or repeat_header else 0))
    t2 = _t2_grid(cells)
    t4 = _t4_grid(cells)
    story = [Paragraph(agency, title), Paragraph(f"{year}年政府信息公开工作年度报告", title), Spacer(1, 12),
             para(narrative), para("一、总体情况"), para(narrative), para("二、主动公开政府信息情况"),
             _table(*t2.part(0, len(t2.rows)), [150, 100, 100, 100]), PageBreak(),
             para("三、收到和处理政府信息公开申请情况"), *t3_parts, Spacer(1, 12),
             para("四、政府信息公开行政复议、行政诉讼情况"), _table(*t4.part(0, len(t4.rows)), [30] * 15, 3),
             para("五、存在的主要问题及改进情况"), para(narrative), para("六、其他需要报告的事项"),
             para("本年度未收取信息处理费。"), Spacer(1, 24), para(agency), para(f"{year + 1}年1月20日")]

    def furniture(c: canvas.Canvas, doc) -> None:
        c.saveState()
        c.setFont(FONT, 9)
        c.drawCentredString(A4[0] / 2, A4[1] - 30, f"{agency}政务公开")
        c.drawCentredString(A4[0] / 2, 28, f"- {doc.page} -")
        doc.rotation = turn_pages if doc.page > 1 else 0  # applied when the page ends
        c.restoreState()

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=50, rightMargin=50, topMargin=60, bottomMargin=60).build(
        story, onFirstPage=furniture, onLaterPages=furniture)
    return buf.getvalue()


CASES = {
    # seed: (collapsed （六）其他处理, rows table 三 breaks before, header repeated, pages turned)
    "repeated-header": (11, False, ("unable_need_creation",), True, 0),
    "break-inside-group": (12, False, ("denied_internal_affairs",), False, 0),
    "collapsed-other": (13, True, ("rejected_petition",), True, 0),
    "three-pages": (14, False, ("denied_third_party", "rejected_duplicate"), True, 0),
    "pages-turned": (15, False, ("unable_unclear",), False, 90),
}


def _case(name: str) -> tuple[dict, bytes, dict]:
    seed, collapsed, breaks, repeat, turn = CASES[name]
    rng = random.Random(seed)
    cells = random_cells(SPEC, rng, scale=200000, collapsed=collapsed)
    cells["t2.fees.amount"] = round(rng.uniform(1, 20000), 2)  # 万元 with decimals
    agency = rng.choice(["罗山县子路镇人民政府", "某某市自然资源和规划局", "上海市科学技术委员会"])
    year = rng.randint(2021, 2025)
    pdf = render_report(cells, agency=agency, year=year, collapsed=collapsed, breaks=breaks,
                        repeat_header=repeat, turn_pages=turn)
    keys = set(SPEC.keys(frozenset({"other"}) if collapsed else frozenset()))
    return {k: v for k, v in cells.items() if k in keys}, pdf, {"agency": agency, "year": year, "format": "2021"}


@pytest.fixture(scope="module", params=list(CASES))
def rendered(request, cjk_font):
    return (request.param, *_case(request.param))


def test_rendered_every_cell(rendered):
    name, cells, pdf, meta = rendered
    digits = {len(str(abs(int(v)))) for v in cells.values() if v}
    assert len(digits) >= 4, "values of many magnitudes"
    doc = read_bytes(pdf, f"{name}.pdf")
    report = extract_document(doc)
    wrong = {k: (report.cells.get(k), v) for k, v in cells.items() if report.cells.get(k) != v}
    assert not wrong, f"{len(wrong)} cells wrong (got, want): {dict(list(wrong.items())[:8])}"
    assert {k: report.meta[k] for k in meta} == meta


def test_rendered_table_over_pages(rendered):
    name, cells, pdf, _ = rendered
    doc = read_bytes(pdf, f"{name}.pdf")
    raws = [line.raw for line in doc.lines]
    # the header printed again on the next pages is dropped; the rows follow each other
    assert sum("申请人情况" in r for r in raws) == 1
    breaks = CASES[name][2]
    pages = {line.page for line in doc.lines if line.raw.count("\t") == 9}
    assert len(pages) == len(breaks) + 1
    report = extract_document(doc)
    for key in breaks:
        label = T3_PRINTED[key][1]
        i = next(i for i, r in enumerate(raws) if label in r)
        assert doc.lines[i].page == doc.lines[i - 1].page + 1 and raws[i - 1].count("\t") == 9
        # a cell on a later page points at its own page and box
        p = report.provenance[f"t3.{key}.total"]
        assert p.page == doc.lines[i].page and p.box is not None
        assert doc.lines[p.line - 1].raw[p.col[0]:p.col[1]] == _fmt(cells[f"t3.{key}.total"])
    # page furniture is gone: running header and "- n -"
    assert not any(r.startswith("- ") or r.endswith("政务公开") for r in raws)


def test_rendered_merged_and_wrapped_cells(cjk_font):
    _, pdf, _ = _case("repeated-header")
    raws = [line.raw for line in read_bytes(pdf, "r.pdf").lines]
    # a rowspan label is printed once, in its top row; rows it covers have "" there
    row = next(r for r in raws if "（三）不予公开" in r)
    assert row.startswith("\t（三）不予公开\t1.属于国家秘密\t")
    nxt = raws[raws.index(row) + 1]
    assert nxt.startswith("\t\t2.其他法律行政法规禁止公开\t")
    # labels wrapped inside narrow cells read as one string (vertical 三、本年度办理结果 too)
    assert any(r.startswith("三、本年度办理结果\t（一）予以公开\t\t") for r in raws)
    assert any("\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t" in r for r in raws)
    assert any("\t5.要求行政机关确认或重新出具已获取信息\t" in r for r in raws)
    # header: 申请人情况 spans the seven number columns, 法人或其他组织 five
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况" + "\t" * 6 in raws
    assert "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计" in raws
    # t4: three header levels over 15 columns
    assert "行政复议\t\t\t\t\t行政诉讼" + "\t" * 9 in raws
    assert "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t" in raws


# ---------------------------------------------------------------------------------------------
# Where the page's content sits: pdfium gives positions in the PDF's own space (before /Rotate,
# inside a form XObject relative to the form); the reader places them on the page as read


T2_CELLS = random_cells(SPEC, random.Random(21), scale=100000)


def _placed_pdf(turn: int = 0, rotate: int = 0, forms: bool = False) -> bytes:
    """One A4 page of content (a title, a heading, table 二) drawn turned anticlockwise by
    ``turn`` degrees on a page of the turned shape, the page shown turned by ``rotate``
    (/Rotate); with ``forms``, the content is drawn inside a form XObject inside another,
    each placed by a translation (the translations cancel out)."""
    table = _table(*_t2_grid(T2_CELLS).part(0, len(_t2_grid(T2_CELLS).rows)), [150, 100, 100, 100])
    w, h = A4
    pw, ph = (h, w) if turn in (90, 270) else (w, h)
    buf = io.BytesIO()
    # reportlab takes the page size as shown: it writes the MediaBox swapped for /Rotate 90
    c = canvas.Canvas(buf, pagesize=(ph, pw) if rotate in (90, 270) else (pw, ph))

    def content() -> None:
        c.setFont(FONT, 14)
        c.drawString(72, h - 72, "某某县人民政府2024年政府信息公开工作年度报告")
        c.setFont(FONT, 12)
        c.drawString(72, h - 100, "二、主动公开政府信息情况")
        _, th = table.wrapOn(c, w - 100, h)
        table.drawOn(c, 50, h - 120 - th)

    c.translate(*{0: (0, 0), 90: (pw, 0), 180: (pw, ph), 270: (0, ph)}[turn])
    c.rotate(turn)
    if forms:
        bbox = {"lowerx": -2000, "lowery": -2000, "upperx": 3000, "uppery": 3000}  # a form clips to its BBox
        c.beginForm("inner", **bbox)
        c.translate(-20, -30)
        content()
        c.endForm()
        c.beginForm("outer", **bbox)
        c.translate(20, 0)
        c.doForm("inner")
        c.endForm()
        c.translate(0, 30)
        c.doForm("outer")
    else:
        content()
    c.setPageRotation(rotate)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def upright(cjk_font):
    doc = read_bytes(_placed_pdf(), "upright.pdf")
    report = extract_document(doc)
    t2 = {k: v for k, v in T2_CELLS.items() if k.startswith("t2.")}
    assert {k: report.cells.get(k) for k in t2} == t2
    assert "信息内容\t本年制发件数\t本年废止件数\t现行有效件数" in [line.raw for line in doc.lines]
    return doc


@pytest.mark.parametrize("turn,rotate,forms", [(90, 0, False), (180, 0, False), (270, 0, False), (90, 90, False),
                                               (180, 90, False), (270, 90, False), (0, 0, True), (90, 0, True),
                                               (0, 90, True)])
def test_content_turned_or_in_forms_reads_as_upright(upright, turn, rotate, forms):
    """Text drawn sideways or upside down reads upright, whatever the page's /Rotate, and
    the rules and text inside nested form XObjects are placed by the forms' matrices: the
    same lines and the same boxes as the page drawn plainly."""
    doc = read_bytes(_placed_pdf(turn, rotate, forms), "placed.pdf")
    assert [line.raw for line in doc.lines] == [line.raw for line in upright.lines]
    for got, want in zip(doc.lines, upright.lines, strict=True):
        assert [span[:2] for span in got.boxes] == [span[:2] for span in want.boxes]
        for (_, _, a), (_, _, b) in zip(got.boxes, want.boxes, strict=True):
            assert max(abs(p - q) for p, q in zip(a, b, strict=True)) < 0.5, (got.raw, a, b)


def test_pdfs_read_from_threads(cjk_font):
    """pdfium is not thread-safe; the reader serialises it, so threads get what one does."""
    from concurrent.futures import ThreadPoolExecutor

    datas = [_placed_pdf(turn) for turn in (0, 90, 180, 270)] * 3
    alone = [[line.raw for line in read_bytes(d, "t.pdf").lines] for d in datas]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda d: [line.raw for line in read_bytes(d, "t.pdf").lines], datas))
    assert together == alone


# ---------------------------------------------------------------------------------------------
# PDFs that cannot be read: a clear ReadError, never a traceback, in bounded time


def _canvas_pdf(pages: int = 1, text: bool = True, image: bool = False, encrypt=None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    for n in range(1, pages + 1):
        if text:
            c.setFont(FONT, 12)
            c.drawString(72, 760, f"某某县人民政府{2024}年政府信息公开工作年度报告 第{n}页")
            c.drawString(72, 730, "本年新收政府信息公开申请数量\t95件，予以公开50件。")
        if image:
            from PIL import Image

            img = Image.new("L", (400, 200), 255)
            img.paste(0, (20, 20, 380, 40))  # a black bar: a scan of something
            c.drawInlineImage(img, 72, 400, 400, 200)
        c.showPage()
    c.save()
    return buf.getvalue()


def _zero_page_pdf() -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, o)
    xref = len(out)
    out += b"xref\n0 3\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def _reason(data: bytes) -> str:
    return refusal(data, "bad.pdf")


def test_encrypted(cjk_font):
    data = _canvas_pdf(encrypt=pdfencrypt.StandardEncryption("user-secret", "owner-secret"))
    assert _reason(data) == "文件已加密 / encrypted PDF: it needs a password to open"


def test_owner_password_only_still_reads(cjk_font):
    """Many official PDFs forbid copying with an owner password; they open without one."""
    data = _canvas_pdf(encrypt=pdfencrypt.StandardEncryption("", "owner-secret", canCopy=0, strength=128))
    assert read_bytes(data, "locked.pdf").lines[0].raw.startswith("某某县人民政府2024年")


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99])
def test_truncated(fraction):
    data = HONGZE.read_bytes()
    assert _reason(data[:int(len(data) * fraction)]).startswith("文件已损坏 / corrupt PDF: ")


@pytest.mark.parametrize("data", [b"%PDF-1.4\n" + bytes(range(256)) * 40, b"%PDF-", b"%PDF-1.7\n%%EOF\n"],
                         ids=["garbage", "header-only", "no-objects"])
def test_corrupt(data):
    assert _reason(data).startswith("文件已损坏 / corrupt PDF: ")


def test_zero_pages(cjk_font):
    assert _reason(_zero_page_pdf()) == "PDF 没有页面 / empty PDF: it has no pages"
    # pdfium keeps the code of its last failure: a zero-page file read after an encrypted one
    # must not be called encrypted
    _reason(_canvas_pdf(encrypt=pdfencrypt.StandardEncryption("u", "o")))
    assert _reason(_zero_page_pdf()) == "PDF 没有页面 / empty PDF: it has no pages"


def test_image_only_page_is_a_scan(cjk_font):
    """A page with no text layer goes to OCR (tests/test_reader_ocr.py reads whole scans);
    blank pages give a clear error."""
    doc = read_bytes(_canvas_pdf(text=False, image=True), "scan.pdf")
    assert doc.lines and all(line.confidence for line in doc.lines)
    assert _reason(_canvas_pdf(pages=3, text=False)) == "扫描件，没有文字层 / scanned PDF: no text layer: 未识别出文字 / OCR found no text on its 3 pages"


def test_500_pages_read_only_the_first_60_in_bounded_time(cjk_font):
    data = _canvas_pdf(pages=500)
    start = time.perf_counter()
    doc = read_bytes(data, "huge.pdf")
    elapsed = time.perf_counter() - start
    assert {line.page for line in doc.lines} == set(range(1, MAX_PAGES + 1))
    assert elapsed < 20, f"{elapsed:.1f} s"  # measured ≈ 0.4 s on the project's machine


def test_time_budget_stops_reading(monkeypatch, cjk_font):
    """Past the time budget the pages read so far are kept, as past MAX_PAGES."""
    import gongkai.readers.pdf

    monkeypatch.setattr(gongkai.readers.pdf, "TIME_BUDGET", 0.0)
    doc = read_bytes(_canvas_pdf(pages=10), "slow.pdf")
    assert {line.page for line in doc.lines} == {1}


def test_cli_reports_bad_pdfs_without_traceback(tmp_path, cjk_font):
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(_canvas_pdf(encrypt=pdfencrypt.StandardEncryption("u", "o")))
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(HONGZE.read_bytes()[:50000])
    r = run_cli("extract", "--json", locked, cut, HONGZE)
    assert "Traceback" not in r.stderr + r.stdout
    out = json_lines(r.stdout)
    assert out[0] == {"source": str(locked), "error": "文件已加密 / encrypted PDF: it needs a password to open"}
    assert out[1]["error"].startswith("文件已损坏 / corrupt PDF: ")
    assert out[2]["cells"]["t3.unable_not_held.natural_person"] == 31
