"""Index only the rows that have a value in two mostly empty columns.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

``attributions.parent_id`` is set only on a nested attribution (under 4% of them in news) and
``articles.origin_hash`` only on a syndicated copy (a fraction of a percent), yet their indexes
held an entry for every row, written on every insert. Every look-up of either column is by a
value (``parent_id = ?``, the parent's foreign key on delete) or for the rows that have one
(``origin_hash IS NOT NULL``), which both databases answer from an index over the rows where the
column is not null.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SPARSE = (
    ("attributions", "ix_attributions_parent_id", "parent_id"),
    ("articles", "ix_articles_origin_hash", "origin_hash"),
)


def upgrade() -> None:
    for table, index, column in _SPARSE:
        op.drop_index(index, table_name=table)
        where = sa.text(f"{column} IS NOT NULL")
        op.create_index(index, table, [column], postgresql_where=where, sqlite_where=where)


def downgrade() -> None:
    for table, index, column in _SPARSE:
        op.drop_index(index, table_name=table)
        op.create_index(index, table, [column])
