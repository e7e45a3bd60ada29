"""`gongkai tabulate` as an office runs it: a real process, registers on disk, exit codes as ruff's."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from generators.registers import applications, cases, expected_cells, write_cases, write_requests
from gongkai.author.data import loads

pytestmark = pytest.mark.integration


def test_clean_registers_write_the_report_data_and_exit_0(tmp_path):
    apps, found = applications(3, 2024, 150), cases(3, 2024, 30)
    write_requests(apps, tmp_path / "申请登记.xlsx", 3, 2024, variant=1)
    write_cases(found, tmp_path / "复议诉讼.csv", 3, variant=1, encoding="gbk")
    out = tmp_path / "2024.json"
    run = run_cli("tabulate", tmp_path / "申请登记.xlsx", tmp_path / "复议诉讼.csv", "--year", "2024",
                  "--agency", "某某县人民政府", "-o", out)
    assert run.returncode == 0, run.stderr
    assert run.stdout == ""
    data = loads(out.read_text(encoding="utf-8"), str(out))  # the shape render reads
    assert data.meta == {"year": 2024, "format": "2021", "agency": "某某县人民政府"}
    assert data.cells == expected_cells(apps, found, 2024, "2021")
    assert "收到申请日期 ← 收件日期" in run.stderr and "案件类型 ← 类型" in run.stderr
    assert f"本年新收 {data.cells['t3.new_received.total']} 件" in run.stderr
    assert "Traceback" not in run.stderr


def test_rows_listed_as_problems_exit_1(tmp_path):
    register = tmp_path / "r.csv"
    register.write_text("申请编号,收到申请日期,申请人类型,办结日期,办理结果\n"
                        "A1,2024-01-05,自然人,2024-01-09,予以公开\n"
                        "A2,2024-03-05,自然人,2024-03-01,予以公开\n", encoding="utf-8")
    run = run_cli("tabulate", register, "--year", "2024", "--format", "2019")
    assert run.returncode == 1
    data = json.loads(run.stdout)  # no -o: the data on standard output
    assert data["meta"]["format"] == "2019" and data["cells"]["t3.granted.total"] == 1
    assert "1 行无法归类" in run.stderr and f"{register} 第3行：办结日期 2024-03-01 早于收到申请日期 2024-03-05" in run.stderr
    assert "未提供复议诉讼登记表，表四留空" in run.stderr


def test_explain_lists_the_rows_of_a_cell(tmp_path):
    apps = applications(4, 2024, 120)
    write_requests(apps, tmp_path / "r.csv", 4, 2024)
    run = run_cli("tabulate", tmp_path / "r.csv", "--year", "2024", "--explain", "t3.carried_over.natural_person")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    n = expected_cells(apps, None, 2024, "2021")["t3.carried_over.natural_person"]
    assert n > 0
    assert lines[0] == f"表三 二、上年结转政府信息公开申请数量 · 自然人（t3.carried_over.natural_person）= {n}"
    assert len(lines) == n + 1 and all(" 第" in line and "收到 2023-" in line for line in lines[1:])


def test_bad_input_exits_2_with_one_line(tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("编号,日期,结果\n1,2024-01-01,公开\n", encoding="utf-8")
    for args, words in [((wrong,), "缺少以下列"), ((tmp_path / "missing.xlsx",), "文件不存在"),
                        ((wrong, "--mapping", tmp_path / "none.toml"), "无法读取列名对照文件")]:
        run = run_cli("tabulate", *args, "--year", "2024", "-o", tmp_path / "out.json")
        assert run.returncode == 2, (args, run.stderr)
        assert words in run.stderr and "Traceback" not in run.stderr
        assert run.stderr.startswith("gongkai: error: ")
    assert not (tmp_path / "out.json").exists()
    right = tmp_path / "right.csv"
    right.write_text("收到申请日期,申请人类型,办结日期,办理结果\n2024-01-01,自然人,,\n", encoding="utf-8")
    run = run_cli("tabulate", right, "--year", "2024", "--explain", "t3.granted.natural_persn")
    assert run.returncode == 2 and "没有单元格 t3.granted.natural_persn" in run.stderr
    assert "t3.granted.natural_person" in run.stderr
