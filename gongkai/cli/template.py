"""`gongkai template`: the XLSX template an office fills in for its annual report's tables."""

from __future__ import annotations

from pathlib import Path

import click

from gongkai import api
from gongkai.cli.base import cli, fail, usage_faults_exit_2


@cli.command("template", short_help="生成年度报告表格填报模板（Excel）。Write the XLSX template of the report's tables.")
@click.option("--year", type=int, required=True, help="报告年度。The year the report covers.")
@click.option("--format", "version", type=click.Choice(["2021", "2019"]),
              help="表格格式，默认按年度（2019、2020 年度为 2019 格式）。Format version; by default the year's.")
@click.option("--agency", metavar="NAME", help="单位名称（也可在模板中填写）。The reporting body (or fill it in later).")
@click.option("-o", "--output", "out_file", required=True, metavar="T.xlsx", help="写入的 Excel 文件。The file to write.")
@usage_faults_exit_2
def template(year: int, version: str | None, agency: str | None, out_file: str) -> None:
    """生成年度报告的表格填报模板：表二、表三、表四按法定格式排列，黄色单元格填写，合计自动计算，表三下方逐列核对勾稽关系。

    填好后用 gongkai render 读取并生成报告。

    Write the template an office fills in: the statutory tables with Chinese labels (locked),
    validated input cells, totals as formulas, a 勾稽关系 check under table 三, and a 基本信息
    sheet (agency, year, published date). `gongkai render T.xlsx` reads it back.

    示例 / Example: gongkai template --year 2024 --agency 某某县人民政府 -o 2024年报表格.xlsx
    """
    if not out_file.lower().endswith(".xlsx"):
        fail(f"模板须写成 .xlsx 文件 / the template is an .xlsx file: {out_file}")
    data = api.template(year, version=version, agency=agency)
    try:
        Path(out_file).write_bytes(data)
    except OSError as e:
        fail(f"无法写入 / cannot write {out_file}: {e.strerror or e}")
    click.echo(f"已写入填报模板（{year} 年度，{version or api.default_version(year)} 格式）：{out_file}", err=True)
