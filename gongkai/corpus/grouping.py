"""Which body and which region a stored report counts for, in comparisons and indicators.

One function, `group_of`, decides it for every corpus view (export filters, compare,
indicators), so that swapping the stand-in below for the body identity of
``gongkai.corpus.bodies`` (its ``Body.key`` and region codes) changes them all at once.
Until then a body is its agency name as printed, folded (full-width forms, spaces), and a
region is the place name that opens it up to the county level (淮安市洪泽区人民政府 → 淮安市洪泽区,
罗山县子路镇人民政府 → 罗山县); a name that opens with no place name is its own region.
"""

from __future__ import annotations

import re

from gongkai.errors import UsageError
from gongkai.normalize import fold

GROUPINGS = ("body", "region")
UNKNOWN = "（未署名）"  # a report that never names its body

_PLACE = re.compile(
    r"^(?:[^省市县区旗州盟]{1,8}(?:省|自治区))?"  # province
    r"(?:[^省市县区旗州盟]{1,8}(?:市|自治州|州|盟|地区))?"  # prefecture
    r"(?:[^省市县区旗州盟]{1,8}(?:县|区|旗|市))?")  # county


def group_of(agency: str | None, by: str) -> str:
    """The body (``by="body"``) or region (``by="region"``) a report of ``agency`` counts for."""
    if by not in GROUPINGS:
        raise UsageError(f"unknown grouping {by!r}; known: {', '.join(GROUPINGS)}")
    name = re.sub(r"\s+", "", fold(agency or ""))
    if not name:
        return UNKNOWN
    if by == "body":
        return name
    return _PLACE.match(name).group(0) or name  # type: ignore[union-attr]  # every part optional: always matches
