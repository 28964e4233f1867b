"""The pages and API routes, one module per page type (datasette's ``views/``)."""

from __future__ import annotations

from fastapi import FastAPI

from . import api, article, articles, claims, clusters, entities, index, network, outlets, speakers

# The API's POST routes first, then the pages.
MODULES = (api, index, claims, clusters, articles, article, speakers, entities, outlets, network)


def register_all(app: FastAPI) -> None:
    """Add every module's router to ``app``."""
    for module in MODULES:
        app.include_router(module.router)
