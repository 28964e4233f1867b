"""Quote-mark scanning: the quoted stretches of an article, in one linear pass over the text.

Handles every common mark style (“…” „…“ «…» ‹…› "…" and ‘…’), quotes that run over several
paragraphs (a paragraph that ends inside a quote and a next one that reopens it), and quotes inside
quotes (inner marks are part of the outer content). Apostrophes (Korea’s, it’s, don't) are never
taken for marks. An unbalanced mark never swallows the rest of the article: a quote must close
before its paragraph ends (or be reopened by the next paragraph) and within ``MAX_QUOTE_CHARS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Span

# Longest stretch one quote may cover, marks included; a longer one is taken to be unbalanced.
MAX_QUOTE_CHARS = 6000

# For each opening mark, the marks that may close it.
_CLOSERS = {
    "“": ("”", "“"),  # “…” (and “…“ from careless typing)
    "„": ("“", "”"),  # German and Polish style
    "«": ("»",),
    "»": ("«",),  # Danish style »…«
    "‹": ("›",),
    '"': ('"',),
    "‘": ("’",),
    "‚": ("‘", "’"),
    "''": ("''",),
}
_DOUBLE_OPENERS = ("“", "„", "«", '"', "''")
_SINGLE_OPENERS = "‘‚‹"
# Two apostrophes ('') stand for a double quote mark in some archives (the New York Times').
_MARKS = re.compile(r"''|[“”„«»‹›\"‘’‚\n]")
_WORD = re.compile(r"\w")


@dataclass
class Quote:
    """One quoted stretch: ``fragments`` are the quoted texts (marks excluded), one per paragraph."""

    start: int  # offset of the first opening mark
    end: int  # offset just past the closing mark
    fragments: list[Span]

    @property
    def inner(self) -> Span:
        return self.fragments[0][0], self.fragments[-1][1]


def _is_word(ch: str) -> bool:
    return bool(ch) and _WORD.match(ch) is not None


def _can_open(text: str, i: int, width: int = 1) -> bool:
    """A mark opens when it does not follow a word character and a non-space follows it."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if text[i] in "«‹":
        return True  # French style puts a (thin) space inside the marks
    if text[i] == "»":
        return before.isspace() and after.isalpha()  # Danish »…«, never a French closer
    if after.isspace():
        return False
    if text[i] in "‘’'\"" and _is_word(before):
        return False
    return True


def _can_close(text: str, i: int, width: int = 1) -> bool:
    """A closing mark is not an apostrophe: no word character on both sides (Korea’s, don’t)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if text[i] in "’'" and _is_word(before) and _is_word(after):
        return False
    return not before.isspace() or text[i] in "”»›"


def _reopens(text: str, newline: int, mark: str) -> int | None:
    """Offset of the opening mark that starts the paragraph after ``newline``, if it reopens a quote
    opened with ``mark``. Only the same mark does: in scraped text a stray straight mark at a
    paragraph's start must not run on through the curly-quoted paragraphs after it."""
    j = newline
    while j < len(text) and text[j].isspace():
        j += 1
    if text.startswith(mark, j) and _can_open(text, j, len(mark)):
        return j
    return None


def find_quotes(text: str) -> list[Quote]:
    """Every balanced quote of ``text`` in text order; inner quotes are not listed separately."""
    quotes: list[Quote] = []
    opener: int | None = None  # offset of the open quote's first mark
    mark = ""  # its mark
    frag_start = 0  # where the current fragment of the open quote starts
    fragments: list[Span] = []
    inner_open = False  # a single-quoted quote inside the open double quote

    for match in _MARKS.finditer(text):
        i = match.start()
        ch = match.group()
        w = len(ch)
        if ch == "\n":
            if opener is None:
                continue
            reopen = _reopens(text, i, mark)
            if reopen is not None and mark in _DOUBLE_OPENERS:
                # The paragraph ends inside the quote and the next one reopens it.
                fragments.append((frag_start, i))
                frag_start = reopen + (2 if text.startswith("''", reopen) else 1)
                inner_open = False
                continue
            opener = None  # unbalanced: the quote never closed in its paragraph
            continue
        if opener is not None and frag_start > i:
            continue  # the reopening mark of a continued quote, already accounted for
        if opener is None:
            if ch in _CLOSERS and _can_open(text, i, w) and (ch not in "‘‚" or _single_opens(text, i)):
                opener, mark, frag_start, fragments, inner_open = i, ch, i + w, [], False
            continue
        if i - opener > MAX_QUOTE_CHARS:
            opener = None
            if ch in _CLOSERS and _can_open(text, i, w):
                opener, mark, frag_start, fragments, inner_open = i, ch, i + w, [], False
            continue
        if mark in _DOUBLE_OPENERS and ch in ("‘", "‚", "‹") and _can_open(text, i):
            inner_open = True
            continue
        if inner_open and ch in ("’", "›", "‘") and _can_close(text, i):
            inner_open = False
            continue
        same = ch == mark
        if ch in _CLOSERS[mark] and _can_close(text, i, w) and (not same or not _can_open(text, i, w) or mark in ('"', "''")):
            fragments.append((frag_start, i))
            quotes.append(Quote(opener, i + w, [f for f in fragments if f[1] > f[0]] or [(frag_start, i)]))
            opener = None
            continue
        if same and _can_open(text, i, w):
            # The same opening mark again before a close: the first one was stray.
            opener, frag_start, fragments, inner_open = i, i + w, [], False
    return quotes


def _single_opens(text: str, i: int) -> bool:
    """A lone ‘ opens a quote only at a word's start (not ‘90s); its quote is checked on closing."""
    after = text[i + 1] if i + 1 < len(text) else " "
    return after.isalpha() and not (i + 2 < len(text) and text[i + 1 : i + 3].isdigit())
