"""The library API (gongkai.api): what the CLI, the web app and the distributed engine call."""

from __future__ import annotations

import pickle

import pytest

import gongkai
from conftest import CORPUS_DIR, SEED_000, SEEDS, SEEDS_DIR, expected_for
from gongkai import api
from gongkai.model import Document, Line


def test_extract_from_path_bytes_and_document_agree():
    data = SEED_000.read_bytes()
    from_path = api.extract(SEED_000)
    from_bytes = api.extract(data, name=str(SEED_000))
    from_doc = api.extract(api.read(SEED_000))
    assert from_path.cells == from_bytes.cells == from_doc.cells
    expected = expected_for(SEED_000)["cells"]
    assert {k: from_path.cells[k] for k in expected} == expected
    assert from_bytes.source == str(SEED_000)


def test_check_a_path_a_document_or_a_report_gives_the_same_findings():
    report = api.extract(SEED_000)
    by_report = api.check(report)
    assert by_report, "seed 000 has known findings (T3007, STR003, …)"
    assert api.check(SEED_000) == by_report
    assert api.check(api.read(SEED_000)) == by_report
    codes = {f.code for f in by_report}
    assert {"T3007", "STR003"} <= codes


def test_selection_is_validated_and_applied():
    only_t3 = api.check(SEED_000, select=["t3"])  # codes are case-insensitive
    assert only_t3 and all(f.code.startswith("T3") for f in only_t3)
    assert not any(f.code == "T3007" for f in api.check(SEED_000, select=["T3"], ignore=["T3007"]))
    with pytest.raises(gongkai.UsageError, match="T9"):
        api.check(SEED_000, select=["T9"])
    assert [r.code for r in api.rules(select=["T4"])] == sorted(c for c in gongkai.rules.REGISTRY if c.startswith("T4"))


def test_an_unpickled_report_keeps_its_cells_but_cannot_be_checked_without_its_source():
    report = api.extract(SEED_000)
    again = pickle.loads(pickle.dumps(report))
    assert again.document is None and again.cells == report.cells
    with pytest.raises(gongkai.UsageError, match="without its Document"):
        api.check(again)


def test_read_errors_are_read_errors_and_name_the_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01" * 50)
    with pytest.raises(gongkai.ReadError) as e:
        api.extract(bad)
    assert e.value.source == str(bad) and "binary" in e.value.reason
    with pytest.raises(gongkai.GongkaiError):
        api.check(tmp_path / "missing.txt")
    with pytest.raises(gongkai.ReadError, match="empty"):
        api.read(b"", name="upload.txt")


def test_an_unexpected_failure_is_an_internal_error_naming_the_source():
    # A Document that breaks the reader contract (lines that are not Line records) makes
    # extraction fail deep inside; the caller sees InternalError, the cause chained.
    broken = Document(source="broken.txt", lines=("一、总体情况",))  # type: ignore[arg-type]
    with pytest.raises(gongkai.InternalError) as e:
        api.extract(broken)
    assert e.value.source == "broken.txt" and e.value.reason.startswith("internal error: ")
    assert e.value.__cause__ is not None
    assert isinstance(e.value, gongkai.GongkaiError)


def test_batch_walks_directories_and_never_stops_at_a_bad_file(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED_000.read_bytes())
    (tmp_path / "b.txt").write_bytes(b"\x00" * 10)
    (tmp_path / "README.md").write_text("not a report", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    results = list(api.check_all([tmp_path, tmp_path / "empty", tmp_path / "missing.txt"]))
    assert [r.source for r in results] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                           str(tmp_path / "empty"), str(tmp_path / "missing.txt")]
    a, b, empty, missing = results
    assert a.ok and a.report is not None and a.findings == api.check(tmp_path / "a.txt")
    assert not b.ok and "binary" in (b.error or "") and b.report is None
    assert empty.ok and empty.warning and "no report files" in empty.warning
    assert missing.error == "找不到文件 / no such file"


def test_extract_all_gives_reports_without_checking():
    results = list(api.extract_all([SEEDS_DIR, CORPUS_DIR]))
    assert len(results) == len(SEEDS) + 3
    assert all(r.ok and r.report is not None and r.findings == [] for r in results)


def test_the_package_exports_the_api():
    assert gongkai.extract is api.extract and gongkai.check is api.check
    assert issubclass(gongkai.ReadError, gongkai.GongkaiError)
    assert issubclass(gongkai.ConfigError, gongkai.GongkaiError)
    line = Line(1, "x", "x")
    assert gongkai.Document("s", (line,)).lines[0] is line


def test_every_name_of_the_api_is_found_in_the_module_it_is_typed_from():
    """``api/__init__`` imports each name on first use: ``_HOMES`` must say where each lives,
    as its ``TYPE_CHECKING`` imports do (what mypy checks callers against)."""
    import ast
    import importlib
    from pathlib import Path

    init = Path(api.__file__)
    typed = {alias.name: node.module for node in ast.walk(ast.parse(init.read_text(encoding="utf-8")))
             if isinstance(node, ast.ImportFrom) and node.module not in ("__future__", "typing")
             for alias in node.names}
    homes = {name: module for module, names in api._HOMES.items() for name in names}
    assert typed == homes and set(api.__all__) == set(homes)
    for name, module in homes.items():
        assert getattr(api, name) is getattr(importlib.import_module(module), name), name
    submodules = {p.stem for p in init.parent.glob("*.py")}
    assert not submodules & set(api.__all__)  # importing such a module would shadow the function


def test_checking_a_file_loads_neither_the_store_nor_the_web_app():
    """A command pays only for the stages it runs: ``gongkai check`` starts without SQLAlchemy,
    Starlette or the authoring code."""
    import subprocess
    import sys

    code = ("import sys, gongkai; from gongkai import api; api.check(sys.argv[1]); "
            "print(sorted(m for m in ('sqlalchemy', 'starlette', 'gongkai.author', 'gongkai.store', 'matplotlib') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(SEED_000)], check=False, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_catalog_through_the_api():
    codes = [r.code for r in api.catalog()]
    assert codes == sorted(codes) and "E000" in codes and "T3001" in codes
    assert api.rule("t3001").code == "T3001"
    with pytest.raises(gongkai.UsageError, match="ZZ999"):
        api.rule("ZZ999")
    assert api.severity_at_least("error", "warning") and not api.severity_at_least("info", "warning")
