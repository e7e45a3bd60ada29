"""Bodies in the store: each report's body, the alias table, and the list people read.

A report's body is ``corpus.aliases.Aliases.body`` of its printed agency name; the store
keeps one ``bodies`` row per key (get-or-create: an insert that ignores a key already there,
so two writers never make two rows of one body) and points ``reports.body_id`` at it. When
the alias table changes, every stored report (history too) is assigned again. A body row is
never deleted: other tables (a jurisdiction list) may name a body that has no report.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from gongkai.corpus.aliases import Alias, Aliases
from gongkai.corpus.bodies import UNPLACED, Body, BodyRow, unplaced_suffix
from gongkai.store.schema import bodies, body_aliases, reports

CHUNK = 500


# Built once: a statement built per call costs more than running it (they run once a report).
_ALIASES_VERSION = sa.select(sa.func.count(), sa.func.max(body_aliases.c.id), sa.func.max(body_aliases.c.created))
_BODY_BY_KEY = sa.select(bodies.c.id).where(bodies.c.key == sa.bindparam("key"))


def aliases_version(conn: sa.Connection) -> tuple[Any, ...]:
    """What changes whenever the alias table does: rows are added and deleted, never edited,
    and each has its time of creation (an id alone can come back: SQLite reuses the highest
    rowid once its row is deleted)."""
    return tuple(conn.execute(_ALIASES_VERSION).one())


def load_aliases(conn: sa.Connection) -> Aliases:
    rows = conn.execute(sa.select(body_aliases.c.name, body_aliases.c.other, body_aliases.c.relation)
                        .order_by(body_aliases.c.id))
    return Aliases(Alias(*row) for row in rows)


def add_alias(conn: sa.Connection, alias: Alias) -> None:
    """Record ``alias``; it replaces what was recorded about the same pair before (either way
    round: saying two names are one body undoes saying they differ)."""
    pair = sa.or_(sa.and_(body_aliases.c.name == alias.name, body_aliases.c.other == alias.other),
                  sa.and_(body_aliases.c.name == alias.other, body_aliases.c.other == alias.name))
    conn.execute(body_aliases.delete().where(pair))
    conn.execute(body_aliases.insert().values(name=alias.name, other=alias.other, relation=alias.relation,
                                              created=datetime.now(UTC)))


def body_id(conn: sa.Connection, body: Body) -> int:
    """The id of ``body``'s row, made if there is none (the first printing names it). A
    name the gazetteer could not place is the one placed body the store holds under the
    same name (``unplaced_suffix``), if there is exactly one."""
    found = conn.execute(_BODY_BY_KEY, {"key": body.key}).scalar_one_or_none()
    if found is not None:
        return int(found)
    twin = placed_twin(conn, body.key)
    if twin is not None:
        return twin
    values = {"key": body.key, "name": body.name, "body_type": body.body_type, "level": body.level,
              "adcode": body.adcode, "province": body.province, "city": body.city, "county": body.county,
              "township": body.township}
    conn.execute(_insert_body(conn.dialect.name), values)
    return int(conn.execute(_BODY_BY_KEY, {"key": body.key}).scalar_one())


@functools.cache
def _insert_body(dialect: str) -> Any:
    """The insert of a body row that ignores a key already there, built once (a statement
    built per body cost more than running it: a first audit meets a body every few reports)."""
    columns = ("key", "name", "body_type", "level", "adcode", "province", "city", "county", "township")
    if dialect in ("sqlite", "postgresql"):
        insert: Any = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(bodies)
        return insert.values({c: sa.bindparam(c) for c in columns}).on_conflict_do_nothing(index_elements=["key"])
    return bodies.insert().values({c: sa.bindparam(c) for c in columns})  # another back end: one writer


def placed_twin(conn: sa.Connection, key: str) -> int | None:
    """The id of the one placed body whose key ends as the unplaced ``key``'s name does
    (``unplaced_suffix``); None if there is none, or more than one (then nothing tells which)."""
    suffix = unplaced_suffix(key)
    if suffix is None:
        return None
    rows = conn.execute(sa.select(bodies.c.id, bodies.c.key).where(bodies.c.key.endswith("/" + suffix, autoescape=True),
                                                                   ~bodies.c.key.startswith(UNPLACED + "/"))).all()
    twins = [int(i) for i, k in rows if k.partition("/")[2] == suffix]
    return twins[0] if len(twins) == 1 else None


def join_unplaced(conn: sa.Connection, aliases: Aliases) -> int:
    """Move the reports of each unplaced body that now has exactly one placed twin (stored
    after it: the name printed with its place in a later year) to that twin, whichever order
    the years were stored in; and back to a body of their own the reports printed without
    their place that a placed body took while it was the only one of its name, now that
    another placed body shares the name (nothing tells which of them printed it). Both
    sides' series are checked again. Returns how many reports moved."""
    moved = _split_ambiguous(conn, aliases)
    unplaced = conn.execute(sa.select(bodies.c.id, bodies.c.key).where(
        bodies.c.key.startswith(UNPLACED + "/"), bodies.c.id.in_(sa.select(reports.c.body_id)))).all()
    for unplaced_id, key in unplaced:
        twin = placed_twin(conn, key)
        if twin is not None:
            moved += conn.execute(reports.update().where(reports.c.body_id == unplaced_id)
                                  .values(body_id=twin, series_checked=False)).rowcount
            conn.execute(reports.update().where(reports.c.body_id == twin).values(series_checked=False))
    return moved


