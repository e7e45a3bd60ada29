"""The web app's accounts (``users``, migration 0009): plain rows, the hashing is the API's.

Every statement is parameterised (SQLAlchemy Core); a name is compared exactly, as stored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple

import sqlalchemy as sa

from gongkai.store.ingest import Store
from gongkai.store.schema import users


class UserRow(NamedTuple):
    name: str
    role: str
    password_hash: str
    created: datetime


def add(store: Store, name: str, role: str, password_hash: str) -> bool:
    """Insert an account; False when the name is taken (nothing written)."""
    with store.engine.begin() as conn:
        if conn.execute(sa.select(users.c.id).where(users.c.name == name)).first() is not None:
            return False
        conn.execute(users.insert().values(name=name, role=role, password_hash=password_hash,
                                           created=datetime.now(UTC)))
    return True


def get(store: Store, name: str) -> UserRow | None:
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(users.c.name, users.c.role, users.c.password_hash, users.c.created)
                           .where(users.c.name == name)).first()
    return None if row is None else UserRow(*row)


def all_users(store: Store) -> list[UserRow]:
    with store.engine.connect() as conn:
        query = sa.select(users.c.name, users.c.role, users.c.password_hash, users.c.created).order_by(users.c.name)
        return [UserRow(*row) for row in conn.execute(query)]


def remove(store: Store, name: str) -> bool:
    """Delete an account; False when there is none of that name."""
    with store.engine.begin() as conn:
        return conn.execute(users.delete().where(users.c.name == name)).rowcount > 0


def set_hash(store: Store, name: str, password_hash: str) -> None:
    """Replace a stored hash (argon2's parameters changed since it was made)."""
    with store.engine.begin() as conn:
        conn.execute(users.update().where(users.c.name == name).values(password_hash=password_hash))
