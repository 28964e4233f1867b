"""Origins and independence: who said it first, and how many independent reports stand behind it.

A member's origin is the first publication point of its report:
- the first outlet of its own via chain ("…, says Griffiths, according to Reuters" -> Reuters), else
  that of the attribution it is nested in (a report inside a quote travels with the quote), else its
  speaker when the speaker is an outlet ("…, according to Reuters");
- else the outlet of its article, where the article is a copy of an earlier one (a syndicated
  wire story: ``CopyFinder``), the outlet of that earlier article;
- else the article itself (no outlet known).

So fifty reprints of one agency story, or fifty articles citing it, count once; two outlets that
reported the same speaker on their own count twice.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .cluster import new_minhash, similarity
from .text import shingles

_SEED = 5


@dataclass
class Member:
    """A cluster member with what origins and timelines need (names as stored, keys folded)."""

    attribution_id: int
    article_id: str
    text: str
    speaker: str | None = None
    role: str | None = None
    affiliation: str | None = None
    outlet: str | None = None
    outlet_key: str | None = None
    via: list[str] = field(default_factory=list)
    via_keys: list[str] = field(default_factory=list)
    parent_via_keys: list[str] = field(default_factory=list)
    published: str | None = None
    title: str | None = None
    copy_of: str | None = None  # the article this one copies, if any ("hash:<digest>" when not stored)
    copy_outlet_key: str | None = None
    copy_outlet: str | None = None
    similarity: float = 1.0
    type: str | None = None
    cited_outlet_key: str | None = None  # the speaker is an outlet ("according to Reuters" with no person)
    cited_outlet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # asdict's deep copy, made by hand: the fields are strings, numbers and lists of strings
        # (asdict's recursion took a quarter of the time of summarizing a claim update's clusters)
        return {name: list(value) if isinstance(value, list) else value for name, value in vars(self).items()}


def origin_key(member: Member) -> tuple[str, str]:
    """(key, label) of the member's origin: via outlet, copied article's outlet, own outlet, or the article."""
    for keys, names in ((member.via_keys, member.via), (member.parent_via_keys, member.parent_via_keys)):
        if keys:
            return f"outlet:{keys[0]}", (names[0] if names else keys[0])
    if member.cited_outlet_key:
        return f"outlet:{member.cited_outlet_key}", member.cited_outlet or member.cited_outlet_key
    if member.copy_of:
        if member.copy_outlet_key:
            return f"outlet:{member.copy_outlet_key}", member.copy_outlet or member.copy_outlet_key
        return f"article:{member.copy_of}", _story_label(member.copy_of)
    if member.outlet_key:
        return f"outlet:{member.outlet_key}", member.outlet or member.outlet_key
    return f"article:{member.article_id}", member.title or member.article_id


def _story_label(article_id: str) -> str:
    """An origin article's id, or for a syndication link whose origin is not stored, its hash's start."""
    return f"story {article_id[5:17]} (not stored)" if article_id.startswith("hash:") else article_id


def _when(member: Member) -> tuple[bool, str, int]:
    return (member.published is None, member.published or "", member.attribution_id)


def summarize(members: Iterable[Member]) -> dict[str, Any]:
    """Earliest member, speakers who made the claim themselves, origins (independent count) and outlets."""
    members = sorted(members, key=_when)
    origins: dict[str, dict[str, Any]] = {}
    speakers: dict[str, dict[str, Any]] = {}
    outlets: dict[str, int] = defaultdict(int)
    for member in members:
        key, label = origin_key(member)
        origin = origins.setdefault(key, {"key": key, "label": label, "first": member.published,
                                          "first_attribution": member.attribution_id, "members": 0})
        origin["members"] += 1
        if member.speaker:
            who = speakers.setdefault(member.speaker, {"name": member.speaker, "role": member.role,
                                                       "affiliation": member.affiliation,
                                                       "first": member.published, "members": 0})
            who["members"] += 1
        for name in dict.fromkeys([*([member.outlet] if member.outlet else []), *member.via]):
            outlets[name] += 1
    first = members[0] if members else None
    return {
        "first": first.to_dict() if first else None,
        "origins": list(origins.values()),
        "independent_origins": len(origins),
        "speakers": list(speakers.values()),
        "outlets": [{"name": n, "members": c} for n, c in sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))],
    }


# -- copies of one story ---------------------------------------------------------------------------


def article_keys(text: str, bands: int = 32, rows: int = 3) -> tuple[frozenset[str], tuple[int, ...]]:
    """An article's 5-word shingles and the LSH keys of their MinHash (near-duplicates share a key)."""
    found = shingles(text)
    minhash = new_minhash(bands * rows, _SEED)
    minhash.update_batch([s.encode("utf-8") for s in found])  # a minimum: the order does not matter
    values = minhash.hashvalues
    keys = tuple(int.from_bytes(hashlib.blake2b(bytes([b]) + values[b * rows:(b + 1) * rows].tobytes(),
                                                digest_size=8).digest(), "big", signed=True)
                 for b in range(bands))
    return frozenset(found), keys


class CopyFinder:
    """Finds articles that copy an earlier one (wire stories, reprints): shingle overlap at ``threshold``.

    Articles are added oldest first; a copy points at the earliest article of its story.
    ``remember`` loads articles seen before (their shingles, keys and origin).
    """

    def __init__(self, threshold: float = 0.6) -> None:
        self.threshold = threshold
        self._shingles: dict[str, frozenset[str]] = {}
        self._origin: dict[str, str] = {}
        self._buckets: dict[int, list[str]] = defaultdict(list)

    def remember(self, article_id: str, found: frozenset[str], keys: Iterable[int], origin: str | None) -> None:
        self._shingles[article_id] = found
        self._origin[article_id] = origin or article_id
        for key in keys:
            self._buckets[key].append(article_id)

    @staticmethod
    def keys(text: str) -> tuple[frozenset[str], tuple[int, ...]]:
        """An article's shingles and LSH keys (``article_keys``)."""
        return article_keys(text)

    def add(self, article_id: str, text: str) -> tuple[str | None, float]:
        """(origin article id or None, shingle similarity) for a new article, taken after every earlier one."""
        return self.add_computed(article_id, *article_keys(text))

    def add_computed(self, article_id: str, found: frozenset[str], keys: tuple[int, ...]) -> tuple[str | None, float]:
        """``add`` for shingles and keys computed already."""
        best, best_score = None, 0.0
        for other in sorted({o for key in keys for o in self._buckets.get(key, ())}):
            if other == article_id:
                continue
            score = similarity(found, self._shingles[other])
            if score > best_score:
                best, best_score = other, score
        origin = self._origin[best] if best is not None and best_score >= self.threshold else None
        self.remember(article_id, found, keys, origin)
        return origin, round(best_score, 4) if origin else 0.0
