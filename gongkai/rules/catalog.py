"""The catalog's parts: what a finding is, what a rule is, and the registry of rules.

Rule modules import ``Rule``, ``Finding`` and ``register`` from here (not from the package,
which imports every rule module to register it).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from gongkai.rules.context import Context

SEVERITIES = ("info", "warning", "error")
DOC_SECTIONS = ("What it checks", "Why it matters", "Example", "Basis")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one report, pointing at the cells and source line involved."""

    code: str
    name: str
    severity: str
    message: str  # for people: Chinese
    source: str
    line: int | None = None
    cells: tuple[str, ...] = ()
    expected: Any = None
    actual: Any = None
    col: tuple[int, int] | None = None
    artifact: bool = False  # most likely caused by how the source was read, not by the report

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "source": self.source,
            "line": self.line,
            "col": list(self.col) if self.col else None,
            "cells": list(self.cells),
            "expected": self.expected,
            "actual": self.actual,
            "artifact": self.artifact,
        }


class Rule:
    """Base of every rule; subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[str]
    message: ClassVar[str]  # str.format template, Chinese
    summary: ClassVar[str]  # one English line for `gongkai rules`

    def check(self, ctx: Context) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, ctx: Context, *, cells: Iterable[str] = (), line: int | None = None,
                expected: Any = None, actual: Any = None, severity: str | None = None,
                artifact: bool = False, col: tuple[int, int] | None = None, **fields: Any) -> Finding:
        """A Finding of this rule; the message is the template filled with ``fields``
        (and ``expected``/``actual``); the line defaults to the first cell's source line."""
        cells = tuple(cells)
        if line is None:
            for key in cells:
                prov = ctx.report.provenance.get(key)
                if prov is not None and prov.line is not None:
                    line, col = prov.line, col or prov.col
                    break
        message = self.message.format(expected=show(expected), actual=show(actual), **fields)
        if artifact:
            message += "（可能是原文排版或提取造成的，请核对原文）"
        return Finding(self.code, self.name, severity or self.severity, message, ctx.report.source, line,
                       cells, expected, actual, col, artifact)

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")


def show(v: Any) -> str:
    """A value as a message shows it: floats without trailing zeros, None as 空."""
    if isinstance(v, float):
        return f"{v:g}"
    return "空" if v is None else str(v)


REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Add a rule class to the catalog; codes and names must be unique."""
    if cls.code in REGISTRY:
        raise ValueError(f"duplicate rule code {cls.code}")
    if any(r.name == cls.name for r in REGISTRY.values()):
        raise ValueError(f"duplicate rule name {cls.name}")
    if cls.severity not in SEVERITIES:
        raise ValueError(f"{cls.code}: severity must be one of {SEVERITIES}")
    REGISTRY[cls.code] = cls
    return cls


def matches(code: str, patterns: Iterable[str]) -> bool:
    """Whether a code is selected by any pattern: a code prefix (T3, T30, T3001) or ALL."""
    return any(p == "ALL" or code.startswith(p) for p in patterns)


def selected_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[type[Rule]]:
    select = list(select) if select else ["ALL"]
    ignore = list(ignore or ())
    return [REGISTRY[c] for c in sorted(REGISTRY) if matches(c, select) and not matches(c, ignore)]


def severity_at_least(severity: str, floor: str) -> bool:
    return SEVERITIES.index(severity) >= SEVERITIES.index(floor)
