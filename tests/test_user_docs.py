"""The rule docs and the command line's words are for reviewers: Chinese first, English beside.

Every rule's page (`gongkai rule CODE`, `gongkai rule --all`, docs/rules.md) says in Chinese
what it checks, why it matters, an example and its basis, shows the message a finding prints
(filled in, never the raw template), names its legal basis as a reviewer can look it up, and
points at nothing inside this repository. Help texts and error messages are bilingual.
"""

from __future__ import annotations

import doctest
import re
import string
from pathlib import Path

import click
import pytest

from conftest import run_cli
from gongkai.cli import cli
from gongkai.output.rules import EXAMPLE_LABEL, all_rules_text, rule_docs, rule_text
from gongkai.rules import DOC_SECTIONS, REGISTRY, profile_rules
from gongkai.spec.profile import load_profile

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3}")
# What only a developer of gongkai could look up: fixtures, spec files, source ids, sections.
INTERNAL = re.compile(r"seed|\bS\d+\b|rules\.md|formats\.md|cell-keys|sources\.md|anchors\.md|fixture|tests/|§|"
                      r"KIROGOVCOMPARE|MEMORY|\[INF\]", re.IGNORECASE)
CODES = sorted(REGISTRY)


@pytest.mark.parametrize("code", CODES)
def test_rule_doc_is_chinese_first_with_english_beside(code):
    doc = REGISTRY[code].doc()
    parts = re.split(r"^## (.+)$", doc, flags=re.MULTILINE)[1:]
    assert tuple(parts[0::2]) == DOC_SECTIONS, code
    for heading, body in zip(parts[0::2], parts[1::2], strict=True):
        paragraphs = [p for p in body.strip().split("\n\n") if p.strip()]
        assert len(CJK.findall(paragraphs[0])) > len(re.findall(r"[A-Za-z]", paragraphs[0])), \
            f"{code} {heading}: Chinese first"
        assert any(_english(p) for p in paragraphs[1:]), f"{code} {heading}: English beside"


def _english(paragraph: str) -> bool:
    """English prose, quoting the form's Chinese labels (表三, 结转下年度 …) as it goes."""
    return len(re.findall(r"\b[A-Za-z]{2,}\b", paragraph)) >= 2


@pytest.mark.parametrize("code", CODES)
def test_rule_doc_has_no_internal_references(code):
    rule = REGISTRY[code]
    for text in (rule.doc(), rule.summary, rule.title, rule.example_message()):
        found = INTERNAL.search(text)
        assert found is None, f"{code}: {found.group() if found else ''!r} in {text[:200]!r}"


@pytest.mark.parametrize("code", sorted(set(CODES) - {"E000", "E001"}))  # the tool's own guarantees
def test_rule_basis_names_a_document_a_reviewer_can_look_up(code):
    basis = REGISTRY[code].doc().split("## 依据 / Basis", 1)[1]
    local = profile_rules().get(code)
    if local:  # a local rule: its basis is its profile's, which names the notice and where it is published
        assert any(name in basis for name in local), f"{code}: the basis names its profile"
        assert all(re.search(r"https?://", load_profile(name).basis) for name in local), code
        return
    assert re.search(r"《[^》]+》", basis), f"{code}: the basis names its law or notice by title"
    assert re.search(r"第[一二三四五六七八九十百]+条|〔20\d\d〕\d+号|所附表|格式", basis), code


@pytest.mark.parametrize("code", CODES)
def test_every_rule_has_an_example_message_filled_in(code):
    rule = REGISTRY[code]
    message = rule.example_message()
    assert message and "{" not in message and "}" not in message, message
    assert CJK.search(message)
    fields = {name for _, name, _, _ in string.Formatter().parse(rule.message) if name}
    assert fields <= set(rule.example), f"{code}: example values for {fields - set(rule.example)}"
    page = rule_text(rule)
    assert f"## 示例 / Example\n{EXAMPLE_LABEL}：\n  {message}\n" in page
    assert rule.message not in page or "{" not in rule.message, "the raw template is not shown"
    assert f"> {EXAMPLE_LABEL}：{message}" in rule_docs([code])


