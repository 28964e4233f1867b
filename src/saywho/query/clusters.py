"""Claims across sources: clusters of attributions that assert the same thing, and figure comparisons.

- ``claim_clusters(store, q=..., about=..., min_origins=...)``: clusters whose members match the
  usual claim filters (words, entity, speaker, outlet, dates), widest spread first;
- ``claim_cluster(store, id)``: one cluster with every member (speaker, role, outlet, via chain,
  date), who said it first, its independent origins, outlets, timeline and figures;
- ``figures(store, "artillery shells", about=...)``: the figures given for what the words name,
  grouped by what they measure, each an interval with who said it, and the pairs that disagree.

The clusters themselves are kept by the store (``Store.update_claims`` after each ingest batch).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, select

from ..claims.figures import Figure, compare_figures
from ..claims.origins import summarize
from ..errors import InputError
from ..lexicon import load_settings
from ..store import Store
from ..store import models as m
from ..store.clusters import load_members
from .claims import matching_ids
from .filters import DEFAULT_LIMIT, MAX_LIMIT, inside, make_filters

ORDERS = ("origins", "size", "newest", "oldest")


def _check_count(value: Any, name: str, low: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise InputError(f"{name} must be a whole number, {low} or more, not {value!r}")
    return value


def _cluster_dict(row: m.ClaimCluster) -> dict[str, Any]:
    return {"id": row.id, "representative": row.representative, "representative_id": row.representative_id,
            "size": row.size, "articles": row.articles, "origins": row.origins, "speakers": row.speakers,
            "first_published": _iso(row.first_published), "last_published": _iso(row.last_published)}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _matching_clusters(store: Store, session: Any, filters: dict[str, Any], min_origins: int, min_size: int):
    stmt = select(m.ClaimCluster).where(m.ClaimCluster.origins >= min_origins, m.ClaimCluster.size >= min_size)
    if any(v not in (None, "") for v in filters.values()):
        f = make_filters(**filters)
        members = select(m.ClaimMember.cluster_id).where(
            m.ClaimMember.attribution_id.in_(matching_ids(session, store.dialect, f)))
        stmt = stmt.where(m.ClaimCluster.id.in_(members))
    return stmt


def claim_clusters(store: Store, q: str | None = None, *, about: str | None = None, speaker: str | None = None,
                   outlet: str | None = None, date_from: str | date | None = None, date_to: str | date | None = None,
                   min_origins: int = 1, min_size: int = 2, order: str = "origins",
                   limit: int = DEFAULT_LIMIT, offset: int = 0) -> list[dict[str, Any]]:
    """Claim clusters with a member that passes the filters (``q`` words, ``about`` an entity, ``speaker``,
    ``outlet``, dates), at least ``min_origins`` independent origins and ``min_size`` members;
    ``order``: origins (default), size, newest or oldest."""
    _check_count(min_origins, "min_origins"), _check_count(min_size, "min_size")
    if order not in ORDERS:
        raise InputError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {limit!r}")
    _check_count(offset, "offset")
    filters = {"q": q, "entity": about, "speaker": speaker, "outlet": outlet, "date_from": date_from,
               "date_to": date_to}
    c = m.ClaimCluster
    orders = {"origins": (c.origins.desc(), c.size.desc(), c.first_published.asc().nulls_last()),
              "size": (c.size.desc(), c.origins.desc(), c.first_published.asc().nulls_last()),
              "newest": (c.last_published.desc().nulls_last(),), "oldest": (c.first_published.asc().nulls_last(),)}
    with store.session() as session:
        stmt = _matching_clusters(store, session, filters, min_origins, min_size)
        rows = session.scalars(stmt.order_by(*orders[order], c.id).limit(limit).offset(offset))
        return [_cluster_dict(row) for row in rows]


def count_claim_clusters(store: Store, q: str | None = None, *, about: str | None = None, speaker: str | None = None,
                         outlet: str | None = None, date_from: str | date | None = None,
                         date_to: str | date | None = None, min_origins: int = 1, min_size: int = 2) -> int:
    """How many clusters ``claim_clusters`` would page through."""
    filters = {"q": q, "entity": about, "speaker": speaker, "outlet": outlet, "date_from": date_from,
               "date_to": date_to}
    with store.session() as session:
        stmt = _matching_clusters(store, session, filters, min_origins, min_size).subquery()
        return session.scalar(select(func.count()).select_from(stmt)) or 0


def claim_cluster(store: Store, cluster_id: int) -> dict[str, Any] | None:
    """One cluster: summary, members oldest first, first attribution, speakers, independent origins,
    outlets, timeline and the figures its members give; None when no cluster has that id."""
    with store.session() as session:
        row = session.get(m.ClaimCluster, cluster_id)
        if row is None:
            return None
        members = load_members(session.connection(), [cluster_id]).get(cluster_id, [])
        attribution_ids = [x.attribution_id for x in members]
        found = _figures_of(session, attribution_ids)
    summary = summarize(members)
    days = Counter((x.published or "")[:10] or None for x in members)
    groups = compare_figures(found, referent_threshold=_referent_threshold())
    return {**_cluster_dict(row), **summary, "members": [x.to_dict() for x in members],
            "timeline": [{"date": d, "members": n} for d, n in sorted(days.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))],
            "figures": [g.to_dict() for g in groups]}


def _referent_threshold() -> float:
    return float(load_settings().get("claims", {}).get("referent_threshold", 0.5))


def figures(store: Store, text: str, *, about: str | None = None, speaker: str | None = None,
            outlet: str | None = None, date_from: str | date | None = None, date_to: str | date | None = None,
            limit: int = 1000) -> list[dict[str, Any]]:
    """Figures whose claim matches ``text`` (full-text, as ``search``) and the other filters, grouped by
    what they measure, disagreements first; each figure with who gave it, when and through which outlet."""
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"give words naming what was counted or measured (got {text!r})")
    f = make_filters(q=text, entity=about, speaker=speaker, outlet=outlet, date_from=date_from, date_to=date_to,
                     limit=min(max(1, limit), MAX_LIMIT))
    with store.session() as session:
        ids = list(session.scalars(matching_ids(session, store.dialect, f).limit(f.limit)))
        found = _figures_of(session, ids)
    words = set(text.lower().replace('"', " ").split())
    groups = compare_figures(found, referent_threshold=_referent_threshold())
    # Groups that measure what the words name come first ("artillery shells": the shell counts).
    groups.sort(key=lambda g: (not (words & set(g.measure.lower().split())), not g.disagree, -len(g.figures)))
    return [g.to_dict() for g in groups]


def _figures_of(session: Any, attribution_ids: list[int]) -> list[Figure]:
    """Every quantity the attributions carry, as a Figure with its attribution's who, when and where."""
    if not attribution_ids:
        return []
    a, art, q, aq, o, s = (m.Attribution, m.Article, m.Quantity, m.AttributionQuantity, m.Outlet, m.Speaker)
    figures: list[Figure] = []
    for start in range(0, len(attribution_ids), 500):
        chunk = attribution_ids[start:start + 500]
        stmt = (select(q, a.id, a.content_text, a.content_spans, a.speaker_name, s.name, a.role, art.id,
                       art.published, art.published_text, art.outlet_name, o.name)
                .join(aq, aq.quantity_id == q.id).join(a, a.id == aq.attribution_id)
                .join(art, art.id == a.article_id).outerjoin(o, o.id == art.outlet_id)
                .outerjoin(s, s.id == a.speaker_id).where(a.id.in_(chunk)))
        rows = session.execute(stmt).all()
        via = _via_names(session, [r[1] for r in rows])
        mentions = _mentions(session, sorted({r[7] for r in rows}))
        for (qty, aid, content, spans, speaker_name, speaker, role, article_id, published, published_text,
             outlet_name, outlet) in rows:
            entities: dict[str, list[str]] = {}
            for canonical, name, aliases, mention_spans in mentions.get(article_id, ()):
                if inside(mention_spans, spans):
                    entities.setdefault(canonical, []).extend(x for x in (name, *aliases) if x != canonical)
            figures.append(Figure(
                quantity_id=qty.id, text=qty.text, low=qty.low, high=qty.high, unit=qty.unit, referent=qty.referent,
                hedge=qty.hedge, low_inclusive=qty.low_inclusive, high_inclusive=qty.high_inclusive,
                attribution_id=aid, content=content, speaker=speaker or speaker_name, role=role,
                outlet=outlet or outlet_name, via=via.get(aid, []),
                published=published.isoformat() if published else published_text, article_id=article_id,
                entities=entities))
    return figures


def _via_names(session: Any, attribution_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    stmt = (select(m.ViaLink.attribution_id, m.ViaLink.name, m.Outlet.name)
            .outerjoin(m.Outlet, m.Outlet.id == m.ViaLink.outlet_id)
            .where(m.ViaLink.attribution_id.in_(attribution_ids)).order_by(m.ViaLink.attribution_id, m.ViaLink.position))
    for aid, name, outlet in session.execute(stmt):
        found.setdefault(aid, []).append(outlet or name)
    return found


def _mentions(session: Any, article_ids: list[str]) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {}
    stmt = (select(m.EntityMention.article_id, m.Entity.name, m.EntityMention.name, m.EntityMention.aliases,
                   m.EntityMention.spans).join(m.Entity, m.Entity.id == m.EntityMention.entity_id)
            .where(m.EntityMention.article_id.in_(article_ids)))
    for article_id, canonical, name, aliases, spans in session.execute(stmt):
        found.setdefault(article_id, []).append((canonical, name, aliases or [], spans or []))
    return found
