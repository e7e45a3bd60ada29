"""What people read: `gongkai extract` tables in the statutory form's Chinese labels, and usage
faults as one line with exit code 2."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console

import gongkai
from conftest import SEED_000, run_cli
from gongkai.model import Provenance, Report
from gongkai.output.terminal import print_report


@pytest.fixture(scope="module")
def tables() -> str:
    run = run_cli("extract", SEED_000, columns=100)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_tables_use_the_statutory_labels(tables):
    for label in ("表二 主动公开政府信息情况", "本年制发", "行政规范性文件", "行政许可", "本年新收", "上年结转",
                  "（一）予以公开", "（三）不予公开", "1.属于国家秘密", "（七）总计", "结转下年度", "自然人",
                  "商业企业", "总计", "行政复议", "结果维持", "尚未审结"):
        assert label in tables, label
    for key in ("new_received", "natural_person", "upheld", "regulations", "t3."):
        assert key not in tables, key


def test_tables_fit_a_100_column_terminal(tables):
    widths = [cell_len(line) for line in tables.splitlines()]
    assert max(widths) <= 100, max(widths)


def test_values_are_shown_in_their_row(tables):
    report = gongkai.extract(SEED_000)
    row = next(line for line in tables.splitlines() if "本年新收" in line)
    numbers = row.split()[1:]
    columns = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")
    expected = [str(report.cells[f"t3.new_received.{c}"]) for c in columns]
    assert numbers == expected


def test_full_labels_and_keys_on_request():
    full = run_cli("extract", "--full-labels", SEED_000, columns=160).stdout
    assert "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" in full.replace("\n", "").replace(" ", "")
    assert "社会公益组织" in full
    keys = run_cli("extract", "--keys", SEED_000, columns=200).stdout
    assert "new_received" in keys and "natural_person" in keys and "本年新收" not in keys


def test_uncertain_cells_stay_marked():
    report = gongkai.extract(SEED_000)
    key = "t3.granted.total"
    prov = dict(report.provenance)
    prov[key] = prov[key]._replace(uncertain=True)
    marked = Report(report.source, report.meta, report.cells, prov, report.notes)
    out = io.StringIO()
    print_report(marked, Console(file=out, width=100, color_system=None))
    text = out.getvalue()
    row = next(line for line in text.splitlines() if "（一）予以公开" in line)
    assert row.rstrip().endswith(f"{report.cells[key]}?")
    assert f"不确定的单元格（?）：{key}" in text
    assert isinstance(prov[key], Provenance)


@pytest.mark.parametrize("setup, args", [
    ("", ("rules", "--docs", "/nonexistent-dir/rules.md")),
    ("", ("rules", "--docs", "/proc/rules.md")),
    ("[project\nname = 'x'\n", ("check", "report.txt")),  # a pyproject.toml that is not TOML
    ("[tool]\ngongkai = 3\n", ("check", "report.txt")),  # a [tool.gongkai] that is not a table
    ("[tool.gongkai]\nselect = 'T3'\n", ("check", "report.txt")),
    ("[tool.gongkai]\nformat = 'xml'\n", ("check", "report.txt")),
    ("", ("check", "--select", "T9", "report.txt")),
])
def test_usage_faults_are_one_line_and_exit_2(tmp_path, setup, args):
    (tmp_path / "report.txt").write_bytes(SEED_000.read_bytes())
    if setup:
        (tmp_path / "pyproject.toml").write_text(setup, encoding="utf-8")
    run = run_cli(*args, cwd=tmp_path)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gongkai: error: "), run.stderr
