"""``POST /articles``: extract and store new articles, only for a client holding the write token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ...articles import Article
from ...extract import extract
from ...store.keys import content_hash
from ..errors import WebError
from ..pages import ERROR_RESPONSES, store_of
from ..render import article_url
from ..security import ARTICLE_ID, token_matches

router = APIRouter()


class ArticleIn(BaseModel):
    """One article, as a line of ``saywho extract --format jsonl`` input."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., min_length=1, description="The article's plain text.")
    id: str | None = Field(None, max_length=200, pattern=ARTICLE_ID.pattern,
                           description="Its id; the content hash's first 16 hex digits when absent.")
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=300)
    published: str | None = Field(None, max_length=100, description="ISO 8601 date or date-time.")
    byline: str | None = Field(None, max_length=2000)


WRITE_RESPONSES = {
    **ERROR_RESPONSES,
    401: ERROR_RESPONSES[400] | {"description": "Missing or wrong bearer token"},
    403: ERROR_RESPONSES[400] | {"description": "Writing is disabled: the server has no token"},
}


@router.post("/articles", status_code=201, tags=["articles"], responses=WRITE_RESPONSES,
             summary="Extract attributions from one article and store it (needs the bearer token)")
async def post_article(request: Request, body: ArticleIn) -> JSONResponse:
    """Extracts the article, stores it, and answers with its stored id and the extraction result.

    201 when stored, 200 when the same text was stored already (nothing is written twice).
    """
    check_token(request)
    store = store_of(request)
    stored, existing = await run_in_threadpool(_store_article, store, body)
    return JSONResponse(stored, status_code=200 if existing else 201)


def check_token(request: Request) -> None:
    """403 when the server has no token (read-only), 401 unless the request carries it."""
    token = request.app.state.settings.token
    if not token:
        raise WebError("writing is disabled on this server: start saywho serve with --token or SAYWHO_TOKEN",
                       status=403)
    if not token_matches(request.headers.get("authorization"), token):
        raise WebError("this needs the server's token as 'Authorization: Bearer <token>'", status=401)


def _store_article(store: Any, body: ArticleIn) -> tuple[dict[str, Any], bool]:
    digest = content_hash(body.text)
    existing = store.article_id_by_hash(digest)
    if existing is None:
        article = Article(text=body.text, id=body.id or digest[:16], title=body.title, url=body.url,
                          outlet=body.outlet, published=body.published, byline=body.byline)
        result = extract(article.text, id=article.id, **article.meta())
        store.add_batch([(article, result)])
    article_id = existing or store.article_id_by_hash(digest)
    if article_id is None:
        raise WebError("the article could not be stored", status=500)
    result = store.article_result(article_id)
    return {"ok": True, "id": article_id, "url": article_url(article_id), "stored": existing is None,
            "result": result.to_dict()}, existing is not None
