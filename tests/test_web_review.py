"""The rectification loop, search and the statutory tables in the web app, against the real
app (Starlette's TestClient) and a real SQLite store: a generated report with planted errors
is uploaded, a reviewer confirms and dismisses through the page's forms, sends the 退回清单
back, and uploads the corrected version; viewers see states but may not decide; every new
POST is refused without a CSRF token, to a viewer, and sends nobody logged in to the login.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from generators.review import DISMISSED, FIXED, KEPT, KEY, PLANTED, YEAR, report_text
from gongkai import api
from gongkai.web import WebSettings, create_app
from gongkai.web.render import beijing_time

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

PASSWORD = "review pass phrase"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("review")
    db = str(folder / "audit.db")
    for name, role in (("viewer1", "viewer"), ("reviewer1", "reviewer")):
        api.add_user(db, name, role, PASSWORD)
    return db, folder / "data"


def client_of(site: tuple[str, Path], user: str | None = None) -> TestClient:
    client = TestClient(create_app(site[0], settings=WebSettings(secret="review-test", data_dir=site[1])))
    if user:
        assert client.post("/login", data={"name": user, "password": PASSWORD, "csrf": token(client)},
                           follow_redirects=False).status_code == 303
    return client


def token(client: TestClient, path: str = "/login") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


@pytest.fixture(scope="module")
def reviewer(site) -> TestClient:
    return client_of(site, "reviewer1")


@pytest.fixture(scope="module")
def first(site, reviewer) -> int:
    """The first version, uploaded by the reviewer through the page's form."""
    sent = reviewer.post("/upload", data={"csrf": token(reviewer, "/")},
                         files={"file": ("凉州区2024年报.txt", report_text(PLANTED))},
                         follow_redirects=False)
    assert sent.status_code == 303, sent.text
    return int(sent.headers["location"].rsplit("/", 1)[1])


def by_cell(db: str, report_id: int) -> dict[str, api.FindingReview]:
    return {(f.cells[0] if f.cells else f.code): f for f in api.review_states(db, report_id)}


def item(page: str, finding_id: int | None) -> str:
    """A finding's item on the page, up to the next finding or heading (its history nests lists)."""
    found = re.search(rf'id="finding-{finding_id}".*?(?=<li class="finding|<h2>)', page, re.DOTALL)
    assert found, f"finding {finding_id} is not on the page"
    return found.group(0)


def decide(client: TestClient, report_id: int, finding_id: int, decision: str, reason: str = "") -> object:
    return client.post(f"/finding/{finding_id}/decide", follow_redirects=False, data={
        "csrf": token(client, f"/report/{report_id}"), "decision": decision, "reason": reason,
        "next": f"/report/{report_id}"})


def test_the_tables_are_printed_in_the_statutory_layout(reviewer, first, site):
    page = reviewer.get(f"/report/{first}").text
    tables = re.findall(r'<table class="statutory (\w+)">(.*?)</table>', page, re.DOTALL)
    assert [t for t, _ in tables][:3] == ["t2", "t3", "t4"]
    t3 = dict(tables)["t3"]
    assert '<th rowspan="3" colspan="3">本列数据的勾稽关系为' in t3 and '<th colspan="7">申请人情况</th>' in t3
    assert re.search(r'<th rowspan="\d+">三、本年度办理结果</th>', t3)
    t4 = dict(tables)["t4"]
    assert '<th colspan="10">行政诉讼</th>' in t4 and '<th colspan="5">未经复议直接起诉</th>' in t4
    view = api.report_view(site[0], first)
    shown = re.findall(r'<td class="cell[^"]*" id="cell-([^"]+)" data-key="[^"]+" data-line="(\d*)"', page)
    assert {k for k, _ in shown} == {c.key for c in view.cells}  # every cell once, each with its place
    assert all(line for _, line in shown if not _.startswith("x."))
    # a planted error's cell is marked and links to its finding
    finding = by_cell(site[0], first)[FIXED]
    cell = re.search(rf'<td class="cell num flagged suspect[^"]*" id="cell-{re.escape(FIXED)}".*?</td>', page, re.DOTALL)
    assert cell and f'href="#finding-{finding.finding_id}"' in cell.group(0)


