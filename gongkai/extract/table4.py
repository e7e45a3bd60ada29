"""Table 四 (行政复议、行政诉讼): one row of 15 numbers under a three-level header.

Converters and Markdown written by language models print it as three small tables of
five numbers, each under its own sub-heading (行政复议 / 行政诉讼（未经复议直接起诉） /
行政诉讼（复议后起诉）): where the values come in runs of at most five, each under a
sub-heading naming one group, each run is read as that group's row, whatever column
headers the small tables print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from gongkai.extract.regions import Region
from gongkai.extract.rows import region_tokens
from gongkai.extract.table2 import narrative
from gongkai.extract.tokens import PRINTED, Token
from gongkai.extract.values import Cell, Reading, fit, holds
from gongkai.extract.wrapped import mark_wrapped, rejoin_wrapped
from gongkai.model import Document
from gongkai.spec import FormatSpec

# Text this long is narrative, not a header cell (the longest is 未经复议直接起诉).
PROSE: Final = 16
# A sub-heading naming a group: 行政诉讼（未经复议直接起诉） with Markdown emphasis is longer.
HEADING: Final = 28
# Header text has fewer characters than this outside its header words (项目, 单位：件).
HEADER_LEFTOVER: Final = 6
# How values.fit reads a row with fewer cells than columns: by guessing where they go.
SHORT: Final = frozenset({"short-row", "lone-value-as-last-column"})


@dataclass(slots=True)
class Table4:
    rows: dict[str, Reading]  # group → its five cells
    uncertain: dict[str, set[int]]  # group → columns with a rival reading
    notes: list[str]
    missing: str = ""  # why the groups not in rows have no cells, if not the usual reasons


def _group(text: str) -> str | None:
    """The one t4 group a header text names, if it names exactly one."""
    direct = "未经" in text or "直接" in text  # 未经复议直接起诉, 未经行政复议直接提起诉讼
    after = "复议后" in text or "经复议" in text.replace("未经复议", "")  # 复议后起诉, 经复议后提起诉讼
    if direct or after:
        return None if direct and after else "suit_direct" if direct else "suit_after_review"
    if "复议" in text and "诉讼" not in text:
        return "review"
    return None


def _line_group(texts: list[str]) -> str | None:
    """The group a line's text cells name, if short enough to be a heading or a row label."""
    if not texts or len("".join(texts)) > HEADING:
        return None
    named = {_group(x) for x in texts}
    return named.pop() if len(named) == 1 else None


# Words that name a column of table 四 (结果维持, 结果纠正, 其他结果, 尚未审结, 总计).
_COLUMN_WORDS: Final = (("维持", "upheld"), ("纠正", "corrected"), ("其他", "other"), ("尚未", "pending"),
                        ("审结", "pending"), ("总计", "total"), ("合计", "total"))


# The characters of table 四's header words (结果维持 … 总计, 行政复议, 未经复议直接起诉 …), whole
# or stacked over lines (结果 / 维持, 总 / 计).
_HEADER_CHARS: Final = frozenset("结果维持纠正其他尚未审结总计行政复议诉讼未经直接起后()（）、 \t|")


# HEADER_LEFTOVER characters that are not header characters, anywhere in a text (one regex
# match: counting them character by character in Python cost more than the rest of the line).
_LEFTOVER: Final = re.compile("(?:[{0}]*[^{0}]){{{1}}}".format(re.escape("".join(sorted(_HEADER_CHARS))),
                                                            HEADER_LEFTOVER))


def _prose(text: str) -> bool:
    """Narrative: long text that is not a run of the table's header words (结果  结果  其他 …)."""
    return len(text) >= PROSE and _LEFTOVER.match(text) is not None


def _column(toks: list[Token], spec: FormatSpec) -> int | None:
    """The one column of table 四 a line's text names, if it names exactly one."""
    text = "".join([t.text for t in toks if t.kind == "text"])
    named = {col for word, col in _COLUMN_WORDS if word in text}
    if len(named) != 1 or len(text) > PROSE:
        return None
    col = named.pop()
    return spec.t4_columns.index(col) if col in spec.t4_columns else None


