"""Images and scanned PDF pages → Document, by OCR (rapidocr's PP-OCR models on onnxruntime).

The OCR engine gives boxes: a text, its quadrilateral and a score. From them this module
rebuilds what the PDF reader gives from a text layer, so that the extractor sees the same
kind of Lines whatever the source:

* **ruled tables**: the page's drawn rules are found in the image (long thin runs of ink,
  by morphological opening); a box's cell is the rectangle of rules around it. Boxes in one
  cell are one cell's text (a wrapped label reads as one string); the cells of a table give
  its grid, and each grid row is one Line, cells joined by tabs, merged cells resolved (text
  in the top-left position, "" in the positions it covers, as the PDF reader does);
* **everything else** (body text, unruled tables): boxes grouped into visual lines by
  vertical overlap, left to right; wide gaps (table columns) and the gap between two numbers
  become tabs.

Page furniture and tables broken over pages are handled by the PDF reader's own assembly.
Each box's score is carried into ``Line.confidence`` for its span (and the lowest score of a
cell for the whole cell): the extractor lowers a cell's confidence to it and marks its method
``+ocr``. A score under ``LOW_CONFIDENCE`` flags a doubtful reading; it is never corrected or
dropped: a digit the OCR is unsure of stays as read. Boxes are in image pixels for images and
in PDF points for scanned PDF pages.

A page scanned a little askew (paper fed or laid crooked: a degree or a few) is turned
straight before OCR: its skew is the angle under which the rows of its ink (text lines, table
rules) are sharpest (``_skew``, searched within ``MAX_SKEW`` degrees), and the page is turned
back about its centre, keeping its size, when that angle is at least ``MIN_SKEW``: else the
drawn rules would not be found as lines and a row's boxes would drift into the next row
(the canvas grows where the turned ink would reach past the image's edge).
First, a dark background around the paper (a scanner's lid, a desk under a photographed
page) is painted white (``_clear_border``): straightened, the paper's edge would read as a
ruled box around the page, and all its text as one cell.
A page turned sideways (most boxes tall and narrow) is turned upright and read again. Boxes
are then in the coordinates of the page as turned (straightened, upright), as the PDF reader
gives them: for a skewed scan, a cell's box is where the cell is on the straightened page, a
few pixels (near the corners a few dozen) from where it is in the file's image.

Bounds: at most ``MAX_PAGES`` pages (frames of a TIFF/GIF, pages of a PDF, or page-high
tiles of a long image) are read, within ``TIME_BUDGET`` seconds; an image larger than
``MAX_PIXELS`` is refused before it is decoded, and pages are scaled down to ``WORK_SIDE``
pixels on their short side (≈170 dpi for A4) and ``MAX_SIDE`` on their long side before OCR.

The OCR packages are an optional extra (``pip install 'gongkai[ocr]'``); without them the
readers raise a ReadError naming the missing package.
"""

from __future__ import annotations

import io
import itertools
import re
import time
import unicodedata
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from gongkai.model import Document, Line
from gongkai.normalize import normalise
from gongkai.readers.errors import ReadError
from gongkai.readers.pdf import _assemble, _Item

if TYPE_CHECKING:
    import numpy as np

MAX_PAGES = 12  # pages (or tiles of a long image) OCRed per file: the tables come first
TIME_BUDGET = 240.0  # seconds of OCR per file; later pages are dropped like those past MAX_PAGES
MAX_PIXELS = 100_000_000  # a larger image is refused before decoding (a decompression bomb)
MIN_SIDE = 16  # an image smaller than this (pixels) on a side cannot hold a line of text
WORK_SIDE = 1400  # pages are OCRed at most this many pixels on their short side (A4: 170 dpi) …
MAX_SIDE = 4000  # … and on their long side (a long screenshot is cut into tiles instead)
TILE = 2400  # tiles of a long image: this high, overlapping by TILE_OVERLAP
TILE_OVERLAP = 200
SEAM = 30  # pixels past the middle of an overlap a tile keeps boxes (a text line is 20–40)
LOW_CONFIDENCE = 0.8  # a box read with a lower score is a doubtful reading
MIN_SCORE = 0.3  # boxes read with a lower score are noise (rapidocr's own cut-off is 0.5)
THREADS = 0  # onnxruntime threads; 0: all cores
MAX_SKEW = 8.0  # degrees: a page scanned askew is straightened if it is turned at most this much …
MIN_SKEW = 0.2  # … and at least this much (less does not disturb the layout)
SKEW_POINTS = 200_000  # ink pixels sampled to measure a page's skew (bounds its cost: ≈ 0.1 s a page)

