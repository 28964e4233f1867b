"""Syndication: each wire copy of a story points at its origin by content hash.

Revision ID: 0003
Revises: 0005
Create Date: 2026-11-30

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both engines (SQLite has ADD and DROP COLUMN since 3.35): no table copy,
# which would need every other connection to the store closed.
def upgrade() -> None:
    op.add_column("articles", sa.Column("origin_hash", sa.String(length=64), nullable=True))
    op.create_index("ix_articles_origin_hash", "articles", ["origin_hash"])


def downgrade() -> None:
    op.drop_index("ix_articles_origin_hash", table_name="articles")
    op.drop_column("articles", "origin_hash")
