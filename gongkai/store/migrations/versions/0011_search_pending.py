"""Which reports and bodies the search index holds (``search_indexed``), so that the index is
brought up to date when it is used (a search, the web app starting) instead of at the end of
every audit: indexing a report's texts cost about as much as extracting it, for a search
nobody may run. Reports and bodies already indexed (by 0008's audits) are marked so.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("reports", "bodies"):
        op.add_column(table, sa.Column("search_indexed", sa.Boolean, nullable=False, server_default=sa.false()))
    op.execute("UPDATE reports SET search_indexed = true WHERE id IN (SELECT report_id FROM search_docs)")
    op.execute("UPDATE bodies SET search_indexed = true WHERE id IN "
               "(SELECT body_id FROM search_docs WHERE kind = 'body')")


def downgrade() -> None:
    for table in ("bodies", "reports"):  # SQLite ≥ 3.35 drops a column in place (no table copy: foreign keys hold)
        op.execute(f"ALTER TABLE {table} DROP COLUMN search_indexed")
