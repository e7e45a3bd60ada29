"""What an audit makes of the reviewers' decisions: each review is looked for again in its
subject's version under review, after every source of a run is stored and the cross-year
pass has replaced its findings.

For a review last seen on report R, let N be the newest current report of its body and year
(of its file, for a report with neither) stored after the review's last step — a corrected
version: the same file changed, or a new file such as an upload —, else R while it is current
(so that a body's two files stored together keep their own decisions):

- the problem is on N and N is R (the file unchanged, or the cross-year pass only renumbered
  the finding): nothing changes but the finding it points at;
- the problem is on N, a newer version: *received* is logged, then a sent-back problem is
  *reopened* (still there), a dismissed one stays dismissed while its cells hold the values
  it was dismissed with (else reopened: the body changed what the reviewer had accepted),
  a closed one reopens, and a confirmed or open one moves on unchanged;
- the problem is not on N: it is *closed* (after *received* when N is a newer version).

Every step is logged as ``gongkai``'s, with the run that found it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from gongkai.store.ingest import Store
from gongkai.store.reviews import SYSTEM, Problem, cell_values, log, now, problems, subject_of
from gongkai.store.schema import reports, reviews, sources


def reconcile(store: Store, run_id: int | None = None) -> dict[str, int]:
    """Bring every review up to its subject's version under review, in one transaction;
    returns how many moved into each state (``closed``, ``reopened``, ``received`` …)."""
    moved: dict[str, int] = {}
    with store.engine.begin() as conn:
        pending = list(conn.execute(sa.select(reviews)))
        if not pending:
            return moved
        current = _current(conn)
        versions = {r.id: _version(r, current) for r in pending}
        wanted = sorted({v for v in versions.values() if v is not None})
        found = {report_id: {p.problem: p for p in ps} for report_id, ps in problems(conn, wanted).items()}
        for review in pending:
            version = versions[review.id]
            if version is None:  # nothing current (its body merged away by an alias): left as it is
                continue
            for action in _step(conn, review, version, found[version].get(review.problem), run_id):
                moved[action] = moved.get(action, 0) + 1
    return moved


def _current(conn: sa.Connection) -> dict[str, list[tuple[int, Any]]]:
    """Each subject's current reports: (id, when stored), oldest first."""
    out: dict[str, list[tuple[int, Any]]] = {}
    query = (sa.select(reports.c.id, reports.c.body_id, reports.c.year, sources.c.path, sources.c.first_seen)
             .join(sources, sources.c.id == reports.c.source_id).where(reports.c.is_current)
             .order_by(reports.c.id))
    for row in conn.execute(query):
        out.setdefault(subject_of(row.body_id, row.year, row.path), []).append((row.id, row.first_seen))
    return out


def _version(review: Any, current: dict[str, list[tuple[int, Any]]]) -> int | None:
    """A review's version under review: the newest current report of its subject stored
    after the review's last step (a corrected version), else the report it was last seen on
    while that is current (a body's two files stored together keep their own decisions)."""
    reports_now = current.get(review.subject, [])
    later = [report_id for report_id, stored in reports_now if stored > review.updated]
    if later:
        return later[-1]
    return review.report_id if any(report_id == review.report_id for report_id, _ in reports_now) else None


def _step(conn: sa.Connection, review: Any, version: int, problem: Problem | None, run_id: int | None) -> list[str]:
    """Move one review to ``version`` (``problem``: its finding there, if any); the actions logged."""
    newer = version != review.report_id
    if problem is None and review.state == "closed":
        if newer:
            conn.execute(reviews.update().where(reviews.c.id == review.id).values(report_id=version, finding_id=None))
        return []
    if problem is not None and not newer and review.state != "closed":
        if review.finding_id != problem.finding_id:
            conn.execute(reviews.update().where(reviews.c.id == review.id).values(finding_id=problem.finding_id))
        return []
    actions: list[str] = []
    state = review.state
    if newer:
        log(conn, review.id, SYSTEM, "received", state, state, "收到新版本报告", version, run_id)
        actions.append("received")
    values: dict[str, Any] = {"report_id": version, "updated": now()}
    note: str | None = "复查未再发现该问题"
    if problem is None:
        after = "closed"
        values["finding_id"] = None
    else:
        values.update(finding_id=problem.finding_id, message=problem.message, cells=problem.cells,
                      cell_values=cell_values(conn, problem))
        after, note = _after(review, values["cell_values"])
    if after != state:
        log(conn, review.id, SYSTEM, "closed" if after == "closed" else "reopened", state, after, note, version, run_id)
        actions.append(after)
        values["state"] = after
    conn.execute(reviews.update().where(reviews.c.id == review.id).values(**values))
    return actions


def _after(review: Any, values: str) -> tuple[str, str | None]:
    """The state of a review whose problem a newer version still has, and why."""
    if review.state == "sent":
        return "reopened", "复查仍存在该问题"
    if review.state == "closed":
        return "reopened", "问题再次出现"
    if review.state == "dismissed" and values != review.cell_values:
        return "reopened", "相关单元格数值已改变，需重新审核"
    return review.state, None


def after_audit(store: Store, run_id: int) -> dict[str, int]:
    """What follows the storing of an audit run: the reviews met with the versions now
    current. (The search index is brought up to date when it is used: ``store/search.sync``.)"""
    return reconcile(store, run_id)
