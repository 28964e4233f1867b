"""Claim clusters: attributions across articles that assert the same thing.

Each content becomes a set of features: its content words (``text.claim_words``), the canonical
entities it mentions (``@russia``: "Moscow" and "Russia" meet) and the units of its figures
(``#share``). Two contents are the same claim when the Jaccard similarity of their feature sets
reaches ``threshold``, each feature weighted by its inverse document frequency among the contents
filed so far (TF-IDF's idea on sets: "ban" and "Muslims" say more than "Republican" and
"nominee"). Candidates come from MinHash LSH (datasketch) so that a new content is
compared with a handful of earlier ones, not with the whole store.

Optionally (``[claims.embeddings]``, off by default) a candidate must also be close in meaning: the
cosine of the two contents' sentence embeddings (all-MiniLM-L6-v2, ``saywho.claims.embed``) at least
``min_cosine``, which vetoes topical neighbours that share words and assert something else, so the
word threshold can be lower. The candidates still come from the word LSH, so the work per item stays
bounded; with ``vector_bands`` LSH keys over the vectors (SimHash) offer candidates too, and with
``strong_cosine`` a candidate that close in meaning matches on fewer shared words (paraphrases; both
off by default, docs/claims.md says why).

Clustering is incremental and order-aware: items are added oldest first; an item joins the cluster
of the most similar earlier item at or above the threshold, or founds a new cluster named after
itself. A full rebuild and any sequence of incremental updates over the same items in the same
order give the same clusters, so ingest never needs a rebuild.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..lexicon import load_settings
from .text import claim_words, descriptor_words, stem

_SEED = 11


@dataclass(frozen=True)
class ClusterSettings:
    """How alike two contents must be, and how LSH finds the candidates (``[claims]`` in settings.toml)."""

    threshold: float = 0.45
    min_words: int = 3
    bands: int = 24
    rows: int = 2
    max_bucket: int = 50
    per_cluster: int = 2
    min_cosine: float = 0.0  # > 0: embeddings on, a candidate's cosine must reach this
    strong_cosine: float = 0.0  # > 0: a candidate this close in meaning needs only ``min_shared`` of the words
    min_shared: float = 0.0
    vector_bands: int = 0  # with embeddings: LSH bands over the vectors too (candidates in other words)
    vector_rows: int = 12
    adapter: str = ""  # with embeddings: the encoder's adapter (``saywho.claims.embed``; "" for none)

    @property
    def embeddings(self) -> bool:
        return self.min_cosine > 0

    @classmethod
    def defaults(cls, embeddings: bool | None = None) -> "ClusterSettings":
        """The ``[claims]`` settings; with ``[claims.embeddings] enabled`` (or ``embeddings=True``) its
        word threshold and ``min_cosine`` instead."""
        claims = load_settings().get("claims", {})
        names = ("threshold", "min_words", "bands", "rows", "max_bucket", "per_cluster")
        found = {k: claims[k] for k in names if k in claims}
        refine = claims.get("embeddings", {})
        if refine.get("enabled", False) if embeddings is None else embeddings:
            found.update(threshold=refine.get("threshold", 0.35), min_cosine=refine.get("min_cosine", 0.7))
            found.update({k: refine[k] for k in ("min_words", "strong_cosine", "min_shared", "vector_bands",
                                                 "vector_rows", "adapter") if k in refine})
        return cls(**found)


@dataclass
class ClaimItem:
    """One attribution's content with what clustering compares: words, entities, figure units."""

    id: int
    text: str
    entities: dict[str, list[str]] = field(default_factory=dict)  # canonical name -> names as written
    units: tuple[str, ...] = ()
    vector: Any = field(default=None, compare=False, repr=False)  # unit sentence embedding, when on
    features: frozenset[str] = field(init=False)
    words: int = field(init=False)

    def __post_init__(self) -> None:
        words = set(claim_words(self.text))
        named = {entity_feature(e) for e in self.entities}
        # Words of an entity's names stand for the entity: "Moscow" and "Russia" are one feature.
        covered = {w for canonical, aliases in self.entities.items() for name in (canonical, *aliases)
                   for w in _name_words(name)}
        # What is claimed, beyond whom it names and how it describes them ("presumptive Republican
        # nominee Donald Trump" claims nothing); a figure counts as a word ("supplies up to 50% of
        # war needs" claims something).
        claimed = words - covered - descriptor_words()
        self.words = len(claimed) + len(set(self.units))
        # The descriptors go too: "Republican nominee" shared says nothing about the claim.
        self.features = frozenset(claimed) | named | {f"#{u.lower()}" for u in self.units} | polarity(self.text)


