"""Facets: how the claims a question admits spread over speakers, outlets, entities, types and time.

``facets(store, filters)`` counts over every matching claim (not one page), the way datasette's
facets do, so a profile's or a search's summary never comes from a truncated list. Each facet is
a list of ``{"value", "id", "label", "count"}`` rows, most frequent first; ``value`` is what to put
back into the same filter to narrow on that row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InputError
from ..store import Store
from ..store import models as m
from .claims import matching_ids
from .filters import Filters, inside, make_filters

FACETS = ("speaker", "outlet", "entity", "type", "month")
BUCKETS = ("day", "week", "month")


def bucket(day: date | None, by: str) -> str | None:
    """The timeline bucket of ``day``: the day itself, the Monday of its ISO week, or its month."""
    if day is None:
        return None
    if by == "month":
        return day.strftime("%Y-%m")
    if by == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    return day.isoformat()


def facets(store: Store, f: Filters | None = None, *, fields: tuple[str, ...] = FACETS, size: int | None = 10,
           by: str = "day", **filters: Any) -> dict[str, Any]:
    """Counts of the matching claims per speaker, outlet (publisher or via), entity mentioned, type and
    month, the ``size`` largest of each (all with ``size=None``), plus ``totals`` (distinct values per
    facet), ``claims`` (how many match) and ``timeline`` (claims per ``by``: day, week or month)."""
    f = f or make_filters(**filters)
    if by not in BUCKETS:
        raise InputError(f"timeline buckets are one of {', '.join(BUCKETS)}, not {by!r}")
    with store.session() as session:
        ids = matching_ids(session, store.dialect, f)
        rows = session.execute(
            select(m.Attribution.id, m.Attribution.speaker_id, m.Attribution.type, m.Attribution.article_id,
                   m.Article.published, m.Article.outlet_id, m.Attribution.content_spans)
            .join(m.Article, m.Attribution.article_id == m.Article.id)
            .where(m.Attribution.id.in_(ids))).all()
        counts: dict[str, Counter] = {name: Counter() for name in FACETS}
        for _, speaker_id, kind, _, published, _, _ in rows:
            if speaker_id is not None:
                counts["speaker"][speaker_id] += 1
            counts["type"][kind] += 1
            counts["month"][bucket(published, "month")] += 1
        if "outlet" in fields:
            counts["outlet"] = _outlets(session, rows, ids)
        if "entity" in fields:
            counts["entity"] = _entities(session, rows)
        timeline = Counter(bucket(published, by) for _, _, _, _, published, _, _ in rows)
        out: dict[str, Any] = {"claims": len(rows), "totals": {}, "facets": {}}
        for name in fields:
            ranked = sorted(counts[name].items(), key=lambda kv: (-kv[1], kv[0] is None, str(kv[0])))
            out["totals"][name] = len(ranked)
            out["facets"][name] = _labelled(session, name, ranked[:size] if size else ranked)
        out["timeline"] = [{"date": day, "claims": n}
                           for day, n in sorted(timeline.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))]
        return out


def _outlets(session: Session, rows: list, ids: Any) -> Counter:
    """Claims per outlet that carried them: the publisher and every outlet on the via chain, once each."""
    carriers: dict[int, set[int]] = defaultdict(set)
    for attribution_id, _, _, _, _, outlet_id, _ in rows:
        if outlet_id is not None:
            carriers[attribution_id].add(outlet_id)
    for attribution_id, outlet_id in session.execute(
            select(m.ViaLink.attribution_id, m.ViaLink.outlet_id).where(m.ViaLink.attribution_id.in_(ids))):
        if outlet_id is not None:
            carriers[attribution_id].add(outlet_id)
    return Counter(outlet_id for found in carriers.values() for outlet_id in found)


def _entities(session: Session, rows: list) -> Counter:
    """Claims per entity with a stored mention inside the claim's content."""
    articles = {article_id for _, _, _, article_id, _, _, _ in rows}
    mentions: dict[str, list[tuple[int, list]]] = defaultdict(list)
    for start in range(0, len(articles), 500):
        chunk = sorted(articles)[start:start + 500]
        for article_id, entity_id, spans in session.execute(
                select(m.EntityMention.article_id, m.EntityMention.entity_id, m.EntityMention.spans)
                .where(m.EntityMention.article_id.in_(chunk))):
            mentions[article_id].append((entity_id, spans))
    found: Counter = Counter()
    for _, _, _, article_id, _, _, content in rows:
        found.update({entity_id for entity_id, spans in mentions.get(article_id, []) if inside(spans, content)})
    return found


_NAMED = {"speaker": m.Speaker, "outlet": m.Outlet, "entity": m.Entity}


def _labelled(session: Session, name: str, ranked: list[tuple[Any, int]]) -> list[dict[str, Any]]:
    model = _NAMED.get(name)
    if model is None:
        return [{"value": value, "id": None, "label": value if value is not None else "undated", "count": n}
                for value, n in ranked]
    ids = [value for value, _ in ranked]
    rows = {row.id: row for row in session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}
    out = []
    for value, n in ranked:
        row = rows.get(value)
        item = {"value": row.name if row else str(value), "id": value, "label": row.name if row else str(value),
                "count": n}
        if name == "entity" and row is not None:
            item["kind"] = row.kind
        out.append(item)
    return out
