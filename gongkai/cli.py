"""The `gongkai` command: argument parsing only; the work is done by the library."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator

import click

from gongkai import __version__
from gongkai.config import ConfigError, load_settings
from gongkai.extract import extract_document
from gongkai.output.findings import FORMATS, render, rule_docs
from gongkai.readers import ReadError, read
from gongkai.rules import REGISTRY, SEVERITIES, check_report, severity_at_least

# Files a directory walk picks up; named files are always read, whatever their ending.
# Forms without a reader yet are picked up too, so that a walk reports them as unread.
REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".htm", ".html", ".pdf", ".docx", ".doc", ".wps",
                   ".odt", ".fodt", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif")
# Project files that sit beside reports but are not reports.
NOT_REPORTS = ("readme", "license", "changelog", "contributing")


def walk(paths: tuple[str, ...]) -> Iterator[tuple[str, str | None]]:
    """(path, None) for files named and report files under directories named (sorted, hidden
    ones skipped); (path, reason) for a directory under them that cannot be listed."""
    for p in paths:
        if os.path.isdir(p):
            unlisted: list[OSError] = []
            found = 0
            for root, dirs, files in os.walk(p, onerror=unlisted.append):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.startswith(".") or f.endswith(".expected.json") or f.lower().startswith(NOT_REPORTS):
                        continue
                    if f.lower().endswith(REPORT_SUFFIXES):
                        found += 1
                        yield os.path.join(root, f), None
            for e in unlisted:
                yield e.filename, f"cannot list directory: {e.strerror or e}"
            if not found and not unlisted:
                click.echo(f"gongkai: warning: no report files ({', '.join(REPORT_SUFFIXES)}) under {p}", err=True)
        else:
            yield p, None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gongkai")
def cli() -> None:
    """Read and check 政府信息公开工作年度报告 (government information disclosure annual reports)."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per report per line.")
@click.option("--provenance/--no-provenance", default=True, help="Include each cell's provenance in --json output.")
def extract(paths: tuple[str, ...], as_json: bool, provenance: bool) -> None:
    """Extract metadata and every table cell of each report.

    Example: gongkai extract --json reports/
    """
    failed = False
    for path, unlistable in walk(paths):
        if unlistable:
            failed = True
            _print_error(path, unlistable, as_json)
            continue
        try:
            report = extract_document(read(path))
            if as_json:
                obj = report.to_dict()
                if not provenance:
                    obj.pop("provenance")
                _print_json(obj)
            else:
                from gongkai.output.terminal import print_report

                print_report(report)
        except ReadError as e:
            failed = True
            _print_error(path, e.reason, as_json)
        except BrokenPipeError:
            raise
        except Exception as e:  # noqa: BLE001 - one bad file must not lose the others' results
            failed = True
            _print_error(path, f"internal error: {type(e).__name__}: {e}", as_json)
    sys.exit(2 if failed else 0)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default text, or the config's).")
@click.option("--select", multiple=True, metavar="CODES", help="Rule codes or prefixes to run (comma-separated; default ALL).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Rule codes or prefixes to skip.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Lowest severity that makes the exit code 1 (default warning).")
def check(paths: tuple[str, ...], fmt: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          fail_on: str | None) -> None:
    """Check each report against the rule catalog.

    Exit code 0: nothing at or above --fail-on; 1: findings; 2: a file could not be read.

    Example: gongkai check --format json --select T3,T4 reports/
    """
    try:
        settings = load_settings()
    except ConfigError as e:
        click.echo(f"gongkai: error: {e}", err=True)
        sys.exit(2)
    fmt = fmt or settings.format
    if fmt not in FORMATS:
        click.echo(f"gongkai: error: unknown format {fmt!r} (choose from {', '.join(FORMATS)})", err=True)
        sys.exit(2)
    chosen = _codes(select) or settings.select
    skipped = _codes(ignore) or settings.ignore
    unknown = [c for c in chosen if c != "ALL" and not any(r.startswith(c) for r in REGISTRY)]
    if unknown:
        click.echo(f"gongkai: error: no rule matches {', '.join(unknown)} (see `gongkai rules`)", err=True)
        sys.exit(2)
    fail_on = fail_on or settings.fail_on
    findings = []
    failed = False
    for path, unlistable in walk(paths):
        if unlistable:
            failed = True
            click.echo(f"{path}: error: {unlistable}", err=True)
            continue
        try:
            doc = read(path)
            findings += check_report(doc, extract_document(doc), chosen, skipped)
        except ReadError as e:
            failed = True
            click.echo(f"{path}: error: {e.reason}", err=True)
        except Exception as e:  # noqa: BLE001 - one bad file must not stop the others being checked
            failed = True
            click.echo(f"{path}: error: internal error: {type(e).__name__}: {e}", err=True)
    sys.stdout.write(render(findings, fmt))
    if failed:
        sys.exit(2)
    sys.exit(1 if any(severity_at_least(f.severity, fail_on) for f in findings) else 0)


def _codes(values: tuple[str, ...]) -> list[str]:
    return [c.strip().upper() for v in values for c in v.split(",") if c.strip()]


@cli.command("rules")
@click.option("--docs", "docs_path", type=click.Path(dir_okay=False, writable=True),
              help="Write every rule's documentation as one Markdown page to this file.")
def rules_command(docs_path: str | None) -> None:
    """List the rule catalog (code, severity, name, summary).

    Example: gongkai rules --docs docs/rules.md
    """
    if docs_path:
        with open(docs_path, "w", encoding="utf-8") as f:
            f.write(rule_docs(REGISTRY))
        click.echo(f"wrote {len(REGISTRY)} rules to {docs_path}")
        return
    for code in sorted(REGISTRY):
        r = REGISTRY[code]
        click.echo(f"{code:7s} {r.severity:8s} {r.name:32s} {r.summary}")


@cli.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Print one rule's documentation.

    Example: gongkai rule T3001
    """
    r = REGISTRY.get(code.upper())
    if r is None:
        click.echo(f"gongkai: error: no rule {code!r} (see `gongkai rules`)", err=True)
        sys.exit(2)
    click.echo(f"{r.code} {r.name} ({r.severity})\n\n{r.summary}\n\nMessage: {r.message}\n\n{r.doc()}")


def _print_error(path: str, reason: str, as_json: bool) -> None:
    if as_json:
        _print_json({"source": path, "error": reason})
    else:
        click.echo(f"{path}: error: {reason}", err=True)


def _print_json(obj: dict) -> None:
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
