"""The rectification loop on generated reports, on SQLite and PostgreSQL: a report with planted
errors is audited, a reviewer confirms two problems and dismisses two, the 退回清单 is sent,
and the body's corrected version (one problem fixed, one kept, the dismissed ones' cells
untouched) is audited again: the fixed one is closed, the kept one reopened, the dismissals
hold, and every step is logged with who and when. A version uploaded under another name is
a corrected version too, and a dismissal whose cells changed is reopened.
"""

from __future__ import annotations

import io
import random
import re
from datetime import date
from pathlib import Path

import click
import pytest
from openpyxl import load_workbook

from conftest import run_cli
from generators.synth import generate, render
from gongkai import api
from gongkai.cli import cli
from gongkai.errors import UsageError
from gongkai.output.returns import xlsx as returns_xlsx
from gongkai.spec import load_format

pytestmark = pytest.mark.integration

GOV, YEAR, KEY = "武威市凉州区人民政府", 2024, "620602/人民政府"
FIXED = "t3.granted.natural_person"  # planted, confirmed, sent, then corrected
KEPT = "t4.review.total"  # planted, confirmed, sent, still wrong in the corrected version
DISMISSED = "t3.denied_security_stability.commercial"  # planted, dismissed, untouched
REVIEWER = "张审核"


def write_report(path: Path, errors: dict[str, int]) -> None:
    """The generated report of the body (one seed: the same cells every time) with
    ``errors`` added to its cells."""
    cells = dict(generate(31, layout="tabs", version="2021", variants=(), collapsed=False).cells)
    for key, delta in errors.items():
        cells[key] += delta
    path.write_text(render(cells, load_format("2021"), "tabs", random.Random(31), GOV, YEAR), encoding="utf-8")


def by_problem(target: str) -> dict[str, api.FindingReview]:
    """The body's findings (and closed problems), by what each is about: the planted cell it
    names first, or its rule code."""
    found = api.review_list(target, body=KEY, year=YEAR)
    return {(f.cells[0] if f.cells else f.code): f for f in found}


def states(target: str) -> dict[str, str]:
    return {k: f.state for k, f in by_problem(target).items()}


def test_the_loop_from_finding_to_closed_reopened_and_still_dismissed(tmp_path, db_target):
    folder = tmp_path / "reports"
    folder.mkdir()
    report = folder / "gov-2024.txt"
    write_report(report, {FIXED: 3, KEPT: 1, DISMISSED: 2})
    api.audit([folder], db=db_target, jobs=1)
    found = by_problem(db_target)
    assert {FIXED, KEPT, DISMISSED, "C002"} <= set(found)
    assert {f.state for f in found.values()} == {"open"}

    api.decide(db_target, found[FIXED].finding_id, "confirm", REVIEWER)
    api.decide(db_target, found[KEPT].finding_id, "confirm", REVIEWER)
    decided = api.decide(db_target, found[DISMISSED].finding_id, "dismiss", REVIEWER, reason="台账核实无误")
    assert (decided.state, decided.reason) == ("dismissed", "台账核实无误")
    api.decide(db_target, found["C002"].finding_id, "dismiss", REVIEWER, reason="考核情况另行公开")
    assert api.send_back(db_target, GOV, YEAR, "李科长", when=date(2025, 4, 2)) == 2
    sent = by_problem(db_target)
    assert {k: sent[k].state for k in (FIXED, KEPT, DISMISSED, "C002")} == {
        FIXED: "sent", KEPT: "sent", DISMISSED: "dismissed", "C002": "dismissed"}
    assert sent[FIXED].sent_on == "2025-04-02"

    # an unchanged re-audit changes nothing and logs nothing
    before = {k: api.history(db_target, f.finding_id) for k, f in sent.items() if f.review_id}
    api.audit([folder], db=db_target, jobs=1)
    again = by_problem(db_target)
    assert {k: f.state for k, f in again.items()} == {k: f.state for k, f in sent.items()}
    assert {k: api.history(db_target, f.finding_id) for k, f in again.items() if f.review_id} == before

    # the corrected version: FIXED put right, KEPT still wrong, the dismissed cells as they were
    write_report(report, {KEPT: 1, DISMISSED: 2})
    summary = api.audit([folder], db=db_target, jobs=1)
    assert summary.changed == 1
    after = by_problem(db_target)
    assert after[FIXED].state == "closed" and after[FIXED].finding_id is None
    assert (after[KEPT].state, after[DISMISSED].state, after["C002"].state) == ("reopened", "dismissed", "dismissed")
    assert after[DISMISSED].reason == "台账核实无误"

    closed = api.history(db_target, review_id=after[FIXED].review_id)
    assert [(e.actor, e.action, e.before, e.after) for e in closed] == [
        (REVIEWER, "confirmed", "open", "confirmed"), ("李科长", "sent", "confirmed", "sent"),
        ("gongkai", "received", "sent", "sent"), ("gongkai", "closed", "sent", "closed")]
    assert all(e.at.startswith(str(date.today().year)) for e in closed)
    assert closed[-1].report_id == after[KEPT].report_id != closed[0].report_id  # on the new version
    assert [e.action for e in api.history(db_target, after[KEPT].finding_id)][-2:] == ["received", "reopened"]
    assert api.history(db_target, found[KEPT].finding_id) == api.history(db_target, after[KEPT].finding_id)
    assert found[KEPT].finding_id != after[KEPT].finding_id  # the first version's finding: the same problem
    assert [e.action for e in api.history(db_target, after[DISMISSED].finding_id)] == ["dismissed", "received"]

    counts = api.review_counts(db_target, year=YEAR)[KEY, YEAR]
    assert counts["closed"] == 1 and counts["reopened"] == 1 and counts["dismissed"] == 2
    assert counts["open"] == sum(1 for f in after.values() if f.state == "open")

    # what goes out: the next 退回清单 leaves the dismissals out and says what is still there
    (sheet,) = api.returns(db_target, body=KEY, year=YEAR)
    (stored,) = sheet.reports
    assert sorted(stored.states) == sorted(f.state for f in after.values() if f.finding_id is not None)
    book = load_workbook(io.BytesIO(returns_xlsx(sheet, date(2025, 6, 1))))
    text = "\n".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row if c)
    assert f"（上次退回后仍未整改）{after[KEPT].message}" in text
    assert after[DISMISSED].message not in text and after["C002"].message not in text
    assert "审核情况：已排除 2 条，重新打开 1 条（已排除的不列入本清单）" in text
    (row,) = [r for r in api.summary(db_target, year=YEAR) if r.key == KEY]
    assert (row.returned, row.rectified) == ("2025-04-02", "待整改 1 条")


