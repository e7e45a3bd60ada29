"""The arithmetic identities of tables 三 and 四 as data, and their diagnosis.

Each identity says Σ left = Σ right over cell keys. `diagnose` evaluates all of them once
per report and attributes failures to a root where one cell explains several: a wrong
总计 cell breaks its row sum and its column identity, and is reported once, as that cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from gongkai.rules.context import Context
from gongkai.spec import FormatSpec

TOLERANCE = 1e-9
Cells = Mapping[str, int | float | None]


def values(cells: Cells, keys: Iterable[str]) -> list[int | float] | None:
    """The values of ``keys`` in order, or None if any is null (or not in the report)."""
    out: list[int | float] = []
    for k in keys:
        v = cells.get(k)
        if v is None:
            return None
        out.append(v)
    return out


@dataclass(frozen=True, slots=True)
class Identity:
    id: str  # e.g. "row:granted", "balance:total", "outcome:natural_person", "t4:review"
    kind: str  # row | balance | outcome | t4
    left: tuple[str, ...]
    right: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return self.left + self.right

    def sums(self, cells: Cells) -> tuple[float, float] | None:
        """(Σ left, Σ right), or None if an operand is null (not assessable)."""
        get = cells.get
        left = [get(k) for k in self.left]
        right = [get(k) for k in self.right]
        if None in left or None in right:
            return None
        return sum(left), sum(right)  # type: ignore[arg-type]  # (no None left in them)

    def assessed_sums(self, cells: Cells) -> tuple[float, float]:
        """(Σ left, Σ right) of an identity known to be assessable (a failing one)."""
        s = self.sums(cells)
        if s is None:
            raise ValueError(f"identity {self.id} has a null operand")
        return s

    def holds(self, cells: Cells) -> bool | None:
        s = self.sums(cells)
        return None if s is None else abs(s[0] - s[1]) <= TOLERANCE


def t3_identities(ctx: Context) -> list[Identity]:
    spec, cells = ctx.spec, ctx.report.cells
    total = spec.t3_identities["row_total"]
    printed = tuple(f"t3.{r.key}.{total}" in cells for r in spec.t3_rows)
    collapsed = tuple(f"t3.{row}.{total}" in cells for row in spec.collapsed_rows())
    return list(_t3_identities(spec, printed, collapsed))


@lru_cache(maxsize=64)
def _t3_identities(spec: FormatSpec, printed: tuple[bool, ...], collapsed: tuple[bool, ...]) -> tuple[Identity, ...]:
    """Table 三's identities for the rows a report prints (``printed``: each of the spec's rows
    has its 总计 cell; ``collapsed``: each row printed as one in place of its sub-rows). The
    same few shapes recur across a corpus, so they are made once, not ≈ 60 key tuples a report."""
    ids = spec.t3_identities
    total = ids["row_total"]
    parts = spec.t3_parts
    outcomes = list(ids["outcomes"])
    absent: set[str] = set()
    one_row = [row for row, shown in zip(spec.collapsed_rows(), collapsed, strict=True) if shown]
    for row, subs in spec.collapsed_rows().items():
        if row in one_row:  # printed as one row: the sub-rows are null, not blank
            outcomes = [o for o in outcomes if o not in subs] + [row]
            absent.update(subs)
    rows = [r.key for r, shown in zip(spec.t3_rows, printed, strict=True) if shown and r.key not in absent]
    rows += one_row
    out = [Identity(f"row:{r}", "row", tuple(f"t3.{r}.{c}" for c in parts), (f"t3.{r}.{total}",)) for r in rows]
    for c in spec.t3_columns:
        bal = ids["balance"]
        out.append(Identity(f"balance:{c}", "balance", tuple(f"t3.{r}.{c}" for r in bal["left"]),
                            tuple(f"t3.{r}.{c}" for r in bal["right"])))
        out.append(Identity(f"outcome:{c}", "outcome", tuple(f"t3.{o}.{c}" for o in outcomes),
                            (f"t3.{ids['outcome_total']}.{c}",)))
    return tuple(out)


def t4_identities(ctx: Context) -> list[Identity]:
    spec = ctx.spec
    last = spec.t4_columns[-1]
    return [Identity(f"t4:{g}", "t4", tuple(f"t4.{g}.{c}" for c in spec.t4_columns[:-1]), (f"t4.{g}.{last}",))
            for g in spec.t4_groups]


@dataclass(frozen=True, slots=True)
class Root:
    """One cell that, set to ``expected``, makes every failing identity in ``fixes`` hold."""

    key: str
    expected: float
    fixes: tuple[Identity, ...]


@dataclass(frozen=True, slots=True)
class Diagnosis:
    failing: tuple[Identity, ...]  # assessable and failing
    roots: tuple[Root, ...]  # failures explained by one cell each (two or more per root)
    unexplained: tuple[Identity, ...]  # failing identities no single cell explains
    unassessable: tuple[Identity, ...]  # a null operand
    blank_as_zero: bool  # reading nulls as 0 makes every identity hold


def diagnose(identities: list[Identity], cells: Cells) -> Diagnosis:
    held = [(i, i.holds(cells)) for i in identities]
    failing = [i for i, h in held if h is False]
    unassessable = [i for i, h in held if h is None]
    blank_as_zero = False
    if unassessable:  # (most reports: none, and no need to read the blanks as 0)
        zeroed = {k: (0 if v is None else v) for k, v in cells.items()}
        blank_as_zero = all(i.holds(zeroed) is not False for i in identities)
    roots: list[Root] = []
    left = list(failing)
    while left:
        best: Root | None = None
        candidates = sorted({k for i in left for k in i.keys})
        for key in candidates:
            for ident in (i for i in left if key in i.keys):
                value = _fix(key, ident, cells)
                trial = dict(cells)
                trial[key] = value
                involved = [i for i in identities if key in i.keys]
                if all(i.holds(trial) is not False for i in involved):
                    fixed = tuple(i for i in left if key in i.keys)
                    if best is None or len(fixed) > len(best.fixes):
                        best = Root(key, value, fixed)
                break
        if best is None or len(best.fixes) < 2:
            break
        # a root is only trusted if no other cell explains the same failures as well
        rivals = [k for k in candidates if k != best.key and _explains(k, best.fixes, identities, cells)]
        if rivals:
            break
        roots.append(best)
        left = [i for i in left if i not in best.fixes]
    return Diagnosis(tuple(failing), tuple(roots), tuple(left), tuple(unassessable), blank_as_zero)


def _fix(key: str, ident: Identity, cells: Cells) -> float:
    """The value of ``key``, an operand of the failing ``ident``, that makes ``ident`` hold."""
    lsum, rsum = ident.assessed_sums(cells)
    value = cells[key]
    if value is None:
        raise ValueError(f"{key} is null in assessable identity {ident.id}")
    return value + (rsum - lsum if key in ident.left else lsum - rsum)


def _explains(key: str, fixes: tuple[Identity, ...], identities: list[Identity], cells: Cells) -> bool:
    if not all(key in i.keys for i in fixes):
        return False
    trial = dict(cells)
    trial[key] = _fix(key, fixes[0], cells)
    return all(i.holds(trial) is not False for i in identities if key in i.keys)


def printed_tolerance(printed: str | None, unit_factor: float = 1.0) -> float:
    """Half a unit of the last printed decimal place, in the cell's unit × ``unit_factor``.

    "0.39" 万元 is exact to ±0.005 万元 (50 元); "0.3940" to ±0.00005 万元 (0.5 元). Money is
    compared within this, so a figure rounded to the printed precision is not a mismatch.
    """
    if not printed or "." not in printed:
        return 0.5 * unit_factor
    decimals = len(printed.split(".", 1)[1].rstrip("万元 "))
    return 0.5 * 10 ** -decimals * unit_factor
