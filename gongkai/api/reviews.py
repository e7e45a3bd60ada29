"""The rectification loop: reviewers decide on stored findings, confirmed ones are sent back
with a 退回清单, and the audit meets the body's corrected version (``store/reconcile.py``).
The web app and ``gongkai review`` call these; roles are the caller's business, but every
write names the acting user, for the log.

>>> api.decide("audit.db", 17, "dismiss", "张三", reason="附注已说明")
>>> api.send_back("audit.db", "620602/人民政府", 2024, "张三")       # the confirmed ones: sent
>>> api.review_states("audit.db", report_id=5)                     # each finding's state
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING

from gongkai.api.sources import local_rules_off
from gongkai.api.stores import Target, opened
from gongkai.errors import UsageError
from gongkai.records import REVIEW_STATES, FindingReview, ReviewEvent

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported when first used: the package imports without it
    from gongkai.store import Store


def decide(db: Target, finding_id: int, decision: str, user: str, reason: str | None = None) -> FindingReview:
    """Confirm, dismiss (with a ``reason``) or reopen the stored finding ``finding_id`` as
    ``user``; returns it with its new state. UsageError (Chinese) for an unknown finding or
    decision, a dismissal without a reason, or a step its state does not allow (confirm:
    from open, reopened or dismissed; dismiss: from open, reopened or confirmed; reopen: a
    confirmed, dismissed or sent one)."""
    from gongkai.store import reviews

    with open_db(db) as store:
        return reviews.decide(store, finding_id, decision, user, reason)


def send_back(db: Target, body: str, year: int, user: str, when: date | None = None) -> int:
    """Record that the 退回清单 of ``body`` (key or name) for ``year`` was issued on ``when``
    (today) by ``user``: its confirmed findings become sent. Returns how many (0: none was
    confirmed, and nothing is recorded). UsageError for an unknown body."""
    from gongkai.store import reviews

    with open_db(db) as store:
        return reviews.send_back(store, body, year, user, when)


def review_states(db: Target, report_id: int, *, profiles: Iterable[str] | None = None) -> list[FindingReview]:
    """Each finding of the current report ``report_id`` with its state (open while nobody
    decided it), then the problems its version closed (``finding_id`` None); local rules
    only of ``profiles``. UsageError for an unknown or superseded report."""
    from gongkai.store import reviews

    with open_db(db) as store:
        current = reviews.is_current(store, report_id)
        if current is None:
            raise UsageError(f"没有编号为 {report_id} 的报告 / no report {report_id}")
        if not current:
            raise UsageError(f"报告 {report_id} 已有新版本 / report {report_id} is superseded")
        return reviews.states(store, [report_id], local_rules_off(profiles))


def review_list(db: Target, *, body: str | None = None, year: int | None = None, state: str | None = None,
                profiles: Iterable[str] | None = None) -> list[FindingReview]:
    """The findings of the current reports (of ``body``, key or name; of ``year``) in
    ``state`` (any), with the problems closed on them; local rules only of ``profiles``.
    UsageError for an unknown state or body."""
    from gongkai.store import reviews

    if state is not None and state not in REVIEW_STATES:
        raise UsageError(f"未知的状态：{state}（可用 {'、'.join(REVIEW_STATES)}）/ unknown state")
    with open_db(db) as store:
        found = reviews.states(store, reviews.report_ids(store, body=body, year=year), local_rules_off(profiles))
    return [f for f in found if state is None or f.state == state]


def history(db: Target, finding_id: int | None = None, *, review_id: int | None = None) -> list[ReviewEvent]:
    """Every step of a finding's loop (or a closed problem's, by ``review_id``), oldest
    first: who, when, what. [] for a finding nobody decided; UsageError for an unknown one."""
    from gongkai.store import reviews

    if (finding_id is None) == (review_id is None):
        raise UsageError("须指定问题编号或审核记录编号之一 / give a finding or a review id")
    with open_db(db) as store:
        return reviews.history(store, finding_id=finding_id, review_id=review_id)


def review_counts(db: Target, *, year: int | None = None,
                  profiles: Iterable[str] | None = None) -> dict[tuple[str, int | None], dict[str, int]]:
    """Per body key and year of the current reports, how many findings are in each state
    (for the overview); local rules only of ``profiles``."""
    from gongkai.store import reviews

    with open_db(db) as store:
        return reviews.counts(store, year=year, exclude=local_rules_off(profiles))


def open_db(db: Target) -> AbstractContextManager[Store]:
    """The store to read and write: ``db`` itself if it is one (the web app's kept store,
    left open), else the store at that target, opened for the call; a SQLite file that does
    not exist is a usage fault (opening it would create an empty database)."""
    return opened(db)