def test_a_version_uploaded_under_another_name_is_the_corrected_one(tmp_path, db_target):
    """The web app stores an upload under a name of its own: the newest report of the body
    and year is the version under review. Its dismissed problem's cells changed: reopened."""
    first, upload = tmp_path / "a" / "gov.txt", tmp_path / "b" / "upload-7f3a.txt"
    first.parent.mkdir()
    upload.parent.mkdir()
    write_report(first, {KEPT: 1, DISMISSED: 2})
    api.audit([first], db=db_target, jobs=1)
    found = by_problem(db_target)
    api.decide(db_target, found[KEPT].finding_id, "confirm", REVIEWER)
    api.decide(db_target, found[DISMISSED].finding_id, "dismiss", REVIEWER, reason="口径不同")
    write_report(upload, {KEPT: 1, DISMISSED: 5})
    api.audit([upload], db=db_target, jobs=1)
    now = by_problem(db_target)
    assert (now[KEPT].state, now[DISMISSED].state) == ("confirmed", "reopened")
    newest = max(f.report_id for f in now.values())
    assert now[KEPT].report_id == now[DISMISSED].report_id == newest
    events = api.history(db_target, now[DISMISSED].finding_id)
    assert [e.action for e in events] == ["dismissed", "received", "reopened"]
    assert "数值已改变" in (events[-1].note or "")


def test_two_files_of_one_body_and_year_keep_their_own_decisions(tmp_path, db_target):
    """A body that published its report as two files: a decision on the earlier file holds
    through re-audits, though the later one is the newest report of the body and year."""
    write_report(tmp_path / "gov-part1.txt", {KEPT: 1})
    write_report(tmp_path / "gov-part2.txt", {DISMISSED: 2})
    api.audit([tmp_path], db=db_target, jobs=1)
    found = by_problem(db_target)
    assert found[KEPT].report_id < found[DISMISSED].report_id
    api.decide(db_target, found[KEPT].finding_id, "confirm", REVIEWER)
    api.audit([tmp_path], db=db_target, jobs=1)
    assert by_problem(db_target)[KEPT].state == "confirmed"
    assert [e.action for e in api.history(db_target, found[KEPT].finding_id)] == ["confirmed"]


