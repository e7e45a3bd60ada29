"""Where a cell or finding is as a person opening the source finds it: the table, row and
column of a DOCX, ODT or HTML table, the paragraph, the HTML element's line in the file; for
findings also the page and box of a PDF or scan (cells had those from the first schema).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

PLACE = ("table_no", "row_no", "column_no", "paragraph", "source_line")
PRINTED_AT = ("page", "x0", "top", "x1", "bottom")


def upgrade() -> None:
    for name in PLACE:
        op.add_column("cells", sa.Column(name, sa.Integer))
    op.add_column("findings", sa.Column("page", sa.Integer))
    for name in PRINTED_AT[1:]:
        op.add_column("findings", sa.Column(name, sa.Float))
    for name in PLACE:
        op.add_column("findings", sa.Column(name, sa.Integer))


def downgrade() -> None:
    # SQLite drops a column only by rebuilding the table: batch mode does that there
    with op.batch_alter_table("findings") as batch:
        for name in PRINTED_AT + PLACE:
            batch.drop_column(name)
    with op.batch_alter_table("cells") as batch:
        for name in PLACE:
            batch.drop_column(name)
