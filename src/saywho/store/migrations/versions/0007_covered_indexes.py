"""Drop three indexes that a unique index already covers.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

``entity_mentions.article_id`` and ``quantities.article_id`` lead their unique ``(article_id, local_id)``
indexes, and ``speaker_mentions.speaker_id`` leads ``(speaker_id, article_id)``: the database finds
those rows through the unique index as fast, so the single-column indexes only cost every insert
an index entry more (entity mentions are the store's largest table) and their space.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COVERED = (
    ("entity_mentions", "ix_entity_mentions_article_id", "article_id"),
    ("quantities", "ix_quantities_article_id", "article_id"),
    ("speaker_mentions", "ix_speaker_mentions_speaker_id", "speaker_id"),
)


def upgrade() -> None:
    for table, index, _ in _COVERED:
        op.drop_index(index, table_name=table)


def downgrade() -> None:
    for table, index, column in _COVERED:
        op.create_index(index, table, [column])
