"""Accounts of the review web app: the API (argon2 hashes, roles, refusals in Chinese) and
`gongkai user add | list | remove` on a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from conftest import run_cli
from gongkai import api
from gongkai.errors import UsageError

pytestmark = pytest.mark.integration


def test_accounts_are_stored_hashed_and_checked_by_password(db_target):
    created = api.add_user(db_target, " zhang ", "reviewer", "correct horse battery")
    assert (created.name, created.role) == ("zhang", "reviewer")
    assert api.authenticate(db_target, "zhang", "correct horse battery") == api.User("zhang", "reviewer",
                                                                                       created.created)
    assert api.authenticate(db_target, "zhang", "wrong password!") is None
    assert api.authenticate(db_target, "nobody", "correct horse battery") is None
    from gongkai.store import open_store

    with open_store(db_target) as store, store.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users WHERE name = 'zhang'")).scalar_one()
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert [u.name for u in api.users(db_target)] == ["zhang"]
    assert api.user(db_target, "zhang").may("viewer") and not api.user(db_target, "zhang").may("admin")
    api.remove_user(db_target, "zhang")
    assert api.user(db_target, "zhang") is None
    assert api.authenticate(db_target, "zhang", "correct horse battery") is None


@pytest.mark.parametrize(("name", "role", "password", "words"), [
    ("li", "boss", "long enough pw", "未知角色"),
    ("li", "viewer", "short", "密码长度"),
    ("", "viewer", "long enough pw", "用户名"),
    ("a\x00b", "viewer", "long enough pw", "用户名"),
])
def test_bad_accounts_are_refused_in_chinese(tmp_path, name, role, password, words):
    with pytest.raises(UsageError, match=words):
        api.add_user(tmp_path / "a.db", name, role, password)


def test_the_user_commands(tmp_path):
    """In process (click's runner): the commands' parsing, messages and exit codes."""
    from click.testing import CliRunner

    from gongkai.cli import cli

    db = str(tmp_path / "a.db")
    runner = CliRunner()
    done = runner.invoke(cli, ["user", "add", "wang", "--role", "admin", "--db", db, "--password-stdin"],
                         input="s3cret-passphrase\n")
    assert done.exit_code == 0, done.output
    assert "已添加账号 wang（管理员）" in done.output
    again = runner.invoke(cli, ["user", "add", "wang", "--role", "viewer", "--db", db, "--password-stdin"],
                          input="s3cret-passphrase\n")
    assert again.exit_code == 2 and "已存在" in again.output and "Traceback" not in again.output
    listed = runner.invoke(cli, ["user", "list", "--db", db])
    assert listed.exit_code == 0 and listed.output.split("\t")[:2] == ["wang", "admin"]
    assert api.authenticate(db, "wang", "s3cret-passphrase") is not None
    assert runner.invoke(cli, ["user", "remove", "nobody", "--db", db]).exit_code == 2
    assert runner.invoke(cli, ["user", "remove", "wang", "--db", db]).exit_code == 0
    assert runner.invoke(cli, ["user", "list", "--db", db]).output == ""


def test_serve_refuses_a_database_it_cannot_open(tmp_path):
    """`gongkai serve` on a file that is no database: one line, exit 2, no server started."""
    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not a database" * 100)
    done = run_cli("serve", "--db", bad, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("gongkai: error:") and "Traceback" not in done.stderr
