"""Single sources and the walk over paths: read, extract, check, and their batch forms
(one `Result` per source). Re-exported by ``gongkai.api``."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from gongkai.api.urls import check_available, is_url, listing, normalise, read_url
from gongkai.errors import GongkaiError, InternalError, ReadError, UsageError
from gongkai.extract import extract_document
from gongkai.model import Document, Finding, Report
from gongkai.readers import MAX_BYTES, sniff
from gongkai.readers import load as load_path
from gongkai.readers import read as read_path
from gongkai.readers import read_bytes as read_source_bytes

if TYPE_CHECKING:  # the rule catalog is imported when first asked for: `gongkai extract` never loads it
    from gongkai.rules import Profile, Rule

PathLike = str | os.PathLike[str]
P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R")

# Files a directory walk picks up; named files are always read, whatever their ending.
# Forms without a reader yet are picked up too, so that a walk reports them as unread.
REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".htm", ".html", ".pdf", ".docx", ".doc", ".wps",
                   ".odt", ".fodt", ".xlsx", ".xlsm", ".xls", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif")
# Data files a directory walk picks up only when they hold a report: HTML with table markup in
# a string of a JSON document, JSON lines or a script (a portal's API response, a page's
# script). Others (package.json, the cells of an X.expected.json) are skipped.
DATA_SUFFIXES = (".json", ".jsonl", ".js")
# Project files that sit beside reports but are not reports.
NOT_REPORTS = ("readme", "license", "changelog", "contributing")
STDIN = "-"  # the path that means standard input


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


def read(source: PathLike | bytes, *, name: str = "<bytes>", split_scans: bool = False) -> Document:
    """The Document of a file (a path or an fsspec URL, ``api/urls.py``) or of bytes already in
    memory (``name`` names them in errors and provenance). Raises ReadError saying why a
    source cannot be read; with ``split_scans``, ``readers.ScanPages`` for a scan of several
    pages (the dask engine reads its pages apart)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return _guarded(name, read_source_bytes, bytes(source), name)
    path = os.fspath(source)
    if is_url(path):
        return _guarded(path, read_source_bytes, _guarded(path, read_url, path), path, split_scans=split_scans)
    return _guarded(path, read_path, path, split_scans=split_scans)


def load(source: str) -> bytes:
    """The bytes of a source given as a path or an fsspec URL (ReadError saying why not)."""
    return _guarded(source, read_url, source) if is_url(source) else _guarded(source, load_path, source)


def stored_as(source: str) -> str:
    """What the store keys a source walked by: its absolute path, or its normalised URL."""
    return normalise(source) if is_url(source) else os.path.abspath(source)


def read_bytes(data: bytes, source: str) -> Document:
    """The Document of bytes already in memory, named ``source`` (an upload, a database blob)."""
    return read(data, name=source)


def extract(source: PathLike | bytes | Document, *, name: str = "<bytes>") -> Report:
    """The Report (metadata, every cell, provenance) of a path, bytes or a Document."""
    doc = source if isinstance(source, Document) else read(source, name=name)
    return _guarded(doc.source, extract_document, doc)


def check(source: PathLike | bytes | Document | Report, *, select: Iterable[str] | None = None,
          ignore: Iterable[str] | None = None, profiles: Iterable[str] | None = None,
          name: str = "<bytes>") -> list[Finding]:
    """The findings of the selected rules (default: all) on one report, by line then code.

    ``source`` is a path, bytes, a Document, or a Report from `extract` (which keeps its
    Document for the rules that read the text). ``profiles`` names rule profiles to turn on
    (local rules, see `profiles`). A file that is no annual report at all gets one E002
    finding. Raises UsageError for an unknown rule code or profile.
    """
    select, ignore = validate_selection(select, ignore, profiles)
    return _check(source, select, ignore, _profiles(profiles), name)


def _check(source: PathLike | bytes | Document | Report, select: list[str], ignore: list[str],
           profiles: list[Profile], name: str = "<bytes>") -> list[Finding]:
    from gongkai.rules import check_report

    report = source if isinstance(source, Report) else extract(source, name=name)
    if report.document is None:
        raise UsageError(f"{report.source}: 报告缺少原文（Document），无法检查 / a Report without its Document "
                         "(unpickled?) cannot be checked: check the source, or the Report that extract() returned")
    return _guarded(report.source, check_report, report.document, report, select, ignore, profiles)


