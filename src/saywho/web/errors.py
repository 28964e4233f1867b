"""Errors of the web layer and the one JSON shape every error response has."""

from __future__ import annotations

from typing import Any

from ..errors import SaywhoError


class WebError(SaywhoError):
    """A request the web app refuses: ``status`` is the HTTP status it answers with."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def error_body(message: str, status: int) -> dict[str, Any]:
    """``{"ok": false, "error": ..., "status": ...}``: the body of every JSON error."""
    return {"ok": False, "error": message, "status": status}
