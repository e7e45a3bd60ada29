"""Cross-year and corpus findings: each report's text by section (``texts``), findings that
say what they saw (``scope``) and name a second report (``other_report_id``,
``other_cells``), and which reports their body's cross-year check has seen
(``reports.series_checked``).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "texts",
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), primary_key=True),
        sa.Column("section", sa.String(10), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.add_column("reports", sa.Column("series_checked", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("findings", sa.Column("scope", sa.String(10), nullable=False, server_default="report"))
    op.add_column("findings", sa.Column("other_report_id", sa.Integer))
    op.add_column("findings", sa.Column("other_cells", sa.Text))


def downgrade() -> None:
    # SQLite drops a column only by rebuilding the table: batch mode does that there
    with op.batch_alter_table("findings") as batch:
        for name in ("other_cells", "other_report_id", "scope"):
            batch.drop_column(name)
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("series_checked")
    op.drop_table("texts")
