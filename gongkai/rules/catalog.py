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
from gongkai.spec.profile import profile_rules

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
# Codes of the catalog that are not checks of a report but say what became of one:
# a rule crashed (E000), the file could not be read (E001), it is not a report (E002).
NOT_CHECKS = frozenset({"E000", "E001", "E002"})
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


def selected_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                   profiles: Iterable[str] = ()) -> list[type[Rule]]:
    """The rules a selection runs, by code: selected by ``select`` (default ALL), not ignored,
    and, for a rule that belongs to a profile (a local requirement), only when one of its
    profiles is on. The E codes are never among them: they have no check (``NOT_CHECKS``)."""
    select = list(select) if select else ["ALL"]
    ignore = list(ignore or ())
    on = set(profiles)
    local = profile_rules()
    return [REGISTRY[c] for c in sorted(REGISTRY)
            if c not in NOT_CHECKS and matches(c, select) and not matches(c, ignore)
            and (c not in local or on.intersection(local[c]))]


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


@register
class Unreadable(Rule):
    """## What it checks
    Nothing in the report: it stands for a file that could not be read at all (not a format
    gongkai reads, damaged, encrypted, empty, or no permission), with the reason. It is how
    an unreadable file appears among the findings of every output format (JSON, SARIF's
    tool execution notifications, GitHub annotations, text), so that no input is silently
    left out.

    ## Why it matters
    A folder checked "without findings" must mean every report in it was checked. The exit
    code is 2 whenever a file could not be read.

    ## Example
    "不能读取：not a format gongkai reads (ZIP archive that is not DOCX or ODT)".

    ## Basis
    The checker's own guarantee, like ruff's E902 (io-error). It cannot be ignored.
    """

    code = "E001"
    name = "unreadable"
    title = "文件不能读取"
    severity = "error"
    summary = "the file could not be read (the reason is given); exit code 2"
    message = "不能读取：{actual}"

    def check(self, ctx: Context) -> Iterable[Finding]:
        return ()

    @classmethod
    def of(cls, source: str, reason: str) -> Finding:
        """The finding that ``source`` could not be read, for ``reason``."""
        return Finding(cls.code, cls.name, cls.severity, cls.message.format(actual=reason), source, actual=reason)


@register
class NotAReport(Rule):
    """## What it checks
    Whether the file is a government information disclosure annual report at all: a file with
    no title, no statutory section heading (一、总体情况 …) and no cell of the statutory
    tables (a README, a CSV, a letter) gets this one finding instead of a finding for every
    part it lacks. A part of a report (one table, an excerpt) is a report.

    ## Why it matters
    Dozens of "section missing" findings on a file that is not a report hide the one thing
    to say: it was given by mistake. In a walked folder such files are reported the same way,
    so that every file in the folder is accounted for.

    ## Example
    "不是政府信息公开工作年度报告（未找到标题、章节标题和统计表格）".

    ## Basis
    《政府信息公开条例》第五十条 (what an annual report contains); 国办公开办函〔2021〕30号 (its
    form). Reported unless ignored (``--ignore E002``: then every rule runs on the file).
    """

    code = "E002"
    name = "not-a-report"
    title = "不是政府信息公开工作年度报告"
    severity = "error"
    summary = "the file has no title, section heading or table of an annual report"
    message = "不是政府信息公开工作年度报告（未找到标题、章节标题和统计表格）"

    def check(self, ctx: Context) -> Iterable[Finding]:
        return ()

    @classmethod
    def applies(cls, ctx: Context) -> bool:
        """Whether the report shows none of an annual report's parts."""
        report = ctx.report
        return (not report.meta.get("title") and not ctx.headings
                and all(v is None for v in report.cells.values()))

    @classmethod
    def of(cls, ctx: Context) -> Finding:
        return cls().finding(ctx)