def validate_selection(select: Iterable[str] | None, ignore: Iterable[str] | None = None,
                       profiles: Iterable[str] | None = None) -> tuple[list[str], list[str]]:
    """Rule code patterns as lists, upper-cased; UsageError naming any pattern, selected or
    ignored, that matches no rule (a typo would otherwise silently check nothing or ignore
    nothing), and any rule selected by its full code whose profile is not among ``profiles``
    (it would not run)."""
    from gongkai.rules import REGISTRY, profile_rules

    chosen = [c.strip().upper() for c in (select or ["ALL"]) if c.strip()] or ["ALL"]
    skipped = [c.strip().upper() for c in (ignore or ()) if c.strip()]
    unknown = [c for c in chosen + skipped if c != "ALL" and not any(code.startswith(c) for code in REGISTRY)]
    if unknown:
        raise UsageError(f"没有与 {', '.join(unknown)} 对应的规则 / no rule matches {', '.join(unknown)} "
                         "(规则目录 / see `gongkai rules`)")
    on = {p.name for p in _profiles(profiles)}
    local = profile_rules()
    off = [c for c in chosen if c in local and not on.intersection(local[c])]
    if off:
        need = ", ".join(f"{c} → --profile {'/'.join(local[c])}" for c in off)
        raise UsageError(f"规则 {', '.join(off)} 属于地方规则配置，未启用 / rule {', '.join(off)} belongs to a "
                         f"profile that is not on ({need})")
    return chosen, skipped


def local_rules_off(profiles: Iterable[str] | None = None) -> frozenset[str]:
    """The codes of the local rules none of ``profiles`` turns on: the store holds every
    profile's findings (an audit runs them all), and whatever reads them back leaves these out."""
    from gongkai.rules import profile_rules

    on = {p.name for p in _profiles(profiles)}
    return frozenset(code for code, names in profile_rules().items() if not on.intersection(names))


def profiles() -> list[Profile]:
    """The rule profiles (local requirements, off by default), by name."""
    from gongkai.rules import load_profile, profile_names

    return [load_profile(n) for n in profile_names()]


def _profiles(names: Iterable[str] | None) -> list[Profile]:
    """The profiles named (UsageError naming the known ones for an unknown name)."""
    from gongkai.rules import load_profile

    names = [names] if isinstance(names, str) else list(names or ())
    return [load_profile(n) for n in dict.fromkeys(n.strip() for n in names) if n]


def rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
          profiles: Iterable[str] | None = None) -> list[type[Rule]]:
    """The catalog's rules that a selection runs (with ``profiles`` on), by code: those of one
    report, of a body's years and of a corpus alike."""
    from gongkai.rules import selected_rules

    chosen, skipped = validate_selection(select, ignore, profiles)
    on = [p.name for p in _profiles(profiles)]
    return sorted((r for scope in ("report", "series", "corpus") for r in selected_rules(chosen, skipped, on, scope)),
                  key=lambda r: r.code)


def catalog() -> list[type[Rule]]:
    """Every rule of the catalog, by code (E000, the finding for a rule that crashed, included)."""
    from gongkai.rules import REGISTRY

    return [REGISTRY[code] for code in sorted(REGISTRY)]


