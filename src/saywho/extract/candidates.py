"""The working record of the attribution rules, and the per-doc indexes they share."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..records import Span, Speaker, Via
from .cues import adverbial_subordinators
from .sources import Mention

SUBJECTS = {"nsubj", "nsubjpass"}
# Rules whose content is quoted: attributions made inside their content are records of their own.
QUOTE_RULES = {"quote", "quote-before", "uncued", "label"}


def subject_of(verb: Token, lo: int = 0) -> Token | None:
    """The verb's subject. A parse may give it two ("Niger's president | Mahamadou Issoufou said",
    "news broadcaster | NRK reported"): the one next to the verb is the name."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS and c.i >= lo]
    before = [c for c in subjects if c.i < verb.i]
    if len(before) > 1:
        first = before[-2]
        if any(c.dep_ == "cc" and first.i < c.i < before[-1].i for c in first.children):
            return first  # "X, which …, and Y … emphasized": one group, joined on the first
        return before[-1]
    return subjects[0] if subjects else None


def adverbial_clause(clause: Token) -> bool:
    """Whether a clause the parser hung on a cue says when or why, not what: its own subordinator
    ("said he would resign when …"), or one that opens it after a comma ("told Smith, after he
    admitted he had …, that …"), which the parser often hangs on a verb inside."""
    if any(m.dep_ == "mark" and m.lower_ in adverbial_subordinators() for m in clause.children):
        return True
    first = clause.left_edge
    return first.i > 0 and first.doc[first.i - 1].text == "," and first.lower_ in adverbial_subordinators()


@dataclass
class Candidate:
    """An attribution being built: spans, the words it rests on, and the rule that found it."""

    content: list[Span]
    rule: str
    cue: Token | None = None
    cue_text: str | None = None
    cue_spans: list[Span] = field(default_factory=list)
    source: Mention | None = None
    via: list[Via] = field(default_factory=list)
    speaker: Speaker | None = None
    parent: "Candidate | None" = None
    id: str = ""
    alone: bool = False  # an uncued quote long enough to stand as its own attribution
    owner: "Candidate | None" = None  # whose sources these are ("Reuters, citing anonymous sources")

    @property
    def anchor(self) -> int:
        """Where the attribution is made: its cue, else its content."""
        return self.cue_spans[0][0] if self.cue_spans else self.content[0][0]


class DocIndex:
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
