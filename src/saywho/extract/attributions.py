"""Attributions: direct quotes, indirect speech and "according to", with speakers, outlets, nesting."""

from __future__ import annotations

from spacy.tokens import Doc

from ..options import ExtractOptions
from ..records import Attribution, Entity


def find_attributions(doc: Doc, entities: list[Entity], *, options: ExtractOptions) -> list[Attribution]:
    """Every attribution in ``doc``, ids a1, a2, ... in text order of their content."""
    return []
