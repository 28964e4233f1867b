"""Questions to the claims store: who said what about whom, through which outlet, and when.

Three ways in, all returning ``Claim`` records and all taking the same filters:

- ``about(store, "North Korea")``: claims whose content mentions an entity (its stored mentions
  inside the content, or its name or an alias in the content's text);
- ``speaker(store, "Robert Farley")``: claims by one speaker across the corpus;
- ``search(store, "artillery shells")``: full-text search over content ("quoted phrases" allowed).

Filters: ``outlet`` (the article's outlet or one on the via chain, aliases folded), ``date_from``
and ``date_to`` (ISO dates, inclusive), ``type`` (direct, indirect, mixed), ``role`` (a substring of
the speaker's role as stated in that article), ``speaker`` (a name), ``limit`` and ``offset``.
Listings (``speakers``, ``entities``, ``outlets``, ``articles``), profiles and ``network`` serve the
web app and the exports.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import networkx as nx
from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from .errors import InputError
from .store import Store, fts
from .store import models as m
from .store.keys import canonical_outlet, fold, is_pronoun, parse_date, person_tokens

__all__ = [
    "Claim", "about", "articles", "claims", "entities", "entity_profile", "network", "outlets", "search", "speaker",
    "speaker_profile", "speakers",
]

TYPES = ("direct", "indirect", "mixed")
DEFAULT_LIMIT = 50
MAX_LIMIT = 10_000


@dataclass
class Claim:
    """One attribution as a query answer: what was said, by whom (as stated), through whom, where."""

    text: str
    attribution_id: int
    local_id: str
    type: str
    speaker: str | None
    speaker_id: int | None
    role: str | None
    affiliation: str | None
    via: list[str]
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    cue: str | None
    spans: list[list[int]]
    source: str | None = None
    confidence: float = 1.0
    parent: str | None = None
    quantities: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The claim as plain JSON-ready data (field names as the attributes)."""
        return asdict(self)


# -- filters -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The validated filters every claim query takes."""

    outlet: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    type: str | None = None
    role: str | None = None
    speaker: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0


def _filters(outlet: str | None = None, date_from: str | date | None = None, date_to: str | date | None = None,
             type: str | None = None, role: str | None = None, speaker: str | None = None,
             limit: int | None = DEFAULT_LIMIT, offset: int | None = 0) -> Filters:
    if type is not None and type not in TYPES:
        raise InputError(f"type must be one of {', '.join(TYPES)}, not {type!r}")
    limit = DEFAULT_LIMIT if limit is None else limit
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {limit!r}")
    offset = offset or 0
    if not isinstance(offset, int) or offset < 0:
        raise InputError(f"offset must be a whole number, 0 or more, not {offset!r}")
    return Filters(outlet or None, _date(date_from, "date_from"), _date(date_to, "date_to"), type,
                   role or None, speaker or None, limit, offset)


def _date(value: str | date | None, name: str) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    parsed = parse_date(str(value))
    if parsed is None:
        raise InputError(f"{name} must be an ISO date such as 2024-11-02, not {value!r}")
    return parsed


def _named(value: str, what: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"give {what} to look for (got {value!r})")


def _speaker_ids(session: Session, name: str) -> list[int]:
    """Speakers called ``name``: the exact (merged) name when there is one, else a case-insensitive substring."""
    key = " ".join(person_tokens(name))
    exact = list(session.scalars(select(m.Speaker.id).where(or_(m.Speaker.key == key, m.Speaker.key == fold(name)))))
    words = fold(name).split()
    if exact or not words or is_pronoun(name):
        return exact
    # Else every word of ``name`` as a whole word of the speaker's name ("Farley", not "Farleyson").
    candidates = session.execute(select(m.Speaker.id, m.Speaker.name)
                                 .where(func.lower(m.Speaker.name).contains(max(words, key=len), autoescape=True)))
    return [sid for sid, full in candidates if set(words) <= set(fold(full).split())]


