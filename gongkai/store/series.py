"""Reading a body's reports back for the cross-year and corpus rules, and storing what they
find.

The rules see plain data (``StoredReport``: cells, where each was printed, and what they
read of the text: each narrative section's MinHash, ``sketches``, and the other ``facts``,
computed where the report was read; the section texts only of a report stored without
them), never SQL; a body's series is its reports of one ``body_id`` (``store/bodies.py``: the
identity of ``corpus.bodies`` under the alias table), a report with no body joins none.
A body's cross-year findings are replaced, and its reports marked ``series_checked``, in one
transaction, so an interrupted pass is simply done again by the next run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import Any, NamedTuple

import sqlalchemy as sa

from gongkai.model import LINE_FORMS, Finding, Location
from gongkai.store.ingest import CHUNK, SKETCH_COLUMNS, Store, finding_row
from gongkai.store.lsh import drop_bands
from gongkai.store.plain import fetch_bound, fetch_plain, insert_many, insert_rows
from gongkai.store.schema import bodies, cells, findings, reports, sketches, sources, texts

Place = tuple[int | None, tuple[int, int] | None, Location | None]


class StoredReport(NamedTuple):
    """A current report as stored: what the cross-year and corpus rules read."""

    report_id: int
    source: str  # the file's path at ingest
    agency: str | None
    year: int | None
    format: str | None
    cells: dict[str, int | float | None]
    uncertain: frozenset[str]
    places: Places  # cell key → (line, column span, where a person finds it)
    sections: dict[str, str]  # read only for a report without facts (stored before 0006)
    sketches: dict[str, tuple[int, int, bytes]]  # narrative section → (chars, shingles, MinHash)
    facts: dict[str, Any] | None  # rules.Facts.plain's rest; None: not stored (compute from sections)


class Indexed(NamedTuple):
    """A current report's id, body (id and key) and year: enough to group reports by body."""

    report_id: int
    body_id: int | None
    body_key: str | None
    year: int | None


def current_index(store: Store, body_ids: Sequence[int]) -> list[Indexed]:
    """The current reports (the latest version of each file) of the bodies ``body_ids``, by id."""
    out: list[Indexed] = []
    with store.engine.connect() as conn:
        for i in range(0, len(body_ids), CHUNK):
            query = (sa.select(reports.c.id, reports.c.body_id, bodies.c.key, reports.c.year)
                     .join(bodies, bodies.c.id == reports.c.body_id)
                     .where(reports.c.is_current, reports.c.body_id.in_(body_ids[i:i + CHUNK])).order_by(reports.c.id))
            out += (Indexed(*row) for row in conn.execute(query))
    return sorted(out)


def without_facts(store: Store) -> list[int]:
    """The current reports stored without facts (before migration 0006), by id: the corpus
    pass computes theirs once from their texts."""
    with store.engine.connect() as conn:
        query = sa.select(reports.c.id).where(reports.c.is_current, reports.c.facts.is_(None)).order_by(reports.c.id)
        return list(conn.execute(query).scalars())


def unchecked_bodies(store: Store, after: int, limit: int) -> dict[int, set[int | None]]:
    """The next ``limit`` bodies by id after ``after`` with reports (current, or superseded
    since) that their body's cross-year check has not seen, each with those reports' years:
    reports stored, replaced or moved by an alias since the last complete pass (None: a
    report with no year). A page at a time, so that a first pass never holds every body."""
    out: dict[int, set[int | None]] = {}
    unseen = ~reports.c.series_checked
    with store.engine.connect() as conn:
        page = (sa.select(reports.c.body_id).where(unseen, reports.c.body_id > after).distinct()
                .order_by(reports.c.body_id).limit(limit))
        query = sa.select(reports.c.body_id, reports.c.year).where(unseen, reports.c.body_id.in_(page)).distinct()
        for body_id, year in conn.execute(query):
            out.setdefault(body_id, set()).add(year)
    return out


def unseen_without_body(store: Store) -> bool:
    """Whether a report with no body was stored (or superseded) since the last complete pass."""
    with store.engine.connect() as conn:
        return conn.execute(sa.select(reports.c.id).where(~reports.c.series_checked, reports.c.body_id.is_(None))
                            .limit(1)).first() is not None


def _number(v: float | None) -> int | float | None:
    """A stored value as extraction gave it: NUMERIC reads back as float, a count 804.0 is 804."""
    return int(v) if v is not None and v == int(v) else v


