"""`gongkai audit`: folders of reports into the corpus database."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable

import click

from gongkai import api
from gongkai.cli.base import cli, progress_bar, settings_from, usage_faults_exit_2
from gongkai.output.findings import FORMATS, unreadable, write


@cli.command(short_help="提取、检查报告并存入数据库。Extract and check reports into a database.")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET",
              help="数据库：SQLite 文件路径或 postgresql:// 地址。A SQLite file or a postgresql:// URL.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="并行进程数（默认全部 CPU 核）。Worker processes (default: every core).")
@click.option("--engine", type=click.Choice(api.ENGINES), default="local", show_default=True,
              help="执行引擎：本机进程池（local）或 Dask 集群（dask）。The local process pool or a Dask cluster.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask 调度器地址（如 tcp://10.0.0.5:8786；不填则在本机启动 --jobs 个工作进程）。"
                   "A Dask scheduler's address (default: a local cluster of --jobs workers).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help="dask 引擎下单个文件的处理时限，超时记为无法读取（默认 600）。"
                   "Seconds a file may take on the dask engine before it is recorded as failed (default 600).")
@click.option("--output-format", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="问题的输出格式（默认 text）。Output format of the findings (default text, or the config's).")
@click.option("--select", multiple=True, metavar="CODES", help="要输出的规则代码或前缀。Rule codes or prefixes to report.")
@click.option("--ignore", multiple=True, metavar="CODES", help="不输出的规则代码或前缀。Rule codes or prefixes to leave out.")
@click.option("--profile", "profiles", multiple=True, metavar="NAMES",
              help="输出地方规则配置的问题（如 gansu-wuwei）。Report the rules of these profiles (local rules) too.")
@click.option("--fail-on", type=click.Choice(api.SEVERITIES), default=None,
              help="退出码为 1 的最低严重程度（默认 warning）。Lowest severity that makes the exit code 1.")
@usage_faults_exit_2
def audit(paths: tuple[str, ...], target: str, jobs: int | None, engine: str, scheduler: str | None,
          timeout: float | None, fmt: str | None, select: tuple[str, ...],
          ignore: tuple[str, ...], profiles: tuple[str, ...], fail_on: str | None) -> None:
    """把目录下的全部报告提取、检查并存入数据库。

    Extract and check every report under the paths into a database, in parallel. Unchanged
    files (same content hash) are skipped; a changed file is stored as a new version; an
    interrupted run resumes where it stopped. Findings are printed as `check` prints them,
    with its exit codes.

    并行提取、检查路径下的全部报告并存入数据库；未改动的文件（内容哈希相同）跳过，改动的文件存为新版本，
    中断后再次运行即从中断处继续。问题的输出格式和退出码与 check 相同。

    With --engine dask the files are read, extracted and checked on a Dask cluster (the
    workers must reach the same paths); this process alone writes the database.

    使用 --engine dask 时由 Dask 集群读取、提取和检查（工作进程须能访问相同路径），数据库仍只由本进程写入。

    Paths may be fsspec URLs too (file://…, zip://member::file:///a.zip, s3://… with s3fs
    installed); a multi-page scan is read page by page on the dask engine.

    路径也可以是 fsspec URL（file://…、zip://成员::file:///a.zip、安装 s3fs 后的 s3://…）；dask 引擎下多页扫描件逐页并行识别。

    示例 / Example: gongkai audit reports/ --db audit.db --jobs 4

    示例 / Example: gongkai audit /data/reports --engine dask --scheduler tcp://10.0.0.5:8786
    """
    settings = settings_from(None, fmt, select, ignore, profiles, fail_on)
    try:
        with progress_bar() as progress:
            summary = api.audit(paths, db=target, jobs=jobs, select=settings.select, ignore=settings.ignore,
                                profiles=settings.profiles, progress=progress, engine=engine, scheduler=scheduler,
                                timeout=timeout)
    except KeyboardInterrupt:  # not click's "Aborted!": say that nothing stored is lost
        click.echo(f"\n已中断：已入库的报告均已保存（{target}），再次运行同一命令即从中断处继续。", err=True)
        sys.exit(130)
    for warning in summary.warnings:
        click.echo(f"gongkai: warning: {warning}", err=True)
    # the stored findings are written as they are read from the store, never held together
    findings: Iterable[api.Finding] = itertools.chain((unreadable(source, reason) for source, reason in summary.errors),
                                                  summary.findings)
    write(findings, settings.format, sys.stdout, checked=summary.seen + len(summary.errors))
    again = f"（其中 {summary.rechecked} 份因检查规则更新而重新检查）" if summary.rechecked else ""
    click.echo(f"已入库：新增 {summary.new} 份，更新 {summary.changed} 份，未变 {summary.unchanged} 份{again}，"
               f"无法读取 {summary.failed} 份（{target}，第 {summary.run_id} 次运行）", err=True)
    if summary.errors:
        sys.exit(2)
    sys.exit(1 if any(api.severity_at_least(severity, settings.fail_on) for severity in summary.findings.severities)
             else 0)
