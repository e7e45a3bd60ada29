"""The audit's second pass: rules that compare reports, run on what the store holds.

After every source of a run is stored, the years of each body whose reports changed
(stored, replaced, or not yet seen by a complete pass: an interrupted run's) are checked
again: a report changed in year t changes the comparisons t−1→t and t→t+1, so the body's
reports of years t−1…t+1 are read back (cells, and what the rules read of the text: the
MinHash sketches and facts the workers computed) and ``rules.check_series`` runs over them;
the findings of years t and t+1 are replaced, a few bodies per transaction. Then, if any
body changed, the corpus-wide rules run over every current report (``rules.check_corpus``)
and their findings are replaced. They see the store as a ``rules.Corpus`` (``StoredCorpus``):
C004's near duplicates are found by the database over the stored LSH bands
(``store/lsh.py``), a chunk at a time, so that the pass never holds the corpus's signatures.
Every rule runs and is stored; the selection only filters what the audit returns, as in the
first pass. A report stored without facts (before migration 0006) has them computed from
its stored texts once, and stored; a section without LSH bands (stored since the last pass,
or before migration 0010) gets them from its stored sketch.

Imported by ``audit`` only: it needs the store (SQLAlchemy).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from gongkai.model import Finding
from gongkai.pool import interrupt_after
from gongkai.rules import Facts, YearReport, check_corpus, check_series, facts_of
from gongkai.rules.cross_text import BOILERPLATE_JACCARD, BOILERPLATE_LSH, MIN_BOILERPLATE_CHARS
from gongkai.rules.series import Near
from gongkai.rules.shingles import band_buckets, similar_many
from gongkai.store import Store
from gongkai.store.lsh import Neighbour, current_ids, fill_bands, first_current, near_sections
from gongkai.store.series import (
    Indexed,
    StoredReport,
    current_index,
    load_reports,
    replace_findings,
    save_facts,
    unchecked_bodies,
    unseen_without_body,
    without_facts,
)

# Bodies whose unseen years are read per page (the rest wait in the database).
BODIES_PER_PAGE = 500
# Bodies' series checked and stored per transaction: at most this many reports read back
# (a commit per body cost more than checking it).
REPORTS_PER_BATCH = 200


def year_report(stored: StoredReport, key: str, facts: Facts) -> YearReport:
    """A stored report as the cross-year rules see it (it must have a year)."""
    assert stored.year is not None
    return YearReport(key, stored.year, stored.cells, stored.sections, stored.source, stored.report_id,
                      stored.format, stored.uncertain, stored.places, facts)


def with_facts(store: Store, stored: Sequence[StoredReport]) -> list[Facts]:
    """Each report's Facts: as stored, or computed from its texts (and stored) if it has none."""
    computed = {s.report_id: facts_of(s.sections, s.year).plain() for s in stored if s.facts is None}
    save_facts(store, computed)
    return [Facts.from_plain(*computed[s.report_id]) if s.facts is None else Facts.from_plain(s.sketches, s.facts)
            for s in stored]


def _rows(found: Sequence[Finding], ids: dict[str, int]) -> list[tuple[int, Finding, int | None]]:
    """(report id, finding, the other report's id) of findings named by their report's path."""
    return [(ids[f.source], f, f.other.report_id if f.other is not None else None) for f in found if f.source in ids]


def _neighbourhood(members: list[Indexed], years: set[int | None]) -> tuple[list[Indexed], set[int]]:
    """Of a body's current reports, those the changed ``years`` need read (t−1…t+1) and the
    years whose findings are recomputed (t, t+1)."""
    changed = {y for y in years if y is not None}
    redo = changed | {y + 1 for y in changed}
    near = redo | {y - 1 for y in redo}
    return [m for m in members if m.year in near], redo


def _batches(touched: list[int], needed: dict[int, list[Indexed]]) -> Iterator[list[int]]:
    batch: list[int] = []
    size = 0
    for body in touched:
        if batch and size + len(needed[body]) > REPORTS_PER_BATCH:
            yield batch
            batch, size = [], 0
        batch.append(body)
        size += len(needed[body])
    if batch:
        yield batch


