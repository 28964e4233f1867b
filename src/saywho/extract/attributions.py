"""Attributions: direct quotes, indirect speech and "according to", with speakers, outlets, nesting.

The rules run in three passes over the parsed ``Doc``, each linear in its length:

1. quotes (``quotes.find_quotes``) with the frame around them: "“…,” says X", "“…,” X stresses",
   "X said: “…”", and "“…,” he said, “…”" (one attribution, two content spans);
2. cue words (``cues_en.tsv``) with a subject and a clause: "X says/notes/told Reuters that …",
   "…, says X", nested ones inside quotes included;
3. "according to X": X is the source, or an outlet on the chain of the sentence's other attribution.

Then speakers are resolved in text order (``speakers``), nested attributions get their parent, and
records are numbered a1, a2, … in the text order of their content.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..options import ExtractOptions
from ..records import Attribution, Entity, Span, Speaker, TextSpans, Via
from .contents import QuoteIndex, clause_span, inverted_spans, sentence_lead, trim
from .cues import according_object, cue_kinds, cue_lemma, cue_preps, cue_span, is_according_to
from .quotes import Quote, find_quotes
from .sources import Mention, source_mention
from .speakers import SpeakerResolver
from .via import according_via, via_of_cue

# How far (in tokens) the frame after a closing mark or before an opening mark may reach.
_FRAME_AFTER = 7
_FRAME_BEFORE = 6
# Longest gap (characters) between the two halves of an interrupted quote ("…,” he said, “…").
_INTERRUPT_GAP = 160
# A quote without a cue becomes an attribution only when it holds at least this many words.
_MIN_UNCUED_WORDS = 5
# Reported content shorter than this is idiom ("he said so", "as she says"), not a claim.
_MIN_CLAUSE_WORDS = 2
_SUBJECTS = {"nsubj", "nsubjpass"}
# A sentence ends inside a gap: "… said. The …" (abbreviations like "N.C.," do not match).
_SENTENCE_BREAK = re.compile(r"[a-z][.!?]\s+[A-Z“\"]")
# Subordinators that make a clause circumstance, not content ("said when she resigned").
_NOT_REPORTED = {"when", "because", "after", "before", "while", "as", "since", "although", "though", "until",
                 "unless", "once", "where", "whereas"}
_FIRST_PERSON = {"i", "we", "you", "me", "us"}
_QUOTE_RULES = {"quote", "quote-before", "uncued"}
_OBJECTS = {"xcomp", "dobj"}
_CLAUSES = {"ccomp"}
_INVERTED_DEPS = {"parataxis", "advcl", "ccomp", "conj"}
_CONFIDENCE = {"object": 0.6, "quote": 0.95, "quote-before": 0.9, "clause": 0.85, "inverted": 0.8, "according": 0.8, "uncued": 0.5}


@dataclass
class _Candidate:
    content: list[Span]
    rule: str
    cue: Token | None = None
    cue_text: str | None = None
    cue_spans: list[Span] = field(default_factory=list)
    source: Mention | None = None
    via: list[Via] = field(default_factory=list)
    speaker: Speaker | None = None
    parent: "_Candidate | None" = None
    id: str = ""
    alone: bool = False  # an uncued quote long enough to stand as its own attribution

    @property
    def anchor(self) -> int:
        """Where the attribution is made: its cue, else its content."""
        return self.cue_spans[0][0] if self.cue_spans else self.content[0][0]


class _DocIndex:
    """Per-doc lookups built once: the token at a character offset, each token's sentence.

    (``Token.sent`` walks the whole document on every call, so rules never use it.)
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = doc.to_array("IDX").tolist()
        self.sentence: list[tuple[int, int]] = [(0, 0)] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                self.sentence[i] = (sent.start, sent.end)

    def token_at(self, offset: int) -> Token:
        return self.doc[max(bisect_right(self.starts, offset) - 1, 0)]


