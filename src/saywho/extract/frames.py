"""Quotes and their frames: "“…,” says X", "“…,” X stresses", "X said: “…”", "“…,” he said, “…”"."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..nlp import doc_text
from .candidates import Candidate, DocIndex, adverbial_clause, subject_of
from .contents import sentence_lead
from .cues import cue_lemma, cue_preps, cue_span
from .quotes import Quote
from .sources import Mention, source_mention, titles
from .via import audiences, via_of_cue

# How far (in tokens) the frame after a closing mark or before an opening mark may reach.
_FRAME_AFTER = 12
_FRAME_BEFORE = 6
# Longest gap (characters) between the two halves of an interrupted quote ("…,” he said, “…").
_INTERRUPT_GAP = 160
# A quote without a cue becomes an attribution only when it holds at least this many words.
_MIN_UNCUED_WORDS = 5
# "X said “…,” and the flag is at half-mast": the quote ends X's words; a new clause follows.
_AND_NEXT = re.compile(r"\s*,?\s*(?:and|but)\s+(?:the|a|an|[A-Z])")
# A sentence ends inside a gap: "… said. The …" (abbreviations like "N.C.," do not match).
_SENTENCE_BREAK = re.compile(r"(\w*[a-z])[.!?]\s+[A-Z“\"]")
# "“…” ― Jane Roe": a dash after the closing mark, then the name that ends the line (pull quotes,
# readers' reactions, epigraphs). The dash is the cue.
_BYLINE_DASH = re.compile(r"[ \t\u00a0]*(―|—|–|--)[ \t\u00a0]*(?=[A-Z])")
_BYLINE_WORDS = 5


def quote_candidates(doc: Doc, quotes: list[Quote], index: DocIndex, used: set[int], people: frozenset[str]) -> list[Candidate]:
    out: list[Candidate] = []
    merged: set[int] = set()
    text = doc_text(doc)
    for qi, quote in enumerate(quotes):
        if qi in merged:
            continue
        close = index.token_at(quote.end - 1)
        ends_period = text[quote.fragments[-1][0] : quote.fragments[-1][1]].rstrip().endswith((".", "?", "!"))
        frame = _frame_after(doc, close.i + 1, people, used, new_sentence=ends_period)
        rule = "quote"
        lead = None
        if frame is not None and ends_period and _introduced(doc, index, quote):
            frame = None  # "Johnson continued, “….” The White House refers to …": the quote is Johnson's
        if frame is None and (_ends_sentence(text, quote) or _AND_NEXT.match(text, quote.end)):
            frame = _frame_before(doc, index, index.token_at(quote.start).i - 1, people, used)
            rule = "quote-before"
            if frame is None:
                frame, lead = _lead_in_frame(doc, index.token_at(quote.start).i - 1, people, used)
            else:
                lead = _object_lead_in(frame[0], index.token_at(quote.start).i - 1)
        if frame is None and _starts_sentence(text, quote) and _ends_sentence(text, quote):
            frame = _sentence_before(doc, index, index.token_at(quote.start).i - 1, people, used)
            rule = "quote-before"
        if frame is None:
            frame = _dash_byline(doc, index, text, quote)
        content = list(quote.fragments)
        if lead is not None:
            content[0] = (doc[lead].idx, content[0][1])  # "cited his experience: “…”": one mixed record
        if frame is None:
            if _starts_sentence(text, quote):
                out.append(Candidate(content=content, rule="uncued", alone=_stands_alone(text, quote)))
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
                    and gap.rstrip().endswith((",", ":", "—", "–")) and not _sentence_break(gap):
                content += nxt.fragments
                merged.add(qi + 1)
        cand = Candidate(content=content, rule=rule, cue=cue, source=source)
        cand.cue_spans = [cue_span(cue)]
        cand.via = via_of_cue(cue, cue_lemma(cue) or cue.lemma_)
        out.append(cand)
    return out


def _sentence_break(gap: str) -> bool:
    """Whether a sentence ends in the gap; a title's period does not end one ("Mr. Obama said")."""
    return any(m.group(1) not in titles() for m in _SENTENCE_BREAK.finditer(gap))


def _dash_byline(doc: Doc, index: DocIndex, text: str, quote: Quote) -> tuple[Token, Mention, int] | None:
    """"“…” ― Jane Roe" at the end of a line: (the dash, the name, the name's last token)."""
    dash = _BYLINE_DASH.match(text, quote.end)
    if dash is None:
        return None
    cue = index.token_at(dash.start(1))
    first = index.token_at(dash.end())
    end = first.i
    while end < len(doc) and not doc[end].is_space and doc[end].text not in {".", ",", ";", "“", '"', "”"}:
        end += 1
    name = doc[first.i : end]
    at_line_end = end == len(doc) or "\n" in doc[end].text or (
        doc[end].text == "." and (end + 1 == len(doc) or "\n" in doc[end + 1].text or doc[end + 1].is_space))
    if not at_line_end or not 1 <= len(name) <= _BYLINE_WORDS or cue.text not in dash.group(1):
        return None
    if not all(t.is_title or t.is_upper or t.pos_ == "PROPN" for t in name):
        return None  # "“…” — and then the crowd cheered": no name after the dash
    return cue, Mention(start=name.start, end=name.end, head=name[-1], person=True), name.end - 1


