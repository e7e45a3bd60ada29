"""The OCR reader: reports rendered in the official 2021 layouts (the PDF reader's tests draw
them), rasterised with pypdfium2 at 300 and 150 dpi, read back from an image-only PDF (a scan)
and from PNG images, upright and turned a few degrees (scanned askew); images and scans that
cannot be read.

OCR is slow (a few seconds an A4 page on this project's 2-core machine), so these tests read
few pages: three three-page scans (300 and 150 dpi upright, 150 dpi askew) and one long
one-page screenshot at each resolution (the 150 dpi one askew); the other tests use small
images. Every OCR test needs the ``ocr`` extra
(rapidocr, onnxruntime), which the ``test`` extra installs; the rendering needs the CJK font,
as the PDF reader's tests do.
"""

from __future__ import annotations

import io
import random
import time

import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

import gongkai
import test_reader_pdf as pdf_tests
from conftest import json_lines, refusal, run_cli
from generators.synth import random_cells
from gongkai.extract import extract_document
from gongkai.normalize import normalise
from gongkai.readers import ReadError, ocr, ocr_image, ocr_layout, read_bytes
from test_reader_pdf import (
    FONT_FILE,
    SPEC,
    T3_WIDTHS,
    _t2_grid,
    _t3_grid,
    _t4_grid,
    _table,
    render_report,
)

# OCR (rapidocr, an ONNX model) is no part of the compiled build: its second CI pass leaves it out
pytestmark = pytest.mark.integration

cjk_font = pdf_tests.cjk_font  # the fixture: the CJK font registered for rendering

# ---------------------------------------------------------------------------------------------
# Reports rendered, rasterised and read back


def _report(seed: int) -> tuple[dict, dict, bytes]:
    """Cells, meta and the PDF of a whole report as the PDF reader's tests render it: three
    pages, table 三 broken over two of them, a running header and page numbers."""
    rng = random.Random(seed)
    cells = random_cells(SPEC, rng, scale=200000)
    cells["t2.fees.amount"] = round(rng.uniform(1, 20000), 2)
    agency = rng.choice(["罗山县子路镇人民政府", "某某市自然资源和规划局", "上海市科学技术委员会"])
    year = rng.randint(2021, 2025)
    pdf = render_report(cells, agency=agency, year=year, collapsed=False, breaks=("unable_need_creation",),
                        repeat_header=seed % 2 == 0)
    keys = set(SPEC.keys(frozenset()))
    return {k: v for k, v in cells.items() if k in keys}, {"agency": agency, "year": year, "format": "2021"}, pdf


def _compact(seed: int) -> tuple[dict, dict, bytes]:
    """A report's tables on one long page (595 × 1150 pt): how a report posted as one image
    (a screenshot of the tables) looks."""
    rng = random.Random(seed)
    cells = random_cells(SPEC, rng, scale=200000)
    agency, year = "洛宁县马店镇人民政府", rng.randint(2021, 2025)
    title = ParagraphStyle("title", fontName="WQY", fontSize=16, leading=22, alignment=1)
    head = ParagraphStyle("head", fontName="WQY", fontSize=11, leading=18)
    t2, t3, t4 = _t2_grid(cells), _t3_grid(cells, False), _t4_grid(cells)
    story = [Paragraph(f"{agency}{year}年政府信息公开工作年度报告", title), Spacer(1, 6),
             Paragraph("二、主动公开政府信息情况", head), _table(*t2.part(0, len(t2.rows)), [150, 100, 100, 100]),
             Paragraph("三、收到和处理政府信息公开申请情况", head), _table(*t3.part(0, len(t3.rows)), T3_WIDTHS, 3),
             Paragraph("四、政府信息公开行政复议、行政诉讼情况", head), _table(*t4.part(0, len(t4.rows)), [30] * 15, 3)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=(595, 1150), leftMargin=40, rightMargin=40, topMargin=30,
                      bottomMargin=20).build(story)
    keys = set(SPEC.keys(frozenset()))
    return {k: v for k, v in cells.items() if k in keys}, {"agency": agency, "year": year, "format": "2021"}, buf.getvalue()


