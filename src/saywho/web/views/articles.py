"""The list of stored articles (the reader of one article is ``views/article.py``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from ... import query
from ..pages import add_page, items_of, paged, store_of
from .filters import TEXT, Limit, Offset, RowId, page_size

router = APIRouter()


def articles_page(request: Request, outlet: Annotated[str | None, Query(max_length=300, pattern=TEXT)] = None,
                  outlet_id: RowId = None, date_from: date | None = None, date_to: date | None = None,
                  limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
    """Stored articles, newest first (an undated one by the day it was stored), with their attribution
    counts (no text; see /articles/{id})."""
    store = store_of(request)
    where = {"outlet": outlet or None, "outlet_id": outlet_id, "date_from": date_from, "date_to": date_to}
    items, pages = paged(request, lambda n, skip: query.articles(store, **where, limit=n, offset=skip),
                         lambda: query.count_articles(store, **where), limit=page_size(request, limit),
                         offset=offset)
    filters = {"outlet": outlet, "outlet_id": outlet_id, "date_from": _iso(date_from), "date_to": _iso(date_to)}
    return {"filters": filters, "items": items, "pagination": pages}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


add_page(router, "/articles", articles_page, template="articles.html", title="Articles", csv=items_of,
         summary="List articles", tags=["articles"])
