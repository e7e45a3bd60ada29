"""The review web app: ``create_app(db, settings=...)`` builds the Starlette application,
``serve`` runs it with uvicorn (``gongkai serve``).

Pages are rendered on the server from Jinja2 templates (Chinese), with a little plain
JavaScript and CSS from ``static/``; every page reads the store through ``gongkai.api``.
Errors people can act on (a page that does not exist, a refused upload, a missing login)
are shown as a page in Chinese with the right status, never a traceback.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gongkai import api
from gongkai.errors import GongkaiError
from gongkai.web import actions, pages, reviews
from gongkai.web.render import beijing_time, render
from gongkai.web.security import Throttle
from gongkai.web.settings import WebSettings, data_dir, secret_key

HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 401 and request.method == "GET":
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    return render(request, "error.html", {"message": exc.detail, "status": exc.status_code}, exc.status_code)


async def _usage_error(request: Request, exc: Exception) -> Response:
    """A GongkaiError from the API (an unknown report, a refused file) as a page: 404 for
    what does not exist, 400 for the rest."""
    text = str(exc)
    status = 404 if not text.startswith("“") and any(w in text for w in ("没有", "不存在")) else 400
    return render(request, "error.html", {"message": text, "status": status}, status)


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response (pure ASGI: streamed downloads stay streamed)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(db: str, *, settings: WebSettings | None = None) -> Starlette:
    """The app over the store ``db`` (a SQLite file or a ``postgresql://`` URL)."""
    settings = settings or WebSettings()
    routes = [
        Route("/", pages.overview),
        Route("/body/{key:path}", pages.body),
        Route("/report/{report_id:int}", pages.report),
        Route("/report/{report_id:int}/page/{page:int}.png", pages.page_image),
        Route("/login", actions.login_form, methods=["GET"]),
        Route("/login", actions.login, methods=["POST"]),
        Route("/logout", actions.logout, methods=["POST"]),
        Route("/upload", actions.upload, methods=["POST"]),
        Route("/returns/{year:int}.{fmt}", actions.returns_file),
        Route("/export/{what}.csv", actions.export_file),
        Route("/search", reviews.search),
        Route("/finding/{finding_id:int}/decide", reviews.decide, methods=["POST"]),
        Route("/returns/{year:int}/send", reviews.send_back, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders), Middleware(SessionMiddleware, secret_key=secret_key(settings), session_cookie="gongkai_session",
                             max_age=settings.session_days * 86400, same_site="lax",
                             https_only=settings.secure_cookies)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=_lifespan,
                    exception_handlers={HTTPException: _http_error, GongkaiError: _usage_error})
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    env.filters["beijing"] = beijing_time
    app.state.templates = Jinja2Templates(env=env)
    app.state.db = db
    app.state.settings = settings
    app.state.data = data_dir(db, settings)
    app.state.throttle = Throttle(settings)
    app.state.store = None
    app.state.store_lock = threading.Lock()
    app.state.sources = OrderedDict()
    app.state.charts = OrderedDict()
    return app


@asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    with suppress(GongkaiError):  # no store there yet: the pages say so
        # the audits leave the search index to its users: brought up to date before serving
        await run_in_threadpool(api.index_search, app.state.db)
    yield
    if app.state.store is not None:
        api.close(app.state.store)
        app.state.store = None


def serve(db: str, *, host: str = "127.0.0.1", port: int = 8000, settings: WebSettings | None = None) -> None:
    """Run the app with uvicorn until interrupted (one process: the login throttle and the
    page image cache are shared by every request)."""
    import uvicorn

    uvicorn.run(create_app(db, settings=settings), host=host, port=port, log_level="info",
                proxy_headers=False, server_header=False)
