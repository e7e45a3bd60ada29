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
    # Columns dropped in place (SQLite ≥ 3.35 as PostgreSQL): a batch rebuild of ``findings``
    # or ``reports`` would rename tables the views read, which SQLite refuses
    for table, names in (("findings", ("other_cells", "other_report_id", "scope")), ("reports", ("series_checked",))):
        for name in names:
            op.drop_column(table, name)
    op.drop_table("texts")
