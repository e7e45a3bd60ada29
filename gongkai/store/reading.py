"""Reading the store for the outputs officials use: each body's current reports with their
findings (the 退回清单), and per body and year the counts of a region's summary workbook.

Only current reports count (the latest version of each file). A report's body is the one
the store assigned it (``bodies``: the identity of ``corpus.bodies`` under the alias table),
named and placed as that table says (``body_of``); a report that names no body is listed
under 未署名单位.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, NamedTuple

import sqlalchemy as sa

from gongkai.corpus.grouping import region_name
from gongkai.records import BodyReports, StoredReport, SummaryRow
from gongkai.store.ingest import CHUNK, Store
from gongkai.store.reviews import returned, states_by_source
from gongkai.store.schema import bodies, findings, reports, sources

UNNAMED = "（未署名单位）"  # a report that never names its body


class BodyRef(NamedTuple):
    """A stored report's body as the outputs name it."""

    key: str
    name: str
    body_type: str | None
    region: str  # province, city and county as the gazetteer names them; "" when not placed
    adcode: str | None = None


def body_of(row: Any) -> BodyRef:
    """The body of a stored report row (its ``bodies`` columns, or the agency as printed
    where it has none)."""
    if row.body_key is None:
        name = (row.agency or "").strip() or UNNAMED
        return BodyRef(name, name, row.body_type, "")
    region = region_name(row.province, row.city, row.county) or ""
    return BodyRef(row.body_key, row.body_name, row.kind or row.body_type, region, row.adcode)


def in_region(body: BodyRef, region: str) -> bool:
    """Whether a body lies in ``region``: a place name its region or name holds (凉州区,
    武威市), or a region code its code starts with (620602, 6206)."""
    if region.isdigit():
        return body.adcode is not None and body.adcode.startswith(region.rstrip("0") or region)
    return region in body.region or region in body.name


_BODY_COLUMNS = (bodies.c.key.label("body_key"), bodies.c.name.label("body_name"), bodies.c.body_type.label("kind"),
                 bodies.c.province, bodies.c.city, bodies.c.county, bodies.c.adcode)


def _current(conn: sa.Connection, year: int | None) -> list[Any]:
    query = (sa.select(reports.c.id, reports.c.source_id, sources.c.path, reports.c.agency, reports.c.body_type,
                       reports.c.year, reports.c.title, reports.c.published, reports.c.format, *_BODY_COLUMNS)
             .select_from(reports.join(sources, sources.c.id == reports.c.source_id)
                          .outerjoin(bodies, bodies.c.id == reports.c.body_id))
             .where(reports.c.is_current)
             .order_by(reports.c.year, reports.c.agency, sources.c.path))
    if year is not None:
        query = query.where(reports.c.year == year)
    return list(conn.execute(query))


def body_reports(store: Store, *, body: str | None = None, year: int | None = None,
                 exclude: Collection[str] = ()) -> list[BodyReports]:
    """Each body's current reports of each year with their findings (codes in ``exclude``
    left out), in the order `check` gives them; ``body`` is a body's name or key."""
    with store.engine.connect() as conn:
        rows = [(body_of(r), r) for r in _current(conn, year)]
    if body is not None:
        wanted = body.strip()
        rows = [(b, r) for b, r in rows if wanted in (b.key, b.name, (r.agency or "").strip())]
    found = store.findings_of({r.source_id: r.path for _, r in rows})
    states = states_by_source(store, [r.source_id for _, r in rows])  # the loop's, in the same order
    per_source: dict[str, list[Any]] = {}
    for f in found:
        per_source.setdefault(f.source, []).append(f)
    grouped: dict[tuple[str, int | None], tuple[BodyRef, list[StoredReport]]] = {}
    for b, r in rows:
        kept = [(f, s) for f, s in zip(per_source.get(r.path, ()), states[r.source_id], strict=True)
                if f.code not in exclude]
        stored = StoredReport(r.path, r.year, r.title, r.published, r.format, tuple(f for f, _ in kept),
                              tuple(s for _, s in kept))
        grouped.setdefault((b.key, r.year), (b, []))[1].append(stored)
    return [BodyReports(b.name, b.key, year_, tuple(stored), b.body_type)
            for (_, year_), (b, stored) in sorted(grouped.items(), key=_order)]


def body_names(store: Store) -> list[str]:
    """The names of the bodies with a current report (to suggest one for a name mistyped)."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(reports.c.agency, reports.c.body_type, *_BODY_COLUMNS)
                            .select_from(reports.outerjoin(bodies, bodies.c.id == reports.c.body_id))
                            .where(reports.c.is_current).distinct())
        return sorted({body_of(r).name for r in rows})


def summary_rows(store: Store, *, region: str | None = None, year: int | None = None,
                 exclude: Collection[str] = ()) -> list[SummaryRow]:
    """One row per body and year of the current reports (in ``region``, if given): status
    published (a report is stored; timeliness and missing bodies come with coverage), the
    earliest printed publication date, and the findings counted by severity."""
    with store.engine.connect() as conn:
        rows = [(body_of(r), r) for r in _current(conn, year)]
        if region is not None:
            rows = [(b, r) for b, r in rows if in_region(b, region.strip())]
        counts = _severity_counts(conn, [r.id for _, r in rows], exclude)
    sent = returned(store, year=year, exclude=exclude)  # the rectification loop: last 退回清单 and what is left
    grouped: dict[tuple[str, int | None], tuple[BodyRef, list[Any]]] = {}
    for b, r in rows:
        grouped.setdefault((b.key, r.year), (b, []))[1].append(r)
    out = []
    for (_, year_), (b, stored) in sorted(grouped.items(), key=_order):
        per = [counts.get(r.id, {}) for r in stored]
        dates = sorted(r.published for r in stored if r.published)
        errors, warnings, infos = (sum(c.get(s, 0) for c in per) for s in ("error", "warning", "info"))
        out.append(SummaryRow(b.name, b.key, year_, b.body_type, b.region, b.adcode, status="published",
                              published=dates[0] if dates else None, reports=len(stored), errors=errors,
                              warnings=warnings, infos=infos,
                              returned=sent.get((b.key, year_), ("", ""))[0],
                              rectified=sent.get((b.key, year_), ("", ""))[1]))
    return out


def _severity_counts(conn: sa.Connection, report_ids: list[int],
                     exclude: Iterable[str]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    excluded = list(exclude)
    for i in range(0, len(report_ids), CHUNK):
        query = (sa.select(findings.c.report_id, findings.c.severity, sa.func.count())
                 .where(findings.c.report_id.in_(report_ids[i:i + CHUNK]))
                 .group_by(findings.c.report_id, findings.c.severity))
        if excluded:
            query = query.where(findings.c.code.not_in(excluded))
        for report_id, severity, n in conn.execute(query):
            out.setdefault(report_id, {})[severity] = int(n)
    return out


def _order(item: tuple[tuple[str, int | None], Any]) -> tuple[str, int]:
    """By body, then year (a report without a year last)."""
    (key, year), _ = item
    return key, year if year is not None else 10_000