@lru_cache(maxsize=100_000)
def _name_words(name: str) -> tuple[str, ...]:
    """``claim_words`` of an entity's name (the same names recur in every content about them)."""
    return tuple(claim_words(name))


@dataclass(frozen=True)
class Assignment:
    """Where an item went: its cluster (the founding item's id), the item it matched and how closely."""

    id: int
    cluster_id: int
    matched: int | None
    similarity: float
    keys: tuple[int, ...]  # the open buckets it was stored under
    features: frozenset[str]


_NEGATION = re.compile(r"\b(?:not|no|never|cannot|nobody|nothing|none|neither|nor)\b|n't\b|n\u2019t\b", re.I)


def polarity(text: str) -> frozenset[str]:
    """``~not`` for a content that negates: "will not support Trump" is not "will support Trump"."""
    return frozenset({"~not"}) if _NEGATION.search(text) else frozenset()


def entity_feature(name: str) -> str:
    """One feature per canonical entity, its words stemmed ("Muslims" and "Muslim" meet)."""
    return "@" + " ".join(stem(w) for w in name.lower().split())


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two feature sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def weighted_similarity(a: frozenset[str], b: frozenset[str], weight) -> float:
    """Jaccard similarity with each feature counted at ``weight(feature)``."""
    if not a or not b:
        return 0.0
    union = sum(weight(f) for f in a | b)
    return sum(weight(f) for f in a & b) / union if union else 0.0


def new_minhash(num_perm: int, seed: int, *, keep_hashes: bool = False):
    """An empty datasketch MinHash, its permutations made once per ``(num_perm, seed)`` (building
    them is most of a small MinHash's cost). ``keep_hashes``: the hash of each value is kept, for
    values met again and again (a word is hashed for every content that holds it; a shingle is not)."""
    from datasketch import MinHash

    permutations, scheme, hashfunc, kept = _minhash_parts(num_perm, seed)
    return MinHash(num_perm=num_perm, seed=seed, permutations=permutations, scheme=scheme,
                   hashfunc=kept if keep_hashes else hashfunc)


@lru_cache(maxsize=8)
def _minhash_parts(num_perm: int, seed: int):
    from datasketch import MinHash

    template = MinHash(num_perm=num_perm, seed=seed)
    return template.permutations, template.scheme, template.hashfunc, lru_cache(maxsize=200_000)(template.hashfunc)


@lru_cache(maxsize=4)
def _hyperplanes(count: int, dim: int):
    """Random hyperplanes for the vectors' LSH, the same in every process (seeded)."""
    import numpy as np

    return np.random.default_rng(_SEED).standard_normal((count, dim)).astype(np.float32)


