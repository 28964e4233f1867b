"""Names as readers match them: folded for comparison, cleaned of titles, and their acronyms.

One place for the string rules that speaker resolution, entities and the store share: "Erdoğan"
matches "Erdogan", "Saree" nearly matches "Sarea", "Superintendent Graciano Mijares" is "Graciano
Mijares", "Pope Francis" keeps its title, and "PG&E" abbreviates "Pacific Gas and Electric".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .lexicon import load_tsv

# Characters that are invisible in print but split or join words in the text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_ACRONYM_SKIP = frozenset({"of", "for", "the", "and", "on", "in", "de", "&", "a", "an", "at", "to"})
_POSSESSIVE = re.compile(r"(?:'s|')$")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def fold(text: str) -> str:
    """Case, accents, curly apostrophes, invisible characters and spacing do not count."""
    text = unicodedata.normalize("NFKD", text.translate(_INVISIBLE).translate(_APOSTROPHES))
    if not text.isascii():  # combining accents are non-ASCII: only runs of such characters are tested
        text = _NON_ASCII.sub(_without_combining, text)
    return " ".join(text.lower().split())


def _without_combining(run: re.Match) -> str:
    return "".join(ch for ch in run.group() if not unicodedata.combining(ch))


def strip_invisible(text: str) -> str:
    """``text`` without zero-width characters and soft hyphens, spaces collapsed."""
    return " ".join(text.translate(_INVISIBLE).split())


@lru_cache(maxsize=None)
def titles() -> dict[str, str]:
    """Title word (no final period) -> kind (title or honorific); name suffixes are left out."""
    return {row[0]: row[1] for row in load_tsv("titles_en.tsv") if row[1] in ("title", "honorific")}


@lru_cache(maxsize=None)
def regnal_titles() -> frozenset[str]:
    return frozenset(row[0] for row in load_tsv("regnal_titles_en.tsv"))


@lru_cache(maxsize=None)
def org_words() -> frozenset[str]:
    return frozenset(row[0] for row in load_tsv("org_words_en.tsv"))


@lru_cache(maxsize=None)
def gender_words() -> dict[str, str]:
    return {row[0]: row[1] for row in load_tsv("gender_words_en.tsv")}


def person_name(words: list[str]) -> str:
    """A person's canonical name from the words of a mention: titles and honorifics dropped
    ("Superintendent Graciano Mijares" -> "Graciano Mijares"), except a regnal title before a
    single name ("Pope Francis"); no trailing possessive or "of X"."""
    words = [w for w in (strip_invisible(w) for w in words) if w]
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]
    if words and _POSSESSIVE.search(words[-1]) and words[-1] in {"'s", "’s", "'", "’"}:
        words = words[:-1]
    elif words:
        words[-1] = _POSSESSIVE.sub("", words[-1].translate(_APOSTROPHES)) or words[-1]
    start = 0
    while start < len(words) - 1 and (words[start].rstrip(".") in titles() or
                                      len(words) - start > 2 and _misspelt_title(words[start])):
        start += 1
    if start and len(words) - start == 1 and words[start - 1] in regnal_titles():
        start -= 1  # "Pope Francis", "King Charles"
    return " ".join(words[start:])


@lru_cache(maxsize=4096)
def _misspelt_title(word: str) -> bool:
    """A long title with one letter wrong ("Represenative"): short ones are too close to surnames."""
    folded = fold(word)
    return len(folded) >= 8 and word[:1].isupper() and any(
        len(title) >= 8 and near_spelling(folded, fold(title)) for title in titles())


def acronym(name: str) -> str:
    """The initials of a name's capitalised words: "Pacific Gas and Electric Company" -> "PGEC"."""
    words = [w for w in re.split(r"[\s\-/]+", name) if w and w.lower() not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words if w[:1].isupper())


def acronym_key(text: str) -> str:
    """An acronym as written, reduced to its letters: "PG&E" -> "PGE", "U.N." -> "UN"."""
    return "".join(ch for ch in text if ch.isalpha()).upper()


def looks_like_acronym(text: str) -> bool:
    letters = acronym_key(text)
    return 2 <= len(letters) <= 8 and sum(ch.isupper() for ch in text) >= 2 and " " not in text.strip()


def near_spelling(a: str, b: str) -> bool:
    """Two folded words of five letters or more one edit apart ("saree" / "sarea")."""
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
