"""The keys the store merges on: article content hashes and normalized speaker, entity and outlet names.

Merging is conservative on purpose: a wrong merge puts one person's words in another's mouth,
a missed merge only splits a profile. Two person names merge when they are equal after case,
accents, punctuation and honorifics are folded, or differ only by middle initials
("Robert J. Farley" = "Robert Farley"). A surname alone ("Farley") is never merged across
articles: the extractor resolves it inside its article, and what is left stays article-scoped.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from functools import lru_cache

from ..lexicon import load_tsv
from ..names import fold as fold_name
from ..names import person_name
from ..normalize import normal_text

_POSSESSIVE = re.compile(r"'s?$")
_PERSON_KINDS = {None, "PERSON"}
# Names repeat across a corpus ("the United States" in thousands of articles): the pure key
# functions below are memoized, so a bulk load folds each distinct name once.
_CACHED_NAMES = 1 << 16


def content_hash(text: str) -> str:
    """sha256 of ``text`` in saywho's normal form (``saywho.normalize``: NFC, one space for every run of
    spaces, ``\\n`` line endings, invisible characters dropped, stripped), so look-alike copies are one article."""
    return hashlib.sha256(normal_text(text).encode("utf-8", "surrogatepass")).hexdigest()


@lru_cache(maxsize=1)
def _name_words() -> dict[str, set[str]]:
    """Honorifics dropped from names before merging, and pronouns that are never names."""
    return {
        # The extractor already strips leading titles from names; the store drops them too, so that
        # "Dr. Jane Roe" from an older extraction still meets "Jane Roe".
        "honorific": {word.lower() for word, kind, *_ in load_tsv("titles_en.tsv") if kind in ("title", "honorific")},
        "pronoun": {form.lower() for form, *_ in load_tsv("pronouns_en.tsv")},
    }


@lru_cache(maxsize=_CACHED_NAMES)
def fold(name: str) -> str:
    """Lower case, accents, invisible characters and punctuation folded, white space collapsed: the
    base of every key (``saywho.names.fold``, the extractor's, plus punctuation)."""
    return " ".join(re.sub(r"[.,;:!?\"()\[\]]", " ", fold_name(name)).split())


def person_tokens(name: str) -> list[str]:
    """A person's name as merge tokens, by the extractor's rules (``saywho.names.person_name``: titles
    dropped, a regnal title kept), then honorifics and possessive dropped, middle initials removed."""
    return list(_person_tokens(name))


@lru_cache(maxsize=_CACHED_NAMES)
def _person_tokens(name: str) -> tuple[str, ...]:
    tokens = fold(person_name(name.split()) or name).split()
    honorifics = _name_words()["honorific"]
    while len(tokens) > 1 and tokens[0] in honorifics:
        tokens.pop(0)
    if tokens:
        tokens[-1] = _POSSESSIVE.sub("", tokens[-1]) or tokens[-1]
    if len(tokens) >= 3:
        tokens = [tokens[0], *(t for t in tokens[1:-1] if len(t) > 1), tokens[-1]]
    return tuple(tokens)


def is_pronoun(name: str) -> bool:
    """True when ``name`` is a bare pronoun ("he", "They"): a speaker that was not resolved."""
    return fold(name) in _name_words()["pronoun"]


def speaker_key(name: str | None, kind: str | None, article_id: str) -> str | None:
    """The key speakers are merged on across the corpus, or None when ``name`` names nobody.

    Unresolved pronouns, and descriptions the extractor did not link to an entity ("The
    researchers", "a judge"), get no speaker row: merging every "the vice president" would be wrong.
    A one-word name is scoped to its article unless it is a place, a group or an acronym ("NATO"):
    spaCy tags bare surnames as ORG, and two articles' "Pierce" need not be one person.
    """
    if not name or not name.strip() or is_pronoun(name):
        return None
    if kind is None and not looks_like_name(name):
        return None
    key = entity_key(name, kind or "PERSON", article_id)
    if "@" not in key and len(key.split()) < 2 and not _merges_alone(name, kind):
        return f"{key}@{article_id}"
    return key


def looks_like_name(name: str) -> bool:
    """A proper name: every word capitalized ("Hugh Griffiths", "J. Farley"), not a description."""
    words = name.split()
    return bool(words) and all(w[0].isupper() or not w[0].isalpha() for w in words)


_SINGLE_WORD_KINDS = {"GPE", "LOC", "NORP", "OUTLET"}


def _merges_alone(name: str, kind: str | None) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return kind in _SINGLE_WORD_KINDS or (len(letters) > 1 and all(ch.isupper() for ch in letters))


def entity_key(name: str, kind: str, article_id: str) -> str:
    """The key an entity is merged on within its ``kind``; a one-word person name stays in its article."""
    if kind in _PERSON_KINDS:
        tokens = person_tokens(name)
        key = " ".join(tokens)
        return f"{key}@{article_id}" if len(tokens) < 2 else key
    return fold(name)


@lru_cache(maxsize=1)
def _outlet_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for row in load_tsv("outlets_en.tsv"):
        canonical = row[0]
        names = [canonical, *(row[1].split("|") if len(row) > 1 and row[1] else [])]
        for alias in names:
            aliases[_outlet_fold(alias)] = canonical
    return aliases


@lru_cache(maxsize=_CACHED_NAMES)
def _outlet_fold(name: str) -> str:
    folded = fold(name)
    return folded[4:] if folded.startswith("the ") else folded


def canonical_outlet(name: str) -> tuple[str, str]:
    """(key, display name) of an outlet, folding the aliases listed in ``outlets_en.tsv``."""
    folded = _outlet_fold(name)
    canonical = _outlet_aliases().get(folded)
    if canonical is not None:
        return _outlet_fold(canonical), canonical
    return folded, name.strip()


def known_outlet(name: str | None) -> tuple[str, str] | None:
    """(key, display name) when ``name`` is an outlet listed in ``outlets_en.tsv``, else None."""
    if not name:
        return None
    canonical = _outlet_aliases().get(_outlet_fold(name))
    return (_outlet_fold(canonical), canonical) if canonical else None


def parse_date(value: str | None) -> date | None:
    """The calendar date of an ISO-8601 date or date-time string, else None (the raw text is kept)."""
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
