"""Images and scanned PDF pages → Document, by OCR (rapidocr's PP-OCR models on onnxruntime).

The OCR engine gives boxes: a text, its quadrilateral and a score. From them the reader
rebuilds what the PDF reader gives from a text layer, so that the extractor sees the same
kind of Lines whatever the source. Here: each page's image (``ocr_image.py``: decoded or
rendered, scaled, its dark border cleared, straightened) is read by the engine, in tiles when
it is long, and turned upright when it was sideways; ``ocr_layout.py`` lays its boxes out as
table rows and text lines, and ``layout.py``, shared with the PDF reader, makes a document of
the pages (page furniture dropped, tables broken over pages joined).

Each box's score is carried into ``Line.confidence`` for its span (and the lowest score of a
cell for the whole cell): the extractor lowers a cell's confidence to it and marks its method
``+ocr``. A score under ``LOW_CONFIDENCE`` flags a doubtful reading; it is never corrected or
dropped: a digit the OCR is unsure of stays as read. Boxes are in image pixels for images and
in PDF points for scanned PDF pages.

A page turned sideways (most boxes tall and narrow) is turned upright and read again. Boxes
are then in the coordinates of the page as turned (straightened, upright), as the PDF reader
gives them: for a skewed scan, a cell's box is where the cell is on the straightened page, a
few pixels (near the corners a few dozen) from where it is in the file's image.

Bounds: at most ``MAX_PAGES`` pages (frames of a TIFF/GIF, pages of a PDF, or page-high
tiles of a long image) are read, within ``TIME_BUDGET`` seconds of reading pages; image sizes
are bounded in ``ocr_image.py``.

A page is read on its own (``read_page``, ``scan_page``: one rendered page image in memory at
a time) into an ``OcrPage``, and ``document`` makes the Document of the pages in order, with
the bounds above. The local reader asks for each page as it goes; the distributed audit reads
a scan's pages as tasks of their own (``scan_pages`` says how many) and hands them, read
ahead, to ``scan_document``: the same code, so the same Document.

The OCR packages are an optional extra (``pip install 'gongkai[ocr]'``); without them the
readers raise a ReadError naming the missing package.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from gongkai.model import Document
from gongkai.readers.errors import ReadError
from gongkai.readers.layout import LaidPage, assemble, number
from gongkai.readers.ocr_image import (
    MAX_SIDE,
    MIN_SIDE,
    PageImage,
    clear_border,
    decode_image,
    deskew,
    first_line,
    fit,
    pdf_pages,
    render_page,
)
from gongkai.readers.ocr_layout import OcrBox, lay_out

if TYPE_CHECKING:
    import numpy as np

MAX_PAGES = 12  # pages (or tiles of a long image) OCRed per file: the tables come first
TIME_BUDGET = 240.0  # seconds of OCR per file; later pages are dropped like those past MAX_PAGES
TILE = 2400  # tiles of a long image: this high, overlapping by TILE_OVERLAP
TILE_OVERLAP = 200
SEAM = 30  # pixels past the middle of an overlap a tile keeps boxes (a text line is 20–40)
LOW_CONFIDENCE = 0.8  # a box read with a lower score is a doubtful reading
MIN_SCORE = 0.3  # boxes read with a lower score are noise (rapidocr's own cut-off is 0.5)
THREADS = 0  # onnxruntime threads; 0: all cores

OCR_PACKAGES = ("rapidocr", "onnxruntime")
INSTALL_HINT = "pip install 'gongkai[ocr]'"
IMAGE = "图片 / image"  # what an image file is, in the reasons it is refused for


# -- entry points -------------------------------------------------------------------------


def read_image(data: bytes, source: str) -> Document:
    """OCR a PNG, JPEG, TIFF or GIF image (every frame of a multi-page TIFF/GIF, up to
    ``MAX_PAGES``) into a Document; raise ReadError for a corrupt, tiny or huge image, one
    without text, or when the OCR packages are not installed."""
    _require(source, IMAGE)
    pages = decode_image(data, source, MAX_PAGES)
    return document(source, len(pages), lambda n, budget: read_page(pages[n - 1], n, budget, source=source, what=IMAGE),
                    "image", IMAGE)


def ocr_pages(pdf: bytes, source: str, why: str = "scanned PDF: no text layer") -> Document:
    """OCR the first ``MAX_PAGES`` pages of a PDF (rendered with pypdfium2) into a Document:
    for scanned PDFs, whose text layer is missing or garbage (``why`` says which, and opens
    the reason of any ReadError)."""
    count = scan_pages(pdf, source, why)
    return document(source, count, lambda n, budget: scan_page(pdf, source, n, why, budget), "pdf", why)


def scan_pages(pdf: bytes, source: str, why: str) -> int:
    """How many pages of a scanned PDF OCR reads (its first ``MAX_PAGES``); ReadError if the
    OCR packages are missing or the PDF cannot be opened."""
    _require(source, why)
    return pdf_pages(pdf, source, why, MAX_PAGES)


def scan_page(pdf: bytes, source: str, page_no: int, why: str, budget: int | None = None) -> OcrPage:
    """Page ``page_no`` (1-based) of a scanned PDF rendered and read by OCR, with ``budget``
    tiles left of the file's ``MAX_PAGES`` (all of them: a page read ahead, apart)."""
    budget = MAX_PAGES if budget is None else budget
    started = time.monotonic()
    try:
        page = render_page(pdf, source, why, page_no)
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(source, f"{why}: 内存不足 / out of memory while reading it by OCR") from None
    except Exception as e:  # noqa: BLE001 — pdfium failing on a page it cannot render
        return OcrPage(page_no, None, 0, budget, time.monotonic() - started, first_line(e) or type(e).__name__)
    return read_page(page, page_no, budget, source=source, what=why, started=started)


