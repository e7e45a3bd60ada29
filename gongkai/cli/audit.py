"""`gongkai audit`: folders of reports into the corpus database."""

from __future__ import annotations

import sys

import click

from gongkai import api
from gongkai.cli.base import cli, progress_bar, settings_from, usage_faults_exit_2
from gongkai.output.findings import FORMATS, render, unreadable


@cli.command(short_help="提取、检查报告并存入数据库。Extract and check reports into a database.")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET",
              help="数据库：SQLite 文件路径或 postgresql:// 地址。A SQLite file or a postgresql:// URL.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="并行进程数（默认全部 CPU 核）。Worker processes (default: every core).")
@click.option("--output-format", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="问题的输出格式（默认 text）。Output format of the findings (default text, or the config's).")
@click.option("--select", multiple=True, metavar="CODES", help="要输出的规则代码或前缀。Rule codes or prefixes to report.")
@click.option("--ignore", multiple=True, metavar="CODES", help="不输出的规则代码或前缀。Rule codes or prefixes to leave out.")
@click.option("--profile", "profiles", multiple=True, metavar="NAMES",
              help="输出地方规则配置的问题（如 gansu-wuwei）。Report the rules of these profiles (local rules) too.")
@click.option("--fail-on", type=click.Choice(api.SEVERITIES), default=None,
              help="退出码为 1 的最低严重程度（默认 warning）。Lowest severity that makes the exit code 1.")
@usage_faults_exit_2
def audit(paths: tuple[str, ...], target: str, jobs: int | None, fmt: str | None, select: tuple[str, ...],
          ignore: tuple[str, ...], profiles: tuple[str, ...], fail_on: str | None) -> None:
    """把目录下的全部报告提取、检查并存入数据库。

    Extract and check every report under the paths into a database, in parallel. Unchanged
    files (same content hash) are skipped; a changed file is stored as a new version; an
    interrupted run resumes where it stopped. Findings are printed as `check` prints them,
    with its exit codes.

    并行提取、检查路径下的全部报告并存入数据库；未改动的文件（内容哈希相同）跳过，改动的文件存为新版本，
    中断后再次运行即从中断处继续。问题的输出格式和退出码与 check 相同。

    示例 / Example: gongkai audit reports/ --db audit.db --jobs 4
    """
    settings = settings_from(None, fmt, select, ignore, profiles, fail_on)
    try:
        with progress_bar() as progress:
            summary = api.audit(paths, db=target, jobs=jobs, select=settings.select, ignore=settings.ignore,
                                profiles=settings.profiles, progress=progress)
    except KeyboardInterrupt:  # not click's "Aborted!": say that nothing stored is lost
        click.echo(f"\n已中断：已入库的报告均已保存（{target}），再次运行同一命令即从中断处继续。", err=True)
        sys.exit(130)
    for warning in summary.warnings:
        click.echo(f"gongkai: warning: {warning}", err=True)
    findings = [unreadable(source, reason) for source, reason in summary.errors] + summary.findings
    sys.stdout.write(render(findings, settings.format, checked=summary.seen + len(summary.errors)))
    again = f"（其中 {summary.rechecked} 份因检查规则更新而重新检查）" if summary.rechecked else ""
    click.echo(f"已入库：新增 {summary.new} 份，更新 {summary.changed} 份，未变 {summary.unchanged} 份{again}，"
               f"无法读取 {summary.failed} 份（{target}，第 {summary.run_id} 次运行）", err=True)
    if summary.errors:
        sys.exit(2)
    sys.exit(1 if any(api.severity_at_least(f.severity, settings.fail_on) for f in summary.findings) else 0)
