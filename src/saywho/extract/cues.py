"""Cues: the words that mark an attribution ("says", "emphasized", "according to").

The cue lexicon is ``saywho/data/cues_en.tsv`` (lemma, kind, notes). spaCy's tags are a hint, not
the rule: "stresses" after a name comes out as a plural noun, so a word whose lemma (or whose form,
stripped of -s/-ed) is in the lexicon counts when it sits where a verb must be.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from ..lexicon import load_tsv, load_words

CUES_FILE = "cues_en.tsv"
VERB_TAGS = {"VERB", "AUX"}


@lru_cache(maxsize=None)
def cue_kinds() -> dict[str, str]:
    """lemma -> kind (speech, writing, belief, frame)."""
    return {row[0].lower(): (row[1] if len(row) > 1 else "speech") for row in load_tsv(CUES_FILE)}


@lru_cache(maxsize=None)
def cue_preps() -> dict[str, frozenset[str]]:
    """lemma -> prepositions whose object is the content ("called for", "talked about")."""
    preps: dict[str, set[str]] = {}
    for row in load_tsv("cue_preps_en.tsv"):
        preps.setdefault(row[0].lower(), set()).add(row[1].lower())
    return {lemma: frozenset(words) for lemma, words in preps.items()}


def _guess_lemmas(form: str) -> tuple[str, ...]:
    """Verb lemmas a form may have when the tagger got it wrong ("stresses" -> stress)."""
    form = form.lower()
    guesses = [form]
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("d", "")):
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            guesses.append(form[: -len(suffix)] + repl)
    return tuple(guesses)


def cue_lemma(token: Token) -> str | None:
    """The lexicon lemma of ``token`` if it can be a cue word, else None."""
    kinds = cue_kinds()
    lemma = token.lemma_.lower()
    if token.pos_ in VERB_TAGS and lemma in kinds and kinds[lemma] != "frame":
        return lemma
    if token.pos_ in {"NOUN", "PROPN", "ADJ"} and token.text[:1].islower():
        # Mis-tagged verbs: only finite-looking forms, never bare nouns ("the report", "a note").
        if token.text.lower().endswith(("s", "ed")):
            for guess in _guess_lemmas(token.text):
                if guess in kinds and kinds[guess] != "frame":
                    return guess
    return None


def is_verbal(token: Token) -> bool:
    """Whether ``token`` plays a verb's part: a verb tag, or the root of its clause."""
    return token.pos_ in VERB_TAGS or token.dep_ in {"ROOT", "conj", "ccomp", "parataxis", "relcl", "advcl"}


def is_according_to(token: Token) -> bool:
    """``token`` is "according" followed by "to" (the frame "according to X")."""
    if token.lower_ != "according" or cue_kinds().get("according") != "frame":
        return False
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return nxt is not None and nxt.lower_ == "to"


def according_object(token: Token) -> Token | None:
    """The head noun of X in "according to X"."""
    to = token.nbor(1)
    for child in to.children:
        if child.dep_ in {"pobj", "dobj", "nsubj", "appos", "conj"}:
            return child
    # Parses that hang X elsewhere: take the next noun after "to".
    for tok in token.doc[to.i + 1 : min(len(token.doc), to.i + 8)]:
        if tok.pos_ in {"PROPN", "NOUN", "PRON"} and tok.dep_ not in {"compound", "amod", "poss", "det"}:
            return tok
        if tok.is_punct:
            break
    return None


@lru_cache(maxsize=None)
def hypothetical_markers() -> frozenset[str]:
    """Words just before a source that make its speech hypothetical ("if", "next time")."""
    return load_words("hypothetical_markers_en.tsv")


def cue_span(token: Token) -> tuple[int, int]:
    """The cue's characters: the word, plus the particle of a phrasal cue ("pointed out")."""
    start, end = token.idx, token.idx + len(token.text)
    for child in token.children:
        if child.dep_ == "prt" and child.i == token.i + 1:
            end = child.idx + len(child.text)
    return start, end


