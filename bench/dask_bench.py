#!/usr/bin/env python3
"""The Dask engine's throughput per form of report, and the scheduler's own cost per task.

Usage: nice python bench/dask_bench.py [--text 200] [--pdf 40] [--scan 2] [--scan-pages 6] [--workers 1,2]
                                       [--pings 1000]

Writes ``--text`` text reports and ``--pdf`` PDF reports (``tests/generators/corpus.py``, one
form each) and ``--scan`` scanned reports of ``--scan-pages`` A4 pages (the 2021 layouts
rendered and rasterised at 150 dpi into image-only PDFs, as ``bench/ocr_bench.py`` does, the
pages of as many reports as it takes), then:

- in this process: wall-clock and CPU seconds per report of the audit's task (read, extract,
  every rule, the section texts: ``api.batch._audit_one``), the cost Dask is compared with
  (OCR runs onnxruntime on every core: its CPU figure is all threads');
- for each worker count of ``--workers``: a ``LocalCluster`` of that many single-threaded
  workers (warmed: gongkai imported and each form read once), and the wall-clock time of
  ``distributed.as_done`` over each form's files (text batched ``PER_TASK`` to a task, PDFs
  and scans one per task), as reports/s; the scans twice: whole (one task a scan, as the
  local reader reads it) and split (``_audit_one(…, split_scans=True)``: a task a page, then
  one that assembles, extracts and checks), each as wall-clock seconds a report;
- the scheduler's overhead: ``--pings`` empty tasks (``tasks.ping``) submitted and gathered
  through ``as_done`` on one worker, per task.

No store is written: the figures are those of the first pass, which the workers run; what
the writing process costs per report is ``bench/audit_bench.py``'s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

from functools import partial

from gongkai.api.batch import _audit_one, _failed, _fingerprint
from gongkai.api.engines import is_cheap
from gongkai.distributed import as_done, connect
from gongkai.distributed.tasks import ping

File = tuple[str, str, str, int]


def files_under(root: Path) -> list[File]:
    return [(str(p), str(p), *_fingerprint(str(p))) for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix != ".json"]


def write_inputs(root: Path, text: int, pdf: int, scan: int, scan_pages: int = 6) -> dict[str, list[File]]:
    from generators.corpus import write_corpus

    forms: dict[str, list[File]] = {}
    if text:
        write_corpus(root / "text", seed=3, size=text, forms={"text": 1.0}, keep_cells=False)
        forms["text"] = files_under(root / "text")
    if pdf:
        write_corpus(root / "pdf", seed=4, size=pdf, forms={"pdf": 1.0}, keep_cells=False)
        forms["pdf"] = files_under(root / "pdf")
    if scan:
        from ocr_bench import as_scan, rasterise, reports

        (root / "scan").mkdir()
        pages = [page for *_, data in reports(scan * -(-scan_pages // 3)) for page in rasterise(data, 150)]
        for n in range(scan):
            (root / "scan" / f"scan-{n}.pdf").write_bytes(as_scan(pages[n * scan_pages:(n + 1) * scan_pages], 150))
        forms["scan"] = files_under(root / "scan")
    return forms


def local_cost(files: list[File]) -> tuple[float, float, int]:
    """Wall-clock and CPU seconds per report of the audit's task in this process (the CPU
    figure is what a dedicated core would take: this machine is shared), and how many were
    readable."""
    _audit_one(files[0])  # imports and caches, as a warm worker has them
    start, cpu = time.perf_counter(), time.process_time()
    ok = sum(1 for f in files if _audit_one(f)[4][1] is not None)
    return (time.perf_counter() - start) / len(files), (time.process_time() - cpu) / len(files), ok


def warm(client, forms: dict[str, list[File]]) -> None:
    """Every worker imports gongkai and reads one file of each form before the clock starts."""
    samples = [fs[0] for fs in forms.values()]
    client.run(lambda: [_audit_one(f) for f in samples])


def dask_rate(client, files: list[File], split: bool = False) -> float:
    """Reports a second through ``as_done`` (``split``: a scan's pages as tasks of their own)."""
    fn = partial(_audit_one, split_scans=True) if split else _audit_one
    start = time.perf_counter()
    out = list(as_done(fn, files, _failed, client=client, cheap=is_cheap))
    assert len(out) == len(files) and all(o[4][3] is None for o in out if o[0].endswith(".pdf")), \
        [o[4][3] for o in out if o[4][3]]
    return len(files) / (time.perf_counter() - start)


def overhead(client, pings: int) -> float:
    """Seconds the scheduler, the client and a worker spend on one empty task."""
    start = time.perf_counter()
    n = sum(1 for _ in as_done(ping, list(range(pings)), lambda i, r: None, client=client))
    assert n == pings
    return (time.perf_counter() - start) / pings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", type=int, default=200)
    ap.add_argument("--pdf", type=int, default=40)
    ap.add_argument("--scan", type=int, default=2)
    ap.add_argument("--scan-pages", type=int, default=6)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--pings", type=int, default=1000)
    args = ap.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start", flush=True)
    with tempfile.TemporaryDirectory(prefix="dask-bench-") as tmp:
        forms = write_inputs(Path(tmp), args.text, args.pdf, args.scan, args.scan_pages)
        for form, files in forms.items():
            wall, cpu, ok = local_cost(files)
            print(f"one process, {form}: {len(files)} files ({ok} readable), {1000 * wall:.1f} ms a report "
                  f"wall, {1000 * cpu:.1f} ms CPU", flush=True)
        for workers in [int(w) for w in args.workers.split(",")]:
            with connect(None, workers) as client:
                warm(client, forms)
                for form, files in forms.items():
                    for split in (False, True) if form == "scan" else (False,):
                        rate = dask_rate(client, files, split)
                        what = form + (" split per page" if split else " whole" if form == "scan" else "")
                        print(f"dask, {workers} worker(s), {what}: {rate:.3g} reports/s ({1000 / rate:.1f} ms a "
                              f"report)", flush=True)
                if workers == 1 and args.pings:
                    print(f"dask, 1 worker: {1000 * overhead(client, args.pings):.2f} ms per empty task "
                          f"({args.pings} tasks)", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at end")


if __name__ == "__main__":
    main()
