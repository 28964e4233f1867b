"""The records saywho produces, and their JSON form (the contract in docs/json-contract.md).

Every span is a pair of Python ``str`` offsets into the article text, end-exclusive.
``to_dict`` gives exactly the fields of schema version 2 (``saywho/schema/result.schema.json``);
version 2 added each attribution's ``kind``. Records of version 1 are still read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import InputError, SchemaVersionError

SCHEMA_VERSION = "2"
# Versions this saywho reads: 1 lacks the attribution ``kind``.
READABLE_SCHEMA_VERSIONS = ("1", "2")

Span = tuple[int, int]
AttributionType = Literal["direct", "indirect", "mixed"]
Method = Literal["rules", "model", "neural"]
# What an attribution reports, from its cue (``saywho/data/cues_en.tsv``).
AttributionKind = Literal["speech", "writing", "thought", "intention", "evidence", "stance"]
ATTRIBUTION_KINDS: tuple[str, ...] = ("speech", "writing", "thought", "intention", "evidence", "stance")


def _spans(spans: list[Span]) -> list[list[int]]:
    return [[int(start), int(end)] for start, end in spans]


def _span_tuples(spans: Any) -> list[Span]:
    return [(int(start), int(end)) for start, end in spans or []]


def _text_spans(data: dict[str, Any] | None) -> TextSpans | None:
    return TextSpans(data["text"], _span_tuples(data.get("spans"))) if data else None


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Result":
        """The inverse of ``to_dict``: a Result from its JSON form (schema version 1 or 2).

        InputError when a required field is missing or malformed; SchemaVersionError when the
        record was written under another schema version.
        """
        version = str(data.get("schema_version", SCHEMA_VERSION))
        if version not in READABLE_SCHEMA_VERSIONS:
            raise SchemaVersionError(f"result {data.get('id')!r} has schema_version {version!r}; this saywho "
                                     f"reads versions {', '.join(READABLE_SCHEMA_VERSIONS)}: re-extract it or "
                                     "upgrade saywho")
        try:
            return cls(
                id=str(data["id"]),
                attributions=[_attribution(a) for a in data.get("attributions") or []],
                entities=[Entity(e["id"], e["kind"], e["name"], _span_tuples(e.get("mentions")),
                                 list(e.get("aliases") or [])) for e in data.get("entities") or []],
                quantities=[_quantity(q) for q in data.get("quantities") or []],
                meta=dict(data.get("meta") or {}),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"result {data.get('id') if isinstance(data, dict) else data!r} is not a saywho "
                             f"result of schema version {SCHEMA_VERSION} ({type(exc).__name__}: {exc})") from exc

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)


def _attribution(data: dict[str, Any]) -> Attribution:
    speaker = data.get("speaker")
    return Attribution(
        id=data["id"], type=data["type"], content=_text_spans(data["content"]),
        cue=_text_spans(data.get("cue")), source=_text_spans(data.get("source")),
        speaker=Speaker(speaker["name"], speaker.get("entity"), speaker.get("role"), speaker.get("affiliation"))
        if speaker else None,
        via=[Via(v["name"], v["cue"], _span_tuples(v.get("spans")), v.get("entity")) for v in data.get("via") or []],
        parent=data.get("parent"), quantities=list(data.get("quantities") or []),
        confidence=float(data.get("confidence", 1.0)), method=data.get("method", "rules"), kind=data.get("kind"),
    )


def _quantity(data: dict[str, Any]) -> Quantity:
    return Quantity(
        id=data["id"], text=data["text"], low=data.get("low"), high=data.get("high"), unit=data.get("unit"),
        spans=_span_tuples(data.get("spans")), referent=data.get("referent"), hedge=data.get("hedge"),
        low_inclusive=bool(data.get("low_inclusive", True)), high_inclusive=bool(data.get("high_inclusive", True)),
    )
