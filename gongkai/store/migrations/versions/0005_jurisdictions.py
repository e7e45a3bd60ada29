"""Jurisdiction lists: the bodies expected to report, by year range (``jurisdictions``),
each row naming its body (``bodies``, migration 0003). Read by the coverage
(``store/coverage.py``, ``gongkai coverage``).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jurisdictions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("body_id", sa.Integer, sa.ForeignKey("bodies.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("body_type", sa.String(20)),
        sa.Column("adcode", sa.String(6)),
        sa.Column("deadline", sa.String(20)),
        sa.Column("from_year", sa.Integer),
        sa.Column("to_year", sa.Integer),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("row_no", sa.Integer, nullable=False),
        sa.Column("imported", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_jurisdictions_body", "body_id"),
    )


def downgrade() -> None:
    op.drop_table("jurisdictions")
