"""The pages and API routes, one module per page type (datasette's ``views/``)."""

from __future__ import annotations

from fastapi import FastAPI

from . import api, article, articles, claims, entities, index, network, outlets, speakers


def register_all(app: FastAPI) -> None:
    """Add every router; the API's POST routes first, then the pages."""
    for module in (api, index, claims, articles, article, speakers, entities, outlets, network):
        app.include_router(module.router)
