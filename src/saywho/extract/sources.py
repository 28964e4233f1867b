"""Sources: the mention of who is speaking, with the role and affiliation stated around it.

"Military expert Yurii Fedorov" gives the mention "Yurii Fedorov" and the role "military expert";
"Hugh Griffiths, senior researcher at the Stockholm International Peace Research Institute" gives
role "senior researcher" and affiliation "Stockholm International Peace Research Institute";
"a fellow at South Korea’s Asan Institute for Policy Studies" gives role "fellow" and affiliation
"Asan Institute for Policy Studies". Role words before or around a name are split the same way
(``split_role``): "Mexican President" gives role "President" and affiliation "Mexico", "the mayor of
Springfield" role "mayor" and affiliation "Springfield". A person's mention is the name only; any
other source ("a senior official", "Ukrainians at the front", "The New York Post") is its whole noun
phrase.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ..lexicon import load_tsv
from .entities import country_named

# Prepositions that join a role to the organisation it is held at ("fellow at X", "head of X").
_AFFILIATION_PREPS = {"at", "of", "with", "for", "from", "in"}
# Dependents that end a noun-phrase source ("officials, who ..." / "the report (PDF)").
_NP_STOPS = {"relcl", "appos", "punct", "advcl"}
_PERSON_LABELS = {"PERSON"}
# Entity labels of the words before a role that say where it is held ("Senate", "Kremlin", "Mexican").
_AFFILIATION_LABELS = frozenset({"ORG", "GPE", "FAC", "LOC", "NORP"})
_DASHES = frozenset({"-", "–", "—"})
# "X-based", "X-led": a modifier that says where an organisation sits or who runs it.
LOCATING_PARTICIPLES = frozenset({"based", "led", "backed", "owned", "run", "funded", "headquartered", "allied"})


@dataclass
class Mention:
    """A source mention as token offsets [start, end) plus what was said about who it is."""

    start: int
    end: int
    head: Token
    person: bool
    role: str | None = None
    affiliation: str | None = None
    name_start: int | None = None  # the name without titles ("Mr. Obama" -> "Obama")
    name_end: int | None = None  # the name without a party tag after it ("(R-Utah)")

    @property
    def name(self) -> str:
        """The speaker's name as the mention gives it: no title, no party tag."""
        start = self.start if self.name_start is None else self.name_start
        end = self.end if self.name_end is None else self.name_end
        return self.head.doc[start:end].text

    @property
    def span(self) -> tuple[int, int]:
        doc = self.head.doc
        return doc[self.start].idx, doc[self.end - 1].idx + len(doc[self.end - 1].text)

    @property
    def text(self) -> str:
        return self.head.doc[self.start : self.end].text

    @property
    def is_pronoun(self) -> bool:
        return self.head.pos_ == "PRON" and self.end - self.start == 1


@lru_cache(maxsize=None)
def titles() -> dict[str, str]:
    """Title word (no final period) -> kind (title or honorific); name suffixes are left out."""
    return {row[0]: row[1] for row in load_tsv("titles_en.tsv") if row[1] in ("title", "honorific")}


def _title_kind(token: Token) -> str | None:
    return titles().get(token.text.rstrip("."))


def _is_name_token(token: Token) -> bool:
    return token.pos_ == "PROPN" or (token.text[:1].isupper() and token.ent_type_ in _PERSON_LABELS)


def _name_run(head: Token, lo: int) -> tuple[int, int]:
    """The proper-noun tokens ending at ``head`` (not before ``lo``), possessive 's excluded."""
    doc = head.doc
    start = head.i
    while start - 1 >= lo:
        prev = doc[start - 1]
        if _is_name_token(prev) and prev.dep_ in {"compound", "flat", "nmod", "amod", "nsubj"}:
            start -= 1
        elif prev.text == "-" and not prev.whitespace_ and start - 2 >= lo and _is_name_token(doc[start - 2]) \
                and not doc[start - 2].whitespace_:
            start -= 2  # "Jean-Luc Mélenchon"
        else:
            break
    return start, head.i + 1


