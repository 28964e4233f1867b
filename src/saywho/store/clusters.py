"""Keeping claim clusters and article copies current in the store (the ``saywho.claims`` stage).

``update(conn)`` takes every article not yet checked for copies and every attribution not yet in a
cluster, oldest first, and files them: an article copying an earlier one gets ``article_copies``
(its origin), an attribution joins the cluster of its most similar earlier member (LSH keys in
``claim_keys``) or founds one. Only the clusters that gained members are summarized again. So an
ingest batch costs what it adds, not what the store holds, and a run killed half-way is finished
by the next update. ``rebuild(conn)`` empties the tables and files everything again.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam, delete, func, insert, literal, or_, select
from sqlalchemy import update as sql_update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from ..claims.cluster import ClaimItem, Clusterer, ClusterSettings, representative
from ..claims.entities import content_entities
from ..claims.figures import Figure, unit_class
from ..claims.origins import CopyFinder, Member, summarize
from ..claims.text import shingles
from ..lexicon import load_settings
from . import models as m
from .keys import is_pronoun, known_outlet

_CHUNK = 500
_ARRAY_CHUNK = 20_000
_BATCH = 4000  # attributions filed per round of key look-ups
_SUMMARY_CHUNK = 2000  # clusters summarized per round

# progress(stage, done, total): "copies" (articles checked), "claims" (attributions filed) and
# "summaries" (clusters summarized again), each called as its stage starts and as it moves on.
Progress = Callable[[str, int, int], None]


@dataclass
class ClaimUpdate:
    """What one update did."""

    articles: int = 0
    copies: int = 0
    attributions: int = 0
    clusters_touched: int = 0
    seconds: float = 0.0
    touched: set[int] = field(default_factory=set, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "copies": self.copies, "attributions": self.attributions,
                "clusters_touched": self.clusters_touched, "seconds": round(self.seconds, 3)}


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _among(conn: Connection, column: ColumnElement, values: list) -> Iterator[ColumnElement]:
    """Conditions that together say ``column IN values``, one a statement: on PostgreSQL one array
    parameter for up to ``_ARRAY_CHUNK`` values (``= ANY``; a statement of hundreds of placeholders
    costs the driver milliseconds to parse, and an update looks up hundreds of thousands of keys),
    elsewhere IN lists of ``_CHUNK``."""
    if conn.dialect.name == "postgresql":
        for chunk in _chunks(values, _ARRAY_CHUNK):
            yield column == any_(bindparam(None, chunk, type_=postgresql.ARRAY(column.type)))
        return
    for chunk in _chunks(values):
        yield column.in_(chunk)


def update(conn: Connection, settings: ClusterSettings | None = None, progress: Progress | None = None) -> ClaimUpdate:
    """File every unchecked article and unclustered attribution; summarize the clusters that changed."""
    started = time.perf_counter()
    result = ClaimUpdate()
    report = progress or _quiet
    _update_copies(conn, result, report)
    _update_clusters(conn, settings or ClusterSettings.defaults(), result, report)
    refresh(conn, sorted(result.touched), report)
    result.clusters_touched = len(result.touched)
    result.seconds = time.perf_counter() - started
    return result


def rebuild(conn: Connection, settings: ClusterSettings | None = None, progress: Progress | None = None) -> ClaimUpdate:
    """Forget every cluster and copy link and file the whole store again."""
    for model in (m.ClaimKey, m.ClaimTerm, m.ClaimMember, m.ClaimCluster, m.ArticleKey, m.ArticleCopy):
        conn.execute(delete(model.__table__))
    return update(conn, settings, progress)


def _quiet(stage: str, done: int, total: int) -> None:
    """No progress to report."""


# -- copies of one story ---------------------------------------------------------------------------


def _update_copies(conn: Connection, result: ClaimUpdate, report: Progress) -> None:
    """Link each new article to the article it copies: the store's syndication link (``origin_hash``,
    from the batch job) where there is one, else a near-duplicate found here (``CopyFinder``)."""
    a, c = m.Article.__table__, m.ArticleCopy.__table__
    pending = list(conn.execute(
        select(a.c.id, a.c.text, a.c.origin_hash).outerjoin(c, c.c.article_id == a.c.id)
        .where(c.c.article_id.is_(None)).order_by(a.c.published.asc().nulls_last(), a.c.id)))
    report("copies", 0, len(pending))
    if pending:
        finder = CopyFinder(threshold=float(load_settings().get("claims", {}).get("copy_threshold", 0.5)))
        computed = {article_id: finder.keys(text) for article_id, text, _ in pending}
        linked = _syndicated(conn, {row[2] for row in pending if row[2]})
        _remember_articles(conn, finder, {key for _, keys in computed.values() for key in keys})
        copies, keys = [], []
        for article_id, _, origin_hash in pending:
            found, article_keys = computed[article_id]
            if origin_hash:
                origin, score = linked[origin_hash], 1.0
                finder.remember(article_id, found, article_keys, origin)
            else:
                origin, score = finder.add_computed(article_id, found, article_keys)
            copies.append({"article_id": article_id, "origin_id": origin, "similarity": score})
            keys += [{"key": key, "article_id": article_id} for key in article_keys]
            result.copies += origin is not None
        _insert(conn, c, copies)
        _insert(conn, m.ArticleKey.__table__, keys)
        result.articles = len(pending)
        report("copies", len(pending), len(pending))
    _relink(conn, result)


def _syndicated(conn: Connection, origin_hashes: set[str]) -> dict[str, str]:
    """Origin content hash -> the stored article's id, or ``hash:<digest>`` while the origin is not
    stored (its copies still share one origin)."""
    a = m.Article.__table__
    found = {digest: f"hash:{digest}" for digest in origin_hashes}
    for among in _among(conn, a.c.content_hash, sorted(origin_hashes)):
        found.update(conn.execute(select(a.c.content_hash, a.c.id).where(among)).all())
    return found


def _relink(conn: Connection, result: ClaimUpdate) -> None:
    """Follow syndication links set after an article was filed (a later batch job run, or the origin
    stored after its copies): their copy links change and their clusters are summarized again."""
    a, o, c = m.Article.__table__, m.Article.__table__.alias("origin"), m.ArticleCopy.__table__
    wanted = func.coalesce(o.c.id, literal("hash:") + a.c.origin_hash)
    stale = list(conn.execute(
        select(a.c.id, wanted).join(c, c.c.article_id == a.c.id).outerjoin(o, o.c.content_hash == a.c.origin_hash)
        .where(a.c.origin_hash.is_not(None), or_(c.c.origin_id.is_(None), c.c.origin_id != wanted))))
    if not stale:
        return
    conn.execute(sql_update(c).where(c.c.article_id == bindparam("row_id"))
                 .values(origin_id=bindparam("origin"), similarity=1.0),
                 [{"row_id": article_id, "origin": origin} for article_id, origin in stale])
    att, cm = m.Attribution.__table__, m.ClaimMember.__table__
    for among in _among(conn, att.c.article_id, [article_id for article_id, _ in stale]):
        result.touched.update(conn.scalars(select(cm.c.cluster_id).join(att, att.c.id == cm.c.attribution_id)
                                           .where(among).distinct()))
    result.copies += len(stale)


def _remember_articles(conn: Connection, finder: CopyFinder, keys: set[int]) -> None:
    """Load the stored articles that share a key with the new ones (their shingles from their text)."""
    k, a, c = m.ArticleKey.__table__, m.Article.__table__, m.ArticleCopy.__table__
    found: dict[str, set[int]] = defaultdict(set)
    for among in _among(conn, k.c.key, sorted(keys)):
        for key, article_id in conn.execute(select(k.c.key, k.c.article_id).where(among)).all():
            found[article_id].add(key)
    for among in _among(conn, a.c.id, sorted(found)):
        stmt = select(a.c.id, a.c.text, c.c.origin_id).join(c, c.c.article_id == a.c.id).where(among)
        for article_id, text, origin in conn.execute(stmt).all():
            finder.remember(article_id, frozenset(shingles(text)), found[article_id], origin)


# -- clusters ----------------------------------------------------------------------------------------


def _update_clusters(conn: Connection, settings: ClusterSettings, result: ClaimUpdate, report: Progress) -> None:
    a, art, cm = m.Attribution.__table__, m.Article.__table__, m.ClaimMember.__table__
    stored_before = conn.execute(select(cm.c.attribution_id).limit(1)).first() is not None
    pending = list(conn.execute(
        select(a.c.id, a.c.article_id, a.c.content_text, a.c.content_spans)
        .join(art, art.c.id == a.c.article_id).outerjoin(cm, cm.c.attribution_id == a.c.id)
        .where(cm.c.attribution_id.is_(None))
        .order_by(art.c.published.asc().nulls_last(), a.c.article_id, a.c.position)))
    clusterer = Clusterer(settings)
    filed = conn.scalar(select(func.count()).select_from(cm)) or 0
    looked_up: set[int] = set()  # keys whose stored members are in the clusterer already
    report("claims", 0, len(pending))
    for batch in _chunks(pending, _BATCH):
        items = _items(conn, batch)
        if settings.embeddings:
            from ..claims.embed import attach

            attach(items, adapter=settings.adapter)
        keys = {item.id: clusterer.keys(item) for item in items}
        if stored_before:
            # The weights of the candidates' features too: a rebuild weighs them by their counts.
            batch_keys = {key for ks in keys.values() for key in ks}
            loaded = _remember_members(conn, clusterer, batch_keys - looked_up)
            looked_up |= batch_keys
            clusterer.count(_document_frequencies(conn, loaded | {f for item in items for f in item.features}), filed)
        clusters, members, key_rows = [], [], []
        now = datetime.now(timezone.utc)
        for item in items:
            done = clusterer.add(item, keys[item.id])
            if done.cluster_id == item.id:
                clusters.append({"id": item.id, "representative_id": item.id, "representative": item.text,
                                 "size": 1, "articles": 1, "origins": 1, "speakers": 0, "first_published": None,
                                 "last_published": None, "updated_at": now})
            members.append({"attribution_id": item.id, "cluster_id": done.cluster_id, "matched_id": done.matched,
                            "similarity": done.similarity, "features": sorted(done.features),
                            "vector": _vector_bytes(item.vector)})
            key_rows += [{"key": key, "attribution_id": item.id} for key in done.keys]
            result.touched.add(done.cluster_id)
        _insert(conn, m.ClaimCluster.__table__, clusters)
        _insert(conn, cm, members)
        _insert(conn, m.ClaimKey.__table__, key_rows)
        _add_frequencies(conn, items)
        result.attributions += len(items)
        report("claims", result.attributions, len(pending))


def _vector_bytes(vector: Any) -> bytes | None:
    import numpy as np

    return None if vector is None else np.asarray(vector, dtype="<f4").tobytes()


def _vector(data: bytes | None) -> Any:
    import numpy as np

    return None if data is None else np.frombuffer(data, dtype="<f4")


def _document_frequencies(conn: Connection, features: set[str]) -> dict[str, int]:
    t = m.ClaimTerm.__table__
    found: dict[str, int] = {}
    for among in _among(conn, t.c.term, sorted(features)):
        found.update(conn.execute(select(t.c.term, t.c.df).where(among)).all())
    return found


def _add_frequencies(conn: Connection, items: list[ClaimItem]) -> None:
    """Add the batch's features to the stored document frequencies (one upsert per chunk)."""
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        for feature in item.features:
            counts[feature] += 1
    table = m.ClaimTerm.__table__
    dialect = {"postgresql": postgresql, "sqlite": sqlite}[conn.dialect.name]
    for chunk in _chunks(sorted(counts), 1000):
        stmt = dialect.insert(table)
        stmt = stmt.on_conflict_do_update(index_elements=["term"], set_={"df": table.c.df + stmt.excluded.df})
        conn.execute(stmt, [{"term": term, "df": counts[term]} for term in chunk])


