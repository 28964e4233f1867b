"""Articles from RSS and Atom feed files, through feedparser.

Each entry is one article: its ``content:encoded`` (or Atom ``content``) when present, else its
summary, as plain text; title, link, author, published date and the feed's title as outlet.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from ..articles import Article, BatchError
from ..errors import InputError
from .html import fragment_to_text


def feed_articles(data: bytes, name: str, *, id: str) -> Iterator[Article | BatchError]:
    """One Article (or BatchError) per feed entry; one BatchError if ``data`` is not a feed.

    An entry without id or link gets ``<id>-<entry number>``.
    """
    import feedparser

    if b"\x00" in data[:65536]:
        yield BatchError(id, InputError(f"{name} looks like binary data, not an RSS or Atom feed"), source=name)
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        yield BatchError(id, InputError(f"{name} has no RSS or Atom entries{reason}"), source=name)
        return
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{name} entry {number}"
        try:
            yield _article_from_entry(entry, outlet=outlet, where=where, fallback_id=f"{id}-{number}")
        except InputError as exc:
            yield BatchError(entry.get("id") or entry.get("link"), exc, source=where)


def _article_from_entry(entry: Any, *, outlet: str | None, where: str, fallback_id: str) -> Article:
    html = _entry_html(entry)
    text = fragment_to_text(html) if html else ""
    if not text:
        raise InputError(f"{where} has neither content nor a summary to read")
    return Article(text=text, id=entry.get("id") or entry.get("link") or fallback_id,
                   title=entry.get("title") or None, url=entry.get("link") or None, outlet=outlet,
                   published=_iso_date(entry), byline=entry.get("author") or None, source=where)


def _entry_html(entry: Any) -> str:
    """The fullest body the entry has: content:encoded / Atom content, else the summary."""
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    if contents:
        return max(contents, key=len)
    return entry.get("summary", "") or ""


def _iso_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return entry.get("published") or entry.get("updated") or None