def find_attributions(doc: Doc, entities: list[Entity], *, options: ExtractOptions) -> list[Attribution]:
    """Every attribution in ``doc``, ids a1, a2, ... in text order of their content."""
    if len(doc) == 0:
        return []
    text = doc.text
    quotes = find_quotes(text)
    index = _DocIndex(doc)
    quoted = QuoteIndex(text, quotes)
    used: set[int] = set()
    resolver = SpeakerResolver(doc, entities)
    candidates = _quote_candidates(doc, quotes, index, used, resolver.known_surnames)
    candidates += _clause_candidates(doc, used, resolver.known_surnames, quoted)
    candidates = _according_candidates(doc, index, candidates, resolver.known_surnames)
    candidates = _merge_uncued(text, [c for c in candidates if _clean_content(text, c, quoted)])
    _nest(candidates)
    # Claims reported inside someone's quote are their own records ("Ukrainians … have reported
    # that …"); inside indirect speech they are part of what the outer speaker said.
    candidates = [c for c in candidates if c.parent is None or c.parent.rule in _QUOTE_RULES]
    _resolve(candidates, resolver)
    return _records(candidates, quoted, resolver)


# --- pass 1: quotes and their frames -------------------------------------------------------------


def _quote_candidates(doc: Doc, quotes: list[Quote], index: _DocIndex, used: set[int], people: frozenset[str]) -> list[_Candidate]:
    out: list[_Candidate] = []
    merged: set[int] = set()
    text = doc.text  # Doc.text joins every token: read it once
    for qi, quote in enumerate(quotes):
        if qi in merged:
            continue
        close = index.token_at(quote.end - 1)
        ends_period = text[quote.fragments[-1][0] : quote.fragments[-1][1]].rstrip().endswith(".")
        frame = _frame_after(doc, close.i + 1, people, used, new_sentence=ends_period)
        rule = "quote"
        if frame is None and _ends_sentence(text, quote):
            frame = _frame_before(doc, index, index.token_at(quote.start).i - 1, people, used)
            rule = "quote-before"
        content = list(quote.fragments)
        if frame is None:
            if _starts_sentence(text, quote):
                out.append(_Candidate(content=content, rule="uncued", alone=_stands_alone(text, quote)))
            continue
        cue, source, last = frame
        used.add(cue.i)
        if rule == "quote":
            lead = sentence_lead(text, quote.start)
            if lead is not None and not _has_cue(doc, index.token_at(lead).i, index.token_at(quote.start).i):
                content[0] = (lead, content[0][1])
        # "“…,” he said, “…”": the next quote continues this one.
        if rule == "quote" and qi + 1 < len(quotes):
            nxt = quotes[qi + 1]
            gap = text[quote.end : nxt.start]
            frame_end = doc[last].idx + len(doc[last].text)
            if nxt.start - quote.end < _INTERRUPT_GAP and "\n" not in gap and frame_end <= nxt.start \
                    and gap.rstrip().endswith((",", ":", "—", "–")) and not _SENTENCE_BREAK.search(gap):
                content += nxt.fragments
                merged.add(qi + 1)
        cand = _Candidate(content=content, rule=rule, cue=cue, source=source)
        cand.cue_spans = [cue_span(cue)]
        cand.via = via_of_cue(cue, cue_lemma(cue) or cue.lemma_)
        out.append(cand)
    return out


def _frame_after(doc: Doc, first: int, people: frozenset[str], used: set[int], *,
                 new_sentence: bool = False) -> tuple[Token, Mention, int] | None:
    """"…,” says Griffiths" / "…,” Fedorov stresses" / "…,” he says": (cue, source, last token)."""
    window = []
    for tok in doc[first : min(len(doc), first + _FRAME_AFTER)]:
        if tok.text in {".", "!", "?", ";"} or "\n" in tok.text or tok.text in {"“", '"', "„", "«"}:
            break
        window.append(tok)
    while window and window[0].is_punct:
        window = window[1:]
    if not window:
        return None
    lo, hi = window[0].i, window[-1].i + 1
    for tok in window:
        if tok.i in used or not cue_lemma(tok):
            continue
        if tok.pos_ not in {"VERB", "AUX"} and tok.dep_ not in {"ROOT", "conj"}:
            continue
        head = _subject_near(tok, lo, hi)
        if head is None:
            return None
        if new_sentence and any(c.dep_ in {"ccomp", "xcomp", "dobj"} and c.i > tok.i for c in tok.children):
            return None  # "…policy.” The network said it would …": a new sentence with its own content
        mention = source_mention(head, lo=lo, hi=_frame_hi(doc, tok, hi), known_people=people)
        last = max(tok.i, mention.end - 1)
        return tok, mention, last
    return None


