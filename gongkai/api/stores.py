"""A store opened once and kept, for a long-running caller (the web app), or opened per
call from its target (the CLI): the API functions of the web pages and accounts take either.

Opening a store creates an engine, checks its migrations and assigns bodies: tens of
milliseconds, and an engine's compiled-statement cache starts empty. A server that opened
one per request would spend most of its time there; ``connect`` opens one to keep (its
connection pool is shared by the server's threads) and ``close`` ends it.

>>> store = api.connect("audit.db")
>>> api.report_view(store, 12)          # as api.report_view("audit.db", 12), without reopening
>>> api.close(store)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Union

from gongkai.errors import UsageError

if TYPE_CHECKING:
    from gongkai.store import Store

# A store's target (a SQLite path, a postgresql:// URL) or a store `connect` opened.
Target = Union[str, "os.PathLike[str]", "Store"]


def connect(db: str | os.PathLike[str]) -> Store:
    """The store at ``db``, opened (and migrated) to be kept. UsageError for a SQLite file that
    does not exist (opening it would create an empty database) or a database that cannot be
    opened."""
    if "://" not in os.fspath(db) and not os.path.isfile(db):
        raise UsageError(f"数据库文件不存在 / no such database file: {os.fspath(db)}")
    try:
        from gongkai.store import open_store
    except ImportError as e:
        raise UsageError(f"this needs the store extra (pip install 'gongkai[store]'): {e}") from e
    return open_store(db)


def close(store: Store) -> None:
    store.close()


@contextmanager
def opened(db: Target, *, create: bool = False) -> Iterator[Store]:
    """The store ``db`` if it is one (left open), else the store at that target, opened for
    the call and closed after it; ``create``: a SQLite file that does not exist is made."""
    if not isinstance(db, str | os.PathLike):
        yield db
        return
    if create:
        try:
            from gongkai.store import open_store
        except ImportError as e:
            raise UsageError(f"this needs the store extra (pip install 'gongkai[store]'): {e}") from e
        with open_store(db) as store:
            yield store
        return
    with connect(db) as store:
        yield store
