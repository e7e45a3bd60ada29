"""The review web app's defences, against the real app (Starlette's TestClient) and a real
store: no write without a login, no POST without the session's CSRF token, roles checked on
writes, uploads bounded in size and type and stored under a name of ours, logins throttled,
cookies and headers as a browser needs them to be safe."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import SEED_000
from gongkai import api
from gongkai.web import WebSettings, create_app

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

PASSWORD = "a long pass phrase"
LIMIT = 300_000


def _settings(data: Path, **kw: object) -> WebSettings:
    return WebSettings(secret="test-secret-not-for-production", data_dir=data, max_upload=LIMIT, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[str, Path]:
    """A store with one account of each role; the app's data folder beside it."""
    folder = tmp_path_factory.mktemp("web")
    db = str(folder / "audit.db")
    for name, role in (("viewer1", "viewer"), ("reviewer1", "reviewer"), ("admin1", "admin")):
        api.add_user(db, name, role, PASSWORD)
    return db, folder / "data"


def _client(site: tuple[str, Path], **kw: object) -> TestClient:
    db, data = site
    return TestClient(create_app(db, settings=_settings(data, **kw)))


def token(client: TestClient, path: str = "/login") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> int:
    return client.post("/login", data={"name": name, "password": password, "csrf": token(client)},
                       follow_redirects=False).status_code


def upload(client: TestClient, name: str, data: bytes, csrf: str | None = "page") -> object:
    fields = {} if csrf is None else {"csrf": token(client) if csrf == "page" else csrf}
    return client.post("/upload", data=fields, files={"file": (name, data, "application/octet-stream")},
                       follow_redirects=False)


def message(response) -> str:
    found = re.search(r'class="error"[^>]*>([^<]+)<', response.text)
    return found.group(1) if found else ""


def test_anonymous_writes_are_refused(site):
    client = _client(site)
    refused = upload(client, "r.txt", SEED_000.read_bytes())
    assert refused.status_code == 401 and message(refused) == "请先登录。"
    assert not (site[1] / "uploads").exists() or not os.listdir(site[1] / "uploads")


def test_posts_without_the_sessions_csrf_token_are_refused(site):
    client = _client(site)
    no_token = client.post("/login", data={"name": "reviewer1", "password": PASSWORD})
    assert no_token.status_code == 403 and "CSRF" in message(no_token)
    assert login(client, "reviewer1") == 303
    for sent in (None, "forged-token"):
        refused = upload(client, "r.txt", SEED_000.read_bytes(), csrf=sent)
        assert refused.status_code == 403 and "安全令牌" in message(refused)
    other = _client(site)  # a token of another session is no token for this one
    refused = upload(client, "r.txt", SEED_000.read_bytes(), csrf=token(other))
    assert refused.status_code == 403
    logout = client.post("/logout", data={}, follow_redirects=False)
    assert logout.status_code == 403  # logging someone out is a write too


def test_a_viewer_cannot_upload_and_a_removed_account_loses_its_rights(site):
    client = _client(site)
    assert login(client, "viewer1") == 303
    refused = upload(client, "r.txt", SEED_000.read_bytes())
    assert refused.status_code == 403 and "审核人员" in message(refused) and "查看人员" in message(refused)
    db, _ = site
    api.add_user(db, "temp1", "reviewer", PASSWORD)
    temp = _client(site)
    assert login(temp, "temp1") == 303
    api.remove_user(db, "temp1")
    gone = upload(temp, "r.txt", SEED_000.read_bytes())
    assert gone.status_code == 401


def test_an_upload_is_stored_under_a_generated_name_whatever_it_is_called(site, tmp_path):
    client = _client(site)
    assert login(client, "reviewer1") == 303
    for name in ("../../escape.txt", "..\\..\\escape.txt", "/etc/passwd", "con.txt"):
        done = upload(client, name, SEED_000.read_bytes())
        assert done.status_code == 303, message(done)
        assert re.fullmatch(r"/report/\d+", done.headers["location"])
    stored = sorted(os.listdir(site[1] / "uploads"))
    assert stored and all(re.fullmatch(r"[0-9a-f]{32}\.txt", n) for n in stored)
    assert not (site[1] / "escape.txt").exists() and not Path(site[0]).with_name("escape.txt").exists()
    page = client.get(done.headers["location"])
    assert page.status_code == 200 and "上传的报告已入库检查" in page.text