def _rasterise(pdf: bytes, dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def _image_pdf(pages: list[Image.Image], dpi: int) -> bytes:
    """A scan: the page images in a PDF without a text layer."""
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buf.getvalue()


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _score(report, cells: dict) -> tuple[float, dict]:
    wrong = {k: (report.cells.get(k), v) for k, v in cells.items() if report.cells.get(k) != v}
    return 1 - len(wrong) / len(cells), wrong


# What each reading reaches (measured on this project's machine, see bench/ocr_bench.py: every
# cell of 4 rendered reports at 150 and at 300 dpi, as scans and as PNG). The assertion asks
# for it exactly; a regression below it fails.
LEVEL = {300: 1.0, 150: 1.0}

_SCANS = {300: 21, 150: 22}  # dpi: seed of the three-page report read as a scan at that dpi
_LOW = 0.55  # the score given to one box by test_scanned_pdf: a doubtful reading


@pytest.fixture(scope="module", params=sorted(_SCANS, reverse=True), ids=lambda d: f"{d}dpi")
def scanned(request, cjk_font):
    """A three-page report printed, scanned at ``dpi`` and read back: (dpi, cells, meta, doc,
    report, key of the cell whose box was read with a low score, seconds)."""
    dpi = request.param
    cells, meta, pdf = _report(_SCANS[dpi])
    data = _image_pdf(_rasterise(pdf, dpi), dpi)
    assert b"/Font" not in data  # no text layer: the reader must OCR it
    # One number's box comes back from the engine with a low score (as a smudged digit would):
    # it must stay as read, with that confidence.
    key = max((k for k in cells if k.startswith("t3.") and cells[k]), key=lambda k: cells[k])
    doubtful = str(cells[key])
    real = ocr.read_tile

    def lower(tile, dx, dy):
        return [b._replace(score=_LOW) if b.text == doubtful else b for b in real(tile, dx, dy)]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ocr, "read_tile", lower)
        start = time.perf_counter()
        doc = read_bytes(data, f"scan-{dpi}.pdf")
        elapsed = time.perf_counter() - start
    return dpi, cells, meta, doc, extract_document(doc), key, elapsed


def test_scanned_pdf_every_cell(scanned):
    dpi, cells, meta, _, report, _, elapsed = scanned
    score, wrong = _score(report, cells)
    assert score >= LEVEL[dpi], f"{dpi} dpi: {score:.2%} of cells; {len(wrong)} wrong (got, want): {wrong}"
    assert {k: report.meta[k] for k in meta} == meta
    assert elapsed < 120, f"{elapsed:.0f} s for three pages"  # ≈ 15–30 s on the project's machine


def test_scanned_pdf_lines_and_provenance(scanned):
    _, cells, _, doc, report, _, _ = scanned
    assert doc.form == "pdf" and all(line.number == i + 1 for i, line in enumerate(doc.lines))
    assert all(line.text == normalise(line.raw) for line in doc.lines)
    raws = [line.raw for line in doc.lines]
    # the ruled grid as the PDF reader gives it: merged cells resolved, wrapped labels joined
    assert any(r.startswith("\t\t2.其他法律行政法规禁止公开\t") for r in raws)
    assert any("\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t" in normalise(r).replace("(", "（").replace(")", "）")
               or "部分公开(区分处理的,只计这一情形,不计其他情形)" in normalise(r).replace("，", ",") for r in raws)
    assert any(r.count("\t") == 9 for r in raws) and any(r.count("\t") == 14 for r in raws)
    # page furniture (running header, "- n -") is gone; table 三 goes on from page 2 to page 3
    assert not any(r.endswith("政务公开") or r.strip("- ").isdigit() for r in raws)
    assert {line.page for line in doc.lines} == {1, 2, 3}
    for line in doc.lines:
        assert line.page is not None and line.boxes and line.confidence
        for s, e, c in line.confidence:
            assert 0 <= s < e <= len(line.raw) and 0 < c <= 1
    # a cell's provenance: page and box in PDF points, confidence lowered by the OCR score
    p = report.provenance["t3.unable_need_creation.total"]
    assert p.page == 3 and p.box is not None and p.method.endswith("+ocr")
    x0, top, x1, bottom = p.box
    assert 0 <= x0 < x1 <= 595.5 and 0 <= top < bottom <= 842.5
    assert doc.lines[p.line - 1].raw[p.col[0]:p.col[1]] == str(cells["t3.unable_need_creation.total"])


