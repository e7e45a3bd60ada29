"""`gongkai audit` and `gongkai.api.audit`: folders of real and generated reports into a store.

Each test runs on SQLite and on a throwaway PostgreSQL cluster (``db_target``). The stored
cells are compared with what `gongkai extract --json` prints; an interrupted run (SIGKILL,
SIGINT) resumed must leave a database equal, table by table, to an uninterrupted run's.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from conftest import json_lines, run_cli
from generators.synth import generate
from gongkai import api
from gongkai.store import url_for
from gongkai.store.schema import cells, findings, lsh_bands, reports, sketches, sources, texts

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def folder(tmp_path) -> Path:
    """A copy of the bundled examples (four text reports), to change and spoil."""
    out = tmp_path / "reports"
    out.mkdir()
    for p in EXAMPLES.iterdir():
        if not p.name.endswith(".expected.json"):
            shutil.copy(p, out / p.name)
    return out


def dump(target: str) -> dict[str, list[tuple]]:
    """Every table but ``runs``, row by row, with ids replaced by what they stand for (a
    source by its path and hash) and run ids and timestamps left out: two databases that
    hold the same results dump equal, whatever order and runs stored them in."""
    engine = sa.create_engine(url_for(target))
    try:
        with engine.connect() as conn:
            src = {r.id: (r.path, r.sha256) for r in conn.execute(sa.select(sources))}
            rep = {r.id: src[r.source_id] for r in conn.execute(sa.select(reports))}
            out = {
                "sources": [(*src[r.id], r.size, r.form, r.status, r.error, src.get(r.superseded_by))
                            for r in conn.execute(sa.select(sources))],
                "reports": [(rep[r.id], *(v for k, v in r._mapping.items() if k not in ("id", "source_id",
                                                                                         "superseded_by")),
                             rep.get(r.superseded_by)) for r in conn.execute(sa.select(reports))],
                "cells": [(rep[r.report_id], *r[1:]) for r in conn.execute(sa.select(cells))],
                "findings": [(rep[r.report_id], rep.get(r.other_report_id),
                              *(v for k, v in r._mapping.items() if k not in ("id", "report_id", "other_report_id")))
                             for r in conn.execute(sa.select(findings))],
                "texts": [(rep[r.report_id], r.section, r.text) for r in conn.execute(sa.select(texts))],
                "sketches": [(rep[r.report_id], *r[1:]) for r in conn.execute(sa.select(sketches))],
                "lsh_bands": [(rep[r.report_id], *r[1:]) for r in conn.execute(sa.select(lsh_bands))],
            }
    finally:
        engine.dispose()
    return {name: sorted(rows, key=repr) for name, rows in out.items()}


def count(target: str, table: str) -> int:
    engine = sa.create_engine(url_for(target))
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


def test_audit_stores_every_cell_as_extract_prints_it(folder, db_target):
    summary = api.audit([folder], db=db_target, jobs=2)
    assert (summary.seen, summary.new, summary.changed, summary.unchanged, summary.failed) == (4, 4, 0, 0, 0)
    printed = {Path(o["source"]).resolve(): o for o in json_lines(run_cli("extract", "--json", folder).stdout)}
    stored = dump(db_target)
    by_source: dict[tuple, dict[str, tuple]] = {}
    for row in stored["cells"]:  # … page, box, printed text, then the place in a structured source
        (path, _), key, value, uncertain, _conf, method, reason, line, c0, c1 = row[:10]
        text, place = row[15], tuple(row[16:])
        by_source.setdefault(path, {})[key] = (value, uncertain, method, reason, line, c0, c1, text, place)
    assert set(map(Path, by_source)) == set(printed) and len(printed) == 4
    for path, cells_of in by_source.items():
        obj = printed[Path(path)]
        assert set(cells_of) == set(obj["cells"])
        for key, value in obj["cells"].items():
            p = obj["provenance"][key]
            col = p.get("col", [None, None])
            place = tuple(p.get(k) for k in ("table", "row", "column", "paragraph", "source_line"))
            assert cells_of[key] == (value, p.get("uncertain", False), p["method"], p.get("reason"), p.get("line"),
                                     col[0], col[1], p.get("text"), place), (path, key)


def test_a_second_run_stores_nothing_new_and_reports_the_same_findings(folder, db_target):
    first = api.audit([folder], db=db_target, jobs=1)
    before = dump(db_target)
    again = api.audit([folder], db=db_target, jobs=1)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 4)
    assert dump(db_target) == before
    assert again.findings == first.findings and first.findings
    assert count(db_target, "runs") == 2


def test_the_findings_are_those_check_gives_with_the_same_exit_code(folder, db_target):
    audited = run_cli("audit", folder, "--db", db_target, "--format", "json", "--jobs", "2")
    checked = run_cli("check", folder, "--format", "json")
    assert audited.stdout == checked.stdout and audited.stdout.count('"code"') > 3
    assert audited.returncode == checked.returncode == 1
    assert "━" not in audited.stderr and "新增 4 份" in audited.stderr  # no progress bar in a pipe
    narrowed = run_cli("audit", folder, "--db", db_target, "--select", "C", "--ignore", "C002", "--format", "json")
    codes = {f["code"] for f in json.loads(narrowed.stdout)}
    assert codes and all(c.startswith("C") and c != "C002" for c in codes)
    assert "未变 4 份" in narrowed.stderr


def test_a_profile_chosen_on_a_later_run_shows_its_stored_findings_without_reading_again(folder, db_target):
    plain = run_cli("audit", folder, "--db", db_target, "--format", "json")
    assert not {f["code"] for f in json.loads(plain.stdout)} & {"C007", "C008"}
    local = run_cli("audit", folder, "--db", db_target, "--format", "json", "--profile", "gansu-wuwei")
    checked = run_cli("check", folder, "--format", "json", "--profile", "gansu-wuwei")
    assert local.stdout == checked.stdout and {f["code"] for f in json.loads(local.stdout)} & {"C007", "C008"}
    assert "未变 4 份" in local.stderr  # the profile's findings were stored by the first run
    wrong = run_cli("audit", folder, "--db", db_target, "--profile", "nowhere")
    assert wrong.returncode == 2 and "nowhere" in wrong.stderr and "Traceback" not in wrong.stderr


def test_reports_checked_by_another_rule_catalog_are_checked_again_and_their_findings_replaced(folder, db_target):
    first = api.audit([folder], db=db_target, jobs=1)
    before = dump(db_target)
    engine = sa.create_engine(url_for(db_target))
    with engine.begin() as conn:  # as an older catalog left them: another fingerprint, a finding it missed
        conn.execute(reports.update().values(catalog="0" * 64))
        conn.execute(findings.delete().where(findings.c.id == sa.select(sa.func.min(findings.c.id)).scalar_subquery()))
    engine.dispose()
    assert dump(db_target) != before
    again = api.audit([folder], db=db_target, jobs=1)
    assert (again.new, again.changed, again.unchanged, again.rechecked) == (0, 0, 4, 4)
    assert again.findings == first.findings
    assert dump(db_target) == before  # the same rows, in place: no second version of any file
    assert api.audit([folder], db=db_target, jobs=1).rechecked == 0


def test_a_changed_file_becomes_a_new_report_and_the_old_one_is_kept(folder, db_target):
    api.audit([folder], db=db_target, jobs=1)
    county = folder / "county-2023-tabs.txt"
    text = county.read_text(encoding="utf-8")
    county.write_text(text.replace("某某县人民政府办公室", "某某县人民政府"), encoding="utf-8")
    summary = api.audit([folder], db=db_target, jobs=1)
    assert (summary.new, summary.changed, summary.unchanged) == (0, 1, 3)
    engine = sa.create_engine(url_for(db_target))
    with engine.connect() as conn:
        rows = conn.execute(sa.select(reports.c.agency, reports.c.is_current, sources.c.path)
                            .join(sources, sources.c.id == reports.c.source_id)
                            .where(sources.c.path == str(county)).order_by(reports.c.id)).all()
        current = conn.execute(sa.text("SELECT count(*) FROM current_reports")).scalar_one()
    engine.dispose()
    assert [(r.agency, r.is_current) for r in rows] == [("某某县人民政府办公室", False), ("某某县人民政府", True)]
    assert current == 4


def test_a_bad_file_is_recorded_as_failed_and_the_others_are_stored(folder, db_target):
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n this is no PDF at all")
    done = run_cli("audit", folder, "--db", db_target)
    assert done.returncode == 2
    assert "scan.pdf" in done.stdout and "E001" in done.stdout and "无法读取 1 份" in done.stderr
    assert count(db_target, "reports") == 4
    failed = [r for r in dump(db_target)["sources"] if r[4] == "failed"]
    assert len(failed) == 1 and failed[0][0].endswith("scan.pdf") and failed[0][5]
    again = run_cli("audit", folder, "--db", db_target)  # still bad: reported again, stored once
    assert again.returncode == 2 and "E001" in again.stdout and count(db_target, "sources") == 5


# -- interrupted runs -----------------------------------------------------------------------

N_GENERATED = 200


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """200 generated reports (ten layouts, both formats) and one file that cannot be read."""
    out = tmp_path_factory.mktemp("generated")
    for seed in range(N_GENERATED):
        (out / f"r{seed:03d}.txt").write_text(generate(seed).text, encoding="utf-8")
    (out / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    return out


def _interrupt(folder: Path, target: str, sig: int) -> int:
    """Run `gongkai audit` and send it ``sig`` once its first sources are stored (as early as
    that: on a loaded machine the audit may run far ahead of this polling); its exit code."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "gongkai", "audit", str(folder), "--db", target, "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            stored = count(target, "sources")
        except sa.exc.DBAPIError:  # the schema is not there yet
            stored = 0
        if stored:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the audit ended before it could be interrupted"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    if sig == signal.SIGINT:
        assert "再次运行同一命令即从中断处继续" in err.decode("utf-8")
    return proc.returncode


