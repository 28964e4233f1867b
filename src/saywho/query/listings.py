"""Listings: speakers, entities, outlets and articles with their counts, and how many there are in all.

Each ``NAME(store, ...)`` returns one page of rows; ``count_NAME(store, ...)`` takes the same
filters and says how many rows there are in all, so that every list can say "1–50 of 323".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from ..store import Store
from ..store import models as m
from ..store.reader import article_dict
from .filters import make_filters, outlet_ids, sort_date


def _page(limit: int | None, offset: int | None) -> tuple[int, int]:
    f = make_filters(limit=limit, offset=offset)
    return f.limit, f.offset


def _total(store: Store, stmt: Select) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _contains(column: Any, name: str | None):
    return func.lower(column).contains(name.strip().lower(), autoescape=True) if name and name.strip() else None


# -- speakers ----------------------------------------------------------------------------------------


def _speakers_stmt(name: str | None) -> Select:
    claims = func.count(m.Attribution.id)
    stmt = (select(m.Speaker, claims, func.count(func.distinct(m.Attribution.article_id)),
                   func.min(m.Article.published), func.max(m.Article.published))
            .join(m.Attribution, m.Attribution.speaker_id == m.Speaker.id)
            .join(m.Article, m.Article.id == m.Attribution.article_id)
            .group_by(m.Speaker.id).order_by(claims.desc(), m.Speaker.name, m.Speaker.id))
    where = _contains(m.Speaker.name, name)
    return stmt if where is None else stmt.where(where)


def speakers(store: Store, name: str | None = None, *, limit: int | None = 50,
             offset: int | None = 0) -> list[dict[str, Any]]:
    """Speakers with their claim and article counts, most quoted first; ``name`` narrows by substring."""
    limit, offset = _page(limit, offset)
    with store.session() as session:
        return [{"id": s.id, "name": s.name, "kind": s.kind, "claims": n, "articles": a,
                 "first": iso(first), "last": iso(last)}
                for s, n, a, first, last in session.execute(_speakers_stmt(name).limit(limit).offset(offset))]


def count_speakers(store: Store, name: str | None = None) -> int:
    """How many speakers ``speakers`` lists in all."""
    return _total(store, _speakers_stmt(name))


# -- entities ----------------------------------------------------------------------------------------


def _entities_stmt(name: str | None, kind: str | None) -> Select:
    articles_n = func.count(func.distinct(m.EntityMention.article_id))
    stmt = (select(m.Entity, articles_n).join(m.EntityMention, m.EntityMention.entity_id == m.Entity.id)
            .group_by(m.Entity.id).order_by(articles_n.desc(), m.Entity.name, m.Entity.id))
    where = _contains(m.Entity.name, name)
    if where is not None:
        stmt = stmt.where(where)
    if kind:
        stmt = stmt.where(m.Entity.kind == kind.upper())
    return stmt


def entities(store: Store, name: str | None = None, *, kind: str | None = None,
             limit: int | None = 50, offset: int | None = 0) -> list[dict[str, Any]]:
    """Canonical entities with how many articles mention them, most mentioned first."""
    limit, offset = _page(limit, offset)
    with store.session() as session:
        return [{"id": e.id, "name": e.name, "kind": e.kind, "articles": n}
                for e, n in session.execute(_entities_stmt(name, kind).limit(limit).offset(offset))]


def count_entities(store: Store, name: str | None = None, *, kind: str | None = None) -> int:
    """How many entities ``entities`` lists in all."""
    return _total(store, _entities_stmt(name, kind))


# -- outlets -----------------------------------------------------------------------------------------


def _outlets_stmt(name: str | None) -> Select:
    published = select(func.count(m.Article.id)).where(m.Article.outlet_id == m.Outlet.id).scalar_subquery()
    carried = (select(func.count(func.distinct(m.ViaLink.attribution_id)))
               .where(m.ViaLink.outlet_id == m.Outlet.id).scalar_subquery())
    stmt = select(m.Outlet, published, carried).order_by((published + carried).desc(), m.Outlet.name, m.Outlet.id)
    where = _contains(m.Outlet.name, name)
    return stmt if where is None else stmt.where(where)


def outlets(store: Store, name: str | None = None, *, limit: int | None = 50,
            offset: int | None = 0) -> list[dict[str, Any]]:
    """Outlets with the articles they published and the claims that reached readers through them."""
    limit, offset = _page(limit, offset)
    with store.session() as session:
        return [{"id": o.id, "name": o.name, "articles": a, "via": v}
                for o, a, v in session.execute(_outlets_stmt(name).limit(limit).offset(offset))]


def count_outlets(store: Store, name: str | None = None) -> int:
    """How many outlets ``outlets`` lists in all."""
    return _total(store, _outlets_stmt(name))


# -- articles ----------------------------------------------------------------------------------------


def _articles_stmt(session: Any, outlet: str | None, outlet_id: int | None, date_from: Any,
                   date_to: Any) -> Select:
    f = make_filters(outlet=outlet, outlet_id=outlet_id, date_from=date_from, date_to=date_to)
    count = (select(func.count(m.Attribution.id)).where(m.Attribution.article_id == m.Article.id)
             .scalar_subquery())
    stmt = select(m.Article, count).options(selectinload(m.Article.outlet))
    if f.outlet_id is not None:
        stmt = stmt.where(m.Article.outlet_id == f.outlet_id)
    elif f.outlet:
        stmt = stmt.where(m.Article.outlet_id.in_(outlet_ids(session, f.outlet)))
    if f.date_from:
        stmt = stmt.where(m.Article.published >= f.date_from)
    if f.date_to:
        stmt = stmt.where(m.Article.published <= f.date_to)
    return stmt.order_by(sort_date().desc().nulls_last(), m.Article.id)


def articles(store: Store, *, outlet: str | None = None, outlet_id: int | None = None,
             date_from: str | date | None = None, date_to: str | date | None = None,
             limit: int | None = 50, offset: int | None = 0) -> list[dict[str, Any]]:
    """Stored articles (without their text), newest first (an undated one by the day it was stored),
    with their attribution counts."""
    limit, offset = _page(limit, offset)
    with store.session() as session:
        stmt = _articles_stmt(session, outlet, outlet_id, date_from, date_to)
        return [article_dict(a, text=False) | {"outlet_id": a.outlet_id, "attributions": n}
                for a, n in session.execute(stmt.limit(limit).offset(offset))]


def count_articles(store: Store, *, outlet: str | None = None, outlet_id: int | None = None,
                   date_from: str | date | None = None, date_to: str | date | None = None) -> int:
    """How many articles ``articles`` lists in all."""
    with store.session() as session:
        stmt = _articles_stmt(session, outlet, outlet_id, date_from, date_to)
        return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


# -- one article's links ----------------------------------------------------------------------------


def article_links(store: Store, article_id: str) -> dict[str, Any]:
    """The corpus rows an article's records were merged into, for links that open the right page:
    ``speakers`` (attribution local id -> ``{"id", "name"}``: the name its speaker page has, which can
    differ from the name in the article), ``entities`` (entity local id -> ``{"id", "name"}``),
    ``via`` (attribution local id -> the outlet id of each via link, in order) and ``outlet_id``."""
    with store.session() as session:
        speakers = {local: {"id": sid, "name": name} for local, sid, name in session.execute(
            select(m.Attribution.local_id, m.Speaker.id, m.Speaker.name)
            .join(m.Speaker, m.Attribution.speaker_id == m.Speaker.id)
            .where(m.Attribution.article_id == article_id))}
        entities = {local: {"id": eid, "name": name} for local, eid, name in session.execute(
            select(m.EntityMention.local_id, m.Entity.id, m.Entity.name)
            .join(m.Entity, m.EntityMention.entity_id == m.Entity.id)
            .where(m.EntityMention.article_id == article_id))}
        via: dict[str, list[int | None]] = {}
        for local, outlet_id in session.execute(
                select(m.Attribution.local_id, m.ViaLink.outlet_id)
                .join(m.ViaLink, m.ViaLink.attribution_id == m.Attribution.id)
                .where(m.Attribution.article_id == article_id).order_by(m.Attribution.id, m.ViaLink.position)):
            via.setdefault(local, []).append(outlet_id)
        outlet_id = session.scalar(select(m.Article.outlet_id).where(m.Article.id == article_id))
    return {"speakers": speakers, "entities": entities, "via": via, "outlet_id": outlet_id}
