"""What each audit run walked (``run_sources``): the audit's work list and summary kept in
the database rather than in its process, whose memory then stays flat however many files a
run walks (issue 13). Runs before this revision have no rows: nothing reads them back.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "run_sources",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), primary_key=True),
        sa.Column("stored_as", sa.Text, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("shown_as", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64)),
        sa.Column("size", sa.BigInteger),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("error", sa.Text),
        sa.CheckConstraint("state IN ('todo', 'unchanged', 'error')", name="ck_run_sources_state"),
    )
    op.create_index("ix_run_sources_seq", "run_sources", ["run_id", "seq"])


def downgrade() -> None:
    op.drop_index("ix_run_sources_seq", "run_sources")
    op.drop_table("run_sources")
