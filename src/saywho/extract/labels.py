"""Speaker labels: a name and a colon that attribute what follows on the line.

Transcripts ("PENCE: Well, look, …", one turn a paragraph) and headlines ("Pence: Flowers won't be
at debate") attribute without a verb; the colon is the cue and the line is the content.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from ..lexicon import load_words
from .candidates import Candidate, DocIndex
from .sources import Mention

# "PENCE:", "MR. TRUMP:", "SEN. ELIZABETH WARREN:" at the start of a paragraph, after an optional
# opening quote mark (a transcript quoted paragraph by paragraph).
_TRANSCRIPT_LABEL = re.compile(r"(?m)^[ \t]*[\"“]?([A-Z][A-Z.'’-]*(?:[ \t]+[A-Z][A-Z.'’-]*){0,3}):[ \t]+(?=\S)")
# "Pence: Flowers Won't Be at Debate" as the first line: a short name, a colon, the claim.
_HEADLINE_LABEL = re.compile(r"[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2}):[ \t]+(?=\S)")
# A transcript has turns: one label alone is more likely "UPDATE:" than a speaker.
_MIN_TURNS = 2


@lru_cache(maxsize=None)
def _non_speakers() -> frozenset[str]:
    return load_words("non_speaker_labels_en.tsv")


def label_candidates(doc: Doc, index: DocIndex, text: str, used: set[int]) -> list[Candidate]:
    """One candidate per transcript turn and per headline of the form "Name: claim"."""
    turns = [m for m in _TRANSCRIPT_LABEL.finditer(text) if _speaker_label(m.group(1))]
    out = [c for m in turns for c in _candidate(doc, index, text, m, used)] if len(turns) >= _MIN_TURNS else []
    headline = _HEADLINE_LABEL.match(text)
    if headline and _speaker_label(headline.group(1)) and _is_name(doc, index, headline):
        out += _candidate(doc, index, text, headline, used)
    return out


def _speaker_label(label: str) -> bool:
    return len(label.rstrip(".")) > 1 and label.lower().replace("’", "'") not in _non_speakers()


def _is_name(doc: Doc, index: DocIndex, match: re.Match) -> bool:
    """A headline label names someone: proper nouns or a one-word source ("Poll"), no verb."""
    tokens = doc[index.token_at(match.start(1)).i : index.token_at(match.end(1) - 1).i + 1]
    return all(t.pos_ in {"PROPN", "NOUN"} or t.ent_type_ in {"PERSON", "ORG"} for t in tokens)


def _candidate(doc: Doc, index: DocIndex, text: str, match: re.Match, used: set[int]) -> list[Candidate]:
    colon = index.token_at(match.end(1))
    if colon.text != ":" or colon.i in used:
        return []
    end = text.find("\n", match.end())
    end = len(text) if end < 0 else end
    content = (match.end(), end)
    start, stop = index.token_at(match.start(1)).i, colon.i
    if stop <= start:
        return []
    used.add(colon.i)
    mention = Mention(start=start, end=stop, head=doc[stop - 1], person=True)
    cand = Candidate(content=[content], rule="label", cue=colon, source=mention)
    cand.cue_spans = [(colon.idx, colon.idx + 1)]
    return [cand]


def without_labelled_quotes(candidates: list[Candidate]) -> list[Candidate]:
    """A transcript turn quoted as a paragraph ("“PENCE: Well, …") is the label's record, not an
    uncued quote of its own."""
    cues = [c.cue_spans[0][0] for c in candidates if c.rule == "label"]
    return [c for c in candidates if c.rule != "uncued"
            or not any(s <= cue < e for cue in cues for s, e in c.content)]
