"""An extracted report's tables in a terminal, labelled as the statutory form labels them.

People read these tables beside the printed report, so rows and columns carry the form's
own words (本年新收政府信息公开申请数量, 自然人, 结果维持 …), shortened where the full
label would not fit a 100-column terminal (``full_labels`` shows them whole, wrapped);
``keys`` shows the canonical cell keys instead, for programmers. A cell read with a rival
reading is marked ``?`` and listed under the tables; ``·`` is a cell with nothing printed.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from gongkai.model import Report
from gongkai.spec import FormatSpec, load_format

EMPTY = "·"


class _Labels:
    """Row and column titles: keys, short titles or full titles."""

    def __init__(self, spec: FormatSpec, keys: bool, full: bool):
        self.spec, self.keys, self.full = spec, keys, full

    def column(self, table: str, column: str) -> str:
        return column if self.keys else self.spec.column_title(table, column, short=not self.full)

    def row(self, key: str, title: str, short: str) -> str:
        if self.keys:
            return key
        return title if self.full or not short else short


def _value(report: Report, key: str) -> str:
    value = report.cells.get(key)
    text = EMPTY if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    prov = report.provenance.get(key)
    return f"[yellow]{text}?[/yellow]" if prov is not None and prov.uncertain else text


def _table(title: str) -> Table:
    # No vertical rules and one space between columns: the t3 table must fit 100 columns.
    return Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, collapse_padding=True,
                 title_justify="left")


def table2(report: Report, spec: FormatSpec, labels: _Labels) -> Table:
    """表二: rows sharing their columns form a block under a header row of those columns'
    titles, as in the printed form (规章/规范性文件, then 许可/处罚/强制, then 收费)."""
    width = max(len(r.columns) for r in spec.t2_rows)
    t = _table("表二 主动公开政府信息情况")
    t.add_column("信息内容" if not labels.keys else "row", overflow="fold")
    for _ in range(width):
        t.add_column("", justify="right", overflow="fold")
    columns: tuple[str, ...] = ()
    for r in spec.t2_rows:
        keys = [r.cell_key("t2", c) for c in r.columns]
        if r.extension and all(report.cells.get(k) is None for k in keys):
            continue
        if r.columns != columns:
            columns = r.columns
            t.add_row("", *[f"[bold]{labels.column('t2', c)}[/bold]" for c in columns], end_section=False)
        t.add_row(labels.row(r.key, r.title, r.short), *[_value(report, k) for k in keys])
    return t


def _t3_rows(report: Report, spec: FormatSpec) -> list[tuple[str, str, str, str | None]]:
    """(row key, title, short, cell key prefix or None for a heading) in printed order: each
    group's heading before its first row, carrying the values of a subtotal or single row
    printed in its place; rows the format lacks (x.t3.…) where they were read."""
    groups = {g.key: g for g in spec.t3_groups}
    out: list[tuple[str, str, str, str | None]] = []
    seen: set[str] = set()
    for r in spec.t3_rows:
        g = groups.get(r.group or "")
        if g is not None and g.key not in seen:
            seen.add(g.key)
            prefix = None
            for candidate in (f"t3.{g.collapsed}" if g.collapsed else "", f"x.t3.{g.key}_subtotal"):
                if candidate and any(k.startswith(candidate + ".") for k in report.cells):
                    prefix = candidate
            out.append((g.key, g.title, g.short, prefix))
        out.append((r.key, r.title, r.short, f"t3.{r.key}"))
    return out


def table3(report: Report, spec: FormatSpec, labels: _Labels) -> Table:
    extra = [c["key"] for c in spec.t3_extra_columns
             if any(k.startswith("x.t3.") and k.endswith("." + c["key"]) for k in report.cells)]
    columns = list(spec.t3_columns)
    for c in extra:  # before the 总计 column, as printed
        columns.insert(columns.index(spec.t3_identities["row_total"]), c)
    t = _table("表三 收到和处理政府信息公开申请情况（申请人情况：自然人 / 法人或其他组织 / 总计）")
    t.add_column("" if not labels.keys else "row", overflow="fold")
    for c in columns:
        t.add_column(labels.column("t3", c), justify="right", overflow="fold")
    def key(prefix: str, column: str) -> str:
        return f"{prefix}.{column}" if prefix.startswith("x.") or column in spec.t3_columns else f"x.{prefix}.{column}"

    for row_key, title, short, prefix in _t3_rows(report, spec):
        label = labels.row(row_key, title, short)
        if prefix is None:
            t.add_row(f"[bold]{label}[/bold]", *[""] * len(columns))
        else:
            indent = "  " if not labels.keys and label[:1].isdigit() else ""  # an item under its group
            t.add_row(indent + label, *[_value(report, key(prefix, c)) for c in columns])
    return t


def table4(report: Report, spec: FormatSpec, labels: _Labels) -> Table:
    t = _table("表四 政府信息公开行政复议、行政诉讼情况")
    t.add_column("" if not labels.keys else "group", overflow="fold")
    for c in spec.t4_columns:
        t.add_column(labels.column("t4", c), justify="right", overflow="fold")
    for g in spec.t4_groups:
        t.add_row(labels.column("t4.groups", g) if not labels.keys else g,
                  *[_value(report, f"t4.{g}.{c}") for c in spec.t4_columns])
    return t


def print_report(report: Report, console: Console | None = None, *, keys: bool = False,
                 full_labels: bool = False) -> None:
    """Print the report's heading, its three tables, the uncertain cells and the notes."""
    console = console or Console()
    m = report.meta
    spec = load_format(report.format or "2021")
    console.print(f"[bold]{report.source}[/bold]")
    console.print(f"{m.get('agency') or '（未署名）'}  {m.get('year') or '？'}年度  {spec.version}年格式（{spec.document}）")
    labels = _Labels(spec, keys, full_labels)
    for table in (table2, table3, table4):
        console.print(table(report, spec, labels))
    uncertain = report.uncertain_cells()
    if uncertain:
        console.print(f"[yellow]不确定的单元格（?）：{', '.join(uncertain)}[/yellow]")
    for note in report.notes:
        console.print(f"[dim]注：{note}[/dim]")