def _items(conn: Connection, rows: list) -> list[ClaimItem]:
    """ClaimItems for (id, article id, content, spans) rows: the entities and figure units they carry."""
    mentions = _mentions(conn, sorted({row[1] for row in rows}))
    units: dict[int, list[str]] = defaultdict(list)
    aq, q = m.AttributionQuantity.__table__, m.Quantity.__table__
    for among in _among(conn, aq.c.attribution_id, [row[0] for row in rows]):
        for attribution_id, unit in conn.execute(select(aq.c.attribution_id, q.c.unit)
                                                 .join(q, q.c.id == aq.c.quantity_id).where(among)).all():
            units[attribution_id].append(unit_class(Figure(0, "", None, None, unit=unit)))
    return [ClaimItem(attribution_id, text, content_entities(spans, mentions.get(article_id, ())),
                      tuple(sorted(set(units[attribution_id]))))
            for attribution_id, article_id, text, spans in rows]


def _mentions(conn: Connection, article_ids: list[str]) -> dict[str, list[tuple[str, str, list[str], list]]]:
    em, e = m.EntityMention.__table__, m.Entity.__table__
    found: dict[str, list] = defaultdict(list)
    for among in _among(conn, em.c.article_id, article_ids):
        stmt = (select(em.c.article_id, e.c.name, em.c.name, em.c.aliases, em.c.spans)
                .join(e, e.c.id == em.c.entity_id).where(among))
        for article_id, canonical, name, aliases, spans in conn.execute(stmt).all():
            found[article_id].append((canonical, name, aliases or [], spans or []))
    return found


