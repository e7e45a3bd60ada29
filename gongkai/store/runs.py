"""What an audit run walked, kept in the database (``run_sources``) rather than in the audit's
process: the files under its paths with the names they were walked as, which of them it
has to read, and, once stored, what became of each. The audit notes the walk a wave of
files at a time, reads its work list back a page at a time, and makes its summary and
findings from a page at a time too, so that its memory does not grow with the number of
files (a national corpus is hundreds of thousands).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa

from gongkai.store.ingest import CHUNK, Store
from gongkai.store.plain import insert_rows
from gongkai.store.schema import run_sources, runs, sources

STATES = ("todo", "unchanged", "error")
# How long a run's walk is kept: a finished run's while its findings may still be written out
# (``AuditFindings`` reads them through it), an unfinished run's while it may still be going
# (a national audit runs for days); a run killed on the way never finishes.
FINISHED_KEPT = timedelta(days=1)
UNFINISHED_KEPT = timedelta(days=30)


class Walked(NamedTuple):
    """A file as a run walked it: ``state`` todo (to be read: new, changed, or checked by
    another rule catalog), unchanged, or error (not even hashed: ``error`` says why)."""

    shown_as: str
    stored_as: str
    sha256: str | None
    size: int | None
    state: str
    error: str | None = None


class Outcome(NamedTuple):
    """A walked file at the end of its run: the latest stored version of its path (none for
    a file that could not even be hashed) and, if that failed, why."""

    shown_as: str
    source_id: int | None
    failed: bool
    error: str | None


def note_walked(store: Store, run_id: int, first_seq: int, files: Sequence[Walked]) -> int:
    """Note a wave of walked files (their walk order from ``first_seq``); a path already
    noted by this run (named twice, or by two names) keeps its first place and state and
    takes the newer name. Returns how many were such repeats."""
    repeats: dict[str, str] = {}
    rows: dict[str, tuple] = {}
    with store.engine.begin() as conn:
        paths = list(dict.fromkeys(f.stored_as for f in files))
        noted: set[str] = set()
        for i in range(0, len(paths), CHUNK):
            noted.update(conn.execute(sa.select(run_sources.c.stored_as).where(
                run_sources.c.run_id == run_id, run_sources.c.stored_as.in_(paths[i:i + CHUNK]))).scalars())
        for seq, f in enumerate(files, first_seq):
            if f.stored_as in noted or f.stored_as in rows:
                repeats[f.stored_as] = f.shown_as
                if f.stored_as in rows:
                    rows[f.stored_as] = (*rows[f.stored_as][:3], f.shown_as, *rows[f.stored_as][4:])
                continue
            rows[f.stored_as] = (run_id, f.stored_as, seq, f.shown_as, f.sha256, f.size, f.state, f.error)
        insert_rows(conn, run_sources, ("run_id", "stored_as", "seq", "shown_as", "sha256", "size", "state", "error"),
                    list(rows.values()))
        for stored_as, shown_as in repeats.items():
            if stored_as in noted:
                conn.execute(run_sources.update().where(run_sources.c.run_id == run_id,
                                                        run_sources.c.stored_as == stored_as)
                             .values(shown_as=shown_as))
    return len(files) - len(rows)


def walked_counts(store: Store, run_id: int) -> dict[str, int]:
    """How many distinct files the run noted in each state."""
    with store.engine.connect() as conn:
        found: dict[str, int] = dict(conn.execute(sa.select(run_sources.c.state, sa.func.count()).where(run_sources.c.run_id == run_id)
                                  .group_by(run_sources.c.state)).all())
    return {state: int(found.get(state, 0)) for state in STATES}


def walked_todo(store: Store, run_id: int) -> Iterator[tuple[str, str, str, int]]:
    """The files the run has to read, in walk order, as (walked as, stored as, sha256,
    size), read ``CHUNK`` at a time (each page in a short transaction of its own: the run
    writes meanwhile)."""
    last = -1
    while True:
        with store.engine.connect() as conn:
            page = conn.execute(sa.select(run_sources.c.seq, run_sources.c.shown_as, run_sources.c.stored_as,
                                          run_sources.c.sha256, run_sources.c.size)
                                .where(run_sources.c.run_id == run_id, run_sources.c.state == "todo",
                                       run_sources.c.seq > last)
                                .order_by(run_sources.c.seq).limit(CHUNK)).all()
        if not page:
            return
        for _, shown_as, stored_as, sha256, size in page:
            yield shown_as, stored_as, sha256, int(size)
        last = page[-1].seq


def walked_outcomes(store: Store, run_id: int) -> Iterator[list[Outcome]]:
    """Every file the run walked, in walk order, ``CHUNK`` at a time, with the latest stored
    version of its path."""
    last = -1
    while True:
        with store.engine.connect() as conn:
            page = conn.execute(
                sa.select(run_sources.c.seq, run_sources.c.shown_as, run_sources.c.state, run_sources.c.error,
                          sources.c.id, sources.c.status, sources.c.error.label("stored_error"))
                .outerjoin(sources, sa.and_(sources.c.path == run_sources.c.stored_as, sources.c.superseded_by.is_(None)))
                .where(run_sources.c.run_id == run_id, run_sources.c.seq > last)
                .order_by(run_sources.c.seq).limit(CHUNK)).all()
        if not page:
            return
        yield [Outcome(r.shown_as, None, True, r.error) if r.state == "error" or r.id is None
               else Outcome(r.shown_as, r.id, r.status != "ok", r.stored_error) for r in page]
        last = page[-1].seq


def prune_walks(store: Store, now: datetime | None = None) -> int:
    """Delete the walks of runs finished more than ``FINISHED_KEPT`` ago and of runs started
    more than ``UNFINISHED_KEPT`` ago that never finished (killed). A walk is read only while
    its run goes on and while its findings are written out; kept for good, every audit would
    add a row per file it walked. The ``runs`` rows, the history of the runs, stay. Returns
    how many rows went."""
    now = now or datetime.now(UTC)
    stale = sa.select(runs.c.id).where(sa.or_(runs.c.finished < now - FINISHED_KEPT,
                                              sa.and_(runs.c.finished.is_(None), runs.c.started < now - UNFINISHED_KEPT)))
    with store.engine.begin() as conn:
        return int(conn.execute(run_sources.delete().where(run_sources.c.run_id.in_(stale))).rowcount)
