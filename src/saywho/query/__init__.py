"""Questions to the claims store: who said what about whom, through which outlet, and when.

The query layer is the only door to the store for the CLI, the exports and the web app. One
module per job:

- ``filters``: the one ``Filters`` every claim question takes (words, speaker, entity, outlet,
  dates, type, role; by name or by id), validated once, and the SQL it narrows by;
- ``claims``: ``claims``, ``about``, ``speaker``, ``search`` (pages of ``Claim``), ``count_claims``
  and ``iter_claims`` (every match, streamed);
- ``facets``: how the matching claims spread over speakers, outlets, entities, types and time;
- ``listings``: ``speakers``, ``entities``, ``outlets``, ``articles`` and their ``count_*`` totals;
- ``profiles``: one speaker, entity or outlet, summarised over all of its claims;
- ``network``: the speaker-entity-outlet graph;
- ``clusters``: claims across sources (``claim_clusters``, ``claim_cluster``) and ``figures`` compared.

Filters: ``q`` (full-text), ``speaker``, ``entity``, ``outlet`` (the article's outlet or one on the
via chain, aliases folded), ``speaker_id``/``entity_id``/``outlet_id``, ``date_from`` and ``date_to``
(ISO dates, inclusive), ``type`` (direct, indirect, mixed), ``role`` (a substring of the speaker's
role as stated in that article), ``sort`` (best, newest, oldest), ``limit`` and ``offset``.
"""

from __future__ import annotations

from .clusters import claim_cluster, claim_clusters, count_claim_clusters, figures
from .claims import Claim, about, claims, count, count_claims, find, iter_claims, search, speaker
from .facets import BUCKETS, FACETS, facets
from .filters import DEFAULT_LIMIT, MAX_LIMIT, SORTS, TYPES, Filters, make_filters
from .listings import (
    article_links,
    articles,
    count_articles,
    count_entities,
    count_outlets,
    count_speakers,
    entities,
    outlets,
    speakers,
)
from .network import network
from ..store.reader import safe_url
from .profiles import entity_profile, name_of, outlet_profile, resolve, speaker_profile

__all__ = [
    "BUCKETS", "Claim", "DEFAULT_LIMIT", "FACETS", "Filters", "MAX_LIMIT", "SORTS", "TYPES", "about",
    "article_links", "articles", "claim_cluster", "claim_clusters", "claims", "count", "count_articles",
    "count_claim_clusters", "count_claims", "count_entities", "count_outlets", "count_speakers", "entities",
    "entity_profile", "facets", "figures", "find", "iter_claims", "make_filters", "name_of", "network",
    "outlet_profile", "outlets", "resolve", "safe_url", "search", "speaker", "speaker_profile", "speakers",
]
