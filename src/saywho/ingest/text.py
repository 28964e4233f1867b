"""Articles from plain text: the whole input is one article, its name (without suffix) the id."""

from __future__ import annotations

from collections.abc import Iterator

from ..articles import Article, BatchError, decode_text
from ..errors import InputError


def text_articles(data: bytes, name: str, *, id: str) -> Iterator[Article | BatchError]:
    """One Article for the text, or a BatchError saying why it cannot be read (decoded by decode_text)."""
    try:
        yield Article(text=decode_text(data, source=name), id=id, source=name)
    except InputError as exc:
        yield BatchError(id, exc, source=name)
