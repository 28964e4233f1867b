"""Claim clusters: attributions across articles that assert the same thing.

Each content becomes a set of features: its content words (``text.claim_words``), the canonical
entities it mentions (``@russia``: "Moscow" and "Russia" meet) and the units of its figures
(``#share``). Two contents are the same claim when the Jaccard similarity of their feature sets
reaches ``threshold``, each feature weighted by its inverse document frequency among the contents
filed so far (TF-IDF's idea on sets: "ban" and "Muslims" say more than "Republican" and
"nominee"). Candidates come from MinHash LSH (datasketch) so that a new content is
compared with a handful of earlier ones, not with the whole store.

Clustering is incremental and order-aware: items are added oldest first; an item joins the cluster
of the most similar earlier item at or above the threshold, or founds a new cluster named after
itself. A full rebuild and any sequence of incremental updates over the same items in the same
order give the same clusters, so ingest never needs a rebuild.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..lexicon import load_settings
from .text import claim_words

_SEED = 11


@dataclass(frozen=True)
class ClusterSettings:
    """How alike two contents must be, and how LSH finds the candidates (``[claims]`` in settings.toml)."""

    threshold: float = 0.4
    min_words: int = 3
    bands: int = 24
    rows: int = 2

    @classmethod
    def defaults(cls) -> "ClusterSettings":
        claims = load_settings().get("claims", {})
        return cls(**{k: claims[k] for k in ("threshold", "min_words", "bands", "rows") if k in claims})


@dataclass
class ClaimItem:
    """One attribution's content with what clustering compares: words, entities, figure units."""

    id: int
    text: str
    entities: dict[str, list[str]] = field(default_factory=dict)  # canonical name -> names as written
    units: tuple[str, ...] = ()
    features: frozenset[str] = field(init=False)
    words: int = field(init=False)

    def __post_init__(self) -> None:
        words = set(claim_words(self.text))
        named = {f"@{e.lower()}" for e in self.entities}
        # Words of an entity's names stand for the entity: "Moscow" and "Russia" are one feature.
        covered = {w for canonical, aliases in self.entities.items() for name in (canonical, *aliases)
                   for w in claim_words(name)}
        # What is claimed, beyond whom it names ("Republican nominee Donald Trump" claims nothing);
        # a figure counts as a word ("supplies up to 50% of war needs" claims something).
        self.words = len(words - covered) + len(set(self.units))
        self.features = frozenset(words - covered) | named | {f"#{u.lower()}" for u in self.units}


@dataclass(frozen=True)
class Assignment:
    """Where an item went: its cluster (the founding item's id), the item it matched and how closely."""

    id: int
    cluster_id: int
    matched: int | None
    similarity: float
    keys: tuple[int, ...]
    features: frozenset[str]


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


def lsh_keys(features: Iterable[str], bands: int, rows: int) -> tuple[int, ...]:
    """One signed 64-bit key per LSH band of the features' MinHash (equal keys: a candidate pair)."""
    from datasketch import MinHash

    minhash = MinHash(num_perm=bands * rows, seed=_SEED)
    minhash.update_batch([f.encode("utf-8") for f in sorted(features)])
    values = minhash.hashvalues
    keys = []
    for band in range(bands):
        chunk = values[band * rows:(band + 1) * rows].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return tuple(keys)


class Clusterer:
    """Assigns items to clusters one at a time; ``remember`` loads items clustered earlier (from the store)."""

    def __init__(self, settings: ClusterSettings | None = None) -> None:
        self.settings = settings or ClusterSettings.defaults()
        self._features: dict[int, frozenset[str]] = {}
        self._cluster: dict[int, int] = {}
        self._buckets: dict[int, list[int]] = defaultdict(list)
        self._df: dict[str, int] = defaultdict(int)
        self._n = 0

    def __len__(self) -> int:
        return len(self._cluster)

    def remember(self, item_id: int, cluster_id: int, features: frozenset[str], keys: Iterable[int]) -> None:
        """An item already in a cluster: later items may join it."""
        if item_id in self._cluster:
            return
        self._features[item_id] = features
        self._cluster[item_id] = cluster_id
        for key in keys:
            self._buckets[key].append(item_id)

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
        return lsh_keys(item.features, self.settings.bands, self.settings.rows)

    def add(self, item: ClaimItem, keys: tuple[int, ...] | None = None) -> Assignment:
        """Put ``item`` in the cluster of its most similar earlier item, or in a new one of its own."""
        keys = self.keys(item) if keys is None else keys
        self._n += 1
        for feature in item.features:
            self._df[feature] += 1
        best, best_score = None, 0.0
        for other in sorted({o for key in keys for o in self._buckets.get(key, ())}):
            if other == item.id:
                continue
            score = weighted_similarity(item.features, self._features[other], self.weight)
            if score > best_score:
                best, best_score = other, score
        if best is not None and best_score >= self.settings.threshold:
            assignment = Assignment(item.id, self._cluster[best], best, round(best_score, 4), keys, item.features)
        else:
            assignment = Assignment(item.id, item.id, None, 1.0, keys, item.features)
        self.remember(item.id, assignment.cluster_id, item.features, keys)
        return assignment


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