# The cell columns a place is made of, in this order (``Places`` keeps them as read).
PLACE_COLUMNS = (cells.c.line, cells.c.col_start, cells.c.col_end, cells.c.page, cells.c.x0, cells.c.top,
                 cells.c.x1, cells.c.bottom, cells.c.table_no, cells.c.row_no, cells.c.column_no, cells.c.paragraph,
                 cells.c.source_line)


class Places(Mapping[str, Place]):
    """A report's cell places, read from the store when first asked for and each made when
    first asked for: the pass reads a couple of hundred cells a report back, and only the few
    cells a cross-year finding names are ever placed, so reading every place column of every
    cell with the values cost more than the checks themselves."""

    def __init__(self, form: str | None, read: Callable[[], dict[str, tuple[Any, ...]]]):
        self.form = form
        self._read = read
        self._raw: dict[str, tuple[Any, ...]] | None = None

    @property
    def raw(self) -> dict[str, tuple[Any, ...]]:
        """The places' columns by cell key (``PLACE_COLUMNS``), of the cells that were printed."""
        if self._raw is None:
            self._raw = self._read()
        return self._raw

    def __getitem__(self, key: str) -> Place:
        line, c0, c1, page, x0, top, x1, bottom, table, row, column, paragraph, source_line = self.raw[key]
        col = (c0, c1) if c0 is not None else None
        if page is not None:  # as model.locate places a cell of each form
            return line, col, Location(page=page, box=(x0, top, x1, bottom) if x0 is not None else None)
        if table is not None or paragraph is not None or source_line is not None:
            return line, col, Location(source_line=source_line, table=table, row=row, column=column,
                                       paragraph=paragraph)
        if self.form in LINE_FORMS:
            return line, col, Location(source_line=line, col=col)
        return line, col, None

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)

    def __contains__(self, key: object) -> bool:
        return key in self.raw


_PLACES = sa.select(cells.c.key, *PLACE_COLUMNS).where(cells.c.report_id == sa.bindparam("report_id"),
                                                        cells.c.line.is_not(None))


def read_places(store: Store, report_id: int) -> dict[str, tuple[Any, ...]]:
    """The places of a stored report's printed cells (``PLACE_COLUMNS`` by cell key), as the
    driver gives them (a couple of hundred rows of plain numbers)."""
    with store.engine.connect() as conn:
        return {key: tuple(place) for key, *place in fetch_bound(conn, _PLACES, {"report_id": report_id})}


def load_reports(store: Store, report_ids: Sequence[int], *, with_cells: bool = True,
                 sections: Iterable[str] | None = None) -> list[StoredReport]:
    """The stored reports ``report_ids`` with their cells and facts (unless ``with_cells`` is
    false: sketches only, their facts left empty, for reports whose facts are to be computed),
    sketches (only of ``sections`` if given), and the section texts of those stored without
    facts, in the order asked."""
    wanted = list(sections) if sections is not None else None
    out: dict[int, StoredReport] = {}
    facts = reports.c.facts if with_cells else sa.case((reports.c.facts.is_(None), None), else_="{}").label("facts")
    with store.engine.connect() as conn:
        for i in range(0, len(report_ids), CHUNK):
            chunk = list(report_ids[i:i + CHUNK])
            query = (sa.select(reports.c.id, sources.c.path, sources.c.form, reports.c.agency, reports.c.year,
                               reports.c.format, facts).join(sources, sources.c.id == reports.c.source_id)
                     .where(reports.c.id.in_(chunk)))
            for row in conn.execute(query):
                out[row.id] = StoredReport(row.id, row.path, row.agency, row.year, row.format, {}, frozenset(),
                                           Places(row.form, partial(read_places, store, row.id)), {}, {}, None if row.facts is None else json.loads(row.facts))
            if with_cells:
                _read_cells(conn, chunk, out)
            query = sa.select(sketches).where(sketches.c.report_id.in_(chunk))
            if wanted is not None:
                query = query.where(sketches.c.section.in_(wanted))
            for row in conn.execute(query):
                out[row.report_id].sketches[row.section] = (row.chars, row.shingles, bytes(row.minhash))
            bare = [rid for rid in chunk if rid in out and out[rid].facts is None]
            for j in range(0, len(bare), CHUNK):
                for row in conn.execute(sa.select(texts).where(texts.c.report_id.in_(bare[j:j + CHUNK]))):
                    out[row.report_id].sections[row.section] = row.text
    return [out[i] for i in report_ids if i in out]


