"""The catalog's parts: what a finding is, what a rule is, and the registry of rules.

Rule modules import ``Rule``, ``Finding`` and ``register`` from here (not from the package,
which imports every rule module to register it). ``Finding`` and the severities are defined
with the other data that flows between stages, in ``gongkai.model``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from typing import Any, ClassVar

from gongkai.model import SEVERITIES, Finding
from gongkai.rules.context import Context

DOC_SECTIONS = ("What it checks", "Why it matters", "Example", "Basis")


class Rule:
    """Base of every rule; subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]  # kebab-case English, stable (like a linter's rule name)
    title: ClassVar[str]  # short Chinese name of the defect, for people: 表三各类申请人之和不等于总计
    severity: ClassVar[str]
    message: ClassVar[str]  # str.format template, Chinese
    summary: ClassVar[str]  # one English line for `gongkai rules`

    def check(self, ctx: Context) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, ctx: Context, *, cells: Iterable[str] = (), line: int | None = None,
                expected: Any = None, actual: Any = None, severity: str | None = None,
                artifact: bool = False, col: tuple[int, int] | None = None, **fields: Any) -> Finding:
        """A Finding of this rule; the message is the template filled with ``fields``
        (and ``expected``/``actual``); the line defaults to the first cell's source line, and
        the location (page, table and row, paragraph: what a person opens) is that line's."""
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
                       cells, expected, actual, col, artifact, ctx.location(line, col))

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")


def show(v: Any) -> str:
    """A value as a message shows it: floats without trailing zeros, None as 空."""
    if isinstance(v, float):
        return f"{v:g}"
    return "空" if v is None else str(v)


REGISTRY: dict[str, type[Rule]] = {}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def register(cls: type[Rule]) -> type[Rule]:
    """Add a rule class to the catalog; codes, names and titles must be unique, and the title
    Chinese (the catalog is read by people in Chinese)."""
    if cls.code in REGISTRY:
        raise ValueError(f"duplicate rule code {cls.code}")
    if any(r.name == cls.name for r in REGISTRY.values()):
        raise ValueError(f"duplicate rule name {cls.name}")
    title = cls.__dict__.get("title")
    if not isinstance(title, str) or not _CJK.search(title):
        raise ValueError(f"{cls.code}: a rule needs its own Chinese title (class attribute `title`)")
    if any(r.title == title for r in REGISTRY.values()):
        raise ValueError(f"{cls.code}: duplicate rule title {title}")
    if cls.severity not in SEVERITIES:
        raise ValueError(f"{cls.code}: severity must be one of {SEVERITIES}")
    REGISTRY[cls.code] = cls
    return cls


def matches(code: str, patterns: Iterable[str]) -> bool:
    """Whether a code is selected by any pattern: a code prefix (T3, T30, T3001) or ALL."""
    return any(p == "ALL" or code.startswith(p) for p in patterns)


def selected_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[type[Rule]]:
    """The rules a selection runs, by code: selected by ``select`` (default ALL), not ignored.
    E000 is never among them: it has no check (see ``reports_crashes``)."""
    select = list(select) if select else ["ALL"]
    ignore = list(ignore or ())
    return [REGISTRY[c] for c in sorted(REGISTRY)
            if REGISTRY[c] is not RuleCrashed and matches(c, select) and not matches(c, ignore)]


def reports_crashes(ignore: Iterable[str] | None = None) -> bool:
    """Whether E000 is reported when a rule that runs raises: always, whatever ``select``
    says, unless an ``ignore`` pattern names it (E000, E0, E, ALL)."""
    return not matches(RuleCrashed.code, list(ignore or ()))


@register
class RuleCrashed(Rule):
    """## What it checks
    Nothing in the report: it stands for a rule whose check raised an exception on this
    report — a bug in gongkai or a report shaped in a way the rule did not foresee. The rule's
    code, name and title and the exception are named; the other rules still run and their
    findings are all reported, and so are the findings the crashed rule made before it
    raised. E000 has no check of its own: selecting it alone runs no rule.

    ## Why it matters
    One faulty rule must neither hide every other finding on the report nor pass silently:
    a report checked by fewer rules than asked for must say so. An error, because the
    report was not fully checked; please report it with the file that caused it.

    ## Example
    "规则 T3001 balance-mismatch（表三第一项加第二项不等于第三项加第四项）检查时出错：
    ZeroDivisionError: division by zero；其他规则的结果不受影响".

    ## Basis
    The catalog's own guarantee, like the code a linter reports for a file it could not check
    (ruff's E902). It is reported whenever a rule that ran crashed, whatever ``--select``
    chose (a crash is not a finding one opts into), unless ``--ignore`` names it (E000, E0,
    E).
    """

    code = "E000"
    name = "rule-crashed"
    title = "规则检查时出错"
    severity = "error"
    summary = "a rule raised an exception on this report (the other rules' findings are kept)"
    message = "规则 {rule}（{rule_title}）检查时出错：{actual}；其他规则的结果不受影响"

    def check(self, ctx: Context) -> Iterable[Finding]:
        return ()

    @classmethod
    def of(cls, ctx: Context, rule: type[Rule], error: Exception) -> Finding:
        """The finding that ``rule`` raised ``error`` on the report of ``ctx``."""
        return cls().finding(ctx, actual=f"{type(error).__name__}: {error}", rule=f"{rule.code} {rule.name}",
                             rule_title=rule.title)
