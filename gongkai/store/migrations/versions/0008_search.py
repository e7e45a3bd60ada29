"""Search over bodies' names and reports' section texts that finds Chinese words of two
characters (公开, 复议): each text as space-separated overlapping character bigrams
(``search_docs.grams``, written by ``store/search.py``), indexed by each back end's own
means — SQLite: an FTS5 table over it (external content, kept in step by triggers; a
query's bigrams searched as a phrase), PostgreSQL: a GIN index over its bigrams as an array
(a generated column, ``gram_array``; a query's bigrams all contained, the words then checked
in the candidates' text).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SQLITE_INDEX = (
    # 'ascii' splits on ASCII spaces and punctuation only: a bigram of CJK characters is one token
    ("CREATE VIRTUAL TABLE search_fts USING fts5(grams, content='search_docs', content_rowid='id', "
     "tokenize='ascii')"),
    ("CREATE TRIGGER search_fts_insert AFTER INSERT ON search_docs BEGIN "
     "INSERT INTO search_fts(rowid, grams) VALUES (new.id, new.grams); END"),
    ("CREATE TRIGGER search_fts_delete AFTER DELETE ON search_docs BEGIN "
     "INSERT INTO search_fts(search_fts, rowid, grams) VALUES ('delete', old.id, old.grams); END"),
    ("CREATE TRIGGER search_fts_update AFTER UPDATE ON search_docs BEGIN "
     "INSERT INTO search_fts(search_fts, rowid, grams) VALUES ('delete', old.id, old.grams); "
     "INSERT INTO search_fts(rowid, grams) VALUES (new.id, new.grams); END"),
)
POSTGRESQL_INDEX = (
    # the bigrams as an array column of PostgreSQL's own (not in schema.py: SQLite has no arrays),
    # so that neither a scan nor the index's recheck splits the text again, and the planner
    # has element statistics to choose the index by
    "ALTER TABLE search_docs ADD COLUMN gram_array text[] GENERATED ALWAYS AS (string_to_array(grams, ' ')) STORED",
    "CREATE INDEX ix_search_docs_grams ON search_docs USING gin (gram_array)",
)


def upgrade() -> None:
    op.create_table(
        "search_docs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("body_id", sa.Integer, sa.ForeignKey("bodies.id")),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id")),
        sa.Column("section", sa.String(10)),
        sa.Column("grams", sa.Text, nullable=False),
        sa.Index("ix_search_docs_report", "report_id"),
        sa.Index("ix_search_docs_body", "body_id"),
    )
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_INDEX if dialect == "sqlite" else POSTGRESQL_INDEX if dialect == "postgresql" else ():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("search_fts_insert", "search_fts_delete", "search_fts_update"):
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE search_fts")
    op.drop_table("search_docs")