def _frame_hi(doc: Doc, cue: Token, hi: int) -> int:
    """Where a source after the cue may end: its appositive may run to the sentence end."""
    end = cue.i + 1
    while end < len(doc) and doc[end].text not in {".", "!", "?", ";", "“", '"'} and "\n" not in doc[end].text:
        end += 1
    return max(hi, end)


def _subject_near(cue: Token, lo: int, hi: int) -> Token | None:
    """The cue's subject inside the frame, or the name/pronoun just before or after the cue."""
    for child in cue.children:
        if child.dep_ in _SUBJECTS and lo <= child.i:
            return child
    before = [t for t in cue.doc[lo : cue.i] if not t.is_punct]
    if before:
        # "…,” Fedorov stresses": only a name or noun phrase may stand between the quote and the cue.
        nominal = all(t.pos_ in {"PROPN", "PRON", "NOUN", "DET", "ADJ", "NUM"} or t.ent_type_ for t in before)
        return before[-1] if nominal else None
    for tok in cue.doc[cue.i + 1 : min(len(cue.doc), cue.i + 4)]:
        if tok.dep_ in {"poss", "dobj", "dative"}:
            break
        if tok.pos_ in {"PROPN", "PRON"} or tok.ent_type_ == "PERSON":
            # the last token of the name that starts here
            end = tok.i
            while end + 1 < len(cue.doc) and cue.doc[end + 1].pos_ == "PROPN":
                end += 1
            return cue.doc[end]
        if tok.is_punct:
            break
    return None


def _frame_before(doc: Doc, index: _DocIndex, last: int, people: frozenset[str], used: set[int]) -> tuple[Token, Mention, int] | None:
    """"X said: “…”" / "X told reporters, “…”": the cue shortly before the opening mark."""
    if last < 0:
        return None
    while last > 0 and doc[last].is_space and doc[last - 1].text == ":":
        last -= 1  # "Caddell continued:" ends the paragraph before the quote
    stop = max(index.sentence[last][0], last - _FRAME_BEFORE)
    for tok in reversed(doc[stop : last + 1]):
        if "\n" in tok.text or tok.text in {"”", '"', ".", "!", "?"}:
            return None
        if tok.i in used or not cue_lemma(tok) or tok.pos_ not in {"VERB", "AUX"}:
            continue
        subject = next((c for c in tok.children if c.dep_ in _SUBJECTS), None)
        between = doc[tok.i + 1 : last + 1]
        if subject is None or not (all(t.is_punct for t in between) or (doc[last].text in {":", ","} and len(between) <= 4)):
            return None  # "said the plan was “a disaster”": the clause rule takes it (mixed)
        return tok, source_mention(subject, hi=tok.i, known_people=people), tok.i
    return None


def _starts_sentence(text: str, quote: Quote) -> bool:
    before = text[max(0, quote.start - 3) : quote.start].strip()
    return not before or before[-1] in ".!?:\n”\""


def _stands_alone(text: str, quote: Quote) -> bool:
    """A whole-sentence quote of some length (not a scare quote inside someone else's sentence)."""
    after = text[quote.end : quote.end + 2].strip()
    ends_sentence = not after or quote.end >= len(text) or text[quote.end] == "\n"
    words = sum(len(text[s:e].split()) for s, e in quote.fragments)
    return _starts_sentence(text, quote) and ends_sentence and words >= _MIN_UNCUED_WORDS


