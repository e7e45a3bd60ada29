"""The catalog's parts: what a finding is, what a rule is, and the registry of rules.

Rule modules import ``Rule``, ``Finding`` and ``register`` from here (not from the package,
which imports every rule module to register it). ``Finding`` and the severities are defined
with the other data that flows between stages, in ``gongkai.model``.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import re
import sys
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar

from gongkai.model import SEVERITIES, Finding, Location
from gongkai.rules.context import Context
from gongkai.spec.profile import profile_rules

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
    # What the rule sees: one report ("report", run by ``check_report``), a body's reports
    # year by year ("series", ``check_series``) or every body's reports ("corpus",
    # ``check_corpus``). One catalog, one selection, one set of outputs for all three.
    scope: ClassVar[str] = "report"

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
                       cells, expected, actual, col, artifact, _known(ctx.location(line, col)))

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def example_message(cls) -> str:
        """The message of a typical finding, filled in as ``finding`` fills it."""
        fields = dict(cls.example)
        expected, actual = fields.pop("expected", None), fields.pop("actual", None)
        return cls.message.format(expected=show(expected), actual=show(actual), **fields)


def _known(location: Location | None) -> Location | None:
    """A location that says something, or None (a form that knows no place for the line)."""
    return location if location is not None and any(v is not None for v in location) else None


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


def fingerprint() -> str:
    """A SHA-256 of the catalog as it runs here: every rule's code, class, severity and scope,
    and the source of the modules that define them (and of this one, which runs them). A
    database keeps it with each report it checked; an audit whose catalog differs (a rule
    added, changed or fixed) checks the stored reports again."""
    return _fingerprint(tuple(sorted((c, cls.__module__, cls.__qualname__, cls.severity, cls.scope)
                                     for c, cls in REGISTRY.items())))


@functools.cache
def _fingerprint(rules: tuple[tuple[str, str, str, str, str], ...]) -> str:
    digest = hashlib.sha256(repr(rules).encode())
    for module in sorted({r[1] for r in rules} | {__name__, "gongkai.rules.series", "gongkai.rules.facts"}):
        path = getattr(sys.modules.get(module), "__file__", None)
        if path:
            with open(path, "rb") as f:
                digest.update(f.read())
    return digest.hexdigest()


def matches(code: str, patterns: Iterable[str]) -> bool:
    """Whether a code is selected by any pattern: a code prefix (T3, T30, T3001) or ALL."""
    return any(p == "ALL" or code.startswith(p) for p in patterns)


def selected_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                   profiles: Iterable[str] = (), scope: str = "report") -> list[type[Rule]]:
    """The rules of ``scope`` a selection runs, by code: selected by ``select`` (default ALL),
    not ignored, and, for a rule that belongs to a profile (a local requirement), only when one
    of its profiles is on. The E codes are never among them: they have no check (``NOT_CHECKS``)."""
    select = list(select) if select else ["ALL"]
    ignore = list(ignore or ())
    on = set(profiles)
    local = profile_rules()
    return [REGISTRY[c] for c in sorted(REGISTRY)
            if c not in NOT_CHECKS and REGISTRY[c].scope == scope and matches(c, select) and not matches(c, ignore)
            and (c not in local or on.intersection(local[c]))]


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


@register
class Unreadable(Rule):
    """## 检查内容 / What it checks
    不检查报告内容：表示某个文件根本无法读取（不是 gongkai 能读的格式、文件损坏、加密、为空或无权限），
    并写明原因。无法读取的文件在每种输出格式中都列出（JSON、SARIF 的 toolExecutionNotifications、
    GitHub 注释、文本），不会被悄悄漏掉。

    Nothing in the report: a file that could not be read at all (not a format gongkai reads,
    damaged, encrypted, empty, no permission), with the reason; it appears in every output
    format so that no input is silently left out.

    ## 为什么重要 / Why it matters
    “没有发现问题”必须意味着文件夹里的每份报告都检查过了。只要有文件无法读取，退出码即为 2。

    A folder checked "without findings" must mean every report in it was checked; the exit code
    is 2 whenever a file could not be read.

    ## 示例 / Example
    任何无法打开的文件，例如一个不是 DOCX 或 ODT 的 ZIP 压缩包。

    Any file that cannot be opened, e.g. a ZIP archive that is neither DOCX nor ODT.

    ## 依据 / Basis
    gongkai 自身的保证（与 ruff 对无法读取的文件报告 E902 相同），不能忽略。

    The checker's own guarantee, like ruff's E902 (io-error). It cannot be ignored.
    """

    code = "E001"
    name = "unreadable"
    title = "文件不能读取"
    severity = "error"
    summary = "the file could not be read (the reason is given); exit code 2"
    message = "不能读取：{actual}"
    example = example_fields(actual="不是 gongkai 能读取的格式（ZIP 压缩包，但不是 DOCX 或 ODT）")

    def check(self, ctx: Context) -> Iterable[Finding]:
        return ()

    @classmethod
    def of(cls, source: str, reason: str) -> Finding:
        """The finding that ``source`` could not be read, for ``reason``."""
        return Finding(cls.code, cls.name, cls.severity, cls.message.format(actual=reason), source, actual=reason)


@register
class NotAReport(Rule):
    """## 检查内容 / What it checks
    文件是不是政府信息公开工作年度报告：没有标题、没有任何法定章节标题（一、总体情况……）、也没有法定
    统计表任何一个单元格的文件（说明文件、CSV 表格、一封信）只报告这一条，而不是逐项报告缺少的部分。
    报告的一部分（一张表、一段摘录）仍算作报告。

    Whether the file is an annual report at all: a file with no title, no statutory section
    heading and no cell of the statutory tables gets this one finding instead of one for every
    part it lacks. A part of a report (one table, an excerpt) is a report.

    ## 为什么重要 / Why it matters
    对一个根本不是报告的文件列出几十条“缺少章节”，反而掩盖了真正要说的：这个文件给错了。遍历文件夹时
    这类文件也同样列出，文件夹里的每个文件都有交代。

    Dozens of "section missing" findings on a file that is not a report hide the one thing to
    say: it was given by mistake. In a walked folder such files are reported the same way.

    ## 示例 / Example
    提示：一个 README 说明文件或一份 CSV 表格被当作报告检查。相符：任何印有标题、章节或统计表的报告。

    Flagged: a README or a CSV checked as a report. Passing: any file with a title, a section or
    a table of the report.

    ## 依据 / Basis
    《中华人民共和国政府信息公开条例》第五十条（年度报告应包括的内容）；国办公开办函〔2021〕30号
    （报告格式）。可用 --ignore E002 忽略，此时所有规则照常检查该文件。

    Art. 50 of the Regulations (what an annual report contains); the 2021 format. Reported unless
    ignored (--ignore E002: then every rule runs on the file).
    """

    code = "E002"
    name = "not-a-report"
    title = "不是政府信息公开工作年度报告"
    severity = "error"
    summary = "the file has no title, section heading or table of an annual report"
    message = "不是政府信息公开工作年度报告（未找到标题、章节标题和统计表格）"
    example = example_fields()

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
