"""PDF text layer → Document: ruled tables as tab-separated rows, other text as visual lines.

The extractor finds tables by their words and reads a row's cells from tabs, so what a PDF
reader must give back is the grid: one Line per table row, the merged cells resolved (text
in the top-left cell, "" in the cells it covers), a cell's wrapped label joined into one
string. pdfium (``pdfium.py``) gives each page's characters with their boxes and its drawn
rules; the rest is done in Python on plain char dicts and boxes: here, each page laid out
(ruled tables found in the rules, as pdfplumber does; characters grouped into lines and
cells), and in ``layout.py``, which the OCR reader shares, the pages made into a document
(page furniture dropped, a table broken over pages joined, items numbered into Lines).

A page whose text runs sideways (a landscape table on a turned portrait page) is read
turned upright; its boxes are then in the coordinates of the page as turned (``pdfium.py``).

A file without a text layer (a scan), or whose text layer is garbage (fonts that map their
glyphs to no Unicode), is not read here: ``read_pdf`` raises ``NeedsOCR`` saying which, and the
dispatcher (``readers/__init__.py``) hands the file to the OCR reader (this module never
imports it).

Bounds: at most ``MAX_PAGES`` pages are read (the statutory tables come in the first few
pages of a report) and reading stops after ``TIME_BUDGET`` seconds, so a huge or pathological
file costs a bounded time; a file pdfium cannot open becomes a ReadError.
"""

from __future__ import annotations

import math
import time
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from gongkai.model import Document, Line
from gongkai.readers.errors import NeedsOCR, ReadError
from gongkai.readers.layout import Box, Item, LaidPage, assemble, number

if TYPE_CHECKING:
    from gongkai.readers.pdfium import Page

MAX_PAGES = 60
TIME_BUDGET = 30.0  # seconds of parsing; later pages are dropped like those past MAX_PAGES
MIN_TEXT_CHARS = 20  # fewer printed characters than this in all pages read: a scan


def read_pdf(data: bytes, source: str) -> Document:
    """Read a PDF's text layer; raise ReadError for encrypted or corrupt files, and NeedsOCR
    for scanned ones (no text layer, or one that is garbage)."""
    pages, chars, unmapped = _read_pages(data, source)
    if chars < MIN_TEXT_CHARS:
        raise NeedsOCR(source, "扫描件，没有文字层 / scanned PDF: no text layer")
    if unmapped > chars / 2:
        raise NeedsOCR(source, "PDF text layer is unreadable: its fonts map no characters to Unicode")
    doc = Document(source=source, lines=number(assemble(pages)), form="pdf")
    if garbled(doc.lines):
        raise NeedsOCR(source, "PDF text layer is unreadable: most of its characters are "
                               "private-use or replacement glyphs")
    return doc


def garbled(lines: Iterable[Line]) -> bool:
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


def _read_pages(data: bytes, source: str) -> tuple[list[LaidPage], int, int]:
    """The first MAX_PAGES pages (fewer if TIME_BUDGET runs out), with the count of printed
    characters and of characters without a Unicode mapping. A page that fails after good
    ones ends the reading; the pages read are kept."""
    # imported here: text reports never pay for pypdfium2
    from gongkai.readers import pdfium

    pages: list[LaidPage] = []
    chars = unmapped = 0
    deadline = time.monotonic() + TIME_BUDGET
    table_ids = iter(range(1, 1 << 30))
    with pdfium.document(data, source) as doc:
        try:
            for page in pdfium.pages(doc, MAX_PAGES):
                items, nchars = _read_page(page, table_ids)
                pages.append((page.width, page.height, items))
                chars, unmapped = chars + nchars, unmapped + page.unmapped
                if time.monotonic() > deadline:
                    break
        except pdfium.PageError as e:
            if not pages:
                raise ReadError(source, f"文件已损坏 / corrupt PDF: {e}") from None
    return pages, chars, unmapped


# -- one page ---------------------------------------------------------------------------


def _read_page(page: Page, table_ids: Iterator[int]) -> tuple[list[Item], int]:
    """The page's table rows and text lines in reading order, and its printed character count."""
    chars = page.chars
    printed = sum(1 for c in chars if not c["text"].isspace())
    if not printed:
        return [], 0
    tables = [_Grid(cells) for cells in _tables(page.rules)]
    free: list[dict] = []
    for c in chars:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        for g in tables:
            if g.take(c, cx, cy):
                break
        else:
            free.append(c)
    items = [row for g in tables for row in g.rows(page.number, next(table_ids))]
    for line in _lines(free):
        text, box = _join(line, tabs=True)
        if text:
            items.append(Item(page.number, box[1], box[3], (text,), (box,)))
    items.sort(key=lambda it: it.top)
    return items, printed


