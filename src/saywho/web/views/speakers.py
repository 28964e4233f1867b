"""Speakers: the list (most quoted first) and one speaker's profile."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from ... import query
from ..pages import add_page, claims_of, items_of, paged, pagination, store_of
from ..security import NAME
from .filters import TEXT, By, Limit, Offset, load_profile, page_size

router = APIRouter()

Ref = Annotated[str, Path(description="The speaker's id (``12`` or ``12-robert-farley``, what links use) or a "
                          "name, which redirects to the matching speaker's page.", max_length=300,
                          pattern=NAME.pattern)]


def speakers_page(request: Request, name: Annotated[str | None, Query(max_length=300, pattern=TEXT)] = None,
                  limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
    """Speakers with their claim and article counts and first and last dates, most quoted first."""
    store = store_of(request)
    items, pages = paged(request, lambda n, skip: query.speakers(store, name or None, limit=n, offset=skip),
                         lambda: query.count_speakers(store, name or None),
                         limit=page_size(request, limit), offset=offset)
    return {"filters": {"name": name}, "items": items, "pagination": pages}


def speaker_page(request: Request, ref: Ref, limit: Limit = None, offset: Offset = 0, by: By = "month") -> dict[str, Any]:
    """One speaker: names as written, roles and affiliations as stated, claims over time, outlets,
    entities talked about (all counted over every claim), and a page of the claims."""
    store = store_of(request)
    size = page_size(request, limit)
    profile = load_profile(request, "speaker", ref,
                           lambda i: query.speaker_profile(store, i, limit=size, offset=offset, by=by))
    profile["pagination"] = pagination(request, limit=size, offset=offset, count=len(profile["claims"]),
                                       total=profile["claims_total"])
    return profile


add_page(router, "/speakers", speakers_page, template="speakers.html", title="Speakers", csv=items_of,
         summary="List speakers", tags=["speakers"])
add_page(router, "/speakers/{ref:path}", speaker_page, template="speaker.html", title=lambda p: p["name"],
         csv=claims_of, summary="One speaker's profile and claims", tags=["speakers"])