OCR_PACKAGES = ("rapidocr", "onnxruntime")
INSTALL_HINT = "pip install 'gongkai[ocr]'"


class _Box(NamedTuple):
    """One OCR box, as an upright rectangle in the page image's pixels."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    score: float

    @property
    def h(self) -> float:
        return self.bottom - self.top

    @property
    def w(self) -> float:
        return self.x1 - self.x0


# -- entry points -------------------------------------------------------------------------


def read_image(data: bytes, source: str) -> Document:
    """OCR a PNG, JPEG, TIFF or GIF image (every frame of a multi-page TIFF/GIF, up to
    ``MAX_PAGES``) into a Document; raise ReadError for a corrupt, tiny or huge image, one
    without text, or when the OCR packages are not installed."""
    _require(source, "image")
    pages = _decode_image(data, source)
    return _document(source, pages, "image", "image")


def ocr_pages(pdf: bytes, source: str, why: str = "scanned PDF: no text layer") -> Document:
    """OCR the first ``MAX_PAGES`` pages of a PDF (rendered with pypdfium2) into a Document:
    for scanned PDFs, whose text layer is missing or garbage (``why`` says which, and opens
    the reason of any ReadError)."""
    _require(source, why)
    return _document(source, _render_pdf(pdf, source, why), "pdf", why)


def garbled(lines) -> bool:
    """Whether a text layer is garbage: most of its printed characters are U+FFFD, private-use
    glyphs or other unassigned/control code points (fonts without a Unicode map)."""
    total = bad = 0
    for line in lines:
        for ch in line.raw:
            if ch.isspace():
                continue
            total += 1
            if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn", "Cc", "Cs"):
                bad += 1
    return total > 0 and bad > total / 2


def _require(source: str, what: str) -> None:
    """ReadError unless the OCR packages can be imported."""
    import importlib.util

    for name in OCR_PACKAGES:
        if importlib.util.find_spec(name) is None:
            raise ReadError(source, f"{what} (OCR reader not installed: it needs the Python package "
                                    f"{name!r}; {INSTALL_HINT})")


@lru_cache(maxsize=1)
def _engine():
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
    engine = RapidOCR(params=params)
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return engine


# -- pages in -----------------------------------------------------------------------------


def _decode_image(data: bytes, source: str):
    """The image's frames as (grayscale array, unit) pairs; unit is pixels per box unit (1)."""
    import numpy as np
    from PIL import Image, ImageOps

    frames = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PIL warns of a damaged EXIF block it skips, of big images
            with Image.open(io.BytesIO(data)) as img:
                for n in range(min(getattr(img, "n_frames", 1), MAX_PAGES)):
                    img.seek(n)
                    w, h = img.size  # a TIFF's frames may each have their own size
                    if w * h > MAX_PIXELS:
                        raise ReadError(source, f"image too large: {w}×{h} pixels "
                                                f"(limit {MAX_PIXELS / 1e6:.0f} million pixels)")
                    if min(w, h) < MIN_SIDE:
                        if n:
                            continue  # a thumbnail frame
                        raise ReadError(source, f"image too small to hold text: {w}×{h} pixels")
                    frame = ImageOps.exif_transpose(img) if n == 0 else img
                    frames.append((np.asarray(_gray(frame)), 1.0))
    except ReadError:
        raise
    except Image.DecompressionBombError:  # PIL's own limit, above ours: twice 89 million pixels
        raise ReadError(source, f"image too large (limit {MAX_PIXELS / 1e6:.0f} million pixels)") from None
    except Exception as e:  # noqa: BLE001 — PIL raises many kinds for a broken file (OSError, SyntaxError, …)
        raise ReadError(source, f"corrupt image: {_first_line(e) or type(e).__name__}") from None
    return frames


