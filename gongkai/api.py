"""The library API: the one entry point of the CLI, the web app and the distributed engine.

Each function runs the pipeline (readers → extract → rules) for its callers, so that no
caller writes it out again. Single sources:

>>> from gongkai import api
>>> report = api.extract("report.pdf")            # or a Document, or bytes with a name
>>> findings = api.check(report, select=["T3"])   # or a path, a Document, bytes

Batches (a list of files and directories, walked as the CLI walks them) yield one `Result`
per source, in order, and never stop at a bad file: its `Result` carries the `error`.

Errors are those of ``gongkai.errors``: `ReadError` for a source that cannot be read,
`InternalError` for a bug met on one source (the original exception chained), `UsageError`
for an unknown rule code. Nothing else escapes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from gongkai.errors import GongkaiError, InternalError, ReadError, UsageError
from gongkai.extract import extract_document
from gongkai.model import SEVERITIES, Document, Finding, Report, severity_at_least
from gongkai.readers import MAX_BYTES, sniff
from gongkai.readers import read as read_path
from gongkai.readers import read_bytes as read_source_bytes

if TYPE_CHECKING:  # the rule catalog is imported when first asked for: `gongkai extract` never loads it
    from gongkai.rules import Rule

PathLike = str | os.PathLike[str]
P = ParamSpec("P")
T = TypeVar("T")

# Files a directory walk picks up; named files are always read, whatever their ending.
# Forms without a reader yet are picked up too, so that a walk reports them as unread.
REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".htm", ".html", ".pdf", ".docx", ".doc", ".wps",
                   ".odt", ".fodt", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif")
# Data files a directory walk picks up only when they hold a report: HTML with table markup in
# a string of a JSON document, JSON lines or a script (a portal's API response, a page's
# script). Others (package.json, the cells of an X.expected.json) are skipped.
DATA_SUFFIXES = (".json", ".jsonl", ".js")
# Project files that sit beside reports but are not reports.
NOT_REPORTS = ("readme", "license", "changelog", "contributing")


@dataclass(frozen=True, slots=True)
class Result:
    """What became of one source of a batch.

    ``report`` is None when the source could not be read (``error`` says why, in the words
    of ReadError); ``findings`` are empty when checking was not asked for. ``warning`` is
    set for a named directory that holds no report files (not an error: nothing to do).
    """

    source: str
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    warning: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


# -- one source -----------------------------------------------------------------------


def read(source: PathLike | bytes, *, name: str = "<bytes>") -> Document:
    """The Document of a file (a path) or of bytes already in memory (``name`` names them
    in errors and provenance). Raises ReadError saying why a source cannot be read."""
    if isinstance(source, bytes | bytearray | memoryview):
        return _guarded(name, read_source_bytes, bytes(source), name)
    path = os.fspath(source)
    return _guarded(path, read_path, path)


def read_bytes(data: bytes, source: str) -> Document:
    """The Document of bytes already in memory, named ``source`` (an upload, a database blob)."""
    return read(data, name=source)


def extract(source: PathLike | bytes | Document, *, name: str = "<bytes>") -> Report:
    """The Report (metadata, every cell, provenance) of a path, bytes or a Document."""
    doc = source if isinstance(source, Document) else read(source, name=name)
    return _guarded(doc.source, extract_document, doc)


def check(source: PathLike | bytes | Document | Report, *, select: Iterable[str] | None = None,
          ignore: Iterable[str] | None = None, name: str = "<bytes>") -> list[Finding]:
    """The findings of the selected rules (default: all) on one report, by line then code.

    ``source`` is a path, bytes, a Document, or a Report from `extract` (which keeps its
    Document for the rules that read the text). Raises UsageError for an unknown rule code.
    """
    from gongkai.rules import check_report

    select, ignore = validate_selection(select, ignore)
    report = source if isinstance(source, Report) else extract(source, name=name)
    if report.document is None:
        raise UsageError(f"{report.source}: a Report without its Document (unpickled?) cannot be checked: "
                         "check the source, or the Report that extract() returned")
    return _guarded(report.source, check_report, report.document, report, select, ignore)


def validate_selection(select: Iterable[str] | None, ignore: Iterable[str] | None = None
                       ) -> tuple[list[str], list[str]]:
    """Rule code patterns as lists, upper-cased; UsageError naming any selected pattern that
    matches no rule (a typo would otherwise silently check nothing)."""
    from gongkai.rules import REGISTRY

    chosen = [c.strip().upper() for c in (select or ["ALL"]) if c.strip()] or ["ALL"]
    skipped = [c.strip().upper() for c in (ignore or ()) if c.strip()]
    unknown = [c for c in chosen if c != "ALL" and not any(code.startswith(c) for code in REGISTRY)]
    if unknown:
        raise UsageError(f"no rule matches {', '.join(unknown)} (see `gongkai rules`)")
    return chosen, skipped


def rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[type[Rule]]:
    """The catalog's rules that a selection runs, by code."""
    from gongkai.rules import selected_rules

    return selected_rules(*validate_selection(select, ignore))


