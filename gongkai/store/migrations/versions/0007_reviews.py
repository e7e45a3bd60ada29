"""The rectification loop: each decided finding's state across a report's versions
(``reviews``), every step with who and when (``review_events``), and each 退回清单 issued
(``send_backs``). Read and written by ``store/reviews.py``.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "send_backs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("body_id", sa.Integer, sa.ForeignKey("bodies.id")),
        sa.Column("year", sa.Integer),
        sa.Column("issued", sa.Date, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("findings", sa.Integer, nullable=False),
        sa.Column("created", WHEN, nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("problem", sa.Text, nullable=False),
        sa.Column("body_id", sa.Integer, sa.ForeignKey("bodies.id")),
        sa.Column("year", sa.Integer),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("cells", sa.Text, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("finding_id", sa.Integer, sa.ForeignKey("findings.id", ondelete="SET NULL")),
        sa.Column("cell_values", sa.Text, nullable=False),
        sa.Column("sent_id", sa.Integer, sa.ForeignKey("send_backs.id")),
        sa.Column("updated", WHEN, nullable=False),
        sa.CheckConstraint("state IN ('open', 'confirmed', 'dismissed', 'sent', 'closed', 'reopened')",
                           name="ck_reviews_state"),
        sa.UniqueConstraint("subject", "problem", name="uq_reviews_subject_problem"),
        sa.Index("ix_reviews_finding", "finding_id"),
        sa.Index("ix_reviews_report", "report_id"),
    )
    op.create_table(
        "review_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("before", sa.String(10)),
        sa.Column("after", sa.String(10), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id")),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id")),
        sa.Index("ix_review_events_review", "review_id"),
    )


def downgrade() -> None:
    for table in ("review_events", "reviews", "send_backs"):
        op.drop_table(table)