def is_reported_speech(doc, attribution, *, sourceless: bool = False, polnear: bool = False) -> bool:
    """Whether a record is one a reader tracking quotes counts: it has a cue, a source (unless
    ``sourceless``: PolNeAR annotates "reportedly" and agentless passives too), and the cue is not
    negated ("did not say", "has not named"). Of the trained model's records, no deed either.
    ``polnear`` takes PolNeAR's scope, which keeps negated cues and deeds."""
    if attribution.cue is None:
        return sourceless  # an uncued quote stands with the rules, not as a model addition
    if attribution.source is None and not sourceless:
        return False
    start, end = attribution.cue.spans[0]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    if polnear:
        return True
    if any(child.dep_ == "neg" and not _within(child.idx, attribution.content.spans) for child in span.root.children):
        return False  # a "not" inside the words said ("“… Probably not,” she said") negates no cue
    if sourceless and attribution.method != "model":
        return True
    # A deed is no attribution ("signed the agreement", "arrested the accused", "called off the
    # search"); the rules never take these as cues, and the model's additions must not either.
    cue = span.root
    if cue.pos_ == "ADV" and not sourceless:
        return False  # "Khan reportedly attacked …": a hearsay adverb's subject acted; nobody spoke
    lemma = cue_lemma(cue) or cue.lemma_.lower()
    particles = [f"{lemma} {c.lower_}" for c in cue.children if c.dep_ == "prt"]
    if lemma in non_cues() or any(p in non_cues() for p in particles):
        return False
    return True


def _within(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


@lru_cache(maxsize=None)
def _object_cues() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """lemma -> (forms its object may take: noun, to; object head words that make it a deed)."""
    table = {}
    for row in load_tsv("object_cues_en.tsv"):
        forms = frozenset(row[1].split("|")) if len(row) > 1 else frozenset({"noun"})
        deeds = frozenset(row[2].split("|")) if len(row) > 2 and row[2] else frozenset()
        table[row[0]] = (forms, deeds)
    return table


def object_is_content(lemma: str, obj: Token) -> bool:
    """Whether the cue's object (a noun phrase, or "to" + verb) is what was said: "announced his
    resignation", "vowed to punish", not "added the words", "claimed 30 lives", "refused to give"."""
    forms, deeds = _object_cues().get(lemma, (frozenset(), frozenset()))
    if "noun-as" in forms:
        # "identified the suspect as …": only with what the object is said to be
        return any(c.dep_ == "prep" and c.lower_ == "as" for c in (*obj.children, *obj.head.children))
    infinitive = obj.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in obj.children)
    if not forms and cue_kinds().get(lemma) == "speech" and any(t.pos_ == "VERB" for t in obj.subtree if t.i != obj.i):
        return True  # "said Adamowicz required resuscitation": a clause the parser took for an object
    return ("to" if infinitive else "noun") in forms and obj.lemma_.lower() not in deeds


@lru_cache(maxsize=None)
def rule_texts() -> frozenset[str]:
    """Nouns for texts of rules ("the constitution"): "according to" one cites no source."""
    return frozenset(row[0] for row in load_tsv("rule_texts_en.tsv"))


@lru_cache(maxsize=None)
def adverbial_subordinators() -> frozenset[str]:
    """Words that open an adverbial clause, never a reported one ("when", "after", "because")."""
    return load_words("adverbial_subordinators_en.tsv")


@lru_cache(maxsize=None)
def non_cues() -> frozenset[str]:
    return frozenset(row[0] for row in load_tsv("non_cues_en.tsv"))


# Lexicon kinds that mark how a cue is used, not what it reports: they report speech.
_RULE_KINDS = {"quote": "speech", "frame": "speech"}


def attribution_kind(doc, attribution) -> str:
    """What a record reports (speech, writing, thought, intention, evidence, stance), from the kind
    its cue's lemma has in the lexicon; speech for an uncued quote or a cue the lexicon lacks."""
    if attribution.cue is None:
        return "speech"
    start, end = attribution.cue.spans[0]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "speech"
    kinds = cue_kinds()
    for token in (span.root, *span):
        lemma = cue_lemma(token)
        if lemma:
            kind = kinds[lemma]
            return _RULE_KINDS.get(kind, kind)
    return "speech"