def source_mention(head: Token, *, lo: int = 0, hi: int | None = None, known_people: frozenset[str] = frozenset()) -> Mention:
    """The source mention headed by ``head``, kept within token offsets [lo, hi)."""
    doc = head.doc
    hi = len(doc) if hi is None else hi
    if head.pos_ == "PRON":
        return Mention(head.i, head.i + 1, head, person=head.lower_ in {"he", "she", "i"})
    if _is_name_token(head):
        run_start, end = _name_run(head, lo)
        while end < min(hi, len(doc)) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ in _PERSON_LABELS \
                and doc[end - 1].ent_type_ in _PERSON_LABELS:
            end += 1  # "Arnel dela | Vega": the parser ended the name where the tagger did not
        # "German Chancellor Angela Merkel", "Former President Bill Clinton": modifiers of a title.
        while run_start - 1 >= lo and _title_kind(doc[run_start]) == "title" and doc[run_start - 1].pos_ == "ADJ":
            run_start -= 1
        start = run_start
        while start < end - 1 and _title_kind(doc[start]):
            start += 1
        # The name is where the tagger's PERSON starts ("Senate Majority Leader | Mitch McConnell").
        start = next((t.i for t in doc[start:end] if t.ent_type_ in _PERSON_LABELS), start)
        tokens = doc[start:end]
        person = any(t.ent_type_ in _PERSON_LABELS for t in tokens) or tokens[-1].text in known_people
        if head.ent_type_ and head.ent_type_ not in _PERSON_LABELS and head.ent_iob_ == "B" and end - start > 1:
            person = person and tokens[-1].text in known_people
        if person:
            mention = Mention(run_start, _tag_end(head, _party_tag_end(doc, end, hi), hi), head, person=True,
                              name_start=start, name_end=end)
            _pre_name_role(mention, lo, run_start)
            title = [t for t in doc[run_start:start] if _title_kind(t) != "honorific"]
            if not mention.role and title:
                _set_role(mention, doc[title[0].i : title[-1].i + 1])
            if not mention.role and not title:
                _role_noun_before(mention, lo)
            _appositive_role(mention, hi)
            if not mention.role:
                _role_named_in_apposition(mention)
            if not mention.affiliation:
                _affiliation_after(mention, hi)
            return mention
    start, end = _noun_phrase(head, lo, hi)
    named = _person_right_after(doc, end, hi) or _named_appositive(head, end, hi) or _person_in_apposition(head, hi)
    if named is not None:
        # "The mayor of Springfield, Joe Quimby": the person, with the phrase as role and affiliation.
        role, affiliation = split_role(doc[start : named[0]])
        return Mention(start, named[1], named[2], person=True, role=role, affiliation=affiliation,
                       name_start=named[0], name_end=named[1])
    named_org = _organisation_appositive(head, end, hi)
    if named_org is not None:
        # "One of these groups, the Syrian Democratic Forces (SDF),": the organisation named.
        return Mention(start, named_org[1], named_org[2], person=False, name_start=named_org[0], name_end=named_org[1])
    # "a source", "the official" may be "he" later on; names of places and organisations not.
    mention = Mention(start, end, head, person=head.tag_ == "NN" and not head.ent_type_)
    if mention.person and end - start > 1 and names_a_person(head):
        # "a Woolworths spokesperson": the role held where the phrase says, kept only when it says where
        role, affiliation = split_role(doc[start:end])
        if affiliation and role:
            mention.role, mention.affiliation = role, affiliation
    return mention


