#!/usr/bin/env python3
"""Where an audit's CPU goes: milliseconds a report of each phase of a ``--jobs 1`` audit.

Usage: python bench/audit_phases.py [--reports 1000] [--keep DIR]

Writes a corpus of ``--reports`` generated text reports (``tests/generators/corpus.py``),
then audits it into a new SQLite file in this process (``jobs=1``: the workers' part runs
here too), timing each phase by wrapping the functions that do it (CPU time; a wrapped
function's time includes the wrapped functions it calls). Also prints ``gongkai.extract``
alone over the same files, the figure the audit is compared with, and the time the garbage
collector took (``gc.callbacks``). Run it before and after a change, alternating, on an idle
machine: only ratios of alternating runs mean much on a shared one.
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import gongkai
from generators.corpus import MANIFEST, write_corpus
from gongkai.api import (
    batch,
    corpus_pass,
)
from gongkai.store import ingest

spent: collections.Counter[str] = collections.Counter()

PHASES = [  # (module or class, function, label)
    (batch, "read", "read"), (batch, "extract", "extract"), (batch, "check", "check (every rule, every profile)"),
    (batch, "_texts", "section texts"), (batch, "_facts", "facts (MinHash, dated sentences)"),
    (ingest.Store, "record_many", "store"), (ingest, "cell_rows", "  of which cell rows"),
    (corpus_pass, "cross_pass", "cross-year and corpus pass"),
    (corpus_pass, "load_reports", "  of which reading reports back"),
    (corpus_pass, "check_series", "  of which series rules"), (corpus_pass, "check_corpus", "  of which corpus rules"),
]


def wrap(owner: object, name: str, label: str) -> None:
    fn = getattr(owner, name)

    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    setattr(owner, name, timed)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--keep", type=Path, help="write the corpus and database here, and keep them")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        tmp = a.keep or Path(scratch)
        folder = tmp / f"corpus-text-{a.reports}"
        if not (folder / MANIFEST).exists():
            write_corpus(folder, seed=1, size=a.reports, forms={"text": 1.0}, keep_cells=False)
        paths = [folder / r["path"] for r in json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["reports"]]
        for p in paths[:20]:
            gongkai.extract(p)
        start = time.process_time()
        for p in paths:
            gongkai.extract(p)
        alone = (time.process_time() - start) / len(paths)
        for owner, name, label in PHASES:
            wrap(owner, name, label)
        collecting = [0.0, 0.0]

        def on_gc(phase: str, info: dict) -> None:
            if phase == "start":
                collecting[1] = time.process_time()
            else:
                collecting[0] += time.process_time() - collecting[1]

        gc.callbacks.append(on_gc)
        db = tmp / f"phases-{time.time_ns()}.db"
        start = time.process_time()
        summary = gongkai.api.audit([folder], db=db, jobs=1)
        total = time.process_time() - start
        gc.callbacks.remove(on_gc)
        n = summary.new
        print(f"{n} reports stored, {len(summary.findings)} findings; extract alone {1000 * alone:.2f} ms a report")
        print(f"audit --jobs 1: {1000 * total / n:.2f} CPU ms a report ({total / n / alone:.1f}x extract alone)")
        for _, _, label in PHASES:
            print(f"  {label:36s} {1000 * spent[label] / n:6.2f}")
        print(f"  {'garbage collection (all phases)':36s} {1000 * collecting[0] / n:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