def scan_document(source: str, why: str, pages: Sequence[OcrPage | ReadError], pdf: Callable[[], bytes]) -> Document:
    """The Document of a scanned PDF from its pages read ahead (``scan_page`` with the whole
    budget, each on its own), exactly as ``ocr_pages`` reads it: a page whose reading depends
    on the tiles the pages before it used (``OcrPage.holds``) is read again here, from
    ``pdf()``, under the budget left; a page that could not be read (a ReadError) raises
    where ``ocr_pages`` would have met it."""
    def page(n: int, budget: int) -> OcrPage:
        ahead = pages[n - 1]
        if isinstance(ahead, ReadError):
            raise ahead
        return ahead if ahead.holds(budget) else scan_page(pdf(), source, n, why, budget)

    return document(source, len(pages), page, "pdf", why)


def _require(source: str, what: str) -> None:
    """ReadError unless the OCR packages can be imported."""
    import importlib.util

    for name in OCR_PACKAGES:
        if importlib.util.find_spec(name) is None:
            raise ReadError(source, f"{what}（未安装文字识别组件 / OCR reader not installed: it needs the Python package "
                                    f"{name!r}; {INSTALL_HINT})")


@lru_cache(maxsize=1)
def engine() -> Any:
    """The OCR engine, loaded once per process (the models ship inside the rapidocr wheel:
    the default models only, any other would be downloaded). The per-line orientation
    classifier is off (a sideways page is found and turned by ``_sideways``); rapidocr's own
    downscaling is off (pages arrive sized here).
    Only preprocessing parameters differ from rapidocr's defaults, never the models."""
    import logging

    from rapidocr import RapidOCR

    # every box comes back, whatever its score: a sideways page is known by its poor readings;
    # boxes under MIN_SCORE are dropped after that
    params = {"Global.log_level": "error", "Global.use_cls": False, "Global.text_score": 0.0,
              "Global.max_side_len": max(MAX_SIDE, TILE + TILE_OVERLAP),
              # a text crop is padded to at least this width: 160, not 320, so that the many
              # short numbers of a table cost less (narrower still, lone digits misread: 0 as O)
              "Rec.rec_img_shape": [3, 48, 160], "Rec.rec_batch_num": 16,
              # the detector scales an image up to this many pixels on its short side: 736
              # made a strip of text 9 times larger (and slower) for nothing
              "Det.limit_side_len": 256}
    if THREADS:
        params["EngineConfig.onnxruntime.intra_op_num_threads"] = THREADS
    ocr = RapidOCR(params=params)
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return ocr