def _organisation_appositive(head: Token, end: int, hi: int) -> tuple[int, int, Token] | None:
    """An organisation's name set off by a comma after a vague phrase ("One of these groups, the SDF,")."""
    doc = head.doc
    if head.pos_ not in {"NUM", "NOUN", "PRON"} or head.ent_type_ not in {"", "CARDINAL"} \
            or end >= min(hi, len(doc)) - 1 or doc[end].text != ",":
        return None
    i = end + 1
    if doc[i].lower_ == "the":
        i += 1
    if i >= min(hi, len(doc)) or doc[i].ent_type_ != "ORG":
        return None
    name_end = i
    while name_end < len(doc) and doc[name_end].ent_type_ == "ORG" and doc[name_end].text != "(" \
            and (name_end == i or doc[name_end].ent_iob_ == "I"):
        name_end += 1
    root = doc[name_end - 1]
    if name_end > hi or not any(t.dep_ == "appos" and t.head.i == head.i for t in doc[i:name_end]):
        return None
    return i, name_end, root


def _named_appositive(head: Token, end: int, hi: int) -> tuple[int, int, Token] | None:
    """(start, end, head) of a person's name in apposition right after ``head``'s phrase: "The
    Executive director of the Society, Bob Hughes, told …" (wherever the parser hung the name)."""
    doc = head.doc
    if end >= min(hi, len(doc)) - 1 or doc[end].text != ",":
        return None
    name = _person_entity_at(doc, end + 1, hi)
    if name is None:
        return None
    after = name[1]
    if after < min(hi, len(doc)) and not doc[after].is_punct:
        return None  # "the region, John Smith's home, …": the name does not end the apposition
    return name


def _person_in_apposition(head: Token, hi: int) -> tuple[int, int, Token] | None:
    """A person the parser hung on a phrase as its apposition with no comma ("African Export–Import
    Bank president Okey Oramah" parsed with "Export" as the head)."""
    for child in head.rights:
        if child.dep_ == "appos" and child.ent_type_ in _PERSON_LABELS and child.i < hi:
            start = child.i
            while start > 0 and child.doc[start].ent_iob_ == "I":
                start -= 1
            found = _person_entity_at(child.doc, start, hi)
            if found is not None and not any(t.text == "," for t in child.doc[head.i : start]):
                return found
    return None


def _person_right_after(doc, end: int, hi: int) -> tuple[int, int, Token] | None:
    """A person named right after a phrase with no comma, past any title: "Connecticut Senator
    Richard Blumenthal" (the parser made "Connecticut" the head), "Niger's president Mahamadou Issoufou"."""
    i = end
    while i < min(hi, len(doc)) and _title_kind(doc[i]) == "title":
        i += 1
    return _person_entity_at(doc, i, hi)


def _person_entity_at(doc, i: int, hi: int) -> tuple[int, int, Token] | None:
    """(start, end, last token) of the tagger's PERSON that begins at token ``i`` and ends before
    ``hi``, or that a given name the tagger left out starts there ("Sadiq | Khan")."""
    start = i
    limit = min(hi, len(doc))
    while i < min(limit - 1, start + 2) and _untagged_given_name(doc[i]):
        i += 1
    if i >= limit or doc[i].ent_iob_ != "B" or doc[i].ent_type_ not in _PERSON_LABELS:
        return None
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return (start, end, doc[end - 1]) if end <= hi else None


def _untagged_given_name(token: Token) -> bool:
    """A proper noun outside any entity that the tagger's PERSON after it heads ("Sadiq" of "Sadiq Khan")."""
    return (token.pos_ == "PROPN" and not token.ent_type_ and not _title_kind(token) and token.dep_ == "compound"
            and token.head.i > token.i and token.head.ent_type_ in _PERSON_LABELS)


def _tag_end(head: Token, end: int, hi: int) -> int:
    """Past a short tag in apposition after a name: an age (", 82") or a party (", R-Ky.")."""
    doc = head.doc
    if end >= min(hi, len(doc)) - 1 or doc[end].text != ",":
        return end
    for child in head.rights:
        if child.dep_ == "appos" and child.i > end:
            tag = doc[end + 1 : child.right_edge.i + 1]
            is_age = len(tag) == 1 and tag[0].like_num
            is_party = len(tag) <= 4 and tag[0].text in {"R", "D", "I"} and any(t.text == "-" for t in tag)
            if (is_age or is_party) and child.right_edge.i < hi:
                return child.right_edge.i + 1
            break
    return end


