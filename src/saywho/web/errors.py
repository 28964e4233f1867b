"""Errors of the web layer and the one JSON shape every error response has."""

from __future__ import annotations

from typing import Any

from ..errors import SaywhoError


class WebError(SaywhoError):
    """A request the web app refuses: ``status`` is the HTTP status it answers with."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class SearchError(WebError):
    """Filters the store refused (no words to search, a malformed query): the claims page shows the
    message above its form as the user filled it, the JSON twin answers 400."""

    def __init__(self, message: str, filters: dict[str, Any]) -> None:
        super().__init__(message, status=400)
        self.filters = filters


def error_body(message: str, status: int) -> dict[str, Any]:
    """``{"ok": false, "error": ..., "status": ...}``: the body of every JSON error."""
    return {"ok": False, "error": message, "status": status}


class Redirect(Exception):
    """Answer with a redirect to ``location`` (a name in a URL resolved to the row's own page)."""

    def __init__(self, location: str, status: int = 307) -> None:
        super().__init__(location)
        self.location = location
        self.status = status
