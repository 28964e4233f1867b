"""The claims store's tables, as SQLAlchemy 2 declarative models.

Per-article rows keep the extractor's local ids ("a1", "e3", "q1") and their order, so that
``Store.article_result`` gives back the very ``Result`` that was stored. Corpus-wide rows
(speakers, entities, outlets) carry a ``key``: the normalized name they are merged on
(``saywho.store.keys``). The schema itself is created by the Alembic migrations in
``saywho/store/migrations``; a test checks that the two agree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (JSON, BigInteger, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Fixed constraint names, so that migrations can name what they alter on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _sparse_index(table: str, column: str) -> Index:
    """An index over the rows where ``column`` is set (migration 0008): a column empty on nearly
    every row is looked up only by a value, and an entry per empty row costs every insert."""
    where = text(f"{column} IS NOT NULL")
    return Index(f"ix_{table}_{column}", column, postgresql_where=where, sqlite_where=where)


class Base(DeclarativeBase):
    """Declarative base of every saywho table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Outlet(Base):
    """A news outlet or agency, canonical across the corpus (``outlets_en.tsv`` aliases folded in)."""

    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)


class Article(Base):
    """One stored article: its text exactly as received (spans index into it) and what is known about it."""

    __tablename__ = "articles"
    __table_args__ = (_sparse_index("articles", "origin_hash"),)

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    outlet_name: Mapped[str | None] = mapped_column(Text)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    published_text: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A syndicated copy (one wire story reprinted by many outlets) points at its origin's content
    # hash; None for an origin or an article with no near-duplicate (saywho.batch.syndication).
    # Indexed where set only (``_sparse_index``).
    origin_hash: Mapped[str | None] = mapped_column(String(64))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    outlet: Mapped[Outlet | None] = relationship()
    attributions: Mapped[list[Attribution]] = relationship(
        back_populates="article", order_by="Attribution.position", foreign_keys="Attribution.article_id"
    )
    entity_mentions: Mapped[list[EntityMention]] = relationship(order_by="EntityMention.position")
    quantities: Mapped[list[Quantity]] = relationship(order_by="Quantity.position")


class Entity(Base):
    """A canonical entity across the corpus, merged on (kind, normalized name)."""

    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("kind", "key", name="uq_entities_kind_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)


class EntityMention(Base):
    """An article's entity (its local id, name, aliases and every mention span) linked to the canonical one."""

    __tablename__ = "entity_mentions"
    __table_args__ = (UniqueConstraint("article_id", "local_id", name="uq_entity_mentions_article_local"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No index of its own: look-ups by article go through the unique (article_id, local_id) index.
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    local_id: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    spans: Mapped[list[list[int]]] = mapped_column(JSON, default=list)

    entity: Mapped[Entity] = relationship()


class Speaker(Base):
    """One speaker across the corpus: name variants merged conservatively (see ``keys.speaker_key``)."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text, index=True)
    kind: Mapped[str | None] = mapped_column(Text)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)

    entity: Mapped[Entity | None] = relationship()
    roles: Mapped[list[SpeakerRole]] = relationship(back_populates="speaker")


class SpeakerMention(Base):
    """How a speaker appears in one article: the name as written there and its mention spans."""

    __tablename__ = "speaker_mentions"
    __table_args__ = (UniqueConstraint("speaker_id", "article_id", name="uq_speaker_mentions_speaker_article"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No index of its own: look-ups by speaker go through the unique (speaker_id, article_id) index.
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id"))
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    entity_local_id: Mapped[str | None] = mapped_column(Text)
    spans: Mapped[list[list[int]]] = mapped_column(JSON, default=list)


class SpeakerRole(Base):
    """A role and affiliation as stated for a speaker in one article, with that article's date."""

    __tablename__ = "speaker_roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id"), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(Text)
    affiliation: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)

    speaker: Mapped[Speaker] = relationship(back_populates="roles")


class Attribution(Base):
    """One attribution record: every field of the JSON contract, spans as JSON, plus corpus links."""

    __tablename__ = "attributions"
    __table_args__ = (_sparse_index("attributions", "parent_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str | None] = mapped_column(String(20), index=True)
    method: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float)
    content_text: Mapped[str] = mapped_column(Text)
    content_spans: Mapped[list[list[int]]] = mapped_column(JSON)
    cue_text: Mapped[str | None] = mapped_column(Text)
    cue_spans: Mapped[list[list[int]] | None] = mapped_column(JSON)
    source_text: Mapped[str | None] = mapped_column(Text)
    source_spans: Mapped[list[list[int]] | None] = mapped_column(JSON)
    speaker_name: Mapped[str | None] = mapped_column(Text)
    speaker_entity: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    affiliation: Mapped[str | None] = mapped_column(Text)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"), index=True)
    parent_local_id: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("attributions.id"))  # indexed where set

    article: Mapped[Article] = relationship(back_populates="attributions", foreign_keys=[article_id])
    speaker: Mapped[Speaker | None] = relationship()
    parent: Mapped[Attribution | None] = relationship(remote_side=[id])
    via: Mapped[list[ViaLink]] = relationship(order_by="ViaLink.position")
    quantity_links: Mapped[list[AttributionQuantity]] = relationship(order_by="AttributionQuantity.position")


class ViaLink(Base):
    """One link of an attribution's outlet chain ("according to RFE/RL"), tied to the canonical outlet."""

    __tablename__ = "via_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attribution_id: Mapped[int] = mapped_column(ForeignKey("attributions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    cue: Mapped[str] = mapped_column(Text)
    spans: Mapped[list[list[int]]] = mapped_column(JSON)
    entity_local_id: Mapped[str | None] = mapped_column(Text)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)

    outlet: Mapped[Outlet | None] = relationship()