def test_low_confidence_cell_stays_as_read_and_is_flagged(scanned):
    _, cells, _, doc, report, key, _ = scanned
    assert report.cells[key] == cells[key]  # never guessed away
    p = report.provenance[key]
    assert p.confidence == _LOW < ocr.LOW_CONFIDENCE and p.method.endswith("+ocr")
    assert doc.lines[p.line - 1].confidence_at(*p.col) == _LOW
    # the other cells keep the engine's (high) scores
    assert sum(report.provenance[k].confidence < ocr.LOW_CONFIDENCE for k in cells) <= 3


@pytest.fixture(scope="module")
def compact(cjk_font):
    return _compact(31)


@pytest.mark.parametrize("dpi,angle", [(300, 0.0), (150, -2.0)], ids=["300dpi", "150dpi-askew"])
def test_png_screenshot_every_cell(compact, dpi, angle):
    """The tables on one long page, as a PNG: at 300 dpi it is scaled down and read in tiles;
    at 150 dpi it is photographed askew (−2°) and straightened."""
    cells, meta, pdf = compact
    (page,) = _rasterise(pdf, dpi)
    doc = read_bytes(_png(_turned(page, angle)), f"tables-{dpi}.png")
    assert doc.form == "image" and {line.page for line in doc.lines} == {1}
    report = extract_document(doc)
    score, wrong = _score(report, cells)
    assert score >= LEVEL[dpi], f"{dpi} dpi: {score:.2%} of cells; {len(wrong)} wrong (got, want): {wrong}"
    assert {k: report.meta[k] for k in meta} == meta
    # boxes are in the image's pixels
    p = report.provenance["t3.new_received.total"]
    assert p.box is not None and p.box[2] <= page.width + 1 and p.box[3] <= page.height + 1


# ---------------------------------------------------------------------------------------------
# Scans made askew: each page turned a little, as paper is fed or laid crooked

_SKEWED = (23, 150, (2.5, -1.5, 3.0))  # seed, dpi, the angle each page of the scan is turned by


def _turned(img: Image.Image, angle: float, background: int = 255) -> Image.Image:
    """A page as scanned turned ``angle`` degrees counter-clockwise: the scanner's lid, white
    or dark, shows where the paper does not cover the glass."""
    return img.rotate(angle, resample=Image.BICUBIC, fillcolor=background)


@pytest.fixture(scope="module")
def upright_pages(cjk_font) -> tuple[Image.Image, Image.Image]:
    """A page of table 三 at 150 dpi and a page of text lines."""
    table_page = _rasterise(_report(_SKEWED[0])[2], 150)[1]
    text_page = _text_image([(60 + 45 * i, "本年新收政府信息公开申请数量 95 件，予以公开 50 件") for i in range(12)], (900, 700))
    return table_page, text_page


