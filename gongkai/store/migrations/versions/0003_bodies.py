"""Bodies: a stable identity of the reporting body (``bodies``), what people recorded about
renames and false matches (``body_aliases``), each report's body (``reports.body_id``), and
the views over current reports, cells and findings naming the body and its region.

Reports stored before this revision get their body when the store is next opened
(``Store`` assigns every report without one): the identity comes from code
(``gongkai.corpus.bodies``) that a migration, being history, must not call.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

VIEWS_0001 = {
    "current_reports": """
        SELECT r.*, s.path, s.sha256, s.form
        FROM reports r JOIN sources s ON s.id = r.source_id
        WHERE r.is_current""",
    "current_cells": """
        SELECT r.id AS report_id, s.path, r.agency, r.year, r.format, c.key, c.value, c.uncertain,
               c.confidence, c.method, c.reason, c.line, c.col_start, c.col_end, c.page, c.printed
        FROM cells c JOIN reports r ON r.id = c.report_id JOIN sources s ON s.id = r.source_id
        WHERE r.is_current""",
    "current_findings": """
        SELECT r.id AS report_id, s.path, r.agency, r.year, f.code, f.name, f.severity, f.message,
               f.line, f.cells, f.expected, f.actual, f.artifact
        FROM findings f JOIN reports r ON r.id = f.report_id JOIN sources s ON s.id = r.source_id
        WHERE r.is_current""",
}

VIEWS = {
    "current_reports": """
        SELECT r.*, s.path, s.sha256, s.form, b.key AS body_key, b.name AS body_name, b.level AS body_level,
               b.adcode, b.province, b.city, b.county
        FROM reports r JOIN sources s ON s.id = r.source_id LEFT JOIN bodies b ON b.id = r.body_id
        WHERE r.is_current""",
    "current_cells": """
        SELECT r.id AS report_id, s.path, r.agency, r.year, r.format, c.key, c.value, c.uncertain,
               c.confidence, c.method, c.reason, c.line, c.col_start, c.col_end, c.page, c.printed,
               r.body_id, b.key AS body_key, b.name AS body_name, b.adcode, b.province, b.city, b.county
        FROM cells c JOIN reports r ON r.id = c.report_id JOIN sources s ON s.id = r.source_id
        LEFT JOIN bodies b ON b.id = r.body_id
        WHERE r.is_current""",
    "current_findings": """
        SELECT r.id AS report_id, s.path, r.agency, r.year, f.code, f.name, f.severity, f.message,
               f.line, f.cells, f.expected, f.actual, f.artifact,
               r.body_id, b.key AS body_key, b.name AS body_name, b.adcode, b.province, b.city, b.county
        FROM findings f JOIN reports r ON r.id = f.report_id JOIN sources s ON s.id = r.source_id
        LEFT JOIN bodies b ON b.id = r.body_id
        WHERE r.is_current""",
}


def _replace_views(views: dict[str, str]) -> None:
    for name in views:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for name, select in views.items():
        op.execute(f"CREATE VIEW {name} AS {select}")


def upgrade() -> None:
    op.create_table(
        "bodies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("body_type", sa.String(20), nullable=False),
        sa.Column("level", sa.String(10)),
        sa.Column("adcode", sa.String(6)),
        sa.Column("province", sa.Text),
        sa.Column("city", sa.Text),
        sa.Column("county", sa.Text),
        sa.Column("township", sa.Text),
        sa.Index("ix_bodies_adcode", "adcode"),
    )
    op.create_table(
        "body_aliases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("other", sa.Text, nullable=False),
        sa.Column("relation", sa.String(10), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("relation IN ('same', 'distinct')", name="ck_body_aliases_relation"),
    )
    # SQLite adds a column with an inline REFERENCES (a NULL default is allowed with foreign
    # keys on); a batch rebuild of ``reports`` would have to drop a table cells point at.
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE reports ADD COLUMN body_id INTEGER REFERENCES bodies (id)")
    else:
        op.add_column("reports", sa.Column("body_id", sa.Integer))
        op.create_foreign_key(None, "reports", "bodies", ["body_id"], ["id"])
    op.create_index("ix_reports_body", "reports", ["body_id"])
    _replace_views(VIEWS)


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.drop_index("ix_reports_body", "reports")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite (≥ 3.35) drops the column in place; a batch rebuild would drop ``reports``,
        # which cells and findings point at
        op.execute("ALTER TABLE reports DROP COLUMN body_id")
    else:
        op.drop_column("reports", "body_id")
    _replace_views(VIEWS_0001)
    op.drop_table("body_aliases")
    op.drop_table("bodies")
