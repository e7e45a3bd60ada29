"""Writing audit results: each source in one transaction, and reading stored findings back.

The unit of work is one source file. Its row, its report, every cell and every finding are
written in a single transaction, so a run killed at any moment leaves each file either
fully stored or not at all; a resumed run sees the stored ones by path and content hash
and skips them. A file whose content changed becomes a new source row: the older version
and its report stay, marked as superseded, so history is never overwritten.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple, Self

import sqlalchemy as sa

from gongkai.corpus.aliases import Alias, Aliases
from gongkai.corpus.bodies import BodyRow
from gongkai.model import Finding, Location, Other, Report, plain_provenance
from gongkai.store import bodies as body_store
from gongkai.store.engine import deferred_indexes, open_engine, restore_indexes
from gongkai.store.plain import insert_many, insert_rows
from gongkai.store.schema import cells, findings, lsh_bands, reports, run_sources, runs, sketches, sources, texts
from gongkai.version import __version__

CHUNK = 500  # ids per IN (...) list: well under SQLite's bound variable limit
# Sources a store takes in one run before the deferred indexes are built once at the end
# instead of row by row (``Store.bulk_load``): at least BULK_MIN, and at least BULK_SHARE of
# the reports stored. Keeping the cells' key index row by row costs ≈ 1.1–1.6 ms a new report,
# dropping and building it ≈ 0.4 ms a stored one (SQLite, a store of 723 text reports taking
# 240 more: about even, 0.15 ms a report to the rebuild); from half, the rebuild is cheaper.
BULK_MIN = 500
BULK_SHARE = 0.5
META_COLUMNS = ("format", "format_basis", "year", "agency", "title", "published", "body_type", "cited_format",
                "period")


class Stored(NamedTuple):
    """The latest stored version of a path."""

    source_id: int
    sha256: str
    status: str  # ok | failed
    error: str | None
    catalog: str | None = None  # the fingerprint of the rule catalog that checked its report


@dataclass(slots=True)
class Ingested:
    """One source's results, ready to store: a Report and its findings, or the error that
    kept it from being read."""

    path: str  # absolute
    sha256: str
    size: int
    form: str | None = None
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    texts: dict[str, str] = field(default_factory=dict)  # section (一…六, 前言) → its text
    # what the cross-year rules read (rules.facts.Facts.plain): narrative section → (chars,
    # shingles, MinHash bytes), and the rest as JSON-ready values; None: not computed
    sketches: dict[str, tuple[int, int, bytes]] = field(default_factory=dict)
    facts: dict[str, Any] | None = None
    catalog: str | None = None  # the fingerprint of the rule catalog that checked it


@dataclass(slots=True)
class RunCounts:
    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0


def _now() -> datetime:
    return datetime.now(UTC)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class Store:
    """A database of sources, reports, cells and findings (``open_store`` opens one)."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self._aliases = Aliases()
        self._aliases_version: tuple[Any, ...] | None = None
        # body key → id of the bodies rows committed so far: a row is never deleted nor its
        # key changed, so a batch looks up only the bodies it has not met before
        self._body_ids: dict[str, int] = {}

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs ---------------------------------------------------------------------------

    def start_run(self, paths: Sequence[str], jobs: int) -> int:
        with self.engine.begin() as conn:
            row = conn.execute(runs.insert().values(started=_now(), gongkai_version=__version__,
                                                    paths=_json(list(paths)), jobs=jobs).returning(runs.c.id))
            return int(row.scalar_one())

    def finish_run(self, run_id: int, counts: RunCounts) -> None:
        with self.engine.begin() as conn:
            conn.execute(runs.update().where(runs.c.id == run_id).values(
                finished=_now(), sources_seen=counts.seen, sources_new=counts.new, sources_changed=counts.changed,
                sources_unchanged=counts.unchanged, sources_failed=counts.failed))

    # -- sources ------------------------------------------------------------------------

    def latest(self, paths: Iterable[str]) -> dict[str, Stored]:
        """The latest stored version of each of ``paths`` that has one."""
        with self.engine.connect() as conn:
            return _latest_in(conn, list(dict.fromkeys(paths)))

    def seen(self, source_ids: Sequence[int]) -> None:
        """Note that unchanged sources were seen again (their ``last_seen``)."""
        now = _now()
        with self.engine.begin() as conn:
            for i in range(0, len(source_ids), CHUNK):
                conn.execute(sources.update().where(sources.c.id.in_(source_ids[i:i + CHUNK])).values(last_seen=now))

    @contextmanager
    def bulk_load(self, sources: int) -> Iterator[None]:
        """Store ``sources`` sources inside this block. If they are at least ``BULK_MIN`` and
        ``BULK_SHARE`` of the reports stored already (a first load, a new year's reports), the deferred indexes
        (``engine.deferred_indexes``: the cells' key index) are dropped meanwhile and built
        once at the end: built from all the keys at once, the index costs a tenth of what
        keeping it row by row does. A run killed inside leaves them to the next opening of
        the store (``open_engine`` builds a missing one)."""
        with self.engine.connect() as conn:
            bulk = sources >= BULK_MIN and sources >= BULK_SHARE * conn.execute(
                sa.select(sa.func.count()).select_from(reports)).scalar_one()
        if bulk:
            with self.engine.begin() as conn:
                for ix in deferred_indexes():
                    ix.drop(conn, checkfirst=True)
        try:
            yield
        finally:
            if bulk:
                restore_indexes(self.engine)

    def record(self, run_id: int, item: Ingested) -> str:
        """Store one source and its results in one transaction.

        Returns "new", "changed", or "unchanged" when the path's latest version already has
        this content (another run stored it meanwhile: nothing is written), or "rechecked"
        when it has this content but was checked by another rule catalog (``item.catalog``
        differs): its report is replaced in place, cells, texts and findings too.
        """
        return self.record_many(run_id, [item])[0]

    def record_many(self, run_id: int, items: Sequence[Ingested]) -> list[str]:
        """Store several sources in one transaction (each as ``record`` does): a commit costs
        more than a report's rows on SQLite, so the audit hands on what its workers finished
        in the last moment together, and their rows go in a few statements for the whole
        batch (sources and reports as one executemany with RETURNING, every report's cells
        as one). Still all or nothing: a killed run leaves each of them stored whole or not
        at all."""
        now = _now()
        states: list[str] = []
        bodies = dict(self._body_ids)
        with self.engine.begin() as conn:
            aliases = self._current_aliases(conn)
            for group in _unique_paths(items):
                states.extend(self._record_group(conn, run_id, group, now, aliases, bodies))
        self._body_ids = bodies  # committed: a row made by a transaction rolled back is never kept
        return states

    def _record_group(self, conn: sa.Connection, run_id: int, items: Sequence[Ingested], now: datetime,
                      aliases: Aliases, bodies: dict[str, int]) -> list[str]:
        """Sources of distinct paths, in statements shared by the whole group (``bodies``: the
        ids of the bodies known, added to as bodies are met)."""
        previous = _latest_in(conn, [item.path for item in items])
        states: list[str] = []
        todo: list[Ingested] = []
        again: list[tuple[Ingested, Stored]] = []
        for item in items:
            before = previous.get(item.path)
            if before is not None and before.sha256 == item.sha256:
                if item.report is not None and item.catalog is not None and before.status == "ok" \
                        and before.catalog != item.catalog:
                    states.append("rechecked")
                    again.append((item, before))
                else:
                    states.append("unchanged")
                continue
            states.append("new" if before is None else "changed")
            todo.append(item)
        source_ids = _insert_returning(conn, sources, [{
            "path": item.path, "sha256": item.sha256, "size": item.size, "form": item.form,
            "status": "failed" if item.report is None else "ok", "error": item.error, "first_seen": now,
            "last_seen": now, "run_id": run_id} for item in todo])
        read = [(item, source_id) for item, source_id in zip(todo, source_ids, strict=True) if item.report is not None]
        report_ids = _insert_returning(conn, reports, [self._report_values(conn, item, aliases, bodies)
                                                       | {"source_id": source_id} for item, source_id in read])
        report_of = {source_id: report_id for (_, source_id), report_id in zip(read, report_ids, strict=True)}
        for item, source_id in zip(todo, source_ids, strict=True):
            before = previous.get(item.path)
            if before is not None:
                conn.execute(sources.update().where(sources.c.id == before.source_id).values(superseded_by=source_id))
                conn.execute(reports.update().where(reports.c.source_id == before.source_id).values(
                    is_current=False, superseded_by=report_of.get(source_id), series_checked=False))
        stored = [(item, report_id) for (item, _), report_id in zip(read, report_ids, strict=True)]
        stored += [(item, self._replace_report(conn, item, before, aliases, bodies, now)) for item, before in again]
        _insert_children(conn, stored)
        return states

    def _report_values(self, conn: sa.Connection, item: Ingested, aliases: Aliases, bodies: dict[str, int]
                       ) -> dict[str, Any]:
        """A report's row (but its source): meta, notes, body, facts, the catalog that checked it."""
        report = item.report
        assert report is not None
        meta = report.meta
        agency = meta.get("agency")
        body_id = None
        if agency:
            body = aliases.body(agency)
            if body.key not in bodies:
                bodies[body.key] = body_store.body_id(conn, body)
            body_id = bodies[body.key]
        return {"meta": _json(meta), "notes": _json(report.notes), "gongkai_version": __version__,
                "is_current": True, "body_id": body_id, "facts": None if item.facts is None else _json(item.facts),
                "catalog": item.catalog, **{k: meta.get(k) for k in META_COLUMNS}}

    def _replace_report(self, conn: sa.Connection, item: Ingested, before: Stored, aliases: Aliases,
                        bodies: dict[str, int], now: datetime) -> int:
        """A stored source checked again by another rule catalog: its report's row updated in
        place and its cells, texts, sketches, LSH bands and own findings dropped (the caller writes the
        new ones); its body's series, and the one it left, to be checked again."""
        report_id, old_body = conn.execute(sa.select(reports.c.id, reports.c.body_id)
                                           .where(reports.c.source_id == before.source_id)).one()
        values = self._report_values(conn, item, aliases, bodies)
        for table in (cells, texts, sketches, lsh_bands):  # bands: made again from the new sketches
            conn.execute(table.delete().where(table.c.report_id == report_id))
        conn.execute(findings.delete().where(findings.c.report_id == report_id, findings.c.scope == "report"))
        conn.execute(reports.update().where(reports.c.id == report_id).values(**values, series_checked=False,
                                                                               search_indexed=False))
        if old_body is not None and old_body != values["body_id"]:
            conn.execute(reports.update().where(reports.c.body_id == old_body).values(series_checked=False))
        conn.execute(sources.update().where(sources.c.id == before.source_id).values(last_seen=now))
        return int(report_id)

    # -- bodies (store/bodies.py) --------------------------------------------------------

    def _current_aliases(self, conn: sa.Connection) -> Aliases:
        """The alias table, read again only when it changed (another process may edit it)."""
        version = body_store.aliases_version(conn)
        if version != self._aliases_version:
            self._aliases, self._aliases_version = body_store.load_aliases(conn), version
        return self._aliases

    def assign_bodies(self, *, only_missing: bool = True) -> int:
        """Give reports their body: those without one (stored before bodies existed), or all
        of them. Returns how many reports changed body."""
        with self.engine.begin() as conn:
            return body_store.assign(conn, self._current_aliases(conn), only_missing=only_missing)

    def join_unplaced(self) -> int:
        """Give the reports of a name the gazetteer could not place to the one placed body of
        the same name, once the store holds it, and back when a second one appears
        (``store/bodies.join_unplaced``)."""
        with self.engine.begin() as conn:
            return body_store.join_unplaced(conn, self._current_aliases(conn))

    def add_aliases(self, aliases: Iterable[Alias]) -> int:
        """Record aliases in one transaction and assign every stored report again under the
        new table. Returns how many reports changed body."""
        with self.engine.begin() as conn:
            for alias in aliases:
                body_store.add_alias(conn, alias)
            self._aliases_version = None  # read the table again, whatever its version says
            return body_store.assign(conn, self._current_aliases(conn), only_missing=False)

    def bodies(self) -> list[BodyRow]:
        with self.engine.connect() as conn:
            return body_store.body_rows(conn)

    # -- reading back -------------------------------------------------------------------

    def findings_of(self, shown: dict[int, str]) -> list[Finding]:
        """The stored findings of the reports of these sources (source id → the name to show
        as the finding's source), by source then line and code, as `check` orders them."""
        return list(self.iter_findings(shown))

    def iter_findings(self, shown: dict[int, str], run_id: int | None = None) -> Iterator[Finding]:
        """``findings_of`` as the findings are read, ``CHUNK`` sources at a time (an audit's
        findings are never all held: a national corpus has millions). With ``run_id``, the
        other report a finding names is shown by the name that run walked it as, if it did
        (``shown`` may then hold one page of the run's sources only)."""
        ids = list(shown)
        other_report, other_source = reports.alias("other_report"), sources.alias("other_source")
        walked = run_sources.alias("walked")
        with self.engine.connect() as conn:
            for i in range(0, len(ids), CHUNK):
                per_source: dict[int, list[Finding]] = {source_id: [] for source_id in ids[i:i + CHUNK]}
                query = (sa.select(reports.c.source_id, findings, other_source.c.id.label("other_source_id"),
                                   other_source.c.path.label("other_path"), other_report.c.year.label("other_year"),
                                   walked.c.shown_as.label("other_shown"))
                         .join(reports, reports.c.id == findings.c.report_id)
                         .outerjoin(other_report, other_report.c.id == findings.c.other_report_id)
                         .outerjoin(other_source, other_source.c.id == other_report.c.source_id)
                         .outerjoin(walked, sa.and_(walked.c.run_id == run_id, walked.c.stored_as == other_source.c.path,
                                                    other_source.c.superseded_by.is_(None)))
                         .where(reports.c.source_id.in_(ids[i:i + CHUNK])).order_by(findings.c.id))
                for row in conn.execute(query):
                    other = None if row.other_path is None else Other(
                        shown.get(row.other_source_id) or row.other_shown or row.other_path, row.other_year,
                        tuple(c for c in (row.other_cells or "").split(",") if c), row.other_report_id)
                    per_source[row.source_id].append(_finding(row, shown[row.source_id], other))
                for found in per_source.values():
                    yield from found

    def finding_counts(self, source_ids: Iterable[int]) -> dict[tuple[str, str], int]:
        """How many stored findings the reports of these sources have, by (code, severity)."""
        ids = list(source_ids)
        out: dict[tuple[str, str], int] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), CHUNK):
                query = (sa.select(findings.c.code, findings.c.severity, sa.func.count())
                         .join(reports, reports.c.id == findings.c.report_id)
                         .where(reports.c.source_id.in_(ids[i:i + CHUNK]))
                         .group_by(findings.c.code, findings.c.severity))
                for code, severity, n in conn.execute(query):
                    out[code, severity] = out.get((code, severity), 0) + n
        return out


