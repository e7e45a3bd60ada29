"""Reading the current reports, cells and findings back out in chunks, for `gongkai export`.

Rows are streamed (``yield_per``: a server-side cursor on PostgreSQL, a stepped cursor on
SQLite) and handed on a chunk at a time, so that exporting a store of a million cells
holds one chunk in memory, not the store. Only current reports count (the latest version
of each file), as in the ``current_*`` views. Each column has a kind (int, float, bool,
text) so that a writer can type it (Parquet) without knowing SQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from gongkai.corpus.grouping import Grouped, region_name
from gongkai.store.schema import bodies, cells, findings, reports, sources

CHUNK = 5000  # rows fetched and handed on at a time
WIDE_ROWS = 1000  # wide rows (reports) handed on at a time: a Parquet row group each, not one per fetch

Row = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Columns:
    """An export's column names and kinds (``int``, ``float``, ``bool``, ``text``)."""

    names: tuple[str, ...]
    kinds: tuple[str, ...]


def _kind(column: sa.ColumnElement[object]) -> str:
    t = column.type
    if isinstance(t, sa.Boolean):
        return "bool"
    if isinstance(t, sa.Integer):
        return "int"
    if isinstance(t, sa.Float | sa.Numeric):
        return "float"
    return "text"


_REPORT = [reports.c.id.label("report_id"), sources.c.path, sources.c.sha256, sources.c.form, reports.c.format,
           reports.c.format_basis, reports.c.year, reports.c.agency, bodies.c.key.label("body_key"),
           bodies.c.name.label("body_name"), bodies.c.adcode, bodies.c.province, bodies.c.city, bodies.c.county,
           bodies.c.township, reports.c.title, reports.c.published, reports.c.body_type, reports.c.cited_format,
           reports.c.period, reports.c.gongkai_version]
_HEAD = [reports.c.id.label("report_id"), sources.c.path, reports.c.agency, bodies.c.key.label("body_key"), reports.c.year]
_CELL = [reports.c.format, *(cells.c[n] for n in (
    "key", "value", "uncertain", "confidence", "method", "reason", "line", "col_start", "col_end", "page", "x0",
    "top", "x1", "bottom", "printed", "table_no", "row_no", "column_no", "paragraph", "source_line"))]
_FINDING = [findings.c[n] for n in (
    "code", "name", "severity", "message", "line", "col_start", "col_end", "cells", "expected", "actual", "artifact",
    "page", "table_no", "row_no", "column_no", "paragraph", "source_line")]
KINDS = ("reports", "cells", "findings")


def current(years: Sequence[int] = (), body: str | None = None) -> list[sa.ColumnElement[bool]]:
    """The conditions that choose the current reports of ``years`` (all when empty) whose
    body ``body`` names: its key, or text in the name it was stored under or in the name the
    report prints: the export and compare filters."""
    where: list[sa.ColumnElement[bool]] = [reports.c.is_current]
    if years:
        where.append(reports.c.year.in_(list(years)))
    if body:
        named = sa.select(bodies.c.id).where(sa.or_(bodies.c.key == body,
                                                     bodies.c.name.contains(body, autoescape=True)))
        where.append(sa.or_(reports.c.body_id.in_(named), reports.c.agency.contains(body, autoescape=True)))
    return where


def grouped_columns() -> list[sa.ColumnElement[object]]:
    """A report's body name and the parts of its region, for ``grouped(row)``; the query
    joins ``bodies`` with `with_bodies`."""
    return [sa.func.coalesce(bodies.c.name, reports.c.agency).label("body_name"), bodies.c.province.label("province"),
            bodies.c.city.label("city"), bodies.c.county.label("county")]


def with_bodies(joined: sa.FromClause) -> sa.FromClause:
    return joined.outerjoin(bodies, bodies.c.id == reports.c.body_id)


def grouped(body_name: str | None, province: str | None, city: str | None, county: str | None) -> Grouped:
    """The body and region (province, city and county printed together) of a report."""
    return Grouped(body_name, region_name(province, city, county))


def _query(what: str, years: Sequence[int], body: str | None,
           hidden: Sequence[str] = ()) -> sa.Select[tuple[object, ...]]:
    joined = with_bodies(reports.join(sources, sources.c.id == reports.c.source_id))
    if what == "reports":
        return sa.select(*_REPORT).select_from(joined).where(*current(years, body)).order_by(reports.c.id)
    if what == "cells":
        return (sa.select(*_HEAD, *_CELL).select_from(joined.join(cells, cells.c.report_id == reports.c.id))
                .where(*current(years, body)).order_by(reports.c.id, cells.c.key))
    return (sa.select(*_HEAD, findings.c.id.label("finding_id"), *_FINDING)
            .select_from(joined.join(findings, findings.c.report_id == reports.c.id))
            .where(*current(years, body), findings.c.code.not_in(list(hidden))).order_by(reports.c.id, findings.c.id))


def columns(what: str) -> Columns:
    """The columns of the long export of ``what`` (reports, cells or findings)."""
    selected = _query(what, (), None).selected_columns
    return Columns(tuple(c.name for c in selected), tuple(_kind(c) for c in selected))


def chunks(engine: sa.Engine, what: str, years: Sequence[int] = (), body: str | None = None,
           hidden: Sequence[str] = ()) -> Iterator[list[Row]]:
    """The rows of ``what``, in report order, ``CHUNK`` at a time (findings of the ``hidden``
    rule codes left out: the local rules of profiles not asked for)."""
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=CHUNK).execute(_query(what, years, body, hidden))
        for part in result.partitions():
            yield [tuple(r) for r in part]


WIDE_HEAD = ("report_id", "path", "agency", "body_key", "year", "format")


def wide_keys(engine: sa.Engine, years: Sequence[int] = (), body: str | None = None) -> list[str]:
    """Every cell key the chosen reports have (the wide export's value columns)."""
    query = (sa.select(cells.c.key).distinct().select_from(reports.join(cells, cells.c.report_id == reports.c.id))
             .where(*current(years, body)))
    with engine.connect() as conn:
        return [k for (k,) in conn.execute(query)]


def wide_chunks(engine: sa.Engine, keys: Sequence[str], years: Sequence[int] = (),
                body: str | None = None) -> Iterator[list[Row]]:
    """One row per report: its head (``WIDE_HEAD``) then the value of each of ``keys``
    (None where the report has no such cell), ``WIDE_ROWS`` reports at a time."""
    place = {k: i for i, k in enumerate(keys)}
    head = [reports.c.id, sources.c.path, reports.c.agency, bodies.c.key, reports.c.year, reports.c.format]
    query = (sa.select(*head, cells.c.key.label("cell_key"), cells.c.value)
             .select_from(with_bodies(reports.join(sources, sources.c.id == reports.c.source_id))
                          .join(cells, cells.c.report_id == reports.c.id))
             .where(*current(years, body)).order_by(reports.c.id))
    row: list[object] | None = None
    out: list[Row] = []
    with engine.connect() as conn:
        for part in conn.execution_options(yield_per=CHUNK).execute(query).partitions():
            for r in part:
                if row is None or row[0] != r[0]:
                    if row is not None:
                        out.append(tuple(row))
                    if len(out) >= WIDE_ROWS:
                        yield out
                        out = []
                    row = [*r[:len(WIDE_HEAD)], *([None] * len(keys))]
                if r.cell_key in place:
                    row[len(WIDE_HEAD) + place[r.cell_key]] = r.value
    if row is not None:
        out.append(tuple(row))
    if out:
        yield out
