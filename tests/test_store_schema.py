"""How a store comes to its schema: a new database made from ``schema.py`` and stamped, an
older one migrated by Alembic, one at the head opened without importing Alembic at all —
and the made one equal to the migrated one, table by table, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

import gongkai
from conftest import head_revision
from gongkai.store import Ingested, Store, open_store, upgrade, url_for
from gongkai.store.engine import MIGRATIONS
from gongkai.store.schema import HEAD, metadata

pytestmark = pytest.mark.integration

COUNTY = Path(__file__).resolve().parents[1] / "examples" / "county-2023-tabs.txt"


def _other_target(db_target: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A second empty target on the same back end as ``db_target``."""
    if db_target.startswith("postgresql://"):
        return str(request.getfixturevalue("postgres_cluster").new_database())
    return str(tmp_path / "other.db")


def _engine(target: str) -> sa.Engine:
    engine = sa.create_engine(url_for(target))
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", lambda c, _r: c.execute("PRAGMA foreign_keys=ON"))
    return engine


def _plain(sql: object) -> str:
    return re.sub(r"\s+", " ", str(sql)).strip()


def _shape(engine: sa.Engine) -> dict[str, object]:
    """Everything a schema comparison can see: each table's and view's columns (type,
    nullability, default, generated), keys, indexes, constraints and storage options, the
    triggers, and the version stamp."""
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        shape: dict[str, object] = {}
        for table in inspector.get_table_names():
            columns = {c["name"]: (str(c["type"]), c["nullable"], _plain(c.get("default")),
                                   _plain((c.get("computed") or {}).get("sqltext"))) for c in inspector.get_columns(table)}
            shape[table] = {
                "columns": columns,
                "primary key": inspector.get_pk_constraint(table)["constrained_columns"],
                "foreign keys": sorted((f["constrained_columns"], f["referred_table"], f["referred_columns"],
                                        sorted((f.get("options") or {}).items())) for f in inspector.get_foreign_keys(table)),
                "indexes": sorted((i["name"], i["column_names"], bool(i["unique"])) for i in inspector.get_indexes(table)),
                "unique": sorted((u["name"], u["column_names"]) for u in inspector.get_unique_constraints(table)),
                "checks": sorted((c["name"], _plain(c["sqltext"])) for c in inspector.get_check_constraints(table)),
                "options": inspector.get_table_options(table),
            }
        for view in inspector.get_view_names():
            shape[f"view {view}"] = sorted(c["name"] for c in inspector.get_columns(view))
        if conn.dialect.name == "sqlite":
            shape["triggers"] = sorted(conn.exec_driver_sql(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'").all())
        shape["version"] = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    return shape


def test_the_head_the_store_opens_at_is_alembics_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_heads() == [HEAD] == [head_revision()]


def test_a_new_store_is_made_from_the_schema_as_the_migrations_would_have_made_it(db_target, request, tmp_path):
    open_store(db_target).close()  # new: made from schema.py and stamped
    migrated = _engine(_other_target(db_target, request, tmp_path))
    upgrade(migrated)  # every migration, one after the other
    made = _engine(db_target)
    try:
        made_shape, migrated_shape = _shape(made), _shape(migrated)
    finally:
        made.dispose()
        migrated.dispose()
    assert set(made_shape) == set(migrated_shape)
    for name in sorted(made_shape):
        assert made_shape[name] == migrated_shape[name], name
    assert set(metadata.tables) < set(made_shape)
    assert made_shape["version"] == [HEAD]
    if db_target.startswith("postgresql://"):  # the search index too
        assert "gram_array" in made_shape["search_docs"]["columns"]  # type: ignore[index]
        assert ("ix_search_docs_grams", ["gram_array"], False) in made_shape["search_docs"]["indexes"]  # type: ignore[index]
    else:
        assert "search_fts" in made_shape and len(made_shape["triggers"]) == 3  # type: ignore[arg-type]
        assert made_shape["cells"]["options"] == {"sqlite_with_rowid": False}  # type: ignore[index]
        assert made_shape["lsh_bands"]["options"] == {"sqlite_with_rowid": False}  # type: ignore[index]


OPENS = """
import sys
from gongkai.store import open_store
for target in sys.argv[1:]:
    open_store(target).close()
print("alembic" in sys.modules)
"""


def _alembic_imported(*targets: str | Path) -> bool:
    done = subprocess.run([sys.executable, "-c", OPENS, *map(str, targets)], capture_output=True, text=True,
                          timeout=60, check=True)
    return json.loads(done.stdout.strip().lower())


def test_a_new_store_and_one_at_the_head_are_opened_without_alembic(tmp_path):
    assert _alembic_imported(tmp_path / "a.db", tmp_path / "a.db") is False
    older = tmp_path / "older.db"
    engine = _engine(str(older))
    upgrade(engine, "0011")
    engine.dispose()
    assert _alembic_imported(older) is True  # an older store is migrated by Alembic
    with open_store(older) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == [HEAD]


TOGETHER = """
import sys, time
from pathlib import Path
from gongkai.store import open_store
ready = Path(sys.argv[1])
(ready / sys.argv[2]).touch()
while len(list(ready.iterdir())) < 2:  # both imported: open at once
    time.sleep(0.001)
open_store(sys.argv[3]).close()
"""


def test_a_new_store_opened_by_two_processes_at_once_is_made_once(db_target, tmp_path):
    ready = tmp_path / "ready"
    ready.mkdir()
    both = [subprocess.Popen([sys.executable, "-c", TOGETHER, str(ready), str(i), db_target], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for i in range(2)]
    results = [p.communicate(timeout=60) for p in both]
    assert [p.returncode for p in both] == [0, 0], results
    with open_store(db_target) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == [HEAD]


def _cells(engine: sa.Engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text("SELECT * FROM cells ORDER BY report_id, key"))]


def test_revision_0012_keeps_every_cell_and_band_and_goes_down_again(db_target):
    engine = _engine(db_target)
    upgrade(engine, "0011")
    report = gongkai.extract(COUNTY)
    store = Store(engine)  # at 0011: the cells' columns are those of the head
    run = store.start_run([str(COUNTY)], 1)
    store.record(run, Ingested(str(COUNTY), "c" * 64, 100, "text", report, gongkai.check(report)))
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO sketches VALUES (1, '一', 300, 290, :m)"), {"m": bytes(512)})
        conn.execute(sa.text("INSERT INTO lsh_bands VALUES (1, '一', 0, -5), (1, '一', 1, 7)"))
    before = _cells(engine)
    assert len(before) == len(report.cells)
    upgrade(engine)
    assert _cells(engine) == before
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT band, bucket FROM lsh_bands ORDER BY band")).all() == [(0, -5), (1, 7)]
        assert conn.execute(sa.text("SELECT count(*) FROM current_cells")).scalar_one() == len(before)
        if conn.dialect.name == "sqlite":
            assert sa.inspect(conn).get_table_options("cells") == {"sqlite_with_rowid": False}
    _downgrade(engine, "0011")
    assert _cells(engine) == before
    with engine.connect() as conn:
        assert sa.inspect(conn).get_table_options("cells") == {}
    engine.dispose()


def _downgrade(engine: sa.Engine, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def test_a_made_store_goes_down_to_the_bodies_revision_and_up_again(db_target):
    """Every downgrade down to 0003 works on a store made at the head as on a migrated one
    (below, SQLite cannot drop ``reports.body_id`` of a made store in place: its foreign key
    is declared apart from the column), and the store comes back up as it was made."""
    with open_store(db_target) as store:
        run = store.start_run([str(COUNTY)], 1)
        report = gongkai.extract(COUNTY)
        store.record(run, Ingested(str(COUNTY), "d" * 64, 100, "text", report, gongkai.check(report)))
    engine = _engine(db_target)
    made = _shape(engine)
    before = _cells(engine)
    _downgrade(engine, "0003")
    with engine.connect() as conn:
        assert "texts" not in sa.inspect(conn).get_table_names()
        assert conn.execute(sa.text("SELECT count(*) FROM current_cells")).scalar_one() == len(before)
    upgrade(engine)
    assert _shape(engine) == made
    assert _cells(engine) == before
    engine.dispose()