class _Grid:
    """A ruled table, with its characters sorted into cells.

    A character goes to the cell its centre lies in; the lookup is a bisection over the
    table's distinct cell edges (cells never overlap, so each grid square has one owner).
    """

    def __init__(self, cells: list[Box]):
        self.bbox = (min(c[0] for c in cells), min(c[1] for c in cells),
                     max(c[2] for c in cells), max(c[3] for c in cells))
        # rows top to bottom; a row has a position per distinct cell left edge: the cell
        # starting there, or None where a cell of another row spans it (merged cells)
        xs = sorted({c[0] for c in cells})
        rows: dict[float, dict[float, Box]] = {}
        for c in sorted(cells, key=lambda c: (c[1], c[0])):
            rows.setdefault(c[1], {})[c[0]] = c
        self.layout: list[list[Box | None]] = [[row.get(x) for x in xs] for row in rows.values()]
        self.xs = sorted({v for c in cells for v in (c[0], c[2])})
        self.ys = sorted({v for c in cells for v in (c[1], c[3])})
        self.owner: dict[tuple[int, int], Box] = {}
        for c in cells:
            for i in range(self.xs.index(c[0]), self.xs.index(c[2])):
                for j in range(self.ys.index(c[1]), self.ys.index(c[3])):
                    self.owner[i, j] = c
        self.chars: dict[Box, list[dict]] = {c: [] for c in cells}

    def take(self, char: dict, cx: float, cy: float) -> bool:
        x0, top, x1, bottom = self.bbox
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            return False
        cell = self.owner.get((bisect_right(self.xs, cx) - 1, bisect_right(self.ys, cy) - 1))
        if cell is None:
            return False  # inside the frame but in no cell: read it as free text
        self.chars[cell].append(char)
        return True

    def rows(self, page: int, table: int) -> list[Item]:
        out = []
        for row in self.layout:
            cells, boxes = [], []
            for i, cell in enumerate(row):
                if cell is None:  # covered by a merged cell: blank, boxed as its column
                    cells.append("")
                    boxes.append(_covered_box(row, i))
                    continue
                # A label wraps inside its cell: its lines join without a break.
                text = "".join(_join(line, tabs=False)[0] for line in _lines(self.chars[cell]))
                cells.append(text)
                boxes.append(cell)
            if any(cells):
                known = [b for b in boxes if b is not None]
                top, bottom = min(b[1] for b in known), min(b[3] for b in known)
                out.append(Item(page, top, bottom, tuple(cells), tuple(boxes), table))
        return out


# -- ruled tables -------------------------------------------------------------------------
# pdfplumber's "lines" table finder with its default tolerances, on the page's rules: rules
# within SNAP points of one line move onto their mean; rules along one line with gaps of at
# most JOIN points are one rule; rules shorter than MIN_RULE are dropped; a vertical and a
# horizontal rule that come within CROSS points of each other cross; a cell is the smallest
# rectangle of crossings joined by rules on its four sides; cells sharing a corner are one
# table, and a table has at least two cells.

SNAP = JOIN = CROSS = MIN_RULE = 3.0


def _tables(rules: list[Box]) -> list[list[Box]]:
    """The page's ruled tables, top to bottom, each as its cells (x0, top, x1, bottom)."""
    vs = _merge([(x0, top, bottom) for x0, top, x1, bottom in rules if x0 == x1 and bottom - top >= 1])
    hs = _merge([(top, x0, x1) for x0, top, x1, bottom in rules if top == bottom and x1 - x0 >= 1])
    if not vs or not hs:
        return []
    # each crossing with the rules through it: (vertical rules, horizontal rules)
    cross: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for i, (x, top, bottom) in enumerate(vs):
        for j, (y, x0, x1) in enumerate(hs):
            if top - CROSS <= y <= bottom + CROSS and x0 - CROSS <= x <= x1 + CROSS:
                v, h = cross.setdefault((x, y), (set(), set()))
                v.add(i)
                h.add(j)
    points = sorted(cross)
    below: dict[float, list[float]] = {}  # x → the crossings' ys down that line
    right: dict[float, list[float]] = {}  # y → the crossings' xs along that line
    for x, y in points:
        below.setdefault(x, []).append(y)
        right.setdefault(y, []).append(x)

    def plumb(x: float, y0: float, y1: float) -> bool:  # a vertical rule joins (x, y0) and (x, y1)
        return not cross[x, y0][0].isdisjoint(cross[x, y1][0])

    def level(y: float, x0: float, x1: float) -> bool:  # a horizontal rule joins (x0, y) and (x1, y)
        return not cross[x0, y][1].isdisjoint(cross[x1, y][1])

    def cell(x: float, y: float) -> Box | None:
        for y1 in below[x][bisect_right(below[x], y):]:
            if not plumb(x, y, y1):
                continue
            for x1 in right[y][bisect_right(right[y], x):]:
                if level(y, x, x1) and (x1, y1) in cross and plumb(x1, y, y1) and level(y1, x, x1):
                    return (x, y, x1, y1)
        return None

    # tables: the cells connected through shared corners (union-find over corners)
    parent: dict[tuple[float, float], tuple[float, float]] = {}

    def root(p: tuple[float, float]) -> tuple[float, float]:
        while parent.setdefault(p, p) != p:
            parent[p] = p = parent[parent[p]]
        return p

    cells = [c for c in (cell(x, y) for x, y in points) if c is not None]
    for x0, top, x1, bottom in cells:
        a = root((x0, top))
        for corner in ((x0, bottom), (x1, top), (x1, bottom)):
            parent[root(corner)] = a
    tables: dict[tuple[float, float], list[Box]] = {}
    for c in cells:
        tables.setdefault(root((c[0], c[1])), []).append(c)
    return sorted((t for t in tables.values() if len(t) > 1), key=lambda t: min((c[1], c[0]) for c in t))


