"""The records saywho produces, and their JSON form (the contract in docs/json-contract.md).

Every span is a pair of Python ``str`` offsets into the article text, end-exclusive.
``to_dict`` gives exactly the fields of schema version 2 (``saywho/schema/result.schema.json``);
version 2 added each attribution's ``kind``. Records of version 1 are still read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "2"
# Versions this saywho reads: 1 lacks the attribution ``kind``.
READABLE_SCHEMA_VERSIONS = ("1", "2")

Span = tuple[int, int]
AttributionType = Literal["direct", "indirect", "mixed"]
Method = Literal["rules", "model"]
# What an attribution reports, from its cue (``saywho/data/cues_en.tsv``).
AttributionKind = Literal["speech", "writing", "thought", "intention", "evidence", "stance"]
ATTRIBUTION_KINDS: tuple[str, ...] = ("speech", "writing", "thought", "intention", "evidence", "stance")


def _spans(spans: list[Span]) -> list[list[int]]:
    return [[int(start), int(end)] for start, end in spans]


@dataclass
class TextSpans:
    """A piece of an attribution: its text and the fragments it covers (several when interrupted)."""

    text: str
    spans: list[Span]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "spans": _spans(self.spans)}


@dataclass
class Speaker:
    """The resolved speaker: the in-article entity a mention (pronoun, surname) stands for."""

    name: str
    entity: str | None = None
    role: str | None = None
    affiliation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "entity": self.entity, "role": self.role, "affiliation": self.affiliation}


@dataclass
class Via:
    """One link of the outlet chain through which a claim reaches the reader."""

    name: str
    cue: str
    spans: list[Span]
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "cue": self.cue, "spans": _spans(self.spans), "entity": self.entity}


@dataclass
class Attribution:
    """Who said what: content, cue and source spans, the resolved speaker, outlets and nesting."""

    id: str
    type: AttributionType
    content: TextSpans
    cue: TextSpans | None = None
    source: TextSpans | None = None
    speaker: Speaker | None = None
    via: list[Via] = field(default_factory=list)
    parent: str | None = None
    quantities: list[str] = field(default_factory=list)
    confidence: float = 1.0
    method: Method = "rules"
    kind: AttributionKind | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "kind": self.kind,
            "confidence": round(float(self.confidence), 3),
            "method": self.method,
            "content": self.content.to_dict(),
            "cue": self.cue.to_dict() if self.cue else None,
            "source": self.source.to_dict() if self.source else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "via": [v.to_dict() for v in self.via],
            "parent": self.parent,
            "quantities": list(self.quantities),
        }


@dataclass
class Entity:
    """A canonical entity of the article with every mention of it (aliases included)."""

    id: str
    kind: str  # PERSON, ORG, GPE, LOC, NORP, OUTLET, EVENT, ...
    name: str
    mentions: list[Span] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "aliases": list(self.aliases),
            "mentions": _spans(self.mentions),
        }


@dataclass
class Quantity:
    """A figure as an interval: exact numbers have low == high; a missing bound is None."""

    id: str
    text: str
    low: float | None
    high: float | None
    unit: str | None
    spans: list[Span]
    referent: str | None = None
    hedge: str | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "low": self.low,
            "high": self.high,
            "low_inclusive": self.low_inclusive,
            "high_inclusive": self.high_inclusive,
            "unit": self.unit,
            "referent": self.referent,
            "hedge": self.hedge,
            "spans": _spans(self.spans),
        }


@dataclass
class Result:
    """Everything saywho found in one article."""

    id: str
    attributions: list[Attribution] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "schema_version": SCHEMA_VERSION}
        if self.meta:
            out["meta"] = dict(self.meta)
        out["attributions"] = [a.to_dict() for a in self.attributions]
        out["entities"] = [e.to_dict() for e in self.entities]
        out["quantities"] = [q.to_dict() for q in self.quantities]
        return out

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)
