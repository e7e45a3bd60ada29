"""PDF pages through pdfium (pypdfium2's raw bindings): each page's characters with their
boxes and its visible drawn rules, in pdfplumber's conventions (points, origin at the top
left of the page as displayed), for the layout code of ``pdf.py``.

pdfium gives positions in the PDF's own user space (origin bottom left, before the page's
/Rotate); this module turns them into the page as read: shown as its /Rotate says, or turned
further so that most of its text runs left to right (a landscape table printed on a turned
portrait page). A glyph's box is pdfium's "loose" box: the advance width by the font's
ascent and descent, as pdfminer boxes glyphs (the tight box of each glyph's outline would
make the gaps between CJK glyphs look like spaces).

Drawn rules are the straight, horizontal or vertical segments of the page's path objects
(inside form XObjects too, placed by the form's matrix) that show: stroked or filled in a
colour other than white. Word processors lay white rectangles under text and cells; their
sides rule nothing.

pdfium is not thread-safe: documents are read one at a time under a lock.
"""

from __future__ import annotations

import ctypes
import math
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

import pypdfium2  # noqa: F401  (initialises the pdfium library)
import pypdfium2.raw as c

from gongkai.readers.errors import ReadError

# pdfium is not thread-safe: every use of it in gongkai (here and the OCR reader's page
# rendering) holds this lock.
LOCK = threading.Lock()
MAX_FORM_DEPTH = 8  # form XObjects nested deeper than this are not searched for rules
MAX_PATHS = 20_000  # path objects examined per page: more is a drawing, not a form's table
AXIS_TOLERANCE = 0.1  # points: a segment this close to level (or plumb) is a horizontal (vertical) rule
WHITE = 250  # RGB channels at least this light (of 255) paint white

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Page(NamedTuple):
    """One page as read: its size, characters and rules in top-left page coordinates."""

    number: int
    width: float
    height: float
    chars: list[dict]  # text, x0, top, x1, bottom
    rules: list[tuple[float, float, float, float]]  # x0, top, x1, bottom: x0 == x1 or top == bottom
    unmapped: int  # characters whose font maps them to no Unicode (read as U+FFFD)


class PageError(Exception):
    """A page pdfium cannot load."""


@contextmanager
def document(data: bytes, source: str) -> Iterator[c.FPDF_DOCUMENT]:
    """The open pdfium document, held under the module's lock; ReadError if it cannot be
    opened (encrypted, corrupt, truncated) or has no pages."""
    with LOCK:
        doc = c.FPDF_LoadMemDocument64(data, len(data), None)
        if not doc:
            raise ReadError(source, _load_error(c.FPDF_GetLastError(), data))
        try:
            # FPDF_GetLastError is only set by failures (a stale code may linger), so an
            # empty page tree is told by the count alone.
            if c.FPDF_GetPageCount(doc) < 1:
                raise ReadError(source, "PDF 没有页面 / empty PDF: it has no pages")
            yield doc
        finally:
            c.FPDF_CloseDocument(doc)  # pdfium reads from ``data``, referenced here until now


def _load_error(code: int, data: bytes) -> str:
    if code == c.FPDF_ERR_PASSWORD:
        return "文件已加密 / encrypted PDF: it needs a password to open"
    if code == c.FPDF_ERR_SECURITY:
        return "文件已加密 / encrypted PDF: its encryption is not supported"
    if b"%%EOF" not in data[-1024:]:
        return "文件已损坏 / corrupt PDF: the file ends too early (truncated download?)"
    return "文件已损坏 / corrupt PDF: pdfium cannot parse it (" + {
        c.FPDF_ERR_FORMAT: "not a PDF or a damaged one",
        c.FPDF_ERR_FILE: "file access error",
        c.FPDF_ERR_PAGE: "page not found or content error",
    }.get(code, "unknown error") + ")"


