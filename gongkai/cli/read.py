"""`gongkai extract`, `check`, `rules` and `rule`: one report at a time, and the catalog."""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterator

import click

from gongkai import api
from gongkai.cli.base import cli, fail, print_error, print_json, settings_from, usage_faults_exit_2
from gongkai.output.findings import FORMATS, unreadable, write
from gongkai.output.findings import statistics as stats


@cli.command(short_help="提取表格的每一个单元格。Extract every table cell of each report.")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="每份报告输出一行 JSON。One JSON object per report per line.")
@click.option("--provenance/--no-provenance", default=True,
              help="JSON 中包含每个单元格的来源位置。Include each cell's provenance in --json output.")
@click.option("--keys", is_flag=True, help="表格中显示单元格键名（供程序员）。Show cell keys instead of labels.")
@click.option("--full-labels", is_flag=True,
              help="显示完整的法定行列名称（较宽）。Full statutory labels instead of short ones.")
@usage_faults_exit_2
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
            print_error(result.source, result.error or "", as_json)
        elif as_json:
            obj = result.report.to_dict()
            if not provenance:
                obj.pop("provenance")
            print_json(obj)
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
@usage_faults_exit_2
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
    settings = settings_from(config_path, fmt, select, ignore, profiles, fail_on)
    if show_settings:
        click.echo(settings.show(), nl=False)
        return
    if not paths:
        fail("请指定要检查的文件或文件夹（- 为标准输入）/ give the files or folders to check (- for standard input)")
    tally = {"checked": 0, "failed": 0, "failing": 0}

    def found() -> Iterator[api.Finding]:
        """The findings as each file is checked (written out as they come, never all held)."""
        for result in api.check_all(paths, select=settings.select, ignore=settings.ignore,
                                    profiles=settings.profiles, ignore_for=settings.ignores_for):
            if result.warning:
                if not quiet:
                    click.echo(f"gongkai: warning: {result.warning}", err=True)
                continue
            tally["checked"] += 1
            if result.error:
                tally["failed"] += 1
                yield unreadable(result.source, result.error)
                continue
            for f in result.findings:
                tally["failing"] += api.severity_at_least(f.severity, settings.fail_on)
                yield f

    if statistics:
        counted = stats(found(), settings.format)
        sys.stdout.write("" if quiet >= 2 else counted)
    elif quiet >= 2:
        deque(found(), maxlen=0)  # checked all the same: the exit code says it all
    else:
        write(found(), settings.format, sys.stdout, checked=lambda: tally["checked"], quiet=quiet)
    if tally["failed"]:
        sys.exit(2)
    sys.exit(0 if exit_zero or not tally["failing"] else 1)



@cli.command("rules", short_help="列出规则目录。List the rule catalog.")
@click.option("--docs", "docs_path", type=click.Path(dir_okay=False),
              help="把全部规则的说明写成一个 Markdown 文件。Write every rule's documentation to this Markdown file.")
@usage_faults_exit_2
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
            fail(f"无法写入 / cannot write {docs_path}: {e.strerror or e}")
        click.echo(f"已写入 {len(codes)} 条规则 / {len(codes)} rules written: {docs_path}")
        return
    from gongkai.output.rules import print_catalog

    print_catalog()


@cli.command("rule", short_help="显示规则的说明。Print a rule's documentation.")
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="显示全部规则的说明。Print every rule's documentation.")
@usage_faults_exit_2
def rule_command(code: str | None, show_all: bool) -> None:
    """显示一条规则的说明：检查内容、为什么重要、示例提示、依据。

    Print one rule's documentation (what it checks, why it matters, an example message, its
    basis), or every rule's with --all.

    示例 / Example: gongkai rule T3001; gongkai rule --all
    """
    from gongkai.output.rules import print_all_rules, print_rule

    if show_all == bool(code):
        fail("请给出一个规则代码，或使用 --all / give one rule code, or --all")
    if show_all:
        print_all_rules()
    else:
        print_rule(api.rule(code or ""))