def test_viewers_see_states_but_no_buttons_and_are_refused(site, first):
    viewer = client_of(site, "viewer1")
    page = viewer.get(f"/report/{first}").text
    found = by_cell(site[0], first)
    assert page.count('data-state="open"') == len(found)
    assert "/decide" not in page and "/returns/2024/send" not in page
    assert "/returns/2024/send" not in viewer.get(f"/body/{KEY}").text
    assert 'action="/returns/2024/send"' in client_of(site, "reviewer1").get(f"/body/{KEY}").text
    target = found[KEPT].finding_id
    refused = decide(viewer, first, target, "confirm")
    assert refused.status_code == 403 and "权限不足" in refused.text
    sent = viewer.post("/returns/2024/send", data={"csrf": token(viewer, "/"), "body": KEY})
    assert sent.status_code == 403
    assert by_cell(site[0], first)[KEPT].state == "open"


def test_new_posts_need_a_csrf_token_and_a_login(site, reviewer, first):
    target = by_cell(site[0], first)[KEPT].finding_id
    for sent in ({}, {"csrf": "forged"}):
        refused = reviewer.post(f"/finding/{target}/decide", data={"decision": "confirm", **sent})
        assert refused.status_code == 403 and "CSRF" in refused.text
        assert reviewer.post("/returns/2024/send", data={"body": KEY, **sent}).status_code == 403
    anonymous = client_of(site)
    moved = anonymous.post(f"/finding/{target}/decide", data={"csrf": token(anonymous), "decision": "confirm",
                                                              "next": f"/report/{first}"}, follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == f"/login?next=/report/{first}"
    assert anonymous.post("/returns/2024/send", data={"body": KEY},
                          follow_redirects=False).headers["location"].startswith("/login")
    assert by_cell(site[0], first)[KEPT].state == "open" and not api.review_list(site[0], state="sent")


def test_the_loop_through_the_pages(site, reviewer, first):
    db = site[0]
    found = by_cell(db, first)
    page = reviewer.get(f"/report/{first}").text
    assert page.count('class="inline decide-confirm"') == len(found)
    assert decide(reviewer, first, found[FIXED].finding_id, "confirm").status_code == 303
    assert decide(reviewer, first, found[KEPT].finding_id, "confirm").status_code == 303
    no_reason = decide(reviewer, first, found[DISMISSED].finding_id, "dismiss")
    assert no_reason.status_code == 400 and "须写明理由" in html.unescape(no_reason.text)
    done = decide(reviewer, first, found[DISMISSED].finding_id, "dismiss", "台账核实无误")
    assert done.headers["location"] == f"/report/{first}#finding-{found[DISMISSED].finding_id}"
    page = reviewer.get(f"/report/{first}").text
    assert f'<p class="flash" role="status">问题 {found[DISMISSED].code} 已排除，当前状态：已排除。</p>' in page
    shown = item(page, found[DISMISSED].finding_id)
    assert 'data-state="dismissed"' in shown and "排除理由：台账核实无误" in shown
    assert "处理记录（1）" in shown and "reviewer1：排除（待审核 → 已排除）" in shown
    assert "decide-reopen" in shown and "decide-dismiss" not in shown

    sent = reviewer.post(f"/returns/{YEAR}/send", follow_redirects=False, data={
        "csrf": token(reviewer, f"/report/{first}"), "body": KEY, "next": f"/report/{first}"})
    assert sent.status_code == 303 and sent.headers["location"] == f"/report/{first}"
    assert "已记录 2024 年度退回清单：2 条" in reviewer.get(f"/report/{first}").text
    assert {k: f.state for k, f in by_cell(db, first).items() if k in (FIXED, KEPT, DISMISSED)} == {
        FIXED: "sent", KEPT: "sent", DISMISSED: "dismissed"}
    book = load_workbook(io.BytesIO(reviewer.get(f"/returns/{YEAR}.xlsx", params={"body": KEY}).content))
    text = "\n".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row if c)
    assert "已排除 2 条" not in text and "已排除 1 条" in text  # the dismissal is left out and said so

    overview = reviewer.get("/").text
    assert re.search(r'data-state="sent"><b>2</b>已退回', overview)
    body = reviewer.get(f"/body/{KEY}").text
    assert '<span class="state state-sent" data-state="sent">已退回 2</span>' in body

    corrected = reviewer.post("/upload", data={"csrf": token(reviewer, "/")}, follow_redirects=False,
                              files={"file": ("凉州区2024年报（修改稿）.txt", report_text({KEPT: 1, DISMISSED: 2}))})
    new = int(corrected.headers["location"].rsplit("/", 1)[1])
    assert new != first
    page = reviewer.get(f"/report/{new}").text
    now = by_cell(db, new)
    assert (now[FIXED].state, now[KEPT].state, now[DISMISSED].state) == ("closed", "reopened", "dismissed")
    closed = re.search(r"<h2>已整改的问题（1）</h2>(.*?)<h2>", page, re.DOTALL)
    assert closed and now[FIXED].message in closed.group(1) and "已整改，关闭" in closed.group(1)
    kept = item(page, now[DISMISSED].finding_id)
    assert 'data-state="dismissed"' in kept and "台账核实无误" in kept
    reopened = item(page, now[KEPT].finding_id)
    assert 'data-state="reopened"' in reopened and "收到新版本" in reopened
    when = api.history(db, now[KEPT].finding_id)[-1].at  # the history says when, in Beijing time
    assert f'<time datetime="{when}" title="北京时间">{beijing_time(when)}</time>' in reopened
    assert beijing_time("2025-01-31T18:30:00+00:00") == "2025-02-01 02:30"
    older = reviewer.get(f"/report/{first}").text  # the first upload stays current: it points at the new one
    assert f'本单位同年度已有更新的报告：<a href="/report/{new}">编号 {new}</a>' in older
    assert "已有更新的报告" not in page