@pytest.fixture(scope="module")
def whole(generated, tmp_path_factory) -> dict[str, list[tuple]]:
    """The dump of an uninterrupted audit of the generated reports."""
    target = str(tmp_path_factory.mktemp("whole") / "whole.db")
    assert run_cli("audit", generated, "--db", target, "--jobs", "2", timeout=600).returncode == 2  # broken.docx
    return dump(target)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_an_interrupted_run_resumed_equals_an_uninterrupted_one(generated, whole, db_target, sig):
    returncode = _interrupt(generated, db_target, sig)
    assert returncode == (-signal.SIGKILL if sig == signal.SIGKILL else 130)
    stored = count(db_target, "sources")
    assert 1 <= stored < N_GENERATED + 1, stored
    assert count(db_target, "reports") in (stored, stored - 1)  # every stored source is whole
    resumed = run_cli("audit", generated, "--db", db_target, "--jobs", "2", timeout=600)
    assert resumed.returncode == 2 and f"未变 {stored} 份" in resumed.stderr
    assert dump(db_target) == whole
    assert len(whole["reports"]) == N_GENERATED


def test_a_terminal_gets_a_progress_bar(folder, tmp_path):
    """On a terminal (stderr a pty) rich draws the bar; in a pipe there is none (above)."""
    import pty

    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONIOENCODING="utf-8", TERM="xterm", COLUMNS="100")
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "gongkai", "audit", str(folder), "--db", str(tmp_path / "t.db"),
                             "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.wait(timeout=120) == 1
    text = seen.decode("utf-8", "replace")
    assert "入库" in text and "4/4" in text and "新增 4 份" in text


def test_a_worker_that_dies_costs_only_its_own_source():
    from gongkai.pool import in_order
    from workers import dies_on_three

    assert list(in_order(dies_on_three, list(range(8)), 2, crashed=lambda n: -n)) == [0, 10, 20, -3, 40, 50, 60, 70]
