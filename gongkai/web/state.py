"""What the app keeps between requests: its store, opened once, the sources of the reports
last shown (reading a source again costs more than the rest of a report page) and the
bodies' trend charts."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from gongkai import api

SOURCES_KEPT = 32  # reports whose source (lines, page sizes) stays parsed in memory
CHARTS_KEPT = 64  # bodies whose trend chart stays drawn


def store_of(request: Request) -> Any:
    """The app's store, opened once on first use and kept (its connection pool serves every
    thread); opened lazily so that an app made but never served opens nothing."""
    state = request.app.state
    if state.store is None:
        with state.store_lock:
            if state.store is None:
                state.store = api.connect(state.db)
    return state.store


async def source_of(request: Request, report_id: int) -> Any:
    """The report's source as ``api.report_source`` reads it, kept for the last few reports
    (a stored report's source is the file with the stored hash: it does not change)."""
    kept = request.app.state.sources
    if report_id in kept:
        kept.move_to_end(report_id)
        return kept[report_id]
    source = await run_in_threadpool(api.report_source, store_of(request), report_id)
    if source.problem is None:
        kept[report_id] = source
        while len(kept) > SOURCES_KEPT:
            kept.popitem(last=False)
    return source


async def chart_of(request: Request, view: Any) -> str:
    """The body's trend chart (``api.body_chart``: matplotlib, a few hundred milliseconds),
    drawn again only when the body's reports or their counts changed."""
    kept = request.app.state.charts
    key = (view.key, tuple((r.id, r.year, tuple(sorted(r.counts.items()))) for r in view.reports))
    if key in kept:
        kept.move_to_end(key)
    else:
        kept[key] = await run_in_threadpool(api.body_chart, view)
        while len(kept) > CHARTS_KEPT:
            kept.popitem(last=False)
    return str(kept[key])
