"""`gongkai serve` and `gongkai user add | list | remove`: the review web app and its accounts."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gongkai import api
from gongkai.cli.base import cli, fail, usage_faults_exit_2

DB_HELP = "数据库：SQLite 文件路径或 postgresql:// 地址。A SQLite file or a postgresql:// URL."
ROLE_NAMES = {"viewer": "查看人员", "reviewer": "审核人员", "admin": "管理员"}


@cli.command(short_help="启动审核网页。Run the review web app.")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口。Port.")
@click.option("--private", is_flag=True,
              help="只读页面也须登录（默认公开）。Read-only pages need a login too (default: public).")
@click.option("--max-upload-mb", default=50, show_default=True, type=click.IntRange(1, 1024),
              help="上传文件大小上限（MB）。Upload size limit in MB.")
@click.option("--data-dir", metavar="DIR",
              help="存放上传文件和页面图像的文件夹（默认在数据库旁）。Folder for uploads and page images "
                   "(default: beside the SQLite file).")
@click.option("--secure-cookies", is_flag=True,
              help="仅通过 https 发送登录 Cookie（经 https 代理提供服务时使用）。Session cookie over https only.")
@usage_faults_exit_2
def serve(target: str, host: str, port: int, private: bool, max_upload_mb: int, data_dir: str | None,
          secure_cookies: bool) -> None:
    """启动审核网页：概览、单位、报告原文与表格对照、上传、下载退回清单。

    Run the review web app on the store TARGET: the corpus overview, each body's reports,
    each report beside its source, uploads audited on arrival, 退回清单 downloads. The
    session key comes from GONGKAI_SECRET or a file generated in ~/.config/gongkai/.

    示例 / Example: gongkai serve --db audit.db --port 8000
    """
    try:
        from gongkai.web import WebSettings
        from gongkai.web import serve as run
    except ImportError as e:
        fail(f"the web app needs the web extra (pip install 'gongkai[web]'): {e}")
    api.users(target)  # opens (and migrates) the store first: a bad target is one line, exit 2
    settings = WebSettings(public=not private, max_upload=max_upload_mb * 2**20,
                           data_dir=Path(data_dir) if data_dir else None, secure_cookies=secure_cookies)
    click.echo(f"审核网页：http://{host}:{port}/ （Ctrl-C 停止）", err=True)
    run(target, host=host, port=port, settings=settings)


@cli.group(cls=type(cli), short_help="审核网页的账号。Accounts of the review web app.")
def user() -> None:
    """审核网页的账号：添加、列出、删除。角色：viewer（查看）、reviewer（审核、上传）、admin（管理）。

    Accounts of the review web app. Roles: viewer (reads), reviewer (also uploads and
    decides findings), admin (everything).
    """


@user.command("add", short_help="添加账号。Add an account.")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "reviewer", "admin"]), required=True, help="角色。Role.")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@click.option("--password-stdin", is_flag=True, help="从标准输入读取密码（一行）。Read the password from stdin.")
@usage_faults_exit_2
def add(name: str, role: str, target: str, password_stdin: bool) -> None:
    """添加账号；密码在提示时输入（两次），或用 --password-stdin 从标准输入读取。

    Add an account; the password is asked for (twice), or read from standard input.

    示例 / Example: gongkai user add zhang --role reviewer --db audit.db
    """
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("密码 / password", hide_input=True, confirmation_prompt=True)
    created = api.add_user(target, name, role, password)
    click.echo(f"已添加账号 {created.name}（{ROLE_NAMES[created.role]}）", err=True)


@user.command("list", short_help="列出账号。List accounts.")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@usage_faults_exit_2
def list_users(target: str) -> None:
    """列出账号及其角色。List the accounts and their roles."""
    for u in api.users(target):
        created = u.created.strftime("%Y-%m-%d") if u.created else ""
        click.echo(f"{u.name}\t{u.role}\t{created}")


@user.command("remove", short_help="删除账号。Remove an account.")
@click.argument("name")
@click.option("--db", "target", default="gongkai.db", show_default=True, metavar="TARGET", help=DB_HELP)
@usage_faults_exit_2
def remove(name: str, target: str) -> None:
    """删除账号（其登录随即失效）。Remove an account (its sessions lose their rights at once)."""
    api.remove_user(target, name)
    click.echo(f"已删除账号 {name.strip()}", err=True)