def test_example_message_is_filled_as_a_finding_is():
    """The example goes through the template as ``Rule.finding`` fills it: numbers as a message
    shows them (a fee keeps all its printed decimals), ``expected``/``actual`` by name."""
    assert REGISTRY["T2004"].example_message().startswith("表二行政事业性收费金额为190.457379万元")
    assert REGISTRY["T4001"].example_message() == "表四“行政复议”：结果维持、结果纠正、其他结果、尚未审结之和为2，总计为0"


def test_rule_command_shows_one_page_and_all_pages():
    one = run_cli("rule", "t3001")
    assert one.returncode == 0, one.stderr
    assert one.stdout.startswith(f"T3001 {REGISTRY['T3001'].title}（错误）")
    assert "检查内容 / What it checks" in one.stdout and "依据 / Basis" in one.stdout
    assert REGISTRY["T3001"].example_message() in one.stdout and "表三{what}" not in one.stdout
    every = run_cli("rule", "--all")
    assert every.returncode == 0, every.stderr
    assert every.stdout == all_rules_text() + "\n"
    for code in CODES:
        assert re.search(rf"^{code} {re.escape(REGISTRY[code].title)}（", every.stdout, re.MULTILINE), code
    assert every.stdout.count("检查内容 / What it checks") == len(CODES)


@pytest.mark.parametrize("args", [(), ("T3001", "--all")])
def test_rule_command_needs_one_code_or_all(args):
    run = run_cli("rule", *args)
    assert run.returncode == 2 and run.stdout == ""
    assert "请给出一个规则代码" in run.stderr and "give one rule code, or --all" in run.stderr


def test_unknown_rule_is_refused_in_both_languages():
    run = run_cli("rule", "ZZ999")
    assert run.returncode == 2 and "没有规则" in run.stderr and "no rule 'ZZ999'" in run.stderr


def test_unreadable_file_is_named_in_both_languages(tmp_path):
    missing = tmp_path / "missing.txt"
    run = run_cli("extract", missing)
    assert run.returncode == 2
    assert f"{missing}: error: 找不到文件 / no such file" in run.stderr


def _commands() -> list[click.Command]:
    return [cli, *cli.commands.values()]  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", _commands(), ids=lambda c: c.name)
def test_help_texts_are_bilingual(command):
    """Each command's description and each option's help: Chinese, with English beside."""
    assert command.help and CJK.search(command.help) and LATIN.search(command.help), command.name
    if command is not cli:  # its line in `gongkai --help`
        assert command.short_help and CJK.search(command.short_help) and LATIN.search(command.short_help)
    ctx = click.Context(command)
    for param in command.get_params(ctx):  # click's own --help and --version too
        if not isinstance(param, click.Option):
            continue
        assert param.help, f"{command.name} {param.opts}: no help"
        assert CJK.search(param.help) and LATIN.search(param.help), f"{command.name} {param.opts}: {param.help}"


def test_help_output_shows_both_languages():
    run = run_cli("check", "--help")
    assert run.returncode == 0
    assert "按规则目录检查每份报告" in run.stdout and "Check each report against the rule catalog" in run.stdout


def test_docs_page_is_generated_from_the_rules(tmp_path):
    out = tmp_path / "rules.md"
    run = run_cli("rules", "--docs", out)
    assert run.returncode == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    assert page == rule_docs(REGISTRY) == (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(
        encoding="utf-8"), "docs/rules.md is current: run `gongkai rules --docs docs/rules.md`"
    assert not INTERNAL.search(page.split("\n## ", 1)[1]), "the rules' pages (after the generated-by line)"


def test_readme_library_session_is_real(monkeypatch):
    """README's Library section shows a real session with gongkai.check; it runs as shown."""
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    library = readme.split("## Library", 1)[1].split("\n## ", 1)[0]
    session = re.search(r"```pycon\n(.*?)```", library, re.DOTALL)
    assert session, "README's Library section has a session"
    monkeypatch.chdir(root)
    test = doctest.DocTestParser().get_doctest(session.group(1), {}, "README Library", "README.md", 0)
    assert len(test.examples) >= 5 and "gongkai.check(" in session.group(1)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
