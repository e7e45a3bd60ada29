"""Bodies of an audited corpus: list them, and record what no name can tell (aliases).

A report's body is derived from its printed agency name (``gongkai.corpus.bodies``); a
rename or a false match is recorded by people as an alias, and the store assigns every
stored report again whenever the table changes, so grouping by body is always the table's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from gongkai.api.sources import PathLike
from gongkai.corpus.aliases import DISTINCT, SAME, Alias, read_alias_table
from gongkai.corpus.bodies import BodyRow
from gongkai.errors import UsageError

if TYPE_CHECKING:
    from gongkai.store import Store


@contextmanager
def _opened(db: PathLike) -> Iterator[Store]:
    try:
        from gongkai.store import open_store
    except ImportError as e:
        raise UsageError(f"bodies need the store extra (pip install 'gongkai[store]'): {e}") from e
    with open_store(db) as store:
        yield store


def bodies(*, db: PathLike = "gongkai.db") -> list[BodyRow]:
    """Every body in the store ``db``, by region code, with its current reports' years and
    the names they print."""
    with _opened(db) as store:
        return store.bodies()


def alias(name: str, *, same_as: str | None = None, differs_from: str | None = None,
          db: PathLike = "gongkai.db") -> int:
    """Record that the body printed ``name`` is the one printed ``same_as`` (a rename, a
    merger, a variant the names do not join), or is not the one printed ``differs_from``
    (two bodies the names joined). Replaces what was said of the pair before. Returns how
    many stored reports changed body."""
    if (same_as is None) == (differs_from is None):
        raise UsageError("give exactly one of same_as and differs_from")
    other = same_as if same_as is not None else differs_from
    assert other is not None
    if not name.strip() or not other.strip():
        raise UsageError("a body name cannot be empty")
    with _opened(db) as store:
        return store.add_aliases([Alias(name.strip(), other.strip(), SAME if same_as is not None else DISTINCT)])


def import_aliases(path: PathLike, *, db: PathLike = "gongkai.db") -> tuple[int, int]:
    """Record every alias of a CSV or XLSX sheet (columns name, other, optional relation;
    ``corpus.aliases.read_alias_table``) in one transaction. Returns (aliases recorded,
    stored reports that changed body)."""
    aliases = read_alias_table(path)
    with _opened(db) as store:
        return len(aliases), store.add_aliases(aliases)
