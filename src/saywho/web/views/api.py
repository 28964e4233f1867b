"""``POST /articles``: extract and store new articles, only for a client holding the write token.

The token is checked before the body is read, so a client without it learns nothing about what a
valid body looks like (401 before 422).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ... import query
from ...articles import Article, check_article
from ...extract import extract
from ...options import ExtractOptions
from ...store.keys import content_hash
from ..errors import WebError
from ..pages import ERROR_RESPONSES, store_of
from ..render import article_url
from ..security import NEW_ARTICLE_ID, token_matches

router = APIRouter()


class ArticleIn(BaseModel):
    """One article, as a line of ``saywho extract --format jsonl`` input."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., min_length=1, description="The article's plain text.")
    id: str | None = Field(None, max_length=200, pattern=NEW_ARTICLE_ID.pattern,
                           description="Its id; the content hash's first 16 hex digits when absent.")
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=2000, pattern=r"^[hH][tT][tT][pP][sS]?://[^\s/?#]+[^\s]*$",
                            description="The article's http(s) address.")
    outlet: str | None = Field(None, max_length=300)
    published: str | None = Field(None, max_length=100,
                                  pattern=r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$",
                                  description="ISO 8601 date or date-time (2024-11-02, 2024-11-02T09:30:00Z).")
    byline: str | None = Field(None, max_length=2000)

    @field_validator("published")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        """The pattern admits 2024-13-45; the calendar does not."""
        if value is None:
            return value
        try:
            (datetime.fromisoformat(value.replace("Z", "+00:00")) if len(value) > 10 else date.fromisoformat(value))
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a calendar date") from exc
        return value


WRITE_RESPONSES = {
    **ERROR_RESPONSES,
    401: ERROR_RESPONSES[400] | {"description": "Missing or wrong bearer token"},
    403: ERROR_RESPONSES[400] | {"description": "Writing is disabled: the server has no token"},
}
RESULT_SCHEMA = {"type": "object", "required": ["ok", "id", "url", "stored", "result"],
                 "properties": {"ok": {"type": "boolean"}, "id": {"type": "string"}, "url": {"type": "string"},
                                "stored": {"type": "boolean"}, "result": {"type": "object"}}}
STORED = {"content": {"application/json": {"schema": RESULT_SCHEMA}}}


@router.post("/articles", status_code=201, tags=["articles"],
             responses={201: {"description": "Stored", **STORED},
                        200: {"description": "The same text was stored already", **STORED}, **WRITE_RESPONSES},
             summary="Extract attributions from one article and store it (needs the bearer token)",
             openapi_extra={"security": [{"bearer": []}],
                            "requestBody": {"required": True, "content": {"application/json": {
                                "schema": ArticleIn.model_json_schema()}}}})
async def post_article(request: Request) -> JSONResponse:
    """Extracts the article, stores it, and answers with its stored id and the extraction result.

    201 when stored, 200 when the same text was stored already (nothing is written twice).
    """
    check_token(request)
    body = _parse(await request.body())
    store = store_of(request)
    stored, existing = await run_in_threadpool(_store_article, store, body, request.app.state.settings.extract)
    return JSONResponse(stored, status_code=200 if existing else 201)


def _parse(raw: bytes) -> ArticleIn:
    """The body as an ArticleIn; its problems as the 422 every other invalid request gets (decoded as
    FastAPI decodes bodies, so that each field's problem is named as it would be there)."""
    try:
        data = json.loads(raw or b"null")
    except ValueError as exc:  # JSONDecodeError and bytes that are not UTF-8
        raise RequestValidationError([{"loc": ("body",), "msg": f"invalid JSON: {exc}", "type": "json_invalid"}]) from exc
    try:
        return ArticleIn.model_validate(data)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from exc


def check_token(request: Request) -> None:
    """403 when the server has no token (read-only), 401 unless the request carries it."""
    token = request.app.state.settings.token
    if not token:
        raise WebError("writing is disabled on this server: start saywho serve with --token or SAYWHO_TOKEN",
                       status=403)
    if not token_matches(request.headers.get("authorization"), token):
        raise WebError("this needs the server's token as 'Authorization: Bearer <token>'", status=401)


def _store_article(store: Any, body: ArticleIn, options: ExtractOptions | None) -> tuple[dict[str, Any], bool]:
    digest = content_hash(body.text)
    existing = store.article_id_by_hash(digest)
    if existing is None:
        article = check_article(Article(text=body.text, id=body.id or digest[:16], title=body.title, url=body.url,
                                        outlet=body.outlet, published=body.published, byline=body.byline),
                                max_chars=(options or ExtractOptions.defaults()).max_chars)
        result = extract(article.text, id=article.id, options=options, **article.meta())
        store.add_batch([(article, result)])
    article_id = existing or store.article_id_by_hash(digest)
    if article_id is None:
        raise WebError("the article could not be stored", status=500)
    result = store.article_result(article_id).to_dict()
    if "url" in result.get("meta", {}):
        result["meta"]["url"] = query.safe_url(result["meta"]["url"])
    return {"ok": True, "id": article_id, "url": article_url(article_id), "stored": existing is None,
            "result": result}, existing is not None
