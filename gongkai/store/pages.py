"""What the web app's pages read: one stored report (its source, cells with their places,
findings with their ids), one body's reports across years, and a report found by its path.

Plain rows out, SQL only here; ``api/pages.py`` turns them into the views the pages render.
Every statement is parameterised (SQLAlchemy Core).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import sqlalchemy as sa

from gongkai.store.ingest import Store
from gongkai.store.schema import bodies, cells, findings, reports, sources

_REPORT = (reports.c.id, reports.c.year, reports.c.agency, reports.c.title, reports.c.published, reports.c.format,
           reports.c.is_current, reports.c.superseded_by, sources.c.path, sources.c.sha256, sources.c.form,
           sources.c.size, bodies.c.key.label("body_key"), bodies.c.name.label("body_name"))


def _reports_query() -> sa.Select[Any]:
    return (sa.select(*_REPORT).select_from(reports.join(sources, sources.c.id == reports.c.source_id)
                                            .outerjoin(bodies, bodies.c.id == reports.c.body_id)))


def report(store: Store, report_id: int) -> Any | None:
    """The report's row (meta, source path, hash and form, body), or None."""
    with store.engine.connect() as conn:
        return conn.execute(_reports_query().where(reports.c.id == report_id)).first()


def report_cells(store: Store, report_id: int) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(sa.select(cells).where(cells.c.report_id == report_id).order_by(cells.c.key)))


def report_findings(store: Store, report_id: int, exclude: Collection[str] = ()) -> list[Any]:
    """The report's findings (codes in ``exclude`` left out), by line then code."""
    query = sa.select(findings).where(findings.c.report_id == report_id)
    if exclude:
        query = query.where(findings.c.code.not_in(list(exclude)))
    with store.engine.connect() as conn:
        return list(conn.execute(query.order_by(findings.c.line, findings.c.code, findings.c.id)))


def body(store: Store, key: str) -> Any | None:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(bodies).where(bodies.c.key == key)).first()


def body_reports(store: Store, key: str, exclude: Collection[str] = ()) -> list[tuple[Any, dict[str, int]]]:
    """The body's current reports by year, each with its findings counted by severity
    (codes in ``exclude`` left out)."""
    with store.engine.connect() as conn:
        rows = list(conn.execute(_reports_query().where(bodies.c.key == key, reports.c.is_current)
                                 .order_by(reports.c.year, reports.c.id)))
        counts: dict[int, dict[str, int]] = {}
        ids = [r.id for r in rows]
        if ids:
            query = (sa.select(findings.c.report_id, findings.c.severity, sa.func.count())
                     .where(findings.c.report_id.in_(ids)).group_by(findings.c.report_id, findings.c.severity))
            if exclude:
                query = query.where(findings.c.code.not_in(list(exclude)))
            for report_id, severity, n in conn.execute(query):
                counts.setdefault(report_id, {})[severity] = int(n)
    return [(r, counts.get(r.id, {})) for r in rows]


def current_report_of(store: Store, path: str) -> int | None:
    """The current report of the file stored under ``path`` (absolute), if it was readable."""
    with store.engine.connect() as conn:
        return conn.execute(sa.select(reports.c.id).join(sources, sources.c.id == reports.c.source_id)
                            .where(sources.c.path == path, reports.c.is_current)).scalar()


def body_levels(store: Store) -> dict[str, str | None]:
    """Each body's key → its level (national … township), for the overview's filter."""
    with store.engine.connect() as conn:
        return {key: level for key, level in conn.execute(sa.select(bodies.c.key, bodies.c.level))}
