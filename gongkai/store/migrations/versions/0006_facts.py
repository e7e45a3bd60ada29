"""What the cross-year pass reads, computed where each report is read: the MinHash of each
narrative section (``sketches``) and the other text facts (``reports.facts``), and the
fingerprint of the rule catalog that checked each report (``reports.catalog``). Reports
stored before have neither: the pass computes their facts from ``texts`` once and stores
them; an audit re-checks reports whose catalog differs from its own.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sketches",
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), primary_key=True),
        sa.Column("section", sa.String(10), primary_key=True),
        sa.Column("chars", sa.Integer, nullable=False),
        sa.Column("shingles", sa.Integer, nullable=False),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
    )
    op.add_column("reports", sa.Column("facts", sa.Text))
    op.add_column("reports", sa.Column("catalog", sa.String(64)))


def downgrade() -> None:
    # dropped in place (SQLite ≥ 3.35 as PostgreSQL), as 0004 does: the views read ``reports``
    for name in ("catalog", "facts"):
        op.drop_column("reports", name)
    op.drop_table("sketches")
