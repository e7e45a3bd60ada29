"""The read-only pages: the corpus overview, a body, a report beside its source (its tables
in the statutory layout, its findings with their states in the rectification loop), and PDF
page images. Public or behind a login by the settings (``public``). The API reads the store
(SQLAlchemy, argon2, pdfium are blocking), so each call runs in the thread pool."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from gongkai import api
from gongkai.web.render import render
from gongkai.web.security import may_read
from gongkai.web.state import chart_of, source_of, store_of

LEVELS = ("national", "province", "city", "county", "township")


def _year(text: str | None) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not (text.isdigit() and len(text) == 4):
        raise HTTPException(400, f"年度“{text[:20]}”无效，应为四位数字。")
    return int(text)


async def overview(request: Request) -> Response:
    """The corpus by body and year: status, findings by severity; filters by region, level
    and year; the upload form for reviewers."""
    may_read(request, request.app.state.settings)
    q = request.query_params
    region, level, year = (q.get("region") or "").strip()[:50], q.get("level") or "", _year(q.get("year"))
    if level and level not in LEVELS:
        raise HTTPException(400, "层级无效。")
    view = await run_in_threadpool(api.overview, request.app.state.db, region=region or None, level=level or None,
                                   year=year)
    counts = await run_in_threadpool(api.review_counts, store_of(request), year=year)
    shown = {(r.key, r.year) for r in view.rows}
    totals = {s: sum(n.get(s, 0) for k, n in counts.items() if k in shown) for s in api.REVIEW_STATES}
    return render(request, "overview.html", {"view": view, "region": region, "level": level, "year": year,
                                             "level_choices": LEVELS, "review_counts": counts,
                                             "review_totals": totals})


async def body(request: Request) -> Response:
    may_read(request, request.app.state.settings)
    view = await run_in_threadpool(api.body_view, store_of(request), request.path_params["key"])
    chart = await chart_of(request, view)
    years = sorted({r.year for r in view.reports if r.year is not None}, reverse=True)
    counts = await run_in_threadpool(api.review_counts, store_of(request))
    return render(request, "body.html", {"body": view, "chart": chart, "years": years,
                                         "review_counts": {y: n for (k, y), n in counts.items() if k == view.key}})


async def report(request: Request) -> Response:
    may_read(request, request.app.state.settings)
    report_id = request.path_params["report_id"]
    view = await run_in_threadpool(api.report_view, store_of(request), report_id)
    source = await source_of(request, report_id)
    panel = await run_in_threadpool(api.report_review, store_of(request), report_id, body=view.body_key,
                                    year=view.year)
    suspects: dict[str, list[int]] = {}  # the cell each live finding points at first (its rule's suspect)
    for f in view.findings:
        if f.cells and (f.id not in panel.states or panel.states[f.id].state not in ("dismissed", "closed")):
            suspects.setdefault(f.cells[0], []).append(f.id)
    return render(request, "report.html", {
        "report": view, "source": source, "by_cell": view.findings_by_cell(), "grids": api.report_grids(view),
        "suspects": suspects,
        "panel": panel, "actions": {s: api.review_actions(s) for s in api.REVIEW_STATES}})


async def page_image(request: Request) -> Response:
    """A PDF page as PNG, rendered on first request and cached in the app's data folder."""
    may_read(request, request.app.state.settings)
    png = await run_in_threadpool(api.page_image, store_of(request), request.path_params["report_id"],
                                  request.path_params["page"], request.app.state.data / "pages")
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})
