"""Plain data the store gives the outputs and the web app: a body's stored reports, a
region's summary rows, the rectification loop's reviews and events, search hits.

Apart from model.py (whose types flow between the stages of one report's reading) because
these describe a corpus in a database; like model's, they are plain dataclasses that pickle.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.model import Finding

# -- What the corpus outputs read: a body's stored reports and a region's summary rows ---------
# The store makes them, the API hands them out, ``output`` (退回清单, summary workbook) renders
# them: plain data, so that the web app can render the same lists.


@dataclass(frozen=True, slots=True)
class StoredReport:
    """One current report of the store and its findings: what a 退回清单 lists for it."""

    source: str  # the file as stored (absolute path at ingest)
    year: int | None
    title: str | None = None
    published: str | None = None  # ISO date as printed on the report
    format: str | None = None  # the statutory format version, for the cells' printed labels
    findings: tuple[Finding, ...] = ()
    states: tuple[str, ...] = ()  # each finding's REVIEW_STATES entry, in order; () when none read


# The rectification loop (store/reviews.py): a finding is open until a reviewer confirms or
# dismisses it; confirmed ones are sent back (a 退回清单 issued); the body's corrected version
# closes them (the problem is gone) or reopens them (still there).
REVIEW_STATES = ("open", "confirmed", "dismissed", "sent", "closed", "reopened")
REVIEW_STATE_NAMES = {"open": "待审核", "confirmed": "已确认", "dismissed": "已排除", "sent": "已退回",
                      "closed": "已整改", "reopened": "重新打开"}


@dataclass(frozen=True, slots=True)
class FindingReview:
    """A stored finding of a current report with its state in the loop (what a reviewer's
    list shows and acts on: ``finding_id`` is what ``api.decide`` takes), or a problem the
    report's version closed."""

    finding_id: int | None  # None: a problem closed on this report (its finding is gone)
    report_id: int
    code: str
    name: str
    severity: str
    message: str
    cells: tuple[str, ...]
    state: str  # one of REVIEW_STATES
    reason: str | None = None  # why it was dismissed
    sent_on: str | None = None  # ISO date of the 退回清单 that sent it
    review_id: int | None = None  # None while nobody has decided it


@dataclass(frozen=True, slots=True)
class ReviewEvent:
    """One step of a finding's loop: who (a user's name, or ``gongkai`` for what an audit
    found), when, what, and the report it happened on."""

    at: str  # ISO timestamp, UTC
    actor: str
    action: str  # confirmed | dismissed | reopened | sent | received | closed
    before: str | None
    after: str
    note: str | None = None
    report_id: int | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A search result: a body's name, or a stored report's section text that holds the words
    searched; ``marks`` are the (start, end) spans of the matches in ``snippet``."""

    kind: str  # body | text
    body_key: str | None
    body_name: str | None
    report_id: int | None
    year: int | None
    section: str | None
    snippet: str
    marks: tuple[tuple[int, int], ...] = ()

    def marked(self, before: str = "【", after: str = "】") -> str:
        """The snippet with each match between ``before`` and ``after``."""
        out, at = [], 0
        for start, end in self.marks:
            out += [self.snippet[at:start], before, self.snippet[start:end], after]
            at = end
        return "".join(out) + self.snippet[at:]


@dataclass(frozen=True, slots=True)
class BodyReports:
    """One body's current reports of one year: one 退回清单 (usually one report; a body that
    published two versions or two parts has them side by side)."""

    name: str  # the body's name as printed
    key: str  # its stable key in the store
    year: int | None
    reports: tuple[StoredReport, ...]
    body_type: str | None = None


# A body's publication status for a year: published (a report is stored; timeliness not yet
# checked), late (after the statutory deadline), missing (expected, none stored), unknown.
PUBLICATION_STATUSES = ("published", "late", "missing", "unknown")

# What `export` takes out of a store, and the file formats it writes (the CLI's and the web
# app's choices, checked again by the API)
EXPORTS = ("reports", "cells", "findings")
EXPORT_FORMATS = ("csv", "parquet")


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One body and year of a region's summary workbook. Body identity (type, region, code)
    and coverage (status, deadline) come from the store's bodies and jurisdiction lists where
    they are known; the counts are of the current reports' findings."""

    name: str
    key: str
    year: int | None
    body_type: str | None = None
    region: str = ""  # as the gazetteer names it: 甘肃省武威市凉州区; "" when not known
    adcode: str | None = None
    status: str = "unknown"  # one of PUBLICATION_STATUSES
    published: str | None = None  # ISO date
    deadline: str | None = None  # ISO date of the statutory (or local) deadline
    reports: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    note: str = ""
    returned: str = ""  # ISO date of the last 退回清单 sent (the rectification loop); "" if none
    rectified: str = ""  # 全部整改, or 待整改 N 条, once a 退回清单 was sent
