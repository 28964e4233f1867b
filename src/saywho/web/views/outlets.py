"""Outlets: the list, and one outlet's page: the articles it published and the claims it carried."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from ... import query
from ...store.keys import canonical_outlet
from ..errors import WebError
from ..pages import add_page, claims_of, items_of, paged, store_of
from ..security import NAME
from .filters import TEXT, ClaimFilters, Limit, Offset, find_claims, page_size

router = APIRouter()

Name = Annotated[str, Path(description="The outlet's name or an alias (e.g. RFE/RL).", max_length=300, pattern=NAME.pattern)]
# How many articles and claims an outlet page shows; the claims search pages through the rest.
PROFILE_ROWS = 200


def outlets_page(request: Request, name: Annotated[str | None, Query(max_length=300, pattern=TEXT)] = None,
                 limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
    """Outlets with the articles they published and the claims that reached readers through them."""
    store = store_of(request)
    items, pages = paged(request, lambda n, skip: query.outlets(store, name or None, limit=n, offset=skip),
                         limit=page_size(request, limit), offset=offset)
    return {"filters": {"name": name}, "items": items, "pagination": pages}


def outlet_page(request: Request, name: Name) -> dict[str, Any]:
    """One outlet: its articles, the claims it published or passed on (via), and whose claims they were."""
    store = store_of(request)
    outlet = _find(store, name)
    claims = find_claims(store, ClaimFilters(outlet=outlet["name"]), limit=PROFILE_ROWS, offset=0)
    speakers = Counter(c["speaker"] for c in claims if c["speaker"])
    by_day = Counter((c["published"] or "")[:10] or None for c in claims)
    return {
        **outlet,
        "published_articles": query.articles(store, outlet=outlet["name"], limit=PROFILE_ROWS),
        "claims": claims,
        "speakers": [{"name": s, "claims": n} for s, n in speakers.most_common()],
        "timeline": [{"date": d, "claims": n} for d, n in sorted(by_day.items(), key=lambda kv: (kv[0] is None, kv[0]))],
    }


def _find(store: Any, name: str) -> dict[str, Any]:
    """The outlet called ``name``: same name, else same canonical key (aliases folded), else 404."""
    key = canonical_outlet(name)[0]
    candidates = query.outlets(store, name, limit=50) + query.outlets(store, canonical_outlet(name)[1], limit=50)
    for candidate in candidates:
        if candidate["name"].casefold() == name.casefold() or canonical_outlet(candidate["name"])[0] == key:
            return candidate
    raise WebError(f"no outlet called {name!r} in the store", status=404)


add_page(router, "/outlets", outlets_page, template="outlets.html", title="Outlets", csv=items_of,
         summary="List outlets", tags=["outlets"])
add_page(router, "/outlets/{name:path}", outlet_page, template="outlet.html", title=lambda p: p["name"],
         csv=claims_of, summary="One outlet: its articles and the claims it carried", tags=["outlets"])
