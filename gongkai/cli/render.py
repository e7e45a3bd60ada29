"""`gongkai render`: a report's data (cells and narrative) → the statutory document."""

from __future__ import annotations

import sys

import click

from gongkai import api
from gongkai.cli.base import cli, fail, usage_faults_exit_2
from gongkai.output.findings import render as render_findings

TARGETS = ("docx", "html", "pdf", "xlsx")


@cli.command(short_help="生成法定格式的年度报告文档。Render the statutory report as DOCX, HTML, PDF or XLSX.")
@click.argument("data")
@click.option("--to", "to", type=click.Choice(TARGETS), required=True, help="输出格式。Output format.")
@click.option("-o", "--output", required=True, metavar="FILE", help="输出文件。File to write.")
@click.option("--format", "version", type=click.Choice(("2021", "2019")), default=None,
              help="表格格式版本（默认按数据或年份：2021年起为2021版）。Format version (default: the data's, "
                   "else by year).")
@click.option("--section", "section_files", multiple=True, metavar="N=FILE",
              help="某一部分的正文（Markdown 或纯文本），如 一=总体情况.md。A section's text, e.g. 一=overview.md.")
@click.option("--sections", "folder", metavar="DIR",
              help="含 一.md … 六.md 的文件夹。A folder holding 一.md … 六.md.")
@click.option("--force", is_flag=True, help="检查发现错误时仍然生成。Render even when the check finds errors.")
@usage_faults_exit_2
def render(data: str, to: str, output: str, version: str | None, section_files: tuple[str, ...], folder: str | None,
           force: bool) -> None:
    """由数据（JSON 或 YAML：单元格与各部分正文；`gongkai extract --json` 的输出可直接使用）生成
    法定格式的年度报告：标题、六个部分、三张法定表格。第三、四部分未提供正文时，按表格数据生成标准表述。
    生成前按规则目录检查：有错误时不生成（除非 --force），警告照常列出。

    退出码 0：已生成且没有问题；1：有问题（未生成，或已生成但有警告）；2：用法或输入错误。

    Render the statutory document from a report's data. Sections 三 and 四 left empty get the
    standard sentences generated from the cells. The report is checked first: errors stop
    the render unless --force. Exit code 0: written, no findings; 1: findings (stopped, or
    written with warnings); 2: bad input or usage.

    示例 / Example: gongkai render report.yaml --to docx -o 报告.docx --sections 正文/
    """
    pairs: dict[str, str] = {}
    for item in section_files:
        number, sep, path = item.partition("=")
        if not sep or not path:
            fail(f"--section 应写作 部分=文件，如 一=总体情况.md（收到 {item!r}）")
        pairs[number.strip()] = path
    sections = api.read_sections(pairs, folder) if pairs or folder else None
    result = api.render(data, to, output, force=force, version=version, sections=sections)
    if result.findings:
        sys.stdout.write(render_findings(result.findings, "text"))
    for number, text in result.generated.items():
        click.echo(f"第{number}部分未提供正文，已按表格数据生成：{text}", err=True)
    for number, text in result.suggested.items():
        click.echo(f"第{number}部分的正文与表格不符，可参考按表格数据生成的表述：{text}", err=True)
    if result.unprinted:
        click.echo("以下单元格不在所选格式的表格中，未能印出：" + "、".join(result.unprinted), err=True)
    for key, (given, read) in result.mismatches.items():
        click.echo(f"单元格 {key} 给定为 {given}，生成后读回为 {read}", err=True)
    if not result.written:
        click.echo(f"未生成 {output}：检查发现错误（可用 --force 仍然生成）", err=True)
        sys.exit(1)
    click.echo(f"已生成 {result.output}", err=True)
    sys.exit(1 if any(api.severity_at_least(f.severity, "warning") for f in result.findings) else 0)
