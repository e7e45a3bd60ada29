"""What a report's page needs beyond its cells and findings: the statutory tables as merged-cell
grids holding the report's cells, and the rectification loop around its findings (each one's
state, the steps a reviewer may take, its history, the problems the version closed).

Plain data out, as ``pages.py``'s views: the web app renders it and imports neither the
author stage (the grids) nor the store (the loop's rules).

>>> grids = api.report_grids(api.report_view(store, 12))   # [GridView]: 表二, 表三, 表四, others
>>> panel = api.report_review(store, 12)                    # ReviewPanel: states, histories
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from gongkai.api.pages import TABLES, CellView, ReportView
from gongkai.api.reviews import history, open_db
from gongkai.api.sources import local_rules_off
from gongkai.api.stores import Target
from gongkai.errors import UsageError
from gongkai.records import FindingReview, ReviewEvent

FORMATS = ("2021", "2019")


@dataclass(frozen=True, slots=True)
class GridSlot:
    """One printed cell of a statutory table: a label (``text``), or the place of the cell
    ``key`` (``cell``: the report's value there, None when the report has none)."""

    text: str = ""
    key: str | None = None
    cell: CellView | None = None
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass(frozen=True, slots=True)
class GridView:
    """A table as printed: its rows of slots (each slot at its top-left row, the places a
    span covers left out, as HTML's rowspan/colspan want them)."""

    table: str
    title: str
    rows: list[list[GridSlot]]
    header_rows: int


@dataclass(frozen=True, slots=True)
class ReviewPanel:
    """The loop around a report: each finding's review (by finding id), the problems this
    version closed, every decided problem's history (by review id). ``current``: False for a
    superseded version, which is shown but not decided on."""

    current: bool
    states: dict[int, FindingReview] = field(default_factory=dict)
    closed: list[FindingReview] = field(default_factory=list)
    histories: dict[int, list[ReviewEvent]] = field(default_factory=dict)
    newer: list[int] = field(default_factory=list)


def report_grids(view: ReportView) -> list[GridView]:
    """The report's cells in the statutory layout of its format (2021 when it names none):
    tables 二, 三 and 四 as merged-cell grids, then the cells no grid prints (subtotals and
    the like) as one table of label and value rows."""
    from gongkai.author.layout import grids_for

    by_key = {c.key: c for c in view.cells}
    version = view.format if view.format in FORMATS else "2021"
    out: list[GridView] = []
    placed: set[str] = set()
    for grid in grids_for({c.key: c.value for c in view.cells}, version):
        rows: list[list[GridSlot]] = [[] for _ in range(grid.n_rows)]
        for g in sorted(grid.cells, key=lambda g: (g.row, g.col)):
            rows[g.row].append(GridSlot(g.text, g.key, by_key.get(g.key) if g.key else None, g.rowspan, g.colspan,
                                        g.header))
            if g.key:
                placed.add(g.key)
        out.append(GridView(grid.table, TABLES.get(grid.table, grid.title), rows, grid.header_rows))
    rest = [c for c in view.cells if c.key not in placed]
    if rest:
        rows = [[GridSlot(c.label, header=True), GridSlot(key=c.key, cell=c)] for c in rest]
        out.append(GridView("x", TABLES["x"], rows, 0))
    return out


def report_review(db: Target, report_id: int, *, body: str | None = None, year: int | None = None,
                  profiles: Iterable[str] | None = None) -> ReviewPanel:
    """The loop around report ``report_id``: its findings' states, closed problems and the
    histories of the decided ones (local rules only of ``profiles``); with its ``body`` key and
    ``year``, the newer reports of both. A superseded report:
    ``current`` False and nothing else (its decisions live on in the newer version)."""
    from gongkai.store import reviews

    with open_db(db) as store:
        current = reviews.is_current(store, report_id)
        if current is None:
            raise UsageError(f"没有编号为 {report_id} 的报告 / no such report")
        if not current:
            return ReviewPanel(False)
        found = reviews.states(store, [report_id], local_rules_off(profiles))
        histories = {f.review_id: history(store, review_id=f.review_id) for f in found if f.review_id is not None}
        newer = ([r for r in reviews.report_ids(store, body=body, year=year) if r > report_id]
                 if body is not None and year is not None else [])
    return ReviewPanel(True, {f.finding_id: f for f in found if f.finding_id is not None},
                       [f for f in found if f.finding_id is None], histories, newer)


def review_actions(state: str) -> tuple[str, ...]:
    """The decisions a reviewer may take on a finding in ``state`` (confirm, dismiss,
    reopen), as ``api.decide`` allows them."""
    from gongkai.store.reviews import DECISIONS

    return tuple(d for d, (before, _) in DECISIONS.items() if state in before)
