"""Articles as saywho receives them, and the checks every text passes before the NLP stage.

What every article's text and metadata go through, whichever reader or API brought them:
- a lone surrogate (``"\\ud800"`` in JSON: valid JSON, not valid Unicode) fails the article with
  its offset, since no store or output can encode it;
- control characters other than tab, line and page breaks (NUL, ESC, DEL, C1 controls) become one
  space each in the text, so that every offset stays the same, and are removed from metadata;
  both stores then hold the same text (PostgreSQL cannot store NUL);
- a text that is mostly control characters is binary data and fails;
- matching and hashing use the normal form of ``saywho.normalize`` (offsets map back to this text).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError, SaywhoError

# Share of control characters above which a "text" is taken to be binary data.
_BINARY_CONTROL_SHARE = 0.05
_BINARY_CONTROLS_MIN = 8  # a stray NUL or two in a short text is noise, not binary data
_ALLOWED_CONTROLS = {"\n", "\r", "\t", "\f", "\v"}
_SURROGATE = re.compile("[\ud800-\udfff]")
# Controls saywho never keeps: C0 but tab, line feed, vertical tab, form feed and carriage return; DEL; C1.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_META_FIELDS = ("id", "title", "url", "outlet", "published", "byline")
# Byte-order marks of the UTF-16 files that Windows tools still write: text, not binary, for every reader.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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
    source: str | None = field(default=None, compare=False)  # where it was read ("day.jsonl line 7"), for reports

    def meta(self) -> dict[str, Any]:
        fields = {"title": self.title, "url": self.url, "outlet": self.outlet,
                  "published": self.published, "byline": self.byline}
        return {k: v for k, v in fields.items() if v}


def decode_text(data: bytes, *, source: str = "input") -> str:
    """Bytes to text, the one decoder of every reader: UTF-8 (a BOM is dropped), UTF-16 when a BOM
    says so, Windows-1252 when it decodes cleanly; else a clear InputError. Binary data is refused."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{source} starts with a UTF-16 byte-order mark but is not valid UTF-16: {exc.reason}") from exc
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
    """Return ``text`` as saywho processes it (controls replaced one for one), else raise InputError saying why."""
    if isinstance(text, bytes):
        text = decode_text(text, source=source)
    if not isinstance(text, str):
        raise InputError(f"{source} text must be a string, got {type(text).__name__}")
    if len(text) > max_chars:
        raise InputError(
            f"{source} has {len(text):,} characters, more than the limit of {max_chars:,}; "
            "split it into articles or raise max_chars (--max-chars)"
        )
    _refuse_surrogates(text, f"{source} text")
    sample = text[:100_000]
    controls = len(_CONTROLS.findall(sample))
    if controls > max(_BINARY_CONTROLS_MIN, _BINARY_CONTROL_SHARE * len(sample)):
        raise InputError(f"{source} looks like binary data ({controls} control characters), not an article")
    if controls or _CONTROLS.search(text, len(sample)):
        text = _CONTROLS.sub(" ", text)
    if not text.strip():
        raise InputError(f"{source} is empty: there is no text to extract attributions from")
    return text


def check_article(article: "Article", *, max_chars: int) -> "Article":
    """The article with its text checked (``check_text``) and its metadata cleaned; InputError if unusable."""
    source = f"article {printable(article.id)!r}"
    for name in _META_FIELDS:
        value = getattr(article, name)
        if isinstance(value, str):
            _refuse_surrogates(value, f"{source} {name}")
            setattr(article, name, _CONTROLS.sub("", value) or None)
    article.text = check_text(article.text, max_chars=max_chars, source=source)
    return article


def _refuse_surrogates(text: str, what: str) -> None:
    found = _SURROGATE.search(text)
    if found:
        raise InputError(f"{what} holds a lone surrogate (U+{ord(found.group()):04X}) at offset {found.start()}: "
                         "that is not Unicode text, and no store or output can hold it; fix whatever wrote it "
                         "(a JSON \\uD800-\\uDFFF escape without its pair)")


def printable(value: object) -> object:
    """``value`` with lone surrogates as U+FFFD, so that an error about it can be printed and stored."""
    if isinstance(value, str) and _SURROGATE.search(value):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


class BatchError:
    """An article of a batch that could not be processed: its id (or input position) and the reason."""

    def __init__(self, id: str | None, error: SaywhoError, *, source: str | None = None) -> None:
        self.id = printable(id)
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