def _party_tag_end(doc, end: int, hi: int) -> int:
    """Past a short parenthesis right after a name ("Sen. Claire McCaskill (D-Mo.)"), else ``end``."""
    if end < min(hi, len(doc)) and doc[end].text == "(":
        for i in range(end + 1, min(end + 6, hi, len(doc))):
            if doc[i].text == ")":
                return i + 1
    return end


# Dependents that only a clause has: a subject or an auxiliary verb.
_CLAUSE_DEPS = frozenset({"aux", "auxpass", "nsubj", "nsubjpass"})


def _noun_phrase(head: Token, lo: int, hi: int) -> tuple[int, int]:
    """``head``'s phrase, cut before a comma, relative clause or apposition to its right."""
    start = max(head.left_edge.i, lo)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in _NP_STOPS or child.i >= hi or _is_time_prep(child):
            break
        end = max(end, min(child.right_edge.i + 1, hi))
    doc = head.doc
    # "The airport … were evacuated and local police": a clause the parse hung on the phrase's left.
    clause = [t.i for t in doc[start : head.i] if t.dep_ in _CLAUSE_DEPS]
    cuts = [t.i for t in doc[clause[-1] : head.i] if t.dep_ == "cc" or t.text == ","] if clause else []
    if cuts:
        start = cuts[-1] + 1
    while start < head.i and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    for child in head.lefts:
        # "The Yemen-based Houthi movement": where it is based is a description, not the name.
        if child.dep_ == "amod" and child.lower_ in LOCATING_PARTICIPLES and child.i > 0 and doc[child.i - 1].text == "-" \
                and all(t.dep_ == "det" or t.i >= child.left_edge.i for t in doc[start : child.i]):
            start = child.i + 1
    # A parse that hangs the rest of the sentence on the phrase: stop at the first comma, except
    # inside a list of examples ("firms including A, B, and C").
    listed = _example_list_end(head)
    for i in range(head.i + 1, end):
        if doc[i].is_punct and doc[i].text in {",", ";", ":", "—", "–", "(", "“", '"'} and i >= listed:
            end = i
            break
    return start, end


def _example_list_end(head: Token) -> int:
    """Token offset where a list of examples on the phrase ("including A, B, and C", "such as A
    and B") ends; the phrase's head when it has none."""
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in {"including", "like"} or child.dep_ == "prep" and child.lower_ == "as" \
                and child.i > 0 and head.doc[child.i - 1].lower_ == "such":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and any(c.dep_ == "conj" for c in objects[0].children):
                return objects[0].right_edge.i + 1
    return head.i


def _is_time_prep(token: Token) -> bool:
    """"in 2015", "on Tuesday", "as of Wednesday": a when, not part of who."""
    if token.dep_ != "prep":
        return False
    objects = [g for c in token.children for g in ([c, *c.children] if c.dep_ == "prep" else [c])]
    return any(c.ent_type_ in {"DATE", "TIME"} for c in objects)


def _role_text(tokens) -> str | None:
    words = [t for t in tokens if t.dep_ not in {"det", "punct", "case"} and t.pos_ not in {"DET", "PUNCT"}]
    if not words:
        return None
    doc = words[0].doc
    start, end = _whole_words(doc, words[0].i, words[-1].i + 1)
    if end - start > 1 and doc[start].lower_ in LOCATING_PARTICIPLES and start and doc[start - 1].text in _DASHES:
        start += 1  # "(Florida-)based Republican strategist": the role is the strategist
    first = doc[start]
    text = doc[start:end].text
    if first.is_sent_start and first.pos_ != "PROPN" and not first.ent_type_ and not _title_kind(first):
        text = text[:1].lower() + text[1:]
    if text.count("(") > text.count(")"):
        text = text[: text.rindex("(")]  # "High Commissioner for Refugees (UNHCR": the bracket cut by the phrase
    return text.strip(" ,")


