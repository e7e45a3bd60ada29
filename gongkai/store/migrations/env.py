"""Alembic's environment for the store: migrations run on the connection the store opened.

``gongkai.store.engine.upgrade`` builds the Alembic Config in code and passes its open
connection in ``config.attributes["connection"]``; users need no alembic.ini.
"""

from __future__ import annotations

from alembic import context

from gongkai.store.schema import in_schema, metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, include_name=in_schema,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
