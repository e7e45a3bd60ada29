"""What changes state or hands out files: login and logout, upload, and downloads (a body's
退回清单, the corpus exports).

Every POST checks the CSRF token; an upload needs a reviewer (or admin) as the store knows
them now, is bounded in size before it is parsed, and is checked and stored by
``api.accept_upload`` (under a generated name, outside anything served) and audited at once.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import Message, Receive

from gongkai import api
from gongkai.web.render import render
from gongkai.web.security import CSRF_FIELD, check_csrf, may_read, require
from gongkai.web.state import store_of

MAX_FORM = 64 * 1024  # a login form's body


def _safe_next(target: str | None) -> str:
    """Where to go after login: a path of this site only (no //host, no scheme)."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and all(ord(c) > 0x20 and c != "\x7f" for c in target)):  # browsers drop tabs: "/\t/host" is "//host"
        return target
    return "/"


async def login_form(request: Request) -> Response:
    return render(request, "login.html", {"next": _safe_next(request.query_params.get("next")), "error": None})


async def login(request: Request) -> Response:
    """Check the CSRF token, then the throttle (delay, then refuse), then the password."""
    form = await request.form(max_files=0, max_fields=10, max_part_size=MAX_FORM)
    check_csrf(request, form.get(CSRF_FIELD))
    name, password = str(form.get("name") or "").strip(), str(form.get("password") or "")
    target = _safe_next(str(form.get("next") or ""))
    address = request.client.host if request.client else "-"
    keys = (f"name:{name.casefold()}", f"addr:{address}")
    throttle = request.app.state.throttle
    await throttle.wait(keys)
    user = await run_in_threadpool(api.authenticate, store_of(request), name, password) if name else None
    if user is None:
        throttle.failed(keys)
        return render(request, "login.html", {"next": target, "error": "用户名或密码错误。"}, 401)
    throttle.succeeded(keys[0])
    request.session.clear()  # a new session on login: no fixation of a session made before
    request.session.update({"user": user.name, "role": user.role})
    return RedirectResponse(target, status_code=303)


async def logout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10, max_part_size=MAX_FORM)
    check_csrf(request, form.get(CSRF_FIELD))
    request.session.clear()
    return RedirectResponse("/", status_code=303)


def _limited(receive: Receive, limit: int) -> Receive:
    """``receive`` that fails with 413 once the body passes ``limit`` bytes (a sender may lie
    in Content-Length or send none)."""
    seen = 0

    async def bounded() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413, _too_large(limit))
        return message

    return bounded


def _too_large(limit: int) -> str:
    shown = f"{limit / 2**20:.0f} MB" if limit >= 2**20 else f"{limit // 1024} KB"
    return f"上传的文件过大：上限为 {shown}。"


async def upload(request: Request) -> Response:
    """``POST /upload`` (multipart, field ``file``): reviewer or admin, size-limited, CSRF
    checked, then checked, stored and audited; redirects to the new report's page."""
    user = await require(request, "reviewer")
    limit = request.app.state.settings.max_upload
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MAX_FORM:
        raise HTTPException(413, _too_large(limit))
    bounded = Request(request.scope, _limited(request.receive, limit + MAX_FORM))
    try:
        form = await bounded.form(max_files=1, max_fields=10, max_part_size=MAX_FORM)
    except HTTPException as e:
        if e.status_code != 400:
            raise
        raise HTTPException(400, f"上传表单无效（每次只能上传一个文件）：{e.detail}") from None
    try:
        check_csrf(request, form.get(CSRF_FIELD))
        sent = form.get("file")
        if not isinstance(sent, UploadFile):
            raise HTTPException(400, "请选择要上传的报告文件（表单字段 file）。")
        data = await sent.read(limit + 1)
        if len(data) > limit:
            raise HTTPException(413, _too_large(limit))
        done = await run_in_threadpool(api.accept_upload, request.app.state.db, data, sent.filename,
                                       request.app.state.data / "uploads")
    finally:
        await form.close()
    request.session["flash"] = f"{user.name} 上传的报告已入库检查，发现 {done.findings} 条问题。"
    return RedirectResponse(f"/report/{done.report_id}", status_code=303)


def _attachment(data: bytes, name: str, media_type: str) -> Response:
    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


async def returns_file(request: Request) -> Response:
    """A body's 退回清单 of one year as XLSX or DOCX (``?body=KEY``)."""
    may_read(request, request.app.state.settings)
    fmt, year = request.path_params["fmt"], request.path_params["year"]
    key = request.query_params.get("body", "")
    if fmt not in ("xlsx", "docx") or not key:
        raise HTTPException(404, "没有这个文件。")
    sheets = await run_in_threadpool(api.returns, request.app.state.db, body=key, year=year)
    from gongkai.output.returns import file_names, xlsx
    from gongkai.output.returns_docx import docx

    sheet = sheets[0]
    data = await run_in_threadpool(xlsx if fmt == "xlsx" else docx, sheet, date.today())
    media = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if fmt == "xlsx" else
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return _attachment(data, file_names([sheet], fmt)[0], media)


async def export_file(request: Request) -> Response:
    """The current reports, cells or findings as CSV (``api.export``)."""
    may_read(request, request.app.state.settings)
    what = request.path_params["what"]
    if what not in api.EXPORTS:
        raise HTTPException(404, "没有这个导出项。")
    data = await run_in_threadpool(_export_csv, request.app.state.db, what)
    return _attachment(data, f"{what}.csv", "text/csv; charset=utf-8")


def _export_csv(db: str, what: str) -> bytes:
    """``api.export`` writes a file: into a private temporary folder, read back, removed."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"{what}.csv")
        api.export(db, what, "csv", path)
        with open(path, "rb") as f:
            return f.read()

