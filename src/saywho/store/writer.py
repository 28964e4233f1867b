"""Turning one (Article, Result) pair into rows, inside the caller's transaction.

Corpus-wide rows (outlets, entities, speakers) are fetched or created with
``INSERT ... ON CONFLICT DO NOTHING`` on their unique key, so that two writers that meet the
same new speaker both end up on one row instead of failing.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..articles import Article as InputArticle
from ..records import Attribution as AttributionRecord
from ..records import Result
from . import models as m
from .keys import canonical_outlet, entity_key, parse_date, speaker_key

META_FIELDS = ("title", "url", "outlet", "published", "byline")


def _spans(spans: Any) -> list[list[int]]:
    return [[int(start), int(end)] for start, end in spans or []]


class CorpusRows:
    """Get-or-create of outlets, entities and speakers by key, cached for one batch."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        self._cache: dict[tuple, int] = {}

    def _upsert(self, model: type[m.Base], unique: dict[str, Any], values: dict[str, Any]) -> int:
        cache_key = (model.__tablename__, *unique.values())
        if cache_key in self._cache:
            return self._cache[cache_key]
        insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(self.dialect)
        if insert is None:
            found = self.session.scalar(select(model.id).filter_by(**unique))
            if found is None:
                row = model(**unique, **values)
                self.session.add(row)
                self.session.flush()
                found = row.id
        else:
            stmt = insert(model).values(**unique, **values).on_conflict_do_nothing(index_elements=list(unique))
            self.session.execute(stmt)
            found = self.session.scalar(select(model.id).filter_by(**unique))
        self._cache[cache_key] = found
        return found

    def outlet(self, name: str | None) -> int | None:
        if not name or not name.strip():
            return None
        key, display = canonical_outlet(name)
        return self._upsert(m.Outlet, {"key": key}, {"name": display}) if key else None

    def entity(self, kind: str, name: str, article_id: str) -> int:
        key = entity_key(name, kind, article_id)
        return self._upsert(m.Entity, {"kind": kind, "key": key}, {"name": name})

    def speaker(self, key: str, name: str, kind: str | None, entity_id: int | None) -> int:
        return self._upsert(m.Speaker, {"key": key}, {"name": name, "kind": kind, "entity_id": entity_id})


def article_meta(article: InputArticle, result: Result) -> dict[str, Any]:
    """Title, url, outlet, published and byline: the Article's, else what the Result carried."""
    return {name: getattr(article, name, None) or result.meta.get(name) for name in META_FIELDS}


def write_article(session: Session, rows: CorpusRows, article_id: str, content_hash: str,
                  article: InputArticle, result: Result) -> None:
    """Add the article and every record of its result to ``session`` (flushed, not committed)."""
    meta = article_meta(article, result)
    published = parse_date(meta["published"])
    row = m.Article(
        id=article_id, content_hash=content_hash, text=article.text, title=meta["title"], url=meta["url"],
        outlet_name=meta["outlet"], outlet_id=rows.outlet(meta["outlet"]), published=published,
        published_text=meta["published"], byline=meta["byline"], extra=dict(article.extra or {}),
        ingested_at=datetime.now(timezone.utc),
    )
    session.add(row)
    session.flush()
    entity_ids = _write_entities(session, rows, article_id, result)
    quantities = _write_quantities(session, article_id, result)
    _write_attributions(session, rows, article_id, published, result, entity_ids, quantities)
    session.flush()


def _write_entities(session: Session, rows: CorpusRows, article_id: str, result: Result) -> dict[str, int]:
    """Entity mentions of the article; returns local id -> canonical entity id."""
    ids: dict[str, int] = {}
    for position, entity in enumerate(result.entities):
        canonical = rows.entity(entity.kind, entity.name, article_id)
        ids[entity.id] = canonical
        session.add(m.EntityMention(article_id=article_id, entity_id=canonical, local_id=entity.id,
                                    position=position, kind=entity.kind, name=entity.name,
                                    aliases=list(entity.aliases), spans=_spans(entity.mentions)))
    return ids


