"""Table 四 (行政复议、行政诉讼): one row of 15 numbers under a three-level header."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from gongkai.extract.regions import Region
from gongkai.extract.rows import mark_wrapped, region_tokens, rejoin_wrapped
from gongkai.extract.tokens import PRINTED, Token
from gongkai.extract.values import Reading, fit
from gongkai.model import Document
from gongkai.spec import FormatSpec

# Text this long is narrative, not a header cell (the longest is 未经复议直接起诉).
PROSE: Final = 16


@dataclass(slots=True)
class Table4:
    reading: Reading | None
    uncertain: set[int]
    notes: list[str]


def read_table4(doc: Document, region: Region | None, spec: FormatSpec) -> Table4:
    if region is None:
        return Table4(None, set(), ["表四未找到"])
    n = len(spec.t4_groups) * len(spec.t4_columns)
    values: list[Token] = []
    printed = 0  # values that are not blank cells
    blocks = [(len(spec.t4_columns), True)] * len(spec.t4_groups)
    lines = region_tokens(doc, region)
    wrapped = rejoin_wrapped(lines, None, blocks)
    for line in lines:
        toks = line.tokens
        has_num = any(t.kind in PRINTED for t in toks)
        prose = any(t.kind == "text" and len(t.text) >= PROSE for t in toks)
        if values and prose:
            break  # the narrative after the table
        if not has_num:
            continue  # header cells, possibly between the values of a one-cell-per-line dump
        cells = [t for t in toks if t.kind != "text"]
        values += cells
        printed += sum(1 for t in cells if t.kind != "blank")
        if printed >= n:
            break
    readings = fit(values, blocks)
    if not readings:
        return Table4(None, set(), ["表四未读到数字"])
    best = readings[0]
    rivals = {c for r in readings[1:] for c, (a, b) in enumerate(zip(best.values, r.values)) if a != b}
    if wrapped:
        best = mark_wrapped(best, rivals)
    return Table4(best, rivals, [])
