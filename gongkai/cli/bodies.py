"""`gongkai body list | alias | import-aliases`: the bodies of an audited corpus."""

from __future__ import annotations

import csv
import dataclasses
import sys

import click

from gongkai import api
from gongkai.cli.base import cli, print_json, usage_faults_exit_2

DB_HELP = "数据库：SQLite 文件路径或 postgresql:// 地址。A SQLite file or a postgresql:// URL."
TYPE_NAMES = {"government": "人民政府", "general_office": "办公厅（室）", "department": "部门",
              "development_zone": "开发区、管委会", "township": "乡镇、街道", "ministry": "国务院部门", "other": "其他"}
LEVEL_NAMES = {"national": "国家", "province": "省级", "city": "市级", "county": "县级", "township": "乡级"}
CSV_COLUMNS = ("id", "key", "name", "body_type", "level", "adcode", "province", "city", "county", "township",
               "years", "reports", "names")


@cli.group(cls=type(cli), short_help="报告机构：列表与别名。Reporting bodies: list and aliases.")
def body() -> None:
    """审计数据库中的报告机构：列出机构，记录更名、合并等别名。

    The reporting bodies of an audit database: list them; record renames, mergers and
    names wrongly taken for one body (aliases). Every stored report is assigned again when
    the aliases change.
    """


@body.command("list", short_help="列出机构及其区划、类型、报告年度。List bodies with region, type, years.")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(("text", "json", "csv")), default="text", show_default=True,
              help="输出格式（json 为每行一个机构）。Output format (json: one body per line).")
@usage_faults_exit_2
def list_bodies(target: str, fmt: str) -> None:
    """列出数据库中的全部机构：区划、类型、层级、现行报告的年度和署名。

    List every body of the database: region, type, level, and the years and printed names
    of its current reports.

    示例 / Example: gongkai body list --db audit.db --format csv > bodies.csv
    """
    rows = api.bodies(db=target)
    if fmt == "json":
        for row in rows:
            print_json(dataclasses.asdict(row))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            fields = dataclasses.asdict(row)
            fields["years"] = ";".join(map(str, row.years))
            fields["names"] = ";".join(row.names)
            writer.writerow(["" if fields[c] is None else fields[c] for c in CSV_COLUMNS])
    else:
        for row in rows:
            click.echo(_line(row))
        click.echo(f"共 {len(rows)} 个机构（{target}）", err=True)


def _line(row: api.BodyRow) -> str:
    region = "".join(p for p in (row.province, row.city, row.county, row.township) if p) or "（区划不明）"
    years = "、".join(map(str, row.years)) or "无现行报告"
    kind = f"{LEVEL_NAMES.get(row.level or '', '层级不明')}·{TYPE_NAMES.get(row.body_type, row.body_type)}"
    return f"{row.name}\t{kind}\t{region}\t{row.adcode or '—'}\t{years}\t{row.key}"


@body.command("alias", short_help="记录两个名称为同一机构（或不同机构）。Record that two names are one body (or not).")
@click.argument("name")
@click.option("--same-as", metavar="OTHER", default=None,
              help="与之为同一机构的名称（更名、合并）。The name of the same body (a rename, a merger).")
@click.option("--differs-from", metavar="OTHER", default=None,
              help="被误认为同一机构的另一名称。A name wrongly taken for the same body.")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@usage_faults_exit_2
def alias(name: str, same_as: str | None, differs_from: str | None, target: str) -> None:
    """记录机构别名：NAME 与 OTHER 是同一机构（--same-as），或不是（--differs-from）。

    Record that the body printed NAME is the one printed OTHER (--same-as: a 机构改革
    rename, a merger), or is not (--differs-from: two bodies the names joined). Stored
    reports are assigned again at once.

    示例 / Example: gongkai body alias 凉州区卫生和计划生育局 --same-as 凉州区卫生健康局 --db audit.db
    """
    moved = api.alias(name, same_as=same_as, differs_from=differs_from, db=target)
    said = f"与「{same_as}」为同一机构" if same_as is not None else f"与「{differs_from}」不是同一机构"
    click.echo(f"已记录：「{name}」{said}；{moved} 份报告改变了所属机构。", err=True)


@body.command("import-aliases", short_help="从 CSV/XLSX 导入别名表。Import aliases from a CSV or XLSX sheet.")
@click.argument("file", metavar="FILE.csv|xlsx")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@usage_faults_exit_2
def import_aliases(file: str, target: str) -> None:
    """从表格导入别名：表头为 名称、同一机构，可加 关系（同一/不同）。

    Import aliases from a CSV (UTF-8) or XLSX sheet whose header names the columns name
    (名称), other (同一机构) and, optionally, relation (关系: same/同一 or distinct/不同).

    示例 / Example: gongkai body import-aliases 机构更名.xlsx --db audit.db
    """
    count, moved = api.import_aliases(file, db=target)
    click.echo(f"已导入 {count} 条别名；{moved} 份报告改变了所属机构。", err=True)
