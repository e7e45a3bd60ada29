"""Search across the stored corpus: bodies' names and the current reports' narrative texts,
for Chinese (words of two characters found; ``store/search.py`` says how).

>>> for hit in api.search("audit.db", "行政复议"):
...     print(hit.kind, hit.body_name, hit.year, hit.section, hit.marked())
"""

from __future__ import annotations

from gongkai.api.reviews import open_db
from gongkai.api.stores import Target
from gongkai.records import SearchHit


def search(db: Target, query: str, limit: int = 50) -> list[SearchHit]:
    """Bodies whose names, and current reports' sections whose texts, hold every word of
    ``query`` (Chinese words of two characters and more found; bodies first, then the
    latest years), at most ``limit``. UsageError for a query without such a word."""
    from gongkai.store.search import search as run

    with open_db(db) as store:
        return run(store, query, limit)


def index_search(db: Target) -> int:
    """Bring the search index up to date with the store (``search`` does so itself; the web
    app calls this as it starts, so that its first search is not the one to wait), and
    return the rows added."""
    from gongkai.store.search import sync

    with open_db(db) as store:
        return sync(store)