def _outlet_ids(session: Session, name: str) -> list[int]:
    key, _ = canonical_outlet(name)
    exact = list(session.scalars(select(m.Outlet.id).where(m.Outlet.key == key)))
    if exact:
        return exact
    return list(session.scalars(select(m.Outlet.id).where(func.lower(m.Outlet.name).contains(key, autoescape=True))))


def _apply(session: Session, stmt: Select, f: Filters) -> Select:
    """``stmt`` (over Attribution joined to Article) narrowed by the filters."""
    if f.outlet:
        ids = _outlet_ids(session, f.outlet)
        via = exists().where(m.ViaLink.attribution_id == m.Attribution.id, m.ViaLink.outlet_id.in_(ids))
        stmt = stmt.where(or_(m.Article.outlet_id.in_(ids), via))
    if f.date_from:
        stmt = stmt.where(m.Article.published >= f.date_from)
    if f.date_to:
        stmt = stmt.where(m.Article.published <= f.date_to)
    if f.type:
        stmt = stmt.where(m.Attribution.type == f.type)
    if f.role:
        pattern = f"%{f.role.lower()}%"
        stated = exists().where(m.SpeakerRole.speaker_id == m.Attribution.speaker_id,
                                m.SpeakerRole.article_id == m.Attribution.article_id,
                                func.lower(m.SpeakerRole.role).like(pattern))
        stmt = stmt.where(or_(func.lower(m.Attribution.role).like(pattern), stated))
    if f.speaker:
        stmt = stmt.where(m.Attribution.speaker_id.in_(_speaker_ids(session, f.speaker)))
    return stmt


def _base() -> Select:
    return select(m.Attribution).join(m.Article, m.Attribution.article_id == m.Article.id).options(
        selectinload(m.Attribution.article).selectinload(m.Article.outlet),
        selectinload(m.Attribution.speaker),
        selectinload(m.Attribution.via).selectinload(m.ViaLink.outlet),
        selectinload(m.Attribution.quantity_links).selectinload(m.AttributionQuantity.quantity),
    )


def _newest_first(stmt: Select) -> Select:
    return stmt.order_by(m.Article.published.desc().nulls_last(), m.Article.id, m.Attribution.position)


def _run(session: Session, stmt: Select, f: Filters) -> list[Claim]:
    rows = list(session.scalars(stmt.limit(f.limit).offset(f.offset)).unique())
    return _claims(session, rows)


# -- claims ----------------------------------------------------------------------------------------


def _claims(session: Session, rows: list[m.Attribution]) -> list[Claim]:
    stated = _stated_roles(session, rows)
    return [_claim(row, stated.get((row.speaker_id, row.article_id))) for row in rows]


def _stated_roles(session: Session, rows: list[m.Attribution]) -> dict[tuple[int, str], m.SpeakerRole]:
    """For records without a role: the role their speaker was given elsewhere in the same article."""
    wanted = {(r.speaker_id, r.article_id) for r in rows if r.speaker_id and not (r.role or r.affiliation)}
    if not wanted:
        return {}
    speaker_ids = {s for s, _ in wanted}
    found: dict[tuple[int, str], m.SpeakerRole] = {}
    for role in session.scalars(select(m.SpeakerRole).where(m.SpeakerRole.speaker_id.in_(speaker_ids))
                                .order_by(m.SpeakerRole.id)):
        found.setdefault((role.speaker_id, role.article_id), role)
    return {k: v for k, v in found.items() if k in wanted}


