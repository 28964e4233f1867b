"""Cue words with a subject and what they report: "X says/notes/told Reuters that …", "…, says X",
"X, he said, Y", "vowed to …", "called for …", and "according to X"."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..nlp import doc_text
from ..records import Span
from ..spans import CLAUSE_PUNCTUATION, trim
from .candidates import SUBJECTS, Candidate, DocIndex, adverbial_clause, subject_of
from .contents import QuoteIndex, clause_span, inverted_spans, token_span
from .cues import (according_object, cue_kinds, cue_lemma, cue_preps, cue_span, is_according_to, object_is_content,
                   rule_texts)
from .documents import owned_document
from .sources import Mention, source_mention, split_role
from .via import according_via, names_outlet, via_of_cue

_FIRST_PERSON = {"i", "we", "you", "me", "us"}
_OBJECTS = {"xcomp", "dobj"}
_CLAUSES = {"ccomp"}
_INVERTED_DEPS = {"parataxis", "advcl", "ccomp", "conj"}


def clause_candidates(doc: Doc, used: set[int], people: frozenset[str], quoted: QuoteIndex) -> list[Candidate]:
    out: list[Candidate] = []
    for tok in doc:
        if tok.i in used:
            continue
        lemma = cue_lemma(tok)
        if lemma is None or (tok.pos_ not in {"VERB", "AUX"} and tok.dep_ != "ROOT") or cue_kinds()[lemma] == "quote":
            continue
        if any(c.dep_ in {"mark", "advmod"} and c.lower_ in {"as", "than"} and c.i < tok.i for c in tok.children):
            continue  # "not as safe as they think", "as she says": a comparison, not a report
        subject = _subject(tok)
        name = _name_before(tok)
        if subject is not None and name is not None and name.ent_type_ == "PERSON" and subject.ent_type_ != "PERSON" \
                and subject.i < name.i:
            subject = name  # "12:15 p.m. Donald Trump says …": the parse made "p.m." the subject
        agent = _passive_agent(tok)
        if agent is not None:
            # "COVID-19 was announced to be a pandemic by the WHO", "a plane, reported by local
            # press as belonging to the military": the agent is the source, the rest the content.
            content = _passive_content(doc, tok, agent)
            if content:
                used.add(tok.i)
                cand = Candidate(content=content, rule="passive", cue=tok,
                                 source=source_mention(agent, lo=agent.head.i + 1, known_people=people))
                cand.cue_spans = [cue_span(tok)]
                out.append(cand)
            continue
        if subject is None or subject.dep_ == "nsubjpass" or subject.lower_ in {"there", "'s", "’s"} or subject.dep_ == "expl":
            continue
        if subject.lower_ in _FIRST_PERSON and (cue_kinds()[lemma] == "thought" or quoted.quoted_chars(tok.idx, tok.idx + 1)):
            continue  # "I think …" hedges the speaker's own words; it is not a new attribution
        content, rule = _clause_content(tok, subject)
        prep = None
        if content is None:
            content, prep = _prep_content(tok, lemma)
            rule = "object"
        if content is None:
            continue
        used.add(tok.i)
        # The subject's phrase ends at its own verb ("X said …, further saying": "said", not "saying").
        verb = subject.head if subject.head.i > subject.i else tok
        mention = source_mention(subject, hi=min(tok.i, verb.i) if subject.i < tok.i else None, known_people=people)
        cand = Candidate(content=content, rule=rule, cue=tok, source=mention)
        cand.cue_spans = [cue_span(tok)]
        if prep is not None and prep.i == tok.i + 1:
            cand.cue_spans = [(tok.idx, prep.idx + len(prep.text))]  # "called for"
        cand.via = via_of_cue(tok, lemma)
        out.append(cand)
    return out


# Cues whose object is the one spoken to ("told MSNBC Cummings was …"), never the clause's subject.
_ADDRESSEE_CUES = frozenset({"tell", "inform", "assure", "remind", "advise", "warn", "ask", "urge", "notify", "brief"})
# Particles that turn a cue into a deed ("called off the search", "called up reservists").
_NOT_SPEECH_PARTICLES = frozenset({"off", "up", "in", "back"})
# Prepositions of when, where and how something was said: they end an object's content.
_ADJUNCT_PREPS = frozenset({"in", "on", "at", "during", "before", "after", "since", "until", "via", "through",
                            "amid", "following", "shortly"})


def _subject(cue: Token) -> Token | None:
    subject = subject_of(cue)
    if subject is not None:
        return subject
    expletive = next((c for c in cue.children if c.dep_ == "expl"), None)
    if expletive is not None:
        return expletive
    # "X said … and added that …": a conjoined cue shares its head's subject.
    if cue.dep_ == "conj" and cue.head.pos_ in {"VERB", "AUX"}:
        return subject_of(cue.head)
    # "it attacked Trump, saying he …" / "responded by saying …": the participle's subject is
    # that of the verb it hangs on.
    if cue.tag_ == "VBG" and cue.dep_ == "acl" and cue.head.dep_ == "pobj" and cue.head.head.lower_ == "with":
        return cue.head  # "…, with officials saying the dam would hold": the officials say it
    if cue.tag_ == "VBG":
        head, steps = cue, 0
        while head.dep_ in {"advcl", "pcomp", "prep", "xcomp"} and steps < 3:
            head, steps = head.head, steps + 1
            if head.dep_ == "ccomp" and cue_lemma(head.head) and subject_of(head.head) is not None:
                return subject_of(head.head)  # "X said Y costs …, further saying …": X says both
            # "Stefaniak was met with applause upon announcing …": a passive subject too
            subject = next((c for c in head.children if c.dep_ in SUBJECTS), None)
            if subject is not None and head.pos_ in {"VERB", "AUX"}:
                return subject
    # "One of them went as far as to say, …": the infinitive's subject is its verb's.
    if cue.dep_ == "xcomp" and cue.tag_ == "VB" and cue.head.pos_ == "VERB":
        subject = subject_of(cue.head)
        if subject is not None and subject.lower_ != "it":  # "It's fair to say …" has no speaker
            return subject
    # A parse that hung the subject elsewhere ("… with the Washington Post Trump said that …").
    return _name_before(cue)


def _before_next_cue(cue: Token, start: int, end: int) -> int:
    """Where a reported clause ends when a participle cue follows it (", further saying, “…”"):
    that cue makes an attribution of its own."""
    doc = cue.doc
    for tok in doc[cue.i + 1 :]:
        if tok.idx >= end:
            break
        if tok.idx > start and tok.tag_ == "VBG" and cue_lemma(tok):
            i = tok.i - 1
            while i > cue.i and (doc[i].pos_ == "ADV" or doc[i].is_quote):
                i -= 1
            if doc[i].text == ",":
                return doc[i + 1].idx if doc[i + 1].is_quote else doc[i].idx
    return end


def _passive_agent(cue: Token) -> Token | None:
    """The noun after "by" of a passive cue ("was reported by local media")."""
    if cue.tag_ != "VBN":
        return None
    by = next((c for c in cue.children if c.dep_ == "agent"), None)
    obj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    return obj if obj is not None and obj.pos_ in {"NOUN", "PROPN"} else None


def _passive_content(doc: Doc, cue: Token, agent: Token) -> list[Span]:
    """What a passive cue reports, without "by X": the whole clause when the cue says something
    about its subject ("was announced to be a pandemic", "reported … as belonging to"), else the
    subject alone ("The outbreak was confirmed by the government"); a reduced relative needs the former."""
    complement = any(c.dep_ in {"xcomp", "oprd", "ccomp"} or c.dep_ == "prep" and c.lower_ == "as" for c in cue.children)
    if not complement:
        subject = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
        return [token_span(doc[subject.left_edge.i], subject)] if subject is not None and subject.pos_ != "PRON" else []
    top = cue.head if cue.dep_ == "acl" and cue.head.pos_ in {"NOUN", "PROPN"} else cue
    if top is cue and not any(c.dep_ == "nsubjpass" for c in cue.children):
        return []
    start, end = top.left_edge.i, top.right_edge.i + 1
    for child in top.rights:
        if child.dep_ in {"cc", "conj"} and child.i > cue.i:
            end = min(end, child.i)  # "… was claimed by X, but Y have alleged …"
    return _around(doc, doc_text(doc), start, end, agent.head.i, agent.right_edge.i + 1)


def _name_before(cue: Token) -> Token | None:
    """The name or pronoun right before the cue (adverbs skipped), if any."""
    prev = cue.i - 1
    while prev >= 0 and cue.doc[prev].pos_ == "ADV":
        prev -= 1
    if prev >= 0 and cue.doc[prev].pos_ in {"PROPN", "PRON"} and cue.doc[prev].dep_ not in {"poss", "compound"}:
        return cue.doc[prev]
    return None


def _clause_content(cue: Token, subject: Token) -> tuple[list[Span] | None, str]:
    clauses = [c for c in cue.children if c.dep_ in _CLAUSES and c.i != subject.i and not adverbial_clause(c)]
    after = [c for c in clauses if c.i > cue.i]
    if not after:
        # "said after the convention he would not …": a subordinate clause with its own subject.
        after = [c for c in cue.children if c.dep_ == "advcl" and c.i > cue.i and _is_reported_clause(c)]
    if after:
        lo = cue.i + 1
        first, last = clause_span(after[0], lo=lo), clause_span(after[-1], lo=lo)
        obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i < after[0].i), None)
        finite = after[0].tag_ in {"VBZ", "VBD", "VBP"} or any(c.dep_ in {"aux", "auxpass"} for c in after[0].children)
        if obj is not None and finite and not any(c.dep_ in SUBJECTS for c in after[0].children) \
                and (cue_lemma(cue) or "") not in _ADDRESSEE_CUES:
            # "Rappler reported three malls … were damaged": the parser took the clause's subject for an object.
            first = clause_span(obj, lo=lo)
        own = [c for c in after[0].children if c.dep_ in SUBJECTS]
        relative = not own or all(c.lower_ in {"which", "that", "who"} and c.i < cue.i for c in own)
        if cue.dep_ == "relcl" and relative:
            # "major fires …, which state media said were under control": the antecedent is the subject
            antecedent = cue.head
            while antecedent.dep_ == "conj" and antecedent.head.pos_ in {"NOUN", "PROPN"}:
                antecedent = antecedent.head  # "a plant and an oil field, which …": the whole phrase
            first = token_span(cue.doc[antecedent.left_edge.i], cue.head)
        return [(first[0], _before_next_cue(cue, first[0], last[1]))], "clause"
    if clauses:
        # Inverted: "CONTENT, says X": the clauses end before the cue's own words.
        hi = min(cue.i, subject.left_edge.i) if subject.i > clauses[-1].i else cue.i
        first, last = clause_span(clauses[0], hi=hi), clause_span(clauses[-1], hi=hi)
        return [(first[0], last[1])], "clause"
    objects = [c for c in cue.children if c.dep_ in _OBJECTS and c.i > cue.i]
    if objects and cue_kinds().get(cue_lemma(cue) or "") in {"speech", "stance", "intention"}:
        # "vowed to punish …", "promised a veto": the object is what was said.
        obj = objects[0]
        fits = object_is_content(cue_lemma(cue) or "", obj) and not any(c.dep_ == "prt" and c.lower_ in _NOT_SPEECH_PARTICLES
                                                                      for c in cue.children)
        if fits and (obj.dep_ == "xcomp" or obj.right_edge.i > obj.i or obj.pos_ in {"NOUN", "PROPN"}):
            # The rest of the verb phrase goes with it ("accused X of Y", "vowed to A and did B").
            return [_verb_phrase_rest(cue, obj)], "object"
    head = cue.head
    if cue.dep_ in _INVERTED_DEPS and head.i != cue.i and head.pos_ in {"VERB", "AUX"} and subject.head.i == cue.i:
        doc = cue.doc
        left, right = cue.left_edge.i, cue.right_edge.i
        while left < cue.i and doc[left].is_punct:
            left += 1
        while right > cue.i and doc[right].is_punct:
            right -= 1
        before = left > 0 and doc[left - 1].text in {",", "—", "–"} and head.left_edge.i < left
        # "Al Jazeera reported on Thursday, coverage had risen …": the cue's clause comes first.
        first = right + 1 < len(doc) and doc[right + 1].text in {",", ":"} and head.i > right and head.left_edge.i >= left \
            and not cue_lemma(head)  # "…charged the suspect, they said": the clause is what "said" reports
        if before or first:
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


def _verb_phrase_rest(cue: Token, obj: Token) -> Span:
    """From ``obj`` to the end of the cue's phrase, before a trailing ", even suggesting …", a
    second verb ("announced the schedule and followed it up with …") or an adjunct of when, where
    or how it was said ("announced his resignation shortly before midnight in a video")."""
    doc = cue.doc
    end = cue.right_edge.i
    for child in cue.rights:
        if child.i <= obj.i:
            continue
        if child.dep_ in {"advcl", "npadvmod"} and doc[child.left_edge.i - 1].text == "," or _ends_object(child):
            end = child.left_edge.i - 1
            if child.dep_ == "conj" and doc[end].dep_ == "cc":
                end -= 1
            break
    for tok in doc[obj.i + 1 : end + 1]:
        if tok.dep_ == "conj" and tok.tag_ in {"VBD", "VBZ"} and tok.head.tag_ == "VB":
            # "urged the embassy to reconsider and spoke with …": a finite verb is the speaker's next act
            end = tok.left_edge.i - 1
            if doc[end].dep_ == "cc":
                end -= 1
            break
    while end > obj.i and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    start = obj.left_edge.i
    return doc[start].idx, doc[end].idx + len(doc[end].text)


def _ends_object(child: Token) -> bool:
    """A dependent of the cue after its object that is not part of what was said."""
    if child.dep_ == "conj":
        # "announced the schedule and followed it up with …": a second predicate with its own object;
        # one in quotes ("urged calm and “deny terrorism any victory”") is still the speaker's words.
        quoted = child.doc[child.left_edge.i - 1].is_quote or child.doc[child.left_edge.i].is_quote
        return not quoted and child.pos_ == "VERB" and (
            any(c.dep_ in {"dobj", "prep"} for c in child.children) or bool(cue_lemma(child)))
    if child.dep_ == "prep":
        return child.lower_ in _ADJUNCT_PREPS or any(c.ent_type_ in {"DATE", "TIME"} for c in child.children)
    return child.dep_ in {"npadvmod", "advmod"} or child.ent_type_ in {"DATE", "TIME"}


def _is_reported_clause(clause: Token) -> bool:
    """A clause with its own subject and no subordinator other than "that"."""
    children = list(clause.children)
    has_subject = any(c.dep_ in SUBJECTS for c in children)
    marks = [c for c in children if c.dep_ == "mark"]
    return has_subject and all(m.lower_ == "that" for m in marks) and clause.pos_ in {"VERB", "AUX"}


# --- "according to X" ---------------------------------------------------------------------


def _under_cue(token: Token, cand: Candidate) -> bool:
    """The token hangs under the candidate's cue (or its content's verb), not in another clause."""
    return any(t.i == cand.cue.i for t in token.ancestors)


def cited_candidates(candidates: list[Candidate], people: frozenset[str]) -> list[Candidate]:
    """"Reuters, citing anonymous sources, reported Z": the outlet reports that its sources said Z.
    The outlet's record holds "citing …, reported Z"; the sources' record, Z, is nested in it."""
    out: list[Candidate] = []
    citing_cues: set[int] = set()
    for cand in candidates:
        citing = _citing(cand)
        out.append(cand)
        if citing is None:
            continue
        obj = next(c for c in citing.children if c.dep_ == "dobj")
        inner = Candidate(content=list(cand.content), rule=cand.rule, cue=citing, owner=cand,
                          source=source_mention(obj, lo=citing.i + 1, known_people=people))
        inner.cue_spans = [cue_span(citing)]
        cand.content = [(citing.idx, cand.content[-1][1])]
        citing_cues.add(citing.i)
        out.append(inner)
    return [c for c in out if c.owner is not None or c.cue is None or c.cue.i not in citing_cues]


def _citing(cand: Candidate) -> Token | None:
    """The "citing X" participle between an outlet source and its cue, if any."""
    if cand.cue is None or cand.source is None or cand.rule != "clause" or not names_outlet(cand.source.text):
        return None
    return next((c for c in cand.cue.children if c.dep_ == "advcl" and c.lemma_ == "cite" and c.i < cand.cue.i
                 and any(g.dep_ == "dobj" for g in c.children)), None)


def document_candidates(doc: Doc, index: DocIndex, candidates: list[Candidate], people: frozenset[str]) -> list[Candidate]:
    """"In a situation report of the council, the storm damaged 143 buildings": a sentence that
    opens with a named document reports what it says (when its verb is no cue of its own)."""
    text = doc_text(doc)
    out = list(candidates)
    for tok in doc:
        if tok.lower_ != "in" or tok.dep_ != "prep" or tok.head.dep_ != "ROOT" or cue_lemma(tok.head):
            continue
        sent_start, sent_end = index.sentence[tok.i]
        obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if tok.i != sent_start or obj is None or not owned_document(obj):
            continue
        cut_end = obj.right_edge.i + 1
        content = _around(doc, text, sent_start, sent_end, tok.i, cut_end)
        if not content:
            continue
        cand = Candidate(content=content, rule="according")
        cand.cue_spans = [(tok.idx, tok.idx + len(tok.text))]
        cand.cue_text = tok.text
        cand.source = source_mention(obj, lo=tok.i + 1, hi=cut_end, known_people=people)
        out.append(cand)
    return out


def _link_within(obj: Token, according: Token, candidates: list[Candidate]) -> None:
    """"according to a report from ABC, in which they said …": what is said inside the report
    came through its outlet."""
    inner = [c for c in candidates if c.source is not None and obj.left_edge.i <= c.cue.i <= obj.right_edge.i]
    link = according_via(obj, according) if inner else None
    for cand in inner if link else ():
        cand.via.append(link)


def according_candidates(doc: Doc, index: DocIndex, candidates: list[Candidate], people: frozenset[str]) -> list[Candidate]:
    by_sentence: dict[int, list[Candidate]] = {}
    for cand in candidates:
        if cand.cue is not None:
            by_sentence.setdefault(index.sentence[cand.cue.i][0], []).append(cand)
    out = list(candidates)
    text = doc_text(doc)
    for tok in doc:
        if not is_according_to(tok):
            continue
        obj = according_object(tok)
        if obj is None or obj.lemma_.lower() in rule_texts():
            continue  # "According to the constitution, …" states a rule, not a claim
        sent_start, sent_end = index.sentence[tok.i]
        # Only an outlet links a chain (according_via): it may carry anyone's claim, a company's too.
        # "X said Y, according to Reuters": the phrase hangs under that cue.
        others = [c for c in by_sentence.get(sent_start, []) if c.source is not None and _under_cue(tok, c)]
        if others:
            link = according_via(obj, tok)
            if link:
                nearest = min(others, key=lambda c: abs(c.cue.i - tok.i))
                nearest.via.append(link)
                continue
        if obj.lower_ in {"which", "whom"}:
            # "an agreement, according to which CLAUSE": the relative clause is the claim
            content = _around(doc, text, obj.i + 1, sent_end, obj.i + 1, obj.i + 1)
            if content:
                out.append(_according_candidate(tok, content, source_mention(obj, lo=obj.i, hi=obj.i + 1)))
            continue
        named = _comma_name_after(doc, obj.right_edge.i + 1, sent_end)
        source = source_mention(obj, lo=tok.i + 2, known_people=people)
        cut_end = named[1] + 1 if named else max(obj.right_edge.i + 1, source.end)
        if cut_end < sent_end and doc[cut_end].lower_ in {"who", "which"}:
            cut_end = sent_end  # "according to CNN who reported …": the relative clause is CNN's, not the claim
        content = _around(doc, text, sent_start, sent_end, tok.i, cut_end)
        comma = next((t.i for t in doc[source.end : cut_end] if t.text == ","), None)
        if not content and comma is not None and not named:
            # "According to radio host X, the move reeks of fear": the parser hung the claim on the
            # name as an appositive; the source ends at its comma.
            content = _around(doc, text, sent_start, sent_end, tok.i, comma + 1)
        if not content:
            continue
        _link_within(obj, tok, by_sentence.get(sent_start, []))
        cand = _according_candidate(tok, content, source)
        if named:
            # "According to the El Paso mayor, Dee Margo, …": the name in apposition is the source.
            described = cand.source
            role, affiliation = split_role(doc[described.start : min(described.end, named[0])]) if described else (None, None)
            cand.source = Mention(named[0], named[1], doc[named[1] - 1], person=True, role=role, affiliation=affiliation)
        out.append(cand)
    return out


def _according_candidate(according: Token, content: list[Span], source: Mention) -> Candidate:
    """A record whose cue is "according to" (the word and the "to" after it)."""
    to = according.nbor(1)
    cand = Candidate(content=content, rule="according", source=source)
    cand.cue_spans = [(according.idx, to.idx + len(to.text))]
    cand.cue_text = according.doc[according.i : to.i + 1].text
    return cand


def _comma_name_after(doc: Doc, at: int, end: int) -> tuple[int, int] | None:
    """(start, end) of a name of two to four capitalised words set off by commas at token ``at``."""
    if at >= end or doc[at].text != ",":
        return None
    stop = at + 1
    while stop < end and stop - at <= 5 and doc[stop].pos_ == "PROPN" and doc[stop].text[:1].isupper():
        stop += 1
    if 2 <= stop - at - 1 <= 4 and stop < end and doc[stop].text == "," \
            and not any(t.ent_type_ in {"GPE", "ORG", "DATE"} for t in doc[at + 1 : stop]):
        return at + 1, stop
    return None


def _around(doc: Doc, text: str, start: int, end: int, cut_start: int, cut_end: int) -> list[Span]:
    """The sentence [start, end) without the tokens [cut_start, cut_end): one or two spans."""
    spans = []
    for a, b in ((start, cut_start), (cut_end, end)):
        if b > a:
            trimmed = trim(text, (doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)), also=CLAUSE_PUNCTUATION)
            if trimmed and trimmed[1] - trimmed[0] > 1:
                spans.append(trimmed)
    return spans
