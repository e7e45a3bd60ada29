"""Word tables as grids: which rows and cells a table holds, how far each cell spans, which
cells continue a merge, and the grid rows printed as tab-separated lines.

Every table row becomes one line whose cells are joined by tabs, merged cells resolved (the
text in the top-left position, "" in the positions it covers) so that every value keeps its
column. Grid columns only a sliver wide (left by conversions where two cell edges nearly
meet) are not columns; logical columns where no row's cell starts print nothing and are left
out. Tables that only lay out the page (one cell per row, or holding a real table) are told
apart here and read as blocks by the walker (``docx.py``), which also gives each cell's text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from typing import Any

from gongkai.readers.docx_names import (
    BLOCK_WRAPPERS,
    DEL,
    GRIDBEFORE,
    GRIDCOL,
    GRIDSPAN,
    HMERGE,
    SDT,
    SDTCONTENT,
    TBL,
    TBLGRID,
    TC,
    TCPR,
    TR,
    TRPR,
    VAL,
    VMERGE,
    W,
    int_val,
)
from gongkai.readers.office import MAX_COLS

Row = tuple[Any, list[Any]]  # a w:tr element and its w:tc cells


def grid_lines(tbl: Any, rows: list[Row], cell_text: Callable[[Any], str]) -> list[tuple[int, str]]:
    """The table's grid rows as tab-separated lines, each cell's text (``cell_text``, asked
    for in reading order) at its logical column, with the row's number in the table (from 1,
    as Word counts rows); rows left all blank are dropped."""
    # A span reaching past the table's grid is an error in the file: cut at the grid's edge.
    grid = tbl.find(TBLGRID)
    cols = grid.findall(GRIDCOL)[:MAX_COLS] if grid is not None else []
    width = len(cols) or MAX_COLS
    logical = _logical_columns(cols, width)
    placed: list[tuple[list[tuple[int, str]], int]] = []
    starts: set[int] = set()
    for tr, cells in rows:
        pos = min(_grid_before(tr), width)
        row: list[tuple[int, str]] = []
        for tc in cells:
            span = min(_span(tc), max(width - pos, 1))
            start = logical(pos)
            text = "" if continues(tc) else cell_text(tc)
            if row and row[-1][0] == start:  # a cell in a sliver column: it joins the next
                text = " ".join(t for t in (row.pop()[1], text) if t)
            row.append((start, text))
            starts.add(start)
            pos += span
        placed.append((row, max(logical(pos), row[-1][0] + 1) if row else 0))
    # Logical columns where no cell of any row starts are spanned by every row and print
    # nothing: left out, so that a value keeps the column of its header.
    keep = sorted(starts)
    column = {c: i for i, c in enumerate(keep)}
    out = []
    for number, (row, end) in enumerate(placed, start=1):
        line = [""] * bisect_left(keep, end)
        for start, text in row:
            line[column[start]] = text
        if any(line):  # rows left all blank (spacers, continued merges only) are dropped
            out.append((number, "\t".join(line)))
    return out


SLIVER_TWIPS = 60  # a grid column narrower than this (about 1 mm) cannot hold a character


def _logical_columns(cols: list[Any], width: int) -> Callable[[int], int]:
    """Grid position → logical column. Word and conversions leave sliver columns in a
    table's grid (a cell edge a twip off its neighbours' gives a grid column 1 twip wide);
    a cell starting in one starts, as printed, in the next real column."""
    widths: list[int | None] = []
    for col in cols:
        try:
            widths.append(int(col.get(W + "w") or ""))
        except ValueError:
            widths.append(None)
    known = sorted(w for w in widths if w)
    sliver = [bool(known) and known[len(known) // 2] >= 4 * SLIVER_TWIPS and w is not None and w < SLIVER_TWIPS
              for w in widths] + [False] * (width - len(widths))
    if all(sliver):
        sliver = [False] * width
    before = [0]  # real columns before each grid position
    for s in sliver:
        before.append(before[-1] + (not s))
    last = max(before[-1] - 1, 0)

    def logical(pos: int) -> int:
        if pos < width:
            return min(before[pos], last)
        return before[width] + pos - width

    return logical


def table_rows(tbl: Any) -> Iterator[Any]:
    """The table's rows in order (inside content controls and tracked insertions), deleted ones
    (a tracked change) left out."""
    for child in tbl:
        tag = child.tag
        if tag == TR:
            trpr = child.find(TRPR)
            if trpr is None or trpr.find(DEL) is None:  # a deleted row (tracked change)
                yield child
        elif tag in BLOCK_WRAPPERS or tag == SDT:
            inner = child.find(SDTCONTENT) if tag == SDT else child
            if inner is not None:
                yield from table_rows(inner)


def row_cells(tr: Any) -> Iterator[Any]:
    """The row's cells in order (inside content controls and tracked insertions)."""
    for child in tr:
        tag = child.tag
        if tag == TC:
            yield child
        elif tag in BLOCK_WRAPPERS or tag == SDT:
            inner = child.find(SDTCONTENT) if tag == SDT else child
            if inner is not None:
                yield from row_cells(inner)


def _span(tc: Any) -> int:
    tcpr = tc.find(TCPR)
    return min(max(int_val(tcpr.find(GRIDSPAN), 1), 1), MAX_COLS) if tcpr is not None else 1


def _grid_before(tr: Any) -> int:
    trpr = tr.find(TRPR)
    return min(int_val(trpr.find(GRIDBEFORE), 0), MAX_COLS) if trpr is not None else 0


def continues(tc: Any) -> bool:
    """Whether a cell continues a merge begun above (vMerge) or to its left (legacy hMerge)."""
    tcpr = tc.find(TCPR)
    if tcpr is None:
        return False
    for tag in (VMERGE, HMERGE):
        m = tcpr.find(tag)
        if m is not None and m.get(VAL) != "restart":
            return True
    return False


def is_layout(tbl: Any, rows: list[Row]) -> bool:
    """A table that only lays out the page: one cell per row, or a real table (two rows and
    two columns at least) in one of its cells. Its cells are read as blocks."""
    if not any(len(cells) > 1 for _, cells in rows):
        return True
    for inner in tbl.iterdescendants(TBL):
        inner_rows = [list(row_cells(tr)) for tr in table_rows(inner)]
        if len(inner_rows) >= 2 and max(map(len, inner_rows)) >= 2:
            return True
    return False
