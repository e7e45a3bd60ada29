"""Coverage and timeliness of a corpus: per body and year, did the report come, and in time?

Pure: the store hands over the jurisdiction list (bodies expected to report, by year range)
and every stored report version (history too), each already named by its body key; this
module decides each (body, year)'s status:

- ``on_time`` / ``late`` (``days_late``): published by / after the body's deadline;
- ``date_unknown``: a report, but no publication date printed in it;
- ``missing``: on the list for that year, no report;
- ``unexpected``: a report from a body the list does not name for that year (only when a
  list exists for that year: without one nothing is expected, and nothing is unexpected);

and ``changed``: more than one content (hash) among the versions of that body's report of
that year (the same file fetched again and found changed, or another file of the same
body and year), i.e. 更改 after publication.

Callers outside ``corpus`` (the store, the API) take ``Deadlines`` and ``parse_deadline`` from
here: the deadlines are part of this module's interface, and they may not import ``spec``.

The deadline of a body is, first to last: the list's 截止日期 for it, the settings' local
deadline for its key or name, for its type, the statutory one (``spec.deadlines``). Its type
is the list's 类型, else the one its report's meta gives (what the D rules of ``gongkai
check`` read: a 管委会 is a department there, so both say the same), else the body's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from gongkai.spec.deadlines import STATUTORY_DEADLINES, Deadline, Deadlines, parse_deadline

__all__ = ["STATUSES", "Deadlines", "Entry", "Expected", "Summary", "Version", "coverage", "in_region", "parse_deadline",
           "summarise"]

# no_deadline: published, but nothing to be late against (乡镇、街道 and 管委会 have no
# statutory date; no local one was given)
STATUSES = ("on_time", "late", "no_deadline", "date_unknown", "missing", "unexpected")
STATUS_NAMES = {"on_time": "按时", "late": "逾期", "no_deadline": "无期限", "date_unknown": "日期不明", "missing": "未报",
                "unexpected": "名单外"}


@dataclass(frozen=True, slots=True)
class Expected:
    """A body a jurisdiction list expects a report from, in the years ``from_year``–``to_year``
    (either open)."""

    key: str  # the body's key (corpus.bodies / the store's bodies.key)
    name: str
    body_type: str | None = None  # the list's 类型, over the detected one
    adcode: str | None = None
    deadline: Deadline | None = None  # the list's 截止日期, over every other
    from_year: int | None = None
    to_year: int | None = None

    def covers(self, year: int) -> bool:
        return (self.from_year is None or self.from_year <= year) and (self.to_year is None or year <= self.to_year)


@dataclass(frozen=True, slots=True)
class Version:
    """One stored version of one report (a source file's content at one time)."""

    key: str  # the body's key
    name: str  # the body's name
    body_type: str | None
    adcode: str | None
    year: int
    published: date | None
    sha256: str
    path: str
    first_seen: datetime
    current: bool  # the latest version of its file
    # the body type the report's meta gives (government/department/township), which the D
    # rules of `gongkai check` read: the deadline follows it, so that both say the same
    report_type: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One (body, year): its status, dates and versions."""

    key: str
    name: str
    body_type: str | None
    adcode: str | None
    year: int
    status: str  # one of STATUSES
    expected: bool
    published: date | None = None
    due: date | None = None
    deadline: str | None = None  # the deadline as people read it (次年1月31日)
    days_late: int | None = None
    changed: bool = False
    contents: int = 0  # distinct contents (hashes) among its versions
    paths: tuple[str, ...] = ()
    changed_at: datetime | None = None  # when the last differing content was first seen


@dataclass
class Summary:
    """The counts of ``gongkai coverage``'s head line (应报、已报、按时、逾期、未报、更改)."""

    expected: int = 0
    published: int = 0
    on_time: int = 0
    late: int = 0
    no_deadline: int = 0
    date_unknown: int = 0
    missing: int = 0
    unexpected: int = 0
    changed: int = 0
    by_year: dict[int, Summary] = field(default_factory=dict)


def in_region(adcode: str | None, region: str | None) -> bool:
    """Whether ``adcode`` lies in ``region`` (a code, trailing ``00`` pairs meaning 'all of':
    620600 and 6206 are both 武威市)."""
    if not region:
        return True
    prefix = region
    while prefix.endswith("00") and len(prefix) > 2:
        prefix = prefix[:-2]
    return adcode is not None and adcode.startswith(prefix)


def _deadline(deadlines: Deadlines, listed: Expected | None, body_type: str | None, key: str,
              name: str) -> Deadline | None:
    if listed is not None and listed.deadline is not None:
        return listed.deadline
    return deadlines.for_body(listed.body_type if listed and listed.body_type else body_type, key, name)


def coverage(expected: Sequence[Expected], versions: Iterable[Version], *, deadlines: Deadlines = STATUTORY_DEADLINES,
             years: Iterable[int] | None = None, region: str | None = None) -> list[Entry]:
    """Every (body, year) of ``years`` (default: the years the versions have) that is
    expected or has a report, in ``region`` if given, ordered by year, status, name."""
    by_pair: dict[tuple[str, int], list[Version]] = defaultdict(list)
    for v in versions:
        by_pair[v.key, v.year].append(v)
    chosen = sorted(set(years) if years is not None else {year for _, year in by_pair})
    listed_in: dict[int, dict[str, Expected]] = {year: {e.key: e for e in expected if e.covers(year)}
                                                 for year in chosen}
    out: list[Entry] = []
    for year in chosen:
        listed = listed_in[year]
        keys = set(listed) | {key for key, y in by_pair if y == year}
        for key in keys:
            entry = _entry(key, year, listed.get(key), by_pair.get((key, year), []), bool(listed), deadlines)
            if in_region(entry.adcode, region):
                out.append(entry)
    return sorted(out, key=lambda e: (e.year, STATUSES.index(e.status), e.adcode or "", e.name, e.key))


def _entry(key: str, year: int, listed: Expected | None, found: list[Version], has_list: bool,
           deadlines: Deadlines) -> Entry:
    current = [v for v in found if v.current] or found
    first = current[0] if current else None
    name = listed.name if listed else first.name if first else key
    body_type = (listed.body_type if listed and listed.body_type else None) or (first.body_type if first else None)
    adcode = (listed.adcode if listed and listed.adcode else None) or (first.adcode if first else None)
    if not found:
        deadline = _deadline(deadlines, listed, body_type, key, name)
        return Entry(key, name, body_type, adcode, year, "missing", True, due=deadline.due(year) if deadline else None,
                     deadline=deadline.shown() if deadline else None)
    dates = [v.published for v in current if v.published is not None]
    published = min(dates) if dates else None  # the first printing counts; a later one is a change
    kind = (first.report_type if first else None) or body_type
    deadline = _deadline(deadlines, listed, kind, key, first.name if first else name)
    due = deadline.due(year) if deadline else None
    late = published is not None and due is not None and published > due
    if has_list and listed is None:
        status = "unexpected"
    elif published is None:
        status = "date_unknown"
    elif due is None:
        status = "no_deadline"
    else:
        status = "late" if late else "on_time"
    hashes = {v.sha256 for v in found}
    ordered = sorted(found, key=lambda v: v.first_seen)
    changed_at = next((v.first_seen for v in reversed(ordered) if v.sha256 != ordered[0].sha256), None)
    return Entry(key, name, body_type, adcode, year, status, listed is not None, published, due,
                 deadline.shown() if deadline else None, (published - due).days if late and published and due else None,
                 len(hashes) > 1, len(hashes), tuple(sorted({v.path for v in current})), changed_at)


def summarise(entries: Iterable[Entry]) -> Summary:
    """The head counts, overall and by year: 应报 counts listed bodies, 已报 those of them
    with a report; 按时/逾期/日期不明 count the
    listed bodies' reports; 名单外 the others."""
    total = Summary()
    for e in entries:
        for s in (total, total.by_year.setdefault(e.year, Summary())):
            s.expected += e.expected
            s.published += e.expected and e.status != "missing"
            s.on_time += e.status == "on_time"
            s.late += e.status == "late"
            s.no_deadline += e.status == "no_deadline"
            s.date_unknown += e.status == "date_unknown"
            s.missing += e.status == "missing"
            s.unexpected += e.status == "unexpected"
            s.changed += e.changed
    return total
