"""Chosen cells across bodies (or regions) and years: the arithmetic of `gongkai compare`.

A body normally has one current report a year; a region sums its bodies' reports. Each
figure keeps how many reports it sums (``n``) and how many of them were read with a rival
reading (``uncertain``), so a table or chart never hides that a figure is thin or doubtful.
A cell a report leaves blank adds nothing and is not counted in ``n``; a figure no report
gives is None, not 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from gongkai.corpus.grouping import Grouped, group_of
from gongkai.corpus.keys import OUTCOME_TOTAL, OUTCOMES, label

CellRow = tuple[int, Grouped, int | None, str, float | None, bool]


@dataclass(frozen=True, slots=True)
class Figure:
    """One key of one group and year."""

    value: float | None
    n: int  # reports giving a value
    uncertain: int  # of them, read with a rival reading


@dataclass(slots=True)
class Comparison:
    """Figures of ``keys`` per (group, year), groups formed ``by`` body or region."""

    keys: list[str]
    by: str
    labels: dict[str, str]
    figures: dict[tuple[str, int | None], dict[str, Figure]] = field(default_factory=dict)

    def groups(self) -> list[str]:
        return sorted({g for g, _ in self.figures})

    def years(self) -> list[int]:
        return sorted({y for _, y in self.figures if y is not None})

    def rows(self) -> list[tuple[str, int | None, list[Figure | None]]]:
        """(group, year, the figure of each key) in group then year order."""
        return [(g, y, [self.figures[g, y].get(k) for k in self.keys])
                for g, y in sorted(self.figures, key=lambda gy: (gy[0], gy[1] or 0))]

    def table(self) -> tuple[list[str], list[list[object]]]:
        """The comparison as a table for people and CSV: 机关/地区, 年度, then each key's
        label; a figure is its value, None where no report gives one."""
        head = ["机关" if self.by == "body" else "地区", "年度", *(self.labels[k] for k in self.keys)]
        return head, [[g, y, *(None if f is None else f.value for f in figures)] for g, y, figures in self.rows()]

    def trend(self, key: str) -> dict[str, dict[int, float]]:
        """group → {year: value} of one key (years with a value only): a chart's lines."""
        out: dict[str, dict[int, float]] = {}
        for (g, y), figures in self.figures.items():
            f = figures.get(key)
            if y is not None and f is not None and f.value is not None:
                out.setdefault(g, {})[y] = f.value
        return {g: dict(sorted(v.items())) for g, v in sorted(out.items())}


def outcome_keys() -> list[str]:
    """The 总计 cells of the outcome rows and of （七）总计: what the outcome shares read."""
    return [f"t3.{row}.total" for _, rows in OUTCOMES for row in rows] + [OUTCOME_TOTAL]


def compare(rows: Iterable[CellRow], keys: Sequence[str], by: str) -> Comparison:
    """Sum each key's values per group and year (``rows``: report id, `Grouped` (body and
    region), year, key, value, uncertain, as the store reads them)."""
    sums: dict[tuple[str, int | None], dict[str, list[float | int]]] = {}
    for _, grouped, year, key, value, uncertain in rows:
        slot = sums.setdefault((group_of(grouped, by), year), {}).setdefault(key, [0.0, 0, 0])
        if value is not None:
            slot[0] += value
            slot[1] += 1
            slot[2] += uncertain
    out = Comparison(list(keys), by, {k: label(k) for k in keys})
    for gy, by_key in sums.items():
        out.figures[gy] = {k: Figure(s[0] if s[1] else None, int(s[1]), int(s[2])) for k, s in by_key.items()}
    return out


def outcome_shares(comparison: Comparison) -> dict[tuple[str, int | None], dict[str, float]]:
    """Each outcome group's share of （七）总计 per (group, year), from a comparison of
    `outcome_keys()`; a group-year with no or a zero total has no shares."""
    out: dict[tuple[str, int | None], dict[str, float]] = {}
    for gy, figures in comparison.figures.items():
        total = figures.get(OUTCOME_TOTAL)
        if total is None or not total.value:
            continue
        shares = {}
        for name, rows in OUTCOMES:
            parts = [figures[k].value for k in (f"t3.{r}.total" for r in rows) if k in figures]
            shares[name] = sum(v for v in parts if v is not None) / total.value
        out[gy] = shares
    return out