class StoredCorpus:
    """The store's current reports as the corpus rules read them (``rules.Corpus``): near
    duplicates found by SQL over the LSH bands stored for C004's threshold and length."""

    def __init__(self, store: Store):
        self.store = store
        self.anchor = first_current(store)

    def near(self, section: str, threshold: float, min_chars: int, shown: int) -> Iterator[Near]:
        if (threshold, min_chars) != (BOILERPLATE_JACCARD, MIN_BOILERPLATE_CHARS):
            raise ValueError(f"the stored LSH bands are for Jaccard {BOILERPLATE_JACCARD} and "
                             f"{MIN_BOILERPLATE_CHARS} characters, not {threshold} and {min_chars}")
        confirm = partial(similar_many, threshold=threshold)
        for found in near_sections(self.store, section, min_chars, confirm, shown):
            yield Near(_minimal(found.report), section, found.bodies, tuple(map(_minimal, found.first)))


def _minimal(n: Neighbour) -> YearReport:
    """A report as a corpus finding names it: body, year, file and id only."""
    return YearReport(n.key, n.year, {}, {}, n.source, n.report_id)


def fill_facts(store: Store) -> None:
    """Facts (and so sketches) for current reports stored without them, a batch at a time."""
    bare = without_facts(store)
    for i in range(0, len(bare), REPORTS_PER_BATCH):
        with_facts(store, load_reports(store, bare[i:i + REPORTS_PER_BATCH], with_cells=False))


def corpus_findings(store: Store) -> list[tuple[int, Finding, int | None]]:
    """The corpus-wide rules over every current report: (report id, finding, the other
    report's id). Sections without LSH bands get them first."""
    fill_facts(store)
    fill_bands(store, MIN_BOILERPLATE_CHARS, partial(band_buckets, bands=BOILERPLATE_LSH[0], rows=BOILERPLATE_LSH[1]))
    found = check_corpus(StoredCorpus(store))
    return _rows(found, current_ids(store, sorted({f.source for f in found})))


def cross_pass(store: Store) -> int:
    """Check the series of every body whose reports changed, then the corpus if any report
    did; returns how many bodies were checked."""
    bodiless = unseen_without_body(store)
    touched = check_bodies(store)
    if not touched and not bodiless:
        return 0
    rows = corpus_findings(store)
    with interrupt_after():
        replace_findings(store, "corpus", None, rows, checked=[None] if bodiless else [])
    return touched


def check_bodies(store: Store) -> int:
    """The cross-year rules over the changed years of every body with unseen reports, a
    page of bodies at a time; returns how many bodies."""
    touched, after = 0, -1
    while pending := unchecked_bodies(store, after, BODIES_PER_PAGE):
        after = max(pending)
        touched += len(pending)
        _check_page(store, pending)
    return touched


def _check_page(store: Store, pending: dict[int, set[int | None]]) -> None:
    """The cross-year rules over the ``pending`` bodies' changed years, their findings
    replaced a batch of bodies per transaction."""
    groups: dict[int, list[Indexed]] = {}
    keys: dict[int, str] = {}
    touched = sorted(pending)
    for r in current_index(store, touched):
        if r.body_id is not None:
            groups.setdefault(r.body_id, []).append(r)
            keys[r.body_id] = r.body_key or str(r.body_id)
    needed: dict[int, list[Indexed]] = {}
    redo: dict[int, set[int]] = {}
    for body in touched:
        needed[body], redo[body] = _neighbourhood(groups.get(body, []), pending[body])
    for bodies in _batches(touched, needed):
        ids = [m.report_id for body in bodies for m in needed[body]]
        stored = {s.report_id: s for s in load_reports(store, ids)}
        facts = dict(zip(stored, with_facts(store, list(stored.values())), strict=True))
        rows: list[tuple[int, Finding, int | None]] = []
        replaced: list[int] = []
        for body in bodies:
            series = [stored[m.report_id] for m in needed[body] if m.report_id in stored]
            found = check_series([year_report(s, keys[body], facts[s.report_id]) for s in series if s.year is not None])
            mine = {s.source: s.report_id for s in series if s.year in redo[body]}
            rows += _rows(found, mine)
            replaced += mine.values()
        with interrupt_after():  # the bodies' findings and marks in one transaction, never half
            replace_findings(store, "series", replaced, rows, checked=bodies)
