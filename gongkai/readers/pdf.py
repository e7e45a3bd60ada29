"""PDF text layer → Document: ruled tables as tab-separated rows, other text as visual lines.

The extractor finds tables by their words and reads a row's cells from tabs, so what a PDF
reader must give back is the grid: one Line per table row, the merged cells resolved (text
in the top-left cell, "" in the cells it covers), a cell's wrapped label joined into one
string. pdfium (``pdfium.py``) gives each page's characters with their boxes and its drawn
rules; everything else (finding ruled tables in the rules, as pdfplumber does, grouping
characters into lines and cells, dropping page furniture, joining a table broken over
pages) is done here on plain char dicts and boxes.

A page whose text runs sideways (a landscape table on a turned portrait page) is read
turned upright; its boxes are then in the coordinates of the page as turned (``pdfium.py``).

Bounds: at most ``MAX_PAGES`` pages are read (the statutory tables come in the first few
pages of a report) and reading stops after ``TIME_BUDGET`` seconds, so a huge or pathological
file costs a bounded time; a file pdfium cannot open becomes a ReadError.
"""

from __future__ import annotations

import math
import re
import time
from bisect import bisect_right
from collections import Counter
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from gongkai.model import Document, Line
from gongkai.normalize import normalise
from gongkai.readers.errors import ReadError

if TYPE_CHECKING:
    from gongkai.readers.pdfium import Page

MAX_PAGES = 60
TIME_BUDGET = 30.0  # seconds of parsing; later pages are dropped like those past MAX_PAGES
MIN_TEXT_CHARS = 20  # fewer printed characters than this in all pages read: a scan

Box = tuple[float, float, float, float]


class _Item(NamedTuple):
    """A visual line or a table row of one page, before numbering."""

    page: int
    top: float
    bottom: float
    cells: tuple[str, ...]  # one cell for a text line
    boxes: tuple[Box, ...]
    table: int | None = None  # running table id for rows, None for text lines


def read_pdf(data: bytes, source: str) -> Document:
    """Read a PDF's text layer; raise ReadError for encrypted, corrupt or scanned files."""
    from gongkai.readers.ocr import garbled, ocr_pages  # ocr imports this module

    pages, chars, unmapped = _read_pages(data, source)
    # A scan (no text layer), or a text layer that is garbage: the pages are read by OCR.
    if chars < MIN_TEXT_CHARS:
        return ocr_pages(data, source)
    if unmapped > chars / 2:
        return ocr_pages(data, source, "PDF text layer is unreadable: its fonts map no characters to Unicode")
    doc = Document(source=source, lines=_number(_assemble(pages)), form="pdf")
    if garbled(doc.lines):
        return ocr_pages(data, source, "PDF text layer is unreadable: most of its characters are "
                                       "private-use or replacement glyphs")
    return doc


def _read_pages(data: bytes, source: str) -> tuple[list[tuple[float, float, list[_Item]]], int, int]:
    """The first MAX_PAGES pages (fewer if TIME_BUDGET runs out), with the count of printed
    characters and of characters without a Unicode mapping. A page that fails after good
    ones ends the reading; the pages read are kept."""
    # imported here: text reports never pay for pypdfium2
    from gongkai.readers import pdfium

    pages: list[tuple[float, float, list[_Item]]] = []
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
                raise ReadError(source, f"corrupt PDF: {e}") from None
    return pages, chars, unmapped


# -- one page ---------------------------------------------------------------------------


def _read_page(page: Page, table_ids) -> tuple[list[_Item], int]:
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
            items.append(_Item(page.number, box[1], box[3], (text,), (box,)))
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

    def rows(self, page: int, table: int) -> list[_Item]:
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
                out.append(_Item(page, top, bottom, tuple(cells), tuple(boxes), table))
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


# -- the document -------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－~·]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页|"
    r"\d{1,4}(?:\s*/\s*\d{1,4})?|[ivxlcIVXLC]{1,6})[\s\-—–－~·]*$"
)
_MARGIN = 0.12  # page furniture lives in the top and bottom 12 % of a page
_MAX_FURNITURE = 2  # lines of it at each end of a page (a header and a rule-less subtitle)


def _furniture(items: list[_Item], height: float) -> list[tuple[str, int]]:
    """(zone, index) of the text lines that open or close a page inside its margins."""
    out = []
    for zone, order in (("top", range(len(items))), ("bottom", range(len(items) - 1, -1, -1))):
        for i in islice(order, _MAX_FURNITURE):
            it = items[i]
            inside = it.bottom < _MARGIN * height if zone == "top" else it.top > (1 - _MARGIN) * height
            if it.table is not None or not inside:
                break
            out.append((zone, i))
    return out


def _mask(text: str) -> str:
    """A furniture line with its numbers masked: 第3页 and 第4页 are one running footer."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _assemble(pages: list[tuple[float, float, list[_Item]]]) -> list[_Item]:
    """All pages' items in order, without page numbers and running headers and footers, and
    with a table broken over a page break read as one table (repeated header rows dropped).

    A running header is text in the same margin on at least half the pages and on three
    of them (two if the file has two pages): the title at the top of page 1 and the
    signature at the foot of the last page are in different margins, so they stay."""
    seen = Counter(key for _, h, items in pages
                   for key in {(zone, _mask(items[i].cells[0])) for zone, i in _furniture(items, h)})
    least = min(3, len(pages))
    running = {k for k, n in seen.items() if n >= max(2, least, len(pages) / 2)}
    out: list[_Item] = []
    rows: dict[int, list[tuple[str, ...]]] = {}  # each table's rows so far, by its first part's id
    first: dict[int, int] = {}  # table id → id of the table's part on an earlier page
    for _, height, items in pages:
        drop = {i for zone, i in _furniture(items, height)
                if _PAGE_NUMBER.match(items[i].cells[0]) or (zone, _mask(items[i].cells[0])) in running}
        items = [it for i, it in enumerate(items) if i not in drop]
        if out and items and out[-1].table is not None and items[0].table is not None \
                and len(items[0].cells) == len(out[-1].cells):
            head = first.setdefault(items[0].table, first.get(out[-1].table, out[-1].table))
            items = _drop_repeated_header(items, rows[head])
        for it in items:
            if it.table is not None:
                rows.setdefault(first.get(it.table, it.table), []).append(it.cells)
            out.append(it)
    return out


def _drop_repeated_header(items: list[_Item], head: list[tuple[str, ...]]) -> list[_Item]:
    """A page opening with the continuation of the table the previous page closed with: drop
    its leading rows that repeat the table's first rows (a header printed again). Rows of
    numbers are never dropped, however alike: they are data."""
    table = items[0].table
    k = 0
    while (k < len(items) and k < len(head) and items[k].table == table and items[k].cells == head[k]
           and any(not _numeric(c) for c in items[k].cells)):
        k += 1
    return items[k:]


def _numeric(cell: str) -> bool:
    return not cell or bool(re.fullmatch(r"[\d.,\s/—\-]+", cell))


def _number(items: list[_Item]) -> tuple[Line, ...]:
    """Items as Lines numbered from 1; each cell's span in the line has its box."""
    lines = []
    for n, it in enumerate(items, start=1):
        raw = "\t".join(it.cells)
        spans, pos = [], 0
        for cell, box in zip(it.cells, it.boxes):
            if box is not None:
                spans.append((pos, pos + len(cell), tuple(round(v, 2) for v in box)))
            pos += len(cell) + 1
        lines.append(Line(n, normalise(raw), raw, page=it.page, boxes=tuple(spans)))
    return tuple(lines)
