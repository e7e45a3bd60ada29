"""`gongkai check`, `gongkai rules`, `gongkai rule`: formats, selection, exit codes, config."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from conftest import SEED_000, run_cli
from generators.synth import generate, render
from gongkai.output.rules import rule_docs
from gongkai.rules import DOC_SECTIONS, REGISTRY
from gongkai.spec import load_format

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


@pytest.fixture()
def broken(tmp_path) -> Path:
    """A generated report whose 予以公开 自然人 cell is 3 too high."""
    s = generate(21, layout="tabs", version="2021", variants=())
    cells = dict(s.cells)
    cells["t3.granted.natural_person"] += 3
    text = render(cells, load_format("2021"), "tabs", random.Random(21), s.meta["agency"], s.meta["year"])
    p = tmp_path / "broken.txt"
    p.write_text(text, encoding="utf-8")
    return p


def test_json_findings_have_the_contract_fields(broken):
    run = run_cli("check", "--format", "json", broken)
    assert run.returncode == 1, run.stderr
    findings = json.loads(run.stdout)
    assert findings, "the changed cell is found"
    for f in findings:
        assert {"code", "name", "severity", "message", "source", "line", "cells", "expected", "actual"} <= set(f)
        assert f["source"] == str(broken)
    root = next(f for f in findings if f["code"] == "T3003")
    assert root["cells"][0] == "t3.granted.natural_person" and root["line"] is not None
    assert root["actual"] == root["expected"] + 3


def test_exit_codes_follow_fail_on():
    # seed 000 has info findings only: blank cells used for zero (T3007), a repeated heading
    # (STR003), a local label variant (STR007), next year's plans in section 六 (C005) …
    assert run_cli("check", "--select", "T,STR", SEED_000).returncode == 0
    assert run_cli("check", "--select", "T,STR", "--fail-on", "info", SEED_000).returncode == 1
    assert run_cli("check", "--select", "T,STR", "--fail-on", "info", "--ignore", "T3007,STR", SEED_000).returncode == 0


def test_select_and_ignore_by_prefix(broken):
    codes = {f["code"] for f in json.loads(run_cli("check", "--format", "json", "--select", "T4", broken).stdout)}
    assert not any(c.startswith("T3") for c in codes)
    codes = {f["code"] for f in json.loads(run_cli("check", "--format", "json", "--ignore", "T3,X", broken).stdout)}
    assert not any(c.startswith(("T3", "X")) for c in codes)
    assert run_cli("check", "--select", "Q9", broken).returncode == 2


def test_text_sarif_and_github_formats(broken):
    text = run_cli("check", broken).stdout
    assert str(broken) in text and "T3003" in text and "错误" in text
    sarif = json.loads(run_cli("check", "--format", "sarif", broken).stdout)
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert any(r["ruleId"] == "T3003" and r["level"] == "error"
               and r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in results)
    rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in results} <= rules
    gh = run_cli("check", "--format", "github", broken).stdout.splitlines()
    assert any(line.startswith(f"::error file={broken},line=") and "T3003" in line for line in gh)


def test_config_file_sets_defaults(tmp_path, broken):
    (tmp_path / "gongkai.toml").write_text('ignore = ["T3003"]\nfail-on = "error"\n', encoding="utf-8")
    run = run_cli("check", "--format", "json", broken, cwd=tmp_path)
    assert "T3003" not in {f["code"] for f in json.loads(run.stdout)}
    (tmp_path / "gongkai.toml").write_text('fail-on = "sometimes"\n', encoding="utf-8")
    run = run_cli("check", broken, cwd=tmp_path)
    assert run.returncode == 2 and "fail-on" in run.stderr


def test_pyproject_tool_table(tmp_path, broken):
    (tmp_path / "pyproject.toml").write_text('[tool.gongkai]\nselect = ["T4"]\n', encoding="utf-8")
    run = run_cli("check", "--format", "json", broken, cwd=tmp_path)
    assert all(f["code"].startswith("T4") for f in json.loads(run.stdout))


def test_bad_file_gives_exit_2_and_the_others_are_checked(tmp_path, broken):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 10)
    run = run_cli("check", "--format", "json", bad, broken)
    assert run.returncode == 2
    found = json.loads(run.stdout)
    entry = next(f for f in found if f["source"] == str(bad))  # accounted for in the output itself
    assert entry["code"] == "E001" and entry["error"] and entry["error"] in entry["message"]
    assert any(f["source"] == str(broken) and f["code"] != "E001" for f in found)


def test_rules_and_rule_commands():
    listing = run_cli("rules").stdout.splitlines()
    assert len(listing) == len(REGISTRY)
    for line, code in zip(listing, sorted(REGISTRY), strict=True):
        rule = REGISTRY[code]
        assert line.startswith(code) and rule.title in line and rule.summary in line, line
    assert "错误" in listing[0] or "警告" in listing[0] or "提示" in listing[0]
    doc = run_cli("rule", "T3001").stdout
    assert doc.startswith(f"T3001 {REGISTRY['T3001'].title}（错误）")
    assert "balance-mismatch" in doc and "What it checks" in doc
    assert run_cli("rule", "ZZ999").returncode == 2


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_every_rule_is_documented(code):
    rule = REGISTRY[code]
    doc = rule.doc()
    for section in DOC_SECTIONS:
        assert f"## {section}" in doc, f"{code} lacks '{section}'"
    assert rule.summary and rule.message and "-" in rule.name or rule.name.isalpha()


def test_docs_page_is_current():
    """docs/rules.md is generated: `gongkai rules --docs docs/rules.md`."""
    assert DOCS.read_text(encoding="utf-8") == rule_docs(REGISTRY)


if __name__ == "__main__":  # regenerate the docs page
    sys.exit(run_cli("rules", "--docs", str(DOCS)).returncode)
