"""The normal form texts are matched and hashed in, with a map back to the text as given.

Two texts that look the same should be treated the same: an accent typed as two code points (NFD)
or as one (NFC), a non-breaking or zero-width space, a Windows line ending, white space around
the article. ``normal_form(text)`` gives the text in one form (NFC; soft hyphens, zero-width
spaces, word joiners and BOMs dropped; every run of horizontal white space one space; ``\\r\\n``
and ``\\r`` one ``\\n``; the whole stripped) and maps every offset in it back to ``text``, so
extraction runs on the normal form while every span saywho reports indexes the text as given.
Content hashes are taken over the normal form, so such copies of an article are stored once.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .records import Result

# Characters that are invisible in print and carry nothing for extraction. (ZWJ and ZWNJ stay:
# they change how Indic and Persian words and emoji are written.)
_INVISIBLE = "\u00ad\u2060\ufeff"
# Horizontal white space: space, tab, no-break and the other Unicode spaces, and the zero-width
# space (a place to break a line, so a word boundary: "Jane\u200bSmith" is two words); control
# characters too (saywho.articles turns them into spaces in the text it keeps).
_H = r"(?:[^\S\n\r\f\v]|[\u200b\x00-\x08\x0e-\x1f\x7f-\x9f])"
# What the normal form changes; a text without any of it (and in NFC) is its own normal form.
_CHANGES = re.compile(rf"[{_INVISIBLE}\r\u200b\x00-\x08\x0e-\x1f\x7f-\x9f]|{_H}{{2,}}|[^\S\n\f\v ]")
_RUNS = re.compile(rf"\r\n?|(?:{_H}|[{_INVISIBLE}])+")
# The runs that are not already what the normal form makes of them (a lone plain space is).
_CHANGING_RUNS = re.compile(rf"\r\n?|(?:{_H}|[{_INVISIBLE}]){{2,}}|(?! )(?:{_H}|[{_INVISIBLE}])")
_LEADING = re.compile(rf"(?:\s|{_H}|[{_INVISIBLE}])*")


@dataclass(frozen=True)
class NormalText:
    """A text's normal form, and for each of its characters where it came from in the original."""

    text: str
    original: str
    starts: array | None = None  # None: the normal form is the original itself
    ends: array | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The offsets in the original of the normal form's ``[start, end)``."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else len(self.original)
            return at, at
        return self.starts[start], self.ends[end - 1]

    def spans(self, spans: list) -> list[tuple[int, int]]:
        return [self.span(int(s), int(e)) for s, e in spans]

    @property
    def identity(self) -> bool:
        return self.starts is None


def normal_form(text: str) -> NormalText:
    """``text`` in saywho's normal form, with the map of each of its offsets back into ``text``."""
    nfc = unicodedata.is_normalized("NFC", text)
    if nfc and text == text.strip() and not _CHANGES.search(text):
        return NormalText(text, text)
    pieces: list[str] = []
    starts, ends = array("q"), array("q")
    begin, stop = _bounds(text)
    at = begin
    for run in _RUNS.finditer(text, begin, stop):
        _copy(text, at, run.start(), nfc, pieces, starts, ends)
        at = run.end()
        replacement = _run_replacement(run)
        if not replacement:
            continue
        pieces.append(replacement)
        starts.append(run.start())
        ends.append(run.end())
    _copy(text, at, stop, nfc, pieces, starts, ends)
    return NormalText("".join(pieces), text, starts, ends)


def normal_text(text: str) -> str:
    """``normal_form(text).text``, without the map back to ``text``: what a content hash needs, at a
    fraction of the cost (the map is an offset for every character)."""
    if not unicodedata.is_normalized("NFC", text):  # rare (decomposed accents): composed as normal_form does
        return normal_form(text).text
    if text == text.strip() and not _CHANGES.search(text):
        return text
    begin, stop = _bounds(text)
    # Only the runs that change are visited, not every space between two words.
    return _CHANGING_RUNS.sub(_run_replacement, text[begin:stop])


def _bounds(text: str) -> tuple[int, int]:
    """Where ``text`` starts and ends without the white space and invisible characters around it.
    (The end is the start of that run in the reversed text: searching for a run anchored at the end
    would try every position of the text.)"""
    begin = _LEADING.match(text).end()
    return begin, max(begin, len(text) - _LEADING.match(text[::-1]).end())


def _run_replacement(run: re.Match) -> str:
    """What a run of white space or invisible characters becomes in the normal form."""
    found = run.group()
    if not found.strip(_INVISIBLE):
        return ""  # invisible characters alone, inside a word: dropped
    return "\n" if found.startswith("\r") else " "


def _copy(text: str, start: int, end: int, nfc: bool, pieces: list[str], starts: array, ends: array) -> None:
    """Copy ``text[start:end]`` (no white space runs in it) into the normal form, composing it to NFC."""
    if start >= end:
        return
    if nfc:
        pieces.append(text[start:end])
        starts.extend(range(start, end))
        ends.extend(range(start + 1, end + 1))
        return
    at = start
    while at < end:  # a starter and the combining marks after it compose together
        stop = at + 1
        while stop < end and unicodedata.combining(text[stop]):
            stop += 1
        composed = unicodedata.normalize("NFC", text[at:stop])
        pieces.append(composed)
        starts.extend([at] * len(composed))
        ends.extend([stop] * len(composed))
        at = stop


def restore(result: "Result", normal: NormalText) -> "Result":
    """``result`` (extracted from ``normal.text``) with every span, and the text under it, in the original."""
    if normal.identity:
        return result
    for attribution in result.attributions:
        for piece in (attribution.content, attribution.cue, attribution.source):
            if piece is not None:
                piece.text, piece.spans = _moved(piece.text, piece.spans, normal)
        for link in attribution.via:
            link.spans = normal.spans(link.spans)
    for entity in result.entities:
        entity.mentions = normal.spans(entity.mentions)
    for quantity in result.quantities:
        quantity.text, quantity.spans = _moved(quantity.text, quantity.spans, normal)
    return result


def _moved(text: str, spans: list, normal: NormalText) -> tuple[str, list[tuple[int, int]]]:
    """Spans in the original, and the text they cover there when ``text`` was the normal form's slices."""
    moved = normal.spans(spans)
    for glue in (" … ", " "):
        if text == glue.join(normal.text[s:e] for s, e in spans):
            return glue.join(normal.original[s:e] for s, e in moved), moved
    return text, moved