def _claim(row: m.Attribution, stated: m.SpeakerRole | None) -> Claim:
    article = row.article
    return Claim(
        text=row.content_text, attribution_id=row.id, local_id=row.local_id, type=row.type,
        speaker=row.speaker.name if row.speaker else row.speaker_name, speaker_id=row.speaker_id,
        role=row.role or (stated.role if stated else None),
        affiliation=row.affiliation or (stated.affiliation if stated else None),
        via=[v.outlet.name if v.outlet else v.name for v in row.via],
        article_id=article.id, title=article.title,
        outlet=article.outlet.name if article.outlet else article.outlet_name,
        published=article.published.isoformat() if article.published else article.published_text,
        url=article.url, cue=row.cue_text, spans=[list(s) for s in row.content_spans],
        source=row.source_text, confidence=row.confidence, parent=row.parent_local_id,
        quantities=[_quantity(link.quantity) for link in row.quantity_links],
    )


def _quantity(q: m.Quantity) -> dict[str, Any]:
    return {"text": q.text, "low": q.low, "high": q.high, "unit": q.unit, "referent": q.referent}


def about(store: Store, entity: str, **filters: Any) -> list[Claim]:
    """Claims whose content mentions ``entity`` (a stored mention, or its name or an alias as whole words),
    newest first."""
    f = _filters(**filters)
    _named(entity, "an entity")
    with store.session() as session:
        matched = _entity_rows(session, entity)
        names = {entity.strip()} | {e.name for e in matched} | _aliases(session, [e.id for e in matched])
        mentioned = _attributions_mentioning(session, [e.id for e in matched])
        # Names and aliases as whole words ("US" must not match "focus"), through the full-text index.
        by_text = fts.any_phrase(store.dialect, sorted(names))
        found = [m.Attribution.id.in_(mentioned)] + ([m.Attribution.id.in_(by_text)] if by_text is not None else [])
        stmt = _base().where(or_(*found))
        return _run(session, _newest_first(_apply(session, stmt, f)), f)


def _entity_rows(session: Session, name: str) -> list[m.Entity]:
    """Entities called ``name`` (any kind): exact canonical key first, else a name substring."""
    keys = {fold(name), " ".join(person_tokens(name))}
    exact = list(session.scalars(select(m.Entity).where(m.Entity.key.in_(keys))))
    if exact:
        return exact
    by_mention = select(m.EntityMention.entity_id).where(func.lower(m.EntityMention.name) == name.lower().strip())
    return list(session.scalars(select(m.Entity).where(m.Entity.id.in_(by_mention))))


def _aliases(session: Session, entity_ids: list[int]) -> set[str]:
    names: set[str] = set()
    for aliases, name in session.execute(select(m.EntityMention.aliases, m.EntityMention.name)
                                         .where(m.EntityMention.entity_id.in_(entity_ids))):
        names.update(aliases or [])
        names.add(name)
    return names


def _inside(spans: list, content: list) -> bool:
    return any(cs <= s and e <= ce for s, e in spans for cs, ce in content)


def _attributions_mentioning(session: Session, entity_ids: list[int]) -> list[int]:
    """Attributions whose content spans hold a stored mention of one of ``entity_ids``."""
    if not entity_ids:
        return []
    stmt = (select(m.Attribution.id, m.Attribution.content_spans, m.EntityMention.spans)
            .join(m.EntityMention, and_(m.EntityMention.article_id == m.Attribution.article_id,
                                        m.EntityMention.entity_id.in_(entity_ids))))
    return sorted({aid for aid, content, spans in session.execute(stmt) if _inside(spans, content)})


def claims(store: Store, **filters: Any) -> list[Claim]:
    """Every claim that passes the filters, newest first (the listing the exports page through)."""
    f = _filters(**filters)
    with store.session() as session:
        return _run(session, _newest_first(_apply(session, _base(), f)), f)


def speaker(store: Store, name: str, **filters: Any) -> list[Claim]:
    """Claims by the speaker called ``name`` across the corpus (variants merged), newest first."""
    f = _filters(**filters)
    _named(name, "a speaker name")
    with store.session() as session:
        ids = _speaker_ids(session, name)
        stmt = _base().where(m.Attribution.speaker_id.in_(ids))
        return _run(session, _newest_first(_apply(session, stmt, f)), f)


