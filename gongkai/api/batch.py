"""`audit`: a batch of sources into the store, through the same read → extract → check as
`check`, in worker processes, what the workers finished stored a few sources per transaction."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, overload

from gongkai.api.engines import check_engine, is_cheap, run
from gongkai.api.scans import split
from gongkai.api.sources import (
    PathLike,
    Result,
    check,
    extract,
    local_rules_off,
    read,
    stored_as,
    validate_selection,
    walk,
)
from gongkai.api.urls import fingerprint as url_fingerprint
from gongkai.api.urls import is_url
from gongkai.errors import InternalError, ReadError, UsageError
from gongkai.model import Document, Finding, Report
from gongkai.pool import batch_gc, interrupt_after, waves
from gongkai.readers import ScanPages

if TYPE_CHECKING:  # the store (SQLAlchemy) and Dask are imported by ``audit`` only
    from gongkai.distributed import Fanout
    from gongkai.store import Stored
    from gongkai.store.runs import Walked


@dataclass(frozen=True, slots=True)
class AuditSummary:
    """What an audit run did and found.

    ``findings`` are those of every readable source under the paths, stored by this run or
    an earlier one (a re-run prints the same findings and exit code), selection applied,
    read from the store as they are iterated (``AuditFindings``);
    ``errors`` (source, reason) every source that could not be read, stored as failed;
    ``warnings`` named directories without report files; ``rechecked`` of the ``unchanged``
    sources, those read and checked again because the rule catalog changed since.
    """

    run_id: int
    seen: int
    new: int
    changed: int
    unchanged: int
    failed: int
    findings: AuditFindings
    errors: list[tuple[str, str]]
    warnings: list[str]
    rechecked: int = 0


# Sources stored per transaction: what the workers finished in the last half second, at most
# BATCH (a SQLite commit costs more than a report's rows; a killed run loses only what was
# not yet committed, and the next run reads those files again).
BATCH = 50
BATCH_SECONDS = 0.5
# Walked files hashed, looked up and noted in the store at a time (``store/runs.py``): the
# audit holds one wave of them, never the whole walk.
WAVE = 1000


def audit(paths: Iterable[PathLike], *, db: PathLike = "gongkai.db", jobs: int | None = None,
          select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
          profiles: Iterable[str] | None = None,
          progress: Callable[[int, int], None] | None = None, engine: str = "local",
          scheduler: str | None = None, timeout: float | None = None) -> AuditSummary:
    """Extract and check every report under ``paths`` into the store ``db`` (a SQLite file,
    or a ``postgresql://`` URL), ``jobs`` worker processes at a time (default: every core).

    A source whose path and content hash are stored already is skipped, unless another rule
    catalog checked it (``rules.fingerprint``: a rule added or changed since), when it is
    read and checked again and its findings replaced; a changed one is read again and its
    older version kept as history. Each source is written whole in one
    transaction (with the others finished in the same half second) by this process, so an
    interrupted run loses nothing stored and a re-run resumes where it stopped. Every rule is run and stored, the local rules of every profile
    too (so that a later run with another ``profiles`` needs no re-reading); ``select``/
    ``ignore`` and ``profiles`` choose the findings returned. Once the sources are stored, the rules that compare reports run on
    what the store holds (``api/corpus_pass.py``): each changed body's years (cross-year,
    Y), then every body's narratives (C004); their findings are returned with the others.
    ``progress(done, total)`` is called as sources are stored.
    ``engine="dask"`` runs the first pass on a Dask cluster (the one at ``scheduler``, else a
    ``LocalCluster`` of ``jobs`` workers), a source that takes over ``timeout`` seconds
    recorded as failed (``api/engines.py``); the store is written here all the same.
    UsageError for an unknown rule code or engine, a database that cannot be opened or a
    scheduler that cannot be reached.
    """
    from gongkai.rules.catalog import RuleCrashed, fingerprint, matches, reports_crashes

    paths = list(paths)
    profiles = list(profiles or ())
    chosen, skipped = validate_selection(select, ignore, profiles)
    check_engine(engine, scheduler)
    local_off = local_rules_off(profiles)
    try:
        from gongkai.store import Ingested, RunCounts, after_audit, open_store
        from gongkai.store.runs import note_walked, prune_walks, walked_counts, walked_outcomes, walked_todo
    except ImportError as e:
        raise UsageError(f"audit needs the store extra (pip install 'gongkai[store]'): {e}") from e

    warnings: list[str] = []
    jobs = max(1, jobs or os.cpu_count() or 1)
    counts = RunCounts()
    with batch_gc(), open_store(db) as store:
        run_id = store.start_run([os.fspath(p) for p in paths], jobs)
        prune_walks(store)  # the walks of runs long finished, or killed long ago
        catalog = fingerprint()
        order = 0  # files walked so far
        for wave in waves(walk(paths), WAVE):  # the walk noted in the store, a wave of files at a time
            walked = _hashed(wave, warnings)
            latest = store.latest(f.stored_as for f in walked if f.state == "todo")
            walked = [f._replace(state="unchanged") if _same(f, latest, catalog) else f for f in walked]
            unchanged = sorted({latest[f.stored_as].source_id for f in walked if f.state == "unchanged"})
            with interrupt_after():
                repeats = note_walked(store, run_id, order, walked)
                store.seen(unchanged)
            counts.seen += sum(f.state != "error" for f in walked)
            order += len(walked)
            counts.unchanged += len(unchanged) + repeats
        todo = walked_counts(store, run_id)["todo"]
        if progress:
            progress(0, todo)
        pending: list[Ingested] = []
        rechecked: list[int] = []
        since = time.monotonic()
        done = 0

        def flush() -> None:
            nonlocal since, done
            with interrupt_after():  # Ctrl-C stops the run between two transactions, never inside one
                states = store.record_many(run_id, pending)
            counts.new += states.count("new")
            counts.changed += states.count("changed")
            counts.unchanged += states.count("rechecked")
            rechecked.append(states.count("rechecked"))
            done += len(pending)
            pending.clear()
            since = time.monotonic()
            if progress:
                progress(done, todo)

        with store.bulk_load(todo):
            for _, absolute, sha256, size, outcome in run(engine, _audit_one, walked_todo(store, run_id), jobs=jobs,
                                                          crashed=_worker_died, failed=_failed, cheap=is_cheap,
                                                          scheduler=scheduler, timeout=timeout,
                                                          splits=partial(_audit_one, split_scans=True)):
                pending.append(Ingested(absolute, sha256, size, *outcome))
                if len(pending) >= BATCH or time.monotonic() - since >= BATCH_SECONDS:
                    flush()
            if pending:
                flush()
        from gongkai.api.corpus_pass import cross_pass

        with interrupt_after():
            store.join_unplaced()  # a body printed without its place one year, with it another
        cross_pass(store)  # cross-year and corpus rules over the store
        after_audit(store, run_id)  # reviewers' decisions met in the versions now current
        errors: dict[str, str] = {}
        crashes = reports_crashes(skipped)  # E000 as `check` gives it: whatever the selection, unless ignored

        def keep(code: str) -> bool:
            return crashes if code == RuleCrashed.code else (code not in local_off and matches(code, chosen)
                                                               and not matches(code, skipped))

        severities: dict[str, int] = {}
        for page in walked_outcomes(store, run_id):
            errors.update((o.shown_as, o.error or "unreadable") for o in page if o.failed)
            for (code, severity), n in store.finding_counts(o.source_id for o in page if o.source_id is not None and not o.failed).items():
                if keep(code):
                    severities[severity] = severities.get(severity, 0) + n
        counts.failed = len(errors)
        with interrupt_after():
            store.finish_run(run_id, counts)
    return AuditSummary(run_id, counts.seen, counts.new, counts.changed, counts.unchanged, counts.failed,
                        AuditFindings(db, run_id, keep, severities), sorted(errors.items()), warnings, sum(rechecked))



class AuditFindings:
    """An audit's findings (those of every readable source under its paths, selection
    applied), read from its store when iterated, a few hundred sources at a time in walk
    order: a national corpus has millions, never held together. How many there are, by
    severity, is known without reading them (``severities``); iterating twice reads the
    store twice, as it then is."""

    def __init__(self, db: PathLike, run_id: int, keep: Callable[[str], bool], severities: dict[str, int]):
        self._db = db
        self._run_id = run_id
        self._keep = keep
        self.severities = severities

    def __iter__(self) -> Iterator[Finding]:
        from gongkai.store import open_store
        from gongkai.store.runs import walked_outcomes

        with open_store(self._db) as store:
            for page in walked_outcomes(store, self._run_id):
                shown = {o.source_id: o.shown_as for o in page if o.source_id is not None and not o.failed}
                yield from (f for f in store.iter_findings(shown, self._run_id) if self._keep(f.code))

    def __len__(self) -> int:
        return sum(self.severities.values())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (AuditFindings, list)) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"AuditFindings({len(self)} findings: {self.severities})"


def _hashed(wave: list[Result], warnings: list[str]) -> list[Walked]:
    """A wave of the walk as the store notes it: each file hashed (to be read, until the
    store says it has it), one that cannot be listed or read with its reason; the walk's
    warnings (a named folder without reports) added to ``warnings``."""
    from gongkai.store.runs import Walked

    out: list[Walked] = []
    for item in wave:
        if item.warning:
            warnings.append(item.warning)
            continue
        error = item.error
        if error is None:
            try:
                out.append(Walked(item.source, stored_as(item.source), *_fingerprint(item.source), "todo"))
                continue
            except OSError as e:
                error = f"无法读取 / cannot read file: {e.strerror or e}"
        out.append(Walked(item.source, stored_as(item.source), None, None, "error", error))
    return out


def _same(file: Walked, latest: dict[str, Stored], catalog: str) -> bool:
    """Whether a walked file is stored already as it is, and checked by ``catalog``."""
    stored = latest.get(file.stored_as)
    return file.state == "todo" and stored is not None and stored.sha256 == file.sha256 and not _stale(stored, catalog)


def _stale(stored: Stored, catalog: str) -> bool:
    """Whether a stored readable source was checked by another rule catalog than ``catalog``."""
    return stored.status == "ok" and stored.catalog != catalog


def _fingerprint(path: str) -> tuple[str, int]:
    """The SHA-256 and size of a file (or of the file a URL names), read in blocks (memory
    stays flat for big PDFs)."""
    if is_url(path):
        return url_fingerprint(path)
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


# form, Report, findings, error, texts by section, then what the cross-year rules read
# (rules.Facts.plain: sketches, the rest) and the catalog's fingerprint: ``Ingested``'s fields
AuditOutcome = tuple[str | None, Report | None, list[Finding], str | None, dict[str, str],
                     dict[str, tuple[int, int, bytes]], dict[str, Any] | None, str | None]
Audited = tuple[str, str, str, int, AuditOutcome]  # the walked file (as walked, stored as, sha256, size) and its outcome


@overload
def _audit_one(file: tuple[str, str, str, int]) -> Audited: ...
@overload
def _audit_one(file: tuple[str, str, str, int], split_scans: bool) -> Audited | Fanout[Audited]: ...
def _audit_one(file: tuple[str, str, str, int], split_scans: bool = False) -> Audited | Fanout[Audited]:
    """Read, extract and check one source (in a worker process): its form, Report (which
    pickles without its Document), every rule's findings, its text by section and what the
    cross-year rules read of it (``rules.Facts``: computed here, where the text is, rather
    than by the one process that writes), or the reason it failed. With ``split_scans``
    (the dask engine), a scan of several pages is not read here: its pages become tasks of
    their own, and the last reads the Document they make (``api/scans.py``)."""
    try:
        return _audited(file, partial(read, file[0], split_scans=split_scans))
    except ScanPages as scan:
        return split(file, scan, _audited)


def _audited(file: tuple[str, str, str, int], document: Callable[[], Document]) -> Audited:
    """``_audit_one`` of the Document ``document()`` gives (ScanPages passes through)."""
    from gongkai.rules import fingerprint, profile_names

    outcome: AuditOutcome
    try:
        doc = document()
        report = extract(doc)
        found = check(report, profiles=profile_names())
        texts = _texts(doc, report)
        outcome = (doc.form, report, found, None, texts, *_facts(texts, report), fingerprint())
    except ScanPages:
        raise
    except (ReadError, InternalError) as e:
        outcome = (None, None, [], e.reason, {}, {}, None, None)
    return (*file, outcome)


def _texts(doc: Document, report: Report) -> dict[str, str]:
    """The report's text by section; none (and the report still stored) if cutting it fails:
    the cross-year rules then see its tables only."""
    from gongkai.rules import section_texts

    try:
        return section_texts(doc, report)
    except Exception:  # noqa: BLE001 - a text the section finder cannot cut must not cost the report
        return {}


def _facts(texts: dict[str, str], report: Report) -> tuple[dict[str, tuple[int, int, bytes]], dict[str, Any] | None]:
    """What the cross-year rules read of the text (``rules.Facts.plain``); none if computing
    it fails: the cross-year pass then computes it from the stored texts."""
    from gongkai.rules import facts_of

    year = report.meta.get("year")
    try:
        return facts_of(texts, year if isinstance(year, int) else None).plain()
    except Exception:  # noqa: BLE001 - the report is stored all the same
        return {}, None


def _worker_died(file: tuple[str, str, str, int]) -> tuple[str, str, str, int, AuditOutcome]:
    return _failed(file, "reading this file crashed the worker process (a fault in a native library)")


def _failed(file: tuple[str, str, str, int], reason: str) -> tuple[str, str, str, int, AuditOutcome]:
    """A source given up on (it crashed its worker, or ran out of time): stored as failed."""
    return (*file, (None, None, [], reason, {}, {}, None, None))
