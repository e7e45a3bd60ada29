"""The rectification loop's SQL: reviewers' decisions on findings, 退回清单 sent, and what an
audit's corrected versions make of them.

A finding row lives only as long as its report's version (and a cross-year one only until the
next pass replaces it), so a decision is kept on a *review*: one problem of one body's report
of one year, followed across versions. Its identity (``identity``) is the ``subject`` — the
body and year (a report with neither: its file) — and the ``problem`` — rule code, scope,
sorted cell keys, for a finding naming a second report that report's body and year, and an
ordinal among findings equal in all that. A re-audit of an unchanged file keeps every
decision; a corrected version (a report of the subject stored after the review's last step:
the same file changed, or an upload under another name) is matched problem by problem
(``reconcile.py``). Only decided findings have a review; the others are open.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

import sqlalchemy as sa

from gongkai.errors import UsageError
from gongkai.records import REVIEW_STATE_NAMES, FindingReview, ReviewEvent
from gongkai.store.ingest import CHUNK, Store
from gongkai.store.schema import bodies, cells, findings, reports, review_events, reviews, send_backs, sources

SYSTEM = "gongkai"  # the actor of what an audit found
# decision → (the states it may follow, the state it leads to)
DECISIONS = {"confirm": ({"open", "reopened", "dismissed"}, "confirmed"),
             "dismiss": ({"open", "reopened", "confirmed"}, "dismissed"),
             "reopen": ({"confirmed", "dismissed", "sent"}, "open")}
ACTIONS = {"confirm": "confirmed", "dismiss": "dismissed", "reopen": "reopened"}
_OTHER = reports.alias("other_report")


class Problem(NamedTuple):
    """A stored finding with its identity in the loop."""

    finding_id: int
    report_id: int
    subject: str
    problem: str
    body_id: int | None
    year: int | None
    code: str
    name: str
    severity: str
    message: str
    cells: str  # comma-separated, as stored
    other_report_id: int | None
    other_cells: str | None


def now() -> datetime:
    return datetime.now(UTC)


def subject_of(body_id: int | None, year: int | None, path: str) -> str:
    """The body and year a problem belongs to (``b12/2024``), or its file where either is
    unknown (``p:/data/x.pdf``)."""
    return f"b{body_id}/{year}" if body_id is not None and year is not None else f"p:{path}"


def problems(conn: sa.Connection, report_ids: Sequence[int]) -> dict[int, list[Problem]]:
    """The findings of ``report_ids`` with their identities, per report, in stored order."""
    other_body = bodies.alias("other_body")
    out: dict[int, list[Problem]] = {r: [] for r in report_ids}
    for i in range(0, len(report_ids), CHUNK):
        query = (sa.select(findings.c.id, findings.c.report_id, findings.c.code, findings.c.name, findings.c.severity,
                           findings.c.message, findings.c.cells, findings.c.scope, findings.c.other_report_id,
                           findings.c.other_cells, reports.c.body_id, reports.c.year, sources.c.path,
                           other_body.c.key.label("other_key"), _OTHER.c.agency.label("other_agency"),
                           _OTHER.c.year.label("other_year"))
                 .join(reports, reports.c.id == findings.c.report_id)
                 .join(sources, sources.c.id == reports.c.source_id)
                 .outerjoin(_OTHER, _OTHER.c.id == findings.c.other_report_id)
                 .outerjoin(other_body, other_body.c.id == _OTHER.c.body_id)
                 .where(findings.c.report_id.in_(report_ids[i:i + CHUNK])).order_by(findings.c.id))
        seen: dict[tuple[int, str], int] = {}
        for row in conn.execute(query):
            keys = ",".join(sorted(c for c in row.cells.split(",") if c))
            other = "" if row.other_report_id is None else f"{row.other_key or row.other_agency}/{row.other_year}"
            base = f"{row.code}|{row.scope}|{keys}|{other}"
            n = seen[row.report_id, base] = seen.get((row.report_id, base), -1) + 1
            out[row.report_id].append(Problem(
                row.id, row.report_id, subject_of(row.body_id, row.year, row.path), f"{base}#{n}", row.body_id,
                row.year, row.code, row.name, row.severity, row.message, row.cells, row.other_report_id,
                row.other_cells))
    return out


def cell_values(conn: sa.Connection, p: Problem) -> str:
    """The values of the cells a finding names (the other report's as ``other:key``), as
    JSON: a dismissal holds in a corrected version only while these are unchanged."""
    values: dict[str, Any] = {}
    for report_id, keys, prefix in ((p.report_id, p.cells, ""), (p.other_report_id, p.other_cells, "other:")):
        wanted = [k for k in (keys or "").split(",") if k]
        if report_id is None or not wanted:
            continue
        for key, value in conn.execute(sa.select(cells.c.key, cells.c.value).where(
                cells.c.report_id == report_id, cells.c.key.in_(wanted))):
            values[prefix + key] = value
        values.update({prefix + k: values.get(prefix + k) for k in wanted})
    return json.dumps(values, sort_keys=True, ensure_ascii=False)


def log(conn: sa.Connection, review_id: int, actor: str, action: str, before: str | None, after: str,
        note: str | None = None, report_id: int | None = None, run_id: int | None = None) -> None:
    conn.execute(review_events.insert().values(review_id=review_id, at=now(), actor=actor, action=action,
                                               before=before, after=after, note=note, report_id=report_id,
                                               run_id=run_id))


def _finding(conn: sa.Connection, finding_id: int) -> Problem:
    """The finding ``finding_id`` of a current report with its identity; UsageError if there
    is none or its report has a newer version."""
    row = conn.execute(sa.select(findings.c.report_id, reports.c.is_current)
                       .join(reports, reports.c.id == findings.c.report_id)
                       .where(findings.c.id == finding_id)).first()
    if row is None:
        raise UsageError(f"没有编号为 {finding_id} 的问题 / no finding {finding_id}")
    if not row.is_current:
        raise UsageError(f"问题 {finding_id} 所在的报告已有新版本，请对新版本的问题作出决定 / "
                         f"finding {finding_id} is on a superseded report")
    return next(p for p in problems(conn, [row.report_id])[row.report_id] if p.finding_id == finding_id)


def _review_of(conn: sa.Connection, p: Problem) -> Any:
    """The review a finding is (kept in step by ``reconcile``), or that of its identity."""
    row = conn.execute(sa.select(reviews).where(reviews.c.finding_id == p.finding_id)).first()
    return row or conn.execute(sa.select(reviews).where(reviews.c.subject == p.subject,
                                                        reviews.c.problem == p.problem)).first()


def decide(store: Store, finding_id: int, decision: str, actor: str, reason: str | None = None) -> FindingReview:
    """Confirm, dismiss (``reason`` required) or reopen a finding, logged as ``actor``'s.

    UsageError (in Chinese) for an unknown decision or finding, a dismissal without a reason,
    a decision its state does not allow, or a finding of a superseded report."""
    if decision not in DECISIONS:
        raise UsageError(f"未知的决定：{decision}（可用 confirm、dismiss、reopen）/ unknown decision")
    reason = (reason or "").strip() or None
    if decision == "dismiss" and reason is None:
        raise UsageError("排除问题须写明理由 / a dismissal needs a reason")
    if not actor.strip():
        raise UsageError("须写明操作人 / the acting user's name is required")
    try:
        return _decide(store, finding_id, decision, actor, reason)
    except sa.exc.IntegrityError as e:  # another reviewer decided it at the same moment
        raise UsageError(f"问题 {finding_id} 刚被他人处理，请刷新后重试 / decided meanwhile, try again") from e


def _decide(store: Store, finding_id: int, decision: str, actor: str, reason: str | None) -> FindingReview:
    allowed, after = DECISIONS[decision]
    with store.engine.begin() as conn:
        p = _finding(conn, finding_id)
        review = _review_of(conn, p)
        before = review.state if review is not None else "open"
        if before not in allowed:
            raise UsageError(f"问题 {finding_id} 当前为“{REVIEW_STATE_NAMES[before]}”，不能{_VERB[decision]} / "
                             f"cannot {decision} a finding that is {before}")
        values = {"state": after, "reason": reason if decision == "dismiss" else None, "report_id": p.report_id,
                  "finding_id": p.finding_id, "cell_values": cell_values(conn, p), "updated": now(), "name": p.name,
                  "severity": p.severity, "message": p.message, "cells": p.cells}
        if decision == "reopen":
            values["sent_id"] = None
        if review is None:
            review_id = int(conn.execute(reviews.insert().values(
                subject=p.subject, problem=p.problem, body_id=p.body_id, year=p.year, code=p.code, **values
            ).returning(reviews.c.id)).scalar_one())
        else:
            review_id = review.id
            conn.execute(reviews.update().where(reviews.c.id == review_id).values(**values))
        log(conn, review_id, actor.strip(), ACTIONS[decision], before, after, reason, p.report_id)
        return _states(conn, [p.report_id], only=finding_id)[0]


_VERB = {"confirm": "确认", "dismiss": "排除", "reopen": "重新打开"}


def body_id_of(conn: sa.Connection, body: str) -> int:
    """The id of the body with this key or name; UsageError if none."""
    row = conn.execute(sa.select(bodies.c.id).where(sa.or_(bodies.c.key == body, bodies.c.name == body))
                       .order_by(bodies.c.id)).first()
    if row is None:
        raise UsageError(f"数据库中没有单位“{body}” / no such body")
    return int(row.id)


def send_back(store: Store, body: str, year: int, actor: str, when: date | None = None) -> int:
    """Mark the confirmed findings of a body's ``year`` as sent back on ``when`` (today), and
    record the 退回清单; returns how many were sent (0: nothing confirmed, nothing recorded)."""
    if not actor.strip():
        raise UsageError("须写明操作人 / the acting user's name is required")
    when = when or date.today()
    with store.engine.begin() as conn:
        body_id = body_id_of(conn, body)
        rows = list(conn.execute(sa.select(reviews.c.id, reviews.c.report_id).where(
            reviews.c.body_id == body_id, reviews.c.year == year, reviews.c.state == "confirmed")))
        if not rows:
            return 0
        sent_id = int(conn.execute(send_backs.insert().values(
            body_id=body_id, year=year, issued=when, actor=actor.strip(), findings=len(rows), created=now()
        ).returning(send_backs.c.id)).scalar_one())
        for row in rows:
            conn.execute(reviews.update().where(reviews.c.id == row.id).values(state="sent", sent_id=sent_id,
                                                                              updated=now()))
            log(conn, row.id, actor.strip(), "sent", "confirmed", "sent", f"退回清单 {when.isoformat()}", row.report_id)
    return len(rows)


def _states(conn: sa.Connection, report_ids: Sequence[int], only: int | None = None,
            exclude: Collection[str] = ()) -> list[FindingReview]:
    """The findings of ``report_ids`` (codes in ``exclude`` left out) with their states, then
    the problems closed on them."""
    out = []
    issued = sa.select(reviews, send_backs.c.issued).outerjoin(send_backs, send_backs.c.id == reviews.c.sent_id)
    for report_id, found in problems(conn, report_ids).items():
        found = [p for p in found if (only is None or p.finding_id == only) and p.code not in exclude]
        decided = {r.finding_id: r for r in conn.execute(
            issued.where(reviews.c.finding_id.in_([p.finding_id for p in found])))}
        for p in found:
            r = decided.get(p.finding_id)
            out.append(FindingReview(p.finding_id, report_id, p.code, p.name, p.severity, p.message,
                                     _keys(p.cells), r.state if r else "open", r.reason if r else None,
                                     _iso(r.issued) if r else None, r.id if r else None))
        if only is None:
            out += [FindingReview(None, report_id, r.code, r.name, r.severity, r.message, _keys(r.cells), r.state,
                                  r.reason, _iso(r.issued), r.id)
                    for r in conn.execute(issued.where(reviews.c.report_id == report_id, reviews.c.finding_id.is_(None),
                                                       reviews.c.state == "closed").order_by(reviews.c.id))
                    if r.code not in exclude]
    return out


def states(store: Store, report_ids: Sequence[int], exclude: Collection[str] = ()) -> list[FindingReview]:
    """Each finding of these reports with its state (open when undecided), and after them the
    problems found closed on these reports (``finding_id`` None); codes in ``exclude`` left out."""
    with store.engine.connect() as conn:
        return _states(conn, list(report_ids), exclude=exclude)


def history(store: Store, *, finding_id: int | None = None, review_id: int | None = None) -> list[ReviewEvent]:
    """Every step of a finding's (or a review's) loop, oldest first; [] for a finding nobody
    decided. UsageError for an unknown finding or review."""
    with store.engine.connect() as conn:
        if finding_id is not None:
            if conn.execute(sa.select(findings.c.id).where(findings.c.id == finding_id)).first() is None:
                raise UsageError(f"没有编号为 {finding_id} 的问题 / no finding {finding_id}")
            row = conn.execute(sa.select(reviews.c.id).where(reviews.c.finding_id == finding_id)).first()
            if row is None:  # a finding of an earlier version: its problem's review, if any
                row = _identity_review(conn, finding_id)
            if row is None:
                return []
            review_id = row.id
        elif conn.execute(sa.select(reviews.c.id).where(reviews.c.id == review_id)).first() is None:
            raise UsageError(f"没有编号为 {review_id} 的审核记录 / no review {review_id}")
        return [ReviewEvent(_iso(e.at) or "", e.actor, e.action, e.before, e.after, e.note, e.report_id)
                for e in conn.execute(sa.select(review_events).where(review_events.c.review_id == review_id)
                                      .order_by(review_events.c.id))]


def _identity_review(conn: sa.Connection, finding_id: int) -> Any:
    report_id = conn.execute(sa.select(findings.c.report_id).where(findings.c.id == finding_id)).scalar_one()
    p = next(p for p in problems(conn, [report_id])[report_id] if p.finding_id == finding_id)
    return conn.execute(sa.select(reviews.c.id).where(reviews.c.subject == p.subject,
                                                      reviews.c.problem == p.problem)).first()


def counts(store: Store, *, year: int | None = None,
           exclude: Collection[str] = ()) -> dict[tuple[str, int | None], dict[str, int]]:
    """Per body key and year of the current reports: how many findings are in each state
    (undecided ones open), closed problems included; codes in ``exclude`` left out."""
    state = sa.func.coalesce(reviews.c.state, "open")
    found = (sa.select(bodies.c.key, reports.c.year, state, sa.func.count())
             .select_from(findings.join(reports, reports.c.id == findings.c.report_id)
                          .join(bodies, bodies.c.id == reports.c.body_id)
                          .outerjoin(reviews, reviews.c.finding_id == findings.c.id))
             .where(reports.c.is_current).group_by(bodies.c.key, reports.c.year, state))
    closed = (sa.select(bodies.c.key, reviews.c.year, reviews.c.state, sa.func.count())
              .join(bodies, bodies.c.id == reviews.c.body_id)
              .where(reviews.c.finding_id.is_(None)).group_by(bodies.c.key, reviews.c.year, reviews.c.state))
    if year is not None:
        found, closed = found.where(reports.c.year == year), closed.where(reviews.c.year == year)
    if exclude:
        found, closed = found.where(findings.c.code.not_in(list(exclude))), closed.where(
            reviews.c.code.not_in(list(exclude)))
    out: dict[tuple[str, int | None], dict[str, int]] = {}
    with store.engine.connect() as conn:
        for query in (found, closed):
            for key, year_, name, n in conn.execute(query):
                per = out.setdefault((key, year_), {})
                per[name] = per.get(name, 0) + int(n)
    return out


def _keys(text: str) -> tuple[str, ...]:
    return tuple(c for c in text.split(",") if c)


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def report_ids(store: Store, *, body: str | None = None, year: int | None = None) -> list[int]:
    """The current reports (of the body with this key or name, of ``year``), by id."""
    with store.engine.connect() as conn:
        query = sa.select(reports.c.id).where(reports.c.is_current).order_by(reports.c.id)
        if body is not None:
            query = query.where(reports.c.body_id == body_id_of(conn, body))
        if year is not None:
            query = query.where(reports.c.year == year)
        return [r.id for r in conn.execute(query)]


def is_current(store: Store, report_id: int) -> bool | None:
    """Whether report ``report_id`` is current (None: there is no such report)."""
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(reports.c.is_current).where(reports.c.id == report_id)).first()
    return None if row is None else bool(row.is_current)


def states_by_source(store: Store, source_ids: Sequence[int]) -> dict[int, list[str]]:
    """Per source, the state of each of its report's findings in ``Store.findings_of``'s
    order (by finding id)."""
    out: dict[int, list[str]] = {s: [] for s in source_ids}
    ids = list(source_ids)
    with store.engine.connect() as conn:
        for i in range(0, len(ids), CHUNK):
            query = (sa.select(reports.c.source_id, sa.func.coalesce(reviews.c.state, "open"))
                     .select_from(findings.join(reports, reports.c.id == findings.c.report_id)
                                  .outerjoin(reviews, reviews.c.finding_id == findings.c.id))
                     .where(reports.c.source_id.in_(ids[i:i + CHUNK])).order_by(findings.c.id))
            for source_id, state in conn.execute(query):
                out[source_id].append(state)
    return out


def returned(store: Store, *, year: int | None = None,
             exclude: Collection[str] = ()) -> dict[tuple[str, int | None], tuple[str, str]]:
    """Per body key and year that had a 退回清单: the date of the last one, and whether the
    body has put everything sent right ("全部整改": closed, none sent or reopened left) or
    how many are left ("待整改 N 条")."""
    last = (sa.select(bodies.c.key, send_backs.c.year, sa.func.max(send_backs.c.issued))
            .join(bodies, bodies.c.id == send_backs.c.body_id).group_by(bodies.c.key, send_backs.c.year))
    if year is not None:
        last = last.where(send_backs.c.year == year)
    per = counts(store, year=year, exclude=exclude)
    with store.engine.connect() as conn:
        issued = {(key, year_): day for key, year_, day in conn.execute(last)}
    out = {}
    for at, day in issued.items():
        left = sum(per.get(at, {}).get(s, 0) for s in ("sent", "reopened"))
        out[at] = (_iso(day) or "", "全部整改" if not left else f"待整改 {left} 条")
    return out
