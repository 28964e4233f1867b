"""The article reader: the text with every attribution highlighted, and a panel of attribution cards."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Request
from ... import query
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
    result = store.article_result(id).to_dict()
    result["meta"] = {**result.get("meta", {}), "url": query.safe_url(result.get("meta", {}).get("url"))}
    if result["meta"]["url"] is None:
        del result["meta"]["url"]
    links = query.article_links(store, id)
    return {"article": article_fields(article), "result": result, "speakers": links["speakers"],
            "entities": links["entities"], "via": links["via"], "outlet_id": links["outlet_id"]}


def article_fields(article: dict[str, Any]) -> dict[str, Any]:
    """The stored article, its link kept only when it is an http(s) URL (no javascript: links)."""
    return {**article, "url": query.safe_url(article.get("url"))}


def reader_extras(page: dict[str, Any]) -> dict[str, Any]:
    """The highlighted text and the cards, derived from the page dict for the HTML face only."""
    attributions = (page["result"] or {}).get("attributions", [])
    text = page["article"].get("text") or ""
    return {"markup": highlight(text, attributions), "panel": panel(page["result"] or {}, page["speakers"], page["via"])}


def panel(result: dict[str, Any], speakers: dict[str, dict[str, Any]],
          via: dict[str, list[int | None]] | None = None) -> list[dict[str, Any]]:
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
            "speaker_page": speakers.get(a["id"]),
            "via_ids": (via or {}).get(a["id"], []),
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


def attributions_of(page: dict[str, Any]) -> list[dict[str, Any]]:
    """The article's attributions as CSV rows (speaker, cue, content, ... as dotted columns)."""
    return [{**a, "article_id": page["article"]["id"]} for a in (page["result"] or {}).get("attributions", [])]


add_page(router, "/articles/{id}", article_page, template="article.html", title=_title, extras=reader_extras,
         csv=attributions_of, summary="One article with its extraction result", tags=["articles"])