def test_oversized_and_non_report_uploads_are_refused_with_a_clear_message(site):
    client = _client(site)
    assert login(client, "reviewer1") == 303
    before = set(os.listdir(site[1] / "uploads")) if (site[1] / "uploads").exists() else set()
    big = upload(client, "big.txt", SEED_000.read_bytes() * (LIMIT // len(SEED_000.read_bytes()) + 2))
    assert big.status_code == 413 and message(big) == f"上传的文件过大：上限为 {LIMIT // 1024} KB。"
    binary = upload(client, "tool.exe", b"MZ\x90\x00" + bytes(range(256)) * 20)
    assert binary.status_code == 400
    assert message(binary).startswith("“tool.exe”无法读取，未上传")
    prose = upload(client, "notes.txt", "会议纪要：今天讨论了食堂菜单。\n".encode() * 20)
    assert prose.status_code == 400
    assert message(prose) == "“notes.txt”不是政府信息公开工作年度报告（未找到标题、章节标题和统计表格），未上传"
    empty = upload(client, "empty.docx", b"")
    assert empty.status_code == 400 and message(empty) == "“empty.docx”是空文件，未上传"
    two = client.post("/upload", data={"csrf": token(client)},
                      files=[("file", ("a.txt", SEED_000.read_bytes())), ("file", ("b.txt", SEED_000.read_bytes()))])
    assert two.status_code == 400 and message(two).startswith("上传表单无效（每次只能上传一个文件）")
    after = set(os.listdir(site[1] / "uploads")) if (site[1] / "uploads").exists() else set()
    assert after == before  # nothing refused was kept


def test_repeated_wrong_passwords_are_slowed_then_refused(site):
    client = _client(site, free_attempts=2, block_after=5, max_delay=3.0)
    took = []
    for _ in range(5):
        start = time.perf_counter()
        assert login(client, "reviewer1", "wrong password") == 401
        took.append(time.perf_counter() - start)
    # two free attempts, then waits of 1, 2 and (at most) 3 seconds on top of the attempt itself
    assert took[2] >= 1 and took[3] >= 2 and took[4] >= 3, took
    assert took[4] - took[0] >= 1.5, took
    blocked = client.post("/login", data={"name": "reviewer1", "password": PASSWORD, "csrf": token(client)})
    assert blocked.status_code == 429 and "登录失败次数过多" in message(blocked)  # even the right password
    other_name = _client(site, free_attempts=2, block_after=5, max_delay=1.0)
    assert login(other_name, "admin1") == 303  # another app: its own throttle


def test_the_session_cookie_and_headers(site):
    client = _client(site)
    client.get("/login")
    response = client.post("/login", data={"name": "admin1", "password": PASSWORD, "csrf": token(client)},
                           follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    assert response.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    secure = _client(site, secure_cookies=True)
    secure.get("/login")
    assert "secure" in secure.post("/login", data={"name": "admin1", "password": PASSWORD,
                                                    "csrf": token(secure)}, follow_redirects=False
                                   ).headers["set-cookie"].lower()
    # after login, only this site's paths: no redirect to another host
    for elsewhere in ("//evil.example/x", "/\t/evil.example/x", "/\\evil.example", "https://evil.example/"):
        off_site = client.post("/login", data={"name": "admin1", "password": PASSWORD, "csrf": token(client),
                                               "next": elsewhere}, follow_redirects=False)
        assert off_site.headers["location"] == "/", elsewhere


def test_private_pages_need_a_login(site):
    client = _client(site, public=False)
    assert client.get("/", follow_redirects=False).headers["location"] == "/login?next=/"
    assert client.get("/export/cells.csv", follow_redirects=False).status_code == 303
    assert login(client, "viewer1") == 303
    assert client.get("/").status_code == 200
    assert _client(site).get("/").status_code == 200  # public by default


def test_the_secret_is_generated_once_outside_the_repository(tmp_path, monkeypatch):
    from gongkai.web.settings import secret_key

    monkeypatch.delenv("GONGKAI_SECRET", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    first = secret_key(WebSettings())
    path = tmp_path / "config" / "gongkai" / "secret"
    assert path.read_text() == first and len(first) >= 48
    assert path.stat().st_mode & 0o777 == 0o600
    assert secret_key(WebSettings()) == first
    monkeypatch.setenv("GONGKAI_SECRET", "from-the-environment")
    assert secret_key(WebSettings()) == "from-the-environment"
