"""The outlet chain: the outlets through which a claim reaches the reader.

"Farley reports in 19FortyFive that …" (via 19FortyFive, cue "reports in"), "told Reuters",
"said in an interview with CNN", and "…, says Griffiths, according to Radio Free Europe/Radio
Liberty". The frames are ``saywho/data/via_frames_en.tsv``; outlets are known by name
(``outlets_en.tsv``), by a news word in their name (``outlet_words_en.tsv``), or, after a frame
that only a publication fits ("reports in", "wrote in"), by being a capitalised name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Token

from ..lexicon import load_tsv
from ..records import Via
from .cues import cue_lemma

# A web site's name ("News.com.au", "Domain.com", "Politico.eu").
_WEB_DOMAIN = re.compile(r"\w\.(?:com|org|net|co|au|uk|eu|ca|in|news|info)\b", re.IGNORECASE)
# Capitalised words that end an outlet's name rather than continue it ("told Fox News Tuesday").
_CALENDAR = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                       "february", "march", "april", "may", "june", "july", "august", "september", "october",
                       "november", "december", "today", "yesterday", "tonight"})
# Participles that carry a via frame for the cue they hang on ("Speaking to CNN, she said").
_SPEAKING = {"speak", "talk", "write"}
# Entity labels that are never outlets, whatever the frame.
_NOT_OUTLETS = {"PERSON", "GPE", "LOC", "DATE", "TIME", "NORP", "MONEY", "PERCENT", "EVENT", "LANGUAGE"}


@lru_cache(maxsize=None)
def outlet_names() -> dict[str, str]:
    """Lower-cased name or alias -> canonical outlet name."""
    names: dict[str, str] = {}
    for row in load_tsv("outlets_en.tsv"):
        canonical = row[0]
        names[canonical.lower()] = canonical
        for alias in (row[1].split("|") if len(row) > 1 and row[1] else []):
            names.setdefault(alias.strip().lower(), canonical)
    return names


@lru_cache(maxsize=None)
def outlet_words() -> frozenset[str]:
    return frozenset(row[0] for row in load_tsv("outlet_words_en.tsv"))


@lru_cache(maxsize=None)
def platform_names() -> dict[str, str]:
    """Name or alias -> canonical platform ("Twitter", "Facebook", "TV")."""
    names: dict[str, str] = {}
    for row in load_tsv("platforms_en.tsv"):
        names[row[0]] = row[0]
        for alias in (row[1].split("|") if len(row) > 1 and row[1] else []):
            names.setdefault(alias.strip(), row[0])
    return names


@lru_cache(maxsize=None)
def audiences() -> frozenset[str]:
    return frozenset(row[0] for row in load_tsv("audiences_en.tsv"))


@lru_cache(maxsize=None)
def report_nouns() -> frozenset[str]:
    return frozenset(row[0] for row in load_tsv("report_nouns_en.tsv"))


@lru_cache(maxsize=None)
def via_frames() -> dict[str, dict[str, str]]:
    """cue lemma ("*" for any) -> {link: link}; a link is a preposition, "object" or "NOUN PREP"."""
    frames: dict[str, dict[str, str]] = {}
    for row in load_tsv("via_frames_en.tsv"):
        frames.setdefault(row[0], {})[row[1]] = row[1]
    return frames


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def outlet_phrase(head: Token) -> tuple[int, int]:
    """Token offsets of the outlet's name headed by ``head`` (article and trailing clauses left out)."""
    doc = head.doc
    start, end = head.left_edge.i, head.i + 1
    for child in head.rights:
        if child.dep_ in {"punct", "relcl", "appos", "cc", "conj", "acl"} or child.text in {",", "("} \
                or child.dep_ == "prep" and child.lower_ != "of":  # "al-Masirah TV | in Yemen"
            break
        end = child.right_edge.i + 1
    while start < head.i and (doc[start].dep_ == "det" or doc[start].is_punct):
        start += 1
    # "told Kamloops This Week": the rest of a capitalised name, however the parser and tagger split it.
    while end < len(doc) and head.pos_ == "PROPN" and doc[end].is_title and doc[end].lower_ not in _CALENDAR and doc[end].is_alpha and not doc[end].is_sent_start and doc[end - 1].whitespace_:
        end += 1
    return start, end


