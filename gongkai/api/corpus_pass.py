"""The audit's second pass: rules that compare reports, run on what the store holds.

After every source of a run is stored, each body whose reports changed (stored, replaced,
or not yet seen by a complete pass: an interrupted run's) has its series read back from the
store and checked (``rules.check_series``); its cross-year findings are replaced in one
transaction. Then, if any body changed, the corpus-wide rules run over every current
report (``rules.check_corpus``) and their findings are replaced. Every rule runs and is
stored; the selection only filters what the audit returns, as in the first pass.

Imported by ``audit`` only: it needs the store (SQLAlchemy) and datasketch.
"""

from __future__ import annotations

from gongkai.model import Finding
from gongkai.pool import interrupt_after
from gongkai.rules import YearReport, check_corpus, check_series
from gongkai.rules.series import NARRATIVE
from gongkai.rules.shingles import Neighbours, near_texts
from gongkai.store import Store
from gongkai.store.series import (
    Indexed,
    StoredReport,
    current_index,
    load_reports,
    replace_findings,
    unchecked_bodies,
)


def year_report(stored: StoredReport, key: str) -> YearReport:
    """A stored report as the cross-year rules see it (it must have a year)."""
    assert stored.year is not None
    return YearReport(key, stored.year, stored.cells, stored.sections, stored.source, stored.report_id,
                      stored.format, stored.uncertain, stored.places)


def _rows(found: list[Finding], ids: dict[str, int]) -> list[tuple[int, Finding, int | None]]:
    """(report id, finding, the other report's id) of findings named by their report's path."""
    return [(ids[f.source], f, f.other.report_id if f.other is not None else None) for f in found if f.source in ids]


def cross_pass(store: Store, neighbours: Neighbours = near_texts) -> int:
    """Check the series of every body whose reports changed, then the corpus if any did
    (near-duplicate narratives found by ``neighbours``: ``api/engines.py``); returns how many
    bodies were checked."""
    pending = unchecked_bodies(store)
    if not pending:
        return 0
    index = current_index(store)
    groups: dict[int, list[Indexed]] = {}
    keys: dict[int, str] = {}
    for r in index:
        if r.body_id is not None:
            groups.setdefault(r.body_id, []).append(r)
            keys[r.body_id] = r.body_key or str(r.body_id)
    touched = sorted(b for b in pending if b is not None)
    for body in touched:
        members = [m.report_id for m in groups.get(body, [])]
        stored = load_reports(store, members)
        found = check_series([year_report(s, keys[body]) for s in stored if s.year is not None])
        with interrupt_after():  # a body's findings and marks in one transaction, never half
            replace_findings(store, "series", members, _rows(found, {s.source: s.report_id for s in stored}),
                             checked=[body])
    dated = {r.report_id: keys[r.body_id] for r in index if r.year is not None and r.body_id is not None}
    stored = load_reports(store, list(dated), with_cells=False, sections=NARRATIVE)
    corpus = [YearReport(dated[s.report_id], s.year or 0, {}, s.sections, s.source, s.report_id, s.format)
              for s in stored]
    found = check_corpus(corpus, neighbours=neighbours)
    with interrupt_after():
        replace_findings(store, "corpus", None, _rows(found, {s.source: s.report_id for s in stored}),
                         checked=[None] if None in pending else [])
    return len(touched)
