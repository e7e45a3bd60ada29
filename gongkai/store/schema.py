"""The store's tables, in SQLAlchemy Core: one definition for SQLite and PostgreSQL.

This is the schema the code reads and writes; the migrations in ``migrations/versions``
build it in a database (a test compares the two, so they cannot drift apart). A source is
one version of one file: a file changed in place becomes a new ``sources`` row, and the
older row (and its report) is kept as history, pointing at its successor.

Cells are a long table (one row per report and cell key), so that the questions people ask
of a corpus ("every 本年新收 of 2024", "reports whose 总计 is uncertain") are plain SQL.
Later stages add tables by migrations of their own. ``reports`` keeps the agency name as
printed; ``bodies`` (migration 0003) is the body identity derived from it
(``gongkai.corpus.bodies``) and ``reports.body_id`` points at it; ``body_aliases`` is what
people recorded about renames and false matches (``gongkai.corpus.aliases``).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

# The migration this schema is (``migrations/versions``): a database at it is opened with
# one query; a test holds it equal to Alembic's head.
HEAD = "0013"

# Counts and fees: integers mostly, a few decimals (万元). NUMERIC keeps both exactly on
# both back ends; read back as float (a count reads 804.0 == 804).
VALUE = sa.Numeric(20, 4, asdecimal=False)
WHEN = sa.DateTime(timezone=True)

runs = sa.Table(
    "runs", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("started", WHEN, nullable=False),
    sa.Column("finished", WHEN),  # NULL: the run was interrupted (or is still going)
    sa.Column("gongkai_version", sa.String(40), nullable=False),
    sa.Column("paths", sa.Text, nullable=False),  # JSON list of the paths as given
    sa.Column("jobs", sa.Integer, nullable=False),
    sa.Column("sources_seen", sa.Integer, nullable=False, server_default="0"),
    sa.Column("sources_new", sa.Integer, nullable=False, server_default="0"),
    sa.Column("sources_changed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("sources_unchanged", sa.Integer, nullable=False, server_default="0"),
    sa.Column("sources_failed", sa.Integer, nullable=False, server_default="0"),
)

sources = sa.Table(
    "sources", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("path", sa.Text, nullable=False),  # absolute path at ingest
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("form", sa.String(20)),  # text | html | pdf | docx …; NULL when unreadable
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("error", sa.Text),  # why a failed source could not be read
    sa.Column("first_seen", WHEN, nullable=False),
    sa.Column("last_seen", WHEN, nullable=False),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
    # the next version of the same path; NULL for the path's latest version
    sa.Column("superseded_by", sa.Integer, sa.ForeignKey("sources.id")),
    sa.CheckConstraint("status IN ('ok', 'failed')", name="ck_sources_status"),
    sa.Index("ix_sources_path", "path"),
    sa.Index("ix_sources_sha256", "sha256"),
)

bodies = sa.Table(
    "bodies", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.Text, nullable=False, unique=True),  # corpus.bodies.Body.key, after aliases
    sa.Column("name", sa.Text, nullable=False),  # as first printed
    sa.Column("body_type", sa.String(20), nullable=False),
    sa.Column("level", sa.String(10)),  # national | province | city | county | township; NULL: unplaced
    sa.Column("adcode", sa.String(6)),
    sa.Column("province", sa.Text),
    sa.Column("city", sa.Text),
    sa.Column("county", sa.Text),
    sa.Column("township", sa.Text),
    # whether the search index holds its name (migration 0011; store/search.py)
    sa.Column("search_indexed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("ix_bodies_adcode", "adcode"),
)

body_aliases = sa.Table(
    "body_aliases", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("other", sa.Text, nullable=False),
    sa.Column("relation", sa.String(10), nullable=False),  # same | distinct (corpus.aliases)
    sa.Column("created", WHEN, nullable=False),
    sa.CheckConstraint("relation IN ('same', 'distinct')", name="ck_body_aliases_relation"),
)

# The bodies a jurisdiction list expects reports from (migration 0005; store/coverage.py):
# a list is imported whole, replacing the one before; each row names its body.
jurisdictions = sa.Table(
    "jurisdictions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("body_id", sa.Integer, sa.ForeignKey("bodies.id"), nullable=False),
    sa.Column("name", sa.Text, nullable=False),  # 名称 as the list writes it
    sa.Column("body_type", sa.String(20)),  # 类型, over the detected one; NULL: the body's
    sa.Column("adcode", sa.String(6)),  # 地区代码, over the detected one
    sa.Column("deadline", sa.String(20)),  # 截止日期 as written (spec.deadlines reads it)
    sa.Column("from_year", sa.Integer),  # 起始年度; NULL: open
    sa.Column("to_year", sa.Integer),  # 终止年度; NULL: open
    sa.Column("source", sa.Text, nullable=False),  # the file it was imported from
    sa.Column("row_no", sa.Integer, nullable=False),  # its row there
    sa.Column("imported", WHEN, nullable=False),
    sa.Index("ix_jurisdictions_body", "body_id"),
)

reports = sa.Table(
    "reports", metadata,
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
    sa.Column("body_id", sa.Integer, sa.ForeignKey("bodies.id")),  # NULL: no agency printed (migration 0003)
    # whether the body's cross-year findings take this report (as it now is) into account:
    # false when stored or superseded, true once its body's series has been checked (0004)
    sa.Column("series_checked", sa.Boolean, nullable=False, server_default=sa.false()),
    # what the cross-year rules read of its text besides the sketches (rules.facts.Facts: the
    # sentences naming a year, a 清理 mentioned) as JSON, and the fingerprint of the rule
    # catalog that checked it (rules.catalog.fingerprint); NULL: stored before 0006
    sa.Column("facts", sa.Text),
    sa.Column("catalog", sa.String(64)),
    # whether the search index holds its texts as they now are (migration 0011: the index is
    # brought up to date when used, not by every audit; store/search.py)
    sa.Column("search_indexed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("ix_reports_year_agency", "year", "agency"),
    sa.Index("ix_reports_current", "is_current"),
    sa.Index("ix_reports_body", "body_id"),
)

# Accounts of the review web app (migration 0009; store/users.py): the role decides what a
# person may change (viewer: read; reviewer: upload and decide; admin: everything).
users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(80), nullable=False, unique=True),
    sa.Column("role", sa.String(10), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),  # argon2id (api/accounts.py); never the password
    sa.Column("created", WHEN, nullable=False),
    sa.CheckConstraint("role IN ('viewer', 'reviewer', 'admin')", name="ck_users_role"),
)


def _printed_at() -> list[sa.Column]:
    """A laid-out source's page and the printed box on it (PDF points, image pixels): for
    cells and findings alike (a Column belongs to one table, so each gets its own)."""
    return [sa.Column("page", sa.Integer), sa.Column("x0", sa.Float), sa.Column("top", sa.Float),
            sa.Column("x1", sa.Float), sa.Column("bottom", sa.Float)]


def _place() -> list[sa.Column]:
    """DOCX, ODT, HTML: the table, row and column as a person counts them in the opened file,
    or the paragraph; the HTML element's line in the file (migration 0002)."""
    return [sa.Column(name, sa.Integer) for name in ("table_no", "row_no", "column_no", "paragraph", "source_line")]


