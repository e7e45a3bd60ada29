"""The rule catalog for people: `gongkai rules` (one line a rule) and `gongkai rule CODE`.

Chinese first (the code, severity and title a reviewer reads), the English summary beside
it for developers. Plain text, aligned by display width (a CJK character takes two
columns), so that it reads in a terminal and greps in a pipe.
"""

from __future__ import annotations

import click
from rich.cells import cell_len

from gongkai.output.findings import SEVERITY_ZH
from gongkai.rules import REGISTRY, Rule, profile_rules


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def catalog_lines() -> list[str]:
    """One line per rule, by code: code, severity, Chinese title, English summary, and for a
    local rule the profiles that turn it on (it is off by default)."""
    rules = [REGISTRY[c] for c in sorted(REGISTRY)]
    code_w = max(len(r.code) for r in rules)
    title_w = max(cell_len(r.title) for r in rules)
    local = profile_rules()
    return [f"{r.code:{code_w}}  {SEVERITY_ZH[r.severity]}  {_pad(r.title, title_w)}  {r.summary}"
            + (f"  [地方规则 profile: {', '.join(local[r.code])}]" if r.code in local else "") for r in rules]


def rule_text(rule: type[Rule]) -> str:
    """One rule's page: its Chinese title and message, then the English name, summary and doc."""
    return "\n".join([
        f"{rule.code} {rule.title}（{SEVERITY_ZH[rule.severity]}）",
        f"{rule.name} ({rule.severity}): {rule.summary}",
        "",
        f"提示信息 / Message: {rule.message}",
        "",
        rule.doc(),
    ])


def print_catalog() -> None:
    click.echo("\n".join(catalog_lines()))


def print_rule(rule: type[Rule]) -> None:
    click.echo(rule_text(rule))
