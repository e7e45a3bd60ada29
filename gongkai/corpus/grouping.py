"""Which body and which region a stored report counts for, in comparisons and indicators.

One function, `group_of`, decides it for every corpus view (compare, indicators). The store
hands each report's `Grouped`: its body's name (the stored body identity of
``corpus.bodies``, under the alias table: one body however its name was printed over the
years) and its region, the province, city and county the gazetteer placed it in, printed
together (甘肃省武威市凉州区; a city's own departments 甘肃省武威市). A report with no body
named is 未署名; a body the gazetteer could not place (a national ministry, an unknown
place) is its own region.
"""

from __future__ import annotations

from typing import NamedTuple

from gongkai.errors import UsageError

GROUPINGS = ("body", "region")
UNKNOWN = "（未署名）"  # a report that never names its body


class Grouped(NamedTuple):
    """A report's body name and region name as the store reads them (either may be None)."""

    body: str | None
    region: str | None


def region_name(province: str | None, city: str | None, county: str | None) -> str | None:
    """A body's region as people write it: the gazetteer's province, city and county printed
    together (甘肃省武威市凉州区), None where it placed none."""
    return "".join(p for p in (province, city, county) if p) or None


def group_of(grouped: Grouped, by: str) -> str:
    """The body (``by="body"``) or region (``by="region"``) a report counts for."""
    if by not in GROUPINGS:
        raise UsageError(f"unknown grouping {by!r}; known: {', '.join(GROUPINGS)}")
    if not grouped.body:
        return UNKNOWN
    if by == "body":
        return grouped.body
    return grouped.region or grouped.body
