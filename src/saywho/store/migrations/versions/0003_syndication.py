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


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("origin_hash", sa.String(length=64), nullable=True))
        batch.create_index("ix_articles_origin_hash", ["origin_hash"])


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_origin_hash")
        batch.drop_column("origin_hash")
