"""The `gongkai` command: argument parsing only; the work is done by the library."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator

import click

from gongkai import __version__
from gongkai.extract import extract_document
from gongkai.readers import ReadError, read

# Files a directory walk picks up; named files are always read, whatever their ending.
REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".text")


def walk(paths: tuple[str, ...]) -> Iterator[str]:
    """Files named, and report files under directories named (sorted, hidden ones skipped)."""
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.startswith(".") or f.endswith(".expected.json"):
                        continue
                    if f.lower().endswith(REPORT_SUFFIXES):
                        yield os.path.join(root, f)
        else:
            yield p


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
    for path in walk(paths):
        try:
            report = extract_document(read(path))
        except ReadError as e:
            failed = True
            if as_json:
                _print_json({"source": path, "error": e.reason})
            else:
                click.echo(f"{path}: error: {e.reason}", err=True)
            continue
        if as_json:
            obj = report.to_dict()
            if not provenance:
                obj.pop("provenance")
            _print_json(obj)
        else:
            from gongkai.output.terminal import print_report

            print_report(report)
    sys.exit(2 if failed else 0)


def _print_json(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def main() -> None:
    cli(prog_name="gongkai")
