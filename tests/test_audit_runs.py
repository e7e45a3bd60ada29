"""What an audit run walked, kept in the store (``run_sources``) rather than in the audit's
process: its work list, the names files were walked as, and its summary come from there.

On SQLite and on a throwaway PostgreSQL cluster (``db_target``), on the bundled examples.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from gongkai import api
from gongkai.api import batch
from gongkai.store import url_for
from gongkai.store.schema import run_sources

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def folder(tmp_path) -> Path:
    out = tmp_path / "reports"
    out.mkdir()
    for p in sorted(EXAMPLES.iterdir()):
        if not p.name.endswith(".expected.json"):
            shutil.copy(p, out / p.name)
    (out / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    return out


def walked(target: str, run_id: int) -> list[tuple]:
    engine = sa.create_engine(url_for(target))
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(
                sa.select(run_sources.c.seq, run_sources.c.shown_as, run_sources.c.stored_as, run_sources.c.state,
                          run_sources.c.size).where(run_sources.c.run_id == run_id).order_by(run_sources.c.seq))]
    finally:
        engine.dispose()


def test_a_run_notes_every_walked_file_in_walk_order_and_a_rerun_finds_them_unchanged(folder, db_target):
    first = api.audit([folder], db=db_target, jobs=1)
    files = sorted(p for p in folder.iterdir())
    rows = walked(db_target, first.run_id)
    assert [r[1] for r in rows] == [str(p) for p in files]
    assert [r[2] for r in rows] == [str(p.resolve()) for p in files]
    assert {r[3] for r in rows} == {"todo"} and [r[4] for r in rows] == [p.stat().st_size for p in files]
    assert (first.seen, first.new, first.failed) == (len(files), len(files), 1)
    assert first.errors == [(str(folder / "broken.pdf"), first.errors[0][1])] and "PDF" in first.errors[0][1].upper()

    (folder / "broken.pdf").unlink()
    again = api.audit([folder], db=db_target, jobs=1)
    assert [r[3] for r in walked(db_target, again.run_id)] == ["unchanged"] * (len(files) - 1)
    assert (again.seen, again.new, again.unchanged, again.failed) == (len(files) - 1, 0, len(files) - 1, 0)
    assert list(again.findings) == list(first.findings)  # (the broken file had no findings)
    assert again.findings.severities == first.findings.severities


def test_a_file_walked_under_two_names_is_read_once_and_shown_by_its_last_name(folder, db_target):
    one = min(folder.glob("*.txt"))
    dotted = f"{folder}/./{one.name}"  # the same file, named otherwise
    summary = api.audit([dotted, folder, dotted], db=db_target, jobs=1)
    rows = walked(db_target, summary.run_id)
    assert len(rows) == len({r[2] for r in rows}) == len(list(folder.iterdir()))
    assert rows[0][:3] == (0, dotted, str(one.resolve()))  # its first place, its last name
    assert (summary.seen, summary.new, summary.unchanged) == (len(rows) + 2, len(rows), 2)  # read once, two repeats
    sources = [f.source for f in summary.findings]
    assert dotted in sources and str(one) not in sources and set(sources) <= {r[1] for r in rows}


def test_the_walk_is_noted_a_wave_at_a_time_and_read_back_in_pages(folder, db_target, monkeypatch):
    monkeypatch.setattr(batch, "WAVE", 2)  # more waves than files: each noted in a transaction of its own
    summary = api.audit([folder], db=db_target, jobs=1)
    rows = walked(db_target, summary.run_id)
    assert [r[0] for r in rows] == list(range(len(rows))) and summary.new == len(rows)
    assert [r[1] for r in rows] == [str(p) for p in sorted(folder.iterdir())]
    monkeypatch.undo()
    again = api.audit([folder], db=db_target, jobs=1)
    assert list(again.findings) == list(summary.findings) and again.unchanged == len(rows)  # the broken one too


def test_the_walks_of_runs_finished_a_day_ago_or_killed_long_ago_are_deleted(folder, db_target):
    from datetime import UTC, datetime, timedelta

    from gongkai.store.schema import runs

    first = api.audit([folder], db=db_target, jobs=1)
    second = api.audit([folder], db=db_target, jobs=1)
    killed = api.audit([folder], db=db_target, jobs=1)
    now = datetime.now(UTC)
    engine = sa.create_engine(url_for(db_target))
    try:
        with engine.begin() as conn:  # as if the first had finished two days ago, the third been killed in the summer
            conn.execute(runs.update().where(runs.c.id == first.run_id).values(finished=now - timedelta(days=2)))
            conn.execute(runs.update().where(runs.c.id == killed.run_id)
                         .values(started=now - timedelta(days=40), finished=None))
    finally:
        engine.dispose()
    assert all(walked(db_target, r.run_id) for r in (first, second, killed))
    latest = api.audit([folder], db=db_target, jobs=1)
    assert walked(db_target, first.run_id) == [] and walked(db_target, killed.run_id) == []
    assert walked(db_target, second.run_id) and walked(db_target, latest.run_id)  # finished within the day
    assert len(list(latest.findings)) == len(list(second.findings)) > 0  # read through the walks kept
