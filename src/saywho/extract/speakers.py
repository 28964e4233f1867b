"""Speakers: each source mention resolved to one speaker per person, and linked to its entity.

A surname ("Fedorov stresses") resolves to the full name the article used for that person
("Yurii Fedorov"); a pronoun ("he says") to the speaker just before it (pronoun kinds are in
``saywho/data/pronouns_en.tsv``); "I" and "we" inside a quote to the one quoted. No coreference
model is involved: these are the rules a reader of news applies.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from functools import lru_cache

from spacy.tokens import Doc

from ..lexicon import load_tsv
from ..records import Entity, Span
from .sources import Mention, titles


@lru_cache(maxsize=None)
def pronoun_kinds() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in load_tsv("pronouns_en.tsv")}


def _clean_name(words: list[str]) -> list[str]:
    """A name without leading titles and a trailing possessive."""
    while len(words) > 1 and words[0].rstrip(".") in titles():
        words = words[1:]
    if words and words[-1] in {"’s", "'s"}:
        words = words[:-1]
    return words


class SpeakerResolver:
    """Resolves mentions in text order; remembers full names and who spoke last."""

    def __init__(self, doc: Doc, entities: list[Entity]) -> None:
        # surname -> [(offset, full name)] sorted by offset, for "Fedorov" -> "Yurii Fedorov"
        self.full_names: dict[str, list[tuple[int, str]]] = {}
        people = [ent for ent in doc.ents if ent.label_ == "PERSON"]
        self.people_mentions = [(ent.start_char, " ".join(_clean_name([t.text for t in ent]))) for ent in people]
        for offset, name in self.people_mentions:
            self.note_full_name(offset, name)
        for entity in entities:
            if entity.kind == "PERSON" and entity.mentions:
                self.note_full_name(min(s for s, _ in entity.mentions), entity.name)
        self.known_surnames = frozenset(self.full_names)
        self.last_person: str | None = None
        self.last_group: str | None = None
        self._entities = _EntityIndex(entities)

    def note_full_name(self, offset: int, name: str) -> None:
        words = name.split()
        if len(words) >= 2:
            insort(self.full_names.setdefault(words[-1], []), (offset, name))

    def full_name(self, surname: str, offset: int) -> str | None:
        """The full name last used before ``offset`` whose surname is ``surname`` (else the first after)."""
        names = self.full_names.get(surname)
        if not names:
            return None
        i = bisect_right(names, (offset, "\uffff"))
        return names[i - 1][1] if i else names[0][1]

    def resolve(self, mention: Mention, *, quoted_speaker: str | None = None) -> tuple[str, bool]:
        """(speaker name, resolved from elsewhere) for ``mention``; then remember who spoke."""
        text = mention.name
        offset = mention.span[0]
        if mention.is_pronoun:
            kind = pronoun_kinds().get(text.lower())
            if kind == "self" and quoted_speaker:
                return quoted_speaker, True
            if kind == "person":
                name = self.last_person or self._last_person_mentioned(offset)
                if name:
                    return name, True
            if kind == "group" and self.last_group:
                return self.last_group, True
            return text, False
        name = text
        if len(text.split()) == 1 and (mention.person or text[:1].isupper()):
            # A surname; the tagger may have missed that it names a person ("Smirnov stresses").
            full = self.full_name(text, offset)
            if full:
                name, mention.person = full, True
        if mention.person:
            self.last_person = name
            self.note_full_name(offset, name)
        else:
            self.last_group = name
        return name, name != text

    def _last_person_mentioned(self, offset: int) -> str | None:
        """The last person named before ``offset`` (for a pronoun before anyone has spoken)."""
        i = bisect_left(self.people_mentions, (offset, ""))
        while i > 0 and not self.people_mentions[i - 1][1]:
            i -= 1
        if i == 0:
            return None
        name = self.people_mentions[i - 1][1]
        return self.full_name(name.split()[-1], offset) or name

    def entity_id(self, span: Span, name: str) -> str | None:
        return self._entities.find(span, name)


class _EntityIndex:
    """Entity lookup by mention offsets (bisect over sorted mentions) and by name or alias."""

    def __init__(self, entities: list[Entity]) -> None:
        mentions = sorted((s, e, ent.id, ent.kind) for ent in entities for s, e in ent.mentions)
        self.starts = [m[0] for m in mentions]
        self.mentions = mentions
        self.by_name: dict[str, str] = {}
        for ent in entities:
            for alias in [ent.name, *ent.aliases]:
                self.by_name.setdefault(alias.lower(), ent.id)

    def find(self, span: Span, name: str) -> str | None:
        start, end = span
        lo = bisect_left(self.starts, start - 200)
        hi = bisect_right(self.starts, end)
        for s, e, ent_id, kind in self.mentions[lo:hi]:
            overlap = min(e, end) - max(s, start)
            # A person named in the source is the speaker; a place or group named inside a longer
            # description is not ("Ukrainians at the front" are not Ukraine, "officials in Moscow"
            # are not Russia), unless it makes up most of the mention.
            if overlap > 0 and (kind == "PERSON" or 2 * overlap >= end - start):
                return ent_id
        return self.by_name.get(name.lower())
