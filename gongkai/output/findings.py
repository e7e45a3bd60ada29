"""Findings for people (text, grouped per file) and for programs (JSON, SARIF, GitHub).

Every input is accounted for: a file that could not be read comes as an E001 (unreadable)
finding among the others, in its place, and each format shows it as that format shows a
failed input: a JSON entry with an ``error`` field (finding-shaped, so that consumers of
the array still work), a SARIF tool execution notification (``executionSuccessful`` false),
a GitHub ``::error`` annotation, and in text a line under the file and a count in the
summary.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from gongkai.model import OUTPUT_FORMATS
from gongkai.output.locations import annotation_text, describe, file_line, sarif_location
from gongkai.rules import REGISTRY, Finding, Unreadable
from gongkai.version import __version__

FORMATS = OUTPUT_FORMATS
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def render(findings: Iterable[Finding], fmt: str, *, checked: int | None = None, quiet: int = 0) -> str:
    """The findings (E001 for each file that could not be read) in ``fmt``. ``checked`` is
    the number of inputs (for the text summary); ``quiet`` 1 leaves the summary out of the
    text, 2 or more prints nothing (the exit code says it all)."""
    out = io.StringIO()
    write(findings, fmt, out, checked=checked, quiet=quiet)
    return out.getvalue()


def write(findings: Iterable[Finding], fmt: str, out: TextIO, *, checked: int | Callable[[], int] | None = None,
          quiet: int = 0) -> None:
    """``render`` written to ``out`` as the findings come: an audit's findings are read from
    its store a few hundred at a time and never held together (a national corpus has
    millions); so does `check` over many files."""
    if quiet >= 2:
        return
    if fmt == "text":
        text(findings, out, checked=checked, summary=not quiet)
    else:
        {"json": as_json, "sarif": sarif, "github": github}[fmt](findings, out)


def unreadable(source: str, reason: str) -> Finding:
    """The E001 finding that stands for a file that could not be read."""
    return Unreadable.of(source, reason)


def text(findings: Iterable[Finding], out: TextIO, *, checked: int | Callable[[], int] | None = None,
         summary: bool = True) -> None:
    """Grouped per file: line, code, severity, message, cells; then how many files were
    checked (``checked``, or what it gives once the findings are written: a count kept as
    they are made), how many could not be read, and the findings by severity (or 全部检查通过)."""
    source = None
    counts = {"error": 0, "warning": 0, "info": 0}
    failed = 0
    for f in findings:
        if f.source != source:
            out.write(f"\n{f.source}\n" if source is not None else f"{f.source}\n")
            source = f.source
        if f.code == Unreadable.code:
            failed += 1
        else:
            counts[f.severity] += 1
        out.write(f"  {describe(f):>5}  {f.code} [{SEVERITY_ZH[f.severity]}] {f.message}\n")
        if f.cells:
            shown = ", ".join(f.cells[:8]) + (f" …(+{len(f.cells) - 8})" if len(f.cells) > 8 else "")
            out.write(f"         单元格: {shown}\n")
        if f.other is not None:  # a cross-year or corpus finding: the report it compares with
            year = f"（{f.other.year}年）" if f.other.year else ""
            cells = f" 单元格: {', '.join(f.other.cells[:8])}" if f.other.cells else ""
            out.write(f"         对照: {f.other.source}{year}{cells}\n")
    if not summary:
        return
    if source is not None:
        out.write("\n")
    if callable(checked):
        checked = checked()
    files = f"已检查 {checked} 个文件" if checked is not None else "已检查"
    if failed:
        files += f"，其中 {failed} 个不能读取"
    if source is None:
        out.write(f"{files}。全部检查通过\n")
    else:
        out.write(f"{files}。共 {sum(counts.values())} 条：错误 {counts['error']}，警告 {counts['warning']}，"
                  f"提示 {counts['info']}\n")


def statistics(findings: Iterable[Finding], fmt: str = "text") -> str:
    """Counts per rule, most frequent first (as `ruff check --statistics`): count, code,
    title; a JSON array of {code, name, title, count} for ``fmt`` json."""
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if fmt == "json":
        return json.dumps([{"code": c, "name": REGISTRY[c].name, "title": REGISTRY[c].title, "count": n}
                           for c, n in rows], ensure_ascii=False, indent=1) + "\n"
    width = max((len(str(n)) for _, n in rows), default=1)
    return "".join(f"{n:>{width}}\t{c}\t{REGISTRY[c].title}\n" for c, n in rows)


def as_json(findings: Iterable[Finding], out: TextIO) -> None:
    """One array of findings; an unreadable file's entry also has ``error`` (the reason).
    Written entry by entry, as ``json.dumps`` of the whole array with indent 1 writes it."""
    first = True
    for f in findings:
        out.write("[\n " if first else ",\n ")
        out.write(json.dumps(_entry(f), ensure_ascii=False, indent=1).replace("\n", "\n "))
        first = False
    out.write("[]\n" if first else "\n]\n")


def _entry(f: Finding) -> dict[str, Any]:
    d = f.to_dict()
    if f.code == Unreadable.code:
        d["error"] = f.actual
    return d


def github(findings: Iterable[Finding], out: TextIO) -> None:
    """GitHub Actions workflow commands (annotations)."""
    level = {"error": "error", "warning": "warning", "info": "notice"}

    def esc(s: str) -> str:
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    for f in findings:
        line = file_line(f)
        loc = f"file={esc(f.source)}" + (f",line={line}" if line is not None else "")
        out.write(f"::{level[f.severity]} {loc},title={f.code} {f.name}::{esc(annotation_text(f))}\n")


def sarif(findings: Iterable[Finding], out: TextIO) -> None:
    """SARIF 2.1.0, one run; a file that could not be read is a tool execution notification
    of the run's invocation, not a result. Written as the findings come, like the other
    formats: the results first, then the tool with the rules they used (in the order first
    used: each result's ``ruleIndex`` is known when it is written) and the invocation. JSON
    objects have no order, so this is the same document a reader gets either way."""
    level = {"error": "error", "warning": "warning", "info": "note"}
    used: dict[str, int] = {}
    failed: list[Finding] = []
    out.write('{\n "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n "version": "2.1.0",\n'
              ' "runs": [\n  {\n   "results": [')
    first = True
    for f in findings:
        if f.code == Unreadable.code:
            failed.append(f)
            continue
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": used.setdefault(f.code, len(used)),
            "level": level[f.severity],
            "message": {"text": f.message},
            "locations": [sarif_location(f)],
            "properties": {"cells": list(f.cells), "expected": f.expected, "actual": f.actual,
                           "artifact": f.artifact},
        }
        if f.other is not None:  # the report a cross-year or corpus finding compares with
            result["relatedLocations"] = [{"id": 1, "physicalLocation": {"artifactLocation": {"uri": f.other.source}},
                                           "message": {"text": f"{f.other.year}年报告" if f.other.year else "对照报告"}}]
            result["properties"]["other"] = f.other.to_dict()
        out.write("\n    " if first else ",\n    ")
        out.write(_indented(result, 4))
        first = False
    rules = []
    for code in used:
        r = REGISTRY[code]
        rules.append({
            "id": code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.doc()},
            "defaultConfiguration": {"level": level[r.severity]},
            "help": {"text": r.doc(), "markdown": r.doc()},
        })
    tool = {"driver": {"name": "gongkai", "version": __version__, "rules": rules}}
    invocations = [{"executionSuccessful": not failed, "toolExecutionNotifications": [
        {"level": "error", "message": {"text": f.message}, "descriptor": {"id": f.code},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": f.source}}}]} for f in failed]}]
    out.write("]," if first else "\n   ],")
    out.write(f'\n   "tool": {_indented(tool, 3)},\n   "invocations": {_indented(invocations, 3)}\n  }}\n ]\n}}\n')


def _indented(value: Any, depth: int) -> str:
    """``value`` as indented JSON (one space a level) to sit ``depth`` levels deep."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)
