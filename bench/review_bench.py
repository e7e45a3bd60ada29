#!/usr/bin/env python3
"""What the rectification loop and the search cost on a generated corpus.

Usage: python bench/review_bench.py [--reports 300] [--decide 1000] [--db TARGET] [--keep DIR]

Writes ``--reports`` text reports (``tests/generators/corpus.py``), audits them into a new
SQLite file (or ``--db``, e.g. an empty PostgreSQL database), decides ``--decide`` findings
(every other confirmed, the rest dismissed), then prints:

- the search index: its rows, its build time (``store.search.sync`` from empty), and the
  database's size with and without it (SQLite);
- ``after_audit`` on an unchanged re-audit (index in step, every review looked for again),
  and ``reconcile`` alone;
- search: the median and worst time of each query over 20 runs, with the hits.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from generators.corpus import write_corpus
from gongkai import api
from gongkai.store import open_store
from gongkai.store.reconcile import after_audit, reconcile
from gongkai.store.schema import search_docs
from gongkai.store.search import search, sync

T = TypeVar("T")
QUERIES = ("公开", "复议", "行政复议", "信息处理费", "政务 公开 平台", "凉州区", "不存在的词语")


def timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    """What ``fn`` returns and the seconds it took."""
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--decide", type=int, default=1000)
    parser.add_argument("--db")
    parser.add_argument("--keep")
    args = parser.parse_args()
    root = Path(args.keep or tempfile.mkdtemp(prefix="gongkai-review-bench-"))
    write_corpus(root / "corpus", seed=7, size=args.reports, forms={"text": 1.0}, keep_cells=False)
    db = args.db or str(root / "audit.db")
    summary, seconds = timed(api.audit, [root / "corpus"], db=db, jobs=2)
    print(f"audit: {summary.seen} sources, {len(summary.findings)} findings, {seconds:.1f} s")

    with open_store(db) as store:
        with store.engine.begin() as conn:
            conn.execute(search_docs.delete())
        if store.engine.dialect.name == "sqlite":
            with store.engine.connect() as conn:
                conn.exec_driver_sql("VACUUM")
    size = os.path.getsize(db) if os.path.isfile(db) else None
    with open_store(db) as store:
        rows, seconds = timed(sync, store)
        if size:
            with store.engine.connect() as conn:
                conn.exec_driver_sql("VACUUM")
    grown = f", SQLite file {size / 1e6:.1f} → {os.path.getsize(db) / 1e6:.1f} MB" if size else ""
    print(f"search index: {rows} rows built in {seconds:.2f} s{grown}")

    decided = 0
    for f in api.review_list(db):
        if decided >= args.decide or f.finding_id is None:
            continue
        kind = "confirm" if decided % 2 == 0 else "dismiss"
        api.decide(db, f.finding_id, kind, "bench", reason="bench" if kind == "dismiss" else None)
        decided += 1
    print(f"decided: {decided} findings")
    with open_store(db) as store:
        moved, seconds = timed(after_audit, store, 0)
        print(f"after_audit (unchanged): {seconds:.3f} s, moved {moved}")
        _, seconds = timed(reconcile, store, 0)
        print(f"reconcile alone: {seconds:.3f} s")
        for query in QUERIES:
            times = []
            for _ in range(20):
                hits, t = timed(search, store, query, 50)
                times.append(t)
            print(f"search {query!r}: {len(hits)} hits, median {statistics.median(times) * 1000:.1f} ms, "
                  f"worst {max(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
