"""The first schema: runs, sources, reports, cells, findings, and the views over current reports.

Spelled out here, not taken from ``gongkai.store.schema``: a migration is history and must
build the same tables whatever the schema module says later.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

VIEWS = {
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
    "failed_sources": """
        SELECT s.id, s.path, s.sha256, s.size, s.error, s.last_seen
        FROM sources s WHERE s.status = 'failed' AND s.superseded_by IS NULL""",
}


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True)),  # NULL: the run was interrupted (or is still going)
        sa.Column("gongkai_version", sa.String(40), nullable=False),
        sa.Column("paths", sa.Text, nullable=False),  # JSON list of the paths as given
        sa.Column("jobs", sa.Integer, nullable=False),
        sa.Column("sources_seen", sa.Integer, nullable=False, server_default="0"),
        sa.Column("sources_new", sa.Integer, nullable=False, server_default="0"),
        sa.Column("sources_changed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("sources_unchanged", sa.Integer, nullable=False, server_default="0"),
        sa.Column("sources_failed", sa.Integer, nullable=False, server_default="0"),
    )

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.Text, nullable=False),  # absolute path at ingest
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("form", sa.String(20)),  # text | html | pdf | docx …; NULL when unreadable
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("error", sa.Text),  # why a failed source could not be read
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
        # the next version of the same path; NULL for the path's latest version
        sa.Column("superseded_by", sa.Integer, sa.ForeignKey("sources.id")),
        sa.CheckConstraint("status IN ('ok', 'failed')", name="ck_sources_status"),
        sa.Index("ix_sources_path", "path"),
        sa.Index("ix_sources_sha256", "sha256"),
    )

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False, unique=True),
        sa.Column("format", sa.String(10)),  # 2021 | 2019
        sa.Column("format_basis", sa.String(40)),
        sa.Column("year", sa.Integer),
        sa.Column("agency", sa.Text),  # the body's name as printed in the title
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(10)),  # ISO date as printed, if any
        sa.Column("body_type", sa.String(20)),
        sa.Column("cited_format", sa.Text),
        sa.Column("period", sa.Text),
        sa.Column("meta", sa.Text, nullable=False),  # the whole meta as JSON (keys added later survive)
        sa.Column("notes", sa.Text, nullable=False),  # JSON list
        sa.Column("gongkai_version", sa.String(40), nullable=False),  # what extracted and checked it
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("superseded_by", sa.Integer, sa.ForeignKey("reports.id")),
        sa.Index("ix_reports_year_agency", "year", "agency"),
        sa.Index("ix_reports_current", "is_current"),
    )

    op.create_table(
        "cells",
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), primary_key=True),
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("value", sa.Numeric(20, 4, asdecimal=False)),
        sa.Column("uncertain", sa.Boolean, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("method", sa.String(60), nullable=False),
        sa.Column("reason", sa.Text),  # why a cell is NULL
        sa.Column("line", sa.Integer),
        sa.Column("col_start", sa.Integer),
        sa.Column("col_end", sa.Integer),
        sa.Column("page", sa.Integer),
        sa.Column("x0", sa.Float),  # the printed cell's box on its page (PDF points, image pixels)
        sa.Column("top", sa.Float),
        sa.Column("x1", sa.Float),
        sa.Column("bottom", sa.Float),
        sa.Column("printed", sa.Text),  # the text as printed
        sa.Index("ix_cells_key", "key"),
    )

    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("col_start", sa.Integer),
        sa.Column("col_end", sa.Integer),
        sa.Column("cells", sa.Text, nullable=False),  # cell keys, comma-separated
        sa.Column("expected", sa.Text),  # JSON
        sa.Column("actual", sa.Text),  # JSON
        sa.Column("artifact", sa.Boolean, nullable=False),
        sa.Index("ix_findings_report", "report_id"),
        sa.Index("ix_findings_code", "code"),
    )
    for name, select in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {select}")


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f"DROP VIEW {name}")
    for table in ("findings", "cells", "reports", "sources", "runs"):
        op.drop_table(table)
