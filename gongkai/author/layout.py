"""The statutory tables as grids of merged cells, the way the State Council's format prints them.

Every renderer (DOCX, HTML, XLSX, the template, the web app's report page) draws these grids,
so the layout is decided once: which label cell spans which rows and columns, which cell holds
which canonical key. The labels come from the format spec (`spec/*.toml`: row and column
titles, the 条例 item of each block of table 二), so a new format version needs a spec file,
not a new renderer.

Shapes (国办公开办函〔2021〕30号; the 2019 trial format 国办公开办函〔2019〕60号 differs in
table 二's columns and in table 三's （六）其他处理, one row there):

- 表二: four columns; for each 条例 item a heading row spanning the table, a 信息内容 row with
  the item's column titles, then one row per 信息内容 (a single value spans the three value
  columns where the item has one column).
- 表三: three label columns and seven value columns; the 勾稽关系 note spans the three label
  columns of the three header rows; 申请人情况 → 自然人 | 法人或其他组织 (five) | 总计.
  三、本年度办理结果 spans its outcome rows; （三）–（六） span their numbered sub-rows.
- 表四: 行政复议 (five columns) | 行政诉讼 (ten: 未经复议直接起诉, 复议后起诉, five each).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache

from gongkai.spec import FormatSpec, RowSpec, load_format

T3_NOTE = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
TITLES = {
    "t2": "二、主动公开政府信息情况",
    "t3": "三、收到和处理政府信息公开申请情况",
    "t4": "四、政府信息公开行政复议、行政诉讼情况",
}


@dataclass(frozen=True)
class GridCell:
    """One printed cell: its top-left place (0-based), its span, its text (a label) or the key
    whose value it shows. ``header`` cells are labels (bold in most renderings); ``money`` cells
    hold 万元 with decimals."""

    row: int
    col: int
    text: str = ""
    key: str | None = None
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    money: bool = False


@dataclass(frozen=True)
class TableGrid:
    """A statutory table: ``title`` (the section heading it sits under), its size, its cells
    (each place covered by exactly one cell), the relative column ``widths`` and the number of
    leading header rows (repeated on each page where a renderer can)."""

    table: str
    title: str
    n_rows: int
    n_cols: int
    cells: tuple[GridCell, ...]
    widths: tuple[float, ...]
    header_rows: int

    def keys(self) -> list[str]:
        return [c.key for c in self.cells if c.key]


@cache
def tables(version: str, collapsed: frozenset[str] = frozenset()) -> tuple[TableGrid, TableGrid, TableGrid]:
    """Tables 二, 三 and 四 of format ``version`` ("2021" or "2019"); UsageError for another.
    ``collapsed`` names groups of table 三 printed as one row instead of their sub-rows (the
    2021 reports that kept 2019's single （六）其他处理 row: ``{"other"}``)."""
    spec = load_format(version)
    return _table2(spec), _table3(spec, collapsed), _table4(spec)


def grids_for(cells: Mapping[str, float | None], version: str) -> tuple[TableGrid, TableGrid, TableGrid]:
    """The tables that print ``cells``: a group printed as one row where the cells fill that row
    and leave every sub-row blank (as such a report was printed), the format's rows otherwise."""
    spec = load_format(version)
    collapsed = frozenset(
        group for group, subs in spec.collapsed_rows().items()
        if any(cells.get(k) is not None for k in _row_keys(spec, group))
        and all(cells.get(k) is None for sub in subs for k in _row_keys(spec, sub)))
    return tables(version, collapsed)


def _row_keys(spec: FormatSpec, row: str) -> list[str]:
    return [f"t3.{row}.{c}" for c in spec.t3_columns]


def format_value(value: float | None, money: bool = False) -> str:
    """A value as the form prints it: blank for None, integers without decimals, money with up
    to four decimals (万元, as local templates ask: 保留4位小数) and no float noise."""
    if value is None:
        return ""
    if isinstance(value, float) and (money or not value.is_integer()):
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return "0" if text in ("", "-0") else text
    return str(int(value))


def _table2(spec: FormatSpec) -> TableGrid:
    cells: list[GridCell] = []
    row = 0
    blocks: list[tuple[str, list]] = []
    for r in spec.t2_rows:
        if r.extension:
            continue
        if not blocks or blocks[-1][0] != r.article:
            blocks.append((r.article, []))
        blocks[-1][1].append(r)
    for article, rows in blocks:
        cells.append(GridCell(row, 0, article, colspan=4, header=True))
        row += 1
        columns = rows[0].columns
        spans = _spread(len(columns), 3)
        cells.append(GridCell(row, 0, "信息内容", header=True))
        col = 1
        for column, span in zip(columns, spans, strict=True):
            cells.append(GridCell(row, col, spec.column_title("t2", column), colspan=span, header=True))
            col += span
        row += 1
        for r in rows:
            cells.append(GridCell(row, 0, r.title, header=True))
            col = 1
            for column, span in zip(r.columns, _spread(len(r.columns), 3), strict=True):
                cells.append(GridCell(row, col, key=r.cell_key("t2", column), colspan=span,
                                      money=column in r.money))
                col += span
            row += 1
    return TableGrid("t2", TITLES["t2"], row, 4, tuple(cells), (3.0, 2.0, 2.0, 2.0), 0)


def _spread(n: int, width: int) -> list[int]:
    """Spans of ``n`` columns over ``width`` printed columns, the last taking what is left."""
    return [1] * (n - 1) + [width - (n - 1)]


def _table3(spec: FormatSpec, collapsed: frozenset[str] = frozenset()) -> TableGrid:
    columns = spec.t3_columns
    orgs = [c for c in columns if c not in ("natural_person", "total")]
    n_cols = 3 + len(columns)
    cells = [
        GridCell(0, 0, T3_NOTE, rowspan=3, colspan=3, header=True),
        GridCell(0, 3, "申请人情况", colspan=len(columns), header=True),
        GridCell(1, 3, spec.column_title("t3", "natural_person"), rowspan=2, header=True),
        GridCell(1, 4, "法人或其他组织", colspan=len(orgs), header=True),
        GridCell(1, n_cols - 1, spec.column_title("t3", "total"), rowspan=2, header=True),
    ]
    cells += [GridCell(2, 4 + i, spec.column_title("t3", c), header=True) for i, c in enumerate(orgs)]
    groups = {g.key: g for g in spec.t3_groups}
    rows = _t3_rows(spec, collapsed, groups)
    # 2019 prints （六）其他处理 as one row (t3.other): the group is then a plain row
    outcome_rows = [r for r in rows if r.group]
    row = 3
    outcomes_start = None
    for r in rows:
        if r.group is None and outcomes_start is not None and r.key == spec.t3_identities["outcome_total"]:
            cells.append(GridCell(row, 1, r.title, colspan=2, header=True))
        elif r.group is None:
            cells.append(GridCell(row, 0, r.title, colspan=3, header=True))
        else:
            if outcomes_start is None:
                outcomes_start = row
            siblings = [o for o in outcome_rows if o.group == r.group]
            if r.group == "outcomes" or (len(siblings) == 1 and r.group not in groups):
                cells.append(GridCell(row, 1, r.title, colspan=2, header=True))
            else:
                if siblings[0] is r:
                    cells.append(GridCell(row, 1, groups[r.group].title, rowspan=len(siblings), header=True))
                cells.append(GridCell(row, 2, r.title, header=True))
        cells += [GridCell(row, 3 + i, key=r.cell_key("t3", c)) for i, c in enumerate(columns)]
        row += 1
    assert outcomes_start is not None, f"format {spec.version}: table 三 has no outcome rows"
    total = spec.t3_identities["outcome_total"]
    end = 3 + next(i for i, r in enumerate(rows) if r.key == total) + 1
    cells.append(GridCell(outcomes_start, 0, groups["outcomes"].title, rowspan=end - outcomes_start, header=True))
    widths = (1.2, 1.6, 4.2) + (1.0,) * len(columns)
    return TableGrid("t3", TITLES["t3"], row, n_cols, tuple(cells), widths, 3)


def _t3_rows(spec: FormatSpec, collapsed: frozenset[str], groups: dict) -> list[RowSpec]:
    """Table 三's printed rows: a collapsed group's single row (its key the group's
    ``collapsed`` row, its title the group's) in place of the group's sub-rows."""
    rows: list[RowSpec] = []
    for r in spec.t3_rows:
        if r.extension:
            continue
        if r.group in collapsed:
            group = groups[r.group]
            if not rows or rows[-1].key != group.collapsed:
                rows.append(replace(r, key=group.collapsed, title=group.title, group="outcomes"))
            continue
        rows.append(r)
    return rows


def _table4(spec: FormatSpec) -> TableGrid:
    columns = spec.t4_columns
    n = len(columns)
    review, *suits = spec.t4_groups
    cells = [
        GridCell(0, 0, _group_title(spec, review), colspan=n, header=True),
        GridCell(0, n, "行政诉讼", colspan=n * len(suits), header=True),
    ]
    cells += [GridCell(1, i, spec.column_title("t4", c), rowspan=2, header=True) for i, c in enumerate(columns)]
    for s, group in enumerate(suits):
        start = n * (1 + s)
        cells.append(GridCell(1, start, _suit_title(spec, group), colspan=n, header=True))
        cells += [GridCell(2, start + i, spec.column_title("t4", c), header=True) for i, c in enumerate(columns)]
    cells += [GridCell(3, g * n + i, key=f"t4.{group}.{c}") for g, group in enumerate(spec.t4_groups)
              for i, c in enumerate(columns)]
    return TableGrid("t4", TITLES["t4"], 4, n * len(spec.t4_groups), tuple(cells), (1.0,) * (n * len(spec.t4_groups)), 3)


def _group_title(spec: FormatSpec, group: str) -> str:
    return spec.titles["t4.groups"][group][0]


def _suit_title(spec: FormatSpec, group: str) -> str:
    """行政诉讼（未经复议直接起诉） → 未经复议直接起诉: the 行政诉讼 heading is printed above."""
    title = _group_title(spec, group)
    return title.split("（", 1)[1].rstrip("）") if "（" in title else title