# -- OCR of one page -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OcrPage:
    """One page read by OCR: what ``document`` needs of it (small: its laid-out text and
    boxes, never its image), so that pages read elsewhere can be handed over.

    ``laid`` is None for a page without area; ``tiles`` the tiles of the file's budget the page
    used, read under ``budget`` tiles left; ``seconds`` the time it took (rendering
    included); ``error`` the engine's or renderer's first line where the page could not be
    read."""

    number: int
    laid: LaidPage | None
    tiles: int
    budget: int
    seconds: float
    error: str | None = None

    def holds(self, budget: int) -> bool:
        """Whether the page reads the same under ``budget`` tiles left: a reading under a
        larger budget that used no more than ``budget`` tiles did not depend on it (each read
        is cut at the budget left, and the sideways page's second read happens only when
        a tile is left); a failed page only under its own."""
        return budget == self.budget or (self.error is None and self.tiles <= budget)


def read_page(page: PageImage, page_no: int, budget: int, *, source: str, what: str,
              started: float | None = None) -> OcrPage:
    """OCR one page image (``budget`` tiles left of the file's) and lay it out; the engine
    failing on it is the page's ``error``, running out of memory a ReadError (``what`` and
    ``source`` name the file)."""
    started = time.monotonic() if started is None else started
    gray, unit = page
    if gray is None:
        return OcrPage(page_no, None, 0, budget, time.monotonic() - started)
    used = 0
    try:
        gray, unit = fit(gray, unit)
        gray = deskew(clear_border(gray))
        boxes, used = read_boxes(gray, budget)
        turn = _sideways(boxes)
        if turn and budget - used > 0:  # read the page again, turned upright (and straightened as such)
            import numpy as np

            gray = deskew(np.ascontiguousarray(np.rot90(gray, turn)))
            boxes, again = read_boxes(gray, budget - used)
            used += again
        boxes = [b for b in boxes if b.score >= MIN_SCORE]
        laid = (gray.shape[1] / unit, gray.shape[0] / unit, lay_out(boxes, gray, page_no, unit))
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(source, f"{what}: 内存不足 / out of memory while reading it by OCR") from None
    except Exception as e:  # noqa: BLE001 — the OCR engine failing on a page it cannot take
        return OcrPage(page_no, None, used, budget, time.monotonic() - started, first_line(e) or type(e).__name__)
    return OcrPage(page_no, laid, used, budget, time.monotonic() - started)


def document(source: str, count: int, page: Callable[[int, int], OcrPage], form: str, what: str) -> Document:
    """The Document of ``count`` pages, ``page(number, tiles left)`` giving each in order:
    reading stops once ``MAX_PAGES`` tiles are used or the pages took ``TIME_BUDGET``
    seconds; a page that fails ends it there (ReadError if it is the first page read)."""
    if count == 0:
        raise ReadError(source, f"{what}: 没有页面 / it has no pages")
    laid: list[LaidPage] = []
    budget = MAX_PAGES  # pages, or tiles of a long image
    spent = 0.0
    seen = 0
    for n in range(1, count + 1):
        seen = n
        got = page(n, budget)
        if got.error is not None:
            if not laid:
                raise ReadError(source, f"{what}: 文字识别失败 / OCR failed ({got.error})")
            break
        if got.laid is not None:
            laid.append(got.laid)
        budget -= got.tiles
        spent += got.seconds
        if budget <= 0 or spent > TIME_BUDGET:
            break
    lines = number(assemble(laid))
    if not lines:
        raise ReadError(source, f"{what}: 未识别出文字 / OCR found no text" + (f" on its {seen} pages" if seen > 1 else ""))
    return Document(source=source, lines=lines, form=form)


