"""Writing a batch of (Article, Result) pairs as rows, inside the caller's transaction.

The batch is written table by table with multi-row statements (a dozen round trips per batch,
not a dozen per record); with ``bulk=True`` (``saywho load``) by the database's bulk path instead
(``saywho.store.copy``: PostgreSQL COPY, SQLite executemany), from the very same rows. Corpus-wide rows (outlets, entities, speakers) are created with
``INSERT ... ON CONFLICT DO NOTHING`` on their unique key and then read back, so a name seen
before, or by another writer, lands on the row that exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from ..articles import Article as InputArticle
from ..records import Attribution as AttributionRecord
from ..records import Result
from . import models as m
from .copy import bulk_insert, bulk_upsert, reserve_ids
from .keys import canonical_outlet, entity_key, parse_date, speaker_key

META_FIELDS = ("title", "url", "outlet", "published", "byline")
_CHUNK = 500


def _spans(spans: Any) -> list[list[int]]:
    return [[int(start), int(end)] for start, end in spans or []]


def article_meta(article: InputArticle, result: Result) -> dict[str, Any]:
    """Title, url, outlet, published and byline: the Article's, else what the Result carried."""
    return {name: getattr(article, name, None) or result.meta.get(name) for name in META_FIELDS}


@dataclass
class _NewArticle:
    id: str
    digest: str
    article: InputArticle
    result: Result
    meta: dict[str, Any] = field(default_factory=dict)
    published: date | None = None
    # Each attribution's corpus speaker (``_speaker_of``) by local id, worked out once.
    speakers: dict[str, tuple[str, str, str | None, tuple | None] | None] = field(default_factory=dict)
    # Each entity's (kind, corpus key) by position, and the position of each local id (the first
    # entity of an id, as ``Result.entity``): keys are computed once an entity, not once a use.
    entity_keys: list[tuple[str, str]] = field(default_factory=list)
    entity_index: dict[str, int] = field(default_factory=dict)

    def entity(self, local_id: str | None) -> tuple[Any, tuple[str, str]] | tuple[None, None]:
        """The entity of ``local_id`` with its (kind, key); (None, None) when there is none."""
        index = self.entity_index.get(local_id) if local_id else None
        return (None, None) if index is None else (self.result.entities[index], self.entity_keys[index])


@dataclass
class Corpus:
    """Keys of the corpus-wide rows a batch needs, then the ids they resolved to."""

    outlets: dict[str, str] = field(default_factory=dict)  # key -> display name
    entities: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> name
    speakers: dict[str, tuple[str, str | None, tuple[str, str] | None]] = field(default_factory=dict)
    outlet_ids: dict[str, int] = field(default_factory=dict)
    entity_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    speaker_ids: dict[str, int] = field(default_factory=dict)

    def outlet(self, name: str | None) -> str | None:
        if not name or not name.strip():
            return None
        key, display = canonical_outlet(name)
        if key:
            self.outlets.setdefault(key, display)
        return key or None


def write_batch(conn: Connection, batch: list[tuple[str, str, InputArticle, Result]], *, bulk: bool = False) -> None:
    """Insert every (article id, content hash, article, result) of ``batch`` with its records.

    ``bulk``: rows go in by COPY / executemany with reserved ids, for large loads.
    """
    articles = [_NewArticle(aid, digest, article, result) for aid, digest, article, result in batch]
    corpus = Corpus()
    for new in articles:
        new.meta = article_meta(new.article, new.result)
        new.published = parse_date(new.meta["published"])
        _collect(new, corpus)
    resolve(conn, corpus, bulk=bulk)
    now = datetime.now(timezone.utc)
    insert_rows, insert_returning = (bulk_insert, _insert_reserved) if bulk else (_insert, _insert_returning)
    insert_rows(conn, m.Article.__table__, [_article_row(new, corpus, now) for new in articles])
    insert_rows(conn, m.EntityMention.__table__, [row for new in articles for row in _mention_rows(new, corpus)])
    quantity_ids = insert_returning(conn, m.Quantity.__table__,
                                    [row for new in articles for row in _quantity_rows(new)])
    attribution_rows = [row for new in articles for row in _attribution_rows(new, corpus)]
    attribution_ids = insert_returning(conn, m.Attribution.__table__, attribution_rows)
    _link(conn, articles, corpus, attribution_ids, quantity_ids, insert_rows)


