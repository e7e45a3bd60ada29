"""`gongkai coverage` and `gongkai jurisdiction import | propose`: who reported, on time, and
who was expected to."""

from __future__ import annotations

import csv
import dataclasses
import sys
from pathlib import Path

import click

from gongkai import api
from gongkai.cli.base import cli, print_json, usage_faults_exit_2
from gongkai.cli.bodies import DB_HELP, TYPE_NAMES
from gongkai.config import load_settings
from gongkai.errors import ConfigError, UsageError

STATUS_NAMES = {"on_time": "按时", "late": "逾期", "no_deadline": "无期限", "date_unknown": "日期不明", "missing": "未报",
                "unexpected": "名单外"}
CSV_COLUMNS = ("year", "status", "name", "key", "body_type", "adcode", "published", "due", "deadline", "days_late",
               "changed", "contents", "paths")
HEAD = ("状态", "年度", "机构", "类型", "地区代码", "公布日期", "应公布日期", "逾期天数", "更改", "文件")


@cli.command(short_help="各机构年度报告的公开情况：按时、逾期、未报、更改。Coverage and timeliness per body and year.")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--year", type=int, default=None, metavar="Y", help="只看这一报告年度。Only this report year.")
@click.option("--region", default=None, metavar="CODE",
              help="只看这一区划及其下级（如 620600 或 6206）。Only this region and those under it.")
@click.option("--format", "fmt", type=click.Choice(("text", "json", "csv")), default="text", show_default=True,
              help="输出格式（json 为每行一个机构年度）。Output format (json: one body and year per line).")
@click.option("--config", "config_path", default=None, metavar="FILE",
              help="配置文件（读取其中的 deadlines 地方期限）。Settings file (its local deadlines).")
@usage_faults_exit_2
def coverage(target: str, year: int | None, region: str | None, fmt: str, config_path: str | None) -> None:
    """按机构和年度列出年度报告的公开情况：按时、逾期（天数）、日期不明、未报、名单外，以及公布后更改。

    For each body and report year: published on time, late (by how many days), published
    with no date printed, missing (on the jurisdiction list, no report), unexpected (not on
    the list), and changed after publication (another content of the same report). Deadlines:
    条例第四十九条 by body type (departments 1月31日, governments 3月31日), over them the
    settings' [tool.gongkai.deadlines] and the list's 截止日期.

    示例 / Example: gongkai coverage --db audit.db --year 2025 --region 620600
    """
    settings = load_settings(config=config_path)
    try:
        result = api.coverage(db=target, year=year, region=region, deadlines=settings.deadlines)
    except ConfigError as fault:
        raise ConfigError(f"{settings.path}: {fault}") from None
    if fmt == "json":
        for entry in result.entries:
            print_json(_fields(entry))
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for entry in result.entries:
            fields = _fields(entry)
            writer.writerow(["" if fields[c] is None else fields[c] for c in CSV_COLUMNS])
        return
    for y, s in sorted(result.summary.by_year.items()):
        expected = f"应报 {s.expected}、已报 {s.published}、" if result.has_list else "（未导入名单）"
        click.echo(f"{y}年度：{expected}按时 {s.on_time}、逾期 {s.late}、无期限 {s.no_deadline}、日期不明 {s.date_unknown}、"
                   f"未报 {s.missing}、名单外 {s.unexpected}、更改 {s.changed}")
    if result.entries:
        click.echo("\t".join(HEAD))
    for e in result.entries:
        click.echo("\t".join([STATUS_NAMES[e.status], str(e.year), e.name, TYPE_NAMES.get(e.body_type or "", "—"),
                              e.adcode or "—", e.published.isoformat() if e.published else "—",
                              e.due.isoformat() if e.due else "—", str(e.days_late or "") or "—",
                              f"有（{e.contents} 个版本）" if e.changed else "—", "；".join(e.paths) or "—"]))
    click.echo(f"共 {len(result.entries)} 条（{target}）", err=True)


def _fields(entry: object) -> dict[str, object]:
    fields = dataclasses.asdict(entry)  # type: ignore[call-overload]
    for k in ("published", "due", "changed_at"):
        fields[k] = fields[k].isoformat() if fields[k] else None
    fields["paths"] = ";".join(fields["paths"])
    return fields


@cli.group(cls=type(cli), short_help="应报机构名单：导入、生成。The jurisdiction list: import, propose.")
def jurisdiction() -> None:
    """应报机构名单（应当公布年度报告的机构）：从表格导入，或根据区划和往年报告生成草稿。

    The jurisdiction list (bodies expected to publish a report): import it from a sheet, or
    propose one from the gazetteer and past years, to edit and import.
    """


@jurisdiction.command("import", short_help="从 CSV/XLSX 导入名单。Import the list from CSV or XLSX.")
@click.argument("file", metavar="FILE.csv|xlsx")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@usage_faults_exit_2
def import_list(file: str, target: str) -> None:
    """导入名单（替换原有名单）：表头 名称（必填）、类型、地区代码、截止日期、起始年度、终止年度。

    Import the list, replacing the one before: headers 名称 (required), 类型, 地区代码,
    截止日期 (01-31, 2月20日), 起始年度, 终止年度. A bad row is named and nothing is imported.

    示例 / Example: gongkai jurisdiction import 应报名单.xlsx --db audit.db
    """
    count = api.import_jurisdictions(file, db=target)
    click.echo(f"已导入名单 {count} 个机构（{file}）。", err=True)


@jurisdiction.command("propose", short_help="根据区划和往年报告生成名单草稿。Propose a list to edit.")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--region", default=None, metavar="CODE",
              help="区划代码：列出本级及下一级人民政府。A region code: its governments and those one level under.")
@click.option("--from-years", type=int, default=3, show_default=True, metavar="N",
              help="加入近 N 个年度报送过报告的机构。Add bodies that reported in the last N years.")
@click.option("-o", "--output", required=True, metavar="FILE.csv", help="写入的 CSV 文件。The CSV file to write.")
@usage_faults_exit_2
def propose(target: str, region: str | None, from_years: int, output: str) -> None:
    """生成名单草稿（CSV，可用 Excel 编辑后用 jurisdiction import 导入）：区划内的人民政府，
    以及近几年报送过报告的机构。乡镇、街道不在区划库中，请手工补充。

    Propose a list (a CSV to edit and import): the people's governments of the region and of
    the regions under it, and the bodies that reported in the last N years. Townships are not
    in the gazetteer: add them by hand.

    示例 / Example: gongkai jurisdiction propose --db audit.db --region 620600 -o 应报名单.csv
    """
    rows = api.propose_jurisdictions(db=target, region=region, from_years=from_years)
    try:
        Path(output).write_text(api.jurisdiction_csv(rows), encoding="utf-8")
    except OSError as e:
        raise UsageError(f"{output}: 不能写入 (cannot write): {e.strerror}") from None
    click.echo(f"已写出名单草稿 {len(rows)} 个机构：{output}", err=True)