def known_outlet(text: str) -> str | None:
    """The canonical name of the outlet ``text`` names, if saywho's outlet list has it."""
    return outlet_names().get(_strip_article(text).strip().lower())


def names_outlet(name: str) -> bool:
    """Whether a name is an outlet's: a listed one, or one with a news word ("Harbour Courier", "local news")."""
    return bool(known_outlet(name)) or any(word in outlet_words() for word in name.split())


def outlet_name(head: Token, *, frame_implies: bool) -> tuple[str, tuple[int, int]] | None:
    """(name, token offsets) if ``head`` heads an outlet's name, else None."""
    start, end = outlet_phrase(head)
    text = head.doc[start:end].text
    canonical = known_outlet(text)
    if canonical:
        # As the article names it ("the CBC" stays "CBC", not "CBC News"), with the canonical
        # spelling where that is the same name ("Washington Post" -> "The Washington Post").
        same = _strip_article(canonical).lower() == _strip_article(text).lower()
        return (canonical if same else _strip_article(text)), (start, end)
    platform = platform_names().get(head.text)
    if platform and end - start <= 2:
        return platform, (head.i, head.i + 1)
    if head.lemma_.lower() in report_nouns():
        return _publisher(head)
    if _strip_article(text).lower() in audiences():
        return None
    inner = _known_inside(head.doc, start, end)
    if inner:
        return inner  # "the Agence France-Presse news service"
    if _WEB_DOMAIN.search(text):
        return _strip_article(text), (start, end)  # "News.com.au", "Domain.com": a site, whatever the tagger says
    capitalised = text[:1].isupper() or text[:1].isdigit() or any(ch.isupper() for ch in text.split()[0])  # "al-Masirah TV"
    # A place's name inside a longer title is no place ("Brandon This Week").
    longer = any(t.ent_type_ != head.ent_type_ for t in head.doc[head.i + 1 : end])
    if head.ent_type_ in _NOT_OUTLETS and not longer or not capitalised and head.text not in outlet_words():
        return None
    words = {t.text for t in head.doc[start:end]}
    if words & outlet_words() or (frame_implies and any(t.pos_ == "PROPN" or t.text[:1].isupper() for t in head.doc[start:end])):
        return _strip_article(text), (start, end)
    return None


def _known_inside(doc, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
    """A listed outlet named by a run of capitalised words inside a longer phrase."""
    for i in range(start, end):
        for j in range(end, i, -1):
            if j - i < end - start and all(t.text[:1].isupper() or not t.is_alpha for t in doc[i:j]):
                canonical = known_outlet(doc[i:j].text)
                if canonical:
                    return doc[i:j].text, (i, j)
    return None


def _publisher(report: Token) -> tuple[str, tuple[int, int]] | None:
    """The outlet or platform behind a report noun: "the News.com.au report", "a report from ABC
    Australia", "a Facebook post", "CNN's interview"."""
    for child in report.children:
        if child.dep_ in {"compound", "poss", "nmod"} and child.i < report.i:
            # "a News.com.au report" names its publisher; "the WHO's report" names an organisation.
            found = outlet_name(child, frame_implies=child.dep_ == "compound")
            if found:
                return found
        elif child.dep_ == "prep" and child.lower_ in {"from", "by", "in", "on"}:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    found = outlet_name(obj, frame_implies=True)
                    if found:
                        return found
    return None


def _via(head: Token, cue_text: str, *, frame_implies: bool) -> Via | None:
    found = outlet_name(head, frame_implies=frame_implies)
    if not found:
        return None
    name, (start, end) = found
    doc = head.doc
    return Via(name=name, cue=cue_text, spans=[(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))])


def outlet_links(cue: Token) -> list[Via]:
    """The links hanging on a cue found without the rules (a trained model's)."""
    return via_of_cue(cue, cue_lemma(cue) or cue.lemma_.lower())