def _sideways(boxes: list[OcrBox]) -> int:
    """Quarter turns (counter-clockwise) that set a sideways page upright, 0 if it is upright.

    A landscape table printed on a turned page, or a page scanned sideways, gives boxes that
    are mostly tall and narrow. The engine reads a tall box turned a quarter counter-clockwise
    (so text running down the page reads right): if those readings score well the page needs
    that turn, else the other (read upside down, they score poorly)."""
    lines = [b for b in boxes if max(b.h, b.w) > 3 * min(b.h, b.w)]  # several glyphs long
    tall = [b for b in lines if b.h > b.w]
    if len(tall) < 3 or len(tall) <= 0.6 * len(lines):
        return 0
    return 1 if sum(b.score for b in tall) / len(tall) >= LOW_CONFIDENCE else -1


def read_boxes(gray: np.ndarray, budget: int) -> tuple[list[OcrBox], int]:
    """The boxes of a page image and the number of tiles read. Only the part with ink is
    given to the detector (blank margins cost time for nothing); a page higher than TILE is
    read in overlapping tiles (at most ``budget``), each box kept from the tile whose middle
    part holds its centre. Two tiles place a box a pixel apart: one on the line between
    their parts would be dropped by both (a row of numbers lost), so each tile keeps boxes
    ``SEAM`` pixels past its part, and a box the previous tile kept is not taken twice."""
    import numpy as np

    ink = gray < 200
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return [], 1
    pad = 24
    y0, y1 = max(0, rows[0] - pad), min(gray.shape[0], rows[-1] + pad + 1)
    x0, x1 = max(0, cols[0] - pad), min(gray.shape[1], cols[-1] + pad + 1)
    if y1 - y0 <= TILE + TILE_OVERLAP:
        return read_tile(gray[y0:y1, x0:x1], x0, y0), 1
    starts = list(range(y0, y1 - TILE_OVERLAP, TILE))[:max(1, budget)]
    boxes: list[OcrBox] = []
    for i, top in enumerate(starts):
        lo = top + TILE_OVERLAP / 2 - SEAM if i else float("-inf")
        hi = top + TILE + TILE_OVERLAP / 2 + SEAM if i < len(starts) - 1 else float("inf")
        seam = [b for b in boxes if (b.top + b.bottom) / 2 >= lo]  # kept by the previous tile, in reach
        tile = read_tile(gray[top:min(y1, top + TILE + TILE_OVERLAP), x0:x1], x0, top)
        boxes += [b for b in tile if lo <= (b.top + b.bottom) / 2 < hi and not any(_same_box(b, k) for k in seam)]
    return boxes, len(starts)


def _same_box(a: OcrBox, b: OcrBox) -> bool:
    """Whether two boxes are one text read twice: they overlap by half the smaller one."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    return w > 0 and h > 0 and w * h >= 0.5 * min(a.w * a.h, b.w * b.h)


def read_tile(tile: np.ndarray, dx: float, dy: float) -> list[OcrBox]:
    """The boxes the engine reads in one tile of a page (or a whole page), moved by (dx, dy)
    into the page's pixels."""
    import numpy as np

    dx, dy = float(dx), float(dy)
    if min(tile.shape) < MIN_SIDE:
        return []
    result = engine()(np.ascontiguousarray(tile))
    if getattr(result, "boxes", None) is None or getattr(result, "txts", None) is None:
        return []
    out = []
    # the engine's three lists are parallel; should one be short, the boxes it reaches are read
    for quad, text, score in zip(result.boxes, result.txts, result.scores, strict=False):
        text = _clean(text)
        if not text:
            continue
        xs, ys = [float(p[0]) for p in quad], [float(p[1]) for p in quad]
        out.append(OcrBox(min(xs) + dx, min(ys) + dy, max(xs) + dx, max(ys) + dy, text, float(score)))
    return out


def _clean(text: str) -> str:
    """An OCR text without tabs and line breaks (they separate cells and lines here)."""
    return re.sub(r"\s+", " ", text).strip()