def _ends_sentence(text: str, quote: Quote) -> bool:
    """Nothing but a full stop (or a new sentence) after the closing mark: "X said: “…”."."""
    after = text[quote.end : quote.end + 3]
    rest = after.lstrip(" \t")
    return not rest or rest[0] in ".!?\n" or (after[:1].isspace() and rest[0].isupper())


def _has_cue(doc: Doc, start: int, end: int) -> bool:
    return any(cue_lemma(t) and t.pos_ in {"VERB", "AUX"} for t in doc[start:end])


# --- pass 2: cue words with a subject and a clause -----------------------------------------------


def _clause_candidates(doc: Doc, used: set[int], people: frozenset[str], quoted: QuoteIndex) -> list[_Candidate]:
    out: list[_Candidate] = []
    for tok in doc:
        if tok.i in used:
            continue
        lemma = cue_lemma(tok)
        if lemma is None or (tok.pos_ not in {"VERB", "AUX"} and tok.dep_ != "ROOT") or cue_kinds()[lemma] == "quote":
            continue
        subject = _subject(tok)
        name = _name_before(tok)
        if subject is not None and name is not None and name.ent_type_ == "PERSON" and subject.ent_type_ != "PERSON" \
                and subject.i < name.i:
            subject = name  # "12:15 p.m. Donald Trump says …": the parse made "p.m." the subject
        if subject is None or subject.dep_ == "nsubjpass" or subject.lower_ in {"there", "'s", "’s"} or subject.dep_ == "expl":
            continue
        if subject.lower_ in _FIRST_PERSON and (cue_kinds()[lemma] == "belief" or quoted.quoted_chars(tok.idx, tok.idx + 1)):
            continue  # "I think …" hedges the speaker's own words; it is not a new attribution
        content, rule = _clause_content(tok, subject)
        prep = None
        if content is None:
            content, prep = _prep_content(tok, lemma)
            rule = "object"
        if content is None:
            continue
        used.add(tok.i)
        mention = source_mention(subject, hi=tok.i if subject.i < tok.i else None, known_people=people)
        cand = _Candidate(content=content, rule=rule, cue=tok, source=mention)
        cand.cue_spans = [cue_span(tok)]
        if prep is not None and prep.i == tok.i + 1:
            cand.cue_spans = [(tok.idx, prep.idx + len(prep.text))]  # "called for"
        cand.via = via_of_cue(tok, lemma)
        out.append(cand)
    return out


def _subject(cue: Token) -> Token | None:
    for child in cue.children:
        if child.dep_ in _SUBJECTS or child.dep_ == "expl":
            return child
    # "X said … and added that …": a conjoined cue shares its head's subject.
    if cue.dep_ == "conj" and cue.head.pos_ in {"VERB", "AUX"}:
        return next((c for c in cue.head.children if c.dep_ in _SUBJECTS), None)
    # "it attacked Trump, saying he …" / "responded by saying …": the participle's subject is
    # that of the verb it hangs on.
    if cue.tag_ == "VBG":
        head, steps = cue, 0
        while head.dep_ in {"advcl", "pcomp", "prep", "xcomp"} and steps < 3:
            head, steps = head.head, steps + 1
            subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if subject is not None and head.pos_ in {"VERB", "AUX"}:
                return subject
    # A parse that hung the subject elsewhere ("… with the Washington Post Trump said that …").
    return _name_before(cue)


def _name_before(cue: Token) -> Token | None:
    """The name or pronoun right before the cue (adverbs skipped), if any."""
    prev = cue.i - 1
    while prev >= 0 and cue.doc[prev].pos_ == "ADV":
        prev -= 1
    if prev >= 0 and cue.doc[prev].pos_ in {"PROPN", "PRON"} and cue.doc[prev].dep_ not in {"poss", "compound"}:
        return cue.doc[prev]
    return None