def pages(doc, limit: int) -> Iterator[Page]:
    """The document's first ``limit`` pages, read one by one; PageError for a page pdfium
    cannot load."""
    for i in range(min(c.FPDF_GetPageCount(doc), limit)):
        page = c.FPDF_LoadPage(doc, i)
        if not page:
            raise PageError(f"page {i + 1} cannot be loaded")
        try:
            yield _read(page, i + 1)
        finally:
            c.FPDF_ClosePage(page)


# -- one page -------------------------------------------------------------------------------


def _read(page, number: int) -> Page:
    text = c.FPDFText_LoadPage(page)
    if not text:
        raise PageError(f"the text of page {number} cannot be read")
    try:
        raw, unmapped, turns = _chars(text)
    finally:
        c.FPDFText_ClosePage(text)
    # Turn the page by the direction most of its text runs in; else show it as /Rotate says.
    turn, n = turns.most_common(1)[0] if turns else (0, 0)
    rotation = turn if n > sum(turns.values()) / 2 else c.FPDFPage_GetRotation(page) % 4 * 90
    box = c.FS_RECTF()
    if not c.FPDF_GetPageBoundingBox(page, box):
        raise PageError(f"page {number} has no size")
    left, bottom, right, top = box.left, box.bottom, box.right, box.top
    w, h = right - left, top - bottom
    # (x, y) in user space → (x, top) on the page as read: x' = A x + C y + E, top = B x + D y + F
    A, C, E, B, D, F = {
        0: (1, 0, -left, 0, -1, top),
        90: (0, 1, -bottom, 1, 0, -left),
        180: (-1, 0, right, 0, 1, -bottom),
        270: (0, -1, top, -1, 0, right),
    }[rotation]
    chars = []
    for t, x0, y0, x1, y1 in raw:
        u0, u1 = A * x0 + C * y0 + E, A * x1 + C * y1 + E
        v0, v1 = B * x0 + D * y0 + F, B * x1 + D * y1 + F
        chars.append({"text": t, "x0": min(u0, u1), "top": min(v0, v1), "x1": max(u0, u1), "bottom": max(v0, v1)})
    rules = []
    for x0, y0, x1, y1 in _rules(page):  # level or plumb in user space, so on the page as read
        u0, u1 = A * x0 + C * y0 + E, A * x1 + C * y1 + E
        v0, v1 = B * x0 + D * y0 + F, B * x1 + D * y1 + F
        rules.append((min(u0, u1), min(v0, v1), max(u0, u1), max(v0, v1)))
    width, height = (h, w) if rotation in (90, 270) else (w, h)
    return Page(number, width, height, chars, rules, unmapped)


def _chars(text) -> tuple[list[tuple[str, float, float, float, float]], int, Counter]:
    """The page's characters in user space (text, left, bottom, right, top), how many have
    no Unicode mapping, and how many run in each direction (degrees anticlockwise, by 90)."""
    out = []
    unmapped = 0
    turns: Counter = Counter()
    rect, m = c.FS_RECTF(), c.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    for i in range(c.FPDFText_CountChars(text)):
        if c.FPDFText_IsGenerated(text, i) != 0:  # a space or line break pdfium inserted (or an error)
            continue
        u = c.FPDFText_GetUnicode(text, i)
        if c.FPDFText_HasUnicodeMapError(text, i) == 1:
            t = "\ufffd"
            unmapped += 1
        elif u < 32 or 0x7F <= u < 0xA0 or 0xD800 <= u < 0xE000 or u in (0xFFFE, 0xFFFF) or u > 0x10FFFF:
            if u not in (9, 10, 13):
                continue  # control characters and stray surrogates print nothing
            t = " "
        else:
            t = chr(u)
        if not c.FPDFText_GetLooseCharBox(text, i, rect) or not c.FPDFText_GetMatrix(text, i, m):
            continue
        left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
        scale = math.sqrt(abs(m.a * m.d - m.b * m.c))
        if abs(scale - 1) > 0.01:
            # pdfium boxes a glyph of a vertical-writing font (Identity-V) in text space,
            # without the text matrix: an em of the unscaled font size, e.g. 200 points
            # wide for a 10-point glyph drawn at 200 × 0.05. Scale it about the origin.
            size = c.FPDFText_GetFontSize(text, i)
            if size > 0 and abs((right - left) - size) <= 0.01 * size and c.FPDFText_GetCharOrigin(text, i, ox, oy):
                x, y = ox.value, oy.value
                left, right = x + (left - x) * scale, x + (right - x) * scale
                bottom, top = y + (bottom - y) * scale, y + (top - y) * scale
        out.append((t, left, bottom, right, top))
        if m.b or m.a:
            turns[0 if not m.b and m.a > 0 else round(math.degrees(math.atan2(m.b, m.a)) / 90) % 4 * 90] += 1
    return out, unmapped, turns