def _remember_members(conn: Connection, clusterer: Clusterer, keys: set[int]) -> set[str]:
    """Load stored members that share an open LSH bucket with the new items; close the full buckets.
    Returns the features of the members loaded.

    ``keys`` are those not looked up earlier in this update: for a key looked up already, the
    clusterer holds every member the store has under it (those stored before, and those this
    update filed, which it stored under the same keys), and knows whether it is closed. A member
    the clusterer knows (through another key) only gains the new keys, unread: its features were
    counted when it was first read."""
    k, cm = m.ClaimKey.__table__, m.ClaimMember.__table__
    full = clusterer.settings.max_bucket
    open_keys = []
    for among in _among(conn, k.c.key, sorted(keys)):
        for key, stored in conn.execute(select(k.c.key, func.count()).where(among).group_by(k.c.key)).all():
            if stored >= full:
                clusterer.close(key)
            else:
                open_keys.append(key)
    hits: dict[int, set[int]] = defaultdict(set)
    loaded: set[str] = set()
    for among in _among(conn, k.c.key, open_keys):
        for key, attribution_id in conn.execute(select(k.c.key, k.c.attribution_id).where(among)).all():
            hits[attribution_id].add(key)
    for attribution_id in [found for found in hits if clusterer.knows(found)]:
        clusterer.extend(attribution_id, sorted(hits.pop(attribution_id)))
    columns = [cm.c.attribution_id, cm.c.cluster_id, cm.c.features]
    columns.append(cm.c.vector if clusterer.settings.embeddings else literal(None))
    for among in _among(conn, cm.c.attribution_id, sorted(hits)):
        for attribution_id, cluster_id, features, vector in conn.execute(select(*columns).where(among)).all():
            clusterer.remember(attribution_id, cluster_id, frozenset(features), sorted(hits[attribution_id]),
                               _vector(vector))
            loaded.update(features)
    return loaded


