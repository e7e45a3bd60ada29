"""What an office hands on after an audit: each body's findings (the 退回清单) and a region's
summary, read from the store. The data only: ``gongkai.output.returns`` and
``gongkai.output.summary`` render it as XLSX and DOCX, as ``output.findings`` renders `check`'s
findings.

>>> lists = api.returns("audit.db", year=2024)              # one BodyReports per body and year
>>> rows = api.summary("audit.db", region="凉州区")          # one SummaryRow per body and year
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from gongkai.api.sources import PathLike, local_rules_off
from gongkai.api.stores import connect
from gongkai.errors import UsageError
from gongkai.records import BodyReports, SummaryRow

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported when first used: the package imports without it
    from gongkai.corpus.coverage import Entry
    from gongkai.store import Store

# E000 (a rule crashed) is gongkai's fault, not the body's: it is never sent back.
NOT_RETURNED = ("E000",)


def returns(db: PathLike, *, body: str | None = None, year: int | None = None,
            profiles: Iterable[str] | None = None) -> list[BodyReports]:
    """Each body's current reports of each year with their findings, from the store ``db``;
    ``body`` (a name or key) and ``year`` narrow it; the local rules of ``profiles`` are listed
    too. A body with no finding is listed too (its 清单 says so). UsageError when nothing
    matches (with the closest body names)."""
    from gongkai.store.reading import body_reports

    with connect(db) as store:
        found = body_reports(store, body=body, year=year, exclude=_left_out(profiles))
        if not found:
            raise UsageError(_nothing(store, body, year))
    return found


def summary(db: PathLike, *, region: str | None = None, year: int | None = None,
            profiles: Iterable[str] | None = None) -> list[SummaryRow]:
    """One row per body and year of the current reports in ``region`` (a place name or a
    region code), with findings counted by severity (the local rules of ``profiles`` too),
    and its publication status from ``coverage``: on time, late, date not printed, and a row
    for each body on the jurisdiction list that published nothing. UsageError when nothing
    matches."""
    from gongkai.api.jurisdictions import coverage
    from gongkai.store.reading import summary_rows

    with connect(db) as store:
        rows = summary_rows(store, region=region, year=year, exclude=_left_out(profiles))
    code = region.strip() if region is not None and region.strip().isdigit() else None
    entries = coverage(db=db, year=year, region=code).entries
    if region is not None and code is None:
        entries = [e for e in entries if region.strip() in e.name]
    rows = _with_status(rows, entries)
    if not rows:
        with connect(db) as store:
            raise UsageError(_nothing(store, None, year, region))
    return rows


# coverage's statuses as the summary workbook shows them (records.PUBLICATION_STATUSES)
_STATUS = {"on_time": "published", "no_deadline": "published", "unexpected": "published", "late": "late", "date_unknown": "unknown",
           "missing": "missing"}


def _with_status(rows: list[SummaryRow], entries: Iterable[Entry]) -> list[SummaryRow]:
    """The rows with each body's status and deadline, plus a row per missing body."""
    by_key: dict[tuple[str, int | None], Entry] = {(e.key, e.year): e for e in entries}
    out = []
    for row in rows:
        e = by_key.pop((row.key, row.year), None)
        if e is None:
            out.append(row)
            continue
        note = f"逾期{e.days_late}天" if e.status == "late" and e.days_late else ""
        if e.changed:
            note = "，".join(x for x in (note, "公布后有改动") if x)
        out.append(replace(row, status=_STATUS[e.status], deadline=e.due.isoformat() if e.due else None, note=note))
    out += [SummaryRow(e.name, e.key, e.year, e.body_type, adcode=e.adcode, status="missing",
                       deadline=e.due.isoformat() if e.due else None) for e in by_key.values() if e.status == "missing"]
    return sorted(out, key=lambda r: (r.key, r.year if r.year is not None else 10_000))


def _left_out(profiles: Iterable[str] | None) -> frozenset[str]:
    return frozenset(NOT_RETURNED) | local_rules_off(profiles)


def _nothing(store: Store, body: str | None, year: int | None, region: str | None = None) -> str:
    """Why nothing matched, in one line: the filters, and for a body the closest names stored."""
    from gongkai.store.reading import body_names

    asked = "，".join(x for x in (f"单位 {body}" if body else "", f"{year} 年度" if year else "",
                                  f"地区 {region}" if region else "") if x)
    message = f"数据库中没有{'符合条件（' + asked + '）的' if asked else ''}报告 / no stored report matches"
    if body:
        close = difflib.get_close_matches(body, body_names(store), n=3, cutoff=0.5)
        if close:
            message += f"；是否指：{'、'.join(close)}"
    return message
