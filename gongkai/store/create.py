"""A new store made at once from ``schema.py``, not by replaying every migration.

A new database gets the tables and indexes of ``schema.metadata``, the views (``VIEWS``), the
back end's search index (``SEARCH_INDEX_DDL``) and Alembic's version table stamped with
``HEAD``, as if every migration had run (a test holds the two equal, table by table, on both
back ends): without importing Alembic, whose import and eleven migrations cost a small
audit as much CPU as reading and checking a report a few hundred times.
"""

from __future__ import annotations

import sqlalchemy as sa

from gongkai.store.schema import HEAD, SEARCH_INDEX_DDL, VIEWS, metadata

# Alembic's own table, as its ``MigrationContext`` creates it
VERSION_TABLE = ("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                 "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")


def has_tables(conn: sa.Connection) -> bool:
    """Whether the database holds any table of the store's (a new one holds none)."""
    return bool(set(sa.inspect(conn).get_table_names()) & set(metadata.tables))


def create(conn: sa.Connection) -> None:
    """Make the store's schema at ``HEAD`` in the empty database of ``conn`` (in its transaction)."""
    metadata.create_all(conn, checkfirst=False)
    for name, select in VIEWS.items():
        conn.exec_driver_sql(f"CREATE VIEW {name} AS {select}")
    for statement in SEARCH_INDEX_DDL.get(conn.dialect.name, ()):
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(VERSION_TABLE)
    conn.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES (:head)"), {"head": HEAD})