def _split_ambiguous(conn: sa.Connection, aliases: Aliases) -> int:
    """Give back to their unplaced body the reports of a placed body printed without their
    place, where another placed body now ends its key the same way (``placed_twin`` would no
    longer choose it). Only the bodies of such shared names are read, their reports' names
    identified again."""
    by_rest: dict[str, list[int]] = defaultdict(list)
    for body, key in conn.execute(sa.select(bodies.c.id, bodies.c.key).where(~bodies.c.key.startswith(UNPLACED + "/"))):
        rest = key.partition("/")[2]
        if unplaced_suffix(f"{UNPLACED}/{rest}") is not None:
            by_rest[rest].append(int(body))
    shared = [body for ids in by_rest.values() if len(ids) > 1 for body in ids]
    left: set[int] = set()  # the placed bodies reports moved away from
    moved = 0
    held = [row for i in range(0, len(shared), CHUNK) for row in conn.execute(
        sa.select(reports.c.id, reports.c.agency, reports.c.body_id).where(
            reports.c.body_id.in_(shared[i:i + CHUNK]), reports.c.agency.is_not(None))).all()]
    for report_id, agency, body in held:
        printed = aliases.body(agency)
        if unplaced_suffix(printed.key) is None:
            continue  # printed with its place (or split off by an alias): its body is its own
        own = body_id(conn, printed)  # a row of its own: the twin is no longer the only one
        conn.execute(reports.update().where(reports.c.id == report_id).values(body_id=own, series_checked=False))
        left.add(body)
        moved += 1
    ordered = sorted(left)
    for i in range(0, len(ordered), CHUNK):
        conn.execute(reports.update().where(reports.c.body_id.in_(ordered[i:i + CHUNK])).values(series_checked=False))
    return moved


def assign(conn: sa.Connection, aliases: Aliases, *, only_missing: bool) -> int:
    """Give reports their body under ``aliases``: those without one (``only_missing``), or
    every report, history too. Returns how many reports changed body."""
    query = (sa.select(reports.c.id, reports.c.agency, reports.c.body_id).where(reports.c.agency.is_not(None))
             .order_by(reports.c.id))  # a new body's name is its earliest report's, on every back end
    if only_missing:
        query = query.where(reports.c.body_id.is_(None))
    ids: dict[str, int] = {}
    moves: dict[int, list[int]] = defaultdict(list)
    left: set[int] = set()  # the bodies reports moved away from
    for report_id, agency, current in conn.execute(query).all():
        body = aliases.body(agency)
        if body.key not in ids:
            ids[body.key] = body_id(conn, body)
        if ids[body.key] != current:
            moves[ids[body.key]].append(report_id)
            if current is not None:
                left.add(current)
    # A moved report joins another body's series and leaves one: both series are checked
    # again by the audit's next cross-year pass (series_checked false).
    for target, report_ids in moves.items():
        for i in range(0, len(report_ids), CHUNK):
            conn.execute(reports.update().where(reports.c.id.in_(report_ids[i:i + CHUNK]))
                         .values(body_id=target, series_checked=False))
    stale = sorted(left)
    for i in range(0, len(stale), CHUNK):
        conn.execute(reports.update().where(reports.c.body_id.in_(stale[i:i + CHUNK])).values(series_checked=False))
    return sum(len(r) for r in moves.values())


def body_rows(conn: sa.Connection) -> list[BodyRow]:
    """Every body, by region code then key, with its current reports' years and names."""
    years: dict[int, set[int]] = defaultdict(set)
    names: dict[int, set[str]] = defaultdict(set)
    counts: dict[int, int] = defaultdict(int)
    current = sa.select(reports.c.body_id, reports.c.year, reports.c.agency).where(
        reports.c.is_current, reports.c.body_id.is_not(None))
    for bid, year, agency in conn.execute(current):
        counts[bid] += 1
        if year is not None:
            years[bid].add(int(year))
        names[bid].add(agency)
    query = sa.select(bodies).order_by(bodies.c.adcode.is_(None), bodies.c.adcode, bodies.c.key)
    return [BodyRow(row.id, row.key, row.name, row.body_type, row.level, row.adcode, row.province, row.city,
                    row.county, row.township, tuple(sorted(years[row.id])), counts[row.id], tuple(sorted(names[row.id])))
            for row in conn.execute(query)]