def test_search_finds_two_character_words_and_marks_them(site, reviewer, first):
    for word in ("公开", "复议"):
        page = reviewer.get("/search", params={"q": word}).text
        hits = api.search(site[0], word)
        assert hits and page.count("<li class=\"hit-") == len(hits)
        assert f"<mark>{word}</mark>" in page
        assert f'href="/report/{first}"' in page or any(h.report_id != first for h in hits)
    body = reviewer.get("/search", params={"q": "凉州"}).text
    assert re.search(r'单位：<a href="/body/620602/%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C">[^<]*<mark>凉州</mark>', body)
    one = reviewer.get("/search", params={"q": "公"})
    assert one.status_code == 200 and 'class="error"' in one.text
    assert "没有找到" in reviewer.get("/search", params={"q": "不存在的词语组合"}).text


def test_the_loop_and_search_on_sqlite_and_postgresql(db_target, tmp_path):
    """The same pages over either store: upload, decide, 退回, the corrected version, search."""
    api.add_user(db_target, "reviewer1", "reviewer", PASSWORD)
    client = client_of((db_target, tmp_path / "data"), "reviewer1")

    def upload(errors: dict[str, int]) -> int:
        sent = client.post("/upload", data={"csrf": token(client, "/")}, files={"file": ("r.txt", report_text(errors))},
                           follow_redirects=False)
        assert sent.status_code == 303, sent.text
        return int(sent.headers["location"].rsplit("/", 1)[1])

    first = upload(PLANTED)
    found = by_cell(db_target, first)
    assert decide(client, first, found[FIXED].finding_id, "confirm").status_code == 303
    assert decide(client, first, found[DISMISSED].finding_id, "dismiss", "口径不同").status_code == 303
    client.post(f"/returns/{YEAR}/send", data={"csrf": token(client, "/"), "body": KEY})
    new = upload({KEPT: 1, DISMISSED: 2})
    page = client.get(f"/report/{new}").text
    now = by_cell(db_target, new)
    assert (now[FIXED].state, now[DISMISSED].state) == ("closed", "dismissed")
    assert 'data-state="dismissed"' in item(page, now[DISMISSED].finding_id) and "<h2>已整改的问题（1）</h2>" in page
    assert '<table class="statutory t3">' in page
    assert "<mark>复议</mark>" in client.get("/search", params={"q": "复议"}).text
