"""Character spans: the one helper that trims their edges, for the extractors, the model and the metric.

A span is ``(start, end)``, Python ``str`` offsets, end-exclusive. The metric of the product
brief compares spans after trimming white space and edge punctuation (quote marks, commas,
periods, dashes, brackets) from both ends; the rules and the model trim the same characters, so
what they output is what the metric compares. The rules also drop clause punctuation at an edge
(``CLAUSE_PUNCTUATION``), which the metric leaves in place.
"""

from __future__ import annotations

from .records import Span

# Part of the metric's definition, not language data: quote marks of every style, commas, periods
# (and the ellipsis), dashes and brackets.
EDGE_PUNCTUATION = frozenset(
    "\"'`´“”„‟‘’‚‛«»‹›〝〞＂＇"  # quote marks
    ",，.…。"  # commas, periods
    "-‐‑‒–—―−"  # hyphen and dashes
    "()[]{}<>（）［］"  # brackets
)
# "the plan is dead;" / "he said: ...": never part of what was said, but not in the metric's list.
CLAUSE_PUNCTUATION = frozenset(";:")


def trim(text: str, span: Span, *, also: frozenset[str] = frozenset()) -> Span | None:
    """``span`` without white space, ``EDGE_PUNCTUATION`` and ``also`` at either end; None when
    nothing is left. Offsets outside ``text`` are clipped to it."""
    start, end = max(0, int(span[0])), min(len(text), int(span[1]))
    while start < end and _edge(text[start], also):
        start += 1
    while end > start and _edge(text[end - 1], also):
        end -= 1
    return (start, end) if start < end else None


def _edge(char: str, also: frozenset[str]) -> bool:
    return char.isspace() or char in EDGE_PUNCTUATION or char in also
