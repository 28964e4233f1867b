"""Speakers: the list (most quoted first) and one speaker's profile."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from ... import query
from ..errors import WebError
from ..pages import add_page, claims_of, items_of, paged, store_of
from ..security import NAME
from .filters import TEXT, Limit, Offset, page_size

router = APIRouter()

Name = Annotated[str, Path(description="The speaker's name (variants merge).", max_length=300, pattern=NAME.pattern)]


def speakers_page(request: Request, name: Annotated[str | None, Query(max_length=300, pattern=TEXT)] = None,
                  limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
    """Speakers with their claim and article counts and first and last dates, most quoted first."""
    store = store_of(request)
    items, pages = paged(request, lambda n, skip: query.speakers(store, name or None, limit=n, offset=skip),
                         limit=page_size(request, limit), offset=offset)
    return {"filters": {"name": name}, "items": items, "pagination": pages}


def speaker_page(request: Request, name: Name) -> dict[str, Any]:
    """One speaker: names as written, roles and affiliations as stated, claims over time, outlets."""
    profile = query.speaker_profile(store_of(request), name)
    if profile is None:
        raise WebError(f"no speaker called {name!r} in the store", status=404)
    return profile


add_page(router, "/speakers", speakers_page, template="speakers.html", title="Speakers", csv=items_of,
         summary="List speakers", tags=["speakers"])
add_page(router, "/speakers/{name:path}", speaker_page, template="speaker.html", title=lambda p: p["name"],
         csv=claims_of, summary="One speaker's profile and claims", tags=["speakers"])
