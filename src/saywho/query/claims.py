"""Claims: who said what, found by words, speaker, entity, outlet, date, type and role.

Three ways in, all returning ``Claim`` records and all taking the same filters (``Filters``):

- ``about(store, "North Korea")``: claims whose content mentions an entity (its stored mentions
  inside the content, or its name or an alias in the content's text);
- ``speaker(store, "Robert Farley")``: claims by one speaker across the corpus;
- ``search(store, "artillery shells")``: full-text search over content ("quoted phrases" allowed).

``claims(store, **filters)`` takes every filter at once (words and an entity together included),
``count_claims`` says how many match in all, and ``iter_claims`` streams every match page by page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from ..errors import InputError
from ..store import Store, fts
from ..store import models as m
from ..store.reader import safe_url
from .filters import Filters, make_filters, named, narrow, ordered

# Rows per query when a whole answer is streamed (exports).
STREAM_PAGE = 500


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
    outlet_id: int | None = None
    via_ids: list[int | None] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The claim as plain JSON-ready data (field names as the attributes)."""
        return asdict(self)


def _base() -> Select:
    return select(m.Attribution).join(m.Article, m.Attribution.article_id == m.Article.id).options(
        selectinload(m.Attribution.article).selectinload(m.Article.outlet),
        selectinload(m.Attribution.speaker),
        selectinload(m.Attribution.via).selectinload(m.ViaLink.outlet),
        selectinload(m.Attribution.quantity_links).selectinload(m.AttributionQuantity.quantity),
    )


def matching_ids(session: Session, dialect: str, f: Filters) -> Select:
    """A select of the ids of every attribution ``f`` admits (no order, no page): for counts and facets."""
    stmt = select(m.Attribution.id).join(m.Article, m.Attribution.article_id == m.Article.id)
    return narrow(session, dialect, stmt, f).order_by(None)


def find(store: Store, f: Filters) -> list[Claim]:
    """One page of the claims ``f`` admits, in its order."""
    with store.session() as session:
        stmt = ordered(narrow(session, store.dialect, _base(), f), f)
        rows = list(session.scalars(stmt.limit(f.limit).offset(f.offset)).unique())
        return _claims(session, rows)


def count(store: Store, f: Filters) -> int:
    """How many claims ``f`` admits in all (its page aside)."""
    with store.session() as session:
        ids = matching_ids(session, store.dialect, f).subquery()
        return session.scalar(select(func.count()).select_from(ids)) or 0


def claims(store: Store, **filters: Any) -> list[Claim]:
    """Every claim that passes the filters (words, speaker, entity, outlet, dates, type, role), newest first
    unless words are given (then best match first) or ``sort`` says otherwise."""
    return find(store, make_filters(**filters))


def count_claims(store: Store, **filters: Any) -> int:
    """How many claims pass the filters, ``limit`` and ``offset`` aside."""
    return count(store, make_filters(**filters))


def iter_claims(store: Store, **filters: Any) -> Iterator[Claim]:
    """Every claim that passes the filters, fetched ``STREAM_PAGE`` at a time (``limit``/``offset`` ignored)."""
    f = make_filters(**{**filters, "limit": STREAM_PAGE, "offset": 0})
    offset = 0
    while True:
        page = find(store, f.page(STREAM_PAGE, offset))
        yield from page
        if len(page) < STREAM_PAGE:
            return
        offset += STREAM_PAGE


def about(store: Store, entity: str, **filters: Any) -> list[Claim]:
    """Claims whose content mentions ``entity`` (a stored mention, or its name or an alias as whole words),
    newest first."""
    named(entity, "an entity")
    return claims(store, **{**filters, "entity": entity})


def speaker(store: Store, name: str, **filters: Any) -> list[Claim]:
    """Claims by the speaker called ``name`` across the corpus (variants merged), newest first."""
    named(name, "a speaker name")
    return claims(store, **{**filters, "speaker": name})


def search(store: Store, text: str, **filters: Any) -> list[Claim]:
    """Claims whose content matches ``text`` (all words, stems allowed, "quoted phrases"), best first."""
    if not isinstance(text, str) or not fts.query_terms(text):
        raise InputError(f"search text {text!r} has no words to look for")
    return claims(store, **{**filters, "q": text})


# -- rows to claims --------------------------------------------------------------------------------


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
        url=safe_url(article.url), cue=row.cue_text, spans=[list(s) for s in row.content_spans],
        source=row.source_text, confidence=row.confidence, parent=row.parent_local_id,
        quantities=[_quantity(link.quantity) for link in row.quantity_links],
        outlet_id=article.outlet_id, via_ids=[v.outlet_id for v in row.via],
    )


def _quantity(q: m.Quantity) -> dict[str, Any]:
    return {"text": q.text, "low": q.low, "high": q.high, "unit": q.unit, "referent": q.referent}
