"""A bulk load (``Store.bulk_load``): when an audit stores at least half as many sources as
the store holds, the cells' key index is dropped while they go in and built once at the end.
The database then equals one stored row by row, the index is there after the run, and a run
killed inside the block leaves the index to the next opening of the store. On SQLite and
PostgreSQL (``db_target``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from gongkai import api
from gongkai.store import ingest, open_store, url_for
from test_audit import EXAMPLES, dump

pytestmark = pytest.mark.integration


def has_key_index(target: str) -> bool:
    engine = sa.create_engine(url_for(target))
    try:
        with engine.connect() as conn:
            return sa.inspect(conn).has_index("cells", "ix_cells_key")
    finally:
        engine.dispose()


def test_a_bulk_load_stores_what_row_by_row_stores_and_keeps_the_index(tmp_path, db_target, monkeypatch):
    monkeypatch.setattr(ingest, "BULK_MIN", 1)
    dropped: list[bool] = []
    real = ingest.Store.record_many

    def watched(self, run_id, items):
        with self.engine.connect() as conn:
            dropped.append(not sa.inspect(conn).has_index("cells", "ix_cells_key"))
        return real(self, run_id, items)

    monkeypatch.setattr(ingest.Store, "record_many", watched)
    api.audit([EXAMPLES], db=db_target, jobs=1)
    assert dropped and all(dropped)  # the index was away while the cells went in
    assert has_key_index(db_target)
    bulk = dump(db_target)
    monkeypatch.setattr(ingest, "BULK_MIN", 10**9)
    other = str(tmp_path / "rows.db") if not db_target.startswith("postgresql") else db_target
    if other == db_target:  # one PostgreSQL database a test: empty it for the row-by-row run
        engine = sa.create_engine(url_for(db_target))
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        engine.dispose()
    dropped.clear()
    api.audit([EXAMPLES], db=other, jobs=1)
    assert dropped and not any(dropped)
    assert dump(other) == bulk


def test_a_run_killed_inside_a_bulk_load_leaves_the_index_to_the_next_opening(db_target):
    with open_store(db_target):
        pass
    code = ("import os; from gongkai.store import open_store\n"
            f"store = open_store({db_target!r})\n"
            "with store.bulk_load(10**9):\n"
            "    os._exit(9)\n")
    done = subprocess.run([sys.executable, "-c", code], check=False, cwd=Path(__file__).resolve().parents[1],
                          timeout=120)
    assert done.returncode == 9
    assert not has_key_index(db_target)
    with open_store(db_target):
        pass
    assert has_key_index(db_target)


def test_a_run_adding_half_of_the_stored_reports_is_a_bulk_load(db_target, monkeypatch):
    monkeypatch.setattr(ingest, "BULK_MIN", 0)
    api.audit([EXAMPLES], db=db_target, jobs=1)
    with open_store(db_target) as store:
        with store.engine.connect() as conn:
            stored = conn.execute(sa.text("SELECT count(*) FROM reports")).scalar_one()
        assert stored == 4 and ingest.BULK_SHARE == 0.5
        for sources, bulk in ((stored, True), (stored // 2, True), (stored // 2 - 1, False)):
            with store.bulk_load(sources):
                assert has_key_index(db_target) is not bulk, sources
            assert has_key_index(db_target)