def _write_quantities(session: Session, article_id: str, result: Result) -> dict[str, m.Quantity]:
    quantities: dict[str, m.Quantity] = {}
    for position, q in enumerate(result.quantities):
        row = m.Quantity(article_id=article_id, local_id=q.id, position=position, text=q.text, low=q.low,
                         high=q.high, low_inclusive=q.low_inclusive, high_inclusive=q.high_inclusive,
                         unit=q.unit, referent=q.referent, hedge=q.hedge, spans=_spans(q.spans))
        session.add(row)
        quantities[q.id] = row
    return quantities


def _write_attributions(session: Session, rows: CorpusRows, article_id: str, published, result: Result,
                        entity_ids: dict[str, int], quantities: dict[str, m.Quantity]) -> None:
    by_local: dict[str, m.Attribution] = {}
    speakers_seen: set[int] = set()
    roles_seen: set[tuple] = set()
    for position, record in enumerate(result.attributions):
        row = _attribution_row(article_id, position, record)
        row.via = [_via_row(rows, i, link) for i, link in enumerate(record.via)]
        row.quantity_links = [m.AttributionQuantity(quantity=quantities[q], position=i)
                              for i, q in enumerate(record.quantities) if q in quantities]
        speaker_id = _speaker(rows, article_id, record, result, entity_ids)
        row.speaker_id = speaker_id
        if speaker_id is not None:
            _speaker_mention(session, article_id, speaker_id, record, result, speakers_seen)
            _speaker_role(session, article_id, speaker_id, record, published, roles_seen)
        session.add(row)
        by_local[record.id] = row
    for record in result.attributions:
        if record.parent and record.parent in by_local and record.parent != record.id:
            by_local[record.id].parent = by_local[record.parent]


def _attribution_row(article_id: str, position: int, a: AttributionRecord) -> m.Attribution:
    speaker = a.speaker
    return m.Attribution(
        article_id=article_id, local_id=a.id, position=position, type=a.type, method=a.method,
        confidence=float(a.confidence), content_text=a.content.text, content_spans=_spans(a.content.spans),
        cue_text=a.cue.text if a.cue else None, cue_spans=_spans(a.cue.spans) if a.cue else None,
        source_text=a.source.text if a.source else None,
        source_spans=_spans(a.source.spans) if a.source else None,
        speaker_name=speaker.name if speaker else None, speaker_entity=speaker.entity if speaker else None,
        role=speaker.role if speaker else None, affiliation=speaker.affiliation if speaker else None,
        parent_local_id=a.parent,
    )


def _via_row(rows: CorpusRows, position: int, link) -> m.ViaLink:
    return m.ViaLink(position=position, name=link.name, cue=link.cue, spans=_spans(link.spans),
                     entity_local_id=link.entity, outlet_id=rows.outlet(link.name))


def _speaker(rows: CorpusRows, article_id: str, record: AttributionRecord, result: Result,
             entity_ids: dict[str, int]) -> int | None:
    """The corpus speaker of ``record``, created on first sight; None for unresolved pronouns."""
    speaker = record.speaker
    if speaker is None:
        return None
    entity = result.entity(speaker.entity) if speaker.entity else None
    kind = entity.kind if entity else None
    key = speaker_key(speaker.name, kind, article_id)
    if key is None:
        return None
    canonical_entity = entity_ids.get(entity.id) if entity else None
    return rows.speaker(key, speaker.name, kind, canonical_entity)


def _speaker_mention(session: Session, article_id: str, speaker_id: int, record: AttributionRecord,
                     result: Result, seen: set[int]) -> None:
    if speaker_id in seen:
        return
    seen.add(speaker_id)
    entity = result.entity(record.speaker.entity) if record.speaker.entity else None
    spans = entity.mentions if entity else (record.source.spans if record.source else [])
    session.add(m.SpeakerMention(speaker_id=speaker_id, article_id=article_id, name=record.speaker.name,
                                 entity_local_id=entity.id if entity else None, spans=_spans(spans)))


def _speaker_role(session: Session, article_id: str, speaker_id: int, record: AttributionRecord,
                  published, seen: set[tuple]) -> None:
    role, affiliation = record.speaker.role, record.speaker.affiliation
    if not role and not affiliation or (speaker_id, role, affiliation) in seen:
        return
    seen.add((speaker_id, role, affiliation))
    session.add(m.SpeakerRole(speaker_id=speaker_id, article_id=article_id, role=role,
                              affiliation=affiliation, published=published))
