"""Who is asking and whether they may: the session's user, CSRF tokens, roles on writes,
and the login throttle.

Sessions are Starlette's signed cookies (itsdangerous; HttpOnly, SameSite=Lax, Secure when
the settings say the app is served over https) holding the user's name and a CSRF token.
Every POST must carry that token (the form's ``csrf`` field or an ``X-CSRF-Token`` header);
every write checks the user's role as the store has it now, not as it was at login.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import deque

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request

from gongkai import api
from gongkai.api.accounts import User
from gongkai.web.settings import WebSettings
from gongkai.web.state import store_of

CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
MAX_KEYS = 10_000  # names and addresses remembered before stale ones are dropped
ROLE_NAMES = {"viewer": "查看人员", "reviewer": "审核人员", "admin": "管理员"}


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use (anonymous sessions get one too: the
    login form is protected like any other)."""
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


def check_csrf(request: Request, sent: object) -> None:
    """403 unless ``sent`` (the form field, or else the header) is the session's token."""
    expected = request.session.get(CSRF_FIELD)
    given = sent if isinstance(sent, str) and sent else request.headers.get(CSRF_HEADER, "")
    if not isinstance(expected, str) or not expected or not secrets.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(403, "请求缺少有效的安全令牌（CSRF），已拒绝。请刷新页面后重试。")


def session_user(request: Request) -> User | None:
    """The logged-in user as the session holds it (for showing pages; writes ask the store)."""
    name, role = request.session.get("user"), request.session.get("role")
    if isinstance(name, str) and role in ROLE_NAMES:
        return User(name, str(role))
    return None


async def require(request: Request, role: str) -> User:
    """The user, checked against the store, if their role is ``role`` or above; 401 when
    nobody is logged in, 403 when the role is too low (or the account is gone)."""
    shown = session_user(request)
    if shown is None:
        raise HTTPException(401, "请先登录。")
    current = await run_in_threadpool(api.user, store_of(request), shown.name)
    if current is None:
        request.session.clear()
        raise HTTPException(401, "账号已不存在，请重新登录。")
    if not current.may(role):
        raise HTTPException(403, f"权限不足：此操作需要{ROLE_NAMES[role]}或以上角色，您是{ROLE_NAMES[current.role]}。")
    return current


def may_read(request: Request, settings: WebSettings) -> None:
    """401 for an anonymous reader when the read-only pages are private."""
    if not settings.public and session_user(request) is None:
        raise HTTPException(401, "请先登录。")


class Throttle:
    """Failed logins per name and per address within a window: the first few are free, then
    each attempt waits longer (doubling), then attempts are refused until the window passes.
    Kept in memory: one server process (uvicorn's default) sees every attempt."""

    def __init__(self, settings: WebSettings):
        self.settings = settings
        self.failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> int:
        times = self.failures.get(key)
        if not times:
            return 0
        while times and now - times[0] > self.settings.throttle_window:
            times.popleft()
        if not times:
            del self.failures[key]
            return 0
        return len(times)

    async def wait(self, keys: tuple[str, ...]) -> None:
        """Delay or refuse (429) an attempt by the failures its name and address have had."""
        now = time.monotonic()
        failed = max(self._recent(k, now) for k in keys)
        s = self.settings
        if failed >= s.block_after:
            minutes = max(1, round(s.throttle_window / 60))
            raise HTTPException(429, f"登录失败次数过多，已暂停登录，请{minutes}分钟后再试。")
        if failed >= s.free_attempts:
            await asyncio.sleep(min(2.0 ** (failed - s.free_attempts), s.max_delay))

    def failed(self, keys: tuple[str, ...]) -> None:
        now = time.monotonic()
        if len(self.failures) > MAX_KEYS:  # many addresses guessing: forget those whose window passed
            for k in list(self.failures):
                self._recent(k, now)
        for k in keys:
            self.failures.setdefault(k, deque()).append(now)

    def succeeded(self, name_key: str) -> None:
        self.failures.pop(name_key, None)