# -- summaries -----------------------------------------------------------------------------------------


def refresh(conn: Connection, cluster_ids: Iterable[int], report: Progress = _quiet) -> None:
    """Recompute size, origins, speakers, dates and representative wording of ``cluster_ids``."""
    cluster_ids = list(cluster_ids)
    now = datetime.now(timezone.utc)
    rows = []
    report("summaries", 0, len(cluster_ids))
    for done, chunk in enumerate(_chunks(cluster_ids, _SUMMARY_CHUNK), start=1):
        members = load_members(conn, chunk)
        features = _features(conn, chunk)
        for cluster_id in chunk:
            found = members.get(cluster_id, [])
            if not found:
                continue
            summary = summarize(found)
            rep = representative(features[cluster_id]) if features.get(cluster_id) else found[0].attribution_id
            dates = sorted(d for d in (_date(x.published) for x in found) if d)
            rows.append({"row_id": cluster_id, "representative_id": rep,
                         "representative": next(x.text for x in found if x.attribution_id == rep),
                         "size": len(found), "articles": len({x.article_id for x in found}),
                         "origins": summary["independent_origins"], "speakers": len(summary["speakers"]),
                         "first_published": dates[0] if dates else None,
                         "last_published": dates[-1] if dates else None, "updated_at": now})
        report("summaries", min(done * _SUMMARY_CHUNK, len(cluster_ids)), len(cluster_ids))
    if rows:
        table = m.ClaimCluster.__table__
        values = {name: bindparam(name) for name in rows[0] if name != "row_id"}
        conn.execute(sql_update(table).where(table.c.id == bindparam("row_id")).values(**values), rows)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _features(conn: Connection, cluster_ids: list[int]) -> dict[int, dict[int, frozenset[str]]]:
    cm = m.ClaimMember.__table__
    found: dict[int, dict[int, frozenset[str]]] = defaultdict(dict)
    for among in _among(conn, cm.c.cluster_id, cluster_ids):
        for cluster_id, attribution_id, features in conn.execute(
                select(cm.c.cluster_id, cm.c.attribution_id, cm.c.features).where(among)).all():
            found[cluster_id][attribution_id] = frozenset(features)
    return found


