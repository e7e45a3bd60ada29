"""Measure extraction on composed reports: accuracy, uncertain share and silent wrong values
per axis value (used by tests/test_compose.py and bench/sweep_bench.py).

A cell is correct when the extracted value equals the truth (an ``uncertain`` cell too, only
when its value is right). A *silent wrong value* differs from the truth, is not ``uncertain``
and is named in the ``cells`` of no finding of ``gongkai.check`` (a number where the truth is
``None``, an invented cell, is one too); a *missing* cell is ``None`` where the report prints a
number (counted apart: wrong, but no wrong number is given out). A report whose extraction
raises counts all its cells wrong (loudly: not silent).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

import gongkai
from generators.compose import Case
from gongkai.errors import GongkaiError


@dataclass
class Outcome:
    case: Case
    cells: int = 0
    correct: int = 0
    uncertain: int = 0
    silent: int = 0
    missing: int = 0
    ms: float = 0.0
    error: str = ""
    wrong: list[tuple[str, object, object, str]] = field(default_factory=list)  # key, got, truth, how

    def axes(self) -> list[tuple[str, str]]:
        c = self.case
        return ([("structure", s) for s in c.structure] + [("tokens", c.tokens)]
                + [("noise", n) for n in c.noise or ("none",)] + [("version", c.version)])


def _same(a: object, b: object) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) < 1e-6
    return a == b


def measure(case: Case, check: bool = True, prefix: str = "") -> Outcome:
    """The outcome of one report, over the cells whose keys start with ``prefix`` (all by default)."""
    truth = {k: v for k, v in case.cells.items() if k.startswith(prefix)}
    out = Outcome(case, cells=len(truth))
    t0 = time.perf_counter()
    try:
        report = gongkai.extract(case.data, name=case.name)
    except GongkaiError as e:  # a failed report is counted, never hidden
        out.ms = (time.perf_counter() - t0) * 1000
        out.error = f"{type(e).__name__}: {e}"[:200]
        return out
    out.ms = (time.perf_counter() - t0) * 1000
    named: set[str] = set()
    if check:
        for f in gongkai.check(report):
            named.update(f.cells)
    for key, want in truth.items():
        got = report.cells.get(key)
        prov = report.provenance.get(key)
        unsure = bool(prov is not None and prov.uncertain)
        out.uncertain += unsure
        if _same(got, want):
            out.correct += 1
            continue
        how = "uncertain" if unsure else "named" if key in named else "missing" if got is None else "silent"
        out.silent += how == "silent"
        out.missing += got is None and want is not None
        out.wrong.append((key, got, want, how))
    return out


class Tally:
    """Sums of outcomes per axis value and per (structure, tokens) pair."""

    def __init__(self) -> None:
        self.rows: defaultdict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
        self.pairs: defaultdict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
        self.worst: Outcome | None = None
        self.outcomes: list[Outcome] = []

    @staticmethod
    def _add(row: list[float], o: Outcome) -> None:
        for i, x in enumerate((1, o.cells, o.correct, o.uncertain, o.silent, o.missing, bool(o.error))):
            row[i] += x

    def add(self, o: Outcome) -> None:
        self.outcomes.append(o)
        for axis in o.axes():
            self._add(self.rows[axis], o)
        for s in o.case.structure:
            self._add(self.pairs[(s, o.case.tokens)], o)
        if self.worst is None or o.ms > self.worst.ms:
            self.worst = o

    def figures(self, axis: str, value: str) -> tuple[int, float, float, int]:
        """(reports, accuracy, uncertain share, silent wrong values) of one axis value."""
        n, cells, correct, unsure, silent, _, _ = self.rows[(axis, value)]
        return int(n), correct / max(cells, 1), unsure / max(cells, 1), int(silent)

    @staticmethod
    def _line(name: str, row: list[float]) -> str:
        n, cells, correct, unsure, silent, missing, errors = row
        return (f"{name:<36}{int(n):>7}{correct / max(cells, 1):>9.2%}{unsure / max(cells, 1):>10.2%}"
                f"{int(silent):>8}{int(missing):>8}{int(errors):>7}")

    def table(self, pairs: bool = False) -> str:
        head = f"{'axis value':<36}{'reports':>7}{'accuracy':>9}{'uncertain':>10}{'silent':>8}{'missing':>8}{'errors':>7}"
        lines = [head]
        for (axis, value), row in sorted(self.rows.items()):
            lines.append(self._line(f"{axis}: {value}", row))
        if pairs:
            lines += ["", head.replace("axis value", "structure × tokens")]
            lines += [self._line(f"{s} × {t}", row) for (s, t), row in sorted(self.pairs.items())]
        return "\n".join(lines)
