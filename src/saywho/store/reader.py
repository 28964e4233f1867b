"""Stored rows back into saywho's records: an article's dict and its full ``Result``."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..records import Attribution, Entity, Quantity, Result, Speaker, TextSpans, Via
from . import models as m


def _spans(spans: Any) -> list[tuple[int, int]]:
    return [(int(start), int(end)) for start, end in spans or []]


def safe_url(url: Any) -> str | None:
    """``url`` when it is an http(s) URL with a host, else None: a ``javascript:`` link stored by an older
    saywho never reaches a page or a JSON answer."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def article_dict(row: m.Article, *, text: bool = True) -> dict[str, Any]:
    """An article's stored fields; ``published`` as given, ``published_date`` as ISO when parsed."""
    out: dict[str, Any] = {
        "id": row.id,
        "title": row.title,
        "url": safe_url(row.url),
        "outlet": row.outlet.name if row.outlet else row.outlet_name,
        "outlet_as_given": row.outlet_name,
        "published": row.published_text,
        "published_date": row.published.isoformat() if row.published else None,
        "byline": row.byline,
        "content_hash": row.content_hash,
        "ingested_at": _utc(row.ingested_at).isoformat() if row.ingested_at else None,
        "extra": dict(row.extra or {}),
    }
    if text:
        out["text"] = row.text
    return out


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive date-times; the store writes them in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def meta_of(row: m.Article) -> dict[str, Any]:
    """The ``Result.meta`` an article was extracted with (its non-empty title, url, outlet, ...)."""
    fields = {"title": row.title, "url": row.url, "outlet": row.outlet_name,
              "published": row.published_text, "byline": row.byline}
    return {k: v for k, v in fields.items() if v}


def load_result(session: Session, article_id: str) -> Result | None:
    """The Result stored for ``article_id``, records in their original order, or None."""
    stmt = select(m.Article).where(m.Article.id == article_id).options(
        selectinload(m.Article.attributions).selectinload(m.Attribution.via),
        selectinload(m.Article.attributions).selectinload(m.Attribution.quantity_links)
        .selectinload(m.AttributionQuantity.quantity),
        selectinload(m.Article.entity_mentions),
        selectinload(m.Article.quantities),
    )
    row = session.scalar(stmt)
    if row is None:
        return None
    return Result(
        id=row.id,
        attributions=[attribution_record(a) for a in row.attributions],
        entities=[Entity(id=e.local_id, kind=e.kind, name=e.name, mentions=_spans(e.spans),
                         aliases=list(e.aliases or [])) for e in row.entity_mentions],
        quantities=[quantity_record(q) for q in row.quantities],
        meta=meta_of(row),
    )


def attribution_record(a: m.Attribution) -> Attribution:
    """One stored attribution row as the record the extractor made."""
    speaker = None
    if a.speaker_name is not None:
        speaker = Speaker(name=a.speaker_name, entity=a.speaker_entity, role=a.role, affiliation=a.affiliation)
    return Attribution(
        id=a.local_id,
        type=a.type,  # type: ignore[arg-type]
        content=TextSpans(a.content_text, _spans(a.content_spans)),
        cue=TextSpans(a.cue_text, _spans(a.cue_spans)) if a.cue_text is not None else None,
        source=TextSpans(a.source_text, _spans(a.source_spans)) if a.source_text is not None else None,
        speaker=speaker,
        via=[Via(name=v.name, cue=v.cue, spans=_spans(v.spans), entity=v.entity_local_id) for v in a.via],
        parent=a.parent_local_id,
        quantities=[link.quantity.local_id for link in a.quantity_links],
        confidence=a.confidence,
        method=a.method,  # type: ignore[arg-type]
        kind=a.kind,  # type: ignore[arg-type]
    )


def quantity_record(q: m.Quantity) -> Quantity:
    return Quantity(id=q.local_id, text=q.text, low=q.low, high=q.high, unit=q.unit, spans=_spans(q.spans),
                    referent=q.referent, hedge=q.hedge, low_inclusive=q.low_inclusive,
                    high_inclusive=q.high_inclusive)
