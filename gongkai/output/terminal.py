"""Print an extracted report's tables readably in a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from gongkai.model import Report
from gongkai.spec import load_format


def _fmt(value, uncertain: bool) -> str:
    text = "·" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return f"[yellow]{text}?[/yellow]" if uncertain else text


def print_report(report: Report, console: Console | None = None) -> None:
    console = console or Console()
    m = report.meta
    console.print(f"[bold]{report.source}[/bold]  {m.get('agency') or '（未署名）'}  {m.get('year')}年  格式 {m.get('format')}")
    spec = load_format(report.format or "2021")
    cells, prov = report.cells, report.provenance

    def unc(k: str) -> bool:
        return bool(prov.get(k) and prov[k].uncertain)

    t2 = Table(title="表二 主动公开政府信息情况", show_lines=False)
    t2.add_column("行")
    width = max(len(r.columns) for r in spec.t2_rows)
    for i in range(width):
        t2.add_column(str(i + 1), justify="right")
    for r in spec.t2_rows:
        keys = [r.cell_key("t2", c) for c in r.columns]
        if r.extension and not any(k in cells for k in keys):
            continue
        t2.add_row(r.key, *[f"{c}={_fmt(cells.get(k), unc(k))}" for c, k in zip(r.columns, keys)])
    console.print(t2)

    t3 = Table(title="表三 收到和处理政府信息公开申请情况")
    t3.add_column("行")
    for c in spec.t3_columns:
        t3.add_column(c, justify="right")
    rows = []
    for k in cells:
        if k.startswith("t3.") or k.startswith("x.t3."):
            row = k.rsplit(".", 1)[0]
            if row not in rows:
                rows.append(row)
    for row in rows:
        t3.add_row(row.split(".", 1)[1] if row.startswith("t3.") else row,
                   *[_fmt(cells.get(f"{row}.{c}"), unc(f"{row}.{c}")) for c in spec.t3_columns])
    console.print(t3)

    t4 = Table(title="表四 政府信息公开行政复议、行政诉讼情况")
    t4.add_column("组")
    for c in spec.t4_columns:
        t4.add_column(c, justify="right")
    for g in spec.t4_groups:
        t4.add_row(g, *[_fmt(cells.get(f"t4.{g}.{c}"), unc(f"t4.{g}.{c}")) for c in spec.t4_columns])
    console.print(t4)
    uncertain = report.uncertain_cells()
    if uncertain:
        console.print(f"[yellow]不确定的单元格（?）：{', '.join(uncertain)}[/yellow]")
    for note in report.notes:
        console.print(f"[dim]注：{note}[/dim]")
