"""`gongkai returns` and `gongkai summary`: the 退回清单 of each body and a region's summary
workbook, from the store an audit filled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from gongkai import api
from gongkai.cli.base import cli, fail, split_codes, usage_faults_exit_2

DB_HELP = "数据库：SQLite 文件路径或 postgresql:// 地址。A SQLite file or a postgresql:// URL."


@cli.command("returns", short_help="生成每个单位的退回修改清单。Write each body's list of findings to send back.")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--body", metavar="NAME", help="只生成该单位的清单（名称或键）。Only this body (its name or key).")
@click.option("--year", type=int, help="只生成该年度的清单。Only this year's reports.")
@click.option("--profile", "profiles", multiple=True, metavar="NAMES",
              help="同时列出这些地方规则配置的问题。Include the local rules of these profiles.")
@click.option("--to", "fmt", type=click.Choice(["xlsx", "docx"]), default="xlsx", show_default=True,
              help="文件格式：Excel 或 Word。File format: Excel or Word.")
@click.option("-o", "--output", "out_dir", required=True, metavar="DIR",
              help="写入的文件夹（不存在则新建）。Folder to write into (created if missing).")
@click.option("--record-as", "user", metavar="USER",
              help="以该操作人登记清单已发出：已确认的问题记为已退回。Record the lists as sent by USER: "
                   "their confirmed findings become sent.")
@usage_faults_exit_2
def returns(target: str, body: str | None, year: int | None, profiles: tuple[str, ...], fmt: str,
            out_dir: str, user: str | None) -> None:
    """为数据库中每个单位每个年度的报告生成一份退回修改清单（Excel 或 Word）。

    Write one 退回清单 per body and year of the stored reports: each finding with its place
    (the cell labels as the form prints them, the page, table and row), the expected and
    printed values, the rule and its basis, and a blank 整改情况 column. File names come
    from the body's name. Findings a reviewer dismissed are left out; with --record-as the
    confirmed ones are recorded as sent back on today's date.

    清单逐条列出问题的位置（表格行列名称、页码或行号）、应为与报告所填的数值、规则及依据，并留出“整改情况”栏。

    示例 / Example: gongkai returns --db audit.db --year 2024 --to docx -o 退回清单/
    """
    sheets = api.returns(target, body=body, year=year, profiles=split_codes(profiles))
    # openpyxl and python-docx (the store extra) are loaded only by these commands
    from gongkai.output.returns import file_names, xlsx

    render = xlsx if fmt == "xlsx" else _docx
    folder = Path(out_dir)
    issued = date.today()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for sheet, name in zip(sheets, file_names(sheets, fmt), strict=True):
            (folder / name).write_bytes(render(sheet, issued))
    except OSError as e:
        fail(f"无法写入 / cannot write {out_dir}: {e.strerror or e}")
    found = sum(len(r.findings) for s in sheets for r in s.reports)
    click.echo(f"已写入 {len(sheets)} 份退回清单，共 {found} 条问题：{folder}", err=True)
    if user is not None:  # bodies with confirmed findings only: the others have nothing to send
        sent = sum(api.send_back(target, s.key, s.year, user, when=issued) for s in sheets
                   if s.year is not None and any("confirmed" in r.states for r in s.reports))
        click.echo(f"已退回 {sent} 条已确认的问题（登记人：{user}）", err=True)


def _docx(sheet: api.BodyReports, issued: date) -> bytes:
    from gongkai.output.returns_docx import docx

    return docx(sheet, issued)


@cli.command("summary", short_help="生成地区汇总表。Write a region's summary workbook.")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--region", metavar="NAME", help="只汇总该地区的单位（地名）。Only bodies in this region (a place name).")
@click.option("--year", type=int, help="只汇总该年度。Only this year.")
@click.option("--profile", "profiles", multiple=True, metavar="NAMES",
              help="同时列出这些地方规则配置的问题。Include the local rules of these profiles.")
@click.option("-o", "--output", "out_file", required=True, metavar="FILE.xlsx",
              help="写入的 Excel 文件。The Excel file to write.")
@usage_faults_exit_2
def summary(target: str, region: str | None, year: int | None, profiles: tuple[str, ...], out_file: str) -> None:
    """生成地区汇总表：每个单位每个年度一行（公开状态、各严重程度的问题数、已退回、已整改），末行合计。

    Write a region's summary workbook: one row per body and year (publication status,
    findings by severity, blank 已退回/已整改 columns), a totals row that follows the filter.

    示例 / Example: gongkai summary --db audit.db --region 凉州区 --year 2024 -o 汇总.xlsx
    """
    if not out_file.lower().endswith(".xlsx"):
        fail(f"汇总表须写成 .xlsx 文件 / the summary is an .xlsx file: {out_file}")
    rows = api.summary(target, region=region, year=year, profiles=split_codes(profiles))
    from gongkai.output.summary import xlsx

    try:
        Path(out_file).write_bytes(xlsx(rows, date.today(), region))
    except OSError as e:
        fail(f"无法写入 / cannot write {out_file}: {e.strerror or e}")
    click.echo(f"已写入汇总表（{len(rows)} 行）：{out_file}", err=True)
