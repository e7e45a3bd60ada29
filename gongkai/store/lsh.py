"""C004's near-duplicate search in the database: LSH bands stored, candidates grouped by SQL.

Each current narrative section long enough for C004 has its MinHash cut into MinHashLSH's
bands at C004's threshold, each band's values hashed to a 64-bit ``bucket`` (``lsh_bands``,
migration 0010). Two sections are candidates when they share a (section, band, bucket): the
database finds them with a self-join on its index, a chunk of report ids at a time, and
only the candidates' signatures are read to confirm them. So the audit process holds one
chunk's own signatures and one fetched batch of candidate rows, never the corpus.

A template printed by n bodies makes n² pairs: the rows come ordered by (report, the other
body's key, the other report), so each report's answer — how many other bodies, and the
first few by key with each one's latest confirmed report — is folded as the rows stream
past, in memory independent of n and of the corpus (the database sorts the chunk's pairs).

What the bands and the confirmation are is the caller's (``rules.shingles``: the store
knows SQL, not MinHash): ``fill_bands`` takes the function that cuts stored MinHash values
into buckets, ``near_sections`` the one that confirms a batch of pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa

from gongkai.store.ingest import CHUNK, Store
from gongkai.store.plain import insert_rows
from gongkai.store.schema import bodies, lsh_bands, reports, sketches, sources

# Report ids whose candidates one query finds (a range of ids: the database's index is
# walked in order; ids absent or without bands cost nothing).
SPAN = 500
# Candidate rows fetched and confirmed at a time.
FETCH = 512
BAND_COLUMNS = ("report_id", "section", "band", "bucket")

# stored MinHash values → each one's bucket per band
Banding = Callable[[Sequence[bytes]], list[list[int]]]
# two lists of stored MinHash values → whether each pair is a near duplicate
Confirm = Callable[[Sequence[bytes], Sequence[bytes]], list[bool]]


class Neighbour(NamedTuple):
    """Another body's report near-identical in a section: what a finding names."""

    report_id: int
    key: str  # its body's key
    year: int
    source: str  # its file's path


class Nearby(NamedTuple):
    """A current report's section with near-identical ones in other bodies' reports."""

    report: Neighbour  # the report itself
    bodies: int  # how many other bodies
    first: tuple[Neighbour, ...]  # the first of them by key, each one's latest report


def fill_bands(store: Store, min_chars: int, banding: Banding) -> int:
    """Store the bands of every current section of at least ``min_chars`` that has none
    (reports stored since the last pass, or before migration 0010), ``CHUNK`` sections a
    transaction, from the stored MinHash values. Returns how many sections got bands."""
    missing = sa.select(lsh_bands.c.report_id).where(lsh_bands.c.report_id == sketches.c.report_id,
                                                     lsh_bands.c.section == sketches.c.section)
    done, after = 0, 0
    while True:
        with store.engine.begin() as conn:
            rows = conn.execute(
                sa.select(sketches.c.report_id, sketches.c.section, sketches.c.minhash)
                .join(reports, reports.c.id == sketches.c.report_id)
                .where(reports.c.is_current, sketches.c.chars >= min_chars, sketches.c.report_id >= after,
                       ~missing.exists())
                .order_by(sketches.c.report_id, sketches.c.section).limit(CHUNK)).all()
            if not rows:
                return done
            buckets = banding([bytes(r.minhash) for r in rows])
            insert_rows(conn, lsh_bands, BAND_COLUMNS, [(r.report_id, r.section, band, bucket) for r, found in
                                                        zip(rows, buckets, strict=True)
                                                        for band, bucket in enumerate(found)])
        done += len(rows)
        after = rows[-1].report_id  # its sections done are not missing any more


def drop_bands(conn: sa.Connection, report_ids: Sequence[int]) -> None:
    """Forget the bands of reports whose sketches are replaced (the next pass fills them)."""
    for i in range(0, len(report_ids), CHUNK):
        conn.execute(lsh_bands.delete().where(lsh_bands.c.report_id.in_(report_ids[i:i + CHUNK])))


def first_current(store: Store) -> str:
    """The path of the first current report ("" if none): where a crashed rule's E000 goes."""
    with store.engine.connect() as conn:
        path = conn.execute(sa.select(sources.c.path).join(reports, reports.c.source_id == sources.c.id)
                            .where(reports.c.is_current).order_by(reports.c.id).limit(1)).scalar()
    return path or ""


def current_ids(store: Store, paths: Sequence[str]) -> dict[str, int]:
    """The current report of each of ``paths`` that has one (a path has one current version)."""
    out: dict[str, int] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(paths), CHUNK):
            query = (sa.select(sources.c.path, reports.c.id).join(reports, reports.c.source_id == sources.c.id)
                     .where(reports.c.is_current, sources.c.path.in_(paths[i:i + CHUNK])))
            out.update((path, rid) for path, rid in conn.execute(query))
    return out


