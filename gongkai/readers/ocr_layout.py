"""OCR boxes of one page → its table rows and text lines (``layout.Item``), as the PDF reader
lays out a page from its text layer, so that the extractor sees the same kind of Lines
whatever the source:

* **ruled tables**: the page's drawn rules are found in the image (long thin runs of ink,
  by morphological opening); a box's cell is the rectangle of rules around it. Boxes in one
  cell are one cell's text (a wrapped label reads as one string); the cells of a table give
  its grid, and each grid row is one item, cells joined by tabs, merged cells resolved (text
  in the top-left position, "" in the positions it covers, as the PDF reader does);
* **everything else** (body text, unruled tables): boxes grouped into visual lines by
  vertical overlap, left to right; wide gaps (table columns) and the gap between two numbers
  become tabs.

Each item carries, per cell, the spans and scores of the OCR boxes read in it
(``Item.scores``), which ``layout.number`` turns into ``Line.confidence``. Positions are
given in page units: image pixels divided by the page's ``unit`` (pixels per point for a
rendered PDF page, 1 for an image).
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, NamedTuple

from gongkai.readers.layout import Box, Item, Span

if TYPE_CHECKING:
    import numpy as np

Rect = tuple[int, int, int, int]  # a ruled cell in pixels: left, top, right, bottom


class OcrBox(NamedTuple):
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


Cells = dict[Rect, list[OcrBox]]  # the boxes in each ruled cell
_NUMBER = re.compile(r"[-+]?[\d０-９][\d０-９,，.．]*%?")
_TABLE_IDS = itertools.count(1)  # tables' ids, unique within a process


def _numeric(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text))


def lay_out(boxes: list[OcrBox], gray: np.ndarray, page: int, unit: float) -> list[Item]:
    """The page's table rows and text lines, top to bottom, in page units (pixels / unit)."""
    if not boxes:
        return []
    em = sorted(b.h for b in boxes if b.w >= b.h)[len([b for b in boxes if b.w >= b.h]) // 2] \
        if any(b.w >= b.h for b in boxes) else sorted(b.w for b in boxes)[len(boxes) // 2]
    em = max(em, 6.0)
    hrules, vrules = _rules(gray, em)
    cells: Cells = {}
    free: list[OcrBox] = []
    for b in boxes:
        rect = _cell_of(b, hrules, vrules, em)
        if rect is None:
            free.append(b)
        else:
            cells.setdefault(_snap(rect, cells, em), []).append(b)
    items: list[Item] = []
    for table in _tables(cells, em):
        items += _table_rows(table, page, unit, em)
    for band in _bands(free):
        items.append(_free_line(band, page, unit, em))
    items.sort(key=lambda it: it.top)
    return items


def _rules(gray: np.ndarray, em: float) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the page's ruled lines: horizontal runs of ink longer than 2.5 em, vertical
    runs longer than 1.2 em (a glyph's strokes are shorter than its em)."""
    import cv2

    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    kh, kv = max(12, int(2.5 * em)), max(8, int(1.2 * em))
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (kh, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, kv)))
    return h > 0, v > 0


def _cell_of(b: OcrBox, hrules: np.ndarray, vrules: np.ndarray, em: float) -> Rect | None:
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


def _snap(rect: Rect, cells: Cells, em: float) -> Rect:
    """The key of an already seen cell that is this rectangle (within a rule's width)."""
    tol = max(3.0, 0.3 * em)
    for key in cells:
        if all(abs(a - b) <= tol for a, b in zip(key, rect, strict=True)):
            return key
    return rect


def _tables(cells: Cells, em: float) -> list[Cells]:
    """Cells grouped into tables: cells that share a rule (touch) are in one table."""
    keys = list(cells)
    parent = list(range(len(keys)))

    def find(i: int) -> int:
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
    groups: dict[int, Cells] = {}
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


def _table_rows(table: Cells, page: int, unit: float, em: float) -> list[Item]:
    """One item per grid row of a ruled table: each cell's text at its top-left grid position,
    "" at the positions a merged or empty cell covers."""
    tol = max(3.0, 0.4 * em)
    xs = _cluster([v for k in table for v in (k[0], k[2])], tol)
    ys = _cluster([v for k in table for v in (k[1], k[3])], tol)
    ncols = max(1, len(xs) - 1)
    grid: dict[int, dict[int, tuple[str, tuple[Span, ...], Rect]]] = {}
    for key, in_cell in table.items():
        r, c = _index(ys, key[1]), _index(xs, key[0])
        text, scores = _cell_text(in_cell, em)
        grid.setdefault(r, {})[min(c, ncols - 1)] = (text, scores, key)
    table_id = next(_TABLE_IDS)
    items = []
    for r in sorted(grid):
        row = grid[r]
        texts: list[str] = []
        boxes: list[Box | None] = []
        spans: list[tuple[Span, ...]] = []
        for c in range(ncols):
            if c in row:
                text, sp, key = row[c]
                texts.append(text)
                boxes.append((round(key[0] / unit, 2), round(key[1] / unit, 2),
                              round(key[2] / unit, 2), round(key[3] / unit, 2)))
                spans.append(sp)
            else:
                texts.append("")
                boxes.append(None)
                spans.append(())
        top, bottom = ys[r] / unit, ys[min(r + 1, len(ys) - 1)] / unit
        items.append(Item(page, top, bottom, tuple(texts), tuple(boxes), table_id, tuple(spans)))
    return items


def _cell_text(boxes: list[OcrBox], em: float) -> tuple[str, tuple[Span, ...]]:
    """A cell's text: its visual lines top to bottom joined without a break (a label wraps
    inside its cell), each line's boxes left to right; with each box's (start, end, score)."""
    out = ""
    spans: list[Span] = []
    for band in _bands(boxes):
        for i, b in enumerate(band):
            if i and b.x0 - band[i - 1].x1 > 0.5 * max(b.h, band[i - 1].h, em) and out and not out.endswith(" "):
                out += " "
            spans.append((len(out), len(out) + len(b.text), b.score))
            out += b.text
    return out, tuple(spans)


def _bands(boxes: list[OcrBox]) -> list[list[OcrBox]]:
    """Boxes grouped into visual lines, top to bottom, each left to right. A box joins a line
    when it overlaps the line's first box vertically by half the smaller height: the line's
    first box, not the union, so that a tall box (vertical text) does not chain lines."""
    out: list[tuple[OcrBox, list[OcrBox]]] = []
    for b in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        if out:
            first, band = out[-1]
            overlap = min(first.bottom, b.bottom) - max(first.top, b.top)
            if overlap >= 0.5 * min(first.h, b.h):
                band.append(b)
                continue
        out.append((b, [b]))
    return [sorted(band, key=lambda b: b.x0) for _, band in out]


def _free_line(band: list[OcrBox], page: int, unit: float, em: float) -> Item:
    """A visual line outside any ruled cell: boxes left to right; a gap wider than 1.5 em, or
    any gap between two numbers (the columns of an unruled table), is a tab."""
    cells: list[list[OcrBox]] = [[band[0]]]
    for prev, b in itertools.pairwise(band):
        gap = b.x0 - prev.x1
        high = max(prev.h, b.h, em)
        if gap > 1.5 * high or (gap > 0.2 * high and _numeric(prev.text) and _numeric(b.text)):
            cells.append([b])
        else:
            cells[-1].append(b)
    texts: list[str] = []
    boxes: list[Box] = []
    spans: list[tuple[Span, ...]] = []
    for group in cells:
        text, sp = _cell_text(group, em)
        texts.append(text)
        spans.append(sp)
        boxes.append((round(group[0].x0 / unit, 2), round(min(g.top for g in group) / unit, 2),
                      round(group[-1].x1 / unit, 2), round(max(g.bottom for g in group) / unit, 2)))
    top, bottom = min(b.top for b in band) / unit, max(b.bottom for b in band) / unit
    return Item(page, top, bottom, tuple(texts), tuple(boxes), None, tuple(spans))

