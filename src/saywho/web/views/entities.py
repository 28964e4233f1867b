"""Entities: the list (most mentioned first) and one entity's page: who says what about it, when."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from ... import query
from ..pages import add_page, claims_of, items_of, paged, pagination, store_of
from ..security import NAME
from .filters import TEXT, By, Limit, Offset, load_profile, page_size

router = APIRouter()

Ref = Annotated[str, Path(description="The entity's id (``7`` or ``7-north-korea``, what links use), or its "
                          "canonical name or an alias (DPRK, Pyongyang), which redirect to the entity's page.",
                          max_length=300, pattern=NAME.pattern)]
Kind = Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z_]*$", description="PERSON, ORG, GPE, ...")]


def entities_page(request: Request, name: Annotated[str | None, Query(max_length=300, pattern=TEXT)] = None,
                  kind: Kind = None, limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
    """Canonical entities with the number of articles that mention them."""
    store = store_of(request)
    items, pages = paged(request, lambda n, skip: query.entities(store, name or None, kind=kind or None,
                                                                  limit=n, offset=skip),
                         lambda: query.count_entities(store, name or None, kind=kind or None),
                         limit=page_size(request, limit), offset=offset)
    return {"filters": {"name": name, "kind": kind}, "items": items, "pagination": pages}


def entity_page(request: Request, ref: Ref, limit: Limit = None, offset: Offset = 0, by: By = "month") -> dict[str, Any]:
    """One entity: aliases, the claims about it on a timeline, who made them and through which outlets."""
    store = store_of(request)
    size = page_size(request, limit)
    profile = load_profile(request, "entity", ref,
                           lambda i: query.entity_profile(store, i, limit=size, offset=offset, by=by))
    profile["pagination"] = pagination(request, limit=size, offset=offset, count=len(profile["claims"]),
                                       total=profile["claims_total"])
    return profile


add_page(router, "/entities", entities_page, template="entities.html", title="Entities", csv=items_of,
         summary="List entities", tags=["entities"])
add_page(router, "/entities/{ref:path}", entity_page, template="entity.html", title=lambda p: p["name"],
         csv=claims_of, summary="One entity: the claims about it", tags=["entities"])
