"""Rendering a page: a template with what every page needs (the user, the CSRF token, the
Chinese names of severities, statuses, levels and roles)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from gongkai import api
from gongkai.version import __version__
from gongkai.web.security import ROLE_NAMES, csrf_token, session_user
from gongkai.web.settings import WebSettings

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_NAMES = {"published": "已公开", "late": "逾期公开", "missing": "未公开", "unknown": "日期不明"}
LEVEL_NAMES = {"national": "国家", "province": "省级", "city": "市级", "county": "县级", "township": "乡级"}


BEIJING = timezone(timedelta(hours=8), "北京时间")


def beijing_time(at: str) -> str:
    """A logged ISO timestamp (UTC) as officials read it: Beijing time to the minute."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    """A page from ``template`` with what every page needs (user, CSRF token, names)."""
    templates: Jinja2Templates = request.app.state.templates
    settings: WebSettings = request.app.state.settings
    return templates.TemplateResponse(request, template, {
        "user": session_user(request), "csrf": csrf_token(request), "roles": ROLE_NAMES,
        "severities": SEVERITY_NAMES, "statuses": STATUS_NAMES, "levels": LEVEL_NAMES, "public": settings.public,
        "version": __version__, "states": api.REVIEW_STATE_NAMES, "flash": request.session.pop("flash", None), **context}, status_code=status)