def _collect(new: _NewArticle, corpus: Corpus) -> None:
    """Note the outlets, entities and speakers ``new`` refers to."""
    corpus.outlet(new.meta["outlet"])
    for position, entity in enumerate(new.result.entities):
        key = (entity.kind, entity_key(entity.name, entity.kind, new.id))
        new.entity_keys.append(key)
        new.entity_index.setdefault(entity.id, position)
        corpus.entities.setdefault(key, entity.name)
    for record in new.result.attributions:
        for link in record.via:
            corpus.outlet(link.name)
        found = new.speakers[record.id] = _speaker_of(new, record)
        if found is not None:
            key, name, kind, entity = found
            corpus.speakers.setdefault(key, (name, kind, entity))


def _speaker_of(new: _NewArticle, record: AttributionRecord) -> tuple[str, str, str | None, tuple | None] | None:
    """(key, name, kind, entity key) of the corpus speaker of ``record``; None for an unresolved pronoun."""
    speaker = record.speaker
    if speaker is None:
        return None
    entity, entity_ref = new.entity(speaker.entity)
    kind = entity.kind if entity else None
    # The entity's canonical name when there is one: "Moscow" said -> Russia (metonymy resolved upstream).
    name = entity.name if entity else speaker.name
    key = speaker_key(name, kind, new.id)
    if key is None:
        return None
    return key, name, kind, entity_ref


def _upsert_insert(conn: Connection, table: Table, index: list[str]):
    dialect = {"postgresql": postgresql, "sqlite": sqlite}[conn.dialect.name]
    return dialect.insert(table).on_conflict_do_nothing(index_elements=index)


def _chunks(items: list) -> Iterable[list]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def resolve(conn: Connection, corpus: Corpus, *, bulk: bool = False) -> None:
    """Create the corpus rows that are missing and read back the ids of all of them.

    ``bulk``: by ``bulk_upsert`` (PostgreSQL: COPY into a scratch table, one merge, one join;
    SQLite: the driver's executemany, one join).
    """
    if bulk and _resolve_bulk(conn, corpus):
        return
    outlets = m.Outlet.__table__
    if corpus.outlets:
        conn.execute(_upsert_insert(conn, outlets, ["key"]), [{"key": k, "name": n} for k, n in corpus.outlets.items()])
        for chunk in _chunks(list(corpus.outlets)):
            corpus.outlet_ids.update(_pairs(conn, select(outlets.c.key, outlets.c.id).where(outlets.c.key.in_(chunk))))
    entities = m.Entity.__table__
    if corpus.entities:
        conn.execute(_upsert_insert(conn, entities, ["kind", "key"]),
                     [{"kind": kind, "key": key, "name": name} for (kind, key), name in corpus.entities.items()])
        for chunk in _chunks(sorted({key for _, key in corpus.entities})):
            for kind, key, eid in conn.execute(select(entities.c.kind, entities.c.key, entities.c.id)
                                               .where(entities.c.key.in_(chunk))):
                if (kind, key) in corpus.entities:
                    corpus.entity_ids[(kind, key)] = eid
    speakers = m.Speaker.__table__
    if corpus.speakers:
        rows = [{"key": key, "name": name, "kind": kind,
                 "entity_id": corpus.entity_ids.get(entity) if entity else None}
                for key, (name, kind, entity) in corpus.speakers.items()]
        conn.execute(_upsert_insert(conn, speakers, ["key"]), rows)
        for chunk in _chunks(list(corpus.speakers)):
            corpus.speaker_ids.update(_pairs(conn, select(speakers.c.key, speakers.c.id)
                                             .where(speakers.c.key.in_(chunk))))