def _whole_words(doc, start: int, end: int) -> tuple[int, int]:
    """[start, end) grown over the parts of a hyphenated word it cuts ("co-|founder", "vice-|chair"):
    the tokenizer splits them, and the parser may hang the parts apart."""
    # Not back over a place or an organisation: "Florida-|based strategist" is where and who.
    while start >= 2 and doc[start - 1].text in _DASHES and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].is_alpha and not doc[start - 2].ent_type_:
        start -= 2
    while end + 1 < len(doc) and doc[end].text in _DASHES and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2
    return start, end


def _pre_name_role(mention: Mention, lo: int, run_start: int) -> None:
    """Words before the name in its phrase: "military expert", "Kremlin spokesman", "Sen."."""
    doc = mention.head.doc
    start = run_start
    for child in mention.head.lefts:
        if child.i >= mention.start or child.i < lo:
            continue
        if child.dep_ == "poss":
            # "SIPRI's Hugh Griffiths": the possessor is where the speaker works.
            mention.affiliation = doc[child.left_edge.i : child.i + 1].text
        elif child.dep_ in {"compound", "amod", "nmod"}:
            start = min(start, max(child.left_edge.i, lo))
    role_tokens = [t for t in doc[start : mention.name_start]
                   if (not t.is_punct or t.text in _DASHES) and t.dep_ not in {"det", "poss", "case"}
                   and t.head.dep_ != "poss" and _title_kind(t) != "honorific"]
    if role_tokens:
        _set_role(mention, role_tokens)
    for token in doc[start : mention.name_start]:
        for owner in token.lefts:
            if _names_owner(owner) and owner.i >= lo and not mention.affiliation:
                # "Mexico's Foreign Secretary Marcelo Ebrard": the possessor of the title
                mention.affiliation = doc[owner.left_edge.i : owner.i + 1].text


def _names_owner(token: Token) -> bool:
    """A possessor that says where a role is held ("Mexico's", "Puerto Rico's"): a name, not a
    pronoun or a date ("his wife", "Wednesday's earthquake")."""
    return token.dep_ == "poss" and token.pos_ == "PROPN" and token.ent_type_ not in {"DATE", "TIME"}


def _role_noun_before(mention: Mention, lo: int) -> None:
    """"Niger's president Mahamadou Issoufou", parsed with the role noun as a phrase of its own
    beside the name: a phrase for a person ("president", "chief constable") that ends right before
    the name, with nothing between, is the person's role."""
    doc = mention.head.doc
    i = mention.start - 1
    if i < lo or doc[i].pos_ != "NOUN" or not names_a_person(doc[i]) or doc[i].right_edge.i != i:
        return
    start = max(doc[i].left_edge.i, lo)
    if any(t.is_punct and t.text not in _DASHES for t in doc[start:i]):
        return
    _set_role(mention, doc[start : i + 1])


def _affiliation_after(mention: Mention, hi: int) -> None:
    """"Sheldon Yett of UNICEF", "Nils-Erik Haagenrud of Rogaland Fire and Rescue", "Steven Wolf at
    Saint Francis": the organisation or place right after a name that the person is of, at or from."""
    doc = mention.head.doc
    prep = mention.end
    if prep >= min(hi, len(doc)) - 1 or doc[prep].lower_ not in {"of", "at", "from"} or doc[prep].dep_ != "prep":
        return
    if not mention.head.i <= doc[prep].head.i < prep:
        return  # the preposition belongs to the verb ("said at the briefing"), not to the name
    objects = [c for c in doc[prep].children if c.dep_ == "pobj" and c.i < hi]
    if not objects:
        return
    obj = objects[0]
    if obj.lower_ in org_nouns() or any(t.ent_type_ in _AFFILIATION_LABELS for t in obj.subtree):
        start, end = _named_at_end(doc, *_affiliation_bounds(obj, hi))
        mention.affiliation = doc[start:end].text


