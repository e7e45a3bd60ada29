#!/usr/bin/env python3
"""Audit throughput and memory over a generated corpus, against extraction alone.

Usage: python bench/audit_bench.py [--reports 1000] [--pdf 200] [--jobs 1,2] [--keep DIR]

Writes a corpus of ``--reports`` text reports (``tests/generators/corpus.py``: one region's
bodies over four years, bad files among them) and one of ``--pdf`` PDF reports, then for each:

- extract, check: reports/s of ``gongkai.extract(path)`` and ``gongkai.check(path)``, each in
  a fresh process, one pass (CPU time, one core), the figure the audit is compared with;
- audit --jobs N: a fresh ``gongkai.api.audit`` into a new SQLite file, in a child process
  (so that its peak memory is its own), for each N of ``--jobs``: wall-clock reports/s, CPU
  seconds per report (the audit process and its workers), peak RSS of the audit process and
  of the sum of its workers (sampled from /proc every 0.2 s; for the audit process also the
  kernel's own peak, getrusage), and the database's size per report.

The 10 000-report case is slow on a small machine (minutes per audit): run it once, e.g.
``nice python bench/audit_bench.py --reports 10000 --pdf 0 --jobs 1,2``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import gongkai

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from generators.corpus import MANIFEST, write_corpus

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
TICKS = os.sysconf("SC_CLK_TCK")


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> dict[int, float]:
    """The child processes of ``pid`` and the CPU seconds each has used so far."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()  # after the command, in parentheses
            except OSError:
                continue
            if int(fields[1]) == pid:  # ppid; utime and stime are fields 14 and 15
                out[int(entry)] = (int(fields[11]) + int(fields[12])) / TICKS
    return out


def run_audit(folder: str, db: str, jobs: int) -> dict:
    """One audit in this (child) process, with its memory sampled; the figures as a dict."""
    peak = {"self": 0, "workers": 0}
    worker_cpu: dict[int, float] = {}  # the last CPU time seen of each worker (pool workers are not reaped
    done = threading.Event()           # before the audit returns: getrusage's children figure misses them)

    def sample() -> None:
        me = os.getpid()
        while not done.wait(0.2):
            peak["self"] = max(peak["self"], _rss_kb(me))
            children = _children(me)
            worker_cpu.update(children)
            peak["workers"] = max(peak["workers"], sum(_rss_kb(c) for c in children))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    wall, cpu = time.perf_counter(), time.process_time()
    summary = gongkai.api.audit([folder], db=db, jobs=jobs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    done.set()
    sampler.join()
    return {"seen": summary.seen, "new": summary.new, "failed": summary.failed, "findings": len(summary.findings),
            "wall": wall, "cpu": cpu + sum(worker_cpu.values()),
            "rss_self_kb": max(peak["self"], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
            "rss_workers_kb": peak["workers"],
            "db_bytes": os.path.getsize(db)}


def per_core(folder: Path) -> tuple[float, float]:
    """Reports per CPU second of ``gongkai.extract(path)`` and ``gongkai.check(path)`` over
    the corpus's readable files, each in a fresh process, one pass after a warm-up of 20
    files, as the audit meets them (a pass again in a warm process ran ≈ 1.5x faster: caches
    of names and patterns, which a fresh audit starts without)."""
    rates = []
    for fn in ("extract", "check"):
        out = subprocess.run([sys.executable, __file__, "--run-alone", fn, str(folder)], capture_output=True,
                             text=True, check=True)
        rates.append(float(out.stdout.strip().splitlines()[-1]))
    return rates[0], rates[1]


def run_alone(fn_name: str, folder: str) -> float:
    """``--run-alone``: one pass of ``gongkai.<fn_name>`` over the corpus in this process."""
    fn = getattr(gongkai, fn_name)
    paths = readable(Path(folder))
    for p in paths[:20]:
        fn(p)
    start = time.process_time()
    for p in paths:
        fn(p)
    return len(paths) / (time.process_time() - start)


def readable(folder: Path) -> list[Path]:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return [folder / r["path"] for r in manifest["reports"]]


def bench(name: str, folder: Path, jobs: list[int], tmp: Path) -> None:
    paths = readable(folder)
    ext, chk = per_core(folder)
    print(f"\n{name}: {len(paths)} reports (+ bad files), mean {sum(p.stat().st_size for p in paths) / len(paths) / 1024:.1f} KB")
    print(f"  extract alone: {ext:.0f} reports/s per core; check alone: {chk:.0f} reports/s per core "
          f"(check costs {ext / chk:.2f}x extract)")
    for n in jobs:
        db = tmp / f"{name}-{n}.db"
        for old in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            old.unlink(missing_ok=True)  # a fresh audit each time, also with --keep
        out = subprocess.run([sys.executable, __file__, "--run-audit", str(folder), str(db), str(n)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rate = r["new"] / r["wall"]
        print(f"  audit --jobs {n}: {rate:.0f} reports/s wall ({r['new']} stored, {r['failed']} failed, "
              f"{r['findings']} findings); {1000 * r['cpu'] / r['new']:.2f} CPU ms/report "
              f"(extract alone {1000 / ext:.2f}: {r['cpu'] / r['new'] * ext:.2f}x)")
        print(f"    peak RSS: audit process {r['rss_self_kb'] / 1024:.0f} MB, workers together "
              f"{r['rss_workers_kb'] / 1024:.0f} MB; "
              f"database {r['db_bytes'] / 1e6:.1f} MB, {r['db_bytes'] / r['new'] / 1024:.1f} KB/report")


def main() -> int:
    if sys.argv[1:2] == ["--run-alone"]:
        print(run_alone(sys.argv[2], sys.argv[3]))
        return 0
    if sys.argv[1:2] == ["--run-audit"]:
        folder, db, jobs = sys.argv[2:5]
        print(json.dumps(run_audit(folder, db, int(jobs))))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1000, help="text reports to generate (0: none)")
    ap.add_argument("--pdf", type=int, default=200, help="PDF reports to generate (0: none)")
    ap.add_argument("--jobs", default=f"1,{os.cpu_count() or 1}", help="worker counts to audit with")
    ap.add_argument("--keep", type=Path, help="write the corpora and databases here, and keep them")
    a = ap.parse_args()
    jobs = sorted({int(j) for j in a.jobs.split(",")})
    with tempfile.TemporaryDirectory() as scratch:
        tmp = a.keep or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; gongkai {gongkai.__version__}")
        for name, size, forms in (("text", a.reports, {"text": 1.0}), ("pdf", a.pdf, {"pdf": 1.0})):
            if size:
                folder = tmp / f"corpus-{name}-{size}"
                start = time.perf_counter()
                write_corpus(folder, seed=1, size=size, forms=forms, keep_cells=False)
                print(f"\n(generated {name} corpus of {size} in {time.perf_counter() - start:.0f} s)")
                bench(f"{name}-{size}", folder, jobs, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
