"""Coverage and timeliness of an audited corpus, and the jurisdiction list it is measured by.

Per body and year: published on time, late (by how many days), published with no date
printed, missing (on the list, no report), unexpected (a report from a body not on the
list), and changed after publication (another content of the same report). The statuses are
``corpus.coverage``'s; the store keeps the list and the report versions. Deadlines are the
statutory ones by body type (``spec.deadlines``) unless the list or the settings
(``[tool.gongkai.deadlines]``) give a local one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gongkai.api.sources import PathLike
from gongkai.corpus.bodies import identify
from gongkai.corpus.coverage import Deadlines, Entry, Summary, in_region, summarise
from gongkai.corpus.coverage import coverage as statuses
from gongkai.corpus.jurisdictions import Listed, gazetteer_governments, read_jurisdiction_table, write_jurisdiction_csv
from gongkai.errors import UsageError

if TYPE_CHECKING:
    from gongkai.store import Store


@dataclass(frozen=True, slots=True)
class Coverage:
    """What ``coverage`` found: one entry per (body, year), the head counts, and whether a
    jurisdiction list was there to say who was expected."""

    entries: list[Entry]
    summary: Summary
    has_list: bool


@contextmanager
def _opened(db: PathLike) -> Iterator[Store]:
    try:
        from gongkai.store import open_store
    except ImportError as e:
        raise UsageError(f"coverage needs the store extra (pip install 'gongkai[store]'): {e}") from e
    with open_store(db) as store:
        yield store


def coverage(*, db: PathLike = "gongkai.db", year: int | None = None, region: str | None = None,
             deadlines: Deadlines | Mapping[str, object] | None = None) -> Coverage:
    """Each body's status per report year (``year`` alone if given; ``region``: a region code,
    620600 or 6206 for 武威市 and everything under it). ``deadlines``: local deadlines by
    body type or body (the settings' ``[tool.gongkai.deadlines]`` table, or a ``Deadlines``)."""
    if region is not None and not (region.isdigit() and len(region) in (2, 4, 6)):
        raise UsageError(f"地区代码“{region}”应为2、4或6位数字 (a region code has 2, 4 or 6 digits)")
    local = deadlines if isinstance(deadlines, Deadlines) else Deadlines.from_table(deadlines or {})
    from gongkai.store import coverage as stored

    with _opened(db) as store:
        listed, found = stored.expected(store), stored.versions(store)
    entries = statuses(listed, found, deadlines=local, years=None if year is None else [year], region=region)
    return Coverage(entries, summarise(entries), bool(listed))


def import_jurisdictions(path: PathLike, *, db: PathLike = "gongkai.db") -> int:
    """Replace the store's jurisdiction list with the sheet at ``path`` (CSV or XLSX, headers
    名称 (required), 类型, 地区代码, 截止日期, 起始年度, 终止年度). Returns the rows imported;
    UsageError naming the file and row for a bad one (nothing is imported then)."""
    rows = read_jurisdiction_table(path)
    from gongkai.store import coverage as stored

    with _opened(db) as store:
        return stored.import_jurisdictions(store, rows, str(path))


def jurisdiction_csv(rows: list[Listed]) -> str:
    """A list as the CSV people edit in Excel and import again (UTF-8 with BOM, Chinese headers)."""
    return write_jurisdiction_csv(rows)


def propose_jurisdictions(*, db: PathLike = "gongkai.db", region: str | None = None,
                          from_years: int | None = 3) -> list[Listed]:
    """A jurisdiction list to edit: the people's governments of ``region`` and of the regions
    one level under it (gazetteer), and the bodies that reported in any of the store's last
    ``from_years`` years (in ``region`` if given); one row per body."""
    if from_years is not None and from_years < 1:
        raise UsageError("from_years must be at least 1")
    rows = gazetteer_governments(region) if region else []
    if from_years:
        from gongkai.store import coverage as stored

        with _opened(db) as store:
            rows += [r for r in stored.reported_bodies(store, from_years) if in_region(r.adcode, region)]
    seen: set[str] = set()
    out = []
    for r in rows:
        key = identify(r.name).key
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
