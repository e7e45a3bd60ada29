"""Opening a store: a SQLite file or a PostgreSQL URL, migrated to the latest schema.

One code path for both back ends: the target decides the SQLAlchemy URL, and Alembic's
migrations (in ``migrations/``, run in code with a Config built here) bring any database,
new or old, to the schema ``schema.py`` describes. SQLite gets WAL (readers never block the
one writer, and a killed writer leaves the last committed transaction intact), a busy
timeout (a second process waits instead of failing) and foreign keys, which it leaves off
by default.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from gongkai.errors import UsageError
from gongkai.store.schema import cells

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
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each WAL checkpoint; safe against kill -9
    cursor.close()


def open_engine(target: str | os.PathLike[str]) -> sa.Engine:
    """An Engine on ``target``, its schema migrated to the latest revision.

    UsageError (one line, for the CLI) when the database cannot be opened or migrated: a
    missing driver, a refused connection, a file that is not a database.
    """
    url = url_for(target)
    try:
        engine = sa.create_engine(url)
    except (ImportError, sa.exc.ArgumentError) as e:
        raise UsageError(f"cannot use database {_shown(url)}: {e}") from e
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    try:
        if _revisions(engine) != _heads():
            with _MIGRATING:  # alembic's command API keeps module-global state: one thread at a time
                upgrade(engine)
        restore_indexes(engine)
    except sa.exc.DBAPIError as e:
        engine.dispose()
        raise UsageError(f"cannot open database {_shown(url)}: {str(e.orig).strip().splitlines()[0]}") from e
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


_MIGRATING = threading.Lock()


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@functools.cache
def _heads() -> frozenset[str]:
    """The migrations' head revisions (the files ship with the package: read once)."""
    return frozenset(ScriptDirectory.from_config(_config()).get_heads())


def _revisions(engine: sa.Engine) -> frozenset[str]:
    """The revisions the database is at (none for a new one). Opening a store that is up to
    date (every web request, every API call) then costs one query, not a pass of alembic's
    command machinery, which is also not safe to run from several threads at once."""
    with engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on ``engine`` (no alembic.ini: the Config is built here)."""
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _shown(url: sa.URL) -> str:
    return url.render_as_string(hide_password=True)
