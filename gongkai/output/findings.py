"""Findings for people (text, grouped per file) and for programs (JSON, SARIF, GitHub)."""

from __future__ import annotations

import json
from typing import Any

from gongkai.rules import REGISTRY, Finding
from gongkai.version import __version__

FORMATS = ("text", "json", "sarif", "github")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def render(findings: list[Finding], fmt: str) -> str:
    return {"text": text, "json": as_json, "sarif": sarif, "github": github}[fmt](findings)


def text(findings: list[Finding]) -> str:
    """Grouped per file: line, code, severity, message, cells."""
    out: list[str] = []
    source = None
    for f in findings:
        if f.source != source:
            if source is not None:
                out.append("")
            source = f.source
            out.append(source)
        where = f"{f.line}" if f.line is not None else "-"
        out.append(f"  {where:>5}  {f.code} [{SEVERITY_ZH[f.severity]}] {f.message}")
        if f.cells:
            shown = ", ".join(f.cells[:8]) + (f" …(+{len(f.cells) - 8})" if len(f.cells) > 8 else "")
            out.append(f"         单元格: {shown}")
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    out.append("")
    out.append(f"共 {len(findings)} 条：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}")
    return "\n".join(out) + "\n"


def as_json(findings: list[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=1) + "\n"


def github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands (annotations)."""
    level = {"error": "error", "warning": "warning", "info": "notice"}

    def esc(s: str) -> str:
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    lines = []
    for f in findings:
        loc = f"file={esc(f.source)}" + (f",line={f.line}" if f.line is not None else "")
        lines.append(f"::{level[f.severity]} {loc},title={f.code} {f.name}::{esc(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def sarif(findings: list[Finding]) -> str:
    """SARIF 2.1.0, one run, the catalog's rules as the tool's rules."""
    level = {"error": "error", "warning": "warning", "info": "note"}
    used = sorted({f.code for f in findings})
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
    results = []
    for f in findings:
        loc: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": f.source}}}
        if f.line is not None:
            region: dict[str, int] = {"startLine": f.line}
            if f.col:
                region.update(startColumn=f.col[0] + 1, endColumn=f.col[1] + 1)
            loc["physicalLocation"]["region"] = region
        results.append({
            "ruleId": f.code,
            "ruleIndex": used.index(f.code),
            "level": level[f.severity],
            "message": {"text": f.message},
            "locations": [loc],
            "properties": {"cells": list(f.cells), "expected": f.expected, "actual": f.actual,
                           "artifact": f.artifact},
        })
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "gongkai", "version": __version__, "rules": rules}},
                  "results": results}],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"

