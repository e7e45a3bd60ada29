"""The `gongkai` command: arguments in, output out. The work is done by ``gongkai.api``.

Only this module knows click. Every error the library raises on purpose is a GongkaiError:
it is printed as one line and the exit code is 2, as is any usage fault (an unknown rule
code or output format, a settings file that cannot be used, a file that cannot be written).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, NoReturn, TypeVar

import click

from gongkai import api
from gongkai.config import Settings, load_settings
from gongkai.errors import ConfigError, GongkaiError, UsageError
from gongkai.output.findings import FORMATS, render, unreadable
from gongkai.output.findings import statistics as stats
from gongkai.version import __version__

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str) -> NoReturn:
    click.echo(f"gongkai: error: {message}", err=True)
    sys.exit(2)


def _usage_faults_exit_2(command: F) -> F:
    """Run a command; a GongkaiError (settings, selection) or an unwritable output path
    becomes one line on stderr and exit code 2, never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except GongkaiError as e:
            _fail(str(e))

    return run  # type: ignore[return-value]


HELP_TEXT = "显示此帮助并退出。Show this message and exit."


class _BilingualHelp:
    """Click's own -h/--help option, described in Chinese with the English beside, like
    every other option (click words it in English only)."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class _Command(_BilingualHelp, click.Command):
    pass


class _Group(_BilingualHelp, click.Group):
    command_class = _Command


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gongkai", help="显示版本号并退出。Show the version and exit.")
def cli() -> None:
    """读取、检查政府信息公开工作年度报告。

    Read and check 政府信息公开工作年度报告 (government information disclosure annual reports).

    每个命令的说明：gongkai 命令 --help。For each command: gongkai COMMAND --help.
    """


@cli.command(short_help="提取表格的每一个单元格。Extract every table cell of each report.")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="每份报告输出一行 JSON。One JSON object per report per line.")
@click.option("--provenance/--no-provenance", default=True,
              help="JSON 中包含每个单元格的来源位置。Include each cell's provenance in --json output.")
@click.option("--keys", is_flag=True, help="表格中显示单元格键名（供程序员）。Show cell keys instead of labels.")
@click.option("--full-labels", is_flag=True,
              help="显示完整的法定行列名称（较宽）。Full statutory labels instead of short ones.")
@_usage_faults_exit_2
def extract(paths: tuple[str, ...], as_json: bool, provenance: bool, keys: bool, full_labels: bool) -> None:
    """提取每份报告的基本信息和表格的每一个单元格（目录中的报告逐一读取）。

    Extract metadata and every table cell of each report. Directories are walked.

    示例 / Example: gongkai extract --json reports/
    """
    failed = False
    for result in api.extract_all(paths):
        if result.warning:
            click.echo(f"gongkai: warning: {result.warning}", err=True)
        elif result.report is None:
            failed = True
            _print_error(result.source, result.error or "", as_json)
        elif as_json:
            obj = result.report.to_dict()
            if not provenance:
                obj.pop("provenance")
            _print_json(obj)
        else:
            from gongkai.output.terminal import print_report  # rich is imported only for tables

            print_report(result.report, keys=keys, full_labels=full_labels)
    sys.exit(2 if failed else 0)


@cli.command(short_help="按规则目录检查每份报告。Check each report against the rule catalog.")
@click.argument("paths", nargs=-1)
@click.option("--output-format", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="输出格式（默认 text，或配置文件所定）。Output format (default text, or the config's).")
@click.option("--select", multiple=True, metavar="CODES",
              help="要运行的规则代码或前缀（逗号分隔；默认全部）。Rule codes or prefixes to run, comma-separated "
                   "(default ALL).")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="要跳过的规则代码或前缀（逗号分隔）。Rule codes or prefixes to skip, comma-separated.")
@click.option("--profile", "profiles", multiple=True, metavar="NAMES",
              help="启用地方规则配置（如 gansu-wuwei）。Turn on rule profiles (local rules), e.g. gansu-wuwei.")
@click.option("--fail-on", type=click.Choice(api.SEVERITIES), default=None,
              help="达到该严重程度即以退出码 1 结束（默认 warning）。Lowest severity that makes the exit code 1 "
                   "(default warning).")
@click.option("--exit-zero", is_flag=True, help="有问题时退出码也为 0。Exit code 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="只列出每条规则的问题数。Count findings per rule instead of listing them.")
@click.option("-q", "--quiet", count=True, help="只输出问题（-qq：不输出）。Print findings only (-qq: nothing).")
@click.option("--config", "config_path", metavar="FILE",
              help="使用此配置文件。Use this settings file (gongkai.toml or pyproject.toml).")
@click.option("--show-settings", is_flag=True, help="显示生效的设置及配置文件。Print the resolved settings and exit.")
@_usage_faults_exit_2
def check(paths: tuple[str, ...], fmt: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          profiles: tuple[str, ...], fail_on: str | None, exit_zero: bool, statistics: bool, quiet: int,
          config_path: str | None, show_settings: bool) -> None:
    """按规则目录检查每份报告。

    `-` 读取标准输入。退出码 0：没有达到 --fail-on 的问题（或 --exit-zero）；1：有问题；
    2：有文件无法读取，或用法错误。

    Check each report against the rule catalog; `-` reads standard input. Exit code 0:
    nothing at or above --fail-on (or --exit-zero); 1: findings; 2: a file could not be
    read, or a usage error.

    示例 / Example: gongkai check --output-format json --select T3,T4 reports/
    """
    settings = _settings(config_path, fmt, select, ignore, profiles, fail_on)
    if show_settings:
        click.echo(settings.show(), nl=False)
        return
    if not paths:
        _fail("请指定要检查的文件或文件夹（- 为标准输入）/ give the files or folders to check (- for standard input)")
    findings: list[api.Finding] = []
    failed = checked = 0
    for result in api.check_all(paths, select=settings.select, ignore=settings.ignore, profiles=settings.profiles,
                                ignore_for=settings.ignores_for):
        if result.warning:
            if not quiet:
                click.echo(f"gongkai: warning: {result.warning}", err=True)
            continue
        checked += 1
        if result.error:
            failed += 1
            findings.append(unreadable(result.source, result.error))
        else:
            findings += result.findings
    if statistics:
        sys.stdout.write("" if quiet >= 2 else stats(findings, settings.format))
    else:
        sys.stdout.write(render(findings, settings.format, checked=checked, quiet=quiet))
    if failed:
        sys.exit(2)
    sys.exit(0 if exit_zero else
             1 if any(api.severity_at_least(f.severity, settings.fail_on) for f in findings) else 0)


def _settings(config_path: str | None, fmt: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
              profiles: tuple[str, ...], fail_on: str | None) -> Settings:
    """The settings file's settings, checked against the catalog (a fault names the file),
    with the command line's options over them."""
    settings = load_settings(config=config_path)
    chosen_profiles = _split(profiles)
    try:
        api.validate_selection(settings.select, settings.ignore + [c for *_, cs in settings.per_file_ignores
                                                                   for c in cs], settings.profiles + chosen_profiles)
    except UsageError as e:
        raise ConfigError(f"{settings.path}: {e}") from None
    settings.format = fmt or settings.format
    settings.profiles = chosen_profiles or settings.profiles
    settings.fail_on = fail_on or settings.fail_on
    settings.select, settings.ignore = api.validate_selection(_split(select) or settings.select,
                                                              _split(ignore) or settings.ignore, settings.profiles)
    return settings


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
@click.option("--fail-on", type=click.Choice(api.SEVERITIES), default=None,
              help="退出码为 1 的最低严重程度（默认 warning）。Lowest severity that makes the exit code 1.")
