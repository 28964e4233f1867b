"""The article reader: the text with every attribution highlighted, and a panel of attribution cards."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Path, Request
from sqlalchemy import select

from ...store import models as m
from ..errors import WebError
from ..highlight import highlight, speaker_colours
from ..highlight import speaker_key as colour_key
from ..pages import add_page, store_of
from ..security import ARTICLE_ID

router = APIRouter()


def article_page(request: Request, id: str = Path(..., description="The article's id.", max_length=200,
                                                  pattern=ARTICLE_ID.pattern)) -> dict[str, Any]:
    """One stored article: its fields and text, and the full extraction result (the JSON contract)."""
    store = store_of(request)
    article = store.get_article(id)
    if article is None:
        raise WebError(f"no article with id {id!r} in the store", status=404)
    result = store.article_result(id)
    return {"article": article_fields(article), "result": result.to_dict(), "speakers": corpus_speakers(store, id)}


def corpus_speakers(store: Any, article_id: str) -> dict[str, dict[str, Any]]:
    """Attribution id -> the corpus speaker it was merged into (``id``, ``name``: the name its
    speaker page has, which can differ from the name in the article). Unresolved speakers are absent."""
    stmt = (select(m.Attribution.local_id, m.Speaker.id, m.Speaker.name)
            .join(m.Speaker, m.Attribution.speaker_id == m.Speaker.id)
            .where(m.Attribution.article_id == article_id))
    with store.session() as session:
        return {local_id: {"id": speaker_id, "name": name} for local_id, speaker_id, name in session.execute(stmt)}


def article_fields(article: dict[str, Any]) -> dict[str, Any]:
    """The stored article, its link kept only when it is an http(s) URL (no javascript: links)."""
    fields = dict(article)
    fields["url"] = safe_url(fields.get("url"))
    return fields


def safe_url(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def reader_extras(page: dict[str, Any]) -> dict[str, Any]:
    """The highlighted text and the cards, derived from the page dict for the HTML face only."""
    attributions = (page["result"] or {}).get("attributions", [])
    text = page["article"].get("text") or ""
    return {"markup": highlight(text, attributions), "panel": panel(page["result"] or {}, page["speakers"])}


def panel(result: dict[str, Any], speakers: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One card per attribution: its dict plus colour, parent and children, quantities, speaker page."""
    attributions = result.get("attributions", [])
    colours = speaker_colours(attributions)
    index_of = {a["id"]: i for i, a in enumerate(attributions)}
    quantities = {q["id"]: q for q in result.get("quantities", [])}
    cards = []
    for i, a in enumerate(attributions):
        children = [{"index": j, "id": other["id"]} for j, other in enumerate(attributions)
                    if other.get("parent") == a["id"]]
        cards.append({
            "index": i, "a": a, "colour": colours.get(colour_key(a), 0),
            "parent": index_of.get(a["parent"]) if a.get("parent") else None,
            "children": children,
            "speaker_page": speakers.get(a["id"], {}).get("name"),
            "quantities": [{"text": quantities[q]["text"], "interval": interval(quantities[q])}
                           for q in a.get("quantities", []) if q in quantities],
        })
    return cards


def interval(q: dict[str, Any]) -> str:
    """A quantity's interval for people: "≤ 0.5 share", "[1e+06, 1e+07) shells"; "" for an exact
    figure, whose text already says it all."""
    low, high, unit = q.get("low"), q.get("high"), q.get("unit") or ""
    if (low is None and high is None) or (low is not None and low == high):
        return ""
    if low is None:
        return f"{'≤' if q.get('high_inclusive', True) else '<'} {high:g} {unit}".strip()
    if high is None:
        return f"{'≥' if q.get('low_inclusive', True) else '>'} {low:g} {unit}".strip()
    left = "[" if q.get("low_inclusive", True) else "("
    right = "]" if q.get("high_inclusive", True) else ")"
    return f"{left}{low:g}, {high:g}{right} {unit}".strip()


def _title(page: dict[str, Any]) -> str:
    return page["article"].get("title") or page["article"]["id"]


add_page(router, "/articles/{id}", article_page, template="article.html", title=_title, extras=reader_extras,
         summary="One article with its extraction result", tags=["articles"])
