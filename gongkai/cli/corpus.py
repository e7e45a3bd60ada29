"""`gongkai export`, `compare` and `indicators`: what officials take out of an audited store."""

from __future__ import annotations

import sys

import click

from gongkai import api
from gongkai.cli.base import cli, fail, split_codes, usage_faults_exit_2

DB_HELP = "数据库：SQLite 文件路径或 postgresql:// 地址。A SQLite file or a postgresql:// URL."
BODY_HELP = "只取名称含此文字的机关。Only bodies whose name contains this text."
BY_HELP = "按机关或按地区汇总（默认 body）。Group by body or by region (default body)."


@cli.command(short_help="把报告、单元格或问题导出为 CSV/Parquet。Export reports, cells or findings to CSV or Parquet.")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--what", type=click.Choice(api.EXPORTS), required=True,
              help="导出的内容：报告、单元格或问题。What to export: reports, cells or findings.")
@click.option("--to", "fmt", type=click.Choice(api.EXPORT_FORMATS), default="csv", show_default=True,
              help="文件格式。File format.")
@click.option("-o", "--output", required=True, metavar="FILE", help="输出文件。The file to write.")
@click.option("--wide", is_flag=True,
              help="单元格每份报告一行、每个键一列。Cells one row per report, one column per cell key.")
@click.option("--year", "years", default=None, metavar="YEARS", help="年度，如 2023 或 2021-2024。Years, e.g. 2021-2024.")
@click.option("--profile", "profiles", multiple=True, metavar="NAMES",
              help="同时列出这些地方规则配置的问题。Include the local rules of these profiles.")
@click.option("--body", default=None, metavar="TEXT", help=BODY_HELP)
@usage_faults_exit_2
def export(target: str, what: str, fmt: str, output: str, wide: bool, years: str | None, profiles: tuple[str, ...],
           body: str | None) -> None:
    """把数据库中现行版本的报告、单元格或问题导出为 CSV（UTF-8 带 BOM，Excel 可直接打开）或 Parquet。

    Export the current reports, cells (long form, or --wide) or findings of a store to CSV
    (UTF-8 with a BOM, so Excel shows Chinese right) or typed Parquet, in chunks.

    示例 / Example: gongkai export --db audit.db --what cells --wide --to csv -o cells.csv
    """
    written = api.export(target, what, fmt, output, wide=wide, years=api.years_from(years), body=body,
                         profiles=split_codes(profiles))
    click.echo(f"已导出 {written} 行到 {output}", err=True)


@cli.command(short_help="按机关或地区、年度比较单元格，可绘图。Compare cells across bodies and years, with charts.")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--keys", multiple=True, required=True, metavar="KEY[,KEY…]",
              help="单元格键名，如 t3.new_received.total。Canonical cell keys, e.g. t3.new_received.total.")
@click.option("--body", default=None, metavar="TEXT", help=BODY_HELP)
@click.option("--years", default=None, metavar="YEARS", help="年度范围，如 2021-2024。Years, e.g. 2021-2024.")
@click.option("--by", type=click.Choice(("body", "region")), default="body", help=BY_HELP)
@click.option("--to", "fmt", type=click.Choice(("table", "csv")), default="table", show_default=True,
              help="终端表格或 CSV。A terminal table or CSV.")
@click.option("-o", "--output", default=None, metavar="FILE",
              help="CSV 写入此文件（UTF-8 带 BOM）而非标准输出。Write the CSV to this file (with a BOM).")
@click.option("--chart", default=None, metavar="FILE.png|svg",
              help="绘制趋势和办理结果构成图。Draw the trends and outcome shares to a PNG or SVG file.")
@usage_faults_exit_2
def compare(target: str, keys: tuple[str, ...], body: str | None, years: str | None, by: str, fmt: str,
            output: str | None, chart: str | None) -> None:
    """按机关（或地区）和年度比较所选单元格；可输出 CSV，并绘制历年趋势和办理结果构成图。

    Compare chosen cells (canonical keys of cell-keys.md) across bodies or regions and
    years: a terminal table or CSV, and a chart of each cell's trend and of the outcome
    shares (予以公开, 部分公开, 不予公开 … of 办理结果总计) in the latest year.

    示例 / Example: gongkai compare --db audit.db --keys t3.new_received.total --by region --chart trend.png
    """
    chosen = api.years_from(years)
    comparison = api.compare(target, keys, years=chosen, body=body, by=by)
    from gongkai.output.corpus_views import compare_table, csv_text

    if fmt == "csv":
        text = csv_text(*comparison.table())
        if output:
            try:
                with open(output, "w", encoding="utf-8-sig", newline="") as f:
                    f.write(text)
            except OSError as e:
                fail(f"cannot write {output}: {e.strerror or e}")
        else:
            sys.stdout.write(text)
    else:
        from rich.console import Console

        Console().print(compare_table(comparison) if comparison.figures else "（没有符合条件的报告）")
    if chart:
        _chart(chart, target, comparison, chosen, body, by)


def _chart(path: str, target: str, comparison: api.Comparison, years: list[int], body: str | None, by: str) -> None:
    from gongkai.output.charts import ChartError, draw

    shares = api.outcomes(target, years=years, body=body, by=by)
    last = max((y for _, y in shares if y is not None), default=None)
    latest = {g: s for (g, y), s in shares.items() if y == last}
    trends = {comparison.labels[k]: comparison.trend(k) for k in comparison.keys}
    try:
        draw(path, {label: lines for label, lines in trends.items() if lines}, latest,
             f"{last}年 办理结果构成（占“（七）总计”）", by)
    except ChartError as e:
        fail(str(e))
    except ImportError as e:
        fail(f"charts need the charts extra (pip install 'gongkai[charts]'): {e}")
    except OSError as e:
        fail(f"cannot write {path}: {e.strerror or e}")
    click.echo(f"已绘图：{path}", err=True)


@cli.command(short_help="按机关或地区计算评估指标。Evaluators' indicators per body or region.")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--by", type=click.Choice(("body", "region")), default="body", help=BY_HELP)
@click.option("--year", "years", default=None, metavar="YEARS", help="年度，如 2023 或 2021-2024。Years, e.g. 2023.")
@click.option("--body", default=None, metavar="TEXT", help=BODY_HELP)
@click.option("--format", "fmt", type=click.Choice(("text", "json", "csv")), default="text", show_default=True,
              help="输出格式。Output format.")
@click.option("--min-sample", type=int, default=5, show_default=True,
              help="样本数少于此值不排名。No rank below this sample size.")
@usage_faults_exit_2
def indicators(target: str, by: str, years: str | None, body: str | None, fmt: str, min_sample: int) -> None:
    """计算评估机构常用的指标：按时发布率、数据完整率、勾稽正确率、正文与表格一致率、与上年雷同率。

    Compute the indicators evaluators use (timeliness, completeness, arithmetic accuracy,
    narrative–table consistency, repetition from last year) per body or region and year,
    each with its definition and sample size n; no rank where n is below --min-sample.

    示例 / Example: gongkai indicators --db audit.db --by region --year 2023
    """
    from gongkai.output.corpus_views import indicators_csv, indicators_json, indicators_text

    definitions, values = api.indicators(target, by=by, years=api.years_from(years), body=body,
                                         min_sample=min_sample)
    if fmt == "json":
        sys.stdout.write(indicators_json(definitions, values, by, min_sample))
    elif fmt == "csv":
        sys.stdout.write(indicators_csv(definitions, values))
    else:
        from rich.console import Console

        console = Console()
        for part in indicators_text(definitions, values, by, min_sample):
            console.print(part)