def _introduced(doc: Doc, index: DocIndex, quote: Quote) -> bool:
    """Whether a cue just before the quote introduces it ("X said, “…”", "X said: “…”")."""
    before = index.token_at(quote.start).i - 1
    if before < 1 or doc[before].text not in {",", ":"} and not doc[before].is_space:
        return False
    return _frame_before(doc, index, before, frozenset(), set()) is not None


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
        if any(c.dep_ in ({"ccomp", "xcomp", "dobj"} if new_sentence else {"ccomp", "xcomp"}) and c.i > tok.i
               and not adverbial_clause(c)
               and not any("\n" in t.text or t.is_quote and not new_sentence for t in doc[tok.i : c.left_edge.i + 1])
               for c in tok.children):
            # "…policy.” The network said it would …", "On “The Morning Show,” she said she wanted …":
            # the cue reports a clause of its own (not the rest of an interrupted quote: "“…,” he said, “…”")
            return None
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
    subject = subject_of(cue, lo)
    if subject is not None:
        return subject
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


# Dependents that say how, where or when something was said, not what.
_ADJUNCT_DEPS = frozenset({"prep", "advcl", "advmod", "npadvmod"})
_FRAME_ADJUNCT_WORDS = 12


def _frame_before(doc: Doc, index: DocIndex, last: int, people: frozenset[str], used: set[int]) -> tuple[Token, Mention, int] | None:
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
        subject = subject_of(tok)
        # "said on Friday “…”": a when between the cue and the quote is no content of its own.
        between = [t for t in doc[tok.i + 1 : last + 1] if not _is_when(t)]
        if subject is None or not (all(t.is_punct for t in between) or (doc[last].text in {":", ","} and len(between) <= 4)
                                   or doc[last].text == ":" and _adjuncts_only(tok, between)):
            return None  # "said the plan was “a disaster”": the clause rule takes it (mixed)
        return tok, source_mention(subject, hi=tok.i, known_people=people), tok.i
    return None


def _adjuncts_only(cue: Token, between: list[Token]) -> bool:
    """"tweeted using his @POTUS account:", "said in a statement on its website:": only the cue's
    adjuncts (how, where, when) stand between it and the colon, never an object or a clause."""
    adjuncts = {t.i for c in cue.children if c.i > cue.i and (c.dep_ in _ADJUNCT_DEPS or c.tag_ == "VBG")
                for t in c.subtree}
    return len(between) <= _FRAME_ADJUNCT_WORDS and all(t.is_punct or t.i in adjuncts for t in between)


def _sentence_before(doc: Doc, index: DocIndex, last: int, people: frozenset[str], used: set[int]) -> tuple[Token, Mention, int] | None:
    """"McGurk also criticized the decision via Twitter. “…”": a sentence whose cue reports nothing
    of its own, just before the quote in the same paragraph, introduces it."""
    while last > 0 and doc[last].is_space and "\n" not in doc[last].text:
        last -= 1
    if last < 1 or doc[last].text not in {".", "!"}:
        return None
    start, _ = index.sentence[last]
    cue = doc[last].head
    if cue.dep_ != "ROOT" or cue.i < start or cue.i in used or cue.pos_ != "VERB" or not cue_lemma(cue):
        return None
    own = [c for c in cue.children if not any("\n" in t.text for t in doc[c.right_edge.i : cue.i])]
    if any(c.dep_ in {"ccomp", "xcomp", "neg", "advcl"} for c in own):
        return None  # "He said the plan was bad.": the cue's own sentence holds what it reports
    if any(c.dep_ == "prep" and c.lower_ in cue_preps().get(cue_lemma(cue), ()) for c in cue.children):
        return None  # "She called for calm."
    subject = subject_of(cue)
    if subject is None:
        return None
    return cue, source_mention(subject, hi=cue.i, known_people=people), cue.i


def _lead_in_frame(doc: Doc, last: int, people: frozenset[str], used: set[int]) -> tuple[tuple[Token, Mention, int] | None, int | None]:
    """"X cited his experience with the sport: “…”": a cue whose object ends at the colon before
    the quote; the object leads in to the quote (frame, first token of the lead-in)."""
    while last > 0 and doc[last].is_space:
        last -= 1
    if last < 1 or doc[last].text != ":":
        return None, None
    obj = doc[last - 1]
    while obj.dep_ not in {"dobj", "ROOT"} and obj.head.i != obj.i and obj.head.i < last:
        obj = obj.head
    cue = obj.head
    if obj.dep_ != "dobj" or cue.i in used or not cue_lemma(cue) or obj.right_edge.i != last - 1:
        return None, None
    subject = subject_of(cue)
    if subject is None:
        return None, None
    return (cue, source_mention(subject, hi=cue.i, known_people=people), cue.i), obj.left_edge.i


def _object_lead_in(cue: Token, last: int) -> int | None:
    """"X cited his time in the army: “…”": the cue's object before a colon leads in to the quote
    (one mixed record); "told reporters: “…”" has an audience, not a lead-in."""
    doc = cue.doc
    while last > cue.i and doc[last].is_space:
        last -= 1
    if doc[last].text != ":":
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < last), None)
    if obj is None or obj.lemma_.lower() in audiences():
        return None
    return obj.left_edge.i


def _is_when(token: Token) -> bool:
    """A word of a time adverbial ("on Friday", "late Sunday", "yesterday")."""
    if token.ent_type_ in {"DATE", "TIME"}:
        return True
    return token.dep_ == "prep" and token.lower_ in {"on", "in", "at", "late", "early"} and any(
        c.ent_type_ in {"DATE", "TIME"} for c in token.children)


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