@pytest.mark.parametrize("angle", [-5.0, -2.5, -0.7, 0.0, 0.4, 1.5, 3.0, 7.5])
def test_skew_is_measured(angle, upright_pages):
    """Without OCR: the skew of a table page and of a page of text lines, within 0.1°."""
    import cv2
    import numpy as np

    for page in upright_pages:
        assert abs(ocr_image.skew(np.asarray(_turned(page, angle))) - angle) <= 0.1
    assert ocr_image.skew(np.full((800, 600), 255, np.uint8)) == 0.0  # nothing to measure on a blank page …
    blobs = cv2.GaussianBlur(np.random.default_rng(1).integers(0, 255, (1000, 800), np.uint8), (0, 0), 8)
    assert ocr_image.skew(cv2.normalize(blobs, None, 0, 255, cv2.NORM_MINMAX)) == 0.0  # … nor on a picture


def test_straightening_cuts_nothing_off_a_tall_image(cjk_font):
    """Scanned pages turned −3° each, stacked into one tall image (as portals post them):
    straightened about the image's centre, the top and bottom pages move sideways, so the
    canvas grows and no text is cut off."""
    import numpy as np

    page = _text_image([(60 + 90 * i, "政府信息公开工作年度报告本年新收申请数量") for i in range(8)], (640, 800))
    tall = np.vstack([np.asarray(_turned(page, -3.0)) for _ in range(4)])
    straight = ocr_image.deskew(tall)
    assert abs(ocr_image.skew(straight)) < 0.1 and straight.shape[1] > tall.shape[1]
    ink = straight < 128
    assert not (ink[:, :2].any() or ink[:, -2:].any())  # nothing runs into the edge: nothing was cut
    assert abs(ink.sum() - (tall < 128).sum()) < 0.03 * (tall < 128).sum()


def test_dark_background_is_cleared_and_rules_stay(upright_pages):
    """The dark lid around a crooked page is painted white (straightened, its edge would be a
    ruled box around the page); a table drawn up to the image's edge keeps its rules."""
    import numpy as np

    page = np.asarray(_turned(upright_pages[0], 2.0, background=30))
    cleared = ocr_image.clear_border(page)
    assert (page < 110).sum() > 20_000 and (cleared[:, :40] < 200).sum() == 0 and (cleared[:40] < 200).sum() == 0
    grid = np.full((400, 600), 255, np.uint8)
    grid[::40, :] = 0
    grid[:, ::60] = 0
    assert (ocr_image.clear_border(grid) == grid).all()


def test_skewed_scan_every_cell(cjk_font):
    """A three-page scan, each page turned its own way by 1.5–3°, the second on a dark lid:
    straightened, every cell read (unstraightened, 20–30 % of cells came out right at 2–3°,
    75–90 % at 1°)."""
    seed, dpi, angles = _SKEWED
    cells, meta, pdf = _report(seed)
    pages = [_turned(p, a, 40 if i == 1 else 255) for i, (p, a) in enumerate(zip(_rasterise(pdf, dpi), angles,
                                                                                   strict=True))]
    doc = read_bytes(_image_pdf(pages, dpi), "skewed.pdf")
    report = extract_document(doc)
    score, wrong = _score(report, cells)
    assert score == 1.0, f"{score:.2%} of cells; {len(wrong)} wrong (got, want): {wrong}"
    assert {k: report.meta[k] for k in meta} == meta
    # boxes are on the straightened page: its own size, in PDF points
    for key in ("t3.new_received.total", "t3.unable_need_creation.total"):
        x0, top, x1, bottom = report.provenance[key].box
        assert 0 <= x0 < x1 <= 595.5 and 0 <= top < bottom <= 842.5


# ---------------------------------------------------------------------------------------------
# Small images: forms, frames, tiles


