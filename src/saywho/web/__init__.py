"""saywho's web app and JSON API (``saywho serve``): FastAPI, Jinja pages, no CDN.

    from saywho.web import create_app
    app = create_app(settings=WebSettings(db="claims.db", token="secret"))
"""

from __future__ import annotations

from .app import WebSettings, create_app
from .errors import WebError

__all__ = ["WebError", "WebSettings", "create_app"]
