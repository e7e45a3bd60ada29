"""Pages laid out as items → the Lines of a Document: what the PDF and OCR readers share.

Both readers lay out each page as items (a visual line of text, or a row of a table with its
cells and their boxes), each page on its own. What makes a document of the pages is the same
whichever way the page was read, so it is here: page furniture (page numbers, running headers
and footers) dropped, a table broken over a page break read as one table (its header, printed
again on the next page, dropped), and the items numbered into Lines, each cell's span with its
box and, for OCR, its reading scores.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice
from typing import NamedTuple

from gongkai.model import Line
from gongkai.normalize import normalise

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Span = tuple[int, int, float]  # start, end in a cell's text, and a score


class Item(NamedTuple):
    """A visual line or a table row of one page, before numbering."""

    page: int
    top: float
    bottom: float
    cells: tuple[str, ...]  # one cell for a text line
    boxes: tuple[Box | None, ...]  # a cell's box; None where a covered cell's position is unknown
    table: int | None = None  # running table id for rows, None for text lines
    # OCR only: per cell, the (start, end, score) of each OCR box read in it; () otherwise
    scores: tuple[tuple[Span, ...], ...] = ()


# A page laid out: its width and height (in the units of its boxes) and its items, top to bottom.
LaidPage = tuple[float, float, list[Item]]

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－~·]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页|"
    r"\d{1,4}(?:\s*/\s*\d{1,4})?|[ivxlcIVXLC]{1,6})[\s\-—–－~·]*$"
)
_MARGIN = 0.12  # page furniture lives in the top and bottom 12 % of a page
_MAX_FURNITURE = 2  # lines of it at each end of a page (a header and a rule-less subtitle)


def assemble(pages: list[LaidPage]) -> list[Item]:
    """All pages' items in order, without page numbers and running headers and footers, and
    with a table broken over a page break read as one table (repeated header rows dropped).

    A running header is text in the same margin on at least half the pages and on three
    of them (two if the file has two pages): the title at the top of page 1 and the
    signature at the foot of the last page are in different margins, so they stay."""
    seen = Counter(key for _, h, items in pages
                   for key in {(zone, _mask(items[i].cells[0])) for zone, i in _furniture(items, h)})
    least = min(3, len(pages))
    running = {k for k, n in seen.items() if n >= max(2, least, len(pages) / 2)}
    out: list[Item] = []
    rows: dict[int, list[tuple[str, ...]]] = {}  # each table's rows so far, by its first part's id
    first: dict[int, int] = {}  # table id → id of the table's part on an earlier page
    for _, height, items in pages:
        drop = {i for zone, i in _furniture(items, height)
                if _PAGE_NUMBER.match(items[i].cells[0]) or (zone, _mask(items[i].cells[0])) in running}
        items = [it for i, it in enumerate(items) if i not in drop]
        last = out[-1].table if out else None
        if last is not None and items and items[0].table is not None and len(items[0].cells) == len(out[-1].cells):
            head = first.setdefault(items[0].table, first.get(last, last))
            items = _drop_repeated_header(items, rows[head])
        for it in items:
            if it.table is not None:
                rows.setdefault(first.get(it.table, it.table), []).append(it.cells)
            out.append(it)
    return out


def number(items: list[Item]) -> tuple[Line, ...]:
    """Items as Lines numbered from 1: each cell's span has its box (rounded to 0.01), and
    where the items carry OCR scores, each OCR box's span its score (then each cell read from
    several boxes, the whole cell's span the lowest score of its boxes)."""
    lines = []
    for n, it in enumerate(items, start=1):
        raw = "\t".join(it.cells)
        spans: list[tuple[int, int, Box]] = []
        pos = 0
        for cell, box in zip(it.cells, it.boxes, strict=True):
            if box is not None:
                spans.append((pos, pos + len(cell), (round(box[0], 2), round(box[1], 2),
                                                     round(box[2], 2), round(box[3], 2))))
            pos += len(cell) + 1
        if not it.scores:
            lines.append(Line(n, normalise(raw), raw, page=it.page, boxes=tuple(spans)))
            continue
        conf: list[Span] = []
        whole: list[Span] = []
        pos = 0
        for cell, sp in zip(it.cells, it.scores, strict=True):
            for s, e, score in sp:
                conf.append((pos + s, pos + e, round(score, 4)))
            if len(sp) > 1:
                whole.append((pos, pos + len(cell), round(min(score for _, _, score in sp), 4)))
            pos += len(cell) + 1
        lines.append(Line(n, normalise(raw), raw, page=it.page, boxes=tuple(spans), confidence=tuple(conf + whole)))
    return tuple(lines)


def _furniture(items: list[Item], height: float) -> list[tuple[str, int]]:
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


def _drop_repeated_header(items: list[Item], head: list[tuple[str, ...]]) -> list[Item]:
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