def search(store: Store, text: str, **filters: Any) -> list[Claim]:
    """Claims whose content matches ``text`` (all words, stems allowed, "quoted phrases"), best first."""
    f = _filters(**filters)
    if not fts.query_terms(text):
        raise InputError(f"search text {text!r} has no words to look for")
    with store.session() as session:
        stmt = fts.apply(_base(), store.dialect, text)
        stmt = _apply(session, stmt, f).order_by(m.Article.published.desc().nulls_last(), m.Attribution.id)
        return _run(session, stmt, f)


# -- listings ----------------------------------------------------------------------------------------


def _page(limit: int | None, offset: int | None) -> tuple[int, int]:
    f = _filters(limit=limit, offset=offset)
    return f.limit, f.offset


def speakers(store: Store, name: str | None = None, *, limit: int | None = DEFAULT_LIMIT,
             offset: int | None = 0) -> list[dict[str, Any]]:
    """Speakers with their claim and article counts, most quoted first; ``name`` narrows by substring."""
    limit, offset = _page(limit, offset)
    claims = func.count(m.Attribution.id)
    stmt = (select(m.Speaker, claims, func.count(func.distinct(m.Attribution.article_id)),
                   func.min(m.Article.published), func.max(m.Article.published))
            .join(m.Attribution, m.Attribution.speaker_id == m.Speaker.id)
            .join(m.Article, m.Article.id == m.Attribution.article_id)
            .group_by(m.Speaker.id).order_by(claims.desc(), m.Speaker.name))
    if name:
        stmt = stmt.where(func.lower(m.Speaker.name).contains(name.strip().lower(), autoescape=True))
    with store.session() as session:
        return [{"id": s.id, "name": s.name, "kind": s.kind, "claims": n, "articles": a,
                 "first": _iso(first), "last": _iso(last)}
                for s, n, a, first, last in session.execute(stmt.limit(limit).offset(offset))]


def entities(store: Store, name: str | None = None, *, kind: str | None = None,
             limit: int | None = DEFAULT_LIMIT, offset: int | None = 0) -> list[dict[str, Any]]:
    """Canonical entities with how many articles mention them, most mentioned first."""
    limit, offset = _page(limit, offset)
    articles_n = func.count(func.distinct(m.EntityMention.article_id))
    stmt = (select(m.Entity, articles_n).join(m.EntityMention, m.EntityMention.entity_id == m.Entity.id)
            .group_by(m.Entity.id).order_by(articles_n.desc(), m.Entity.name))
    if name:
        stmt = stmt.where(func.lower(m.Entity.name).contains(name.strip().lower(), autoescape=True))
    if kind:
        stmt = stmt.where(m.Entity.kind == kind.upper())
    with store.session() as session:
        return [{"id": e.id, "name": e.name, "kind": e.kind, "articles": n}
                for e, n in session.execute(stmt.limit(limit).offset(offset))]


def outlets(store: Store, name: str | None = None, *, limit: int | None = DEFAULT_LIMIT,
            offset: int | None = 0) -> list[dict[str, Any]]:
    """Outlets with the articles they published and the claims that reached readers through them."""
    limit, offset = _page(limit, offset)
    published = select(func.count(m.Article.id)).where(m.Article.outlet_id == m.Outlet.id).scalar_subquery()
    carried = (select(func.count(func.distinct(m.ViaLink.attribution_id)))
               .where(m.ViaLink.outlet_id == m.Outlet.id).scalar_subquery())
    stmt = select(m.Outlet, published, carried).order_by((published + carried).desc(), m.Outlet.name)
    if name:
        stmt = stmt.where(func.lower(m.Outlet.name).contains(name.strip().lower(), autoescape=True))
    with store.session() as session:
        return [{"id": o.id, "name": o.name, "articles": a, "via": v}
                for o, a, v in session.execute(stmt.limit(limit).offset(offset))]


