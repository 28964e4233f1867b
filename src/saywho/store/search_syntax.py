"""The search query language, one for both stores: parsed here, rendered for SQLite FTS5 or PostgreSQL.

    police fire            both words (in any order, anywhere in what was said); stems match: "shell" finds "shells"
    "artillery shells"     the words next to each other, in this order
    police OR fire         either word (``or`` in any case, or ``|``); OR binds tighter than the
                           space: ``budget cuts OR savings`` is budget AND (cuts OR savings)
    police -fire           police but not fire; ``-"fire brigade"`` leaves out a phrase
    well-known, U.S.       a word with inner punctuation is a phrase of its parts ("well known")

Case and accents do not matter. Common English words ("and", "the", "of": the Snowball list
PostgreSQL uses, ``data/search_stopwords_en.tsv``) are left out of a search, except inside a
quoted phrase; a search of nothing but such words is refused, as is one that only excludes.
Every other character is a separator, so no input is ever read as engine syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import InputError
from ..lexicon import load_words

_TOKENS = re.compile(r'(?P<neg>(?<![^\s])-)?(?:"(?P<phrase>[^"]*)"?|(?P<bare>[^\s"]+))')
_WORD = re.compile(r"[^\W_]+")  # letters and digits: "_" separates, as in both engines
_OR = {"or", "|"}


@dataclass(frozen=True)
class Term:
    """A word, or a phrase of words that must stand next to each other in this order."""

    words: tuple[str, ...]

    def fts5(self) -> str:
        return '"' + " ".join(self.words) + '"'  # quoted: FTS5 reads it as text, never as syntax

    def text(self) -> str:
        return self.words[0] if len(self.words) == 1 else '"' + " ".join(self.words) + '"'


@dataclass(frozen=True)
class SearchQuery:
    """Every group must match (a group matches when any of its terms does); no excluded term may."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    def fts5(self) -> str:
        """The query in SQLite FTS5 syntax."""
        wanted = " AND ".join(_fts5_any(group) for group in self.groups)
        if self.excluded:
            return f"({wanted}) NOT {_fts5_any(self.excluded)}"
        return wanted

    def text(self) -> str:
        """The query written back in the language, as it was understood (for messages and logs)."""
        parts = [" OR ".join(t.text() for t in group) for group in self.groups]
        return " ".join(parts + ["-" + t.text() for t in self.excluded])


def _fts5_any(terms: tuple[Term, ...]) -> str:
    return terms[0].fts5() if len(terms) == 1 else "(" + " OR ".join(t.fts5() for t in terms) + ")"


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return load_words("search_stopwords_en.tsv")


def parse(text: str) -> SearchQuery:
    """``text`` as a SearchQuery; InputError when it leaves nothing to look for."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for match in _TOKENS.finditer(text):
        phrase, bare = match.group("phrase"), match.group("bare")
        if bare is not None and bare.lower() in _OR and not match.group("neg"):
            join_next = bool(groups)
            continue
        term = _term(phrase if phrase is not None else bare, quoted=phrase is not None)
        if term is None:
            continue  # a common word, or punctuation alone
        if match.group("neg"):
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if not groups:
        what = "only excludes words: say what to look for too" if excluded else \
            "has no words to look for (common words such as 'and' or 'the' are left out)"
        raise InputError(f"search text {text!r} {what}")
    return SearchQuery(tuple(tuple(g) for g in groups), tuple(excluded))


def _term(raw: str, *, quoted: bool) -> Term | None:
    words = tuple(w.lower() for w in _WORD.findall(raw))
    if not quoted:
        words = tuple(w for w in words if w not in stop_words()) if len(words) == 1 else words
    if not words or all(w in stop_words() for w in words):
        return None
    return Term(words)
