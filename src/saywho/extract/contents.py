"""Contents: what was said, as character spans, and whether it was quoted (direct, indirect, mixed)."""

from __future__ import annotations

import re

from bisect import bisect_right

from spacy.tokens import Token

from ..records import Span
from ..spans import CLAUSE_PUNCTUATION, trim
from .quotes import Quote

# Clause markers left out of indirect content ("said that X" -> X).
_MARKERS = {"that"}


def token_span(first: Token, last: Token) -> Span:
    """Characters from ``first`` to ``last`` inclusive."""
    return first.idx, last.idx + len(last.text)


def clause_span(clause: Token, *, lo: int = 0, hi: int | None = None) -> Span:
    """The characters of ``clause``'s subtree (within token offsets [lo, hi)), its "that" left out."""
    doc = clause.doc
    hi = len(doc) if hi is None else hi
    start = max(clause.left_edge.i, lo)
    end = min(clause.right_edge.i, hi - 1)
    while start < clause.i and (_is_marker(doc[start]) or doc[start].is_punct):
        start += 1
    return token_span(doc[start], doc[max(end, start)])


def _is_marker(token: Token) -> bool:
    """"that" opening a reported clause (tagged as a marker, or followed by the clause's subject)."""
    if token.lower_ not in _MARKERS:
        return False
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.dep_ == "mark" or (nxt is not None and nxt.pos_ in {"DET", "PRON", "PROPN", "NUM"})


def inverted_spans(head: Token, cue_left: int, cue_right: int) -> list[Span]:
    """"CONTENT, he said, CONTENT": ``head``'s words around the cue's own phrase [cue_left, cue_right]."""
    doc = head.doc
    spans = []
    for start, end in ((head.left_edge.i, cue_left - 1), (cue_right + 1, head.right_edge.i)):
        while start <= end and (doc[start].is_punct or doc[start].is_space):
            start += 1
        while end >= start and (doc[end].is_punct or doc[end].is_space):
            end -= 1
        if end >= start:
            spans.append(token_span(doc[start], doc[end]))
    return spans


def sentence_lead(text: str, quote_start: int, limit: int = 300) -> int | None:
    """Start of the unquoted words that lead into a quote in the same sentence, if any.

    "With thousands of vote counting systems, “there is no one single point of failure,” he said."
    """
    i = quote_start - 1
    floor = max(0, quote_start - limit)
    while i >= floor and text[i] not in ".!?\n”\"":
        i -= 1
    if i < floor and floor > 0:
        return None
    start = i + 1
    while start < quote_start and text[start].isspace():
        start += 1
    return start if start < quote_start and any(ch.isalnum() for ch in text[start:quote_start]) else None


_WORD = re.compile(r"\w+")
# Words that only join two quotes of one speaker.
_JOINERS = frozenset({"and", "but", "or"})


class QuoteIndex:
    """Quoted characters of a text, for classifying content as direct, indirect or mixed."""

    def __init__(self, text: str, quotes: list[Quote]) -> None:
        self.text = text
        self.fragments = sorted(f for q in quotes for f in q.fragments)
        self.starts = [f[0] for f in self.fragments]

    def quoted_chars(self, start: int, end: int, *, cue_at: int | None = None) -> int:
        """How many characters of [start, end) lie inside quote marks.

        A quote that also holds the cue belongs to an outer speaker ("… Ukrainians have reported
        that …,” Farley writes): for the attribution made inside it, it does not count as quoting.
        """
        total = 0
        i = max(bisect_right(self.starts, start) - 1, 0)
        while i < len(self.fragments) and self.fragments[i][0] < end:
            fs, fe = self.fragments[i]
            if cue_at is None or not fs <= cue_at < fe:
                total += max(0, min(fe, end) - max(fs, start))
            i += 1
        return total

    def fragment_at(self, offset: int) -> Span | None:
        """The quoted fragment that holds character ``offset``, if any."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.fragments[i][0] <= offset < self.fragments[i][1]:
            return self.fragments[i]
        return None

    def kind(self, spans: list[Span], *, cue_at: int | None = None) -> str:
        """direct (all quoted), mixed (partly) or indirect (no quoted words)."""
        length = quoted = 0
        for span in spans:
            trimmed = trim(self.text, span, also=CLAUSE_PUNCTUATION)
            if trimmed is None:
                continue
            start, end = trimmed
            length += end - start
            quoted += self.quoted_chars(start, end, cue_at=cue_at)
        if length and quoted >= length or quoted and self._only_joins_quotes(spans, cue_at):
            return "direct"  # "“We made a plea …” and “So we told the president …”": two quotes, one record
        return "mixed" if quoted else "indirect"

    def _only_joins_quotes(self, spans: list[Span], cue_at: int | None) -> bool:
        """Whether the unquoted words of the spans are only "and"/"but" between quotes."""
        words: list[str] = []
        for span in spans:
            trimmed = trim(self.text, span, also=CLAUSE_PUNCTUATION)
            if trimmed is None:
                continue
            start, end = trimmed
            covered = sorted((max(fs, start), min(fe, end)) for fs, fe in self.fragments
                             if fs < end and fe > start and (cue_at is None or not fs <= cue_at < fe))
            at = start
            for fs, fe in covered:
                words += _WORD.findall(self.text[at:fs])
                at = max(at, fe)
            words += _WORD.findall(self.text[at:end])
        return all(w.lower() in _JOINERS for w in words)