cells = sa.Table(
    "cells", metadata,
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), primary_key=True),
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("value", VALUE),
    sa.Column("uncertain", sa.Boolean, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("method", sa.String(60), nullable=False),
    sa.Column("reason", sa.Text),  # why a cell is NULL
    sa.Column("line", sa.Integer),
    sa.Column("col_start", sa.Integer),
    sa.Column("col_end", sa.Integer),
    *_printed_at(),
    sa.Column("printed", sa.Text),  # the text as printed
    *_place(),
    sa.Index("ix_cells_key", "key"),
    # SQLite: the rows clustered on (report, key), one B-tree less to write (migration 0012)
    sqlite_with_rowid=False,
)

findings = sa.Table(
    "findings", metadata,
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
    # where a person opening the source finds it (model.Location; migration 0002)
    *_printed_at(),
    *_place(),
    # what the finding saw (migration 0004): one report ("report"), a body's years ("series":
    # recomputed when the body's reports change) or the corpus ("corpus": every run)
    sa.Column("scope", sa.String(10), nullable=False, server_default="report"),
    # the second report a cross-year or corpus finding names, and the cells read on its side
    sa.Column("other_report_id", sa.Integer),
    sa.Column("other_cells", sa.Text),  # cell keys, comma-separated
    sa.Index("ix_findings_report", "report_id"),
    sa.Index("ix_findings_code", "code"),
)

