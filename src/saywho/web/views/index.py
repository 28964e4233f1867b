"""The start page: what the store holds, the newest articles and the most quoted speakers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from ... import query
from ..pages import add_page, store_of

router = APIRouter()

# Rows of each short list on the start page.
TOP = 10


def index_page(request: Request) -> dict[str, Any]:
    """Counts of everything stored, the newest articles, the top speakers and outlets."""
    store = store_of(request)
    return {
        "counts": store.counts(),
        "articles": query.articles(store, limit=TOP),
        "speakers": query.speakers(store, limit=TOP),
        "outlets": query.outlets(store, limit=TOP),
    }


add_page(router, "/", index_page, template="index.html", title="saywho", summary="What the store holds",
         tags=["overview"])
