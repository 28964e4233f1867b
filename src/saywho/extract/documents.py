"""Documents as sources: a report, statement, decree or website named after its owner and date.

"the WHO's website" -> "World Health Organization website", "a 1989 report from the National
Transportation Safety Board" -> "National Transportation Safety Board report of 1989", "The decree
signed by the Pope" -> "Pope Francis's decree" (a person's document keeps the possessive). A later
bare "the report" or "The decree" is the document of that kind the article named last.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from spacy.tokens import Token

from ..lexicon import load_tsv
from .sources import Mention
from .via import names_outlet

# Prepositions and participles that introduce a document's owner ("report from X", "statement
# released by X", "data of X").
_OWNER_PREPS = frozenset({"from", "by", "of"})
_DATE_PREPS = frozenset({"on", "of", "from", "dated"})
_LEAD_WORDS = frozenset({"the", "a", "an", "another", "this", "that", "its", "their", "new", "latest", "recent"})

# (name, kind) of an owner token: kind "person" or anything else.
OwnerResolver = Callable[[Token], tuple[str, str | None]]


@lru_cache(maxsize=None)
def document_nouns() -> frozenset[str]:
    return frozenset(row[0] for row in load_tsv("document_nouns_en.tsv"))


def is_document(mention: Mention) -> bool:
    head = mention.head
    return head.pos_ == "NOUN" and head.lemma_.lower() in document_nouns()


def owned_document(token: Token) -> bool:
    """Whether ``token`` heads a document with a named owner ("a report of the council",
    "the ministry's statement"), not a bare "a report"."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in document_nouns():
        return False
    return _owner(token, Mention(token.left_edge.i, token.right_edge.i + 1, token, person=False)) is not None


def document_name(mention: Mention, resolve_owner: OwnerResolver) -> str | None:
    """The document's canonical name when the mention gives its owner; else None."""
    head = mention.head
    owner = _owner(head, mention)
    if owner is None:
        return None
    name, kind = resolve_owner(owner)
    if not name:
        return None
    if kind != "person" and names_outlet(name):
        return name  # "a report from ABC Australia": an outlet's report is the outlet reporting
    noun = _noun(head, mention)
    date = _date(head, mention)
    named = f"{name}'s {noun}" if kind == "person" else f"{name} {noun}"
    return f"{named} of {date}" if date else named


def _owner(head: Token, mention: Mention) -> Token | None:
    """The owner: a possessor ("the WHO's website"), "from/by X", or a participle's agent
    ("signed by the Pope"), or a proper-noun modifier ("UNHCR data")."""
    for child in head.lefts:
        if child.dep_ == "poss" and child.i >= mention.start and child.pos_ in {"PROPN", "NOUN"}:
            return child
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _OWNER_PREPS:
            obj = next((c for c in child.children if c.dep_ == "pobj" and c.ent_type_ not in {"DATE", "TIME"}), None)
            if obj is not None:
                return obj
        if child.dep_ == "acl" and child.tag_ == "VBN":
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if obj is not None:
                return obj
    compounds = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i >= mention.start]
    return compounds[-1] if compounds else None


def _noun(head: Token, mention: Mention) -> str:
    """The document noun with its common-noun and kind modifiers ("situation report", "annual
    report"), as written; not "a new" or "its latest"."""
    start = head.i
    doc = head.doc
    while start - 1 >= mention.start and (doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "NOUN" or
                                          doc[start - 1].dep_ == "amod" and doc[start - 1].pos_ == "ADJ"
                                          and doc[start - 1].lower_ not in _LEAD_WORDS):
        start -= 1
    return head.doc[start : head.i + 1].text.lower() if head.pos_ == "NOUN" else head.doc[start : head.i + 1].text


def _date(head: Token, mention: Mention) -> str | None:
    """The document's date: "a 1989 report", "report dated March 16", "report on Saturday"."""
    doc = head.doc
    for child in head.lefts:
        if child.i >= mention.start and child.ent_type_ == "DATE" and child.dep_ in {"nummod", "compound", "amod", "npadvmod"} \
                and child.pos_ != "ADJ":  # "a 1989 report", not the kind of an "annual report"
            return _entity_text(child)
    for child in head.rights:
        word = child.lower_
        if word in _DATE_PREPS:
            obj = next((c for c in child.children if c.ent_type_ == "DATE" and c.dep_ in {"pobj", "dobj", "npadvmod"}), None)
            if obj is not None:
                return _entity_text(obj)
        if child.dep_ == "acl" and word == "dated":
            obj = next((c for c in child.subtree if c.ent_type_ == "DATE"), None)
            if obj is not None:
                return _entity_text(obj)
    return None


def _entity_text(token: Token) -> str:
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def bare_definite(mention: Mention) -> bool:
    """"the report", "The decree": a document the article has already named."""
    tokens = mention.head.doc[mention.start : mention.end]
    return all(t.i == mention.head.i or t.lower_ in _LEAD_WORDS or t.pos_ == "ADJ" for t in tokens) \
        and tokens[0].lower_ in {"the", "this", "that"}