def load_members(conn: Connection, cluster_ids: list[int]) -> dict[int, list[Member]]:
    """Every member of ``cluster_ids`` with speaker, role, outlet, via chain, date and copy origin."""
    a, art, cm, s, o, c = (m.Attribution.__table__, m.Article.__table__, m.ClaimMember.__table__,
                           m.Speaker.__table__, m.Outlet.__table__, m.ArticleCopy.__table__)
    stmt = (select(cm.c.cluster_id, cm.c.similarity, a.c.id, a.c.article_id, a.c.content_text, a.c.type,
                   a.c.speaker_name, s.c.name, a.c.role, a.c.affiliation, a.c.parent_id, art.c.published,
                   art.c.published_text, art.c.title, art.c.outlet_name, o.c.key, o.c.name, c.c.origin_id)
            .join(a, a.c.id == cm.c.attribution_id).join(art, art.c.id == a.c.article_id)
            .outerjoin(s, s.c.id == a.c.speaker_id).outerjoin(o, o.c.id == art.c.outlet_id)
            .outerjoin(c, c.c.article_id == a.c.article_id))
    members: dict[int, list[Member]] = defaultdict(list)
    parents: dict[int, int] = {}
    for among in _among(conn, cm.c.cluster_id, list(cluster_ids)):
        for (cluster_id, sim, aid, article_id, text, type_, speaker_name, speaker, role, affiliation, parent,
             published, published_text, title, outlet_name, outlet_key, outlet, origin) in conn.execute(
                stmt.where(among)).all():
            who = speaker or speaker_name
            cited = known_outlet(who)
            members[cluster_id].append(Member(
                attribution_id=aid, article_id=article_id, text=text, type=type_,
                speaker=None if not who or is_pronoun(who) else who, role=role, affiliation=affiliation,
                outlet=outlet or outlet_name, outlet_key=outlet_key,
                published=published.isoformat() if published else published_text, title=title,
                copy_of=origin, similarity=sim, cited_outlet_key=cited[0] if cited else None,
                cited_outlet=cited[1] if cited else None))
            if parent:
                parents[aid] = parent
    everyone = [x for found in members.values() for x in found]
    via = _via(conn, sorted({x.attribution_id for x in everyone} | set(parents.values())))
    origins = _outlets_of(conn, sorted({x.copy_of for x in everyone if x.copy_of}))
    for x in everyone:
        x.via = [name for name, _ in via.get(x.attribution_id, [])]
        x.via_keys = [key for _, key in via.get(x.attribution_id, []) if key]
        if x.attribution_id in parents:
            x.parent_via_keys = [key for _, key in via.get(parents[x.attribution_id], []) if key]
        if x.copy_of:
            x.copy_outlet_key, x.copy_outlet = origins.get(x.copy_of, (None, None))
    for found in members.values():
        found.sort(key=lambda x: (x.published is None, x.published or "", x.attribution_id))
    return members


def _via(conn: Connection, attribution_ids: list[int]) -> dict[int, list[tuple[str, str | None]]]:
    v, o = m.ViaLink.__table__, m.Outlet.__table__
    found: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for among in _among(conn, v.c.attribution_id, attribution_ids):
        stmt = (select(v.c.attribution_id, v.c.name, o.c.name, o.c.key).outerjoin(o, o.c.id == v.c.outlet_id)
                .where(among).order_by(v.c.attribution_id, v.c.position))
        for attribution_id, name, outlet, key in conn.execute(stmt).all():
            found[attribution_id].append((outlet or name, key))
    return found


def _outlets_of(conn: Connection, article_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    art, o = m.Article.__table__, m.Outlet.__table__
    found: dict[str, tuple[str | None, str | None]] = {}
    stmt = select(art.c.id, o.c.key, o.c.name, art.c.outlet_name).outerjoin(o, o.c.id == art.c.outlet_id)
    for among in _among(conn, art.c.id, article_ids):
        for article_id, key, name, written in conn.execute(stmt.where(among)).all():
            found[article_id] = (key, name or written)
    return found


def _insert(conn: Connection, table, rows: list[dict[str, Any]]) -> None:
    for chunk in _chunks(rows, 1000):
        conn.execute(insert(table), chunk)


def counts(conn: Connection) -> dict[str, int]:
    """Clusters, members and copies stored."""
    return {"clusters": conn.scalar(select(func.count()).select_from(m.ClaimCluster.__table__)) or 0,
            "members": conn.scalar(select(func.count()).select_from(m.ClaimMember.__table__)) or 0,
            "copies": conn.scalar(select(func.count()).select_from(m.ArticleCopy.__table__)
                                  .where(m.ArticleCopy.__table__.c.origin_id.is_not(None))) or 0}
