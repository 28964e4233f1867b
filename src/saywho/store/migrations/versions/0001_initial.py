"""The claims store's first schema: articles, attributions, speakers, entities, outlets, quantities.

Revision ID: 0001
Revises:
Create Date: 2026-11-27

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from saywho.store import fts

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _fk(column: str, target: str, table: str, *, nullable: bool = False, cascade: bool = False,
        type_: sa.types.TypeEngine | None = None) -> sa.Column:
    ref = target.split(".")[0]
    return sa.Column(column, type_ or sa.Integer(),
                     sa.ForeignKey(target, name=f"fk_{table}_{column}_{ref}", ondelete="CASCADE" if cascade else None),
                     nullable=nullable)


def _index(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    """Create every table, index and the dialect's full-text index."""
    op.create_table(
        "outlets", _id(),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_outlets"),
        sa.UniqueConstraint("key", name="uq_outlets_key"),
    )
    op.create_table(
        "entities", _id(),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_entities"),
        sa.UniqueConstraint("kind", "key", name="uq_entities_kind_key"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("outlet_name", sa.Text()),
        _fk("outlet_id", "outlets.id", "articles", nullable=True),
        sa.Column("published", sa.Date()),
        sa.Column("published_text", sa.Text()),
        sa.Column("byline", sa.Text()),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("content_hash", name="uq_articles_content_hash"),
    )
    _index("articles", "outlet_id", "published")
    op.create_table(
        "speakers", _id(),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text()),
        _fk("entity_id", "entities.id", "speakers", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_speakers"),
        sa.UniqueConstraint("key", name="uq_speakers_key"),
    )
    _index("speakers", "name", "entity_id")
    op.create_table(
        "attributions", _id(),
        _fk("article_id", "articles.id", "attributions", cascade=True, type_=sa.Text()),
        sa.Column("local_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("content_text", sa.Text(), nullable=False),
        sa.Column("content_spans", sa.JSON(), nullable=False),
        sa.Column("cue_text", sa.Text()),
        sa.Column("cue_spans", sa.JSON()),
        sa.Column("source_text", sa.Text()),
        sa.Column("source_spans", sa.JSON()),
        sa.Column("speaker_name", sa.Text()),
        sa.Column("speaker_entity", sa.Text()),
        sa.Column("role", sa.Text()),
        sa.Column("affiliation", sa.Text()),
        _fk("speaker_id", "speakers.id", "attributions", nullable=True),
        sa.Column("parent_local_id", sa.Text()),
        _fk("parent_id", "attributions.id", "attributions", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_attributions"),
    )
    _index("attributions", "article_id", "type", "speaker_id", "parent_id")
    op.create_table(
        "entity_mentions", _id(),
        _fk("article_id", "articles.id", "entity_mentions", cascade=True, type_=sa.Text()),
        _fk("entity_id", "entities.id", "entity_mentions"),
        sa.Column("local_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_entity_mentions"),
        sa.UniqueConstraint("article_id", "local_id", name="uq_entity_mentions_article_local"),
    )
    _index("entity_mentions", "article_id", "entity_id")
    op.create_table(
        "speaker_mentions", _id(),
        _fk("speaker_id", "speakers.id", "speaker_mentions"),
        _fk("article_id", "articles.id", "speaker_mentions", cascade=True, type_=sa.Text()),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("entity_local_id", sa.Text()),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_speaker_mentions"),
        sa.UniqueConstraint("speaker_id", "article_id", name="uq_speaker_mentions_speaker_article"),
    )
    _index("speaker_mentions", "speaker_id", "article_id")
    op.create_table(
        "speaker_roles", _id(),
        _fk("speaker_id", "speakers.id", "speaker_roles"),
        _fk("article_id", "articles.id", "speaker_roles", cascade=True, type_=sa.Text()),
        sa.Column("role", sa.Text()),
        sa.Column("affiliation", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.PrimaryKeyConstraint("id", name="pk_speaker_roles"),
    )
    _index("speaker_roles", "speaker_id", "article_id")
    op.create_table(
        "via_links", _id(),
        _fk("attribution_id", "attributions.id", "via_links", cascade=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("cue", sa.Text(), nullable=False),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.Column("entity_local_id", sa.Text()),
        _fk("outlet_id", "outlets.id", "via_links", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_via_links"),
    )
    _index("via_links", "attribution_id", "outlet_id")
    op.create_table(
        "quantities", _id(),
        _fk("article_id", "articles.id", "quantities", cascade=True, type_=sa.Text()),
        sa.Column("local_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("low", sa.Float()),
        sa.Column("high", sa.Float()),
        sa.Column("low_inclusive", sa.Boolean(), nullable=False),
        sa.Column("high_inclusive", sa.Boolean(), nullable=False),
        sa.Column("unit", sa.Text()),
        sa.Column("referent", sa.Text()),
        sa.Column("hedge", sa.Text()),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quantities"),
        sa.UniqueConstraint("article_id", "local_id", name="uq_quantities_article_local"),
    )
    _index("quantities", "article_id")
    op.create_table(
        "attribution_quantities",
        _fk("attribution_id", "attributions.id", "attribution_quantities", cascade=True),
        _fk("quantity_id", "quantities.id", "attribution_quantities", cascade=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("attribution_id", "quantity_id", name="pk_attribution_quantities"),
    )
    fts.create(op.get_bind())


def downgrade() -> None:
    """Drop everything ``upgrade`` made."""
    fts.drop(op.get_bind())
    for table in ("attribution_quantities", "quantities", "via_links", "speaker_roles", "speaker_mentions",
                  "entity_mentions", "attributions", "speakers", "articles", "entities", "outlets"):
        op.drop_table(table)
