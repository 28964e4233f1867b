"""The store's contents in formats other tools read.

- ``jsonl``: one extraction result per article, in the JSON contract (what ``saywho extract`` writes);
- ``csv`` and ``parquet``: one claim per row, speaker, role, affiliation, via chain and article flattened;
- ``graphml`` and ``gexf``: the speaker-entity-outlet network (``saywho.query.network``) for Gephi;
- ``jsonld``: schema.org ``Quotation`` (direct) and ``Claim`` (indirect, mixed) nodes whose author is a
  ``Person`` with ``jobTitle`` and ``affiliation`` as stated, and whose ``appearance`` is the ``NewsArticle``.

Claims and articles are read a page at a time, so memory stays flat for the row formats.
"""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx

from . import query
from .errors import InputError
from .query import Claim
from .store import Store

__all__ = ["FORMATS", "export", "iter_claims", "jsonld_document"]

FORMATS = ("jsonl", "csv", "parquet", "graphml", "gexf", "jsonld")
FILTERS = ("outlet", "date_from", "date_to", "type", "kind", "role", "speaker")
BINARY_FORMATS = {"parquet", "graphml", "gexf"}
PAGE = 500
CSV_COLUMNS = ("attribution_id", "article_id", "local_id", "type", "kind", "text", "speaker", "speaker_id", "role",
               "affiliation", "source", "cue", "via", "outlet", "published", "title", "url", "confidence",
               "parent", "spans")


def export(store: Store, format: str, output: str | Path | IO | None = None, **filters: Any) -> int:
    """Write the store as ``format`` to ``output`` (a path, an open file, or standard output).

    ``filters`` are those of ``saywho.query`` (outlet, date_from, date_to, type, kind, role, speaker) and
    narrow what is written; jsonl writes whole articles, so it takes outlet and dates only.
    Returns how many records were written: results (jsonl), claims (csv, parquet, jsonld) or graph
    nodes (graphml, gexf). Parquet needs a path or a binary file.
    """
    if format not in FORMATS:
        raise InputError(f"export format must be one of {', '.join(FORMATS)}, not {format!r}")
    if format == "parquet" and output is None:
        raise InputError("parquet is a binary format: give a file to write with -o/--output")
    filters = {k: v for k, v in filters.items() if v is not None}
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise InputError(f"unknown export filter(s) {', '.join(unknown)}; valid: {', '.join(FILTERS)}")
    per_claim = sorted(set(filters) - {"outlet", "date_from", "date_to"})
    if format == "jsonl" and per_claim:
        raise InputError(f"jsonl exports whole articles: filter them by outlet and dates, not {', '.join(per_claim)}")
    query.claims(store, limit=1, **filters)  # bad filter values fail here, before anything is written
    writer = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet, "graphml": _graphml, "gexf": _gexf,
              "jsonld": _jsonld}[format]
    with _opened(output, binary=format in BINARY_FORMATS) as out:
        return writer(store, out, filters)