def read_table4(doc: Document, region: Region | None, spec: FormatSpec) -> Table4:
    if region is None:
        return Table4({}, {}, ["表四未找到"])
    width = len(spec.t4_columns)
    n = len(spec.t4_groups) * width
    values: list[Token] = []
    runs: list[tuple[str | None, list[Token]]] = []  # values in runs under the group named before them
    heading: str | None = None
    printed = 0  # values that are not blank cells
    lines = region_tokens(doc, region)
    wrapped = rejoin_wrapped(lines, None, [(width, True)] * len(spec.t4_groups), doc)
    # a small table printed down the page: one value a line, each beside its column's words
    by_column: dict[str, dict[int, Token]] = {}
    vertical = True
    for line in lines:
        toks = line.tokens
        has_num = False
        texts: list[str] = []
        for t in toks:  # one pass over the line's tokens (a row of values has fifteen)
            if t.kind == "text":
                texts.append(t.text)
            elif t.kind in PRINTED:
                has_num = True
        named = _line_group(texts)
        prose = False
        if named is None:
            for x in texts:
                if _prose(x):
                    prose = True
                    break
        if values and prose:
            break  # the narrative after the table
        if narrative(line):
            if values:
                break
            continue  # 被申请行政复议0件，…: counts in a sentence, not cells
        if named is not None:
            heading = named
        if not has_num:
            continue  # header cells, possibly between the values of a one-cell-per-line dump
        cells = [t for t in toks if t.kind != "text"]
        column = _column(toks, spec) if heading is not None and len(cells) == 1 else None
        if column is None or column in by_column.setdefault(heading or "", {}):
            vertical = False
        else:
            by_column[heading or ""][column] = cells[0]
        if runs and runs[-1][0] == heading:
            runs[-1][1].extend(cells)
        else:
            runs.append((heading, list(cells)))
        values += cells
        printed += sum(1 for t in cells if t.kind != "blank")
        if printed >= n:
            break
    if vertical and by_column:
        down = {g: Reading.of([cols.get(c) or Cell(None, None) for c in range(width)], "cell+column-words", 1.0)
                for g, cols in by_column.items()}
        return Table4(down, {}, [])
    split = _split(runs, spec, width)
    if split is not None:
        return split
    readings = fit(values, [(width, True)] * len(spec.t4_groups))
    if not readings:
        return Table4({}, {}, ["表四未读到数字"])
    best = readings[0]
    if best.method in SHORT:
        return _whole_groups(values, spec, width)
    rivals = {c for r in readings[1:] for c, (a, b) in enumerate(zip(best.values, r.values)) if a != b}
    if wrapped:
        best = mark_wrapped(best, rivals)
    rows: dict[str, Reading] = {}
    uncertain: dict[str, set[int]] = {}
    for i, g in enumerate(spec.t4_groups):
        lo = i * width
        rows[g] = Reading.of(best.cells[lo : lo + width], best.method, best.confidence)
        uncertain[g] = {c - lo for c in rivals if lo <= c < lo + width}
    return Table4(rows, uncertain, [])


def _whole_groups(values: list[Token], spec: FormatSpec, width: int) -> Table4:
    """Fewer cells than the table has (a page cut the row short, a cell left out): the
    groups printed whole at the row's start, or at its end, whose sums hold; the other
    cells are not printed, never guessed. Where the two alignments claim the same cells,
    the one that reads more groups wins, and neither on a tie; its cells are uncertain, as
    are all where a cell is missing inside a group."""
    groups = spec.t4_groups
    k = len(values)
    lead = _aligned(values, width, [(i, values[i * width : (i + 1) * width]) for i in range(len(groups))])
    tail = _aligned(values, width, [(len(groups) - 1 - j, values[max(0, k - (j + 1) * width) : k - j * width])
                                    for j in range(len(groups))])
    overlap = (len(lead) + len(tail)) * width > k  # both claim the same cells
    if overlap:
        lead, tail = (lead, []) if len(lead) > len(tail) else ([], tail) if len(tail) > len(lead) else ([], [])
    rows = {groups[i]: r for i, r in lead + tail}
    # a cell left out inside a group, or two alignments that both hold: another reading is possible
    doubt = overlap or k % width != 0
    uncertain = {g: set(range(width)) for g in rows} if doubt else {}
    return Table4(rows, uncertain, [f"表四只印出{k}个单元格"], "cells not printed (the row is short)")


def _aligned(values: list[Token], width: int, chunks: list[tuple[int, list[Token]]]) -> list[tuple[int, Reading]]:
    """The groups, in ``chunks`` order, read whole with their sums holding, up to the first that is not."""
    out: list[tuple[int, Reading]] = []
    for i, chunk in chunks:
        readings = fit(chunk, [(width, True)]) if len(chunk) == width else []
        if not readings or holds(readings[0].values, [(width, True)]) is not True:
            break
        out.append((i, Reading.of(readings[0].cells, readings[0].method + "+whole-groups", readings[0].confidence)))
    return out


def _split(runs: list[tuple[str | None, list[Token]]], spec: FormatSpec, width: int) -> Table4 | None:
    """Table 四 as small tables, one a group: every run of values under its own group's
    sub-heading and no wider than a group's row; None when the values are not so printed."""
    groups = [g for g, _ in runs]
    if not runs or None in groups or len(set(groups)) != len(groups):
        return None
    if any(sum(1 for t in vals if t.kind in PRINTED) > width for _, vals in runs):
        return None
    if len(runs) == 1 and len(runs[0][1]) > width:
        return None
    rows: dict[str, Reading] = {}
    uncertain: dict[str, set[int]] = {}
    for g, vals in runs:
        if g not in spec.t4_groups:
            return None
        readings = fit(vals, [(width, True)])
        if not readings:
            continue
        best = readings[0]
        rows[g] = Reading.of(best.cells, best.method + "+sub-table", best.confidence)
        uncertain[g] = {c for r in readings[1:] for c, (a, b) in enumerate(zip(best.values, r.values)) if a != b}
        if best.method in SHORT:  # fewer cells than columns: where each goes is a guess
            uncertain[g] = set(range(width))
    return Table4(rows, uncertain, []) if rows else None
