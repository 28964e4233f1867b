"""The query parameters the lists share, validated once, and the claims query they drive."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query, Request

from ... import query
from ..pages import MAX_PAGE_SIZE, check_limit

# Printable text only: no control characters reach the store or the pages.
TEXT = r"^[^\x00-\x1f\x7f]*$"
# Search words: printable, with at least one word character to look for.
WORDS = r"^[^\x00-\x1f\x7f]*\w[^\x00-\x1f\x7f]*$"
Text = Annotated[str | None, Query(max_length=300, pattern=TEXT)]
Limit = Annotated[int | None, Query(ge=1, le=MAX_PAGE_SIZE, description="Rows per page (default 50).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]
ClaimType = Literal["direct", "indirect", "mixed"]


@dataclass(frozen=True)
class ClaimFilters:
    """What the claims search (and the network) narrows on; ``None`` means no filter."""

    q: str | None = None
    speaker: str | None = None
    entity: str | None = None
    outlet: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    type: ClaimType | None = None
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items()}

    def store_filters(self) -> dict[str, Any]:
        """The filters ``saywho.query`` functions take as keywords."""
        return {"outlet": self.outlet, "date_from": self.date_from, "date_to": self.date_to, "type": self.type,
                "role": self.role, "speaker": self.speaker}


def claim_filters(
    q: Annotated[str | None, Query(max_length=300, pattern=WORDS,
                                   description='Words in what was said (full-text; "quoted phrases" allowed).')] = None,
    speaker: Annotated[str | None, Query(max_length=300, pattern=TEXT, description="Speaker name.")] = None,
    entity: Annotated[str | None, Query(max_length=300, pattern=TEXT, description="An entity the claim mentions.")] = None,
    outlet: Annotated[str | None, Query(max_length=300, pattern=TEXT, description="Publishing outlet or one on the via chain.")] = None,
    date_from: Annotated[date | None, Query(description="Published on or after (ISO date).")] = None,
    date_to: Annotated[date | None, Query(description="Published on or before (ISO date).")] = None,
    type: Annotated[ClaimType | None, Query(description="direct, indirect or mixed.")] = None,
    role: Annotated[str | None, Query(max_length=300, pattern=TEXT, description="Part of the speaker's stated role.")] = None,
) -> ClaimFilters:
    blank = lambda value: value.strip() or None if isinstance(value, str) else value  # noqa: E731
    return ClaimFilters(blank(q), blank(speaker), blank(entity), blank(outlet), date_from, date_to, type, blank(role))


def find_claims(store: Any, f: ClaimFilters, *, limit: int, offset: int) -> list[dict[str, Any]]:
    """Claims matching every filter, ``limit`` from ``offset``.

    One text criterion goes straight to its query (``search`` for q, ``about`` for an entity,
    ``speaker``); q and an entity together intersect the two answers (up to the query module's
    largest page), since no single query takes both.
    """
    filters = f.store_filters()
    if f.q and f.entity:
        wide = {**filters, "limit": query.MAX_LIMIT}
        about_ids = {c.attribution_id for c in query.about(store, f.entity, **wide)}
        found = [c for c in query.search(store, f.q, **wide) if c.attribution_id in about_ids]
        return [c.to_dict() for c in found[offset:offset + limit]]
    page = {**filters, "limit": limit, "offset": offset}
    if f.q:
        return [c.to_dict() for c in query.search(store, f.q, **page)]
    if f.entity:
        return [c.to_dict() for c in query.about(store, f.entity, **page)]
    if f.speaker:
        return [c.to_dict() for c in query.speaker(store, f.speaker, **page)]
    return [c.to_dict() for c in query.claims(store, **page)]


def page_size(request: Request, limit: int | None) -> int:
    return check_limit(request, limit)
