"""Sentence embeddings of clustered contents, for the optional refinement of claim clusters.

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-30

``claim_members.vector`` holds the content's all-MiniLM-L6-v2 embedding (384 float32, 1,536 bytes) when
``[claims.embeddings]`` is on, so that an update compares new contents with stored ones as a rebuild
does; null otherwise (and for every member filed before).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim_members") as batch:
        batch.add_column(sa.Column("vector", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claim_members") as batch:
        batch.drop_column("vector")
