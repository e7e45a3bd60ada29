"""The `gongkai` command group and what its commands share: one-line usage faults (exit 2),
bilingual help, settings, JSON lines, the progress bar. Only the ``gongkai.cli`` package
knows click; each command module registers its commands on ``cli``."""

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
from gongkai.version import __version__

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str) -> NoReturn:
    click.echo(f"gongkai: error: {message}", err=True)
    sys.exit(2)


def usage_faults_exit_2(command: F) -> F:
    """Run a command; a GongkaiError (settings, selection) or an unwritable output path
    becomes one line on stderr and exit code 2, never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except GongkaiError as e:
            fail(str(e))

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



def settings_from(config_path: str | None, fmt: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
              profiles: tuple[str, ...], fail_on: str | None) -> Settings:
    """The settings file's settings, checked against the catalog (a fault names the file),
    with the command line's options over them."""
    settings = load_settings(config=config_path)
    chosen_profiles = split_codes(profiles)
    try:
        api.validate_selection(settings.select, settings.ignore + [c for *_, cs in settings.per_file_ignores
                                                                   for c in cs], settings.profiles + chosen_profiles)
    except UsageError as e:
        raise ConfigError(f"{settings.path}: {e}") from None
    settings.format = fmt or settings.format
    settings.profiles = chosen_profiles or settings.profiles
    settings.fail_on = fail_on or settings.fail_on
    settings.select, settings.ignore = api.validate_selection(split_codes(select) or settings.select,
                                                              split_codes(ignore) or settings.ignore, settings.profiles)
    return settings



@contextmanager
def progress_bar() -> Iterator[Callable[[int, int], None] | None]:
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





def split_codes(values: Iterable[str]) -> list[str]:
    """Comma-separated option values as one list (api.validate_selection normalises codes)."""
    return [c.strip() for v in values for c in v.split(",") if c.strip()]



def print_error(path: str, reason: str, as_json: bool) -> None:
    if as_json:
        print_json({"source": path, "error": reason})
    else:
        click.echo(f"{path}: error: {reason}", err=True)


def print_json(obj: dict[str, Any]) -> None:
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
