"""Profiles: one speaker, entity or outlet, its summaries counted over all of its claims, and a page of them.

Each profile takes the store's id (what links use: it always opens the very row it names) or a
name (resolved as the claim filters resolve it). Summaries (timeline, outlets, speakers,
entities) come from ``facets`` over every claim; ``claims`` is one page, ``claims_total`` the count.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select

from ..store import Store
from ..store import models as m
from ..store.keys import canonical_outlet, fold, person_tokens
from .claims import count, find
from .facets import facets
from .filters import Filters, aliases, entity_rows, make_filters, outlet_ids, speaker_ids
from .listings import articles, count_articles, iso

# Rows of each summary list (outlets, speakers, entities) a profile carries; ``*_total`` says how many exist.
SUMMARY_ROWS = 50


def _summary(store: Store, f: Filters, *, limit: int | None, offset: int | None, by: str) -> dict[str, Any]:
    """The claims part every profile shares: a page of claims, their total, and the facets of all of them
    (the timeline by ``by``: day, week or month)."""
    page = f.page(make_filters(limit=limit).limit, make_filters(offset=offset).offset)
    spread = facets(store, f, size=SUMMARY_ROWS, by=by)
    named = lambda rows: [{"id": r["id"], "name": r["label"], "claims": r["count"]} for r in rows]  # noqa: E731
    return {
        "claims_total": count(store, f), "claims": [c.to_dict() for c in find(store, page)],
        "limit": page.limit, "offset": page.offset,
        "timeline": spread["timeline"], "timeline_by": by,
        "outlets": named(spread["facets"]["outlet"]), "outlets_total": spread["totals"]["outlet"],
        "speakers": named(spread["facets"]["speaker"]), "speakers_total": spread["totals"]["speaker"],
        "entities": [{"id": r["id"], "name": r["label"], "kind": r.get("kind"), "claims": r["count"]}
                     for r in spread["facets"]["entity"]],
        "entities_total": spread["totals"]["entity"],
    }


def speaker_profile(store: Store, ref: int | str, *, limit: int | None = 50, offset: int | None = 0,
                    by: str = "day") -> dict[str, Any] | None:
    """One speaker (by id, or by name: the most quoted of those the name matches): names as written,
    roles and affiliations as stated (with dates), claims over time, the outlets that carried them and
    the entities they talk about; None when nobody matches."""
    with store.session() as session:
        if isinstance(ref, int):
            chosen = session.get(m.Speaker, ref)
            ids = [ref] if chosen else []
        else:
            ids = speaker_ids(session, ref)
            counts = Counter(session.scalars(select(m.Attribution.speaker_id)
                                             .where(m.Attribution.speaker_id.in_(ids))))
            chosen = session.get(m.Speaker, max(ids, key=lambda i: (counts[i], -i))) if ids else None
        if chosen is None:
            return None
        written = sorted(set(session.scalars(select(m.SpeakerMention.name)
                                             .where(m.SpeakerMention.speaker_id == chosen.id))))
        roles = [{"role": r.role, "affiliation": r.affiliation, "article_id": r.article_id,
                  "published": iso(r.published)}
                 for r in session.scalars(select(m.SpeakerRole).where(m.SpeakerRole.speaker_id == chosen.id)
                                          .order_by(m.SpeakerRole.published.nulls_last(), m.SpeakerRole.id))]
        others = [{"id": s.id, "name": s.name} for s in session.scalars(select(m.Speaker).where(
            m.Speaker.id.in_([i for i in ids if i != chosen.id])))]
        entity = {"id": chosen.entity.id, "name": chosen.entity.name} if chosen.entity else None
    summary = _summary(store, make_filters(speaker_id=chosen.id), limit=limit, offset=offset, by=by)
    return {"id": chosen.id, "name": chosen.name, "kind": chosen.kind, "entity": entity,
            "names_as_written": written, "roles": roles, **summary, "other_matches": others}


def entity_profile(store: Store, ref: int | str, *, limit: int | None = 50, offset: int | None = 0,
                   by: str = "day") -> dict[str, Any] | None:
    """One entity (by id, or by name or alias): kind, aliases seen, articles that mention it, claims about
    it, who made them and through which outlets; None when no entity matches."""
    with store.session() as session:
        if isinstance(ref, int):
            entity = session.get(m.Entity, ref)
        else:
            rows = entity_rows(session, ref)
            entity = _most_mentioned(session, rows)
        if entity is None:
            return None
        seen = sorted(aliases(session, [entity.id]) - {entity.name})
        article_n = session.scalar(select(func.count(func.distinct(m.EntityMention.article_id)))
                                   .where(m.EntityMention.entity_id == entity.id))
        speaker = session.scalar(select(m.Speaker).where(m.Speaker.entity_id == entity.id).limit(1))
        as_speaker = {"id": speaker.id, "name": speaker.name} if speaker else None
    summary = _summary(store, make_filters(entity_id=entity.id), limit=limit, offset=offset, by=by)
    return {"id": entity.id, "name": entity.name, "kind": entity.kind, "aliases": seen, "articles": article_n,
            "speaker": as_speaker, **summary}


def _most_mentioned(session: Any, rows: list[m.Entity]) -> m.Entity | None:
    if len(rows) < 2:
        return rows[0] if rows else None
    counts = dict(session.execute(select(m.EntityMention.entity_id, func.count())
                                  .where(m.EntityMention.entity_id.in_([e.id for e in rows]))
                                  .group_by(m.EntityMention.entity_id)).all())
    return max(rows, key=lambda e: (counts.get(e.id, 0), -e.id))


def outlet_profile(store: Store, ref: int | str, *, limit: int | None = 50, offset: int | None = 0,
                   articles_limit: int | None = 50, articles_offset: int | None = 0,
                   by: str = "day") -> dict[str, Any] | None:
    """One outlet (by id, or by name or alias): the articles it published (a page and the total), the
    claims it published or passed on (via), whose claims they were and when; None when none matches."""
    with store.session() as session:
        if isinstance(ref, int):
            outlet = session.get(m.Outlet, ref)
        else:
            key = canonical_outlet(ref)[0]
            exact = session.scalar(select(m.Outlet).where(m.Outlet.key == key))
            if exact is None:
                found = [session.get(m.Outlet, i) for i in outlet_ids(session, ref)]
                found = [o for o in found if o and o.name.casefold() == ref.strip().casefold()] or found
                exact = found[0] if len(found) == 1 else None
            outlet = exact
        if outlet is None:
            return None
        via = session.scalar(select(func.count(func.distinct(m.ViaLink.attribution_id)))
                             .where(m.ViaLink.outlet_id == outlet.id)) or 0
    published_total = count_articles(store, outlet_id=outlet.id)
    summary = _summary(store, make_filters(outlet_id=outlet.id), limit=limit, offset=offset, by=by)
    return {"id": outlet.id, "name": outlet.name, "articles": published_total, "via": via,
            "published_articles": articles(store, outlet_id=outlet.id, limit=articles_limit,
                                           offset=articles_offset),
            "published_articles_total": published_total, **summary}


# -- names to ids ------------------------------------------------------------------------------------

KINDS = ("speaker", "entity", "outlet")


def resolve(store: Store, kind: str, name: str) -> dict[str, Any]:
    """What a name typed into a URL stands for: ``{"id": the row it names or None, "candidates": [ids]}``.

    ``id`` is set when the name is a speaker's (merged) name, an entity's name or alias (DPRK ->
    North Korea; the most mentioned when several kinds share it) or an outlet's name or alias;
    otherwise ``candidates`` are the rows whose name contains every word of it, for a search list.
    """
    if kind not in KINDS:
        raise ValueError(f"kind is one of {', '.join(KINDS)}, not {kind!r}")
    with store.session() as session:
        if kind == "speaker":
            exact = _exact_speakers(session, name)
            if exact:
                counts = Counter(session.scalars(select(m.Attribution.speaker_id)
                                                 .where(m.Attribution.speaker_id.in_(exact))))
                return {"id": max(exact, key=lambda i: (counts[i], -i)), "candidates": exact}
            return {"id": None, "candidates": speaker_ids(session, name)}
        if kind == "entity":
            found = entity_rows(session, name)
            best = _most_mentioned(session, found)
            if best is not None:
                return {"id": best.id, "candidates": [e.id for e in found]}
            like = name.strip().lower()
            return {"id": None, "candidates": list(session.scalars(
                select(m.Entity.id).where(func.lower(m.Entity.name).contains(like, autoescape=True)).limit(1000)))}
        key = canonical_outlet(name)[0]
        exact_outlet = session.scalar(select(m.Outlet.id).where(m.Outlet.key == key))
        if exact_outlet is not None:
            return {"id": exact_outlet, "candidates": [exact_outlet]}
        return {"id": None, "candidates": outlet_ids(session, name)}


def _exact_speakers(session: Any, name: str) -> list[int]:
    key = " ".join(person_tokens(name))
    return list(session.scalars(select(m.Speaker.id).where((m.Speaker.key == key) | (m.Speaker.key == fold(name)))))


def name_of(store: Store, kind: str, row_id: int) -> str | None:
    """The name of the speaker, entity or outlet with id ``row_id`` (None when there is none)."""
    model = {"speaker": m.Speaker, "entity": m.Entity, "outlet": m.Outlet}[kind]
    with store.session() as session:
        return session.scalar(select(model.name).where(model.id == row_id))
