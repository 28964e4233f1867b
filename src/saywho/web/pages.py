"""Registering a page: one data function, routes for HTML, ``.json`` and (for lists) ``.csv``.

The data function takes FastAPI parameters (path, query, ``request``) and returns the page's
dict. The JSON route is the documented API (it is in the OpenAPI spec); the HTML and CSV routes
render the very same dict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from .render import raw_path, respond
from .schemas import page_schema

ERROR_SCHEMA = {
    "type": "object",
    "required": ["ok", "error", "status"],
    "properties": {"ok": {"type": "boolean", "const": False}, "error": {"type": "string"},
                   "status": {"type": "integer"}},
}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"description": text, "content": {"application/json": {"schema": ERROR_SCHEMA}}}
    for code, text in ((400, "Bad request"), (404, "Not found"), (413, "Body too large"),
                       (422, "Invalid parameters"), (503, "Store unavailable"))
}
REDIRECT_RESPONSE = {307: {"description": "A name or alias in the path: redirect to the row's own page "
                                         "(``/speakers/12-robert-farley``), or to the list filtered by that name "
                                         "when several rows match"}}
CSV_RESPONSE = {200: {"description": "The page's rows as CSV (one header row; nested fields as dotted columns)",
                      "content": {"text/csv": {"schema": {"type": "string"}}}}}
# The largest ``limit`` a list accepts (declared in the OpenAPI spec).
MAX_PAGE_SIZE = 500

DataFunction = Callable[..., dict[str, Any]]
HtmlExtras = Callable[[dict[str, Any]], dict[str, Any]]
CsvRows = Callable[[dict[str, Any]], list[dict[str, Any]]]


def items_of(page: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a list page."""
    return page["items"]


def claims_of(page: dict[str, Any]) -> list[dict[str, Any]]:
    """The claims of a profile page (speaker, entity, outlet): its CSV rows."""
    return page["claims"]


def add_page(router: APIRouter, path: str, data: DataFunction, *, template: str, title: str | Callable[[dict], str],
             summary: str, csv: CsvRows | None = None, extras: HtmlExtras | None = None,
             tags: list[str] | None = None) -> None:
    """Routes ``path`` (HTML), ``path.json`` and, with ``csv`` (page -> rows), ``path.csv``, all rendering ``data``."""
    base = "/index" if path == "/" else path

    def page_title(page: dict[str, Any]) -> str:
        return title(page) if callable(title) else title

    def json_route(page: dict[str, Any] = Depends(data)) -> JSONResponse:
        return JSONResponse(page)

    def csv_route(request: Request, page: dict[str, Any] = Depends(data)):
        return respond(request, page, fmt="csv", template=template, title=page_title(page), csv_rows=csv)

    def html_route(request: Request, page: dict[str, Any] = Depends(data)):
        return respond(request, page, fmt="html", template=template, title=page_title(page),
                       extras=extras(page) if extras else None, csv_rows=csv)

    redirects = REDIRECT_RESPONSE if "{ref:path}" in path else {}
    # The suffixed routes go first: "/speakers/{ref:path}" would otherwise swallow "x.json".
    router.add_api_route(base + ".json", json_route, methods=["GET"], summary=summary, tags=tags,
                         responses={200: {"content": {"application/json": {"schema": page_schema(path)}}},
                                    **redirects, **ERROR_RESPONSES},
                         response_class=JSONResponse, name=f"{base}.json")
    if path == "/":
        router.add_api_route("/.json", json_route, methods=["GET"], include_in_schema=False)
    if csv:
        router.add_api_route(base + ".csv", csv_route, methods=["GET"], summary=f"{summary} (CSV)", tags=tags,
                             responses={**CSV_RESPONSE, **redirects, **ERROR_RESPONSES}, name=f"{base}.csv")
    router.add_api_route(path, html_route, methods=["GET"], include_in_schema=False)


def pagination(request: Request, *, limit: int, offset: int, count: int, total: int,
               key: str = "offset") -> dict[str, Any]:
    """Page links that keep every other query parameter (``key`` names the offset parameter, for a page
    with two lists); ``total`` is how many rows there are in all, ``next`` is None on the last page."""
    def link(new_offset: int) -> str:
        query = [(k, v) for k, v in request.query_params.multi_items() if k != key]
        query.append((key, str(new_offset)))
        return raw_path(request) + "?" + urlencode(query)

    last = max(0, (total - 1) // limit * limit) if total else 0
    return {
        "limit": limit, "offset": offset, "count": count, "total": total,
        "next": link(offset + limit) if offset + count < total else None,
        "prev": link(max(0, offset - limit)) if offset > 0 else None,
        "first": link(0) if offset > 0 else None,
        "last": link(last) if offset + count < total else None,
    }


def paged(request: Request, fetch: Callable[[int, int], list[dict[str, Any]]], total: Callable[[], int], *,
          limit: int, offset: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One page of ``fetch(limit, offset)`` rows, with how many there are in all and the page links."""
    items = fetch(limit, offset)
    return items, pagination(request, limit=limit, offset=offset, count=len(items), total=total())


def store_of(request: Request) -> Any:
    return request.app.state.store


def check_limit(request: Request, limit: int | None) -> int:
    """``limit``, or the server's default page size when the client gave none."""
    return request.app.state.settings.page_size if limit is None else limit
