"""From B/I/O tags to attributions: fragments first, then each source and content joins a cue.

A fragment joins the cue it hangs from in the parse (a source as the cue verb's subject, a
content as its clausal complement); failing that, the nearest cue of its sentence, then of its
paragraph. Every cue with at least one content becomes one attribution; a content with no cue
in its paragraph becomes an attribution without cue or source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..nlp import doc_text
from ..records import Attribution, TextSpans
from ..spans import trim
from .features import DocArrays, Sequence

# Characters trimmed from both ends of a span (the scorer trims the same, and records read better).
QUOTE_CHARS = "\"“”«»"
MAX_HOPS = 8


@dataclass
class Fragment:
    """A run of tokens with one role, inside one paragraph."""

    role: str
    start: int  # first token index in the doc
    end: int  # last token index in the doc (inclusive)
    paragraph: int
    score: float = 1.0


@dataclass
class Group:
    cue: Fragment | None
    sources: list[Fragment] = field(default_factory=list)
    contents: list[Fragment] = field(default_factory=list)


def fragments(seq: Sequence, labels: list[str], paragraph: int) -> list[Fragment]:
    """Runs of B-/I- tags of one role; an I- after another role starts a new fragment."""
    out: list[Fragment] = []
    current: Fragment | None = None
    for k, label in enumerate(labels):
        i = seq.tokens[k]
        if label == "O":
            current = None
            continue
        tag, role = label.split("-", 1)
        if tag == "I" and current is not None and current.role == role and current.end == seq.tokens[k - 1]:
            current.end = i
        else:
            current = Fragment(role, i, i, paragraph)
            out.append(current)
    return out


def group(arr: DocArrays, frags: list[Fragment]) -> list[Group]:
    """Attach each source and content fragment to a cue fragment."""
    cues = [f for f in frags if f.role == "C"]
    owner = {}
    for f in cues:
        for i in range(f.start, f.end + 1):
            owner[i] = f
    groups = {id(c): Group(c) for c in cues}
    orphans: list[Group] = []
    for frag in frags:
        if frag.role == "C":
            continue
        cue = _syntactic_cue(arr, frag, owner) or _nearest_cue(arr, frag, cues)
        if cue is None:
            if frag.role == "T":
                orphans.append(Group(None, contents=[frag]))
            continue
        target = groups[id(cue)]
        (target.sources if frag.role == "S" else target.contents).append(frag)
    _pair_across_paragraphs([g for g in groups.values() if not g.contents], orphans)
    return [g for g in groups.values() if g.contents] + [g for g in orphans if g.contents]


def _pair_across_paragraphs(empty: list[Group], orphans: list[Group]) -> None:
    """A cue with no content of its own takes a cue-less content from the next paragraph, else the
    previous one ('Trump said:' then the quote as its own paragraph)."""
    for g in empty:
        assert g.cue is not None
        for step in (1, -1):
            found = next((o for o in orphans if o.contents and o.contents[0].paragraph == g.cue.paragraph + step), None)
            if found is not None:
                g.contents, found.contents = found.contents, []
                break


def _syntactic_cue(arr: DocArrays, frag: Fragment, owner: dict[int, Fragment]) -> Fragment | None:
    """The cue fragment reached by walking up the parse from the fragment's tokens."""
    for i in range(frag.start, frag.end + 1):
        head = arr.head[i]
        if frag.start <= head <= frag.end:
            continue  # not a root of the fragment
        node, hops = head, 0
        while hops < MAX_HOPS:
            if node in owner:
                return owner[node]
            if arr.head[node] == node:
                break
            node, hops = arr.head[node], hops + 1
    return None


def _nearest_cue(arr: DocArrays, frag: Fragment, cues: list[Fragment]) -> Fragment | None:
    """The closest cue of the same sentence, else of the same paragraph."""
    same_par = [c for c in cues if c.paragraph == frag.paragraph]
    if not same_par:
        return None
    sent = arr.sent_start[frag.start]
    same_sent = [c for c in same_par if arr.sent_start[c.start] == sent or arr.sent_start[frag.end] == arr.sent_start[c.start]]
    pool = same_sent or same_par
    return min(pool, key=lambda c: _gap(frag, c))


def _gap(a: Fragment, b: Fragment) -> int:
    if a.end < b.start:
        return b.start - a.end
    if b.end < a.start:
        return a.start - b.end
    return 0


def char_span(doc: Doc, frag: Fragment, text: str) -> tuple[int, int] | None:
    """The fragment's character span in ``text`` (the doc's) with edge white space and punctuation trimmed."""
    return trim(text, (doc[frag.start].idx, doc[frag.end].idx + len(doc[frag.end].text)))


def _text_spans(doc: Doc, frags: list[Fragment], text: str) -> TextSpans | None:
    spans = sorted(s for s in (char_span(doc, f, text) for f in frags) if s is not None)
    if not spans:
        return None
    return TextSpans(text=" … ".join(text[s:e] for s, e in spans), spans=spans)


def _kind(doc: Doc, frags: list[Fragment]) -> str:
    """direct when the content is wholly quoted, mixed when partly, indirect otherwise."""
    raw = "".join(doc[f.start:f.end + 1].text for f in frags)
    quoted = [f for f in frags if _quoted(doc, f)]
    if quoted and len(quoted) == len(frags):
        return "direct"
    return "mixed" if any(ch in raw for ch in QUOTE_CHARS) else "indirect"


def _quoted(doc: Doc, frag: Fragment) -> bool:
    before = doc[frag.start - 1].text if frag.start > 0 else ""
    first = doc[frag.start].text
    return first in QUOTE_CHARS or before in QUOTE_CHARS


def attributions(doc: Doc, groups: list[Group]) -> list[Attribution]:
    """Records for the groups, ids m1, m2, ... in text order of their content."""
    records: list[tuple[int, Attribution]] = []
    text = doc_text(doc)
    for g in groups:
        content = _text_spans(doc, g.contents, text)
        if content is None:
            continue
        cue = _text_spans(doc, [g.cue], text) if g.cue else None
        source = _text_spans(doc, g.sources, text) if g.sources else None
        parts = g.contents + g.sources + ([g.cue] if g.cue else [])
        confidence = sum(f.score for f in parts) / len(parts)
        records.append((content.spans[0][0], Attribution(
            id="", type=_kind(doc, g.contents), content=content, cue=cue, source=source,
            confidence=confidence, method="model")))
    records.sort(key=lambda pair: pair[0])
    for number, (_, record) in enumerate(records, start=1):
        record.id = f"m{number}"
    return [record for _, record in records]
