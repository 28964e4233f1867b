"""JSON Schemas of the pages' JSON twins, for the OpenAPI spec (and the schemathesis checks that hold
the answers to them). Written by hand from ``saywho.query``'s rows; every object may carry more keys."""

from __future__ import annotations

from typing import Any


def _nullable(kind: str | list[str]) -> dict[str, Any]:
    kinds = [kind] if isinstance(kind, str) else kind
    return {"type": [*kinds, "null"]}


STR, INT, NUM = {"type": "string"}, {"type": "integer"}, {"type": "number"}
OPT_STR, OPT_INT = _nullable("string"), _nullable("integer")


def obj(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    """An object with ``required`` keys (name -> schema) and ``optional`` ones."""
    return {"type": "object", "required": sorted(required), "properties": {**required, **(optional or {})}}


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


PAGINATION = obj({"limit": INT, "offset": INT, "count": INT, "total": INT, "next": OPT_STR, "prev": OPT_STR},
                 {"first": OPT_STR, "last": OPT_STR})
QUANTITY = obj({"text": STR}, {"low": _nullable("number"), "high": _nullable("number"), "unit": OPT_STR,
                               "referent": OPT_STR})
CLAIM = obj({"text": STR, "attribution_id": INT, "local_id": STR, "type": STR, "speaker": OPT_STR,
             "speaker_id": OPT_INT, "role": OPT_STR, "affiliation": OPT_STR, "via": array(STR),
             "article_id": STR, "title": OPT_STR, "outlet": OPT_STR, "published": OPT_STR, "url": OPT_STR,
             "cue": OPT_STR, "spans": array(array(INT))},
            {"source": OPT_STR, "confidence": NUM, "parent": OPT_STR, "quantities": array(QUANTITY),
             "outlet_id": OPT_INT, "via_ids": array(OPT_INT), "kind": OPT_STR})
ARTICLE_ROW = obj({"id": STR, "title": OPT_STR, "url": OPT_STR, "outlet": OPT_STR, "published": OPT_STR,
                   "published_date": OPT_STR, "attributions": INT},
                  {"outlet_id": OPT_INT, "byline": OPT_STR, "content_hash": STR, "ingested_at": OPT_STR,
                   "extra": {"type": "object"}, "outlet_as_given": OPT_STR})
SPEAKER_ROW = obj({"id": INT, "name": STR, "kind": OPT_STR, "claims": INT, "articles": INT, "first": OPT_STR,
                   "last": OPT_STR})
ENTITY_ROW = obj({"id": INT, "name": STR, "kind": STR, "articles": INT})
OUTLET_ROW = obj({"id": INT, "name": STR, "articles": INT, "via": INT})
NAMED_COUNT = obj({"id": OPT_INT, "name": STR, "claims": INT}, {"kind": OPT_STR})
TIMELINE = array(obj({"date": OPT_STR, "claims": INT}))
FACET_ROW = obj({"value": {}, "id": OPT_INT, "label": STR, "count": INT}, {"kind": OPT_STR, "url": STR})


def listing(row: dict[str, Any]) -> dict[str, Any]:
    """A list page: its filters, one page of rows and the pagination (with the total)."""
    return obj({"filters": {"type": "object"}, "items": array(row), "pagination": PAGINATION})


PROFILE_PART = {"claims_total": INT, "claims": array(CLAIM), "timeline": TIMELINE, "outlets": array(NAMED_COUNT),
                "speakers": array(NAMED_COUNT), "entities": array(NAMED_COUNT), "pagination": PAGINATION,
                "id": INT, "name": STR}

CLUSTER_ROW = obj({"id": INT, "representative": STR, "representative_id": INT, "size": INT, "articles": INT,
                   "origins": INT, "speakers": INT, "first_published": OPT_STR, "last_published": OPT_STR},
                  {"url": STR})
MEMBER = obj({"attribution_id": INT, "article_id": STR, "text": STR, "speaker": OPT_STR, "role": OPT_STR,
              "affiliation": OPT_STR, "outlet": OPT_STR, "via": array(STR), "published": OPT_STR,
              "copy_of": OPT_STR, "similarity": NUM})
ORIGIN = obj({"key": STR, "label": STR, "first": OPT_STR, "first_attribution": INT, "members": INT})
FIGURE = obj({"quantity_id": INT, "text": STR, "low": _nullable("number"), "high": _nullable("number"),
              "low_inclusive": {"type": "boolean"}, "high_inclusive": {"type": "boolean"}, "unit": OPT_STR,
              "referent": OPT_STR, "speaker": OPT_STR, "outlet": OPT_STR, "via": array(STR), "published": OPT_STR,
              "article_id": OPT_STR, "entities": array(STR)}, {"hedge": OPT_STR, "attribution_id": OPT_INT,
                                                                 "content": OPT_STR, "role": OPT_STR})
FIGURE_GROUP = obj({"measure": STR, "unit": STR, "entities": array(STR), "disagree": {"type": "boolean"},
                    "conflicts": array(array(INT)), "figures": array(FIGURE)})

PAGES: dict[str, dict[str, Any]] = {
    "/clusters": listing(CLUSTER_ROW),
    "/clusters/{cluster_id}": obj({**CLUSTER_ROW["properties"], "origins": array(ORIGIN),
                                   "independent_origins": INT, "speakers": array(obj({"name": STR, "members": INT})),
                                   "first": {"anyOf": [MEMBER, {"type": "null"}]}, "members": array(MEMBER),
                                   "outlets": array(obj({"name": STR, "members": INT})), "timeline": TIMELINE,
                                   "figures": array(FIGURE_GROUP)}),
    "/figures": obj({"filters": {"type": "object"}, "groups": array(FIGURE_GROUP)}),
    "/index": obj({"counts": {"type": "object", "additionalProperties": INT}, "articles": array(ARTICLE_ROW),
                   "speakers": array(SPEAKER_ROW), "outlets": array(OUTLET_ROW)}),
    "/claims": obj({"filters": {"type": "object"}, "items": array(CLAIM), "pagination": PAGINATION,
                    "facets": {"type": "object", "additionalProperties": array(FACET_ROW)},
                    "facet_totals": {"type": "object", "additionalProperties": INT}, "timeline": TIMELINE,
                    "see_also": array(obj({"kind": STR, "id": INT, "name": OPT_STR})),
                    "export": {"type": "object", "additionalProperties": STR}}),
    "/articles": listing(ARTICLE_ROW),
    "/speakers": listing(SPEAKER_ROW),
    "/entities": listing(ENTITY_ROW),
    "/outlets": listing(OUTLET_ROW),
    "/articles/{id:path}": obj({"article": obj({"id": STR, "text": STR, "title": OPT_STR, "url": OPT_STR}),
                           "result": obj({"id": STR, "attributions": array({"type": "object"})}),
                           "speakers": {"type": "object", "additionalProperties": obj({"id": INT, "name": STR})},
                           "entities": {"type": "object", "additionalProperties": obj({"id": INT, "name": STR})}}),
    "/speakers/{ref:path}": obj({**PROFILE_PART, "kind": OPT_STR, "names_as_written": array(STR),
                                 "roles": array({"type": "object"})}),
    "/entities/{ref:path}": obj({**PROFILE_PART, "kind": STR, "aliases": array(STR), "articles": INT}),
    "/outlets/{ref:path}": obj({**PROFILE_PART, "articles": INT, "via": INT, "published_articles": array(ARTICLE_ROW),
                                "published_articles_total": INT, "articles_pagination": PAGINATION}),
    "/network": obj({"filters": {"type": "object"}, "truncated": {"type": "boolean"},
                     "nodes": array(obj({"id": STR, "label": STR, "kind": STR, "degree": INT},
                                        {"entity_kind": OPT_STR, "claims": INT, "url": OPT_STR})),
                     "edges": array(obj({"source": STR, "target": STR, "weight": INT}, {"kind": OPT_STR}))}),
}


def page_schema(path: str) -> dict[str, Any]:
    """The schema of the JSON twin of the page at ``path`` (any object when none is written)."""
    return PAGES.get(path, {"type": "object"})
