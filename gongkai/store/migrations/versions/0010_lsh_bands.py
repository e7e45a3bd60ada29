"""C004's LSH bands in the database (``lsh_bands``): each current narrative section long
enough for C004 cut into the bands MinHashLSH would cut its MinHash into at C004's
threshold, each band a 64-bit hash of its values (``bucket``). The database groups them by
(section, band, bucket) to find the candidate pairs, so the audit process never holds every
report's signature. Rows are written by the corpus pass from the stored sketches (reports
stored before this revision get theirs on the first pass after it) and dropped with their
report's version (``store/lsh.py``).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lsh_bands",
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), primary_key=True),
        sa.Column("section", sa.String(10), primary_key=True),
        sa.Column("band", sa.Integer, primary_key=True),
        sa.Column("bucket", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_lsh_bands_bucket", "lsh_bands", ["section", "band", "bucket", "report_id"])


def downgrade() -> None:
    op.drop_index("ix_lsh_bands_bucket", "lsh_bands")
    op.drop_table("lsh_bands")
