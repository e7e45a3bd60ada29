"""`gongkai review list|confirm|dismiss|reopen|history` and `gongkai search`: the
rectification loop and search for offices without the web app (the same API it calls)."""

from __future__ import annotations

import click

from gongkai import api
from gongkai.cli.base import cli, split_codes, usage_faults_exit_2
from gongkai.output.findings import SEVERITY_ZH

DB_HELP = "数据库：SQLite 文件路径或 postgresql:// 地址。A SQLite file or a postgresql:// URL."
USER_HELP = "操作人姓名（记入日志）。The acting user's name, for the log."
ACTION_ZH = {"confirmed": "确认", "dismissed": "排除", "reopened": "重新打开", "sent": "退回",
             "received": "收到新版本", "closed": "整改完成"}


@cli.group(cls=type(cli), short_help="问题审核与整改跟踪。Review findings and follow their rectification.")
def review() -> None:
    """逐条审核检查发现的问题（确认、排除、重新打开），并跟踪退回后的整改情况。

    Decide on stored findings (confirm, dismiss with a reason, reopen) and follow them through
    the 退回清单 to the corrected version: each audit closes the problems the corrected
    version no longer has and reopens those it still has. Every step is logged.
    """


@review.command("list", short_help="列出问题及其审核状态。List findings with their state.")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--body", metavar="NAME", help="只列该单位（名称或键）。Only this body (its name or key).")
@click.option("--year", type=int, help="只列该年度。Only this year.")
@click.option("--state", type=click.Choice(api.REVIEW_STATES),
              help="只列该状态的问题。Only findings in this state.")
@click.option("--profile", "profiles", multiple=True, metavar="NAMES",
              help="同时列出这些地方规则配置的问题。Include the local rules of these profiles.")
@usage_faults_exit_2
def list_findings(target: str, body: str | None, year: int | None, state: str | None,
                  profiles: tuple[str, ...]) -> None:
    """列出现行报告的问题：编号、状态、严重程度、规则、说明（已排除的附理由）。

    List the findings of the current reports, one a line: id (what confirm/dismiss take; —
    for a problem already closed), state, severity, rule, message, and a dismissal's reason.

    示例 / Example: gongkai review list --db audit.db --body 凉州区人民政府 --year 2024
    """
    found = api.review_list(target, body=body, year=year, state=state, profiles=split_codes(profiles))
    for f in found:
        reason = f"\t理由：{f.reason}" if f.reason else ""
        sent = f"\t退回：{f.sent_on}" if f.sent_on else ""
        click.echo(f"{f.finding_id or '—'}\t{api.REVIEW_STATE_NAMES[f.state]}\t{SEVERITY_ZH[f.severity]}\t{f.code}"
                   f"\t{f.message}{reason}{sent}")
    click.echo(f"共 {len(found)} 条", err=True)


def _decide(target: str, finding_id: int, decision: str, user: str, reason: str | None = None) -> None:
    done = api.decide(target, finding_id, decision, user, reason)
    click.echo(f"问题 {finding_id}（{done.code}）：{api.REVIEW_STATE_NAMES[done.state]}", err=True)


@review.command("confirm", short_help="确认问题。Confirm a finding.")
@click.argument("finding_id", type=int)
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--user", required=True, metavar="NAME", help=USER_HELP)
@usage_faults_exit_2
def confirm(finding_id: int, target: str, user: str) -> None:
    """确认问题属实，待随退回清单发出。Confirm a finding: it goes out with the next 退回清单.

    示例 / Example: gongkai review confirm 17 --db audit.db --user 张三
    """
    _decide(target, finding_id, "confirm", user)


@review.command("dismiss", short_help="排除问题（须写明理由）。Dismiss a finding, with a reason.")
@click.argument("finding_id", type=int)
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--user", required=True, metavar="NAME", help=USER_HELP)
@click.option("--reason", metavar="TEXT", help="排除理由（必填）。Why it is no problem (required).")
@usage_faults_exit_2
def dismiss(finding_id: int, target: str, user: str, reason: str | None) -> None:
    """排除问题：经核实不是问题。修改后的报告中相关单元格未变的，仍保持排除。

    Dismiss a finding (not a problem after all). It stays dismissed in the body's corrected
    version as long as the cells it names keep their values.

    示例 / Example: gongkai review dismiss 18 --db audit.db --user 张三 --reason 台账核实无误
    """
    _decide(target, finding_id, "dismiss", user, reason)


@review.command("reopen", short_help="重新打开已决定的问题。Reopen a decided finding.")
@click.argument("finding_id", type=int)
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--user", required=True, metavar="NAME", help=USER_HELP)
@usage_faults_exit_2
def reopen(finding_id: int, target: str, user: str) -> None:
    """撤销确认、排除或退回，问题回到待审核。Undo a confirmation, dismissal or send-back.

    示例 / Example: gongkai review reopen 18 --db audit.db --user 张三
    """
    _decide(target, finding_id, "reopen", user)


@review.command("history", short_help="问题的处理记录。A finding's log.")
@click.argument("finding_id", type=int)
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@usage_faults_exit_2
def history(finding_id: int, target: str) -> None:
    """列出问题的每一步：时间、操作人、动作、状态变化、说明。

    Every step of a finding's loop, oldest first: when, who (gongkai: found by an audit),
    what, the state before and after, and the note.

    示例 / Example: gongkai review history 17 --db audit.db
    """
    events = api.history(target, finding_id)
    names = api.REVIEW_STATE_NAMES
    for e in events:
        change = f"{names.get(e.before or '', '—')}→{names[e.after]}"
        click.echo(f"{e.at}\t{e.actor}\t{ACTION_ZH.get(e.action, e.action)}\t{change}\t{e.note or ''}".rstrip())
    if not events:
        click.echo(f"问题 {finding_id} 尚无处理记录（待审核）", err=True)


@cli.command("search", short_help="检索单位名称和报告正文。Search bodies' names and report texts.")
@click.argument("query")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True,
              help="最多列出的结果数。At most this many results.")
@usage_faults_exit_2
def search(query: str, target: str, limit: int) -> None:
    """检索单位名称和现行报告各部分正文；多个词以空格分开，须同时出现。

    Search the bodies' names and the current reports' section texts for every word of QUERY
    (words separated by spaces; Chinese words of two characters or more are found).

    示例 / Example: gongkai search "行政复议 纠正" --db audit.db
    """
    hits = api.search(target, query, limit)
    for h in hits:
        where = "单位" if h.kind == "body" else f"{h.year or '—'}年 {h.section}"
        click.echo(f"{h.body_name or '—'}\t{where}\t{h.report_id or ''}\t{h.marked()}")
    click.echo(f"共 {len(hits)} 条结果", err=True)
