"""Accounts of the review web app: who may read, upload and decide (``gongkai user``, the
login form). Passwords are hashed with argon2id (argon2-cffi) and only the hash is stored.

>>> api.add_user("audit.db", "zhang", "reviewer", "a long passphrase")
>>> api.authenticate("audit.db", "zhang", "a long passphrase")   # User, or None
"""

from __future__ import annotations

import functools
import unicodedata
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from gongkai.api.stores import Target, opened
from gongkai.errors import UsageError

if TYPE_CHECKING:
    from argon2 import PasswordHasher


# viewer reads; reviewer also uploads reports and decides findings; admin also manages.
ROLES = ("viewer", "reviewer", "admin")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # argon2 hashes any length; a bound keeps a form post from costing much
MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: str
    created: datetime | None = None

    def may(self, role: str) -> bool:
        """Whether this user's role is ``role`` or above (admin > reviewer > viewer)."""
        return ROLES.index(self.role) >= ROLES.index(role)


def _hasher() -> PasswordHasher:
    try:
        from argon2 import PasswordHasher
    except ImportError as e:
        raise UsageError(f"accounts need the web extra (pip install 'gongkai[web]'): {e}") from e
    return PasswordHasher()


def check_name(name: str) -> str:
    """The account name, stripped; UsageError for an empty, overlong or unprintable one."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(unicodedata.category(c)[0] in "CZ" and c != " " for c in name):
        raise UsageError(f"用户名“{name}”无效：应为1至{MAX_NAME}个可见字符 (invalid user name)")
    return name


def add_user(db: Target, name: str, role: str, password: str) -> User:
    """Create an account. UsageError for an unknown role, a short password or a name taken."""
    name = check_name(name)
    if role not in ROLES:
        raise UsageError(f"未知角色“{role}”，可选：{'、'.join(ROLES)} (unknown role)")
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise UsageError(f"密码长度应为{MIN_PASSWORD}至{MAX_PASSWORD}个字符 (password length)")
    from gongkai.store import users

    hashed = _hasher().hash(password)
    with opened(db, create=True) as store:
        if not users.add(store, name, role, hashed):
            raise UsageError(f"用户“{name}”已存在 (user exists)")
        row = users.get(store, name)
    return User(name, role, row.created if row else None)


def users(db: Target) -> list[User]:
    """Every account, by name (never the hashes)."""
    from gongkai.store import users as stored

    with opened(db, create=True) as store:
        return [User(r.name, r.role, r.created) for r in stored.all_users(store)]


def remove_user(db: Target, name: str) -> None:
    """Delete an account. UsageError when there is none of that name."""
    from gongkai.store import users as stored

    with opened(db, create=True) as store:
        if not stored.remove(store, name.strip()):
            raise UsageError(f"用户“{name.strip()}”不存在 (no such user)")


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the name is unknown, so that a wrong name costs as long
    as a wrong password (a login form must not tell which names exist by its timing)."""
    return _hasher().hash("not a password of anyone")


def authenticate(db: Target, name: str, password: str) -> User | None:
    """The account if ``password`` is its password, else None (unknown name or wrong password
    alike, in about the same time)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    from gongkai.store import users as stored

    hasher = _hasher()
    if len(password) > MAX_PASSWORD:
        return None
    with opened(db, create=True) as store:
        row = stored.get(store, name.strip())
        if row is None:
            with suppress(VerificationError):
                hasher.verify(_dummy_hash(), password)
            return None
        try:
            hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if hasher.check_needs_rehash(row.password_hash):
            stored.set_hash(store, row.name, hasher.hash(password))
    return User(row.name, row.role, row.created)


def user(db: Target, name: str) -> User | None:
    """The account of that name as stored now (a session's role is checked against it on
    every write: an account removed or changed since login loses its rights at once)."""
    from gongkai.store import users as stored

    with opened(db, create=True) as store:
        row = stored.get(store, name.strip())
    return None if row is None else User(row.name, row.role, row.created)
