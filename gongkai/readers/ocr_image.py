"""Page images for the OCR reader: images decoded and PDF pages rendered as grayscale arrays,
scaled to the size OCR reads best at, and made straight.

Bounds: an image larger than ``MAX_PIXELS`` is refused before it is decoded; a page smaller
than ``MIN_SIDE`` on a side cannot hold a line of text; pages are scaled down to ``WORK_SIDE``
pixels on their short side (≈170 dpi for A4) and ``MAX_SIDE`` on their long side (a long image
only narrowed: the OCR reader cuts its height into tiles).

A page scanned a little askew (paper fed or laid crooked: a degree or a few) is turned
straight before OCR: its skew is the angle under which the rows of its ink (text lines, table
rules) are sharpest (``skew``, searched within ``MAX_SKEW`` degrees), and the page is turned
back about its centre, keeping its size, when that angle is at least ``MIN_SKEW``: else the
drawn rules would not be found as lines and a row's boxes would drift into the next row
(the canvas grows where the turned ink would reach past the image's edge).
First, a dark background around the paper (a scanner's lid, a desk under a photographed
page) is painted white (``clear_border``): straightened, the paper's edge would read as a
ruled box around the page, and all its text as one cell.

numpy, OpenCV and Pillow come with the OCR extra: they are imported where used.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from gongkai.readers.errors import ReadError

if TYPE_CHECKING:
    import numpy as np

MAX_PIXELS = 100_000_000  # a larger image is refused before decoding (a decompression bomb)
MIN_SIDE = 16  # an image smaller than this (pixels) on a side cannot hold a line of text
WORK_SIDE = 1400  # pages are OCRed at most this many pixels on their short side (A4: 170 dpi) …
MAX_SIDE = 4000  # … and on their long side (a long screenshot is cut into tiles instead)
MAX_SKEW = 8.0  # degrees: a page scanned askew is straightened if it is turned at most this much …
MIN_SKEW = 0.2  # … and at least this much (less does not disturb the layout)
SKEW_POINTS = 200_000  # ink pixels sampled to measure a page's skew (bounds its cost: ≈ 0.1 s a page)

# A page to read: its grayscale pixels (None for a page with no area) and its unit, pixels
# per unit of the boxes given back (1 for an image; pixels per point for a rendered PDF page).
PageImage = tuple["np.ndarray | None", float]


# -- pages in -----------------------------------------------------------------------------


def decode_image(data: bytes, source: str, max_frames: int) -> list[PageImage]:
    """The image's first ``max_frames`` frames as (grayscale array, unit) pairs; unit is pixels
    per box unit (1)."""
    import numpy as np
    from PIL import Image, ImageOps

    frames: list[PageImage] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PIL warns of a damaged EXIF block it skips, of big images
            with Image.open(io.BytesIO(data)) as img:
                for n in range(min(getattr(img, "n_frames", 1), max_frames)):
                    img.seek(n)
                    w, h = img.size  # a TIFF's frames may each have their own size
                    if w * h > MAX_PIXELS:
                        raise ReadError(source, f"图片过大 / image too large: {w}×{h} pixels "
                                                f"(limit {MAX_PIXELS / 1e6:.0f} million pixels)")
                    if min(w, h) < MIN_SIDE:
                        if n:
                            continue  # a thumbnail frame
                        raise ReadError(source, f"图片过小 / image too small to hold text: {w}×{h} pixels")
                    frame = ImageOps.exif_transpose(img) if n == 0 else img
                    frames.append((np.asarray(_gray(frame)), 1.0))
    except ReadError:
        raise
    except Image.DecompressionBombError:  # PIL's own limit, above ours: twice 89 million pixels
        raise ReadError(source, f"图片过大 / image too large (limit {MAX_PIXELS / 1e6:.0f} million pixels)") from None
    except Exception as e:  # noqa: BLE001 — PIL raises many kinds for a broken file (OSError, SyntaxError, …)
        raise ReadError(source, f"文件已损坏 / corrupt image: {first_line(e) or type(e).__name__}") from None
    return frames


def _gray(img: Any) -> Any:
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


def first_line(e: Exception) -> str:
    """The first line of an error's message (at most 200 characters), "" if it has none."""
    return str(e).strip().splitlines()[0][:200] if str(e).strip() else ""


def pdf_pages(pdf: bytes, source: str, why: str, max_pages: int) -> int:
    """How many of the PDF's pages OCR reads: its first ``max_pages``. ReadError (``why``
    opening the reason) for a PDF pdfium cannot open."""
    with _opened(pdf, source, why) as doc:
        return min(len(doc), max_pages)


def render_page(pdf: bytes, source: str, why: str, number: int) -> PageImage:
    """Page ``number`` (1-based) of a PDF rendered as a grayscale array, with its pixels per
    point; (None, 1.0) for a page without area. Each page is rendered on its own (the PDF
    opened for it), so that a worker holds one page image at a time and the pages of a scan
    can be read in parallel; a page that cannot be rendered raises what pdfium raised."""
    import numpy as np

    from gongkai.readers.pdfium import LOCK

    with _opened(pdf, source, why) as doc, LOCK:  # held while pdfium works, not while the page is OCRed
        page = doc[number - 1]
        try:
            w, h = page.get_size()  # points, as displayed (rotation applied)
            if w <= 0 or h <= 0:
                return None, 1.0
            scale = min(WORK_SIDE / min(w, h), MAX_SIDE / max(w, h), 600 / 72)
            arr = page.render(scale=scale, grayscale=True).to_numpy().copy()
        finally:
            page.close()
    if arr.ndim == 3:  # some builds give BGR(x) even when asked for gray
        arr = arr[..., :3].mean(axis=2).astype(np.uint8)
    return np.ascontiguousarray(arr), scale


@contextmanager
def _opened(pdf: bytes, source: str, why: str) -> Iterator[Any]:
    """The PDF opened with pdfium (under its lock), closed on the way out; ReadError if it
    cannot be opened."""
    import pypdfium2 as pdfium

    from gongkai.readers.pdfium import LOCK

    try:
        with LOCK:
            doc = pdfium.PdfDocument(pdf)
    except Exception as e:  # noqa: BLE001 — PdfiumError: bad password, broken file …
        raise ReadError(source, f"{why}: 无法渲染页面 / cannot render its pages ({first_line(e) or type(e).__name__})") from None
    try:
        yield doc
    finally:
        with LOCK:
            doc.close()


# -- made ready for OCR ------------------------------------------------------------------


def fit(gray: np.ndarray, unit: float) -> tuple[np.ndarray, float]:
    """The page scaled down to WORK_SIDE pixels on its short side and MAX_SIDE on its long
    side (unit scaled with it). A long image (a screenshot of a whole report) is only
    narrowed: its height is cut into tiles by the OCR reader."""
    import cv2

    h, w = gray.shape
    scale = min(1.0, WORK_SIDE / min(h, w), MAX_SIDE / (w if h > 2 * w else max(h, w)))
    if scale < 0.999:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    return gray, unit * scale


def clear_border(gray: np.ndarray) -> np.ndarray:
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


def deskew(gray: np.ndarray) -> np.ndarray:
    """The page turned straight about its centre (white where nothing was) when it was
    scanned askew by ``MIN_SKEW`` degrees or more; else the page itself. The page keeps its
    size unless its ink, turned, would reach past an edge: then the canvas grows (a tall
    image turned moves its ends sideways by a fraction of its height)."""
    import cv2
    import numpy as np

    angle = skew(gray)
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


def skew(gray: np.ndarray) -> float:
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

