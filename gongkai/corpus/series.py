"""Which reports make one body's series, until body identities are stored.

``series_key`` is the one place that says it: today the agency name as printed, folded
(full-width forms, traditional characters) and without spaces, so that one body's reports
of several years line up; distinct bodies of one place (a 区 government, its 办公室, its
公安局) keep distinct names and so distinct keys. ``corpus.bodies`` will replace it with the
body's stable key.
"""

from __future__ import annotations

import re

from gongkai.normalize import normalise

_SPACE = re.compile(r"[\s\u3000]+")


def series_key(agency: str | None) -> str | None:
    """The key grouping a report into its body's series; None for a report that never names
    its body (it joins no series)."""
    if agency is None:
        return None
    key = _SPACE.sub("", normalise(agency))
    return key or None
