"""The arithmetic identities of tables 三 and 四 as data, and their diagnosis.

Each identity says Σ left = Σ right over cell keys. `diagnose` evaluates all of them once
per report and attributes failures to a root where one cell explains several: a wrong
总计 cell breaks its row sum and its column identity, and is reported once, as that cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.rules.context import Context

TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Identity:
    id: str  # e.g. "row:granted", "balance:total", "outcome:natural_person", "t4:review"
    kind: str  # row | balance | outcome | t4
    left: tuple[str, ...]
    right: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return self.left + self.right

    def sums(self, cells: dict) -> tuple[float, float] | None:
        """(Σ left, Σ right), or None if an operand is null (not assessable)."""
        vals = [cells.get(k) for k in self.keys]
        if any(v is None for v in vals):
            return None
        n = len(self.left)
        return sum(vals[:n]), sum(vals[n:])

    def holds(self, cells: dict) -> bool | None:
        s = self.sums(cells)
        return None if s is None else abs(s[0] - s[1]) <= TOLERANCE


def t3_identities(ctx: Context) -> list[Identity]:
    spec, cells = ctx.spec, ctx.report.cells
    ids = spec.t3_identities
    total = ids["row_total"]
    parts = spec.t3_parts
    outcomes = list(ids["outcomes"])
    absent: set[str] = set()
    for row, subs in spec.collapsed_rows().items():
        if f"t3.{row}.{total}" in cells:  # printed as one row: the sub-rows are null, not blank
            outcomes = [o for o in outcomes if o not in subs] + [row]
            absent.update(subs)
    rows = [r.key for r in spec.t3_rows if f"t3.{r.key}.{total}" in cells and r.key not in absent]
    rows += [r for r in spec.collapsed_rows() if f"t3.{r}.{total}" in cells]
    out = [Identity(f"row:{r}", "row", tuple(f"t3.{r}.{c}" for c in parts), (f"t3.{r}.{total}",)) for r in rows]
    for c in spec.t3_columns:
        bal = ids["balance"]
        out.append(Identity(f"balance:{c}", "balance", tuple(f"t3.{r}.{c}" for r in bal["left"]),
                            tuple(f"t3.{r}.{c}" for r in bal["right"])))
        out.append(Identity(f"outcome:{c}", "outcome", tuple(f"t3.{o}.{c}" for o in outcomes),
                            (f"t3.{ids['outcome_total']}.{c}",)))
    return out


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


def diagnose(identities: list[Identity], cells: dict) -> Diagnosis:
    failing = [i for i in identities if i.holds(cells) is False]
    unassessable = [i for i in identities if i.holds(cells) is None]
    zeroed = {k: (0 if v is None else v) for k, v in cells.items()}
    blank_as_zero = bool(unassessable) and all(i.holds(zeroed) is not False for i in identities)
    roots: list[Root] = []
    left = list(failing)
    while left:
        best: Root | None = None
        candidates = sorted({k for i in left for k in i.keys})
        for key in candidates:
            for ident in (i for i in left if key in i.keys):
                s = ident.sums(cells)
                delta = s[1] - s[0] if key in ident.left else s[0] - s[1]
                trial = dict(cells)
                trial[key] = cells[key] + delta
                involved = [i for i in identities if key in i.keys]
                if all(i.holds(trial) is not False for i in involved):
                    fixed = tuple(i for i in left if key in i.keys)
                    if best is None or len(fixed) > len(best.fixes):
                        best = Root(key, trial[key], fixed)
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


def _explains(key: str, fixes: tuple[Identity, ...], identities: list[Identity], cells: dict) -> bool:
    if not all(key in i.keys for i in fixes):
        return False
    ident = fixes[0]
    s = ident.sums(cells)
    delta = s[1] - s[0] if key in ident.left else s[0] - s[1]
    trial = dict(cells)
    trial[key] = cells[key] + delta
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
