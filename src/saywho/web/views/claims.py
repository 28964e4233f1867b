"""The claims search: every attribution in the store, filtered by words, speaker, entity, outlet, date, type."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from ..pages import add_page, items_of, paged, store_of
from .filters import ClaimFilters, Limit, Offset, claim_filters, find_claims, page_size

router = APIRouter()


def claims_page(request: Request, f: ClaimFilters = Depends(claim_filters), limit: Limit = None,
                offset: Offset = 0) -> dict[str, Any]:
    """Claims (attributions with their speaker, role, outlet and date), newest first or best match first."""
    store = store_of(request)
    items, pages = paged(request, lambda n, skip: find_claims(store, f, limit=n, offset=skip),
                         limit=page_size(request, limit), offset=offset)
    return {"filters": f.to_dict(), "items": items, "pagination": pages}


add_page(router, "/claims", claims_page, template="claims.html", title="Claims", csv=items_of,
         summary="Search claims", tags=["claims"])