def _named_at_end(doc, start: int, end: int) -> tuple[int, int]:
    """An organisation's name without the description before it ("worldwide victim group Ending
    Clergy Abuse" -> "Ending Clergy Abuse"): the name the tagger found at the phrase's end, after
    words in lower case only."""
    last = doc[end - 1]
    if last.ent_type_ not in _AFFILIATION_LABELS:
        return start, end
    name = end - 1
    while name > start and doc[name].ent_iob_ == "I":
        name -= 1
    # The words before the name describe it when they end in a noun ("victim group"), not when
    # they are part of it ("seventh Congressional District").
    if name > start and all(t.text.islower() for t in doc[start:name]) and doc[name - 1].pos_ == "NOUN":
        return name, end
    return start, end


def _set_role(mention: Mention, tokens: Sequence[Token]) -> None:
    """The mention's role and, unless one was found already, its affiliation, from role words."""
    role, affiliation = split_role(tokens)
    mention.role = role
    mention.affiliation = mention.affiliation or affiliation


def split_role(tokens: Sequence[Token]) -> tuple[str | None, str | None]:
    """Role words as (role, affiliation): the position, and the organisation or place it is held
    at when the words name one. "Mexican President" -> ("President", "Mexico"); "Senate Minority
    Leader" -> ("Minority Leader", "Senate"); "police spokesman" -> ("spokesman", "police"); "the
    mayor of Springfield" -> ("mayor", "Springfield"); "Springfield's first selectman" -> ("first
    selectman", "Springfield"). Words that only describe stay the role ("military expert",
    "Foreign Minister", "Ambassador to Germany")."""
    words = list(tokens)
    while words and (words[0].is_punct or words[0].dep_ == "det" or words[0].pos_ == "DET"):
        words.pop(0)
    while words and words[-1].is_punct:
        words.pop()
    if not words:
        return None, None
    for k, token in enumerate(words[1:], 1):
        # "the director of the Society", "a lawyer for the news outlets"; "Secretary of State" and
        # "Mayor of London" are one title
        if token.dep_ == "prep" and token.lower_ in _AFFILIATION_PREPS and token.head in words[:k]:
            objects = [c for c in token.children if c.dep_ == "pobj"]
            if objects and _holds_role(token, objects[0]):
                return _role_text(words[:k]), _affiliation_text(objects[0], words[-1].i + 1)
    for k, token in enumerate(words[1:-1], 1):
        # "Springfield's first selectman", "Angela Merkel's spokesperson"
        if token.dep_ == "case":
            return _role_text(words[k + 1 :]), _affiliation_of(words[:k])
    lead = 0
    while lead < len(words) - 1 and _names_where(words, lead):
        lead += 1
    if not lead:  # "Environment Canada spokesperson": a name whose first word the tagger left unlabelled
        lead = _name_before_role(words)
    while lead and words[lead - 1].text in _DASHES:
        lead -= 1
    if lead and all(t.pos_ == "PROPN" and not _title_kind(t) for t in words[lead:-1]) \
            and words[-1].pos_ == "NOUN" and words[-1].text.islower():
        lead = len(words) - 1  # "Samoa Observer editor": the rest of the name, then a role in lower case
    if lead and words[lead].ent_iob_ == "I" and words[lead].ent_type_ == words[lead - 1].ent_type_:
        lead = 0  # "Harbor Workers Union": one name to its end, not an affiliation and a role
    if lead and any(_title_kind(t) or t.pos_ in {"NOUN", "PROPN"} for t in words[lead:]):
        return _role_text(words[lead:]), _affiliation_of(words[:lead])
    if all(t.ent_type_ in _AFFILIATION_LABELS and not _title_kind(t) for t in words if t.text not in _DASHES):
        return None, _affiliation_of(words)  # "Harbor Workers Union Ann Lee": where, with no role stated
    return _role_text(words), None


