"""SQLite: ``cells`` and ``lsh_bands`` as ``WITHOUT ROWID`` tables, clustered on their primary
key (report, key) and (report, section, band). A rowid table kept the rows in one B-tree and
their primary key in another: one B-tree less to write for every cell and band stored, and a
report's cells read back in one range of the table (≈ 0.3 ms less CPU a report stored on the
audit's benchmark; the file ≈ a third smaller). ``texts`` stays a rowid table: its rows are
whole sections, too long to sit in a B-tree's interior pages (clustered, they cost more).

The tables are copied (SQLite cannot change this in place); their views are made again
around the copy (SQLite checks views when a table is renamed). PostgreSQL's tables are left
as they are; its views are made again too, so that ``current_reports`` (``r.*``, expanded
when PostgreSQL creates a view) has the columns later revisions gave ``reports``, as on a
database created at this revision.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLES = ("cells", "lsh_bands")

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


# The columns later revisions (0004, 0006, 0011) gave ``reports``: PostgreSQL's views made
# before this revision did not read them, and their downgrades drop them
LATER_REPORT_COLUMNS = ("series_checked", "facts", "catalog", "search_indexed")


def _recreate(with_rowid: bool, views: dict[str, str]) -> None:
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_with_rowid": with_rowid}):
                pass
    for name, select in views.items():
        op.execute(f"CREATE VIEW {name} AS {select}")


def upgrade() -> None:
    _recreate(False, VIEWS)


def downgrade() -> None:
    views = dict(VIEWS)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":  # ``r.*`` as PostgreSQL had expanded it before this revision
        columns = [c["name"] for c in sa.inspect(bind).get_columns("reports") if c["name"] not in LATER_REPORT_COLUMNS]
        views["current_reports"] = views["current_reports"].replace("r.*", ", ".join(f"r.{c}" for c in columns))
    _recreate(True, views)