def articles(store: Store, *, outlet: str | None = None, date_from: str | date | None = None,
             date_to: str | date | None = None, limit: int | None = DEFAULT_LIMIT,
             offset: int | None = 0) -> list[dict[str, Any]]:
    """Stored articles (without their text), newest first, with their attribution counts."""
    f = _filters(outlet=outlet, date_from=date_from, date_to=date_to, limit=limit, offset=offset)
    count = (select(func.count(m.Attribution.id)).where(m.Attribution.article_id == m.Article.id)
             .scalar_subquery())
    stmt = select(m.Article, count).options(selectinload(m.Article.outlet))
    with store.session() as session:
        if f.outlet:
            stmt = stmt.where(m.Article.outlet_id.in_(_outlet_ids(session, f.outlet)))
        if f.date_from:
            stmt = stmt.where(m.Article.published >= f.date_from)
        if f.date_to:
            stmt = stmt.where(m.Article.published <= f.date_to)
        stmt = stmt.order_by(m.Article.published.desc().nulls_last(), m.Article.id)
        from .store.reader import article_dict

        return [article_dict(a, text=False) | {"attributions": n}
                for a, n in session.execute(stmt.limit(f.limit).offset(f.offset))]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# -- profiles ----------------------------------------------------------------------------------------


def speaker_profile(store: Store, name: str, *, limit: int | None = 200) -> dict[str, Any] | None:
    """One speaker: names as written, roles and affiliations as stated (with dates), claims over time,
    the outlets that carried them and the entities they talk about; None when nobody matches."""
    with store.session() as session:
        ids = _speaker_ids(session, name)
        if not ids:
            return None
        counts = Counter(session.scalars(select(m.Attribution.speaker_id).where(m.Attribution.speaker_id.in_(ids))))
        chosen = session.get(m.Speaker, max(ids, key=lambda i: (counts[i], -i)))
        written = sorted(set(session.scalars(select(m.SpeakerMention.name)
                                             .where(m.SpeakerMention.speaker_id == chosen.id))))
        roles = [{"role": r.role, "affiliation": r.affiliation, "article_id": r.article_id,
                  "published": _iso(r.published)}
                 for r in session.scalars(select(m.SpeakerRole).where(m.SpeakerRole.speaker_id == chosen.id)
                                          .order_by(m.SpeakerRole.published.nulls_last(), m.SpeakerRole.id))]
        others = [{"id": s.id, "name": s.name} for s in session.scalars(select(m.Speaker).where(
            m.Speaker.id.in_([i for i in ids if i != chosen.id])))]
    claims = speaker(store, chosen.name, limit=limit)
    claims = [c for c in claims if c.speaker_id == chosen.id]
    return {
        "id": chosen.id, "name": chosen.name, "kind": chosen.kind, "names_as_written": written, "roles": roles,
        "claims_total": counts[chosen.id], "timeline": _timeline(claims), "outlets": _outlet_counts(claims),
        "claims": [c.to_dict() for c in claims], "other_matches": others,
    }


def _timeline(claims: list[Claim]) -> list[dict[str, Any]]:
    by_day = Counter(c.published[:10] if c.published else None for c in claims)
    return [{"date": day, "claims": n} for day, n in sorted(by_day.items(), key=lambda kv: (kv[0] is None, kv[0]))]


def _outlet_counts(claims: list[Claim]) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    for claim in claims:
        for name in dict.fromkeys([*([claim.outlet] if claim.outlet else []), *claim.via]):
            counts[name] += 1
    return [{"name": name, "claims": n} for name, n in counts.most_common()]


