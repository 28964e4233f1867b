"""Results as flat tables: one row per article, attribution, via link, entity, quantity and error,
in the JSON contract's field names, each row carrying the article's content hash (its identity, as
in the store). ``saywho batch`` writes these tables as Parquet, partitioned by publication date;
``saywho load`` reads them back into Results (``result_dict`` is the inverse of ``result_rows``).

Only plain Python here: the Spark job (``saywho.batch``) gives the rows the schemas below, and
``saywho.store.bulk`` reads them with pyarrow.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from .articles import Article, BatchError
from .records import SCHEMA_VERSION, Result

# Partition value for articles whose publication date is missing or not a date.
UNKNOWN_DATE = "unknown"
PARTITION = "published_date"
# The folders the tables are partitioned into, by layout: a folder per publication date (the
# default), or per month for archives that span years thinly (few articles a date make many tiny
# files). Under "month" the rows keep their date in a ``published_date`` column.
PARTITIONINGS = {"day": PARTITION, "month": "published_month"}
TABLES = ("articles", "attributions", "via", "entities", "quantities")
ERRORS = "errors"

_SPANS = "array<array<int>>"

# Spark DDL schemas of the child tables, without the partition column, which the job adds.
SCHEMAS: dict[str, str] = {
    "articles": ("content_hash string, id string, text string, title string, url string, outlet string, "
                 "published string, byline string, extra string, source string, origin_hash string, "
                 "schema_version string, attribution_count int, minhash array<bigint>, bands array<bigint>"),
    "attributions": ("content_hash string, article_id string, id string, position int, type string, kind string, "
                     "confidence double, method string, content_text string, content_spans " + _SPANS + ", "
                     "cue_text string, cue_spans " + _SPANS + ", source_text string, source_spans " + _SPANS + ", "
                     "speaker_name string, speaker_entity string, role string, affiliation string, "
                     "parent string, quantities array<string>"),
    "via": ("content_hash string, article_id string, attribution_id string, position int, name string, "
            "cue string, spans " + _SPANS + ", entity string"),
    "entities": ("content_hash string, article_id string, id string, position int, kind string, name string, "
                 "aliases array<string>, mentions " + _SPANS),
    "quantities": ("content_hash string, article_id string, id string, position int, text string, low double, "
                   "high double, low_inclusive boolean, high_inclusive boolean, unit string, referent string, "
                   "hedge string, spans " + _SPANS),
    "errors": "source string, id string, content_hash string, type string, reason string, schema_version string",
}

# What one input record becomes before extraction (the job's "input" rows).
INPUT_SCHEMA = ("content_hash string, id string, text string, title string, url string, outlet string, "
                "published string, byline string, extra string, source string, seq long, "
                f"minhash array<bigint>, bands array<bigint>, {PARTITION} string")


def input_row(article: Article, digest: str, source: str, seq: int, partition: str,
              signature: tuple[list[int] | None, list[int] | None] = (None, None)) -> dict[str, Any]:
    """An article as read: its identity, where it came from (``seq``: order in its input) and its
    MinHash signature and LSH bands (``saywho.batch.syndication``)."""
    return {"content_hash": digest, "id": article.id, "text": article.text, "title": article.title,
            "url": article.url, "outlet": article.outlet, "published": article.published,
            "byline": article.byline, "extra": json.dumps(article.extra or {}, ensure_ascii=False, default=str),
            "source": source, "seq": seq, "minhash": signature[0], "bands": signature[1], PARTITION: partition}


def article_from_row(row: dict[str, Any], *, extra: bool = True) -> Article:
    """The Article an input or articles-table row holds; ``extra=False`` leaves its extra JSON unread."""
    return Article(text=row["text"], id=row["id"], title=row["title"], url=row["url"], outlet=row["outlet"],
                   published=row["published"], byline=row["byline"],
                   extra=json.loads(row["extra"] or "{}") if extra else None)


def error_row(error: BatchError, *, content_hash: str | None = None) -> dict[str, Any]:
    return {"source": error.source or error.id or "input", "id": error.id, "content_hash": content_hash,
            "type": type(error.error).__name__, "reason": str(error.error), "schema_version": SCHEMA_VERSION}


def result_rows(row: dict[str, Any], result: Result) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table for one extracted article (``row``: its input row)."""
    key = {"content_hash": row["content_hash"], "article_id": row["id"]}
    data = result.to_dict()
    attributions, via = [], []
    for position, (a, record) in enumerate(zip(data["attributions"], result.attributions)):
        # The confidence unrounded (the JSON contract rounds it to 3 places), as the store keeps it.
        attributions.append({**key, **_attribution(a), "confidence": float(record.confidence), "position": position})
        via += [{**key, "attribution_id": a["id"], "position": i, **v} for i, v in enumerate(a["via"])]
    entities = [{**key, **e, "position": i} for i, e in enumerate(data["entities"])]
    quantities = [{**key, **q, "position": i} for i, q in enumerate(data["quantities"])]
    article = {name: row[name] for name in ("content_hash", "id", "text", "title", "url", "outlet", "published",
                                            "byline", "extra", "source")}
    article.update(origin_hash=row.get("origin_hash"), schema_version=SCHEMA_VERSION,
                   attribution_count=len(attributions), minhash=row.get("minhash"), bands=row.get("bands"))
    return {"articles": [article], "attributions": attributions, "via": via, "entities": entities,
            "quantities": quantities}