def _clause_content(cue: Token, subject: Token) -> tuple[list[Span] | None, str]:
    clauses = [c for c in cue.children if c.dep_ in _CLAUSES and c.i != subject.i
               and not any(m.dep_ == "mark" and m.lower_ in _NOT_REPORTED for m in c.children)]
    after = [c for c in clauses if c.i > cue.i]
    if not after:
        # "said after the convention he would not …": a subordinate clause with its own subject.
        after = [c for c in cue.children if c.dep_ == "advcl" and c.i > cue.i and _is_reported_clause(c)]
    if after:
        first, last = clause_span(after[0], lo=cue.i + 1), clause_span(after[-1], lo=cue.i + 1)
        return [(first[0], last[1])], "clause"
    if clauses:
        # Inverted: "CONTENT, says X": the clauses end before the cue's own words.
        hi = min(cue.i, subject.left_edge.i) if subject.i > clauses[-1].i else cue.i
        first, last = clause_span(clauses[0], hi=hi), clause_span(clauses[-1], hi=hi)
        return [(first[0], last[1])], "clause"
    objects = [c for c in cue.children if c.dep_ in _OBJECTS and c.i > cue.i]
    if objects and cue_kinds().get(cue_lemma(cue) or "") in {"speech", "stance"}:
        # "vowed to punish …", "promised a veto": the object is what was said.
        obj = objects[0]
        if obj.dep_ == "xcomp" or obj.right_edge.i > obj.i or obj.pos_ in {"NOUN", "PROPN"}:
            return [clause_span(obj, lo=cue.i + 1, hi=_comma_after(obj))], "object"
    head = cue.head
    if cue.dep_ in _INVERTED_DEPS and head.i != cue.i and head.pos_ in {"VERB", "AUX"} and subject.head.i == cue.i:
        doc = cue.doc
        left, right = cue.left_edge.i, cue.right_edge.i
        while left < cue.i and doc[left].is_punct:
            left += 1
        while right > cue.i and doc[right].is_punct:
            right -= 1
        if left > 0 and doc[left - 1].text in {",", "—", "–"} and head.left_edge.i < left:
            spans = inverted_spans(head, left, right)
            return (spans or None), "inverted"
    return None, "clause"


def _prep_content(cue: Token, lemma: str) -> tuple[list[Span] | None, Token | None]:
    """"called for X", "talked about X": the object of the cue's preposition (``cue_preps_en.tsv``)."""
    preps = cue_preps().get(lemma, frozenset())
    for child in cue.rights:
        if child.dep_ == "prep" and child.lower_ in preps:
            objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objs:
                return [clause_span(objs[0], lo=child.i + 1)], child
    return None, None


def _comma_after(head: Token) -> int:
    """Token offset of the first comma after ``head`` within its phrase ("the same thing, including …")."""
    for tok in head.doc[head.i + 1 : head.right_edge.i + 1]:
        if tok.text in {",", ";", "—", "–"}:
            return tok.i
    return head.right_edge.i + 1


def _is_reported_clause(clause: Token) -> bool:
    """A clause with its own subject and no subordinator other than "that"."""
    children = list(clause.children)
    has_subject = any(c.dep_ in _SUBJECTS for c in children)
    marks = [c for c in children if c.dep_ == "mark"]
    return has_subject and all(m.lower_ == "that" for m in marks) and clause.pos_ in {"VERB", "AUX"}


# --- pass 3: "according to X" --------------------------------------------------------------------


def _according_candidates(doc: Doc, index: _DocIndex, candidates: list[_Candidate], people: frozenset[str]) -> list[_Candidate]:
    by_sentence: dict[int, list[_Candidate]] = {}
    for cand in candidates:
        if cand.cue is not None:
            by_sentence.setdefault(index.sentence[cand.cue.i][0], []).append(cand)
    out = list(candidates)
    text = doc.text
    for tok in doc:
        if not is_according_to(tok):
            continue
        obj = according_object(tok)
        if obj is None:
            continue
        sent_start, sent_end = index.sentence[tok.i]
        others = [c for c in by_sentence.get(sent_start, []) if c.source is not None and c.source.person]
        if others:
            link = according_via(obj, tok)
            if link:
                nearest = min(others, key=lambda c: abs(c.cue.i - tok.i))
                nearest.via.append(link)
                continue
        content = _around(doc, text, sent_start, sent_end, tok.i, obj.right_edge.i + 1)
        if not content:
            continue
        cand = _Candidate(content=content, rule="according")
        cand.cue_spans = [(tok.idx, tok.nbor(1).idx + len(tok.nbor(1).text))]
        cand.cue_text = doc[tok.i : tok.i + 2].text
        cand.source = source_mention(obj, lo=tok.i + 2, known_people=people)
        out.append(cand)
    return out


