"""Authoring commands: `gongkai tabulate` (tables 三 and 四 from registers). The render and
template commands of issue 14 join this module in blocks of their own."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from gongkai import api
from gongkai.cli.base import cli, fail, usage_faults_exit_2

# --- tabulate ------------------------------------------------------------------------------

_KIND_NAMES = {"requests": "申请登记表", "cases": "复议诉讼登记表"}


@cli.command("tabulate", short_help="由登记台账统计表三、表四。Count tables 三 and 四 from an office's registers.")
@click.argument("registers", nargs=-1, required=True, metavar="REGISTER...")
@click.option("-o", "--output", metavar="DATA.json",
              help="写入的报告数据文件（JSON；缺省写到标准输出）。The report data to write (JSON; default: stdout).")
@click.option("--year", type=int, help="统计年度（缺省为上一年）。The year to count (default: last year).")
@click.option("--format", "version", type=click.Choice(["2021", "2019"]),
              help="表格格式（缺省按年度：2019、2020 年度为 2019 版）。Format version (default: by year).")
@click.option("--mapping", metavar="FILE",
              help="列名对照文件（TOML、YAML 或两列 CSV：本地表头 → 字段）。Local header → field (TOML, YAML or CSV).")
@click.option("--agency", metavar="NAME", help="报告单位名称。The reporting body's name.")
@click.option("--into", metavar="DATA",
              help="已有的报告数据（JSON/YAML 或填好的模板 .xlsx）：保留其中的表二和正文，只换入统计出的表。"
                   "Existing report data (JSON/YAML or a filled template): keep its table 二 and narrative, "
                   "put the counted tables in.")
@click.option("--explain", "explain", metavar="KEY",
              help="列出计入该单元格的登记行（如 t3.granted.natural_person）。List the register rows behind one cell.")
@usage_faults_exit_2
def tabulate(registers: tuple[str, ...], output: str | None, year: int | None, version: str | None,
             mapping: str | None, agency: str | None, into: str | None, explain: str | None) -> None:
    """由政府信息公开申请登记表和行政复议、行政诉讼登记表统计年度报告的表三、表四。

    Count table 三 (requests) and table 四 (review and suit cases) of one year from the
    registers an office keeps (CSV in UTF-8 or GBK, or XLSX; each file's kind is told by its
    headers). Applications received in earlier years and still open on 1 January are
    上年结转; those open on 31 December are 结转下年度; 部分公开 counts once under （二）.

    无法归类的行（日期无法识别、办结早于收到、办理结果或申请人类型无法识别、编号重复等）逐行列出，不计入任何单元格。
    退出码：0 全部计入；1 有行无法归类；2 文件或参数有误。
    Exit 0: every row counted; 1: rows listed as problems; 2: bad input.

    示例 / Example: gongkai tabulate 申请登记表.xlsx 复议诉讼.csv --year 2024 --agency 某某县人民政府 -o 2024.json
    （已有报告数据时加 --into 2024.json：表二和正文保留，只换入统计出的表。）
    """
    if year is None:
        year = date.today().year - 1
        click.echo(f"统计年度：{year}（未指定 --year）", err=True)
    result = api.tabulate(registers, year, version=version, mapping=mapping, agency=agency)
    for line in result.read_as():
        click.echo(f"读取 {line}", err=True)
    kinds = {kind for _, kind, _ in result.columns}
    for kind, table in (("requests", "表三"), ("cases", "表四")):
        if kind not in kinds:
            click.echo(f"未提供{_KIND_NAMES[kind]}，{table}留空", err=True)
    if explain:
        rows = result.explain(explain)
        click.echo(f"{result.label(explain)}（{explain}）= {len(rows)}")
        for ref in rows:
            click.echo(f"  {ref}")
    if output or not explain:
        data = result.into(api.load_data(into), into) if into else result.data
        _write(data.to_json(), output)
    cells = result.data.cells
    if "t3.new_received.total" in cells:
        click.echo(f"{year} 年度：本年新收 {cells['t3.new_received.total']} 件，上年结转 {cells['t3.carried_over.total']} 件，"
                   f"办结 {cells['t3.results_total.total']} 件，结转下年度 {cells['t3.carried_forward.total']} 件", err=True)
    if "t4.review.total" in cells:
        suits = len(result.explain("t4.suit_direct.total")) + len(result.explain("t4.suit_after_review.total"))
        click.echo(f"{year} 年度：行政复议 {cells['t4.review.total']} 件，行政诉讼 {suits} 件", err=True)
    if result.problems:
        click.echo(f"{len(result.problems)} 行无法归类，未计入任何单元格：", err=True)
        for problem in result.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)


def _write(data: dict, output: str | None) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if not output or output == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as e:
        fail(f"无法写入 / cannot write {output}: {e.strerror or e}")