def test_illegal_steps_are_refused_in_chinese(tmp_path, db_target):
    report = tmp_path / "gov-2024.txt"
    write_report(report, {KEPT: 1})
    api.audit([report], db=db_target, jobs=1)
    finding = by_problem(db_target)[KEPT].finding_id
    assert finding is not None
    with pytest.raises(UsageError, match="须写明理由"):
        api.decide(db_target, finding, "dismiss", REVIEWER)
    with pytest.raises(UsageError, match="没有编号为 999999 的问题"):
        api.decide(db_target, 999_999, "confirm", REVIEWER)
    with pytest.raises(UsageError, match="未知的决定"):
        api.decide(db_target, finding, "approve", REVIEWER)
    with pytest.raises(UsageError, match="当前为“待审核”，不能重新打开"):
        api.decide(db_target, finding, "reopen", REVIEWER)
    api.decide(db_target, finding, "confirm", REVIEWER)
    with pytest.raises(UsageError, match="当前为“已确认”，不能确认"):
        api.decide(db_target, finding, "confirm", REVIEWER)
    with pytest.raises(UsageError, match="没有单位"):
        api.send_back(db_target, "不存在的单位", YEAR, REVIEWER)
    assert api.send_back(db_target, KEY, YEAR - 1, REVIEWER) == 0  # nothing confirmed that year
    reopened = api.decide(db_target, finding, "reopen", "王主任")
    assert reopened.state == "open"
    assert [(e.actor, e.action) for e in api.history(db_target, finding)] == [
        (REVIEWER, "confirmed"), ("王主任", "reopened")]


def test_the_review_commands(tmp_path):
    """`gongkai review list|confirm|dismiss|reopen|history` over the same API (SQLite)."""
    report, db = tmp_path / "gov-2024.txt", tmp_path / "audit.db"
    write_report(report, {KEPT: 1, DISMISSED: 2})
    api.audit([report], db=db, jobs=1)
    found = by_problem(str(db))
    listed = run_cli("review", "list", "--db", db, "--body", GOV, "--year", str(YEAR))
    assert listed.returncode == 0, listed.stderr
    assert f"{found[KEPT].finding_id}\t待审核\t错误\tT4001" in listed.stdout
    confirm = run_cli("review", "confirm", str(found[KEPT].finding_id), "--db", db, "--user", REVIEWER)
    assert confirm.returncode == 0 and "已确认" in confirm.stderr
    refused = run_cli("review", "dismiss", str(found[DISMISSED].finding_id), "--db", db, "--user", REVIEWER)
    assert refused.returncode == 2 and "须写明理由" in refused.stderr and "Traceback" not in refused.stderr
    dismiss = run_cli("review", "dismiss", str(found[DISMISSED].finding_id), "--db", db, "--user", REVIEWER,
                      "--reason", "已核实")
    assert dismiss.returncode == 0
    only = run_cli("review", "list", "--db", db, "--state", "dismissed")
    assert only.stdout.count("\n") == 1 and "已排除" in only.stdout and "已核实" in only.stdout
    out = tmp_path / "清单"
    issued = run_cli("returns", "--db", db, "--body", GOV, "-o", out, "--record-as", "李科长")
    assert issued.returncode == 0, issued.stderr
    assert "已退回 1 条" in issued.stderr
    history = run_cli("review", "history", str(found[KEPT].finding_id), "--db", db)
    assert history.returncode == 0
    assert [line.split("\t")[1:3] for line in history.stdout.splitlines()] == [
        [REVIEWER, "确认"], ["李科长", "退回"]]
    missing = run_cli("review", "history", "424242", "--db", db)
    assert missing.returncode == 2 and "没有编号为 424242 的问题" in missing.stderr
    found_text = run_cli("search", "行政复议", "--db", db)
    assert found_text.returncode == 0 and f"{GOV}\t2024年 一\t" in found_text.stdout
    assert "【行政复议】" in found_text.stdout
    too_short = run_cli("search", "议", "--db", db)
    assert too_short.returncode == 2 and "至少两个字" in too_short.stderr


def test_the_review_commands_help_in_both_languages():
    """As tests/test_user_docs.py holds the top-level commands to: Chinese, English beside."""
    group = cli.commands["review"]  # type: ignore[attr-defined]
    assert set(group.commands) == {"list", "confirm", "dismiss", "reopen", "history"}
    for command in group.commands.values():
        assert command.help and command.short_help
        for text in [command.help, command.short_help] + [p.help or "" for p in command.params
                                                          if isinstance(p, click.Option)]:
            assert re.search(r"[\u4e00-\u9fff]", text) and re.search(r"[A-Za-z]{3}", text), (command.name, text)