@contextlib.contextmanager
def _opened(output: str | Path | IO | None, *, binary: bool) -> Iterator[IO]:
    if output is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    if not isinstance(output, (str, Path)):
        yield output
        return
    try:
        handle = open(output, "wb") if binary else open(output, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc
    with handle:
        yield handle


def iter_claims(store: Store, **filters: Any) -> Iterator[Claim]:
    """Every stored claim that passes ``filters``, newest article first, read a page at a time."""
    offset = 0
    while True:
        page = query.claims(store, limit=PAGE, offset=offset, **filters)
        yield from page
        if len(page) < PAGE:
            return
        offset += PAGE


def _article_ids(store: Store, filters: dict[str, Any]) -> Iterator[str]:
    offset = 0
    while True:
        page = query.articles(store, limit=PAGE, offset=offset, **filters)
        yield from (a["id"] for a in page)
        if len(page) < PAGE:
            return
        offset += PAGE


def _jsonl(store: Store, out: IO[str], filters: dict[str, Any]) -> int:
    written = 0
    for article_id in _article_ids(store, filters):
        out.write(json.dumps(store.article_result(article_id).to_dict(), ensure_ascii=False) + "\n")
        written += 1
    return written


def _row(claim: Claim) -> dict[str, Any]:
    row = {name: getattr(claim, name) for name in CSV_COLUMNS}
    row["via"] = " | ".join(claim.via)
    row["spans"] = json.dumps(claim.spans)
    return row


def _csv(store: Store, out: IO[str], filters: dict[str, Any]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    written = 0
    for claim in iter_claims(store, **filters):
        writer.writerow(_row(claim))
        written += 1
    return written


def _parquet(store: Store, out: IO[bytes], filters: dict[str, Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([
        ("attribution_id", pa.int64()), ("article_id", pa.string()), ("local_id", pa.string()),
        ("type", pa.string()), ("text", pa.string()), ("speaker", pa.string()), ("speaker_id", pa.int64()),
        ("role", pa.string()), ("affiliation", pa.string()), ("source", pa.string()), ("cue", pa.string()),
        ("via", pa.list_(pa.string())), ("outlet", pa.string()), ("published", pa.string()),
        ("title", pa.string()), ("url", pa.string()), ("confidence", pa.float64()), ("parent", pa.string()),
        ("spans", pa.list_(pa.list_(pa.int64()))),
    ])
    written = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict[str, Any]] = []
        for claim in iter_claims(store, **filters):
            batch.append({name: getattr(claim, name) for name in schema.names})
            if len(batch) == PAGE:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                written, batch = written + len(batch), []
        if batch or not written:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            written += len(batch)
    return written


def _graphml(store: Store, out: IO[bytes], filters: dict[str, Any]) -> int:
    graph = query.network(store, **filters)
    nx.write_graphml(graph, out)
    return graph.number_of_nodes()


def _gexf(store: Store, out: IO[bytes], filters: dict[str, Any]) -> int:
    graph = query.network(store, **filters)
    nx.write_gexf(graph, out)
    return graph.number_of_nodes()


def _jsonld(store: Store, out: IO[str], filters: dict[str, Any]) -> int:
    document = jsonld_document(store, **filters)
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return sum(1 for node in document["@graph"] if node["@type"] in ("Quotation", "Claim"))


def jsonld_document(store: Store, **filters: Any) -> dict[str, Any]:
    """The store (or the claims passing ``filters``) as one schema.org JSON-LD graph: claims, their
    authors and the articles they appear in."""
    graph: list[dict[str, Any]] = []
    articles: dict[str, dict[str, Any]] = {}
    for claim in iter_claims(store, **filters):
        if claim.article_id not in articles:
            articles[claim.article_id] = _news_article(claim)
        graph.append(_claim_node(claim))
    return {"@context": "https://schema.org", "@graph": [*graph, *articles.values()]}


def _claim_node(claim: Claim) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": f"#claim-{claim.attribution_id}",
        "@type": "Quotation" if claim.type == "direct" else "Claim",
        "text": claim.text,
        "appearance": {"@id": f"#article-{claim.article_id}"},
        "identifier": f"{claim.article_id}/{claim.local_id}",
    }
    if claim.speaker_id is not None:  # an unresolved "he" names no one
        node["author"] = _person(claim)
    if claim.published:
        node["datePublished"] = claim.published
    if claim.via:
        node["isBasedOn"] = [{"@type": "NewsMediaOrganization", "name": name} for name in claim.via]
    return node


def _person(claim: Claim) -> dict[str, Any]:
    # Role and affiliation as stated with this claim: a speaker's job changes between articles.
    person: dict[str, Any] = {"@type": "Person", "name": claim.speaker, "identifier": f"speaker-{claim.speaker_id}"}
    if claim.role:
        person["jobTitle"] = claim.role
    if claim.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": claim.affiliation}
    return person


def _news_article(claim: Claim) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": f"#article-{claim.article_id}", "@type": "NewsArticle",
                            "identifier": claim.article_id}
    if claim.title:
        node["headline"] = claim.title
    if claim.url:
        node["url"] = claim.url
    if claim.published:
        node["datePublished"] = claim.published
    if claim.outlet:
        node["publisher"] = {"@type": "NewsMediaOrganization", "name": claim.outlet}
    return node