def _text_image(lines: list[tuple[int, str]], size: tuple[int, int], font_size: int = 28, mode: str = "L") -> Image.Image:
    img = Image.new(mode, size, "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT_FILE, font_size, index=0)
    for y, text in lines:
        draw.text((20, y), text, fill="black", font=font)
    return img


def _read(img: Image.Image, fmt: str, name: str, **save) -> gongkai.model.Document:
    buf = io.BytesIO()
    img.save(buf, fmt, **save)
    return read_bytes(buf.getvalue(), name)


def test_jpeg_gif_and_multipage_tiff(cjk_font):
    one = _text_image([(20, "本年新收政府信息公开申请数量 95 件")], (640, 80))
    two = _text_image([(20, "予以公开 50 件，部分公开 7 件")], (640, 80))
    for fmt, name in (("JPEG", "a.jpg"), ("GIF", "a.gif")):
        doc = _read(one, fmt, name)
        assert normalise(doc.lines[0].raw).replace(" ", "") == "本年新收政府信息公开申请数量95件", name
    doc = _read(one, "TIFF", "two.tiff", save_all=True, append_images=[two])
    assert [(line.page, line.raw.replace(" ", "")) for line in doc.lines] == [
        (1, "本年新收政府信息公开申请数量95件"), (2, "予以公开50件，部分公开7件")]


def test_transparent_png_reads_dark_text():
    """Dark text on a transparent background: flattened onto white, not black on black."""
    img = _text_image([(20, "行政复议 12 件")], (400, 80), mode="RGBA")
    img.putalpha(img.convert("L").point(lambda v: 255 - v))  # only the glyphs are opaque
    doc = _read(img, "PNG", "t.png")
    assert doc.lines[0].raw.replace(" ", "") == "行政复议12件"


@pytest.mark.parametrize("angle", [90, -90, 92.5, -91.5])
def test_page_scanned_sideways_is_read_upright(angle, cjk_font):
    rows = ["行政复议结果维持 3 件", "行政复议结果纠正 1 件", "行政诉讼尚未审结 2 件", "行政诉讼总计 6 件"]
    img = _text_image([(20 + 50 * i, r) for i, r in enumerate(rows)], (600, 240)).rotate(angle, expand=True)
    doc = _read(img, "PNG", "sideways.png")
    assert [line.raw.replace(" ", "") for line in doc.lines] == [r.replace(" ", "") for r in rows]


def test_long_image_is_read_in_tiles_each_line_once(cjk_font):
    """A screenshot many pages high: tiles overlap; a line on a tile's edge is read once."""
    edges = [ocr.TILE, 2 * ocr.TILE]
    ys = [40, edges[0] - 60, edges[0] - 10, edges[0] + 40, edges[1] - 20, edges[1] + 300]
    img = _text_image([(y, f"第{i + 1}行政府信息公开") for i, y in enumerate(ys)], (520, edges[1] + 400))
    doc = _read(img, "PNG", "long.png")
    assert [line.raw for line in doc.lines] == [f"第{i + 1}行政府信息公开" for i in range(len(ys))]


def test_a_row_on_the_seam_of_two_tiles_is_kept_once(monkeypatch):
    """Two tiles place a box a pixel apart: a row whose centre is on the line between their
    parts is neither dropped by both nor taken twice."""
    import numpy as np

    gray = np.full((5000, 300), 255, np.uint8)
    gray[0, 0] = gray[-1, -1] = 0  # ink from edge to edge: tiles start at 0 and TILE
    line = ocr.TILE + ocr.TILE_OVERLAP / 2  # where the first tile's part ends and the second's begins

    def tile(_, dx, dy):  # the same row read by both tiles, its centre just past the line for each
        shift = 0.4 if dy == 0 else -0.4
        row = [ocr_layout.OcrBox(20 + 60 * i, line - 12 + shift, 60 + 60 * i, line + 12 + shift, str(i), 0.99) for i in range(3)]
        return row + ([ocr_layout.OcrBox(20, line + 25, 60, line + 49, "下一行", 0.99)] if dy else [])

    monkeypatch.setattr(ocr, "read_tile", tile)
    boxes, tiles = ocr.read_boxes(gray, 5)
    assert tiles == 2 and sorted(b.text for b in boxes) == ["0", "1", "2", "下一行"]


def test_large_image_is_scaled_down(cjk_font):
    img = _text_image([(3000, "政府信息公开工作年度报告")], (7000, 7000), font_size=200, mode="1")
    start = time.perf_counter()
    doc = _read(img, "PNG", "big.png")
    assert doc.lines[0].raw == "政府信息公开工作年度报告"
    assert time.perf_counter() - start < 30
    x0, top, x1, _ = doc.lines[0].boxes[0][2]  # in the image's own pixels
    assert 0 <= x0 < 200 and 2900 < top < 3100 and x1 > 2000


# ---------------------------------------------------------------------------------------------
# What cannot be read: a clear ReadError (or a partial result), never a traceback


def _reason(data: bytes, name: str = "bad.png") -> str:
    return refusal(data, name)


def test_corrupt_images():
    good = _png(_text_image([(10, "公开")], (200, 60)))
    assert _reason(good[:len(good) // 2]).startswith("文件已损坏 / corrupt image: ")
    assert _reason(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4).startswith("文件已损坏 / corrupt image: ")
    assert _reason(b"\xff\xd8\xff\xe0" + b"\x00" * 100, "bad.jpg").startswith("文件已损坏 / corrupt image: ")
    assert _reason(b"GIF89a\x01", "bad.gif").startswith("文件已损坏 / corrupt image: ")
    assert _reason(b"II*\x00" + b"\xff" * 64, "bad.tif").startswith("文件已损坏 / corrupt image: ")


def test_tiny_image():
    assert _reason(_png(Image.new("RGB", (1, 1), "white"))) == "图片过小 / image too small to hold text: 1×1 pixels"


def test_huge_image_refused_before_decoding():
    data = _png(Image.new("1", (12000, 12000), 1))
    start = time.perf_counter()
    assert _reason(data) == "图片过大 / image too large: 12000×12000 pixels (limit 100 million pixels)"
    assert time.perf_counter() - start < 1
    # above PIL's own limit too (twice 89 million pixels): the same plain reason
    assert _reason(_png(Image.new("1", (20000, 10000), 1))) == "图片过大 / image too large (limit 100 million pixels)"


def test_image_without_text():
    img = Image.new("L", (900, 600), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((100, 100, 800, 500), outline="black", width=3)
    draw.line((100, 300, 800, 300), fill="black", width=3)
    draw.ellipse((300, 150, 500, 250), fill="gray")
    try:
        doc = read_bytes(_png(img), "shapes.png")
    except ReadError as e:
        assert e.reason == "图片 / image: 未识别出文字 / OCR found no text"
    else:  # whatever it read is not a report: every cell null
        assert all(v is None for v in extract_document(doc).cells.values())


def test_blank_scan(cjk_font):
    pages = [Image.new("L", (1240, 1754), "white") for _ in range(2)]
    assert _reason(_image_pdf(pages, 150), "blank.pdf") == "扫描件，没有文字层 / scanned PDF: no text layer: 未识别出文字 / OCR found no text on its 2 pages"


def test_scan_reads_at_most_max_pages_in_bounded_time(cjk_font):
    pages = [_text_image([(800, f"第{n}部分 {'政府信息公开' * (n % 3 + 1)}")], (1240, 1754))
             for n in range(1, ocr.MAX_PAGES + 4)]
    start = time.perf_counter()
    doc = read_bytes(_image_pdf(pages, 150), "many.pdf")
    assert {line.page for line in doc.lines} == set(range(1, ocr.MAX_PAGES + 1))
    assert time.perf_counter() - start < 60  # blank margins are not OCRed: ≈ 0.3 s a page


def test_pages_read_apart_make_the_document_read_page_after_page(monkeypatch, cjk_font):
    """What the dask engine does with a scan (each page read on its own, then put together)
    gives the Document the reader gives, the file's tile budget included: tall pages read in
    two tiles each, three tiles a file; read apart, page 2 used two tiles where one was left,
    and is read again under the one."""
    monkeypatch.setattr(ocr, "MAX_PAGES", 3)
    tops, feet = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理申请情况"], ["甲页末行", "乙页末行", "丙页末行"]
    tall = [_text_image([(100, top), (4800, foot)], (1240, 5000)) for top, foot in zip(tops, feet, strict=True)]
    pdf = _image_pdf(tall, 150)
    whole = ocr.ocr_pages(pdf, "tall.pdf", "scan")
    ahead = [ocr.scan_page(pdf, "tall.pdf", n, "scan") for n in range(1, ocr.scan_pages(pdf, "tall.pdf", "scan") + 1)]
    again: list[int] = []
    split = ocr.scan_document("tall.pdf", "scan", ahead, lambda: again.append(1) or pdf)
    assert split == whole
    assert [p.tiles for p in ahead] == [2, 2, 2] and again == [1]
    assert [line.raw for line in whole.lines] == ["一、总体情况", "甲页末行", "二、主动公开政府信息情况"]  # page 2: one tile


def test_time_budget_stops_reading(monkeypatch, cjk_font):
    monkeypatch.setattr(ocr, "TIME_BUDGET", 0.0)
    pages = [_text_image([(800, f"第{n}部分 政府信息公开")], (1240, 1754)) for n in range(1, 4)]
    doc = read_bytes(_image_pdf(pages, 150), "slow.pdf")
    assert {line.page for line in doc.lines} == {1}


def test_garbage_text_layer_is_read_by_ocr(cjk_font):
    """A PDF whose text layer is private-use glyphs (a font without a Unicode map) over the
    printed page image: the text layer is ignored, the image is read."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    img = _text_image([(20, "某某县人民政府2024年政府信息公开工作年度报告")], (1100, 90))
    c.drawInlineImage(img, 30, 700, 550, 45)
    t = c.beginText(40, 600)
    t.setFont("WQY", 12)
    t.textLine("".join(chr(0xE000 + i) for i in range(60)))
    c.drawText(t)
    c.showPage()
    c.save()
    doc = read_bytes(buf.getvalue(), "garbled.pdf")
    assert [line.raw for line in doc.lines] == ["某某县人民政府2024年政府信息公开工作年度报告"]


def test_garbled():
    from gongkai.model import Line
    from gongkai.readers.pdf import garbled

    def lines(*texts):
        return [Line(i + 1, t, t) for i, t in enumerate(texts)]
    assert garbled(lines("\ue000\ue001\ue002 x", "\ufffd\ufffd"))
    assert not garbled(lines("政府信息公开 \ue000", "2024年"))
    assert not garbled(lines("", "  "))


def test_ocr_not_installed(monkeypatch, cjk_font):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "rapidocr" else real(name, *a))
    reason = _reason(_png(_text_image([(10, "公开")], (200, 60))), "a.png")
    assert reason == "图片 / image（未安装文字识别组件 / OCR reader not installed: it needs the Python package 'rapidocr'; pip install 'gongkai[ocr]')"
    reason = _reason(_image_pdf([Image.new("L", (600, 800), "white")], 72), "scan.pdf")
    assert reason.startswith("扫描件，没有文字层 / scanned PDF: no text layer（未安装文字识别组件 / OCR reader not installed: it needs the Python package 'rapidocr'")


def test_cli_reads_an_image_and_reports_bad_ones_without_traceback(tmp_path, cjk_font):
    good = tmp_path / "title.jpg"
    _text_image([(20, "某某县人民政府2024年政府信息公开工作年度报告")], (1100, 90)).save(good)
    bad = tmp_path / "cut.png"
    bad.write_bytes(_png(_text_image([(10, "公开")], (200, 60)))[:300])
    r = run_cli("extract", "--json", good, bad, timeout=120)
    assert "Traceback" not in r.stderr + r.stdout
    out = json_lines(r.stdout)
    assert out[0]["meta"]["agency"] == "某某县人民政府" and out[0]["meta"]["year"] == 2024
    assert out[1] == {"source": str(bad), "error": out[1]["error"]} and out[1]["error"].startswith("文件已损坏 / corrupt image: ")
