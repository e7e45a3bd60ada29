#!/usr/bin/env python3
"""`gongkai tabulate` on large registers: time to read and count, and whether the counts are right.

Usage: python bench/tabulate_bench.py [--rows 10000] [--cases 1000] [--year 2024] [--repeat 3]

Writes a request register of ``--rows`` applications and a case register of ``--cases``
cases (``tests/generators/registers.py``: dates in seven forms, blank rows, header wordings)
as UTF-8 CSV, GBK CSV and XLSX, then for each form times ``gongkai.api.tabulate`` (the best
of ``--repeat`` runs, wall clock and CPU in this process; imports done beforehand) and checks
every cell against the generator's true counts. Prints one line per form.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from generators.registers import applications, cases, expected_cells, write_cases, write_requests
from gongkai import api


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=1_000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    apps, found = applications(1, args.year, args.rows), cases(1, args.year, args.cases)
    expected = expected_cells(apps, found, args.year, "2021")
    import openpyxl  # noqa: F401  (imported before timing, as a long-running process would have it)

    with tempfile.TemporaryDirectory() as tmp:
        for name, suffix, encoding in (("CSV UTF-8", ".csv", "utf-8"), ("CSV GBK", ".csv", "gbk"),
                                       ("XLSX", ".xlsx", "utf-8")):
            requests, case_file = Path(tmp, f"requests{suffix}"), Path(tmp, f"cases{suffix}")
            write_requests(apps, requests, 1, args.year, variant=2, encoding=encoding)
            write_cases(found, case_file, 1, encoding=encoding)
            best_wall = best_cpu = float("inf")
            for _ in range(args.repeat):
                wall, cpu = time.perf_counter(), time.process_time()
                result = api.tabulate([requests, case_file], args.year)
                best_wall = min(best_wall, time.perf_counter() - wall)
                best_cpu = min(best_cpu, time.process_time() - cpu)
            right = result.data.cells == expected and not result.problems
            size = requests.stat().st_size / 1e6
            print(f"{name:9} {args.rows} rows + {args.cases} cases ({size:.1f} MB): {best_wall:.2f} s wall, "
                  f"{best_cpu:.2f} s CPU; counts {'correct' if right else 'WRONG'}"
                  f" (本年新收 {result.data.cells['t3.new_received.total']})")
            if not right:
                sys.exit(1)


if __name__ == "__main__":
    main()