def entity_profile(store: Store, name: str, *, limit: int | None = 200) -> dict[str, Any] | None:
    """One entity: kind, aliases seen, articles that mention it, claims about it, who made them and
    through which outlets; None when no entity is called ``name``."""
    with store.session() as session:
        rows = _entity_rows(session, name)
        if not rows:
            return None
        entity = rows[0]
        aliases = sorted(_aliases(session, [entity.id]) - {entity.name})
        article_n = session.scalar(select(func.count(func.distinct(m.EntityMention.article_id)))
                                   .where(m.EntityMention.entity_id == entity.id))
    claims = about(store, entity.name, limit=limit)
    speakers_n = Counter(c.speaker for c in claims if c.speaker)
    return {
        "id": entity.id, "name": entity.name, "kind": entity.kind, "aliases": aliases, "articles": article_n,
        "claims": [c.to_dict() for c in claims], "timeline": _timeline(claims),
        "speakers": [{"name": s, "claims": n} for s, n in speakers_n.most_common()],
        "outlets": _outlet_counts(claims),
    }


# -- network -------------------------------------------------------------------------------------------


def network(store: Store, *, outlet: str | None = None, date_from: str | date | None = None,
            date_to: str | date | None = None, type: str | None = None, role: str | None = None,
            speaker: str | None = None, min_weight: int = 1) -> nx.Graph:
    """The speaker-entity-outlet graph: a speaker is linked to the entities their claims mention
    and to the outlets that carried them (publisher or via); ``weight`` counts the claims.

    Node ids are ``speaker:<id>``, ``entity:<id>``, ``outlet:<id>``, with ``label`` and ``kind``
    attributes (plus ``entity_kind`` for entities), all plain strings and numbers for GraphML/GEXF.
    """
    f = _filters(outlet=outlet, date_from=date_from, date_to=date_to, type=type, role=role, speaker=speaker,
                 limit=MAX_LIMIT)
    graph = nx.Graph()
    edges: Counter[tuple[str, str]] = Counter()
    with store.session() as session:
        stmt = _apply(session, select(m.Attribution).join(m.Article, m.Attribution.article_id == m.Article.id)
                      .where(m.Attribution.speaker_id.is_not(None)), f)
        stmt = stmt.options(selectinload(m.Attribution.speaker), selectinload(m.Attribution.via),
                            selectinload(m.Attribution.article))
        rows = list(session.scalars(stmt))
        mentions = _mentions_by_article(session, {r.article_id for r in rows})
        outlet_names = dict(session.execute(select(m.Outlet.id, m.Outlet.name)).all())
        for row in rows:
            who = f"speaker:{row.speaker_id}"
            graph.add_node(who, label=row.speaker.name, kind="speaker", entity_kind=row.speaker.kind or "")
            for entity_id, label, kind, spans in mentions.get(row.article_id, []):
                if entity_id != row.speaker.entity_id and _inside(spans, row.content_spans):
                    graph.add_node(f"entity:{entity_id}", label=label, kind="entity", entity_kind=kind)
                    edges[(who, f"entity:{entity_id}")] += 1
            carriers = {row.article.outlet_id, *(v.outlet_id for v in row.via)} - {None}
            for outlet_id in carriers:
                graph.add_node(f"outlet:{outlet_id}", label=outlet_names[outlet_id], kind="outlet", entity_kind="")
                edges[(who, f"outlet:{outlet_id}")] += 1
    for (a, b), weight in edges.items():
        if weight >= min_weight:
            graph.add_edge(a, b, weight=weight, kind=b.split(":")[0])
    graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    return graph


def _mentions_by_article(session: Session, article_ids: set[str]) -> dict[str, list[tuple[int, str, str, list]]]:
    found: dict[str, list[tuple[int, str, str, list]]] = defaultdict(list)
    if not article_ids:
        return found
    stmt = (select(m.EntityMention.article_id, m.Entity.id, m.Entity.name, m.Entity.kind, m.EntityMention.spans)
            .join(m.Entity, m.Entity.id == m.EntityMention.entity_id)
            .where(m.EntityMention.article_id.in_(article_ids)))
    for article_id, entity_id, name, kind, spans in session.execute(stmt):
        found[article_id].append((entity_id, name, kind, spans))
    return found
