"""Attributions keep their kind (speech, writing, thought, intention, evidence, stance), indexed for filters.

Records stored before this revision have no kind (NULL); re-ingesting their articles does not
change them, since an article is stored once.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both engines (SQLite has ADD and DROP COLUMN since 3.35): no table copy.
def upgrade() -> None:
    op.add_column("attributions", sa.Column("kind", sa.String(20), nullable=True))
    op.create_index("ix_attributions_kind", "attributions", ["kind"])


def downgrade() -> None:
    op.drop_index("ix_attributions_kind", table_name="attributions")
    op.drop_column("attributions", "kind")
