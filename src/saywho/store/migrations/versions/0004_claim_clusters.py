"""Claim clusters across articles, their LSH keys, and copies of one story (saywho.claims).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(column: str, target: str, table: str, *, type_: sa.types.TypeEngine | None = None,
        primary_key: bool = False) -> sa.Column:
    ref = target.split(".")[0]
    return sa.Column(column, type_ or sa.Integer(),
                     sa.ForeignKey(target, name=f"fk_{table}_{column}_{ref}", ondelete="CASCADE"),
                     nullable=False, primary_key=primary_key, autoincrement=False)


def upgrade() -> None:
    """Create the claim cluster tables; clusters fill on the next ingest (or ``saywho claims --rebuild``)."""
    op.create_table(
        "claim_clusters",
        _fk("id", "attributions.id", "claim_clusters"),
        sa.Column("representative_id", sa.Integer(), nullable=False),
        sa.Column("representative", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("origins", sa.Integer(), nullable=False),
        sa.Column("speakers", sa.Integer(), nullable=False),
        sa.Column("first_published", sa.Date()),
        sa.Column("last_published", sa.Date()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_claim_clusters"),
    )
    op.create_index("ix_claim_clusters_size", "claim_clusters", ["size"])
    op.create_index("ix_claim_clusters_origins", "claim_clusters", ["origins"])
    op.create_table(
        "claim_members",
        _fk("attribution_id", "attributions.id", "claim_members"),
        _fk("cluster_id", "claim_clusters.id", "claim_members"),
        sa.Column("matched_id", sa.Integer()),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("attribution_id", name="pk_claim_members"),
    )
    op.create_index("ix_claim_members_cluster_id", "claim_members", ["cluster_id"])
    op.create_table(
        "claim_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        _fk("attribution_id", "attributions.id", "claim_keys"),
        sa.PrimaryKeyConstraint("id", name="pk_claim_keys"),
    )
    op.create_index("ix_claim_keys_key", "claim_keys", ["key"])
    op.create_index("ix_claim_keys_attribution_id", "claim_keys", ["attribution_id"])
    op.create_table(
        "claim_terms",
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name="pk_claim_terms"),
    )
    op.create_table(
        "article_copies",
        _fk("article_id", "articles.id", "article_copies", type_=sa.Text()),
        sa.Column("origin_id", sa.Text()),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_article_copies"),
    )
    op.create_index("ix_article_copies_origin_id", "article_copies", ["origin_id"])
    op.create_table(
        "article_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        _fk("article_id", "articles.id", "article_keys", type_=sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_article_keys"),
    )
    op.create_index("ix_article_keys_key", "article_keys", ["key"])
    op.create_index("ix_article_keys_article_id", "article_keys", ["article_id"])


def downgrade() -> None:
    """Drop the claim cluster tables."""
    for table in ("article_keys", "article_copies", "claim_terms", "claim_keys", "claim_members", "claim_clusters"):
        op.drop_table(table)
