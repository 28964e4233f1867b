"""Contents as comparable words: folded, stop words out, plurals and tenses trimmed.

Deliberately simple and explainable: two contents are compared on the sets these functions return,
so a user can see which words made them match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..lexicon import load_words

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*%?")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
# Suffixes trimmed so that "supplies", "supplied" and "supplying" meet; longest first.
_SUFFIXES = ("ies", "ied", "ing", "ed", "es", "s")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return load_words("claim_stopwords_en.tsv")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"'s\b", "", text)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A crude, stable stem: enough to meet inflections, never so much that it merges unrelated words."""
    if word[0].isdigit() or len(word) <= 4 or word.endswith("ss"):
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            return base + "y" if suffix in ("ies", "ied") else base
    return word


def claim_words(text: str) -> list[str]:
    """The content words of ``text`` in order, stemmed (stop words, figures and one-letter words dropped:
    the same claim with another figure is still the same claim)."""
    stops = _stop_words()
    return [stem(w) for w in _WORD.findall(_fold(text))
            if w not in stops and len(w) > 1 and not any(ch.isdigit() for ch in w)]


def shingles(text: str, size: int = 5) -> set[str]:
    """Overlapping ``size``-word windows of ``text`` (all words kept): what copies of one story share."""
    words = _WORD.findall(_fold(text))
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}