def _gray(img):
    """A PIL image as 8-bit grayscale; transparency over white (dark text on a transparent
    background would else turn black on black), 16-bit and float images rescaled."""
    from PIL import Image

    if img.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        import numpy as np

        a = np.asarray(img, dtype=np.float64)
        lo, hi = float(a.min()), float(a.max())
        a = (a - lo) * (255.0 / (hi - lo)) if hi > lo else np.full(a.shape, 255.0)
        return Image.fromarray(a.astype(np.uint8), "L")
    if img.mode == "P":
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        img = img.convert("RGBA")
        white = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, img)
    return img.convert("L")


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0][:200] if str(e).strip() else ""


def _render_pdf(pdf: bytes, source: str, why: str):
    """The PDF's first pages rendered as grayscale arrays, with their pixels per point. Pages
    are rendered lazily (a generator), so a time budget that runs out renders no more."""
    import pypdfium2 as pdfium

    from gongkai.readers.pdfium import LOCK

    try:
        with LOCK:
            doc = pdfium.PdfDocument(pdf)
    except Exception as e:  # noqa: BLE001 — PdfiumError: bad password, broken file …
        raise ReadError(source, f"{why}: cannot render its pages ({_first_line(e) or type(e).__name__})") from None

    def pages():
        import numpy as np

        try:
            with LOCK:
                count = len(doc)
            for n in range(min(count, MAX_PAGES)):
                with LOCK:  # held while pdfium works, not while the page is OCRed
                    page = doc[n]
                    w, h = page.get_size()  # points, as displayed (rotation applied)
                    if w <= 0 or h <= 0:
                        arr = None
                    else:
                        scale = min(WORK_SIDE / min(w, h), MAX_SIDE / max(w, h), 600 / 72)
                        arr = page.render(scale=scale, grayscale=True).to_numpy().copy()
                    page.close()
                if arr is None:
                    yield None, 1.0
                    continue
                if arr.ndim == 3:  # some builds give BGR(x) even when asked for gray
                    arr = arr[..., :3].mean(axis=2).astype(np.uint8)
                yield np.ascontiguousarray(arr), scale
        finally:
            with LOCK:
                doc.close()

    return pages()


# -- OCR of one page -----------------------------------------------------------------------


def _document(source: str, pages, form: str, what: str) -> Document:
    """OCR each page, lay it out and assemble the Document."""
    deadline = time.monotonic() + TIME_BUDGET
    laid: list[tuple[float, float, list[_Item]]] = []
    confidences: dict[int, tuple] = {}
    budget = MAX_PAGES  # pages, or tiles of a long image
    page_no = 0
    try:
        for gray, unit in pages:
            page_no += 1
            if gray is not None:
                gray, unit = _fit(gray, unit)
                gray = _deskew(_clear_border(gray))
                boxes, used = _ocr(gray, budget)
                budget -= used
                turn = _sideways(boxes)
                if turn and budget > 0:  # read the page again, turned upright (and straightened as such)
                    import numpy as np

                    gray = _deskew(np.ascontiguousarray(np.rot90(gray, turn)))
                    boxes, used = _ocr(gray, budget)
                    budget -= used
                boxes = [b for b in boxes if b.score >= MIN_SCORE]
                items = _layout(boxes, gray, page_no, unit, confidences)
                laid.append((gray.shape[1] / unit, gray.shape[0] / unit, items))
            if budget <= 0 or time.monotonic() > deadline:
                break
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(source, f"{what}: out of memory while reading it by OCR") from None
    except Exception as e:  # noqa: BLE001 — the OCR engine failing on a page it cannot take
        if not laid:
            raise ReadError(source, f"{what}: OCR failed ({_first_line(e) or type(e).__name__})") from None
    if page_no == 0:
        raise ReadError(source, f"{what}: it has no pages")
    lines = _number(_assemble(laid), confidences)
    if not lines:
        raise ReadError(source, f"{what}: OCR found no text" + (f" on its {page_no} pages" if page_no > 1 else ""))
    return Document(source=source, lines=lines, form=form)


def _fit(gray: np.ndarray, unit: float) -> tuple[np.ndarray, float]:
    """The page scaled down to WORK_SIDE pixels on its short side and MAX_SIDE on its long
    side (unit scaled with it). A long image (a screenshot of a whole report) is only
    narrowed: its height is cut into tiles by ``_ocr``."""
    import cv2

    h, w = gray.shape
    scale = min(1.0, WORK_SIDE / min(h, w), MAX_SIDE / (w if h > 2 * w else max(h, w)))
    if scale < 0.999:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    return gray, unit * scale


