"""The FastAPI application: settings, the store it reads, error pages and the routes of ``views/``."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response

from .. import __version__
from ..errors import InputError, SaywhoError, StoreError
from ..options import ExtractOptions
from ..store import ArticleNotFound
from .errors import Redirect, SearchError, WebError, error_body
from .pages import MAX_PAGE_SIZE
from .render import render_error, render_search_error
from .security import EmptyQueryMiddleware, HeadMiddleware, SecurityMiddleware

log = logging.getLogger(__name__)

TOKEN_ENV = "SAYWHO_TOKEN"


@dataclass(frozen=True)
class WebSettings:
    """How the web app runs; ``saywho serve`` flags land here."""

    db: str | None = None  # store URL; None: the store's default (the embedded SQLite file)
    token: str | None = None  # bearer token that enables POST /articles; None: read-only
    max_body: int = 2_000_000  # request bodies above this many bytes get 413
    page_size: int = 50  # default rows per page of a list (at most pages.MAX_PAGE_SIZE)
    extract: ExtractOptions | None = None  # how POST /articles extracts (saywho serve's flags); None: defaults

    @classmethod
    def from_env(cls, **overrides: Any) -> "WebSettings":
        """Settings with the token taken from SAYWHO_TOKEN unless given."""
        if overrides.get("token") is None:
            overrides["token"] = os.environ.get(TOKEN_ENV) or None
        return cls(**{k: v for k, v in overrides.items() if v is not None})


def create_app(store: Any = None, *, settings: WebSettings | None = None) -> FastAPI:
    """The saywho web app over ``store`` (opened from ``settings.db`` when not given)."""
    settings = settings or WebSettings()
    if settings.max_body < 1:
        raise InputError(f"max_body must be a positive number of bytes, not {settings.max_body}")
    if not 1 <= settings.page_size <= MAX_PAGE_SIZE:
        raise InputError(f"page_size must be from 1 to {MAX_PAGE_SIZE}, not {settings.page_size}")
    app = FastAPI(
        title="saywho",
        version=__version__,
        description="Who said what, according to whom: claims extracted from news articles. "
                    "Every HTML page has a JSON twin at the same path plus `.json`.",
        docs_url=None,  # Swagger UI and ReDoc load from CDNs, which the CSP (and the brief) rule out
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store if store is not None else open_store(settings.db, write=bool(settings.token))
    app.add_middleware(EmptyQueryMiddleware)
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(SecurityMiddleware, max_body=settings.max_body)
    app.add_middleware(HeadMiddleware)
    _add_error_handlers(app)
    static = resources.files("saywho.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def _favicon() -> FileResponse:  # browsers ask for it on pages without a <link rel="icon">, e.g. JSON
        return FileResponse(str(static / "favicon.svg"), media_type="image/svg+xml")

    from .views import register_all

    register_all(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's spec plus the bearer scheme that POST /articles declares (cached like FastAPI's own)."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        spec.setdefault("components", {}).setdefault("securitySchemes", {})["bearer"] = {
            "type": "http", "scheme": "bearer",
            "description": "The token given to saywho serve with --token or SAYWHO_TOKEN; needed to write."}
        app.openapi_schema = spec
    return app.openapi_schema


def open_store(url: str | None, *, write: bool = False) -> Any:
    """The store, opened read-only unless the server takes writes (POST /articles with a token)."""
    from ..store import Store

    return Store(url or None, mode="write" if write else "read")


def wants_json(request: Request) -> bool:
    """JSON errors for API paths (``.json``, ``.csv``, POST) and clients that do not ask for HTML."""
    path = request.url.path
    if path.endswith((".json", ".csv")) or request.method != "GET":
        return True
    return "text/html" not in request.headers.get("accept", "")


def error_response(request: Request, message: str, status: int, headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        return JSONResponse(error_body(message, status), status_code=status, headers=headers)
    response = render_error(message, status)
    if headers:
        response.headers.update(headers)
    return response


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Redirect)
    async def _redirect(request: Request, exc: Redirect) -> Response:
        return RedirectResponse(exc.location, status_code=exc.status)

    @app.exception_handler(SearchError)
    async def _search_error(request: Request, exc: SearchError) -> Response:
        if wants_json(request):
            return JSONResponse(error_body(str(exc), exc.status), status_code=exc.status)
        return render_search_error(request, str(exc), exc.filters)

    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        headers = {"www-authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(request, str(exc), exc.status, headers)

    @app.exception_handler(ArticleNotFound)
    async def _no_article(request: Request, exc: ArticleNotFound) -> Response:
        return error_response(request, str(exc), 404)

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return error_response(request, f"the store could not answer: {exc}", 503)

    @app.exception_handler(SaywhoError)
    async def _saywho_error(request: Request, exc: SaywhoError) -> Response:
        return error_response(request, str(exc), 400)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no page at {request.url.path}"
        return error_response(request, message, exc.status_code, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path == "/claims" and not wants_json(request):
            # The search page keeps its form, filled as sent, with the problem above the results.
            response = render_search_error(request, _validation_message(exc), dict(request.query_params))
            response.status_code = 422
            return response
        return error_response(request, _validation_message(exc), 422)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, "internal error: the server failed on this request", 500)


def _validation_message(exc: RequestValidationError) -> str:
    """The first few validation problems as one readable line (``query.limit: ...``)."""
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)
