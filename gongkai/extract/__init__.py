"""Document + format spec → Report: metadata and every cell, each with its provenance.

`extract_document` is a pure function of the Document; the format specs it reads are
immutable data. Each table has its own module (table2/3/4); this module decides the
format version and assembles the canonical cell keys.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache, lru_cache
from typing import Final

from gongkai.extract.glued_t2 import NO_READING, NO_READING_REASON
from gongkai.extract.meta import read_meta
from gongkai.extract.regions import joined, locate
from gongkai.extract.table2 import detect_format, read_table2
from gongkai.extract.table3 import read_table3
from gongkai.extract.table4 import read_table4
from gongkai.extract.tokens import MAX_NUMBER_DIGITS, Token
from gongkai.extract.values import NO_SPLIT, NO_SPLIT_REASON, UNSPLIT_REASON, Cell, Reading, Value
from gongkai.extract.wrapped import printed_unit
from gongkai.model import CellRecord, Document, Provenance, Provenances, Report
from gongkai.spec import FormatSpec, RowSpec, load_format

YUAN_PER_WAN: Final = 10000


def _choose_version(doc: Document, t2_version: str | None, year: int | None) -> tuple[str, str]:
    if t2_version:
        return t2_version, "t2-headers"
    if year is not None and year >= load_format("2021").first_year:
        return "2021", "year"
    if year is not None and year >= load_format("2019").first_year:
        return "2019", "year"
    return "2021", "default"


def extract_document(doc: Document) -> Report:
    text = joined(doc)
    regions = locate(doc, text)
    meta = read_meta(doc, text)
    t2_version, _ = detect_format(doc, regions.t2)
    version, basis = _choose_version(doc, t2_version, meta["year"])
    spec = load_format(version)
    t2 = read_table2(doc, regions.t2, spec)
    t3 = read_table3(doc, regions.t3, spec)
    t4 = read_table4(doc, regions.t4, spec)

    cells: dict[str, int | float | None] = dict.fromkeys(spec.keys(t3.collapsed))
    prov: dict[str, CellRecord | Provenance] = {}
    notes = list(doc.notes) + t2.notes + t3.notes + t4.notes
    put = _Assembler(cells, prov)

    for row in spec.t2_rows:
        keys = _t2_keys(row)
        reading = t2.rows.get(row.key)
        if reading is None:
            if not row.extension:
                for key in keys:
                    put.absent(key, "表二未找到" if regions.t2 is None else "row not printed")
            continue
        row_cells = list(reading.cells)
        for c, col in enumerate(row.columns):
            if col in row.money:
                row_cells[c], note = _money(row_cells[c], version)
                if note:
                    notes.append(f"{keys[c]}: {note}")
        put.row(keys, row_cells, reading, t2.uncertain.get(row.key, ()))

    for key, reading in t3.rows.items():
        placed = t3.placed.get(key)
        displaced = {c: ("displaced-cell", 0.6) for k, c in t3.displaced if k == key} if t3.displaced else None
        put.row(_t3_keys(spec, key, t3.columns), reading.cells, reading, t3.uncertain.get(key, ()),
                (f"row-{placed}", 0.9) if placed else None, displaced)
    for key in _national_t3_keys(spec, t3.collapsed):
        if key not in prov:
            row_key = key.split(".")[1]
            if regions.t3 is None:
                reason = "表三未找到"
            elif any(row_key in subs for r, subs in spec.collapsed_rows().items() if r in t3.collapsed):
                reason = "printed as one row: （六）其他处理 (t3.other)"
            else:
                reason = "row not printed"
            put.absent(key, reason)

    for g in spec.t4_groups:
        keys = _t4_keys(spec, g)
        reading = t4.rows.get(g)
        if reading is not None:
            put.row(keys, reading.cells, reading, t4.uncertain.get(g, ()))
            continue
        reason = ("表四未找到" if regions.t4 is None else t4.missing or ("no numbers printed" if not t4.rows
                  else "sub-table not printed"))
        for key in keys:
            put.absent(key, reason)

    meta = {
        "agency": meta["agency"],
        "year": meta["year"],
        "format": version,
        "published": meta["published"],
        "body_type": meta["body_type"],
        "cited_format": meta["cited_format"],
        "period": meta["period"],
        "format_basis": basis,
        "title": meta["title"],
    }
    return Report(doc.source, meta, cells, Provenances(doc.lines, prov), notes, doc)


# Cell keys are fixed by the format: made once, not formatted anew for every report.

@cache
def _t2_keys(row: RowSpec) -> tuple[str, ...]:
    return tuple(row.cell_key("t2", col) for col in row.columns)


@cache
def _t4_keys(spec: FormatSpec, group: str) -> tuple[str, ...]:
    return tuple(f"t4.{group}.{col}" for col in spec.t4_columns)


@cache
def _national_t3_keys(spec: FormatSpec, collapsed: frozenset[str]) -> tuple[str, ...]:
    return tuple(k for k in spec.keys(collapsed) if k.startswith("t3."))


@lru_cache(maxsize=1024)
def _t3_keys(spec: FormatSpec, row: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """Cell keys of one t3 row: x.t3.* for subtotal rows and for columns the format lacks."""
    if row.startswith("x."):
        return tuple(f"x.t3.{row[2:]}.{c}" for c in columns)
    return tuple(f"t3.{row}.{c}" if c in spec.t3_columns else f"x.t3.{row}.{c}" for c in columns)


def _money(cell: Cell | Token, version: str) -> tuple[Cell | Token, str | None]:
    """Money in 万元: a cell printed in 元 is converted; a bare number is kept as printed."""
    tok = cell.token
    if cell.value is None or tok is None:
        return cell, None
    unit = printed_unit(tok)
    if unit == "元":
        return Cell(round(cell.value / YUAN_PER_WAN, 6), tok, cell.span), "printed in 元, converted to 万元"
    if unit is None and version == "2019":
        return cell, "no unit printed; kept as printed"
    return cell, None


class _Assembler:
    """Writes cells and where each was read (see model.Provenances)."""

    def __init__(self, cells: dict[str, Value], prov: dict[str, CellRecord | Provenance]):
        self.cells, self.prov = cells, prov

    def absent(self, key: str, reason: str) -> None:
        self.cells[key] = None
        self.prov[key] = Provenance(confidence=1.0, method="absent", reason=reason)

    def row(self, keys: Sequence[str], cells: Sequence[Cell | Token], reading: Reading, rivals: Collection[int],
            extra: tuple[str, float] | None = None, extras: dict[int, tuple[str, float]] | None = None) -> None:
        """One row's cells; ``rivals``: columns with another reading as good; ``extra``: how
        the row was placed, ``extras``: how single cells were (both lower the confidence)."""
        method, conf = reading.method, reading.confidence
        if extra:
            method, conf = f"{method}+{extra[0]}", min(conf, extra[1])
        values, prov = self.cells, self.prov
        if not rivals and not extras:  # the usual row: every cell as sure as the row
            for key, cell in zip(keys, cells):
                if type(cell) is Token:  # unpacked at once: five field reads cost more
                    kind, _, line, start, end, _, value = cell
                    values[key] = value
                    if kind == "num":
                        prov[key] = (line, start, end, conf, method, None, False)
                        continue
                else:
                    values[key] = cell.value
                self.cell(key, cell, reading, False, extra)
            return
        for c, (key, cell) in enumerate(zip(keys, cells)):
            if extras and c in extras:
                self.cell(key, cell, reading, c in rivals, extras[c])
                continue
            uncertain = c in rivals
            values[key] = cell.value
            if type(cell) is Token and cell.kind == "num":  # the usual cell: a number read whole
                prov[key] = (cell.line, cell.start, cell.end, 0.5 if uncertain and conf > 0.5 else conf, method,
                             None, uncertain)
            else:
                self.cell(key, cell, reading, uncertain, extra)

    def cell(self, key: str, cell: Cell | Token, reading: Reading, uncertain: bool,
             extra: tuple[str, float] | None = None) -> None:
        tok = cell.token
        method, conf = reading.method, reading.confidence
        if extra:
            method, conf = f"{method}+{extra[0]}", min(conf, extra[1])
        if uncertain and conf > 0.5:
            conf = 0.5
        self.cells[key] = cell.value
        if tok is None:
            self.prov[key] = Provenance(confidence=conf, method=method, reason="no cell printed (merged or blank)",
                                        uncertain=uncertain)
            return
        kind = tok.kind
        if kind == "num":
            reason = (None if cell.value is not None else NO_READING_REASON if method == NO_READING
                      else NO_SPLIT_REASON if NO_SPLIT in method else UNSPLIT_REASON)
        elif kind == "blank":
            reason = "blank cell"
        elif len(tok.text) > MAX_NUMBER_DIGITS:
            reason = f"a run of {len(tok.text)} digits: too long to be a count"
        else:
            reason = f"printed as {tok.text!r}"
        s, e = cell.span or (tok.start, tok.end)
        self.prov[key] = (tok.line, s, e, conf, method, reason, uncertain)
