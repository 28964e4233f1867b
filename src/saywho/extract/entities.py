"""Entities: merged within the article and canonicalized offline (countries, capitals, demonyms, acronyms, outlets)."""

from __future__ import annotations

from spacy.tokens import Doc

from ..records import Entity


def find_entities(doc: Doc) -> list[Entity]:
    """Canonical entities of ``doc`` with every mention, ids e1, e2, ..."""
    return []