def rule(code: str) -> type[Rule]:
    """One rule by its code (any case); UsageError naming the code if there is none."""
    from gongkai.rules import REGISTRY

    found = REGISTRY.get(code.strip().upper())
    if found is None:
        raise UsageError(f"没有规则 {code!r} / no rule {code!r} (规则目录 / see `gongkai rules`)")
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
    no report files a Result with ``warning``. An fsspec URL is walked the same way
    (``_walk_url``); UsageError for one whose protocol has no implementation here."""
    given = [os.fspath(x) for x in paths]
    for p in given:
        if is_url(p):
            check_available(p)  # before anything is read: a usage fault, not a failed source
    for p in given:
        if is_url(p):
            yield from _walk_url(p)
            continue
        if p == STDIN or not os.path.isdir(p):
            yield Result(p)
            continue
        unlisted: list[OSError] = []
        found = 0
        for root, dirs, files in os.walk(p, onerror=unlisted.append):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                path = os.path.join(root, f)
                if _is_report(f, path):
                    found += 1
                    yield Result(path)
        for e in unlisted:
            yield Result(str(e.filename), error=f"无法列出目录 / cannot list directory: {e.strerror or e}")
        if not found and not unlisted:
            yield _no_reports(p)


def _walk_url(url: str) -> Iterator[Result]:
    """The sources a URL names: itself (a file), or the report files under it (a directory)."""
    try:
        found = listing(url)
    except (OSError, ValueError, RuntimeError) as e:  # an archive that is not there, a service that does not answer
        reason = str(e).strip().splitlines()[0][:200] if str(e).strip() else type(e).__name__
        yield Result(normalise(url), error=f"无法访问 / cannot reach it: {reason}")
        return
    if found is None:
        yield Result(normalise(url))
        return
    reports = [u for u in found if _is_report(u.partition("::")[0].rsplit("/", 1)[-1], u)]
    yield from (Result(u) for u in reports)
    if not reports:
        yield _no_reports(url)


def _is_report(name: str, source: str) -> bool:
    """Whether a file a walk finds is taken: a report's ending, or a data file that holds a
    report (it would be read as HTML: table markup in its strings); project files are not."""
    lower = name.lower()
    if name.startswith(".") or lower.endswith(".expected.json") or lower.startswith(NOT_REPORTS):
        return False
    return lower.endswith(REPORT_SUFFIXES) or lower.endswith(DATA_SUFFIXES) and _holds_report(source)


def _no_reports(p: str) -> Result:
    endings = ", ".join(REPORT_SUFFIXES + DATA_SUFFIXES)
    return Result(p, warning=f"{p} 下没有报告文件 / no report files ({endings}, the data files holding report "
                             f"markup) under {p}")


def _holds_report(source: str) -> bool:
    """Whether a data file holds a report (read as HTML). A file that is not a regular one
    (a pipe would block) or cannot be opened is taken, for reading it to say why."""
    try:
        if is_url(source):
            data = read_url(source)
        else:
            if not stat.S_ISREG(os.stat(source).st_mode):
                return True
            with open(source, "rb") as f:
                data = f.read(MAX_BYTES)
    except (OSError, ReadError):
        return True
    return sniff(data, source) == "html"


def extract_all(paths: Iterable[PathLike]) -> Iterator[Result]:
    """One Result (with its Report, or an error) per source under ``paths``."""
    return _run(paths, None)


def check_all(paths: Iterable[PathLike], *, select: Iterable[str] | None = None,
              ignore: Iterable[str] | None = None, profiles: Iterable[str] | None = None,
              ignore_for: Callable[[str], Iterable[str]] | None = None) -> Iterator[Result]:
    """One Result (with its Report and findings, or an error) per source under ``paths``.
    ``ignore_for(source)`` gives codes ignored for that source only (a settings file's
    per-file ignores). Files that are no annual report, named or found in a directory, get
    one E002 finding each (so that every file walked is accounted for). The selection and
    profiles are validated before any file is read (UsageError)."""
    select, ignore = validate_selection(select, ignore, profiles)
    return _run(paths, (select, ignore, _profiles(profiles), ignore_for))


_Checking = tuple[list[str], list[str], list["Profile"], Callable[[str], Iterable[str]] | None]


def _run(paths: Iterable[PathLike], checking: _Checking | None) -> Iterator[Result]:
    for item in walk(paths):
        if item.error or item.warning:
            yield item
            continue
        try:
            report = extract(sys.stdin.buffer.read(), name=STDIN) if item.source == STDIN else extract(item.source)
            findings: list[Finding] = []
            if checking is not None:
                select, ignore, profiles, ignore_for = checking
                extra = validate_selection(None, ignore_for(item.source))[1] if ignore_for else []
                findings = _check(report, select, ignore + extra, profiles)
        except (ReadError, InternalError) as e:
            yield Result(item.source, error=e.reason)
        else:
            yield Result(item.source, report, findings)