def _rules(page) -> list[tuple[float, float, float, float]]:
    """The visible horizontal and vertical segments drawn on the page, in user space."""
    out: list[tuple[float, float, float, float]] = []
    budget = [MAX_PATHS]
    _walk(c.FPDFPage_CountObjects(page), lambda k: c.FPDFPage_GetObject(page, k), _IDENTITY, 0, out, budget)
    return out


def _walk(count: int, get, outer: Matrix, depth: int, out: list, budget: list[int]) -> None:
    m = c.FS_MATRIX()
    for k in range(count):
        obj = get(k)
        if not obj:
            continue
        kind = c.FPDFPageObj_GetType(obj)
        if kind == c.FPDF_PAGEOBJ_PATH:
            budget[0] -= 1
            if budget[0] < 0:
                return
            if _shows(obj) and c.FPDFPageObj_GetMatrix(obj, m):
                _segments(obj, _times((m.a, m.b, m.c, m.d, m.e, m.f), outer), out)
        elif kind == c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH and c.FPDFPageObj_GetMatrix(obj, m):
            # the form's objects are placed in the form's space; its matrix maps that onto the page
            inner = _times((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            _walk(c.FPDFFormObj_CountObjects(obj), lambda i, f=obj: c.FPDFFormObj_GetObject(f, i),
                  inner, depth + 1, out, budget)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF's row-vector convention: p · m · n)."""
    a, b, c_, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c_ * a2 + d * c2, c_ * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _shows(obj) -> bool:
    """Whether a path object paints something visible: a stroke or a fill not in white."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not c.FPDFPath_GetDrawMode(obj, fill, stroke):
        return True
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    for painted, colour in ((stroke.value, c.FPDFPageObj_GetStrokeColor), (fill.value, c.FPDFPageObj_GetFillColor)):
        if painted:
            if not colour(obj, r, g, b, a):
                return True  # a pattern or unknown colour: assume it shows
            if a.value and min(r.value, g.value, b.value) < WHITE:
                return True
    return False


def _segments(obj, m: Matrix, out: list) -> None:
    """The path's straight level and plumb segments (closing ones included), in user space."""
    a, b, c_, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for k in range(c.FPDFPath_CountSegments(obj)):
        seg = c.FPDFPath_GetPathSegment(obj, k)
        if not seg or not c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        p = (a * x.value + c_ * y.value + e, b * x.value + d * y.value + f)
        kind = c.FPDFPathSegment_GetType(seg)
        if kind == c.FPDF_SEGMENT_MOVETO or prev is None:
            start = p
        elif kind == c.FPDF_SEGMENT_LINETO:
            _rule(prev, p, out)
        prev = p  # a Bézier curve's points are passed over: a curve rules nothing
        if c.FPDFPathSegment_GetClose(seg) and start is not None:  # start is set with prev
            _rule(prev, start, out)
            prev = start


def _rule(p: tuple[float, float], q: tuple[float, float], out: list) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(x0 - x1) <= AXIS_TOLERANCE and abs(y0 - y1) > AXIS_TOLERANCE:
        x = (x0 + x1) / 2
        out.append((x, min(y0, y1), x, max(y0, y1)))
    elif abs(y0 - y1) <= AXIS_TOLERANCE and abs(x0 - x1) > AXIS_TOLERANCE:
        y = (y0 + y1) / 2
        out.append((min(x0, x1), y, max(x0, x1), y))
