"""Outlets: the list, and one outlet's page: the articles it published and the claims it carried."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from ... import query
from ..pages import add_page, claims_of, items_of, paged, pagination, store_of
from ..security import NAME
from .filters import TEXT, By, Limit, Offset, load_profile, page_size

router = APIRouter()

Ref = Annotated[str, Path(description="The outlet's id (``3`` or ``3-reuters``, what links use), or its name or an "
                          "alias (RFE/RL), which redirect to the outlet's page.", max_length=300,
                          pattern=NAME.pattern)]


def outlets_page(request: Request, name: Annotated[str | None, Query(max_length=300, pattern=TEXT)] = None,
                 limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
    """Outlets with the articles they published and the claims that reached readers through them."""
    store = store_of(request)
    items, pages = paged(request, lambda n, skip: query.outlets(store, name or None, limit=n, offset=skip),
                         lambda: query.count_outlets(store, name or None),
                         limit=page_size(request, limit), offset=offset)
    return {"filters": {"name": name}, "items": items, "pagination": pages}


def outlet_page(request: Request, ref: Ref, limit: Limit = None, offset: Offset = 0,
                articles_offset: Offset = 0, by: By = "month") -> dict[str, Any]:
    """One outlet: its articles, the claims it published or passed on (via), and whose claims they were,
    counted over all of them; the articles and the claims page separately."""
    store = store_of(request)
    size = page_size(request, limit)
    profile = load_profile(request, "outlet", ref,
                           lambda i: query.outlet_profile(store, i, limit=size, offset=offset, by=by, articles_limit=size,
                                                          articles_offset=articles_offset))
    profile["pagination"] = pagination(request, limit=size, offset=offset, count=len(profile["claims"]),
                                       total=profile["claims_total"])
    profile["articles_pagination"] = pagination(request, limit=size, offset=articles_offset,
                                                count=len(profile["published_articles"]),
                                                total=profile["published_articles_total"], key="articles_offset")
    return profile


add_page(router, "/outlets", outlets_page, template="outlets.html", title="Outlets", csv=items_of,
         summary="List outlets", tags=["outlets"])
add_page(router, "/outlets/{ref:path}", outlet_page, template="outlet.html", title=lambda p: p["name"],
         csv=claims_of, summary="One outlet: its articles and the claims it carried", tags=["outlets"])
