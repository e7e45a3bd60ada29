"""The catalog's parts: what a finding is, what a rule is, and the registry of rules.

Rule modules import ``Rule``, ``Finding`` and ``register`` from here (not from the package,
which imports every rule module to register it). ``Finding`` and the severities are defined
with the other data that flows between stages, in ``gongkai.model``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar

from gongkai.model import SEVERITIES, Finding
from gongkai.rules.context import Context

# Each rule's doc page: Chinese first (reviewers read it), English beside it (developers).
DOC_SECTIONS = ("检查内容 / What it checks", "为什么重要 / Why it matters", "示例 / Example", "依据 / Basis")


class Rule:
    """Base of every rule; subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]  # kebab-case English, stable (like a linter's rule name)
    title: ClassVar[str]  # short Chinese name of the defect, for people: 表三各类申请人之和不等于总计
    severity: ClassVar[str]
    message: ClassVar[str]  # str.format template, Chinese
    summary: ClassVar[str]  # one English line for `gongkai rules`
    # The template's fields (with ``expected``/``actual``) for one typical finding, so that the
    # docs show the message exactly as a reviewer reads it, not the raw template.
    example: ClassVar[Mapping[str, Any]]

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

    @classmethod
    def example_message(cls) -> str:
        """The message of a typical finding, filled in as ``finding`` fills it."""
        fields = dict(cls.example)
        expected, actual = fields.pop("expected", None), fields.pop("actual", None)
        return cls.message.format(expected=show(expected), actual=show(actual), **fields)


def example_fields(**fields: Any) -> Mapping[str, Any]:
    """A rule's ``example``: read-only, since a class attribute is shared by every instance."""
    return MappingProxyType(fields)


def show(v: Any) -> str:
    """A value as a message shows it: floats without trailing zeros (every printed decimal kept:
    a fee of 190.457379 万元 is shown so, not rounded to six digits), None as 空."""
    if isinstance(v, float):
        return f"{v:.15g}"
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
    """## 检查内容 / What it checks
    不检查报告内容：某条规则在检查这份报告时自身出错（gongkai 的缺陷，
    或报告的写法超出了该规则的预料）。提示中写明出错的规则和错误；其他规则照常运行，其结果全部保留。
    单独选择 E000 不运行任何规则。

    Nothing in the report: it stands for a rule whose check raised an exception on this report (a
    bug in gongkai, or a report shaped in a way the rule did not foresee). The rule and the
    exception are named; the other rules still run and all their findings are kept.

    ## 为什么重要 / Why it matters
    一条规则出错既不能掩盖其他规则的结果，也不能悄无声息：少检查了一条规则，报告就没有被完整检查。
    请把出错的报告文件反馈给 gongkai 的维护者。

    One faulty rule must neither hide the other findings nor pass silently: the report was not
    fully checked. Please report it with the file that caused it.

    ## 示例 / Example
    任何报告都可能出现；提示见下方“示例提示”。

    Any report; the message is shown below.

    ## 依据 / Basis
    gongkai 自身的保证（与 ruff 对无法检查的文件报告 E902 相同）。无论 `--select` 选择了哪些规则，
    只要有规则出错就报告，除非 `--ignore` 写明 E000。

    The tool's own guarantee, like ruff's E902. Reported whatever `--select` chose, unless
    `--ignore` names it (E000, E0, E).
    """

    code = "E000"
    name = "rule-crashed"
    title = "规则检查时出错"
    severity = "error"
    summary = "a rule raised an exception on this report (the other rules' findings are kept)"
    message = "规则 {rule}（{rule_title}）检查时出错：{actual}；其他规则的结果不受影响"
    example = example_fields(rule="T3001 balance-mismatch",
                             rule_title="表三第一项加第二项不等于第三项加第四项",
                             actual="ZeroDivisionError: division by zero")

    def check(self, ctx: Context) -> Iterable[Finding]:
        return ()

    @classmethod
    def of(cls, ctx: Context, rule: type[Rule], error: Exception) -> Finding:
        """The finding that ``rule`` raised ``error`` on the report of ``ctx``."""
        return cls().finding(ctx, actual=f"{type(error).__name__}: {error}", rule=f"{rule.code} {rule.name}",
                             rule_title=rule.title)
