#!/usr/bin/env python3
"""Extraction swept over composed reports (tests/generators/compose.py), per axis value.

Usage: python bench/sweep_bench.py [--n N] [--start S] [--p P] [--no-check] [--examples K]
                                   [--tokens T,…] [--version V] [--keys PREFIX]

Composes N reports (seeds S…S+N-1, the tokenisers in turn, structures and noises each drawn
with probability P where the tokeniser carries them, both format versions), extracts each
from bytes with ``gongkai.extract(data, name=...)`` and checks it with ``gongkai.check``.
Prints, per axis value and per (structure, tokens) pair: reports, accuracy (an uncertain cell
counts as correct only when its value is right), the share of uncertain cells, silent wrong
values (a number that differs from the truth, is not uncertain and no finding names), missing
cells (null where a number is printed) and reports whose extraction raised; then the slowest
report (ms of extract alone) and K examples of silent wrong values. ``--tokens``, ``--version``
and ``--keys`` narrow the sweep to some tokenisers, one format version and the cells whose
keys start with a prefix (``--tokens glued --version 2019 --keys t2.``: glued 2019 table 二).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# The report generator is a test helper (tests/generators/), not part of the package: put the
# repository's tests/ folder on the path so that this script finds it without installing it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from generators.compose import compose, draw
from generators.compose_sweep import Tally, measure
from generators.compose_tokens import TOKENS


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="reports to compose (default 2000)")
    ap.add_argument("--start", type=int, default=100000, help="first seed (default 100000: not the CI's)")
    ap.add_argument("--p", type=float, default=0.3, help="probability of each structure and noise")
    ap.add_argument("--no-check", action="store_true", help="skip check(): silent = wrong and not uncertain")
    ap.add_argument("--examples", type=int, default=10, help="silent wrong values to show")
    ap.add_argument("--tokens", default="", help="comma-separated tokenisers (default: all, in turn)")
    ap.add_argument("--version", choices=["2021", "2019"], help="compose this format version only")
    ap.add_argument("--keys", default="", help="count only the cells whose keys start with this")
    args = ap.parse_args()
    tokens = args.tokens.split(",") if args.tokens else list(TOKENS)
    tally = Tally()
    t0 = time.perf_counter()
    for i in range(args.start, args.start + args.n):
        drawn = draw(i, tokens=tokens[i % len(tokens)], p=args.p)
        if args.version:
            drawn["version"] = args.version
        tally.add(measure(compose(i, **drawn), check=not args.no_check, prefix=args.keys))
    elapsed = time.perf_counter() - t0
    cells = sum(o.cells for o in tally.outcomes)
    correct = sum(o.correct for o in tally.outcomes)
    print(f"{args.n} composed reports, {cells} cells, seeds {args.start}…{args.start + args.n - 1}: "
          f"accuracy {correct / max(cells, 1):.2%}, {sum(o.silent for o in tally.outcomes)} silent wrong values, "
          f"{elapsed:.1f} s ({1000 * elapsed / max(args.n, 1):.1f} ms/report with compose and check)\n")
    print(tally.table(pairs=True))
    ms = sorted(o.ms for o in tally.outcomes)
    worst = tally.worst
    if worst:
        c = worst.case
        print(f"\nextract ms: median {ms[len(ms) // 2]:.1f}, p99 {ms[int(len(ms) * 0.99)]:.1f}, max {worst.ms:.0f} "
              f"({c.name}: tokens {c.tokens}, structure {','.join(c.structure)}, noise {','.join(c.noise) or '-'}, "
              f"{c.version}; {len(c.data)} bytes)")
    shown = 0
    print("\nsilent wrong values (report, key, extracted, truth):")
    for o in tally.outcomes:
        for key, got, want, how in o.wrong:
            if how == "silent" and shown < args.examples:
                c = o.case
                print(f"  {c.name} [{c.tokens}; {','.join(c.structure)}; {','.join(c.noise) or '-'}; {c.version}] "
                      f"{key}: {got!r} ≠ {want!r}")
                shown += 1


if __name__ == "__main__":
    main()