def finding_row(report_id: int, f: Finding, scope: str = "report", other_report_id: int | None = None
                ) -> dict[str, Any]:
    """A finding as its ``findings`` row (``scope``: what it saw; ``other_report_id``: the
    stored report it names, for a cross-year or corpus finding)."""
    return {"report_id": report_id, "code": f.code, "name": f.name, "severity": f.severity,
            "message": f.message, "line": f.line, "col_start": f.col[0] if f.col else None,
            "col_end": f.col[1] if f.col else None, "cells": ",".join(f.cells),
            "expected": _json(f.expected), "actual": _json(f.actual), "artifact": f.artifact,
            **_place(f.location), "scope": scope, "other_report_id": other_report_id,
            "other_cells": ",".join(f.other.cells) if f.other is not None else None}


def _insert_returning(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` and return their ids in the rows' order: one executemany with
    RETURNING (SQLAlchemy's insertmanyvalues, on SQLite and psycopg alike)."""
    if not rows:
        return []
    result = conn.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True), rows)
    return [int(i) for i in result.scalars()]


def _latest_in(conn: sa.Connection, paths: Sequence[str]) -> dict[str, Stored]:
    """The latest stored version of each of ``paths`` (distinct) that has one."""
    out: dict[str, Stored] = {}
    for i in range(0, len(paths), CHUNK):
        query = (sa.select(sources.c.path, sources.c.id, sources.c.sha256, sources.c.status, sources.c.error,
                           reports.c.catalog).outerjoin(reports, reports.c.source_id == sources.c.id)
                 .where(sources.c.path.in_(paths[i:i + CHUNK]), sources.c.superseded_by.is_(None)))
        for path, *rest in conn.execute(query):
            out[path] = Stored(*rest)
    return out


def _insert_children(conn: sa.Connection, stored: list[tuple[Ingested, int]]) -> None:
    """Every cell, text, finding and sketch of the reports ``stored`` (item, report id)."""
    plain: list[tuple[Any, ...]] = []
    placed: list[tuple[Any, ...]] = []
    for item, report_id in stored:
        assert item.report is not None
        cell_rows(report_id, item.report, plain, placed)
    insert_rows(conn, cells, PLAIN_CELL_COLUMNS, plain)
    insert_rows(conn, cells, CELL_COLUMNS, placed)
    insert_rows(conn, texts, ("report_id", "section", "text"),
                [(report_id, k, v) for item, report_id in stored for k, v in item.texts.items()])
    insert_many(conn, findings, [finding_row(report_id, f) for item, report_id in stored for f in item.findings])
    insert_rows(conn, sketches, SKETCH_COLUMNS,
                [(report_id, n, *sketch) for item, report_id in stored for n, sketch in item.sketches.items()])


def _unique_paths(items: Sequence[Ingested]) -> Iterator[list[Ingested]]:
    """``items`` in runs without a path twice (a path given twice to one audit is stored
    once, then found unchanged, as if stored one at a time)."""
    group: list[Ingested] = []
    seen: set[str] = set()
    for item in items:
        if item.path in seen:
            yield group
            group, seen = [], set()
        group.append(item)
        seen.add(item.path)
    if group:
        yield group


# A cell printed in a plain text file has only these columns; a laid-out or structured
# source's (PDF, DOCX, HTML …) has the rest too. Two statements, so that the dozen columns
# a text report leaves NULL are not bound row by row (binding is most of an insert's cost).
# Both in the table's order: a positional statement then takes the rows as they are made.
PLAIN_CELL_COLUMNS = ("report_id", "key", "value", "uncertain", "confidence", "method", "reason", "line",
                      "col_start", "col_end", "printed")
CELL_COLUMNS = (*PLAIN_CELL_COLUMNS[:-1], "page", "x0", "top", "x1", "bottom", "printed", "table_no", "row_no",
                "column_no", "paragraph", "source_line")


SKETCH_COLUMNS = ("report_id", "section", "chars", "shingles", "minhash")


def cell_rows(report_id: int, report: Report, plain: list[tuple[Any, ...]], placed: list[tuple[Any, ...]]) -> None:
    """Append each cell of ``report`` as a row: to ``plain`` (``PLAIN_CELL_COLUMNS``) if it
    has no page, box or table place, else to ``placed`` (``CELL_COLUMNS``). Read from the
    provenance's plain tuples (``model.plain_provenance``), no Provenance made a cell."""
    provenance = plain_provenance(report.provenance)
    for key, value in report.cells.items():
        line, col, text, confidence, method, reason, uncertain, page, box, table, row_no, column, paragraph, \
            source_line = provenance[key]
        c0, c1 = col or (None, None)
        if page is None and table is None and paragraph is None and source_line is None:
            plain.append((report_id, key, value, uncertain, confidence, method, reason, line, c0, c1, text))
        else:
            x0, top, x1, bottom = box or (None, None, None, None)
            placed.append((report_id, key, value, uncertain, confidence, method, reason, line, c0, c1, page, x0, top,
                           x1, bottom, text, table, row_no, column, paragraph, source_line))


def _place(loc: Location | None) -> dict[str, Any]:
    """A finding's Location as its columns (all NULL when it has none)."""
    loc = loc or Location()
    box = loc.box or (None, None, None, None)
    return {"page": loc.page, "x0": box[0], "top": box[1], "x1": box[2], "bottom": box[3], "table_no": loc.table,
            "row_no": loc.row, "column_no": loc.column, "paragraph": loc.paragraph, "source_line": loc.source_line}


def _finding(row: Any, source: str, other: Other | None) -> Finding:
    col = (row.col_start, row.col_end) if row.col_start is not None else None
    box = (row.x0, row.top, row.x1, row.bottom) if row.x0 is not None else None
    place = (row.source_line, row.page, box, row.table_no, row.row_no, row.column_no, row.paragraph)
    # a finding stored with a Location has at least one of its fields; the text-file column
    # span is the finding's own col
    location = None if all(v is None for v in place) else Location(
        row.source_line, col if place[1:] == (None,) * 6 else None,  # a text file's line: the span is the finding's
        row.page, box, row.table_no, row.row_no, row.column_no, row.paragraph)
    return Finding(row.code, row.name, row.severity, row.message, source, row.line,
                   tuple(c for c in row.cells.split(",") if c),
                   None if row.expected is None else json.loads(row.expected),
                   None if row.actual is None else json.loads(row.actual), col, bool(row.artifact), location, other)


def open_store(target: str | os.PathLike[str]) -> Store:
    """The store at ``target`` (a SQLite file path or a ``postgresql://`` URL), created or
    migrated to the latest schema as needed; reports stored before bodies existed get theirs."""
    store = Store(open_engine(target))
    store.assign_bodies()
    return store