def _resolve_bulk(conn: Connection, corpus: Corpus) -> bool:
    """``resolve`` by ``bulk_upsert``; False (nothing done) where the database has no such path."""
    if (conn.dialect.name, conn.dialect.driver) not in (("postgresql", "psycopg"), ("sqlite", "pysqlite")):
        return False
    outlets = bulk_upsert(conn, m.Outlet.__table__, [{"key": k, "name": n} for k, n in corpus.outlets.items()
                                                     if k not in corpus.outlet_ids], ["key"]) or {}
    corpus.outlet_ids.update((key, row_id) for (key,), row_id in outlets.items())
    entities = bulk_upsert(conn, m.Entity.__table__, [{"kind": kind, "key": key, "name": name}
                                                      for (kind, key), name in corpus.entities.items()],
                           ["kind", "key"]) or {}
    corpus.entity_ids.update(entities)
    rows = [{"key": key, "name": name, "kind": kind, "entity_id": corpus.entity_ids.get(entity) if entity else None}
            for key, (name, kind, entity) in corpus.speakers.items()]
    speakers = bulk_upsert(conn, m.Speaker.__table__, rows, ["key"]) or {}
    corpus.speaker_ids.update((key, row_id) for (key,), row_id in speakers.items())
    return True


def _pairs(conn: Connection, stmt) -> dict[Any, Any]:
    # Not dict.update(result): a Result has .keys() (its column names), so update() misreads it.
    return {key: value for key, value in conn.execute(stmt)}


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _insert_returning(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """Insert ``rows`` and map each (article_id, local_id) to its new primary key."""
    if not rows:
        return {}
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids = [row_id for (row_id,) in conn.execute(stmt, rows)]
    return {(row["article_id"], row["local_id"]): row_id for row, row_id in zip(rows, ids)}


def _insert_reserved(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """``_insert_returning`` by the bulk path: the ids are reserved first and written with the rows."""
    ids = reserve_ids(conn, table, len(rows))
    bulk_insert(conn, table, [{"id": row_id, **row} for row, row_id in zip(rows, ids)])
    return {(row["article_id"], row["local_id"]): row_id for row, row_id in zip(rows, ids)}


def _article_row(new: _NewArticle, corpus: Corpus, now: datetime) -> dict[str, Any]:
    meta = new.meta
    outlet_key = corpus.outlet(meta["outlet"])
    return {"id": new.id, "content_hash": new.digest, "text": new.article.text, "title": meta["title"],
            "url": meta["url"], "outlet_name": meta["outlet"], "outlet_id": corpus.outlet_ids.get(outlet_key),
            "published": new.published, "published_text": meta["published"], "byline": meta["byline"],
            "extra": dict(new.article.extra or {}), "ingested_at": now}


def _mention_rows(new: _NewArticle, corpus: Corpus) -> Iterable[dict[str, Any]]:
    for position, (e, key) in enumerate(zip(new.result.entities, new.entity_keys)):
        yield {"article_id": new.id, "entity_id": corpus.entity_ids[key],
               "local_id": e.id, "position": position, "kind": e.kind, "name": e.name,
               "aliases": list(e.aliases), "spans": _spans(e.mentions)}


def _quantity_rows(new: _NewArticle) -> Iterable[dict[str, Any]]:
    for position, q in enumerate(new.result.quantities):
        yield {"article_id": new.id, "local_id": q.id, "position": position, "text": q.text, "low": q.low,
               "high": q.high, "low_inclusive": q.low_inclusive, "high_inclusive": q.high_inclusive,
               "unit": q.unit, "referent": q.referent, "hedge": q.hedge, "spans": _spans(q.spans)}


def _attribution_rows(new: _NewArticle, corpus: Corpus) -> Iterable[dict[str, Any]]:
    for position, a in enumerate(new.result.attributions):
        speaker = a.speaker
        found = new.speakers[a.id]
        yield {
            "article_id": new.id, "local_id": a.id, "position": position, "type": a.type, "kind": a.kind, "method": a.method,
            "confidence": float(a.confidence), "content_text": a.content.text,
            "content_spans": _spans(a.content.spans), "cue_text": a.cue.text if a.cue else None,
            "cue_spans": _spans(a.cue.spans) if a.cue else None,
            "source_text": a.source.text if a.source else None,
            "source_spans": _spans(a.source.spans) if a.source else None,
            "speaker_name": speaker.name if speaker else None, "speaker_entity": speaker.entity if speaker else None,
            "role": speaker.role if speaker else None, "affiliation": speaker.affiliation if speaker else None,
            "speaker_id": corpus.speaker_ids.get(found[0]) if found else None, "parent_local_id": a.parent,
            "parent_id": None,
        }


def _link(conn: Connection, articles: list[_NewArticle], corpus: Corpus,
          attribution_ids: dict[tuple[str, str], int], quantity_ids: dict[tuple[str, str], int],
          insert_rows: Callable[[Connection, Table, list[dict[str, Any]]], None] = _insert) -> None:
    """Rows that point at attributions: nesting, via links, quantities, speaker mentions and roles."""
    parents, via, quantities, mentions, roles = [], [], [], [], []
    for new in articles:
        seen_speakers: set[int] = set()
        seen_roles: set[tuple] = set()
        for a in new.result.attributions:
            own = attribution_ids[(new.id, a.id)]
            parent = attribution_ids.get((new.id, a.parent)) if a.parent else None
            if parent is not None and parent != own:
                parents.append({"row_id": own, "parent": parent})
            via += [{"attribution_id": own, "position": i, "name": v.name, "cue": v.cue, "spans": _spans(v.spans),
                     "entity_local_id": v.entity, "outlet_id": corpus.outlet_ids.get(corpus.outlet(v.name))}
                    for i, v in enumerate(a.via)]
            quantities += [{"attribution_id": own, "quantity_id": quantity_ids[(new.id, q)], "position": i}
                           for i, q in enumerate(dict.fromkeys(a.quantities)) if (new.id, q) in quantity_ids]
            found = new.speakers[a.id]
            speaker_id = corpus.speaker_ids.get(found[0]) if found else None
            if speaker_id is None:
                continue
            if speaker_id not in seen_speakers:
                seen_speakers.add(speaker_id)
                mentions.append(_speaker_mention(new, a, speaker_id))
            stated = (a.speaker.role, a.speaker.affiliation)
            if any(stated) and (speaker_id, *stated) not in seen_roles:
                seen_roles.add((speaker_id, *stated))
                roles.append({"speaker_id": speaker_id, "article_id": new.id, "role": stated[0],
                              "affiliation": stated[1], "published": new.published})
    table = m.Attribution.__table__
    if parents:
        stmt = update(table).where(table.c.id == bindparam("row_id")).values(parent_id=bindparam("parent"))
        conn.execute(stmt, parents)
    insert_rows(conn, m.ViaLink.__table__, via)
    insert_rows(conn, m.AttributionQuantity.__table__, quantities)
    insert_rows(conn, m.SpeakerMention.__table__, mentions)
    insert_rows(conn, m.SpeakerRole.__table__, roles)


def _speaker_mention(new: _NewArticle, a: AttributionRecord, speaker_id: int) -> dict[str, Any]:
    entity, _ = new.entity(a.speaker.entity)
    spans = entity.mentions if entity else (a.source.spans if a.source else [])
    return {"speaker_id": speaker_id, "article_id": new.id, "name": a.speaker.name,
            "entity_local_id": entity.id if entity else None, "spans": _spans(spans)}
