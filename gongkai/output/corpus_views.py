"""Corpus views for people and programs: a comparison of cells as a terminal table or CSV,
and the evaluators' indicators as text, JSON or CSV, each with its definition.

They take what ``gongkai.api.compare`` and ``gongkai.api.indicators`` return (a comparison
with ``keys``, ``labels``, ``by`` and ``rows()``; indicator definitions and values, all
dataclasses) and only lay them out.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.table import Table

EMPTY = "—"
FORMATS = ("text", "json", "csv")


def number(value: float | None) -> str:
    """A figure as people read it: whole counts without decimals, blank as —."""
    if value is None:
        return EMPTY
    return str(int(value)) if float(value).is_integer() else f"{value:.4g}"


def compare_table(comparison: Any) -> Table:
    """机关/地区 × 年度 rows, one column per key in the form's words; a figure with a cell
    read with a rival reading is marked ?, its report count shown where it sums several."""
    group = "机关" if comparison.by == "body" else "地区"
    t = Table(title=f"按{group}和年度比较（{len(comparison.keys)} 项）", box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column(group, overflow="fold")
    t.add_column("年度", justify="right")
    for key in comparison.keys:
        t.add_column(comparison.labels[key], justify="right", overflow="fold")
    for g, year, figures in comparison.rows():
        cells = []
        for f in figures:
            text = EMPTY if f is None else number(f.value)
            if f is not None and f.uncertain:
                text = f"[yellow]{text}?[/yellow]"
            if f is not None and f.n > 1:
                text += f" [dim]({f.n}份)[/dim]"
            cells.append(text)
        t.add_row(g, "" if year is None else str(year), *cells)
    return t


def csv_text(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Rows as CSV text (the caller adds a BOM when it writes a file for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head)
    writer.writerows([[("" if v is None else int(v) if isinstance(v, float) and v.is_integer() else v) for v in row]
                      for row in rows])
    return out.getvalue()


def _share(value: float | None) -> str:
    return EMPTY if value is None else f"{value * 100:.1f}%"


def indicators_text(definitions: Sequence[Any], values: Sequence[Any], by: str, min_sample: int) -> list[Table | str]:
    """One table per year (group × indicator: share, n, rank), then each definition."""
    group = "机关" if by == "body" else "地区"
    out: list[Table | str] = []
    years = sorted({v.year for v in values}, key=lambda y: y or 0)
    for year in years:
        t = Table(title=f"{year or '年度不明'}年度 评估指标（按{group}）", box=box.SIMPLE_HEAD, title_justify="left")
        t.add_column(group, overflow="fold")
        for d in definitions:
            t.add_column(d.name, justify="right")
        cells: dict[str, dict[str, Any]] = {}
        for v in values:
            if v.year == year:
                cells.setdefault(v.group, {})[v.indicator] = v
        for g in sorted(cells):
            row = []
            for d in definitions:
                v = cells[g].get(d.code)
                if v is None or v.share is None:
                    row.append(EMPTY)
                else:
                    rank = f"第{v.rank}名" if v.rank is not None else "样本不足"
                    row.append(f"{_share(v.share)}\nn={v.n} {rank}")
            t.add_row(g, *row)
        out.append(t)
    if not values:
        out.append("（没有可计算指标的报告）")
    out.append(f"指标说明（样本数 n 少于 {min_sample} 的不排名）：")
    out += [f"  {d.name}（{d.name_en}）：{d.definition}\n    {d.definition_en}" for d in definitions]
    return out


def indicators_json(definitions: Sequence[Any], values: Sequence[Any], by: str, min_sample: int) -> str:
    return json.dumps({"by": by, "min_sample": min_sample,
                       "definitions": [dataclasses.asdict(d) for d in definitions],
                       "values": [dataclasses.asdict(v) for v in values]}, ensure_ascii=False, indent=1) + "\n"


def indicators_csv(definitions: Sequence[Any], values: Sequence[Any]) -> str:
    names = {d.code: d.name for d in definitions}
    return csv_text(["group", "year", "indicator", "名称", "share", "n", "rank"],
                    [[v.group, v.year, v.indicator, names[v.indicator], v.share, v.n, v.rank] for v in values])