# Each report's text by statutory section (一…六, and 前言: what precedes the first heading),
# as the rules read it (normalised): what the cross-year rules compare and a search indexes.
texts = sa.Table(
    "texts", metadata,
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), primary_key=True),
    sa.Column("section", sa.String(10), primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
)

# The rectification loop (migration 0007; store/reviews.py). A review is one problem of one
# body's report of one year, followed across the report's versions: ``subject`` is the body
# and year (``b12/2024``; a report without either: its file, ``p:/path``), ``problem`` the
# finding's identity there (code, scope, sorted cell keys, the other report's body and year,
# and an ordinal among equal ones). Only decided findings have a row: the rest are open.
reviews = sa.Table(
    "reviews", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("problem", sa.Text, nullable=False),
    sa.Column("body_id", sa.Integer, sa.ForeignKey("bodies.id")),
    sa.Column("year", sa.Integer),
    sa.Column("code", sa.String(20), nullable=False),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("severity", sa.String(10), nullable=False),
    sa.Column("message", sa.Text, nullable=False),  # as last seen (a closed one's finding is gone)
    sa.Column("cells", sa.Text, nullable=False),
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("reason", sa.Text),  # why it was dismissed
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),  # last seen on
    # the finding row it is now (findings of a scope are replaced by each cross-year pass)
    sa.Column("finding_id", sa.Integer, sa.ForeignKey("findings.id", ondelete="SET NULL")),
    sa.Column("cell_values", sa.Text, nullable=False),  # JSON: the finding's cells as last seen
    sa.Column("sent_id", sa.Integer, sa.ForeignKey("send_backs.id")),
    sa.Column("updated", WHEN, nullable=False),
    sa.CheckConstraint("state IN ('open', 'confirmed', 'dismissed', 'sent', 'closed', 'reopened')",
                       name="ck_reviews_state"),
    sa.UniqueConstraint("subject", "problem", name="uq_reviews_subject_problem"),
    sa.Index("ix_reviews_finding", "finding_id"),
    sa.Index("ix_reviews_report", "report_id"),
)

# Each 退回清单 issued: the body, the year, the date on it and who sent it.
send_backs = sa.Table(
    "send_backs", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("body_id", sa.Integer, sa.ForeignKey("bodies.id")),
    sa.Column("year", sa.Integer),
    sa.Column("issued", sa.Date, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("findings", sa.Integer, nullable=False),
    sa.Column("created", WHEN, nullable=False),
)

review_events = sa.Table(
    "review_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False),
    sa.Column("at", WHEN, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),  # a user's name; "gongkai" for an audit's findings
    sa.Column("action", sa.String(12), nullable=False),
    sa.Column("before", sa.String(10)),
    sa.Column("after", sa.String(10), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id")),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id")),  # the audit run that found it
    sa.Index("ix_review_events_review", "review_id"),
)

