"""Statements compiled by SQLAlchemy Core and run straight through the DBAPI driver.

Storing and reading back a report moves a couple of hundred small rows: Core's executemany
rebuilds each row's parameters and its result rows process each value, which made storing
cost as much as extracting. These helpers keep Core for what it is good at — one statement
for both back ends, always parameterised — and hand the rows to the driver as plain tuples.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa


def insert_many(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows given as dicts (the same keys in each) straight through the driver."""
    if rows:
        names = tuple(rows[0])
        insert_rows(conn, table, names, [tuple(r[n] for n in names) for r in rows])


def insert_rows(conn: sa.Connection, table: sa.Table, names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows (tuples of the columns ``names``) with the DBAPI cursor's executemany,
    the statement compiled once per dialect and still parameterised. Rows are plain numbers,
    text, booleans and None, which both drivers adapt themselves."""
    if not rows:
        return
    sql, order = _insert_sql(conn.dialect, table, names)
    if conn.dialect.paramstyle in ("qmark", "format", "numeric"):
        # positional: the compiled statement binds in the table's column order, not ``names``'
        conn.exec_driver_sql(sql, rows if order == tuple(range(len(names))) else
                             [tuple(r[i] for i in order) for r in rows])
    else:
        conn.exec_driver_sql(sql, [dict(zip(names, r, strict=True)) for r in rows])


def fetch_plain(conn: sa.Connection, query: sa.Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of ``query`` as the DBAPI driver gives them (plain tuples, no type processing:
    booleans may come as 0/1, NUMERIC as Decimal), the statement compiled for this call (its
    IN lists rendered) and still parameterised. For reading many small rows, where Core's
    rows cost as much as the database's own work."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args = tuple(params[name] for name in compiled.positiontup) if compiled.positiontup is not None else params
    return list(conn.exec_driver_sql(str(compiled), args).cursor.fetchall())


def fetch_bound(conn: sa.Connection, query: sa.Select[Any], params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """``fetch_plain`` of a statement built once, its values given as named ``bindparam``s:
    compiled once per dialect (compiling a select of a dozen columns costs more than running
    it on one report's cells)."""
    sql, names = _select_sql(conn.dialect, query)
    args = tuple(params[name] for name in names) if names is not None else dict(params)
    return list(conn.exec_driver_sql(sql, args).cursor.fetchall())


@functools.cache
def _insert_sql(dialect: sa.Dialect, table: sa.Table, names: tuple[str, ...]) -> tuple[str, tuple[int, ...]]:
    """The INSERT of ``names`` into ``table`` for ``dialect``, and for a positional paramstyle
    the index in ``names`` of each parameter in the order the statement binds them."""
    compiled = table.insert().values({n: sa.bindparam(n) for n in names}).compile(dialect=dialect)
    positions = compiled.positiontup or list(names)
    return str(compiled), tuple(names.index(n) for n in positions)


@functools.cache
def _select_sql(dialect: sa.Dialect, query: sa.Select[Any]) -> tuple[str, tuple[str, ...] | None]:
    """A constant statement's SQL for ``dialect`` and, for a positional paramstyle, the names
    of its parameters in the order it binds them."""
    compiled = query.compile(dialect=dialect)
    return str(compiled), None if compiled.positiontup is None else tuple(compiled.positiontup)