def via_of_cue(cue: Token, lemma: str) -> list[Via]:
    """Outlets hanging on the cue word itself ("reports in X", "told X", "in an interview with X")."""
    frames = {**via_frames().get("*", {}), **via_frames().get(lemma, {})}
    links: list[Via] = []
    # "Speaking in an interview with CNN, X said": frames on a participle hung on the cue count too.
    children = [*cue.children, *(g for c in cue.children if c.dep_ == "advcl" and c.lemma_ in _SPEAKING for g in c.children)]
    # "posted a message on Twitter, saying …": a participle cue shares the frames of its verb.
    if cue.tag_ == "VBG" and cue.dep_ in {"advcl", "xcomp", "conj"} and cue.head.pos_ == "VERB":
        children += [c for c in cue.head.children if c.dep_ in {"prep", "dobj"} and c.i < cue.i]
    # "said Russell Zimmerman per ABC News": the parser hangs "per" on the speaker after the cue.
    children += [g for c in cue.children if c.dep_ == "nsubj" and c.i > cue.i
                 for g in c.children if g.dep_ == "prep" and g.lower_ in {"per", "via"}]
    # "posted a message on Twitter": the platform hangs on the cue's object.
    children += [g for c in children if c.dep_ == "dobj" for g in c.children if g.dep_ == "prep"]
    for child in children:
        if child.dep_ in {"dobj", "dative"} and "object" in frames:
            # "told ThePrint", "told local media": a named object of "tell" is an outlet unless it
            # is a person, a place or an audience ("told Congress").
            via = _via(child, cue.text, frame_implies=child.pos_ == "PROPN")
        elif child.dep_ == "prep":
            via = _prep_via(cue, child, frames)
        else:
            via = None
        if via and all(via.name != link.name for link in links):
            links.append(via)
    if not links:
        platform = _platform_in_clause(cue)
        if platform:
            links.append(platform)
    return links


def _platform_in_clause(cue: Token) -> Via | None:
    """"noted his 'wisdom' on Twitter", "Trump, also on Twitter, defended …": a platform named
    after on/via/in anywhere in the cue's clause, outside a reported clause."""
    reported = {t.i for c in cue.children if c.dep_ in {"ccomp", "advcl"} for t in c.subtree}
    for token in cue.subtree:
        if token.i in reported or token.dep_ != "pobj" or token.head.lower_ not in {"on", "via", "in"}:
            continue
        platform = platform_names().get(token.text)
        if platform:
            return Via(name=platform, cue=f"{token.head.text} {token.text}", spans=[(token.idx, token.idx + len(token.text))])
    return None


def _prep_via(cue: Token, prep: Token, frames: dict[str, str]) -> Via | None:
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if not objs:
        return None
    obj = objs[0]
    if prep.lower_ in frames:
        # "reports in X" is only said of a publication; "said to X", "wrote on X" of anything: there
        # X must be known as an outlet (or look like one) before it is taken for one.
        implied = prep.lower_ in via_frames().get(cue_lemma(cue) or cue.lemma_, {})
        via = _via(obj, f"{cue.text} {prep.text}", frame_implies=implied)
        if via:
            return via
    for link in frames:
        parts = link.split()
        if len(parts) == 2 and obj.lemma_.lower() == parts[0]:
            for inner in obj.children:
                if inner.dep_ == "prep" and inner.lower_ == parts[1]:
                    targets = [c for c in inner.children if c.dep_ == "pobj"]
                    if targets:
                        cue_text = cue.doc[prep.i : inner.i + 1].text
                        return _via(targets[0], cue_text, frame_implies=False)
    return None


def according_via(obj: Token, according: Token) -> Via | None:
    """"according to X" as a link of another attribution's chain: X must not be a person."""
    if obj.ent_type_ == "PERSON" or obj.pos_ == "PRON":
        return None
    text = according.doc[according.i : according.i + 2].text
    # Only an outlet is a link of the chain: "according to Kamloops Police" is a speaker.
    return _via(obj, text, frame_implies=False)
