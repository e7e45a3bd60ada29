"""Table 二 (主动公开政府信息情况): a few labelled rows with 1–3 numbers each.

Format detection lives here too, because the t2 column headers decide the version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from gongkai.extract import glued_t2
from gongkai.extract.labels import Matcher
from gongkai.extract.regions import Region
from gongkai.extract.rows import PrintedRow, printed_rows, region_tokens
from gongkai.extract.t2_prose import prose, stated
from gongkai.extract.tokens import TokenLine
from gongkai.extract.values import Reading, fit
from gongkai.extract.wrapped import mark_wrapped, rejoin_wrapped
from gongkai.model import Document
from gongkai.normalize import label_key
from gongkai.spec import FormatSpec, RowSpec, all_formats


@dataclass(slots=True)
class Table2:
    rows: dict[str, Reading]
    uncertain: dict[str, set[int]]
    notes: list[str]


@cache
def _matcher(spec: FormatSpec) -> Matcher:
    return Matcher({r.key: r.labels for r in spec.t2_rows})


def detect_format(doc: Document, region: Region | None) -> tuple[str | None, dict[str, int]]:
    """The format version whose t2 column headers the region prints most of."""
    if region is None:
        return None, {}
    pieces = [line.text[s:e] for line, s, e in region.slices(doc)]
    text = label_key("".join(pieces))
    counts = _cue_counts(text)
    winner = _winner(counts)
    if winner is None:  # header words stacked over lines, perhaps
        stacked = _stacked(pieces)
        if stacked:
            counts = _cue_counts(text + label_key(stacked))
            winner = _winner(counts)
    return winner, counts


def _cue_counts(text: str) -> dict[str, int]:
    return {f.version: sum(1 for c in f.cue_keys if c in text) for f in all_formats()}


def _winner(counts: dict[str, int]) -> str | None:
    best = max(counts.values(), default=0)
    winners = [v for v, n in counts.items() if n == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


_CELL_SEP = re.compile(r"\t|\|")
_DIGIT = re.compile(r"\d")


def _stacked(lines: list[str]) -> str:
    """Header words stacked over consecutive lines (本年 / 制发 / 件数 in each column),
    joined column by column: the cells of each run of delimited lines without numbers."""
    out: list[str] = []
    run: list[list[str]] = []
    for text in [*lines, ""]:
        cells = _CELL_SEP.split(text)
        if len(cells) > 1 and not _DIGIT.search(text):
            run.append([c.strip() for c in cells])
            continue
        if len(run) > 1:
            width = max(len(r) for r in run)
            out += ["".join(r[c] for r in run if c < len(r)) for c in range(width)]
        run = []
    return "\n".join(out)


def narrative(line: TokenLine) -> bool:
    """A sentence, not a table row: a line without cell delimiters that has sentence
    punctuation or a count in 件 (本年度办理行政许可120件，行政处罚30件。)."""
    if line.delimited:
        return False
    for t in line.tokens:
        if t.kind == "text":
            if "。" in t.text or "," in t.text:
                return True
        elif t.unit == "件":
            return True
    return False


def read_table2(doc: Document, region: Region | None, spec: FormatSpec) -> Table2:
    if region is None:
        return Table2({}, {}, ["表二未找到"])
    by_key = {r.key: r for r in spec.t2_rows}
    # (a delimited line is never narrative: tested here, without a call per line)
    lines = [line for line in region_tokens(doc, region) if line.delimited or not narrative(line)]
    wrapped = rejoin_wrapped(lines, _matcher(spec), None, doc)
    printed = printed_rows(lines, _matcher(spec), lambda target: len(by_key[target].columns), continue_runs=True)
    rows: dict[str, Reading] = {}
    uncertain: dict[str, set[int]] = {}
    notes: list[str] = []
    glue = _Glued(doc, region) if spec.version == "2019" else None
    for p in printed:
        if p.label is None or not p.has_numbers or p.label.target in rows:
            continue
        row = by_key[p.label.target]
        choice = glue.read(p, row) if glue is not None else None
        if choice is not None:
            rows[row.key] = choice.reading
            if choice.uncertain:
                uncertain[row.key] = choice.uncertain
            continue
        readings = fit(p.values, [(len(row.columns), False)])
        if not readings:
            continue
        if len(readings) > 1:
            readings = _prefer_narrative(readings, row.key, row.columns, "\n".join(line.text for line in doc.lines))
        rows[row.key] = readings[0]
        if len(readings) > 1:
            uncertain[row.key] = {c for r in readings[1:] for c, (a, b) in
                                  enumerate(zip(readings[0].values, r.values)) if a != b}
        if wrapped:  # no identity ties a t2 row: a rejoined number stays uncertain
            unsure = uncertain.get(row.key, set())
            rows[row.key] = mark_wrapped(rows[row.key], unsure)
            if unsure:
                uncertain[row.key] = unsure
    return Table2(rows, uncertain, notes)


class _Glued:
    """Reads the 2019 rows printed with their cells glued (see `glued_t2`); the prose's
    statements are read once, when the first glued row needs them."""

    def __init__(self, doc: Document, region: Region) -> None:
        self.doc, self.region = doc, region
        self.ends = {line.number: e for line, _, e in region.slices(doc)}
        self.prose: dict[str, dict[str, list[float]]] | None = None

    def read(self, p: PrintedRow, row: RowSpec) -> glued_t2.Choice | None:
        """The row's reading if its values are glued on the label's line, else None."""
        label = p.label_token
        if label is None or any(t.line != label.line for t in p.values):
            return None
        text = self.doc.lines[label.line - 1].text
        at, values = glued_t2.value_text(text, label.end, self.ends.get(label.line, len(text)))
        values = glued_t2.dashed_footer(values, len(row.columns))
        footless = glued_t2.before_footer(text, at + len(values), values)
        if not glued_t2.glued(values, len(row.columns)) and footless is None:
            return None
        if self.prose is None:
            self.prose = stated(prose(self.doc, self.region))
        kinds = tuple("money" if c in row.money else "signed" if c in row.signed else "count" for c in row.columns)
        found = glued_t2.readings(values, kinds)
        if footless is not None:  # the last number may be the page's footer: both are readings
            found += glued_t2.readings(footless, kinds)
        if not found and glued_t2.spaced(values):
            return None  # cells apart with blanks among them (space-separated text): not glued
        return glued_t2.choose(found, row.columns, kinds, self.prose.get(row.key, {}), label.line, at, values)


_NARRATIVE_WORDS = {
    "made": ("制发", "新制作", "出台", "印发"),
    "new_made": ("新制作", "制发"),
    "repealed": ("废止",),
    "in_force": ("现行有效",),
    "total_published": ("对外公开总",),
}
_SUBJECT = {"regulations": "规章", "normative_docs": "规范性文件"}


def _prefer_narrative(readings: list[Reading], row: str, columns: tuple[str, ...], narrative: str) -> list[Reading]:
    """Rank glued-digit readings by the counts the narrative states for the same cells
    (现行有效行政规范性文件698件 …); keep the rivals that score as high as the best."""
    subject = _SUBJECT.get(row)
    if not subject:
        return readings
    stated: dict[int, set[int]] = {}
    for c, col in enumerate(columns):
        for w in _NARRATIVE_WORDS.get(col, ()):
            pat = re.compile(rf"{w}[^,，。;；\d]{{0,14}}?{subject}[^,，。;；\d]{{0,4}}?(\d{{1,12}})\s*件")
            for m in pat.finditer(narrative):
                stated.setdefault(c, set()).add(int(m.group(1)))

    def score(r: Reading) -> int:
        return sum(1 for c, v in enumerate(r.values) if v in stated.get(c, ()))

    ranked = sorted(readings, key=score, reverse=True)
    top = score(ranked[0])
    if top == 0:
        return ranked
    best = [r for r in ranked if score(r) == top]
    return [Reading.of(r.cells, r.method + "+narrative", 0.7) for r in best]
