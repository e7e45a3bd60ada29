"""The rectification loop's writes and the search page: a reviewer confirms, dismisses (with a
reason) or reopens a finding, and records a body-year's 退回清单 as sent; anyone who may read
searches bodies and narrative texts.

Every write is a POST with the session's CSRF token, made by a reviewer or admin as the store
knows them now (a viewer is refused 403 whatever the page showed); nobody logged in is sent
to the login page. The acting user's name goes into the loop's log.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from gongkai import api
from gongkai.errors import UsageError
from gongkai.web.render import render
from gongkai.web.security import CSRF_FIELD, check_csrf, may_read, require, session_user
from gongkai.web.state import store_of

MAX_FORM = 16 * 1024
MAX_REASON = 500
MAX_QUERY = 100
DECISION_NAMES = {"confirm": "确认", "dismiss": "排除", "reopen": "重新打开"}


def _back(target: str) -> str:
    """Where a form returns to: a report's or a body's page of this site, else the overview."""
    if target.startswith(("/report/", "/body/")) and "//" not in target and "\\" not in target \
            and all(ord(c) > 0x20 and c != "\x7f" for c in target):
        return target
    return "/"


async def _form(request: Request) -> FormData | Response:
    """The form of a write, once the writer may make it: nobody logged in is sent to log in
    (and back to the page the form was on); 403 without the session's CSRF token."""
    form = await request.form(max_files=0, max_fields=10, max_part_size=MAX_FORM)
    if session_user(request) is None:
        return RedirectResponse(f"/login?next={quote(_back(str(form.get('next') or '')))}", status_code=303)
    check_csrf(request, form.get(CSRF_FIELD))
    return form


async def decide(request: Request) -> Response:
    """``POST /finding/{id}/decide`` (``decision``: confirm | dismiss | reopen, ``reason``
    for a dismissal, ``next``: the page to return to)."""
    form = await _form(request)
    if isinstance(form, Response):
        return form
    user = await require(request, "reviewer")
    decision = str(form.get("decision") or "")
    if decision not in DECISION_NAMES:
        raise HTTPException(400, "未知的审核决定。")
    reason = str(form.get("reason") or "").strip()[:MAX_REASON] or None
    finding_id = request.path_params["finding_id"]
    done = await run_in_threadpool(api.decide, store_of(request), finding_id, decision, user.name, reason)
    request.session["flash"] = (f"问题 {done.code} 已{DECISION_NAMES[decision]}，"
                                f"当前状态：{api.REVIEW_STATE_NAMES[done.state]}。")
    return RedirectResponse(f"{_back(str(form.get('next') or ''))}#finding-{finding_id}", status_code=303)


async def send_back(request: Request) -> Response:
    """``POST /returns/{year}/send`` (``body``: its key): the body-year's 退回清单 recorded as
    issued today by the user; its confirmed findings become sent."""
    form = await _form(request)
    if isinstance(form, Response):
        return form
    user = await require(request, "reviewer")
    key, year = str(form.get("body") or ""), request.path_params["year"]
    if not key:
        raise HTTPException(400, "未指定单位。")
    sent = await run_in_threadpool(api.send_back, store_of(request), key, year, user.name)
    request.session["flash"] = (f"已记录 {year} 年度退回清单：{sent} 条已确认的问题标记为已退回。" if sent else
                                f"{year} 年度没有已确认的问题，未记录退回。请先确认要退回的问题。")
    return RedirectResponse(_back(str(form.get("next") or "")), status_code=303)


async def search(request: Request) -> Response:
    """``GET /search?q=…``: bodies, then narrative passages holding every word, the matches
    marked; a query without a word of two characters is explained, not an error page."""
    may_read(request, request.app.state.settings)
    query = (request.query_params.get("q") or "").strip()[:MAX_QUERY]
    hits, problem = [], None
    if query:
        try:
            hits = await run_in_threadpool(api.search, store_of(request), query)
        except UsageError as e:
            problem = str(e)
    shown = [(h, _parts(h.snippet, h.marks)) for h in hits]
    return render(request, "search.html", {"query": query, "hits": shown, "problem": problem})


def _parts(snippet: str, marks: tuple[tuple[int, int], ...]) -> list[tuple[str, bool]]:
    """The snippet cut at its matches: (text, is a match), for the template to escape and mark."""
    out, at = [], 0
    for start, end in marks:
        out += [(snippet[at:start], False), (snippet[start:end], True)]
        at = end
    return [p for p in [*out, (snippet[at:], False)] if p[0]]