def _attribution(a: dict[str, Any]) -> dict[str, Any]:
    speaker = a["speaker"] or {}
    return {"id": a["id"], "type": a["type"], "kind": a.get("kind"), "confidence": a["confidence"],
            "method": a["method"],
            "content_text": a["content"]["text"], "content_spans": a["content"]["spans"],
            "cue_text": (a["cue"] or {}).get("text"), "cue_spans": (a["cue"] or {}).get("spans"),
            "source_text": (a["source"] or {}).get("text"), "source_spans": (a["source"] or {}).get("spans"),
            "speaker_name": speaker.get("name"), "speaker_entity": speaker.get("entity"),
            "role": speaker.get("role"), "affiliation": speaker.get("affiliation"),
            "parent": a["parent"], "quantities": a["quantities"]}


def result_dict(article: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The JSON contract's dict of one article from its table rows (the inverse of ``result_rows``)."""
    via: dict[str, list[dict[str, Any]]] = {}
    for v in sorted(children.get("via", []), key=lambda v: v["position"]):
        via.setdefault(v["attribution_id"], []).append(
            {"name": v["name"], "cue": v["cue"], "spans": v["spans"], "entity": v["entity"]})
    attributions = []
    for a in sorted(children.get("attributions", []), key=lambda a: a["position"]):
        speaker = ({"name": a["speaker_name"], "entity": a["speaker_entity"], "role": a["role"],
                    "affiliation": a["affiliation"]} if a["speaker_name"] is not None else None)
        attributions.append({
            "id": a["id"], "type": a["type"], "kind": a.get("kind"), "confidence": a["confidence"],
            "method": a["method"],
            "content": {"text": a["content_text"], "spans": a["content_spans"]},
            "cue": {"text": a["cue_text"], "spans": a["cue_spans"]} if a["cue_text"] is not None else None,
            "source": {"text": a["source_text"], "spans": a["source_spans"]} if a["source_text"] is not None else None,
            "speaker": speaker, "via": via.get(a["id"], []), "parent": a["parent"],
            "quantities": list(a["quantities"] or [])})
    entities = [{k: e[k] for k in ("id", "kind", "name", "aliases", "mentions")}
                for e in sorted(children.get("entities", []), key=lambda e: e["position"])]
    quantities = [{k: q[k] for k in ("id", "text", "low", "high", "low_inclusive", "high_inclusive", "unit",
                                     "referent", "hedge", "spans")}
                  for q in sorted(children.get("quantities", []), key=lambda q: q["position"])]
    meta = {k: article[k] for k in ("title", "url", "outlet", "published", "byline") if article.get(k)}
    return {"id": article["id"], "schema_version": article.get("schema_version") or SCHEMA_VERSION, "meta": meta,
            "attributions": attributions, "entities": entities, "quantities": quantities}


@lru_cache(maxsize=None)
def columns(table: str) -> tuple[str, ...]:
    """The column names of ``table`` (or ``"input"``) in schema order, partition column excluded."""
    ddl = INPUT_SCHEMA if table == "input" else SCHEMAS[table]
    return tuple(part.split()[0] for part in ddl.split(", ") if part.split()[0] != PARTITION)


def as_tuple(table: str, row: dict[str, Any], *extra: Any) -> tuple:
    """``row`` as a tuple in ``table``'s column order (what Spark builds rows from fastest)."""
    return (*(row.get(name) for name in columns(table)), *extra)
