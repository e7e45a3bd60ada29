"""`gongkai check` as a ruff user knows it, and every input accounted for.

Unreadable files and files that are no report appear in every output format; the options
(--statistics, --exit-zero, -q, --config, --show-settings, --profile), per-file ignores in
the settings file and standard input (`-`) work from the real command line; the SARIF
output validates against the official SARIF 2.1.0 schema (tests/data, from OASIS).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS_DIR, run_cli
from generators.synth import generate, render
from gongkai import api
from gongkai.errors import UsageError
from gongkai.spec import load_format

SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
SEED_003 = SEEDS_DIR / "003_bf1199a0b79fce6a.txt"  # 一、总体情况 of about 2700 characters


def _report(tmp_path: Path, name: str, bump: int = 3) -> Path:
    """A generated 2021 report; its 予以公开 自然人 cell ``bump`` too high (T3003) unless 0."""
    s = generate(21, layout="tabs", version="2021", variants=())
    cells = dict(s.cells)
    cells["t3.granted.natural_person"] += bump
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render(cells, load_format("2021"), "tabs", random.Random(21), s.meta["agency"], s.meta["year"]),
                 encoding="utf-8")
    return p


@pytest.fixture()
def broken(tmp_path) -> Path:
    return _report(tmp_path, "broken.txt")


@pytest.fixture()
def bad(tmp_path) -> Path:
    """Bytes no reader takes."""
    p = tmp_path / "bad.txt"
    p.write_bytes(bytes(range(256)) * 10)
    return p


@pytest.fixture()
def not_a_report(tmp_path) -> Path:
    p = tmp_path / "members.csv"
    p.write_text("姓名,部门,电话\n张三,办公室,123\n李四,财务科,456\n", encoding="utf-8")
    return p


def findings(*args, cwd=None) -> list[dict]:
    run = run_cli("check", "--output-format", "json", *args, cwd=cwd)
    assert run.returncode in (0, 1, 2) and not run.stderr.startswith("Traceback"), run.stderr
    return json.loads(run.stdout)


# -- every input accounted for ---------------------------------------------------------------

def test_unreadable_file_in_json_github_and_text(bad, broken):
    entries = findings(bad, broken)
    assert [f["source"] for f in entries if f["code"] == "E001"] == [str(bad)]
    e001 = next(f for f in entries if f["code"] == "E001")
    assert e001["error"] and e001["severity"] == "error" and e001["name"] == "unreadable" and e001["cells"] == []

    gh = run_cli("check", "--output-format", "github", bad, broken)
    assert gh.returncode == 2
    assert any(line.startswith(f"::error file={bad},title=E001 unreadable::不能读取") for line in gh.stdout.splitlines())

    text = run_cli("check", bad, broken)
    assert text.returncode == 2 and str(bad) in text.stdout and "E001" in text.stdout
    assert "已检查 2 个文件，其中 1 个不能读取" in text.stdout.splitlines()[-1]


def test_sarif_validates_against_the_schema_and_reports_unreadable_files(bad, broken, not_a_report):
    jsonschema = pytest.importorskip("jsonschema")  # the test extra installs it
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    run = run_cli("check", "--output-format", "sarif", bad, broken, not_a_report)
    assert run.returncode == 2
    log = json.loads(run.stdout)
    jsonschema.validate(log, schema)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["descriptor"]["id"] == "E001"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == str(bad)
    ids = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert "T3003" in ids and "E002" in ids and "E001" not in ids
    # written as the findings come: each result's ruleIndex names its rule, each rule used once
    rules = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert sorted(rules) == sorted(ids) and len(rules) == len(set(rules))
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in log["runs"][0]["results"])
    text = run_cli("check", bad, broken, not_a_report).stdout
    assert text.rstrip().splitlines()[-1].startswith("已检查 3 个文件，其中 1 个不能读取。")

    clean = json.loads(run_cli("check", "--output-format", "sarif", broken).stdout)
    jsonschema.validate(clean, schema)
    assert clean["runs"][0]["invocations"][0] == {"executionSuccessful": True, "toolExecutionNotifications": []}
    with pytest.raises(jsonschema.ValidationError):  # the schema does catch a broken log
        jsonschema.validate({**clean, "version": "2.0.0"}, schema)


def test_not_a_report_gets_one_finding(not_a_report, tmp_path):
    entries = findings(not_a_report)
    assert [(f["code"], f["severity"]) for f in entries] == [("E002", "error")]
    assert "不是政府信息公开工作年度报告" in entries[0]["message"]
    # decided in the library: api.check and check_all (the batch audit, the web app) say the same
    assert [f.code for f in api.check(not_a_report)] == ["E002"]
    assert [f.code for f in api.check(b"hello\nworld\n", name="x.txt")] == ["E002"]
    # a folder walk reports such a file the same way (every file walked is accounted for)
    folder = tmp_path / "reports"
    _report(folder, "county.txt")
    (folder / "notes.txt").write_text("明天下午三点开会。\n", encoding="utf-8")
    by_source = {r.source: [f.code for f in r.findings] for r in api.check_all([folder])}
    assert by_source[str(folder / "notes.txt")] == ["E002"]
    assert "E002" not in by_source[str(folder / "county.txt")]
    # ignoring E002 runs the rules on it after all
    assert "E002" not in {f.code for f in api.check(not_a_report, ignore=["E002"])}


def test_a_part_of_a_report_is_a_report(broken):
    text = broken.read_text(encoding="utf-8")
    table3 = text[text.index("本年新收"):]  # table 三 onwards, without title or earlier sections
    assert "E002" not in {f.code for f in api.check(table3.encode("utf-8"), name="part.txt")}


def test_all_passed_and_the_count_of_files(tmp_path):
    clean = _report(tmp_path, "clean.txt", bump=0)
    run = run_cli("check", "--select", "T", clean, clean)
    assert run.returncode == 0, run.stdout
    assert run.stdout.strip() == "已检查 2 个文件。全部检查通过"


def test_stdin(broken):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    run = subprocess.run([sys.executable, "-m", "gongkai", "check", "--output-format", "json", "-"],
                         input=broken.read_bytes(), capture_output=True, env=env, timeout=60, check=False)
    assert run.returncode == 1, run.stderr
    found = json.loads(run.stdout)
    assert {f["source"] for f in found} == {"-"} and "T3003" in {f["code"] for f in found}


# -- options ---------------------------------------------------------------------------------

def test_statistics(broken, not_a_report):
    listed = findings(broken, not_a_report)
    expected: dict[str, int] = {}
    for f in listed:
        expected[f["code"]] = expected.get(f["code"], 0) + 1
    run = run_cli("check", "--statistics", broken, not_a_report)
    assert run.returncode == 1
    rows = [line.split("\t") for line in run.stdout.splitlines()]
    assert {code: int(n) for n, code, _ in rows} == expected
    assert [int(n) for n, _, _ in rows] == sorted((int(n) for n, _, _ in rows), reverse=True)
    assert ["1", "E002", "不是政府信息公开工作年度报告"] in rows
    as_json = json.loads(run_cli("check", "--statistics", "--output-format", "json", broken, not_a_report).stdout)
    assert {s["code"]: s["count"] for s in as_json} == expected
    assert all(s["title"] and s["name"] for s in as_json)


def test_exit_zero(broken, bad):
    run = run_cli("check", "--exit-zero", broken)
    assert run.returncode == 0 and "T3003" in run.stdout
    assert run_cli("check", "--exit-zero", broken, bad).returncode == 2, "an unreadable file is still exit 2"


def test_quiet(broken):
    loud = run_cli("check", broken)
    quiet = run_cli("check", "-q", broken)
    assert loud.returncode == quiet.returncode == 1
    assert "已检查" in loud.stdout and "已检查" not in quiet.stdout and "T3003" in quiet.stdout
    assert quiet.stdout == loud.stdout[:loud.stdout.rindex("\n\n") + 1]
    silent = run_cli("check", "-qq", broken)
    assert silent.returncode == 1 and silent.stdout == ""


def test_format_is_an_alias_of_output_format(broken):
    assert run_cli("check", "--format", "json", broken).stdout == run_cli("check", "--output-format", "json",
                                                                          broken).stdout


def test_ignore_and_select_are_validated_alike(broken):
    for option in ("--select", "--ignore"):
        run = run_cli("check", option, "T3,Q9", broken)
        assert run.returncode == 2 and "Q9" in run.stderr and "Traceback" not in run.stderr
    with pytest.raises(UsageError):
        api.validate_selection(None, ["ZZ"])


def test_config_file_and_show_settings(tmp_path, broken):
    elsewhere = tmp_path / "settings" / "review.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text('ignore = ["T3003"]\noutput-format = "json"\nprofile = "gansu-wuwei"\n'
                         '[deadlines]\ntownship = "02-20"\n', encoding="utf-8")
    run = run_cli("check", "--config", elsewhere, broken, cwd=tmp_path)
    assert "T3003" not in {f["code"] for f in json.loads(run.stdout)}
    shown = run_cli("check", "--config", elsewhere, "--show-settings", "--select", "T", cwd=tmp_path)
    assert shown.returncode == 0
    lines = shown.stdout.splitlines()
    assert lines[0] == f"# 配置文件 / settings file: {elsewhere}"
    assert 'select = ["T"]' in lines and 'ignore = ["T3003"]' in lines and 'profile = ["gansu-wuwei"]' in lines
    assert 'output-format = "json"' in lines
    assert lines[lines.index("[deadlines]") + 1] == '"township" = "02-20"'
    assert "none: defaults" in run_cli("check", "--show-settings", cwd=tmp_path).stdout


@pytest.mark.parametrize(("settings", "words"), [
    ('colour = "red"\n', "unknown gongkai setting"),
    ('ignore = ["Q9"]\n', "Q9"),
    ('profile = ["atlantis"]\n', "gansu-wuwei"),
    ('output-format = "xml"\n', "output-format"),
    ('[per-file-ignores]\n"a.txt" = "T3003"\n', "per-file-ignores"),
    ('[per-file-ignores]\n"a.txt" = ["Q9"]\n', "Q9"),
    ('[deadlines]\ntownship = 220\n', "deadlines"),
])
def test_config_faults_name_the_file(tmp_path, broken, settings, words):
    config = tmp_path / "gongkai.toml"
    config.write_text(settings, encoding="utf-8")
    run = run_cli("check", broken, cwd=tmp_path)
    assert run.returncode == 2 and str(config) in run.stderr and words in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert run_cli("check", "--config", tmp_path / "missing.toml", broken).returncode == 2


def test_per_file_ignores_accept_a_finding_for_one_report(tmp_path):
    one = _report(tmp_path, "2024/county.txt")
    other = _report(tmp_path, "2024/township.txt")
    nested = _report(tmp_path, "2025/sub/county.txt")
    (tmp_path / "gongkai.toml").write_text(
        '[per-file-ignores]\n"2024/county.txt" = ["T3003"]\n"2025/**.txt" = ["T3"]\n', encoding="utf-8")
    by_source: dict[str, set[str]] = {}
    for f in findings(tmp_path, cwd=tmp_path):
        by_source.setdefault(f["source"], set()).add(f["code"])
    assert "T3003" not in by_source.get(str(one), set())
    assert "T3003" in by_source[str(other)]
    assert not any(c.startswith("T3") for c in by_source.get(str(nested), set()))
    # the globs are relative to the settings file's folder, not to where gongkai runs
    elsewhere = findings(one, other, "--config", tmp_path / "gongkai.toml", cwd=tmp_path / "2025")
    assert {f["source"] for f in elsewhere if f["code"] == "T3003"} == {str(other)}


def test_profiles(tmp_path):
    plain = {f["code"] for f in findings(SEED_003)}
    wuwei = findings("--profile", "gansu-wuwei", SEED_003)
    assert "C007" not in plain and "C007" in {f["code"] for f in wuwei}
    c007 = next(f for f in wuwei if f["code"] == "C007")
    assert c007["expected"] == 1000 and "武威" in c007["message"]
    run = run_cli("check", "--profile", "atlantis", SEED_003)
    assert run.returncode == 2 and "gansu-wuwei" in run.stderr and "atlantis" in run.stderr
    run = run_cli("check", "--select", "C007", SEED_003)
    assert run.returncode == 2 and "--profile gansu-wuwei" in run.stderr
    (tmp_path / "gongkai.toml").write_text('profile = ["gansu-wuwei"]\n', encoding="utf-8")
    assert "C007" in {f["code"] for f in findings(SEED_003, cwd=tmp_path)}
    listing = run_cli("rules").stdout.splitlines()
    assert next(line for line in listing if line.startswith("C007")).endswith("[地方规则 profile: gansu-wuwei]")
    assert not next(line for line in listing if line.startswith("T3001")).endswith("]")
    profile = next(p for p in api.profiles() if p.name == "gansu-wuwei")
    assert profile.rules == ("C007", "C008") and "武威" in profile.basis
    assert [p.name for p in api.profiles()] == ["gansu-wuwei", "hunan-huaihua"]  # by name