def catalog() -> list[type[Rule]]:
    """Every rule of the catalog, by code (E000, the finding for a rule that crashed, included)."""
    from gongkai.rules import REGISTRY

    return [REGISTRY[code] for code in sorted(REGISTRY)]


def rule(code: str) -> type[Rule]:
    """One rule by its code (any case); UsageError naming the code if there is none."""
    from gongkai.rules import REGISTRY

    found = REGISTRY.get(code.strip().upper())
    if found is None:
        raise UsageError(f"no rule {code!r} (see `gongkai rules`)")
    return found


def _guarded(source: str, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Call one pipeline stage; an unexpected exception becomes InternalError for ``source``
    (a bug must not end a batch, nor reach a caller as a bare ValueError)."""
    try:
        return fn(*args, **kwargs)
    except GongkaiError:
        raise
    except Exception as e:
        raise InternalError(source, e) from e


# -- batches --------------------------------------------------------------------------


def walk(paths: Iterable[PathLike]) -> Iterator[Result]:
    """The sources under ``paths``, each as an empty Result: files named are taken whatever
    their ending; directories are walked (sorted, hidden entries skipped) for report files,
    and for data files (``DATA_SUFFIXES``) that hold report markup.
    A directory that cannot be listed gives a Result with ``error``; a named directory with
    no report files a Result with ``warning``."""
    for p in (os.fspath(x) for x in paths):
        if not os.path.isdir(p):
            yield Result(p)
            continue
        unlisted: list[OSError] = []
        found = 0
        for root, dirs, files in os.walk(p, onerror=unlisted.append):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                if f.startswith(".") or f.endswith(".expected.json") or f.lower().startswith(NOT_REPORTS):
                    continue
                path = os.path.join(root, f)
                if f.lower().endswith(REPORT_SUFFIXES) or f.lower().endswith(DATA_SUFFIXES) and _holds_report(path):
                    found += 1
                    yield Result(path)
        for e in unlisted:
            yield Result(str(e.filename), error=f"cannot list directory: {e.strerror or e}")
        if not found and not unlisted:
            endings = ", ".join(REPORT_SUFFIXES + DATA_SUFFIXES)
            yield Result(p, warning=f"no report files ({endings}, the data files holding report markup) under {p}")


def _holds_report(path: str) -> bool:
    """Whether a data file found by a walk holds a report: it would be read as HTML (table
    markup in its strings). A file that is not a regular one (a pipe would block) or cannot be
    opened is taken, for reading it to say why."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return True
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES)
    except OSError:
        return True
    return sniff(data, path) == "html"


def extract_all(paths: Iterable[PathLike]) -> Iterator[Result]:
    """One Result (with its Report, or an error) per source under ``paths``."""
    return _run(paths, None)


def check_all(paths: Iterable[PathLike], *, select: Iterable[str] | None = None,
              ignore: Iterable[str] | None = None) -> Iterator[Result]:
    """One Result (with its Report and findings, or an error) per source under ``paths``.
    The selection is validated before any file is read (UsageError)."""
    return _run(paths, validate_selection(select, ignore))


def _run(paths: Iterable[PathLike], selection: tuple[Sequence[str], Sequence[str]] | None) -> Iterator[Result]:
    for item in walk(paths):
        if item.error or item.warning:
            yield item
            continue
        try:
            report = extract(item.source)
            findings = [] if selection is None else check(report, select=selection[0], ignore=selection[1])
        except (ReadError, InternalError) as e:
            yield Result(item.source, error=e.reason)
        else:
            yield Result(item.source, report, findings)


__all__ = ["DATA_SUFFIXES", "NOT_REPORTS", "REPORT_SUFFIXES", "SEVERITIES", "Finding", "Result", "catalog", "check", "check_all",
           "extract", "extract_all", "read", "read_bytes", "rule", "rules", "severity_at_least", "validate_selection",
           "walk"]