def vector_keys(vector: Any, bands: int, rows: int) -> tuple[int, ...]:
    """One signed 64-bit key per band of the vector's random-hyperplane signature (SimHash): two
    contents close in meaning agree on a band's ``rows`` signs often, whatever words they use. Kept
    apart from the word keys by their own band bytes (128 and up)."""
    import numpy as np

    signs = (_hyperplanes(bands * rows, len(vector)) @ np.asarray(vector, dtype=np.float32)) >= 0
    keys = []
    for band in range(bands):
        chunk = np.packbits(signs[band * rows:(band + 1) * rows]).tobytes()
        digest = hashlib.blake2b(bytes([128 + band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return tuple(keys)


def lsh_keys(features: Iterable[str], bands: int, rows: int) -> tuple[int, ...]:
    """One signed 64-bit key per LSH band of the features' MinHash (equal keys: a candidate pair)."""
    minhash = new_minhash(bands * rows, _SEED, keep_hashes=True)
    minhash.update_batch([f.encode("utf-8") for f in features])  # a minimum: the order does not matter
    values = minhash.hashvalues
    keys = []
    for band in range(bands):
        chunk = values[band * rows:(band + 1) * rows].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return tuple(keys)


class _Weights(dict):
    """Feature -> weight, each computed once on first use."""

    def __init__(self, weight) -> None:
        super().__init__()
        self._weight = weight

    def __missing__(self, feature: str) -> float:
        value = self[feature] = self._weight(feature)
        return value


class Clusterer:
    """Assigns items to clusters one at a time; ``remember`` loads items clustered earlier (from the store).

    An LSH bucket that holds ``max_bucket`` items is closed: it stops taking items and is no longer
    searched. Such a bucket is a collision on features that thousands of contents share (a
    candidate's name, a common verb); the other bands still find the real matches, and the work per
    item stays bounded however large the store grows. A closed bucket is known from its stored key
    count, so an update and a rebuild close the same buckets at the same item.
    """

    def __init__(self, settings: ClusterSettings | None = None) -> None:
        self.settings = settings or ClusterSettings.defaults()
        self._features: dict[int, frozenset[str]] = {}
        self._vectors: dict[int, Any] = {}
        self._cluster: dict[int, int] = {}
        self._buckets: dict[int, list[int]] = defaultdict(list)
        # (bucket key, cluster) -> members of that cluster in the bucket (an item's cluster never changes)
        self._filled: dict[tuple[int, int], int] = {}
        self._closed: set[int] = set()
        self._df: dict[str, int] = defaultdict(int)
        self._n = 0

    def __len__(self) -> int:
        return len(self._cluster)

    def remember(self, item_id: int, cluster_id: int, features: frozenset[str],
                 keys: Iterable[int], vector: Any = None) -> tuple[int, ...]:
        """An item already in a cluster: later items may join it (an item known already gains the keys
        it was not loaded under). Returns the keys it is stored under: not those of closed buckets, nor
        of buckets holding ``per_cluster`` members of its cluster (a popular claim does not fill them)."""
        self._features[item_id] = features
        if vector is not None:
            self._vectors[item_id] = vector
        self._cluster[item_id] = cluster_id
        stored = []
        for key in keys:
            if key in self._closed:
                continue
            bucket = self._buckets[key]
            filled = self._filled.get((key, cluster_id), 0)
            if filled >= self.settings.per_cluster or item_id in bucket:
                continue
            bucket.append(item_id)
            self._filled[key, cluster_id] = filled + 1
            stored.append(key)
            if len(bucket) >= self.settings.max_bucket:
                self.close(key)
        return tuple(stored)

    def knows(self, item_id: int) -> bool:
        """Whether the item is filed here already (added, or remembered from the store)."""
        return item_id in self._cluster

    def extend(self, item_id: int, keys: Iterable[int]) -> tuple[int, ...]:
        """``remember`` for an item known already, under more keys."""
        return self.remember(item_id, self._cluster[item_id], self._features[item_id], keys,
                             self._vectors.get(item_id))

    def close(self, key: int) -> None:
        """A full bucket (``max_bucket`` items stored under ``key``): no longer searched or filled."""
        self._closed.add(key)
        self._buckets.pop(key, None)

    def count(self, df: dict[str, int], n: int) -> None:
        """Document frequencies of features among ``n`` contents filed before (from the store)."""
        for feature, value in df.items():
            self._df[feature] = max(self._df[feature], value)
        self._n = max(self._n, n)

    def weight(self, feature: str) -> float:
        """Inverse document frequency: a feature every content has weighs little."""
        return math.log(1 + self._n / max(1, self._df.get(feature, 0)))

    def keys(self, item: ClaimItem) -> tuple[int, ...]:
        """The item's LSH keys; none for contents too short to say what they claim."""
        if item.words < self.settings.min_words:
            return ()
        words = lsh_keys(item.features, self.settings.bands, self.settings.rows)
        if not (self.settings.embeddings and self.settings.vector_bands and item.vector is not None):
            return words
        return words + vector_keys(item.vector, self.settings.vector_bands, self.settings.vector_rows)

    def candidates(self, item_id: int, keys: Iterable[int]) -> list[int]:
        """Earlier items sharing an open bucket with the item, in id order."""
        found = {o for key in keys for o in self._buckets.get(key, ())}
        found.discard(item_id)
        return sorted(found)

    def add(self, item: ClaimItem, keys: tuple[int, ...] | None = None) -> Assignment:
        """Put ``item`` in the cluster of its most similar earlier item, or in a new one of its own."""
        keys = self.keys(item) if keys is None else keys
        self._n += 1
        for feature in item.features:
            self._df[feature] += 1
        weights = _Weights(self.weight)  # one IDF look-up per feature per item
        features, best, best_score = item.features, None, 0.0
        own = sum(weights[f] for f in features)
        vector = item.vector if self.settings.embeddings else None
        floor = lowest_match(self.settings)
        for other in self.candidates(item.id, keys):
            theirs = self._features[other]
            shared = features & theirs
            if not shared:
                continue
            # weighted_similarity, with this item's own weight summed once. The shared weight over this
            # item's own is an upper bound of it (the union is at least this item's features): most
            # candidates share a common word or two, and are passed over without summing theirs.
            common = sum(weights[f] for f in shared)
            bound = common / own
            if bound <= best_score or bound < floor:
                continue
            score = common / (own + sum(weights[f] for f in theirs - features))
            if score > best_score and same_claim(score, self._cosine(vector, other), self.settings):
                best, best_score = other, score
        if best is not None:
            cluster_id, matched, score = self._cluster[best], best, round(best_score, 4)
        else:
            cluster_id, matched, score = item.id, None, 1.0
        stored = self.remember(item.id, cluster_id, item.features, keys, vector)
        return Assignment(item.id, cluster_id, matched, score, stored, item.features)

    def _cosine(self, vector: Any, other: int) -> float | None:
        """The cosine of the two contents' embeddings; None with embeddings off or a vector missing."""
        theirs = self._vectors.get(other)
        if vector is None or theirs is None:
            return None
        return float(vector @ theirs)


def same_claim(score: float, cosine: float | None, settings: ClusterSettings) -> bool:
    """Whether two contents with word similarity ``score`` (and embedding ``cosine``, None when either
    lacks a vector: words alone) are one claim: words at the threshold and meaning not far apart, or
    meaning very close (``strong_cosine``) with some weighted words shared (``min_shared``), for the
    paraphrases that say one thing in other words."""
    if cosine is None:
        return score >= settings.threshold
    if score >= settings.threshold and cosine >= settings.min_cosine:
        return True
    return 0 < settings.strong_cosine <= cosine and score >= settings.min_shared


def lowest_match(settings: ClusterSettings) -> float:
    """The lowest word similarity at which ``same_claim`` can hold: below it a candidate is never a match."""
    if settings.embeddings and settings.strong_cosine > 0:
        return min(settings.threshold, settings.min_shared)
    return settings.threshold


def cluster_items(items: Iterable[ClaimItem], settings: ClusterSettings | None = None) -> dict[int, int]:
    """Item id -> cluster id for ``items`` taken in the order given (oldest first)."""
    clusterer = Clusterer(settings)
    return {item.id: clusterer.add(item).cluster_id for item in items}


def representative(features: dict[int, frozenset[str]]) -> int:
    """The member most like the others (the medoid of at most the first 60 members): the cluster's wording."""
    ids = sorted(features)[:60]
    if len(ids) <= 2:
        return ids[0]
    return max(ids, key=lambda i: (sum(similarity(features[i], features[j]) for j in ids if j != i), -i))
