"""The `gongkai` command as users and other programs run it: a real process on real reports."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS_DIR, SEED_000, SEEDS, SEEDS_DIR, TEXT_SOURCES, expected_for, json_lines, run_cli

REPORT_KEYS = {"source", "meta", "cells", "provenance"}
META_KEYS = {"agency", "year", "format"}


def _check_report_line(obj: dict, source: Path) -> None:
    assert obj.keys() >= REPORT_KEYS, obj.keys()
    assert "error" not in obj
    expected = expected_for(source)
    assert obj["meta"].keys() >= META_KEYS
    assert set(expected["cells"]) <= obj["cells"].keys()
    assert obj["provenance"].keys() == obj["cells"].keys()
    for key, value in obj["cells"].items():
        prov = obj["provenance"][key]
        if value is None:
            assert prov.get("reason"), key
        elif "text" in prov:
            assert {"line", "col"} <= prov.keys(), key


def test_json_one_line_per_report_source_as_given():
    run = run_cli("extract", "--json", *TEXT_SOURCES)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    lines = json_lines(run.stdout)
    assert len(lines) == len(TEXT_SOURCES) == len(run.stdout.splitlines())
    for obj, source in zip(lines, TEXT_SOURCES, strict=True):
        assert obj["source"] == str(source)
        _check_report_line(obj, source)


def test_relative_paths_are_echoed_as_given():
    rel = [os.path.join("seeds", p.name) for p in SEEDS[:2]] + ["./corpus/pingtan-2022.txt"]
    run = run_cli("extract", "--json", *rel, cwd=SEEDS_DIR.parent)
    assert run.returncode == 0, run.stderr
    assert [o["source"] for o in json_lines(run.stdout)] == rel


def test_one_bad_file_among_good_ones(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    args = [SEEDS[0], bad, CORPUS_DIR / "pingtan-2022.txt", CORPUS_DIR / "hongze-2024.pdf", SEEDS[1]]
    run = run_cli("extract", "--json", *args)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    lines = json_lines(run.stdout)
    assert [o["source"] for o in lines] == [str(a) for a in args]
    assert lines[1] == {"source": str(bad), "error": "不是文本文件 / binary file: not text (contains NUL bytes)"}
    for i in (0, 2, 3, 4):
        _check_report_line(lines[i], args[i])


def test_directories_are_walked():
    run = run_cli("extract", "--json", SEEDS_DIR, CORPUS_DIR)
    lines = json_lines(run.stdout)
    sources = [o["source"] for o in lines]
    # Sorted within each directory; .expected.json files and the README are skipped
    seeds = [os.path.join(str(SEEDS_DIR), p.name) for p in SEEDS]
    assert sources[: len(seeds)] == seeds
    assert sources[len(seeds):] == [os.path.join(str(CORPUS_DIR), n)
                                    for n in ("hongze-2024.pdf", "pingtan-2022.txt", "shkewei-2024.md")]
    # PDFs are walked and read like the rest
    assert run.returncode == 0, run.stderr
    assert all("cells" in o for o in lines)


def test_nested_directory_and_trailing_slash(tmp_path):
    (tmp_path / "2021" / "县").mkdir(parents=True)
    shutil.copy(SEED_000, tmp_path / "2021" / "县" / "子路镇.txt")
    shutil.copy(SEEDS[1], tmp_path / "2021" / "a.TXT")
    run = run_cli("extract", "--json", "--no-provenance", str(tmp_path) + os.sep)
    assert run.returncode == 0, run.stderr
    lines = json_lines(run.stdout)
    assert [o["source"] for o in lines] == [str(tmp_path) + os.sep + os.path.join("2021", "a.TXT"),
                                            str(tmp_path) + os.sep + os.path.join("2021", "县", "子路镇.txt")]
    assert all("provenance" not in o and "cells" in o for o in lines)
    assert lines[1]["cells"] == expected_for(SEED_000)["cells"]


def test_empty_directory_warns_and_succeeds(tmp_path):
    run = run_cli("extract", "--json", tmp_path)
    assert run.returncode == 0
    assert run.stdout == ""
    assert "no report files" in run.stderr


def test_terminal_output_mentions_the_agency():
    run = run_cli("extract", SEED_000, CORPUS_DIR / "pingtan-2022.txt")
    assert run.returncode == 0, run.stderr
    assert "罗山县子路镇人民政府" in run.stdout
    assert "平潭综合实验区" in run.stdout
    assert "表三" in run.stdout and "表四" in run.stdout
    assert "Traceback" not in run.stderr


def test_help():
    run = run_cli("--help")
    assert run.returncode == 0
    assert "extract" in run.stdout
    run = run_cli("extract", "--help")
    assert run.returncode == 0
    assert "--json" in run.stdout and "Example" in run.stdout


def test_usage_errors_exit_2():
    run = run_cli("extract")
    assert run.returncode == 2
    assert "Missing argument" in run.stderr
    run = run_cli("extract", "--no-such-option", SEED_000)
    assert run.returncode == 2
    run = run_cli("no-such-command")
    assert run.returncode == 2


def test_installed_console_script():
    script = Path(sys.executable).with_name("gongkai")
    if not script.exists():
        pytest.skip("the gongkai script is not installed next to this Python")
    run = subprocess.run([str(script), "extract", "--json", str(SEED_000)], capture_output=True, text=True,
                         encoding="utf-8", timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    (obj,) = json_lines(run.stdout)
    assert obj["source"] == str(SEED_000)
    assert obj["cells"] == expected_for(SEED_000)["cells"]


def test_output_to_a_closed_pipe_gives_no_traceback():
    # `gongkai extract --json dir | head -1`: the reader stops early. The output (~40 kB a
    # report) is far larger than a pipe's buffer, so the writer does meet the closed pipe.
    proc = subprocess.Popen([sys.executable, "-m", "gongkai", "extract", "--json", *[str(SEEDS_DIR)] * 10],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err, err.decode()
    assert proc.returncode == 1