def _merge(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Rules (position across, start, end along) of one direction snapped, joined and sifted."""
    if not rules:
        return []
    cluster: dict[float, int] = {}  # position → its cluster: chains of steps of at most SNAP
    k, last = -1, -math.inf
    for v in sorted({r[0] for r in rules}):
        k += v > last + SNAP
        cluster[v], last = k, v
    sums: dict[int, list[float]] = {}
    for at, _, _ in rules:
        s = sums.setdefault(cluster[at], [0.0, 0])
        s[0] += at
        s[1] += 1
    out: list[tuple[float, float, float]] = []
    for at, lo, hi in sorted((sums[cluster[at]][0] / sums[cluster[at]][1], lo, hi) for at, lo, hi in rules):
        if out and out[-1][0] == at and lo <= out[-1][2] + JOIN:
            if hi > out[-1][2]:
                out[-1] = (at, out[-1][1], hi)
        else:
            out.append((at, lo, hi))
    return [r for r in out if r[2] - r[1] >= MIN_RULE]


def _covered_box(row: list, i: int) -> Box | None:
    """Where a covered grid position lies: its row's height, between its neighbours' edges."""
    known = [c for c in row if c is not None]
    if not known:
        return None
    left = next((c[2] for c in reversed(row[:i]) if c is not None), known[0][0])
    right = next((c[0] for c in row[i + 1:] if c is not None), known[-1][2])
    top, bottom = min(c[1] for c in known), min(c[3] for c in known)
    return (left, top, max(left, right), bottom)


def _lines(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into visual lines, top to bottom, each left to right.

    Two characters share a line when their vertical centres are closer than 0.4 of the
    taller one's height: Latin digits and CJK glyphs of one line sit at slightly different
    heights, while even tightly wrapped lines are a full height apart.
    """
    if not chars:
        return []
    out: list[list[dict]] = []
    cur: list[dict] = []
    cy = ch = 0.0
    for c in sorted(chars, key=lambda c: c["top"] + c["bottom"]):
        y, h = (c["top"] + c["bottom"]) / 2, c["bottom"] - c["top"]
        if cur and abs(y - cy) <= 0.4 * max(h, ch):
            cur.append(c)
            ch = max(ch, h)
        else:
            cur = [c]
            out.append(cur)
            cy, ch = y, h
    for line in out:
        line.sort(key=lambda c: c["x0"])
    return out


def _join(line: list[dict], tabs: bool) -> tuple[str, Box]:
    """A visual line's text and box. Gaps wider than a fifth of the glyph height print as
    a space (few PDFs carry space characters); with ``tabs``, gaps wider than two heights
    (an unruled table's columns) print as a tab. A glyph printed twice over itself (fake
    bold) counts once."""
    out: list[str] = []
    prev = None
    for c in line:
        t = c["text"].replace("\t", " ").replace("\n", " ")
        if prev is not None:
            em = max(c["bottom"] - c["top"], prev["bottom"] - prev["top"], 1.0)
            if t == prev["text"] and abs(c["x0"] - prev["x0"]) < 0.3 * em:
                continue
            gap = c["x0"] - prev["x1"]
            if tabs and gap > 2 * em and out and out[-1] != "\t":
                if out[-1] == " ":
                    out.pop()
                out.append("\t")
            elif gap > 0.2 * em and out and out[-1] not in " \t":
                out.append(" ")
        if t.isspace():
            if out and out[-1] not in " \t":
                out.append(" ")
        else:
            out.append(t)
        prev = c
    text = "".join(out).strip(" ")
    box = (min(c["x0"] for c in line), min(c["top"] for c in line),
           max(c["x1"] for c in line), max(c["bottom"] for c in line))
    return text, box
