"""Contents as comparable words: folded, stop words out, plurals and tenses trimmed.

Deliberately simple and explainable: two contents are compared on the sets these functions return,
so a user can see which words made them match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..lexicon import load_tsv, load_words

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*%?")
_DIGIT = re.compile(r"[0-9]")  # a _WORD holds ASCII letters and digits only
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
# Suffixes trimmed so that "supplies", "supplied" and "supplying" meet; longest first.
_SUFFIXES = ("ies", "ied", "ing", "ed", "es", "s")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return load_words("claim_stopwords_en.tsv")


@lru_cache(maxsize=1)
def descriptor_words() -> frozenset[str]:
    """Stems of the words that say who someone is (office, candidacy, party; the titles of
    titles_en.tsv): they describe a named entity and claim nothing by themselves."""
    words = set(load_words("claim_descriptors_en.tsv"))
    words |= {row[0].lower() for row in load_tsv("titles_en.tsv") if len(row) > 1 and row[1] == "title"}
    # The word as written and its plural's stem ("candidates" stems to "candidat").
    return frozenset(words) | frozenset(stem(w + "s") for w in words if w)


@lru_cache(maxsize=1)
def _combining_marks() -> dict[int, None]:
    """Every combining mark, to be deleted by ``str.translate`` (one pass in C, not a Python step a character)."""
    import sys

    return {point: None for point in range(sys.maxunicode + 1) if unicodedata.combining(chr(point))}


def _fold(text: str) -> str:
    text = text.translate(_APOSTROPHES)
    if not text.isascii():  # ASCII has no compatibility forms or combining marks to take off
        text = unicodedata.normalize("NFKD", text).translate(_combining_marks())
    return re.sub(r"'s\b", "", text.lower())


_SIBILANT = ("s", "x", "z", "ch", "sh")
_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A crude, stable stem: enough to meet inflections ("faces", "faced", "face"; "banned", "ban";
    "supplies", "supplying"), never so much that it merges unrelated words. Plural and verb endings
    come off, a doubled final consonant is undoubled and a final silent e dropped, so that every
    form of a word ends the same way."""
    if word[0].isdigit() or len(word) <= 3:
        return word
    base = _strip_plural(word)
    for suffix in ("ing", "ed"):
        cut = base[: -len(suffix)]
        if base.endswith(suffix) and len(cut) >= 3 and _VOWELS & set(cut):
            base = cut + "e" if suffix == "ed" and cut.endswith("e") else cut  # "agreed": "agree"
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz" + "aeiou":
                base = base[:-1]
            break
    if len(base) > 3 and base.endswith("e") and base[-2] not in _VOWELS:
        base = base[:-1]
    return base


def _strip_plural(word: str) -> str:
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(_SIBILANT) and not word.endswith("ses") or word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
        return word[:-1]
    return word


def claim_words(text: str) -> list[str]:
    """The content words of ``text`` in order, stemmed (stop words, figures and one-letter words dropped:
    the same claim with another figure is still the same claim)."""
    stops = _stop_words()
    return [stem(w) for w in _WORD.findall(_fold(text))
            if w not in stops and len(w) > 1 and not _DIGIT.search(w)]


def shingles(text: str, size: int = 5) -> set[str]:
    """Overlapping ``size``-word windows of ``text`` (all words kept): what copies of one story share."""
    words = _WORD.findall(_fold(text))
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}