def near_sections(store: Store, section: str, min_chars: int, confirm: Confirm, shown: int) -> Iterator[Nearby]:
    """Each current report (with a body and a year), by id, whose ``section`` of at least
    ``min_chars`` shares a band with the same section of another body's current report
    (as long, with a year) and is confirmed near-identical to it by ``confirm``."""
    with store.engine.connect() as conn:
        low, high = conn.execute(sa.select(sa.func.min(lsh_bands.c.report_id), sa.func.max(lsh_bands.c.report_id))
                                 .where(lsh_bands.c.section == section)).one()
        if low is None:
            return
        for start in range(low, high + 1, SPAN):
            yield from _chunk(conn, section, (start, start + SPAN - 1), min_chars, confirm, shown)


def _chunk(conn: sa.Connection, section: str, span: tuple[int, int], min_chars: int, confirm: Confirm,
           shown: int) -> Iterator[Nearby]:
    """``near_sections`` for the reports whose ids are in ``span``."""
    own: dict[int, tuple[Neighbour, bytes]] = {}
    query = (sa.select(reports.c.id, bodies.c.key, reports.c.year, sources.c.path, sketches.c.minhash)
             .join(bodies, bodies.c.id == reports.c.body_id).join(sources, sources.c.id == reports.c.source_id)
             .join(sketches, sa.and_(sketches.c.report_id == reports.c.id, sketches.c.section == section))
             .where(reports.c.is_current, reports.c.year.is_not(None), sketches.c.chars >= min_chars,
                    reports.c.id.between(*span)))
    for rid, key, year, path, minhash in conn.execute(query):
        own[rid] = (Neighbour(rid, key, year, path), bytes(minhash))
    if not own:
        return
    folding: _Fold | None = None
    for batch in conn.execution_options(yield_per=FETCH).execute(_pairs(conn, section, span, min_chars)).partitions():
        rows = [r for r in batch if r[0] in own]
        verdicts = confirm([own[r[0]][1] for r in rows], [bytes(r[5]) for r in rows])
        for (a, b, key, year, path, _), ok in zip(rows, verdicts, strict=True):
            if folding is None or folding.report.report_id != a:
                if folding is not None and folding.bodies:
                    yield folding.result()
                folding = _Fold(own[a][0], shown)
            if ok:
                folding.add(Neighbour(b, key, year, path))
    if folding is not None and folding.bodies:
        yield folding.result()


def _pairs(conn: sa.Connection, section: str, span: tuple[int, int], min_chars: int) -> sa.Select[Any]:
    """The candidate pairs of the reports in ``span``: (report, other report, the other's body
    key, year, path and MinHash values), ordered by report, the other's key (code point
    order, as Python sorts) and the other's id. Only current reports of other bodies."""
    x, y = lsh_bands.alias("x"), lsh_bands.alias("y")
    pairs = (sa.select(x.c.report_id.label("a"), y.c.report_id.label("b")).distinct()
             .join_from(x, y, sa.and_(y.c.section == x.c.section, y.c.band == x.c.band, y.c.bucket == x.c.bucket))
             .where(x.c.section == section, x.c.report_id.between(*span), y.c.report_id != x.c.report_id)
             .subquery("pairs"))
    mine, theirs = reports.alias("mine"), reports.alias("theirs")
    binary = "C" if conn.dialect.name == "postgresql" else "BINARY"  # compare code points, not a locale's order
    return (sa.select(pairs.c.a, pairs.c.b, bodies.c.key, theirs.c.year, sources.c.path, sketches.c.minhash)
            .join_from(pairs, mine, mine.c.id == pairs.c.a).join(theirs, theirs.c.id == pairs.c.b)
            .join(bodies, bodies.c.id == theirs.c.body_id).join(sources, sources.c.id == theirs.c.source_id)
            .join(sketches, sa.and_(sketches.c.report_id == pairs.c.b, sketches.c.section == section))
            .where(mine.c.is_current, theirs.c.is_current, theirs.c.year.is_not(None),
                   theirs.c.body_id != mine.c.body_id, sketches.c.chars >= min_chars)
            .order_by(pairs.c.a, sa.collate(bodies.c.key, binary), pairs.c.b))


class _Fold:
    """One report's confirmed neighbours folded as they stream past in (key, id) order: the
    number of distinct bodies and, for the first ``shown`` keys, the last (latest) report."""

    def __init__(self, report: Neighbour, shown: int):
        self.report = report
        self.shown = shown
        self.bodies = 0
        self.first: list[Neighbour] = []
        self.key: str | None = None

    def add(self, other: Neighbour) -> None:
        if other.key != self.key:
            self.bodies += 1
            self.key = other.key
            if len(self.first) < self.shown:
                self.first.append(other)
        elif self.first and self.first[-1].key == other.key:
            self.first[-1] = other  # a later report of the same body: the latest is named

    def result(self) -> Nearby:
        return Nearby(self.report, self.bodies, tuple(self.first))
