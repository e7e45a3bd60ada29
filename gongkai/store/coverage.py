"""Coverage in the store: the jurisdiction list, and the report versions the coverage reads.

The statuses themselves are decided in ``corpus.coverage`` (no SQL there); this module only
moves rows. A list is imported whole, in one transaction, replacing the one before (the
file people edit is the list). Each row names its body as a report does: the body its name
denotes under the alias table, so a list written 凉州区政府 meets reports printed 武威市凉州区
人民政府; the body is looked up again when the list is read, so an alias recorded after the
import counts too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from gongkai.corpus.coverage import Expected, Version, parse_deadline
from gongkai.corpus.jurisdictions import Listed
from gongkai.store import bodies as body_store
from gongkai.store.ingest import Store
from gongkai.store.schema import bodies, jurisdictions, reports, sources


def import_jurisdictions(store: Store, rows: list[Listed], source: str) -> int:
    """Replace the jurisdiction list with ``rows`` (read from ``source``). Returns the rows stored."""
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        aliases = body_store.load_aliases(conn)
        conn.execute(jurisdictions.delete())
        for r in rows:
            bid = body_store.body_id(conn, aliases.body(r.name))
            conn.execute(jurisdictions.insert().values(
                body_id=bid, name=r.name, body_type=r.body_type, adcode=r.adcode,
                deadline=r.deadline.shown() if r.deadline else None, from_year=r.from_year, to_year=r.to_year,
                source=source, row_no=r.row, imported=now))
    return len(rows)


def expected(store: Store) -> list[Expected]:
    """The jurisdiction list, each row's body found again under today's alias table."""
    with store.engine.connect() as conn:
        aliases = body_store.load_aliases(conn)
        rows = conn.execute(sa.select(jurisdictions).order_by(jurisdictions.c.id)).all()
        out = []
        for r in rows:
            body = aliases.body(r.name)
            out.append(Expected(body.key, r.name, r.body_type or body.body_type, r.adcode or body.adcode,
                                parse_deadline(r.deadline, f"jurisdictions row {r.row_no}") if r.deadline else None,
                                r.from_year, r.to_year))
    return out


def versions(store: Store) -> list[Version]:
    """Every stored report with a body and a year, history too (for 更改), with its file."""
    query = (sa.select(bodies.c.key, bodies.c.name, bodies.c.body_type, bodies.c.adcode, reports.c.year,
                       reports.c.published, sources.c.sha256, sources.c.path, sources.c.first_seen,
                       reports.c.is_current, reports.c.body_type)
             .join(sources, sources.c.id == reports.c.source_id).join(bodies, bodies.c.id == reports.c.body_id)
             .where(reports.c.year.is_not(None), sources.c.status == "ok").order_by(reports.c.id))
    with store.engine.connect() as conn:
        return [Version(key, name, body_type, adcode, int(year), _date(published), sha, path, _aware(seen),
                        bool(current), report_type)
                for key, name, body_type, adcode, year, published, sha, path, seen, current, report_type
                in conn.execute(query)]


def reported_bodies(store: Store, years: int) -> list[Listed]:
    """The bodies with a current report in any of the last ``years`` report years of the
    store, as list rows (for ``jurisdiction propose``), by region code then name."""
    with store.engine.connect() as conn:
        last = conn.execute(sa.select(sa.func.max(reports.c.year)).where(reports.c.is_current)).scalar_one()
        if last is None:
            return []
        query = (sa.select(bodies.c.name, bodies.c.body_type, bodies.c.adcode).distinct()
                 .join(reports, reports.c.body_id == bodies.c.id)
                 .where(reports.c.is_current, reports.c.year > int(last) - years, reports.c.year <= int(last))
                 .order_by(bodies.c.adcode, bodies.c.name))
        return [Listed(name, body_type, adcode) for name, body_type, adcode in conn.execute(query)]


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _aware(when: datetime) -> datetime:
    """SQLite hands back naive datetimes (stored in UTC); PostgreSQL aware ones."""
    return when if when.tzinfo else when.replace(tzinfo=UTC)