def _clear_border(gray: np.ndarray) -> np.ndarray:
    """The page with the dark background around the paper painted white: dark regions that
    touch the image's edge and are solid somewhere (a core that a square of 1 % of the page's
    short side fits in), with their blurred rim. Rules and glyphs are thin: a table drawn up
    to the image's edge stays."""
    import cv2
    import numpy as np

    dark = (gray < 160).astype(np.uint8)  # with the paper's soft edge: cleared, no faint rim is left
    if not (dark[0].any() or dark[-1].any() or dark[:, 0].any() or dark[:, -1].any()):
        return gray
    k = max(9, min(gray.shape) // 100)
    core = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    h, w = gray.shape
    x, y, bw, bh = (stats[:, i] for i in range(4))
    edge = (x == 0) | (y == 0) | (x + bw == w) | (y + bh == h)
    solid = np.bincount(labels[core > 0], minlength=count) >= 2 * k * k
    clear = np.flatnonzero(edge & solid)
    clear = clear[clear > 0]  # label 0: the light pixels
    if not len(clear):
        return gray
    cleared = np.zeros(count, np.uint8)
    cleared[clear] = 1
    mask = cv2.dilate(cleared[labels], np.ones((5, 5), np.uint8))
    out = gray.copy()
    out[mask > 0] = 255
    return out


def _deskew(gray: np.ndarray) -> np.ndarray:
    """The page turned straight about its centre (white where nothing was) when it was
    scanned askew by ``MIN_SKEW`` degrees or more; else the page itself. The page keeps its
    size unless its ink, turned, would reach past an edge: then the canvas grows (a tall
    image turned moves its ends sideways by a fraction of its height)."""
    import cv2
    import numpy as np

    angle = _skew(gray)
    if abs(angle) < MIN_SKEW:
        return gray
    h, w = gray.shape
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    ink = gray < 128  # glyphs' cores: a faint speck or rim at the edge does not grow the canvas
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):  # faint ink only: nothing can be cut off
        rows, cols = np.array([0, h - 1]), np.array([0, w - 1])
    corners = np.array([[cols[0], rows[0], 1], [cols[-1], rows[0], 1], [cols[0], rows[-1], 1],
                        [cols[-1], rows[-1], 1]], dtype=np.float64) @ turn.T
    pad = 8
    shift = np.maximum(0.0, pad - corners.min(axis=0))
    turn[:, 2] += shift
    size = (max(w, int(np.ceil(corners[:, 0].max() + shift[0] + pad))),
            max(h, int(np.ceil(corners[:, 1].max() + shift[1] + pad))))
    return cv2.warpAffine(gray, turn, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def _skew(gray: np.ndarray) -> float:
    """How far the page's lines are turned counter-clockwise, in degrees (within ±MAX_SKEW).

    Projection profile: the ink's pixels, projected across the page at a trial angle, pile up
    in sharp rows (text lines, table rules) only at the page's own angle; the angle whose
    row counts have the largest sum of squares wins, searched every 0.5° then every 0.05°
    around the best. Ink is taken by adaptive threshold (a dark scanner border gives only its
    edge) inside a 3 % margin, at most ``SKEW_POINTS`` pixels of it. 0 when there is too
    little ink to tell, or when the best angle is not clearly sharper than none (2 %: a page
    of pictures has no lines; text turned 0.5° is 6 % sharper straightened, a table 90 %)."""
    import cv2
    import numpy as np

    h, w = gray.shape
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    my, mx = h * 3 // 100, w * 3 // 100
    ys, xs = np.nonzero(ink[my:h - my, mx:w - mx])
    if len(ys) < 500:
        return 0.0
    step = -(-len(ys) // SKEW_POINTS)
    ys = ys[::step].astype(np.float64) - (h / 2 - my)
    xs = xs[::step].astype(np.float64) - (w / 2 - mx)
    offset = float(np.hypot(h, w))

    def sharpness(angle: float) -> float:
        t = np.deg2rad(angle)
        rows = np.bincount((ys * np.cos(t) + xs * np.sin(t) + offset).astype(np.int64))
        return float(np.dot(rows, rows))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=sharpness)
    best = max(np.arange(best - 0.5, best + 0.51, 0.05), key=sharpness)
    return round(float(best), 2) if sharpness(best) >= 1.02 * sharpness(0.0) else 0.0


def _sideways(boxes: list[_Box]) -> int:
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


def _ocr(gray: np.ndarray, budget: int) -> tuple[list[_Box], int]:
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
        return _ocr_tile(gray[y0:y1, x0:x1], x0, y0), 1
    starts = list(range(y0, y1 - TILE_OVERLAP, TILE))[:max(1, budget)]
    boxes: list[_Box] = []
    for i, top in enumerate(starts):
        lo = top + TILE_OVERLAP / 2 - SEAM if i else float("-inf")
        hi = top + TILE + TILE_OVERLAP / 2 + SEAM if i < len(starts) - 1 else float("inf")
        seam = [b for b in boxes if (b.top + b.bottom) / 2 >= lo]  # kept by the previous tile, in reach
        for b in _ocr_tile(gray[top:min(y1, top + TILE + TILE_OVERLAP), x0:x1], x0, top):
            if lo <= (b.top + b.bottom) / 2 < hi and not any(_same_box(b, k) for k in seam):
                boxes.append(b)
    return boxes, len(starts)


def _same_box(a: _Box, b: _Box) -> bool:
    """Whether two boxes are one text read twice: they overlap by half the smaller one."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    return w > 0 and h > 0 and w * h >= 0.5 * min(a.w * a.h, b.w * b.h)


def _ocr_tile(tile: np.ndarray, dx: int, dy: int) -> list[_Box]:
    import numpy as np

    dx, dy = float(dx), float(dy)

    if min(tile.shape) < MIN_SIDE:
        return []
    result = _engine()(np.ascontiguousarray(tile))
    if getattr(result, "boxes", None) is None or getattr(result, "txts", None) is None:
        return []
    out = []
    for quad, text, score in zip(result.boxes, result.txts, result.scores):
        text = _clean(text)
        if not text:
            continue
        xs, ys = [float(p[0]) for p in quad], [float(p[1]) for p in quad]
        out.append(_Box(min(xs) + dx, min(ys) + dy, max(xs) + dx, max(ys) + dy, text, float(score)))
    return out


def _clean(text: str) -> str:
    """An OCR text without tabs and line breaks (they separate cells and lines here)."""
    return re.sub(r"\s+", " ", text).strip()


# -- layout: boxes → table rows and text lines ----------------------------------------------

_NUMBER = re.compile(r"[-+]?[\d０-９][\d０-９,，.．]*%?")


def _numeric(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text))


def _layout(boxes: list[_Box], gray: np.ndarray, page: int, unit: float, confidences: dict) -> list[_Item]:
    """The page's table rows and text lines, top to bottom, in page units (pixels / unit)."""
    if not boxes:
        return []
    em = sorted(b.h for b in boxes if b.w >= b.h)[len([b for b in boxes if b.w >= b.h]) // 2] \
        if any(b.w >= b.h for b in boxes) else sorted(b.w for b in boxes)[len(boxes) // 2]
    em = max(em, 6.0)
    hrules, vrules = _rules(gray, em)
    cells: dict[tuple[int, int, int, int], list[_Box]] = {}
    free: list[_Box] = []
    for b in boxes:
        rect = _cell_of(b, hrules, vrules, em)
        if rect is None:
            free.append(b)
        else:
            cells.setdefault(_snap(rect, cells, em), []).append(b)
    items: list[_Item] = []
    for table in _tables(cells, em):
        items += _table_rows(table, page, unit, em, confidences)
    for band in _bands(free):
        items.append(_free_line(band, page, unit, em, confidences))
    items.sort(key=lambda it: it.top)
    return items


def _rules(gray: np.ndarray, em: float):
    """Masks of the page's ruled lines: horizontal runs of ink longer than 2.5 em, vertical
    runs longer than 1.2 em (a glyph's strokes are shorter than its em)."""
    import cv2

    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    kh, kv = max(12, int(2.5 * em)), max(8, int(1.2 * em))
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (kh, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, kv)))
    return h > 0, v > 0


def _cell_of(b: _Box, hrules, vrules, em: float) -> tuple[int, int, int, int] | None:
    """The ruled rectangle (left, top, right, bottom) around a box, or None when the box is
    not enclosed by rules on all four sides. Rules are looked for from inside the text (an OCR
    box is drawn a little larger than its glyphs and may reach over a cell's rule)."""
    import numpy as np

    H, W = hrules.shape
    inset = min(0.3 * b.h, b.w / 3)
    xa, xb = int(b.x0 + inset), int(b.x1 - inset)
    if b.h > 1.5 * b.w:  # vertical text: the glyphs are narrow, the column is the box
        xa, xb = int(b.x0 + b.w / 3), int(b.x1 - b.w / 3)
    yc = (b.top + b.bottom) / 2
    ya, yb = int(yc - 0.2 * min(b.h, em * 1.5)), int(yc + 0.2 * min(b.h, em * 1.5))
    xa, xb = max(0, min(xa, W - 1)), max(1, min(max(xb, xa + 1), W))
    ya, yb = max(0, min(ya, H - 1)), max(1, min(max(yb, ya + 1), H))
    if b.h > 1.5 * b.w:
        ya, yb = int(b.top + 0.3 * b.w), int(b.bottom - 0.3 * b.w)
        ya, yb = max(0, min(ya, H - 1)), max(ya + 1, min(yb, H))
    # a wall covers (nearly) the whole band of the text it bounds
    above = np.flatnonzero(hrules[:ya, xa:xb].mean(axis=1) >= 0.8)
    below = np.flatnonzero(hrules[yb:, xa:xb].mean(axis=1) >= 0.8)
    left = np.flatnonzero(vrules[ya:yb, :xa].mean(axis=0) >= 0.8)
    right = np.flatnonzero(vrules[ya:yb, xb:].mean(axis=0) >= 0.8)
    if not (len(above) and len(below) and len(left) and len(right)):
        return None
    return int(left[-1]), int(above[-1]), int(xb + right[0]), int(yb + below[0])


def _snap(rect, cells: dict, em: float):
    """The key of an already seen cell that is this rectangle (within a rule's width)."""
    tol = max(3.0, 0.3 * em)
    for key in cells:
        if all(abs(a - b) <= tol for a, b in zip(key, rect)):
            return key
    return rect


def _tables(cells: dict, em: float) -> list[dict]:
    """Cells grouped into tables: cells that share a rule (touch) are in one table."""
    keys = list(cells)
    parent = list(range(len(keys)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = max(3.0, 0.4 * em)
    for i, a in enumerate(keys):
        for j in range(i):
            b = keys[j]
            if a[0] <= b[2] + tol and b[0] <= a[2] + tol and a[1] <= b[3] + tol and b[1] <= a[3] + tol:
                parent[find(i)] = find(j)
    groups: dict[int, dict] = {}
    for i, k in enumerate(keys):
        groups.setdefault(find(i), {})[k] = cells[k]
    return sorted(groups.values(), key=lambda g: min(k[1] for k in g))


def _cluster(values: list[float], tol: float) -> list[float]:
    """Sorted positions, those within ``tol`` of the previous one merged (a rule's width)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _index(pos: list[float], v: float) -> int:
    return min(range(len(pos)), key=lambda i: abs(pos[i] - v))


def _table_rows(table: dict, page: int, unit: float, em: float, confidences: dict) -> list[_Item]:
    """One item per grid row of a ruled table: each cell's text at its top-left grid position,
    "" at the positions a merged or empty cell covers."""
    tol = max(3.0, 0.4 * em)
    xs = _cluster([v for k in table for v in (k[0], k[2])], tol)
    ys = _cluster([v for k in table for v in (k[1], k[3])], tol)
    ncols = max(1, len(xs) - 1)
    grid: dict[int, dict[int, tuple]] = {}
    for key, boxes in table.items():
        r, c = _index(ys, key[1]), _index(xs, key[0])
        text, spans = _cell_text(boxes, em)
        grid.setdefault(r, {})[min(c, ncols - 1)] = (text, spans, key)
    table_id = next(_TABLE_IDS)
    items = []
    for r in sorted(grid):
        row = grid[r]
        texts, boxes, spans = [], [], []
        for c in range(ncols):
            if c in row:
                text, sp, key = row[c]
                texts.append(text)
                boxes.append(tuple(round(v / unit, 2) for v in key))
                spans.append(sp)
            else:
                texts.append("")
                boxes.append(None)
                spans.append(())
        top, bottom = ys[r] / unit, ys[min(r + 1, len(ys) - 1)] / unit
        item = _Item(page, top, bottom, tuple(texts), tuple(boxes), table_id)
        confidences[id(item)] = (item, tuple(spans))
        items.append(item)
    return items


def _cell_text(boxes: list[_Box], em: float) -> tuple[str, tuple]:
    """A cell's text: its visual lines top to bottom joined without a break (a label wraps
    inside its cell), each line's boxes left to right; with each box's (start, end, score)."""
    out, spans = "", []
    for band in _bands(boxes):
        for i, b in enumerate(band):
            if i and b.x0 - band[i - 1].x1 > 0.5 * max(b.h, band[i - 1].h, em) and out and not out.endswith(" "):
                out += " "
            spans.append((len(out), len(out) + len(b.text), b.score))
            out += b.text
    return out, tuple(spans)


def _bands(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes grouped into visual lines, top to bottom, each left to right. A box joins a line
    when it overlaps the line's first box vertically by half the smaller height: the line's
    first box, not the union, so that a tall box (vertical text) does not chain lines."""
    out: list[tuple[_Box, list[_Box]]] = []
    for b in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        if out:
            first, band = out[-1]
            overlap = min(first.bottom, b.bottom) - max(first.top, b.top)
            if overlap >= 0.5 * min(first.h, b.h):
                band.append(b)
                continue
        out.append((b, [b]))
    return [sorted(band, key=lambda b: b.x0) for _, band in out]


def _free_line(band: list[_Box], page: int, unit: float, em: float, confidences: dict) -> _Item:
    """A visual line outside any ruled cell: boxes left to right; a gap wider than 1.5 em, or
    any gap between two numbers (the columns of an unruled table), is a tab."""
    cells: list[list[_Box]] = [[band[0]]]
    for prev, b in itertools.pairwise(band):
        gap = b.x0 - prev.x1
        high = max(prev.h, b.h, em)
        if gap > 1.5 * high or (gap > 0.2 * high and _numeric(prev.text) and _numeric(b.text)):
            cells.append([b])
        else:
            cells[-1].append(b)
    texts, boxes, spans = [], [], []
    for group in cells:
        text, sp = _cell_text(group, em)
        texts.append(text)
        spans.append(sp)
        boxes.append((round(group[0].x0 / unit, 2), round(min(g.top for g in group) / unit, 2),
                      round(group[-1].x1 / unit, 2), round(max(g.bottom for g in group) / unit, 2)))
    top, bottom = min(b.top for b in band) / unit, max(b.bottom for b in band) / unit
    item = _Item(page, top, bottom, tuple(texts), tuple(boxes), None)
    confidences[id(item)] = (item, tuple(spans))
    return item


_TABLE_IDS = itertools.count(1)  # tables' ids, unique within a process


# -- the document -----------------------------------------------------------------------------


def _number(items: list[_Item], confidences: dict) -> tuple[Line, ...]:
    """Items as Lines numbered from 1: each cell's span has its box, and each OCR box's span
    its score (then each cell's span the lowest score of its boxes)."""
    lines = []
    for n, it in enumerate(items, start=1):
        raw = "\t".join(it.cells)
        boxes, conf, pos = [], [], 0
        kept = confidences.get(id(it))
        cell_spans = kept[1] if kept is not None and kept[0] is it else ((),) * len(it.cells)
        whole = []
        for cell, box, sp in zip(it.cells, it.boxes, cell_spans):
            if box is not None:
                boxes.append((pos, pos + len(cell), box))
            for s, e, score in sp:
                conf.append((pos + s, pos + e, round(score, 4)))
            if len(sp) > 1:
                whole.append((pos, pos + len(cell), round(min(score for _, _, score in sp), 4)))
            pos += len(cell) + 1
        lines.append(Line(n, normalise(raw), raw, page=it.page, boxes=tuple(boxes), confidence=tuple(conf + whole)))
    return tuple(lines)
