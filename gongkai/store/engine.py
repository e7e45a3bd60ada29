"""Opening a store: a SQLite file or a PostgreSQL URL, brought to the latest schema.

One code path for both back ends: the target decides the SQLAlchemy URL, and the database is
brought to the schema ``schema.py`` describes (revision ``schema.HEAD``): a new one is made
from ``schema.py`` at once and stamped (``store/create.py``), an older one is migrated by
Alembic (``migrations/``, run in code with a Config built here), and one at the head costs a
query, Alembic never imported (its import and the eleven migrations on a new file were a
third of a small audit's CPU). SQLite gets WAL (readers never block the one writer, and a
killed writer leaves the last committed transaction intact), a busy timeout (a second
process waits instead of failing) and foreign keys, which it leaves off by default.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from gongkai.errors import UsageError
from gongkai.store.create import create, has_tables
from gongkai.store.schema import HEAD, cells

BUSY_TIMEOUT_MS = 30_000
MIGRATIONS = Path(__file__).with_name("migrations")


def url_for(target: str | os.PathLike[str]) -> sa.URL:
    """The SQLAlchemy URL of ``--db TARGET``: a ``postgresql://`` URL uses psycopg 3, any
    other SQLAlchemy URL is taken as is, anything else is a SQLite file path."""
    text = os.fspath(target)
    if text.startswith(("postgresql://", "postgres://")):
        return sa.make_url("postgresql+psycopg://" + text.split("://", 1)[1])
    if "://" in text:
        return sa.make_url(text)
    return sa.URL.create("sqlite+pysqlite", database=os.path.abspath(text))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    _wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each WAL checkpoint; safe against kill -9
    cursor.close()


def _wal(cursor: sqlite3.Cursor) -> None:
    """Switch the file to WAL. SQLite answers "locked" at once, without waiting out the busy
    timeout, while another process holds a new file's lock (making it: ``bring_to_head``), so
    the switch is tried again until the timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def open_engine(target: str | os.PathLike[str]) -> sa.Engine:
    """An Engine on ``target``, its schema migrated to the latest revision.

    UsageError (one line, for the CLI) when the database cannot be opened or migrated: a
    missing driver, a refused connection, a file that is not a database.
    """
    url = url_for(target)
    try:
        engine = sa.create_engine(url)
    except (ImportError, sa.exc.ArgumentError) as e:
        raise UsageError(f"无法使用数据库 / cannot use database {_shown(url)}: {e}") from e
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    try:
        if _versions(engine) != {HEAD}:
            bring_to_head(engine)
        restore_indexes(engine)
    except sa.exc.DBAPIError as e:
        engine.dispose()
        raise UsageError(f"无法打开数据库 / cannot open database {_shown(url)}: "
                         f"{str(e.orig).strip().splitlines()[0]}") from e
    return engine


def deferred_indexes() -> list[sa.Index]:
    """The indexes a bulk load drops while it stores and builds again at its end
    (``Store.bulk_load``): the cells' key index, which kept row by row cost a fifth of
    storing a report's cells."""
    return [ix for ix in cells.indexes if ix.name == "ix_cells_key"]


def restore_indexes(engine: sa.Engine) -> None:
    """Build the deferred indexes a bulk load killed before its end left out (asked of the
    catalog first: an up-to-date store is opened without a write)."""
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        missing = [ix for ix in deferred_indexes() if not inspector.has_index(cells.name, str(ix.name))]
    if missing:
        with engine.begin() as conn:
            for ix in missing:
                ix.create(conn, checkfirst=True)


_MIGRATING = threading.Lock()  # alembic's command API keeps module-global state: one thread at a time
# PostgreSQL: the advisory lock two processes opening a new or older database take in turn
# (SQLite: BEGIN IMMEDIATE, the database's write lock)
LOCK_KEY = 0x676F6E676B6169  # "gongkai"


def _versions(connectable: sa.Engine | sa.Connection) -> frozenset[str]:
    """The revisions the database is at (none for a new one), read with plain SQL."""
    if isinstance(connectable, sa.Engine):
        with connectable.connect() as conn:
            return _versions(conn)
    if not sa.inspect(connectable).has_table("alembic_version"):
        return frozenset()
    return frozenset(connectable.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())


def bring_to_head(engine: sa.Engine) -> None:
    """Make a new database at the head revision, or migrate an older one to it, in one
    transaction that holds the database's write lock: of two processes opening it at once,
    the second waits and then finds it at the head."""
    with _MIGRATING, engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        versions = _versions(conn)
        if versions == {HEAD}:
            return
        if not versions and not has_tables(conn):
            create(conn)
        else:
            _migrate(conn, "head")


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on ``engine`` (no alembic.ini: the Config is built
    here); a new database is built by them, revision by revision, as ``open_engine`` does not."""
    with _MIGRATING, engine.begin() as conn:
        _migrate(conn, revision)


def _migrate(conn: sa.Connection, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


def _shown(url: sa.URL) -> str:
    return url.render_as_string(hide_password=True)