@_usage_faults_exit_2
def audit(paths: tuple[str, ...], target: str, jobs: int | None, fmt: str | None, select: tuple[str, ...],
          ignore: tuple[str, ...], fail_on: str | None) -> None:
    """把目录下的全部报告提取、检查并存入数据库。

    Extract and check every report under the paths into a database, in parallel. Unchanged
    files (same content hash) are skipped; a changed file is stored as a new version; an
    interrupted run resumes where it stopped. Findings are printed as `check` prints them,
    with its exit codes.

    并行提取、检查路径下的全部报告并存入数据库；未改动的文件（内容哈希相同）跳过，改动的文件存为新版本，
    中断后再次运行即从中断处继续。问题的输出格式和退出码与 check 相同。

    示例 / Example: gongkai audit reports/ --db audit.db --jobs 4
    """
    settings = _settings(None, fmt, select, ignore, (), fail_on)
    try:
        with _progress_bar() as progress:
            summary = api.audit(paths, db=target, jobs=jobs, select=settings.select,
                                ignore=settings.ignore, progress=progress)
    except KeyboardInterrupt:  # not click's "Aborted!": say that nothing stored is lost
        click.echo(f"\n已中断：已入库的报告均已保存（{target}），再次运行同一命令即从中断处继续。", err=True)
        sys.exit(130)
    for warning in summary.warnings:
        click.echo(f"gongkai: warning: {warning}", err=True)
    findings = [unreadable(source, reason) for source, reason in summary.errors] + summary.findings
    sys.stdout.write(render(findings, settings.format, checked=summary.seen + len(summary.errors)))
    click.echo(f"已入库：新增 {summary.new} 份，更新 {summary.changed} 份，未变 {summary.unchanged} 份，"
               f"无法读取 {summary.failed} 份（{target}，第 {summary.run_id} 次运行）", err=True)
    if summary.errors:
        sys.exit(2)
    sys.exit(1 if any(api.severity_at_least(f.severity, settings.fail_on) for f in summary.findings) else 0)


@contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr when it is a terminal; nothing in pipes and CI."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("入库", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("audit", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update




def _split(values: Iterable[str]) -> list[str]:
    """Comma-separated option values as one list (api.validate_selection normalises codes)."""
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


@cli.command("rules", short_help="列出规则目录。List the rule catalog.")
@click.option("--docs", "docs_path", type=click.Path(dir_okay=False),
              help="把全部规则的说明写成一个 Markdown 文件。Write every rule's documentation to this Markdown file.")
@_usage_faults_exit_2
def rules_command(docs_path: str | None) -> None:
    """列出规则目录：代码、严重程度、中文名称、英文摘要。

    List the rule catalog: code, severity, Chinese title, English summary.

    示例 / Example: gongkai rules --docs docs/rules.md
    """
    if docs_path:
        from gongkai.output.rules import rule_docs

        codes = [r.code for r in api.catalog()]
        try:
            with open(docs_path, "w", encoding="utf-8") as f:
                f.write(rule_docs(codes))
        except OSError as e:
            _fail(f"无法写入 / cannot write {docs_path}: {e.strerror or e}")
        click.echo(f"已写入 {len(codes)} 条规则 / {len(codes)} rules written: {docs_path}")
        return
    from gongkai.output.rules import print_catalog

    print_catalog()


@cli.command("rule", short_help="显示规则的说明。Print a rule's documentation.")
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="显示全部规则的说明。Print every rule's documentation.")
@_usage_faults_exit_2
def rule_command(code: str | None, show_all: bool) -> None:
    """显示一条规则的说明：检查内容、为什么重要、示例提示、依据。

    Print one rule's documentation (what it checks, why it matters, an example message, its
    basis), or every rule's with --all.

    示例 / Example: gongkai rule T3001; gongkai rule --all
    """
    from gongkai.output.rules import print_all_rules, print_rule

    if show_all == bool(code):
        _fail("请给出一个规则代码，或使用 --all / give one rule code, or --all")
    if show_all:
        print_all_rules()
    else:
        print_rule(api.rule(code or ""))


def _print_error(path: str, reason: str, as_json: bool) -> None:
    if as_json:
        _print_json({"source": path, "error": reason})
    else:
        click.echo(f"{path}: error: {reason}", err=True)


def _print_json(obj: dict[str, Any]) -> None:
    """One line of UTF-8 JSON, whatever the locale's encoding.

    A path with bytes that are not UTF-8 reaches Python as lone surrogates, which UTF-8
    cannot encode; such a line is written with \\u escapes instead (still valid JSON).
    """
    line = json.dumps(obj, ensure_ascii=False)
    try:
        data = line.encode("utf-8")
    except UnicodeEncodeError:
        data = json.dumps(obj).encode("ascii")
    sys.stdout.flush()
    sys.stdout.buffer.write(data + b"\n")
    sys.stdout.buffer.flush()


def main() -> None:
    # Messages and tables must not fail on a path or a character the locale cannot encode.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        cli(prog_name="gongkai")
    except BrokenPipeError:
        # The reader went away (`gongkai extract --json dir | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
