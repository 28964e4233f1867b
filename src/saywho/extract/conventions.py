"""Span conventions: where a corpus's annotators put the edges of content and source.

saywho's default ("seed", as in its seed gold) leaves the complementizer out of reported content
("says that [the war …]") and keeps a source to the name ("[Hugh Griffiths], senior researcher
at …, says"). PolNeAR's annotators keep both inside the span ("says [that the war …]", "[Jane
Roe, a lawyer for the firm], said"); ``span_style = "polnear"`` moves the edges that way, so that
output can be compared with, or feed, tools built on that convention.
"""

from __future__ import annotations

from ..lexicon import load_words
from ..records import Attribution

# Most words before a cue verb the cue may take in ("has also said").
_CUE_LEAD_WORDS = 3
# An appositive between a source and its cue: ", a lawyer for the firm," (two commas, one line).
_APPOSITIVE_MAX_CHARS = 150


def apply_polnear_spans(attributions: list[Attribution], text: str) -> None:
    """Move content and source edges to PolNeAR's convention, in place."""
    for attribution in attributions:
        _keep_complementizer(attribution, text)
        _keep_appositive(attribution, text)
        _keep_cue_lead(attribution, text)


def _keep_complementizer(attribution: Attribution, text: str) -> None:
    """Start reported content at the complementizer just before it ("said [that …]")."""
    if attribution.type == "direct" or not attribution.content.spans:
        return
    start, end = attribution.content.spans[0]
    before = text[:start].rstrip()
    words = before.split()
    if not words or words[-1].lower() not in load_words("complementizers_en.tsv"):
        return
    word_start = len(before) - len(words[-1])
    attribution.content.spans[0] = (word_start, end)
    attribution.content.text = text[word_start:start] + attribution.content.text


def _keep_appositive(attribution: Attribution, text: str) -> None:
    """Take an appositive between source and cue into the source ("[Jane Roe, a lawyer], said")."""
    if not (attribution.source and attribution.source.spans and attribution.cue and attribution.cue.spans):
        return
    start, end = attribution.source.spans[-1]
    gap = text[end:attribution.cue.spans[0][0]]
    closed = gap.rstrip()
    if (gap.startswith(",") and closed.endswith(",") and closed.count(",") == 2
            and len(gap) < _APPOSITIVE_MAX_CHARS and "\n" not in gap):
        new_end = end + len(closed) - 1
        attribution.source.spans[-1] = (start, new_end)
        attribution.source.text = attribution.source.text + text[end:new_end]


def _keep_cue_lead(attribution: Attribution, text: str) -> None:
    """Start the cue at the auxiliaries and adverbs right before its verb ("[has also said]")."""
    if attribution.cue is None or not attribution.cue.spans:
        return
    start, end = attribution.cue.spans[0]
    new_start = start
    for _ in range(_CUE_LEAD_WORDS):
        before = text[:new_start]
        words = before.split()
        if not words or before[-1:] not in (" ", "\u00a0") or words[-1].lower() not in load_words("polnear_cue_lead_en.tsv"):
            break
        new_start = len(before.rstrip()) - len(words[-1])
    if new_start < start:
        attribution.cue.spans[0] = (new_start, end)
        attribution.cue.text = text[new_start:start] + attribution.cue.text
