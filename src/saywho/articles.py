"""Articles as saywho receives them, and the checks every text passes before the NLP stage."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError, SaywhoError

# Share of control characters above which a "text" is taken to be binary data.
_BINARY_CONTROL_SHARE = 0.05
_ALLOWED_CONTROLS = {"\n", "\r", "\t", "\f", "\v"}


@dataclass
class Article:
    """One article: its text plus what is known about it (all optional but the text)."""

    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    byline: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def meta(self) -> dict[str, Any]:
        fields = {"title": self.title, "url": self.url, "outlet": self.outlet,
                  "published": self.published, "byline": self.byline}
        return {k: v for k, v in fields.items() if v}


def decode_text(data: bytes, *, source: str = "input") -> str:
    """Bytes to text: UTF-8 (with or without BOM), else a clear InputError; binary data refused."""
    if b"\x00" in data[:65536]:
        raise InputError(f"{source} looks like binary data (it contains NUL bytes), not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = _decode_legacy(data)
        if text is None:
            raise InputError(
                f"{source} is not valid UTF-8 (bad byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "re-encode it as UTF-8"
            ) from exc
    return text


def _decode_legacy(data: bytes) -> str | None:
    """Windows-1252 text is common in old news archives; accept it only when it decodes cleanly."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    return text if controls == 0 else None


def check_text(text: object, *, max_chars: int, source: str = "article") -> str:
    """Return ``text`` if saywho can process it, else raise InputError saying why."""
    if isinstance(text, bytes):
        text = decode_text(text, source=source)
    if not isinstance(text, str):
        raise InputError(f"{source} text must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{source} is empty: there is no text to extract attributions from")
    if len(text) > max_chars:
        raise InputError(
            f"{source} has {len(text):,} characters, more than the limit of {max_chars:,}; "
            "split it into articles or raise max_chars (--max-chars)"
        )
    sample = text[:100_000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    if controls > _BINARY_CONTROL_SHARE * len(sample):
        raise InputError(f"{source} looks like binary data ({controls} control characters), not an article")
    return text


class BatchError:
    """An article of a batch that could not be processed: its id (or input position) and the reason."""

    def __init__(self, id: str | None, error: SaywhoError, *, source: str | None = None) -> None:
        self.id = id
        self.error = error
        self.source = source

    def __repr__(self) -> str:
        return f"BatchError(id={self.id!r}, error={self.error!r})"

    def to_dict(self) -> dict[str, Any]:
        error = {"type": type(self.error).__name__, "message": str(self.error)}
        if self.source:
            error["source"] = self.source
        from .records import SCHEMA_VERSION

        return {"id": self.id, "schema_version": SCHEMA_VERSION, "error": error}