def _read_cells(conn: sa.Connection, chunk: list[int], out: dict[int, StoredReport]) -> None:
    """The cells of the reports ``chunk`` into their StoredReports (values and doubts; their places
    are read when a finding needs one). One row a report: its cells as one JSON object built by
    the database and parsed in C, its uncertain keys joined — a couple of hundred rows a
    report made into Python tuples cost twice as much. NUMERIC values come back as extraction
    gave them: a count 804, an amount 12.35. SQLite writes a REAL into JSON with 15 digits, so
    the reports that have any are read again exactly (``_exact_reals``)."""
    sqlite = conn.dialect.name == "sqlite"
    doubts = sa.func.aggregate_strings(sa.case((cells.c.uncertain, cells.c.key)), ",")
    reals: sa.ColumnElement[Any]
    if sqlite:
        values = sa.func.json_group_object(cells.c.key, cells.c.value)
        reals = sa.func.max(sa.case((sa.func.typeof(cells.c.value) == "real", 1), else_=0))
    else:
        values = sa.func.json_object_agg(cells.c.key, cells.c.value)
        reals = sa.literal(0)
    query = (sa.select(cells.c.report_id, values, doubts, reals).where(cells.c.report_id.in_(chunk))
             .group_by(cells.c.report_id))
    inexact: list[int] = []
    for report_id, found, doubtful, real in fetch_plain(conn, query):
        found = json.loads(found) if isinstance(found, str) else found  # psycopg parses JSON itself
        out[report_id].cells.update(found if sqlite else {k: _number(v) for k, v in found.items()})
        if doubtful:
            out[report_id] = out[report_id]._replace(uncertain=frozenset(doubtful.split(",")))
        if real:
            inexact.append(report_id)
    _exact_reals(conn, inexact, out)


def _exact_reals(conn: sa.Connection, report_ids: list[int], out: dict[int, StoredReport]) -> None:
    """The REAL values (amounts with decimals) of these SQLite reports, read as doubles."""
    for i in range(0, len(report_ids), CHUNK):
        query = sa.select(cells.c.report_id, cells.c.key, cells.c.value).where(
            cells.c.report_id.in_(report_ids[i:i + CHUNK]), sa.func.typeof(cells.c.value) == "real")
        for report_id, key, value in fetch_plain(conn, query):
            out[report_id].cells[key] = _number(value)


def save_facts(store: Store, computed: Mapping[int, tuple[dict[str, tuple[int, int, bytes]], dict[str, Any]]]) -> None:
    """Store the facts computed for reports stored without them (report id → sketches, rest),
    so that the next pass reads them (and, from the sketches, their LSH bands)."""
    if not computed:
        return
    with store.engine.begin() as conn:
        ids = list(computed)
        for i in range(0, len(ids), CHUNK):
            conn.execute(sketches.delete().where(sketches.c.report_id.in_(ids[i:i + CHUNK])))
        drop_bands(conn, ids)
        insert_rows(conn, sketches, SKETCH_COLUMNS,
                    [(rid, n, *sketch) for rid, (found, _) in computed.items() for n, sketch in found.items()])
        for rid, (_, rest) in computed.items():
            conn.execute(reports.update().where(reports.c.id == rid).values(facts=json.dumps(rest, ensure_ascii=False)))


def replace_findings(store: Store, scope: str, report_ids: Sequence[int] | None,
                     found: Iterable[tuple[int, Finding, int | None]],
                     checked: Iterable[int | None] = ()) -> None:
    """In one transaction: drop the ``scope`` findings of ``report_ids`` (None: of every
    report), store ``found`` ((report id, finding, the other report's id)), and mark every
    report of the ``checked`` bodies (None: reports without one) as seen by the cross-year
    check."""
    rows = [finding_row(report_id, f, scope, other) for report_id, f, other in found]
    checked = list(checked)
    names = [a for a in checked if a is not None]
    with store.engine.begin() as conn:
        if report_ids is None:
            conn.execute(findings.delete().where(findings.c.scope == scope))
        else:
            ids = list(report_ids)
            for i in range(0, len(ids), CHUNK):
                conn.execute(findings.delete().where(findings.c.scope == scope,
                                                     findings.c.report_id.in_(ids[i:i + CHUNK])))
        insert_many(conn, findings, rows)
        for i in range(0, len(names), CHUNK):
            conn.execute(reports.update().where(reports.c.body_id.in_(names[i:i + CHUNK]))
                         .values(series_checked=True))
        if None in checked:
            conn.execute(reports.update().where(reports.c.body_id.is_(None)).values(series_checked=True))
