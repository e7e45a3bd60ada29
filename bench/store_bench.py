#!/usr/bin/env python3
"""What the audit's writing process costs alone: CPU ms a report of storing a corpus and of
the cross-year and corpus pass, with the workers' part (read, extract, check, facts) done
once beforehand and replayed, so that the figures are not drowned in its noise.

Usage: python bench/store_bench.py [--reports 1000] [--keep DIR] [--repeat 3] [--profile N] [--save DB]

The corpus (``tests/generators/corpus.py``, text reports) and the workers' outcomes (pickled)
are kept in ``--keep``; each repeat audits them into a new SQLite file with ``jobs=1`` and the
executor replaced by the stored outcomes. Prints the CPU of the whole audit call (opening
the store, storing, the pass, reconciling reviews, reading back the counts) and of its
parts; ``--profile N`` prints cProfile's N most expensive functions of the last repeat.
Also prints the fixed cost of opening a new and an up-to-date store. Alternate before/after
runs on a shared machine: only their ratios mean much.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import pickle
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import gongkai.api
from generators.corpus import MANIFEST, write_corpus
from gongkai import store
from gongkai.api import batch, corpus_pass
from gongkai.api.sources import stored_as, walk
from gongkai.store import ingest, open_store, series

spent: collections.Counter[str] = collections.Counter()
PHASES = [(ingest.Store, "record_many", "store"), (ingest, "cell_rows", "  cell rows"),
          (ingest, "_insert_children", "  cells, texts, findings, sketches"),
          (ingest, "_insert_returning", "  sources and reports"),
          (ingest.Store, "bulk_load", "index built after a bulk load"),
          (corpus_pass, "cross_pass", "cross-year and corpus pass"),
          (corpus_pass, "load_reports", "  reading reports back"), (series, "read_places", "  reading places"),
          (corpus_pass, "with_facts", "  facts from plain"), (corpus_pass, "check_series", "  series rules"),
          (corpus_pass, "replace_findings", "  replacing findings"), (corpus_pass, "fill_bands", "  LSH bands"),
          (corpus_pass, "check_corpus", "  corpus rules"), (store, "after_audit", "reconcile reviews")]


def wrap(owner: object, name: str, label: str) -> None:
    fn = getattr(owner, name)

    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    setattr(owner, name, timed)


def outcomes(folder: Path, keep: Path) -> dict[str, tuple]:
    """The workers' results for every file of the corpus, by path as stored (computed once)."""
    cache = keep / f"{folder.name}.outcomes.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    found = {}
    for item in walk([folder]):
        file = (item.source, stored_as(item.source), *batch._fingerprint(item.source))
        found[file[1]] = batch._audit_one(file)
    cache.write_bytes(pickle.dumps(found))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", type=int, default=0)
    ap.add_argument("--incremental", action="store_true",
                    help="also: the last year's folder audited into a store holding the years before")
    ap.add_argument("--save", type=Path, help="copy the last run's database here (to compare findings)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        tmp = a.keep or Path(scratch)
        folder = tmp / f"corpus-text-{a.reports}"
        if not (folder / MANIFEST).exists():
            write_corpus(folder, seed=1, size=a.reports, forms={"text": 1.0}, keep_cells=False)
        done = outcomes(folder, tmp)
        batch.run = lambda engine, fn, items, **_: iter([done[item[1]] for item in items])
        for owner, name, label in PHASES:
            wrap(owner, name, label)
        totals = []
        profile = cProfile.Profile()
        for i in range(a.repeat):
            db = Path(scratch) / f"store-{i}.db"
            spent.clear()
            last = a.profile and i == a.repeat - 1
            start = time.process_time()
            if last:
                profile.enable()
            summary = gongkai.api.audit([folder], db=db, jobs=1)
            if last:
                profile.disable()
            totals.append((time.process_time() - start) / summary.new)
            print(f"run {i}: {summary.new} reports, {len(summary.findings)} findings, "
                  f"{1000 * totals[-1]:.2f} CPU ms a report")
            for _, _, label in PHASES:
                print(f"    {label:40s} {1000 * spent[label] / summary.new:6.3f}")
        if a.incremental:
            *before, last = sorted(p for p in folder.iterdir() if p.is_dir())
            db = Path(scratch) / "incremental.db"
            gongkai.api.audit(before, db=db, jobs=1)
            spent.clear()
            start = time.process_time()
            summary = gongkai.api.audit([last], db=db, jobs=1)
            took = (time.process_time() - start) / summary.new
            print(f"{last.name} into a store of the years before: {summary.new} reports, "
                  f"{1000 * took:.2f} CPU ms a report")
            for _, _, label in PHASES:
                print(f"    {label:40s} {1000 * spent[label] / summary.new:6.3f}")
        if a.save:
            shutil.copyfile(db, a.save)
        print(f"best {1000 * min(totals):.2f}, median {1000 * sorted(totals)[len(totals) // 2]:.2f} CPU ms a report")
        for label, target in (("open a new store", Path(scratch) / "new.db"), ("open an up-to-date store", db)):
            start = time.process_time()
            open_store(target).close()
            print(f"{label}: {1000 * (time.process_time() - start):.0f} CPU ms")
        if a.profile:
            pstats.Stats(profile).sort_stats("tottime").print_stats(a.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