# What a search reads (migration 0008; store/search.py): one row per body name (kind "body")
# and per current report's section text ("text"), ``grams`` its text as space-separated
# overlapping character bigrams. The index over ``grams`` is the back end's own and lives
# only in the migration: SQLite's FTS5 table ``search_fts`` (external content, kept by
# triggers), PostgreSQL's GIN index over a generated array column ``gram_array``.
search_docs = sa.Table(
    "search_docs", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("body_id", sa.Integer, sa.ForeignKey("bodies.id")),  # a body's name
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id")),  # a report's section
    sa.Column("section", sa.String(10)),
    sa.Column("grams", sa.Text, nullable=False),
    sa.Index("ix_search_docs_report", "report_id"),
    sa.Index("ix_search_docs_body", "body_id"),
)
# The search index objects outside ``metadata`` (schema comparisons leave them out), and the
# statements that make them on each back end (as migration 0008 did).
SEARCH_INDEX = ("search_fts", "ix_search_docs_grams", "gram_array")
SEARCH_INDEX_DDL = {
    "sqlite": (
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
    ),
    "postgresql": (
        ("ALTER TABLE search_docs ADD COLUMN gram_array text[] GENERATED ALWAYS AS (string_to_array(grams, ' ')) "
         "STORED"),
        "CREATE INDEX ix_search_docs_grams ON search_docs USING gin (gram_array)",
    ),
}


def in_schema(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's ``include_name``: every object but the back ends' own search index (FTS5's
    table and its shadow tables, PostgreSQL's array column and its index)."""
    return not (name or "").startswith(SEARCH_INDEX)


# The MinHash of each narrative section of a report (migration 0006; rules.facts.Sketch),
# computed where the report is read: the copy rules compare these, never the whole texts.
sketches = sa.Table(
    "sketches", metadata,
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), primary_key=True),
    sa.Column("section", sa.String(10), primary_key=True),
    sa.Column("chars", sa.Integer, nullable=False),  # the section's length as compared
    sa.Column("shingles", sa.Integer, nullable=False),  # its distinct shingles
    sa.Column("minhash", sa.LargeBinary, nullable=False),  # its 128 minima, little-endian uint32
)

# C004's LSH bands (migration 0010; store/lsh.py): each current narrative section of at
# least C004's length cut into the bands of MinHashLSH at C004's threshold, each band's values
# hashed to a signed 64-bit ``bucket`` (a collision only adds a candidate, which is verified
# on the signatures). Sections sharing (section, band, bucket) are candidate near duplicates.
lsh_bands = sa.Table(
    "lsh_bands", metadata,
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), primary_key=True),
    sa.Column("section", sa.String(10), primary_key=True),
    sa.Column("band", sa.Integer, primary_key=True),
    sa.Column("bucket", sa.BigInteger, nullable=False),
    sa.Index("ix_lsh_bands_bucket", "section", "band", "bucket", "report_id"),
    sqlite_with_rowid=False,  # as cells (migration 0012)
)

# What each audit run walked (migration 0013): every file under its paths once, in walk
# order, with the name it was walked as, its hash and size, and whether the run had it read
# ("todo": new, changed, or checked by another rule catalog), found it unchanged, or could
# not read it at all ("error": not even its hash). The audit keeps its work list and its
# summary here, not in memory, which then stays flat however many files a run walks.
run_sources = sa.Table(
    "run_sources", metadata,
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), primary_key=True),
    sa.Column("stored_as", sa.Text, primary_key=True),  # sources.path: absolute, or the normalised URL
    sa.Column("seq", sa.Integer, nullable=False),  # walk order (of the first time it was walked)
    sa.Column("shown_as", sa.Text, nullable=False),  # the name it was walked as (the last time)
    sa.Column("sha256", sa.String(64)),
    sa.Column("size", sa.BigInteger),
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("error", sa.Text),
    sa.CheckConstraint("state IN ('todo', 'unchanged', 'error')", name="ck_run_sources_state"),
    sa.Index("ix_run_sources_seq", "run_id", "seq"),
)

# Views for the common questions: only the latest version of each file counts.
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
    "failed_sources": """
        SELECT s.id, s.path, s.sha256, s.size, s.error, s.last_seen
        FROM sources s WHERE s.status = 'failed' AND s.superseded_by IS NULL""",
}
