"""What people read: `gongkai extract` tables in the statutory form's Chinese labels, and usage
faults as one line with exit code 2."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console

import gongkai
from conftest import SEED_000, run_cli
from generators.synth import generate
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


def _printed(report: Report, **options: bool) -> str:
    out = io.StringIO()
    print_report(report, Console(file=out, width=100, color_system=None), **options)
    return out.getvalue()


def test_rows_the_national_format_lacks_are_shown_where_printed():
    # A 2021 report printing a subtotal on its （三）不予公开 group row, and a 2019 report with
    # Hubei's 其他主动公开文件 row: both are read under x. and shown in their place.
    base = generate(2, layout="tabs", version="2021", variants=()).text
    lines = base.split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("（三）不予公开"))
    rows = [[int(x) for x in line.split("\t")[-7:]] for line in lines[i: i + 8]]
    sums = [sum(col) for col in zip(*rows, strict=True)]
    lines[i] = lines[i].replace("（三）不予公开", "")
    lines.insert(i, "（三）不予公开\t\t" + "\t".join(map(str, sums)))
    report = gongkai.extract("\n".join(lines).encode("utf-8"), name="subtotal.txt")
    assert report.cells["x.t3.denied_subtotal.total"] == sums[-1]
    heading = next(line for line in _printed(report).splitlines() if "（三）不予公开" in line)
    assert heading.split()[1:] == [str(v) for v in sums]

    hubei = generate(5, layout="tabs", version="2019", variants=()).text.replace(
        "\n第二十条第（五）项", "\n其他主动公开文件\t3\t3\t10\n第二十条第（五）项", 1)
    printed = _printed(gongkai.extract(hubei.encode("utf-8"), name="hubei.txt"))
    row = next(line for line in printed.splitlines() if "其他主动公开文件" in line)
    assert row.split()[1:] == ["3", "3", "10"]
    assert "本年新制作" in printed and "上一年项目数" in printed


def test_a_2019_report_shows_its_own_columns_and_single_other_row():
    report = gongkai.extract(generate(5, layout="tabs", version="2019", variants=()).text.encode("utf-8"),
                             name="2019.txt")
    printed = _printed(report)
    assert "2019年格式（国办公开办函〔2019〕60号）" in printed
    row = next(line for line in printed.splitlines() if "（六）其他处理" in line)
    assert row.split()[-1] == str(report.cells["t3.other.total"])
    assert "本年制发" not in printed and "1.逾期不补正" not in printed