def _name_before_role(words: list[Token]) -> int:
    """How many leading words form a proper name that the tagger labels an organisation or place
    in part ("Environment Canada"), before at least one more word; 0 if none."""
    run = 0
    while run < len(words) - 1 and words[run].pos_ == "PROPN" and not _title_kind(words[run]):
        run += 1
    labelled = any(t.ent_type_ in _AFFILIATION_LABELS for t in words[:run])
    return run if labelled and words[run].pos_ in {"NOUN", "PROPN"} else 0


def _holds_role(prep: Token, obj: Token) -> bool:
    """Whether "ROLE prep OBJ" names where the role is held ("at the institute", "of the society",
    "of Microsoft") rather than completing a title ("Secretary of State", "Mayor of London")."""
    if prep.lower_ in {"at", "with"} or any(c.dep_ in {"det", "poss"} for c in obj.children):
        return True
    return obj.ent_type_ == "ORG" and not _title_kind(prep.head)


def _names_where(words: list[Token], k: int) -> bool:
    """Whether role word ``k`` (and those before it) names where the role is held rather than the
    role: part of an organisation or place ("Senate", "El Paso"), a people ("Mexican"), a dash
    inside such a name ("Export–Import"), or an organisation noun ("police spokesman")."""
    token = words[k]
    if _title_kind(token):
        return False
    if token.text in _DASHES:
        return 0 < k < len(words) - 1 and not token.whitespace_ and not words[k - 1].whitespace_
    if token.ent_type_ in _AFFILIATION_LABELS and token.pos_ in {"PROPN", "ADJ"}:
        return True
    if token.pos_ in {"PROPN", "ADJ"} and country_named(token.text):
        return True
    return token.pos_ == "NOUN" and token.dep_ == "compound" and token.lower_ in org_nouns()


def _affiliation_of(words: Sequence[Token]) -> str | None:
    """The affiliation that words before a role give: a people's country ("Mexican" -> Mexico), a
    name as written ("El Paso", "Angela Merkel"), a bare organisation noun ("police"), none for a
    generic one ("company meteorologist")."""
    while words and (words[0].dep_ == "det" or words[0].pos_ == "DET"):
        words = words[1:]
    if not words:
        return None
    if len(words) == 1:
        word = words[0]
        country = country_named(word.text) if word.pos_ != "NOUN" else None
        if country:
            return country
        if word.pos_ == "NOUN" and word.lower_ not in bare_org_nouns():
            return None
    return words[0].doc[words[0].i : words[-1].i + 1].text


def names_a_person(head: Token) -> bool:
    """A common noun for a person ("the official", "a spokeswoman"), not a thing ("the footage")."""
    word = head.lemma_.lower()
    return word in _person_nouns() or word.endswith(_PERSON_SUFFIXES) and word not in _NOT_PERSON_SUFFIXED


# "-man", "-ist" nouns are people ("spokeswoman", "analyst"); these few look alike and are not.
_PERSON_SUFFIXES = ("man", "woman", "person", "ist", "ian")
_NOT_PERSON_SUFFIXED = frozenset({"human", "plan", "german", "roman"})


@lru_cache(maxsize=None)
def _person_nouns() -> frozenset[str]:
    return frozenset(row[0] for row in load_tsv("person_nouns_en.tsv"))


@lru_cache(maxsize=None)
def _org_noun_marks() -> dict[str, frozenset[str]]:
    """org_nouns_en.tsv, read once: each organisation noun with its marks ("bare", "outlet")."""
    return {row[0]: frozenset(row[1].split("|")) if len(row) > 1 else frozenset()
            for row in load_tsv("org_nouns_en.tsv")}


