#!/usr/bin/env python3
"""Extraction throughput on one core, against the least any extractor must do.

Usage: python bench/extract_bench.py [--generated N] [--repeat R] [--shared DIR]

Cases: the seeds and text corpus in ../shared plus N generated reports in every layout
(written to a temporary folder, so file reading is measured too). Prints:
- extract: reports/s of `gongkai.extract(path)` (read, decode, normalise, extract);
- bare: reports/s of a pass that only reads, decodes, normalises each file and finds its
  numbers with one regular expression;
- their ratio (target: extract ≥ 500 reports/s and within 5× of bare);
- the worst case: the slowest report to extract, in ms (best of two tries), and its file;
- peak memory growth while extracting the first quarter vs all the files (flat = no leak).

It measures whichever build of gongkai the interpreter imports, and says which: pure Python
(a development install) or compiled by mypyc (``GONGKAI_MYPYC=1 pip install .``).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import gongkai
from gongkai.normalize import normalise
from gongkai.readers.text import decode

# The report generator is a test helper (tests/generators/), not part of the package: put the
# repository's tests/ folder on the path so that this script finds it without installing it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from generators.synth import LAYOUTS, generate

NUMBERS = re.compile(r"\d+(?:\.\d+)?")


def cases(shared: Path, generated: int, folder: Path) -> list[Path]:
    paths = []
    for sub in ("seeds", "corpus"):
        d = shared / sub
        if d.is_dir():
            paths += sorted(p for p in d.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")
    for i in range(generated):
        s = generate(i, layout=LAYOUTS[i % len(LAYOUTS)])
        p = folder / f"gen-{i:05d}.txt"
        p.write_text(s.text, encoding="utf-8", newline="")
        paths.append(p)
    return paths


def bare(path: Path) -> int:
    text, _ = decode(path.read_bytes(), str(path))
    return len(NUMBERS.findall(normalise(text.replace("\r\n", "\n"))))


def extract(path: Path) -> int:
    return len(gongkai.extract(path).cells)


def rates(fns, paths: list[Path], repeat: int) -> list[float]:
    """Reports per second of this process's CPU time for each of ``fns`` (best of
    ``repeat``): the per-core figure. The passes alternate, so that a slow spell of a shared
    machine falls on both figures, not on one of them."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.process_time()
            for p in paths:
                fn(p)
            best[i] = min(best[i], time.process_time() - start)
    return [len(paths) / b for b in best]


def slowest(paths: list[Path]) -> tuple[float, Path]:
    """The slowest report to extract (CPU ms, best of two tries: a slow spell of the machine
    is not the report's) and its path."""
    worst = (0.0, paths[0])
    for p in paths:
        took = float("inf")
        for _ in range(2):
            start = time.process_time()
            extract(p)
            took = min(took, time.process_time() - start)
            if took <= worst[0]:
                break  # faster than the slowest so far: no need to try again
        worst = max(worst, (took * 1000, p))
    return worst


def memory_growth(paths: list[Path]) -> tuple[float, float]:
    """Peak traced memory (MB) extracting a quarter of the files, then all of them."""
    out = []
    for subset in (paths[: len(paths) // 4], paths):
        tracemalloc.start()
        for p in subset:
            extract(p)
        out.append(tracemalloc.get_traced_memory()[1] / 1e6)
        tracemalloc.stop()
    return out[0], out[1]


def build() -> str:
    """Which build of the extraction stage runs: compiled by mypyc (setup.py) or pure Python."""
    from importlib.machinery import EXTENSION_SUFFIXES

    from gongkai.extract import tokens

    return "compiled (mypyc)" if tokens.__file__.endswith(tuple(EXTENSION_SUFFIXES)) else "pure Python"


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generated", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    with tempfile.TemporaryDirectory() as tmp:
        paths = cases(a.shared, a.generated, Path(tmp))
        for p in paths[:50]:  # warm caches: specs, compiled patterns, OpenCC
            extract(p)
        kb = sum(p.stat().st_size for p in paths) / len(paths) / 1024
        ext, raw = rates([extract, bare], paths, a.repeat)
        worst_ms, worst = slowest(paths)
        mem_quarter, mem_all = memory_growth(paths)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {cpu_name()}, Python {platform.python_version()}, one core; extraction {build()}")
    print(f"cases: {len(paths)} text reports (seeds, corpus, {a.generated} generated in {len(LAYOUTS)} layouts), "
          f"mean {kb:.1f} KB")
    print(f"extract: {ext:.0f} reports/s per core ({1000 / ext:.2f} ms/report)")
    print(f"bare read+decode+normalise+regex: {raw:.0f} reports/s per core ({1000 / raw:.3f} ms/report)")
    print(f"memory: peak traced {mem_quarter:.1f} MB over {len(paths) // 4} files, {mem_all:.1f} MB over "
          f"{len(paths)} files; max RSS {rss:.0f} MB")
    print(f"worst case: {worst_ms:.1f} ms, {worst.name} (the slowest report of the run; bound ≈ 1 s)")
    print(f"ratio extract/bare: {raw / ext:.1f}x slower (target <= 5x; target extract >= 500/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