def _around(doc: Doc, text: str, start: int, end: int, cut_start: int, cut_end: int) -> list[Span]:
    """The sentence [start, end) without the tokens [cut_start, cut_end): one or two spans."""
    spans = []
    for a, b in ((start, cut_start), (cut_end, end)):
        if b > a:
            s, e = trim(text, doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text))
            if e - s > 1:
                spans.append((s, e))
    return spans


# --- records ---------------------------------------------------------------------------------------


def _clean_content(text: str, cand: _Candidate, quoted: QuoteIndex) -> bool:
    """Trim each content span; keep the candidate only if some content is left.

    An attribution made inside a quote keeps its content inside that quote.
    """
    spans = cand.content
    inside = quoted.fragment_at(cand.cue_spans[0][0]) if cand.cue_spans and cand.rule not in {"quote", "quote-before"} else None
    if inside:
        spans = [(max(s, inside[0]), min(e, inside[1])) for s, e in spans]
    if cand.rule not in _QUOTE_RULES and cand.cue_spans:
        spans = [_within_paragraph(text, s, e, cand.cue_spans[0][0]) for s, e in spans]
    spans = [trim(text, s, e) for s, e in spans if e > s]
    if cand.rule in {"clause", "object"} and sum(len(text[s:e].split()) for s, e in spans) < _MIN_CLAUSE_WORDS:
        return False  # "he said so": too little said to be a claim
    cand.content = [s for s in spans if s[1] > s[0]]
    return bool(cand.content)


def _within_paragraph(text: str, start: int, end: int, cue_at: int) -> Span:
    """Indirect content stays in the cue's paragraph, and after the cue it ends at a semicolon."""
    if start < cue_at:
        cut = text.rfind("\n", start, min(end, cue_at))
        if cut >= 0:
            start = cut + 1
    if end > cue_at:
        cut = text.find("\n", max(start, cue_at), end)
        if cut >= 0:
            end = cut
        if start > cue_at:
            semi = text.find(";", start, end)
            if semi >= 0:
                end = semi
    return start, max(start, end)


def _merge_uncued(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """A quote with no cue of its own belongs to the quoted attribution next to it: the one just
    before ("“…,” Clinton said. “…”"), else the one after it in the same paragraph ("“…” workers.
    “…,” Warren said."); otherwise it stands alone if it is long enough."""
    kept: list[_Candidate] = []
    pending: list[_Candidate] = []  # uncued quotes waiting for a quoted attribution after them
    last: _Candidate | None = None  # the attribution made last before the current position
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


def _nest(candidates: list[_Candidate]) -> None:
    """An attribution made inside another's content (its cue and content within it) is its child."""
    order = sorted(candidates, key=lambda c: (c.content[0][0], -c.content[-1][1]))
    stack: list[_Candidate] = []
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


def _resolve(candidates: list[_Candidate], resolver: SpeakerResolver) -> None:
    """Speakers in the order they are named, so that "he" finds the one just before."""
    for cand in sorted(candidates, key=lambda c: c.source.span[0] if c.source else c.anchor):
        if cand.source is None:
            if cand.rule == "uncued":
                name = resolver.last_person
                cand.speaker = Speaker(name=name) if name else None
            continue
        quoted_by = cand.parent.speaker.name if cand.parent and cand.parent.speaker else None
        name, _ = resolver.resolve(cand.source, quoted_speaker=quoted_by)
        cand.speaker = Speaker(name=name, role=cand.source.role, affiliation=cand.source.affiliation)
        cand.speaker.entity = resolver.entity_id(cand.source.span, name)


def _records(candidates: list[_Candidate], quotes: QuoteIndex, resolver: SpeakerResolver) -> list[Attribution]:
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