class Quantity(Base):
    """A figure of an article as an interval, with its unit, referent and hedge."""

    __tablename__ = "quantities"
    __table_args__ = (UniqueConstraint("article_id", "local_id", name="uq_quantities_article_local"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No index of its own: look-ups by article go through the unique (article_id, local_id) index.
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    local_id: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    low_inclusive: Mapped[bool] = mapped_column(default=True)
    high_inclusive: Mapped[bool] = mapped_column(default=True)
    unit: Mapped[str | None] = mapped_column(Text)
    referent: Mapped[str | None] = mapped_column(Text)
    hedge: Mapped[str | None] = mapped_column(Text)
    spans: Mapped[list[list[int]]] = mapped_column(JSON)


class AttributionQuantity(Base):
    """Which quantities an attribution's content carries, in the record's order."""

    __tablename__ = "attribution_quantities"

    attribution_id: Mapped[int] = mapped_column(ForeignKey("attributions.id", ondelete="CASCADE"), primary_key=True)
    quantity_id: Mapped[int] = mapped_column(ForeignKey("quantities.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)

    quantity: Mapped[Quantity] = relationship()


class ClaimCluster(Base):
    """Attributions across articles that assert the same thing (``saywho.claims``), with their summary.

    The id is the founding attribution's id: clusters are built oldest first, so it is the earliest
    member, and a rebuild over the same store gives the same ids.
    """

    __tablename__ = "claim_clusters"

    id: Mapped[int] = mapped_column(ForeignKey("attributions.id", ondelete="CASCADE"), primary_key=True,
                                    autoincrement=False)
    representative_id: Mapped[int] = mapped_column(Integer)
    representative: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer, index=True)
    articles: Mapped[int] = mapped_column(Integer)
    origins: Mapped[int] = mapped_column(Integer, index=True)
    speakers: Mapped[int] = mapped_column(Integer)
    first_published: Mapped[date | None] = mapped_column(Date)
    last_published: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ClaimMember(Base):
    """An attribution's place in a claim cluster: the member it matched, how closely, and its features."""

    __tablename__ = "claim_members"

    attribution_id: Mapped[int] = mapped_column(ForeignKey("attributions.id", ondelete="CASCADE"), primary_key=True,
                                                autoincrement=False)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("claim_clusters.id", ondelete="CASCADE"), index=True)
    matched_id: Mapped[int | None] = mapped_column(Integer)
    similarity: Mapped[float] = mapped_column(Float)
    features: Mapped[list[str]] = mapped_column(JSON)
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)  # float32 sentence embedding, when on


class ClaimKey(Base):
    """One MinHash LSH band key of a member's features: members sharing a key are compared."""

    __tablename__ = "claim_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, index=True)
    attribution_id: Mapped[int] = mapped_column(ForeignKey("attributions.id", ondelete="CASCADE"), index=True)


class ArticleCopy(Base):
    """Whether an article copies an earlier one (a syndicated or reprinted story), found by shingle overlap."""

    __tablename__ = "article_copies"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    origin_id: Mapped[str | None] = mapped_column(Text, index=True)
    similarity: Mapped[float] = mapped_column(Float)


class ArticleKey(Base):
    """One MinHash LSH band key of an article's shingles: articles sharing a key are compared."""

    __tablename__ = "article_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)


class ClaimTerm(Base):
    """How many filed contents hold a feature: the document frequency that weighs claim similarity."""

    __tablename__ = "claim_terms"

    term: Mapped[str] = mapped_column(Text, primary_key=True)
    df: Mapped[int] = mapped_column(Integer)
