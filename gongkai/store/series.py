"""Reading a body's reports back for the cross-year and corpus rules, and storing what they
find.

The rules see plain data (``StoredReport``: cells, where each was printed, section texts),
never SQL; which reports make one body's series is decided by the caller's key function
(``corpus.series.series_key`` on the agency name as printed, until bodies are stored).
A body's cross-year findings are replaced, and its reports marked ``series_checked``, in one
transaction, so an interrupted pass is simply done again by the next run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import sqlalchemy as sa

from gongkai.model import LINE_FORMS, Finding, Location
from gongkai.store.ingest import CHUNK, Store, finding_row, insert_many
from gongkai.store.schema import cells, findings, reports, sources, texts

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
    places: dict[str, Place]  # cell key → (line, column span, where a person finds it)
    sections: dict[str, str]


class Indexed(NamedTuple):
    """A current report's id, agency as printed and year: enough to group reports by body."""

    report_id: int
    agency: str | None
    year: int | None


def current_index(store: Store) -> list[Indexed]:
    """Every current report (the latest version of each file), by id."""
    with store.engine.connect() as conn:
        query = sa.select(reports.c.id, reports.c.agency, reports.c.year).where(reports.c.is_current).order_by(
            reports.c.id)
        return [Indexed(*row) for row in conn.execute(query)]


def unchecked_agencies(store: Store) -> set[str | None]:
    """The agencies of reports (current, or superseded since) that their body's cross-year
    check has not seen: those stored or replaced since the last complete pass."""
    with store.engine.connect() as conn:
        query = sa.select(reports.c.agency).where(~reports.c.series_checked).distinct()
        return {row.agency for row in conn.execute(query)}


def _number(v: float | None) -> int | float | None:
    """A stored value as extraction gave it: NUMERIC reads back as float, a count 804.0 is 804."""
    return int(v) if v is not None and v == int(v) else v


def _place(row: sa.Row, form: str | None) -> Place:
    """A cell row's place, as ``model.locate`` gives it for the form it was read from."""
    col = (row.col_start, row.col_end) if row.col_start is not None else None
    if row.page is not None:
        box = (row.x0, row.top, row.x1, row.bottom) if row.x0 is not None else None
        return row.line, col, Location(page=row.page, box=box)
    if row.table_no is not None or row.paragraph is not None or row.source_line is not None:
        return row.line, col, Location(source_line=row.source_line, table=row.table_no, row=row.row_no,
                                       column=row.column_no, paragraph=row.paragraph)
    if form in LINE_FORMS and row.line is not None:
        return row.line, col, Location(source_line=row.line, col=col)
    return row.line, col, None


def load_reports(store: Store, report_ids: Sequence[int], *, with_cells: bool = True,
                 sections: Iterable[str] | None = None) -> list[StoredReport]:
    """The stored reports ``report_ids`` with their cells (unless ``with_cells`` is false) and
    their section texts (only ``sections`` if given), in the order asked."""
    wanted = list(sections) if sections is not None else None
    out: dict[int, StoredReport] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(report_ids), CHUNK):
            chunk = list(report_ids[i:i + CHUNK])
            query = (sa.select(reports.c.id, sources.c.path, sources.c.form, reports.c.agency, reports.c.year,
                               reports.c.format).join(sources, sources.c.id == reports.c.source_id)
                     .where(reports.c.id.in_(chunk)))
            forms: dict[int, str | None] = {}
            for row in conn.execute(query):
                forms[row.id] = row.form
                out[row.id] = StoredReport(row.id, row.path, row.agency, row.year, row.format, {}, frozenset(), {}, {})
            if with_cells:
                uncertain: dict[int, set[str]] = {}
                for row in conn.execute(sa.select(cells).where(cells.c.report_id.in_(chunk))):
                    r = out[row.report_id]
                    r.cells[row.key] = _number(row.value)
                    if row.uncertain:
                        uncertain.setdefault(row.report_id, set()).add(row.key)
                    if row.line is not None:
                        r.places[row.key] = _place(row, forms[row.report_id])
                for rid, keys in uncertain.items():
                    out[rid] = out[rid]._replace(uncertain=frozenset(keys))
            query = sa.select(texts).where(texts.c.report_id.in_(chunk))
            if wanted is not None:
                query = query.where(texts.c.section.in_(wanted))
            for row in conn.execute(query):
                out[row.report_id].sections[row.section] = row.text
    return [out[i] for i in report_ids if i in out]


def replace_findings(store: Store, scope: str, report_ids: Sequence[int] | None,
                     found: Iterable[tuple[int, Finding, int | None]],
                     checked: Iterable[str | None] = ()) -> None:
    """In one transaction: drop the ``scope`` findings of ``report_ids`` (None: of every
    report), store ``found`` ((report id, finding, the other report's id)), and mark every
    report of the ``checked`` agencies (None: those without one) as seen by the cross-year
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
            conn.execute(reports.update().where(reports.c.agency.in_(names[i:i + CHUNK]))
                         .values(series_checked=True))
        if None in checked:
            conn.execute(reports.update().where(reports.c.agency.is_(None)).values(series_checked=True))