@lru_cache(maxsize=None)
def org_nouns() -> frozenset[str]:
    """Common nouns for an organisation ("the company", "the ministry", "police")."""
    return frozenset(_org_noun_marks())


@lru_cache(maxsize=None)
def bare_org_nouns() -> frozenset[str]:
    """Organisation nouns that name the article's organisation even without "the" ("Police said")."""
    return frozenset(word for word, marks in _org_noun_marks().items() if "bare" in marks)


@lru_cache(maxsize=None)
def outlet_nouns() -> frozenset[str]:
    """Nouns by which an article refers back to an outlet ("the industry publication")."""
    return frozenset(word for word, marks in _org_noun_marks().items() if "outlet" in marks)


def _role_named_in_apposition(mention: Mention) -> None:
    """"Northamptonshire's chief constable Nick Adderley said", parsed with the role as the subject
    and the name in apposition to it: the role phrase before the name is the person's, also when
    the source span given is the name alone."""
    head = mention.head
    described = head.head
    if head.dep_ != "appos" or described.pos_ != "NOUN" or described.i >= mention.start:
        return
    if any(t.text == "," for t in head.doc[described.i : mention.start]):
        return  # "the mayor, Joe Quimby": the named-appositive path's, with its own bounds
    _set_role(mention, head.doc[described.left_edge.i : described.i + 1])


def _appositive_role(mention: Mention, hi: int) -> None:
    """", senior researcher at the Stockholm International Peace Research Institute," after a name."""
    for child in mention.head.rights:
        if child.dep_ != "appos" or child.i >= hi or not (child.pos_ == "NOUN" or _title_kind(child) == "title"):
            continue
        doc = child.doc
        start = child.i
        for left in child.lefts:
            # "senior researcher", "Puerto Rico's governor", "the Defence Secretary"
            if (left.dep_ in {"amod", "compound", "nmod", "advmod"} or _names_owner(left)) and left.i >= mention.end:
                start = min(start, left.left_edge.i)
        start, end = _whole_words(doc, start, child.i + 1)
        # the preposition hangs on the head or on the last part of a hyphenated one ("vice-chair of")
        prep = next((c for t in doc[child.i : end] for c in t.rights if c.dep_ == "prep" and c.i >= end), None)
        if prep is not None and prep.lower_ in _AFFILIATION_PREPS:
            end = min(prep.right_edge.i + 1, hi)  # "chief of staff", "researcher at the institute"
        role, affiliation = split_role(doc[start:end])
        mention.role = role or mention.role
        mention.affiliation = affiliation or mention.affiliation
        return


def _affiliation_text(obj: Token, hi: int) -> str:
    """The organisation's name: no article, no possessive country before it ("South Korea’s")."""
    start, end = _affiliation_bounds(obj, hi)
    return obj.doc[start:end].text


def _affiliation_bounds(obj: Token, hi: int) -> tuple[int, int]:
    """Token offsets of ``_affiliation_text``."""
    doc = obj.doc
    start, end = obj.left_edge.i, min(obj.right_edge.i + 1, hi)
    for child in obj.lefts:
        if child.dep_ == "poss" and any(t.dep_ == "case" for t in child.subtree):
            start = max(start, child.right_edge.i + 1)
    while start < obj.i and (doc[start].dep_ == "det" or doc[start].is_punct):
        start += 1
    while end > obj.i + 1 and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1  # no trailing comma or "and" ("of Georgia and | John Boozman of Arkansas")
    for i in range(obj.i + 1, end):
        # "of Georgia and John Boozman of Arkansas": the next person's name ends the organisation's
        next_person = i + 1 < end and doc[i + 1].ent_type_ in _PERSON_LABELS
        if doc[i].text in {",", ";", "(", "—"} or doc[i].dep_ == "cc" and next_person:
            end = i
            break
    return start, end
