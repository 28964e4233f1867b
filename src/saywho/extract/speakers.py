"""Speakers: every source mention resolved to the one person or organisation it names.

In-article resolution, as a reader does it, with no coreference model:

- a name with titles and descriptions ("Superintendent Graciano Mijares", "American academic Marc
  Lamont Hill") is the person's canonical name ("Graciano Mijares"); a regnal title stays ("Pope
  Francis");
- a surname, a first name or a partial name ("Rosselló", "Tuilaepa") is the fullest name the
  article gives with those words, accents and case folded, a one-letter spelling variant allowed;
  when two people share it, the one the article names most;
- a definite description ("the mayor", "Niger's president", "The foreign minister") is the person
  the article introduced with that role; "the agency", "the army", "the government" the article's
  organisation with that head word; an acronym ("the AU", "PG&E", "Phivolcs") the name it stands
  for (initials, a parenthesised definition, or the curated aliases);
- a pronoun is the last speaker it agrees with (he/she by gender, they/it for groups), "who" the
  noun its clause hangs on, "I"/"we" inside a quote the one quoted;
- "A and B" is a group speaker naming both.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..lexicon import load_tsv
from ..nlp import doc_text
from ..records import Entity, Span, Speaker
from ..names import (acronym, acronym_key, fold, gender_words, looks_like_acronym, near_spelling, org_words,
                    person_name, regnal_titles, titles)
from .documents import bare_definite, document_name, document_nouns, is_document, owned_document
from .entities import country_named, is_country
from .sources import (LOCATING_PARTICIPLES, Mention, bare_org_nouns, names_a_person, org_nouns, outlet_nouns,
                      source_mention)
from .via import names_outlet

_PERSON_LABELS = {"PERSON"}
_INDEX_KEY = "saywho_article_index"
# Labels under which a capitalised run of words may still be a person the tagger mislabelled.
_MAYBE_PERSON_LABELS = {"PERSON", "ORG", "NORP", "", "PRODUCT", "WORK_OF_ART", "FAC"}
# Parts of speech a name's first word never has (an adverb or preposition the tagger took in).
_NOT_NAME_POS = frozenset({"ADV", "ADP", "SCONJ", "CCONJ", "INTJ", "DET", "PRON"})
_NAME_PARTICLES = {"de", "da", "del", "dela", "della", "di", "du", "van", "von", "der", "den", "bin", "al", "el", "la", "le", "ibn", "abu"}
_ORG_KINDS = {"ORG", "OUTLET", "NORP", "GPE", "FAC"}
_NOT_PERSON_LABELS = {"ORG", "GPE", "FAC", "NORP", "LOC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"}
_NOT_NAME_LABELS = {"GPE", "LOC", "DATE", "TIME", "FAC", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_DEFINITE = {"the", "this", "that"}
# "Philippine Institute of Volcanology and Seismology (Phivolcs)": a name and its short form.
_DEFINITION = re.compile(r"((?:[A-Z][\w'’.&-]*\s+)(?:(?:of|and|for|the|on|de|&|[A-Z][\w'’.&-]*)\s+)*[A-Z][\w'’.&-]*)\s*\(([A-Za-z][A-Za-z&.]{1,11})\)")


@lru_cache(maxsize=None)
def pronoun_kinds() -> dict[str, tuple[str, str | None]]:
    """Pronoun form -> (kind, gender or None), from ``pronouns_en.tsv``."""
    return {row[0].lower(): (row[1], row[2] if len(row) > 2 and row[2] else None) for row in load_tsv("pronouns_en.tsv")}


@dataclass
class Person:
    """One person of the article: the fullest name given, and what the article said of them."""

    name: str
    words: tuple[str, ...]  # folded
    first: int  # offset of the first mention
    count: int = 0
    gender: str | None = None
    roles: list[tuple[int, str]] = field(default_factory=list)  # (offset, folded role words)


class ArticleIndex:
    """The article's people, organisations, roles and acronyms, built once per article."""

    def __init__(self, doc: Doc, entities: list[Entity]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self._starts = doc.to_array("IDX").tolist()  # token start offsets, for bisect
        self._folded_text = fold(self.text)
        self.ents = doc.ents  # spaCy builds this tuple anew on each access
        self.people: list[Person] = []
        self.tagged_people: set[tuple[str, ...]] = set()  # folded words of the names the tagger calls people
        self._by_words: dict[tuple[str, ...], Person] = {}
        self.orgs: list[tuple[int, str, str]] = []  # (offset, canonical name, folded head word)
        self.acronyms: dict[str, str] = {}
        self.aliases: dict[str, str] = {}  # folded alias -> canonical name (organisations, places)
        self.entities = entities
        self._people_from(doc, entities)
        self._orgs_from(doc, entities)
        self.orgs.sort()
        self._org_starts = [offset for offset, _, _ in self.orgs]

    # -- people -----------------------------------------------------------------------------

    def _people_from(self, doc: Doc, entities: list[Entity]) -> None:
        for ent in self.ents:
            if ent.label_ not in _MAYBE_PERSON_LABELS:
                continue
            label = ent.label_
            name = _full_name_span(ent)
            words = person_name(name.text.split()).split()
            if label in _PERSON_LABELS:
                self.tagged_people.add(tuple(fold(" ".join(words)).split()))
            # A name the tagger labelled otherwise may still be a person ("Wanda Vázquez Garced" as
            # ORG), but not one it gives with "The" ("The Baltimore Sun").
            if not words or label not in _PERSON_LABELS and (not _person_like(words) or ent[0].lower_ == "the"):
                continue
            person = self.add_person(" ".join(words), name.start_char)
            if person is not None:
                self._note_roles(person, name)
        for run in _untagged_name_runs(doc):
            words = person_name(run.text.split()).split()
            if _person_like(words):
                self.add_person(" ".join(words), run.start_char)
        for person in self.people:
            if person.gender is None:
                person.gender = given_names().get(person.name.split()[0]) or self._pronoun_gender(person)

    def add_person(self, name: str, offset: int, *, count: bool = True) -> Person | None:
        """Record a mention of ``name``: a new person, or one the article already named (the
        fuller name wins: "Ricardo Rosselló" then "Ricardo Rosselló Nevares")."""
        words = tuple(fold(name).split())
        if not words:
            return None
        person = self._by_words.get(words)
        if person is None and len(words) >= 2:
            person = next((p for p in self.people if len(p.words) >= 2 and _contains(p.words, words)), None)
            if person is None:
                person = next((p for p in self.people if len(p.words) >= 2 and _contains(words, p.words)), None)
                if person is not None:
                    person.name, person.words = name, words  # the fuller name
        if person is None:
            person = Person(name=name, words=words, first=offset)
            self.people.append(person)
        self._by_words[words] = person
        person.count += count
        return person

    def _note_roles(self, person: Person, ent) -> None:
        """Roles stated at a mention: "Mayor Dee Margo", "Albert Muchanga, the AU commissioner",
        "The Executive director of the Society, Bob Hughes"; gender words among them."""
        root = ent.root
        role_tokens = [t for t in self.doc[root.left_edge.i : ent.start] if not t.is_punct and t.dep_ not in {"det", "case"}]
        for child in root.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                role_tokens += [t for t in child.subtree if not t.is_punct]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            role_tokens += [t for t in root.head.subtree if not t.is_punct and not (ent.start <= t.i < ent.end)
                            and t.i not in {c.i for c in root.subtree}]
        if role_tokens:
            person.roles.append((ent.start_char, " ".join(fold(t.text) for t in role_tokens)))
            if person.gender is None:
                person.gender = next((gender_words()[fold(t.text).rstrip(".")] for t in role_tokens
                                      if fold(t.text).rstrip(".") in gender_words()), None)

    def _pronoun_gender(self, person: Person) -> str | None:
        """The first he/she after the person's first mention, up to the end of the next sentence,
        with no other person named in between."""
        doc = self.doc
        start = max(bisect_right(self._starts, person.first) - 1, 0)
        sentence_ends = 0
        for tok in doc[start + 1 : start + 80]:
            if tok.ent_type_ in _PERSON_LABELS and tok.ent_iob_ == "B" and fold(tok.text) not in person.words:
                return None
            kind = pronoun_kinds().get(tok.lower_) or ({"his": ("person", "m"), "hers": ("person", "f")}.get(tok.lower_))
            if kind and kind[0] == "person":
                return kind[1]
            if tok.is_sent_end:
                sentence_ends += 1
                if sentence_ends == 2:
                    return None
        return None

    def people_with(self, words: tuple[str, ...], offset: int) -> list[Person]:
        """The people whose full name holds every one of ``words`` (folded), surname matches first."""
        found = [p for p in self.people if p.words != words and len(p.words) > len(words) and _contains(p.words, words)]
        if not found and len(words) == 1:
            found = [p for p in self.people if len(p.words) >= 2 and any(near_spelling(words[0], w) for w in p.words[1:])]
        if not found:
            return []
        last = words[-1]
        by_surname = [p for p in found if p.words[-1] == last]
        return by_surname or found

    def best_person(self, words: tuple[str, ...], offset: int) -> Person | None:
        found = self.people_with(words, offset)
        if not found:
            return None
        # The person the article names most; on a tie, the one it introduced first (the story's
        # subject: "Cummings" is the congressman, not his wife named once in passing).
        return max(found, key=lambda p: (p.count, p.first <= offset, -p.first))

    def person_with_role(self, head: str, modifiers: list[str], offset: int) -> Person | None:
        """The person the article introduced with the role ``head`` ("mayor"), modifiers preferred."""
        best: tuple | None = None
        for person in self.people:
            for at, role in person.roles:
                words = role.split()
                if not any(h in words or len(h) >= 5 and any(w.startswith(h) for w in words)
                           for h in (head, *role_synonyms().get(head, ()))):
                    continue
                fit = sum(1 for m in modifiers if m in role)
                key = (fit, at <= offset, at if at <= offset else -at)
                if best is None or key > best[0]:
                    best = (key, person)
        return best[1] if best else None

    # -- organisations ----------------------------------------------------------------------

    def _orgs_from(self, doc: Doc, entities: list[Entity]) -> None:
        for entity in entities:
            if entity.kind not in _ORG_KINDS:
                continue
            for alias in [entity.name, *entity.aliases]:
                self.aliases.setdefault(fold(alias), entity.name)
            if entity.kind in {"ORG", "OUTLET"} and entity.mentions:
                first = min(s for s, _ in entity.mentions)
                words = entity.name.split()
                self.orgs.append((first, entity.name, fold(words[-1])))
                if len(words) >= 2:
                    self.acronyms.setdefault(acronym(entity.name), entity.name)
                for alias in entity.aliases:
                    if looks_like_acronym(alias):
                        self.acronyms.setdefault(acronym_key(alias), entity.name)
        for match in _DEFINITION.finditer(self.text):
            short = match.group(2)
            key = acronym_key(short)
            # The capitalised run may start words early ("Commissioner of the African Union (AU)"):
            # the shortest tail whose initials are the short form, else the run from its last capital start.
            words = match.group(1).split()
            fits = [i for i in range(len(words)) if words[i][:1].isupper() and key in
                    (acronym(" ".join(words[i:])), acronym(" ".join(words[i:-1])))]
            words = words[fits[-1]:] if fits else words
            if len(words) > 1 and words[0] in {"The", "A", "An"}:
                words = words[1:]
            long_name = " ".join(words)
            self.acronyms[key] = long_name
            self.aliases.setdefault(fold(short), long_name)
            self.orgs.append((match.start(1), long_name, fold(words[-1])))
        for chunk in doc.noun_chunks:
            root = chunk.root
            if root.pos_ not in {"NOUN", "PROPN"} or root.ent_type_ in {"PERSON", "DATE", "TIME"}:
                continue
            named = [t for t in chunk if t.i < root.i and (t.pos_ == "PROPN" or t.ent_type_ in {"NORP", "GPE", "ORG"})]
            if not named:
                continue
            start = next(t.i for t in chunk if t.dep_ not in {"det", "poss", "case"} and not t.is_punct)
            located = [t.i + 1 for t in chunk if t.dep_ == "amod" and t.lower_ in LOCATING_PARTICIPLES and t.i < root.i]
            if located and any(t.i >= located[-1] and t.pos_ == "PROPN" for t in chunk):
                start = located[-1]  # "Yemen-based | Houthi movement"
            named = [t for t in named if t.i >= start]
            if not named or self.doc[start].dep_ == "poss" or start > named[0].i:
                continue
            name = self.doc[start : root.i + 1].text
            self.orgs.append((chunk.start_char, name, fold(root.lemma_)))

    def org_with_head(self, head: str, offset: int) -> str | None:
        """The article's organisation whose name ends in ``head`` ("agency"), named last before
        ``offset`` (else first after); the longest name among those of one place."""
        i = bisect_right(self._org_starts, offset)
        before = [name for at, name, word in self.orgs[:i] if word == head]
        if before:
            return before[-1]
        after = [name for at, name, word in self.orgs[i:] if word == head]
        return after[0] if after else None

    def country_in(self, name: str) -> str | None:
        """The country a name's first word stands for ("Fijian government" -> Fiji)."""
        country = self.aliases.get(fold(name.split()[0]))
        return country if country and is_country(country) else country_named(name.split()[0])

    def main_country(self) -> str | None:
        """The country the article names most (its capital counts), if it names one."""
        countries = [(len(e.mentions), -min(s for s, _ in e.mentions), e.name) for e in self.entities
                     if e.kind == "GPE" and e.mentions and is_country(e.name)]
        return max(countries)[2] if countries else None

    def last_outlet(self, offset: int) -> str | None:
        """The outlet the article named last before ``offset``: a listed one or a name with a news word."""
        for at, name, _ in reversed(self.orgs[: bisect_right(self._org_starts, offset)]):
            if names_outlet(name):
                return name
        return None

    def expand_acronym(self, text: str) -> str | None:
        """The full name an acronym or alias stands for, when the article spells it out."""
        key = acronym_key(text)
        if not looks_like_acronym(text) and fold(text) not in self.aliases:
            return None
        full = self.acronyms.get(key) or self.aliases.get(fold(text))
        return full if full and self.spelled_out(full) else None

    def spelled_out(self, name: str) -> bool:
        """Whether the article itself gives ``name`` (speakers keep to the article's own names)."""
        return fold(name) in self._folded_text


class SpeakerResolver:
    """Resolves mentions in text order; remembers who spoke, for pronouns."""

    def __init__(self, doc: Doc, entities: list[Entity]) -> None:
        self.doc = doc
        # One index per article: the rules leave theirs on the doc for the model's records
        # (resolve_unresolved), which takes it off again.
        self.index = doc.user_data.get(_INDEX_KEY)
        if self.index is None:
            self.index = doc.user_data[_INDEX_KEY] = ArticleIndex(doc, entities)
        # Surnames as written and folded, for the source rules' "is this word a known person".
        full = [p for p in self.index.people if len(p.words) >= 2]
        self.known_surnames = frozenset(p.words[-1] for p in full) | frozenset(p.name.split()[-1] for p in full)
        self.history: list[tuple[str, str, int]] = []  # (name, kind: person/group/thing, offset) of each speaker
        self._person_gender: dict[str, str | None] = {p.name: p.gender for p in self.index.people}
        self._entities = _EntityIndex(entities)
        self.documents: dict[str, str] = {}  # document noun -> the last one the article named

    @property
    def last_person(self) -> str | None:
        return next((name for name, kind, _ in reversed(self.history) if kind == "person"), None)

    def role_and_affiliation(self, mention: Mention) -> tuple[str | None, str | None]:
        """The mention's role and affiliation, with an acronym the article spells out expanded
        ("ABHM president" -> "Akhil Bharat Hindu Mahasabha"), as the speaker's name would be; an
        expanded acronym that leads the role is its affiliation ("the AU trade commissioner")."""
        role, stated = mention.role, mention.affiliation
        if stated:
            return role, self._person_named(stated, mention) or self.index.expand_acronym(stated) or stated
        first, _, rest = (role or "").partition(" ")
        expanded = self.index.expand_acronym(first) if rest else None
        return (rest, expanded) if expanded else (role, None)

    def _person_named(self, stated: str, mention: Mention) -> str | None:
        """The full name of the person a one-word affiliation names by surname ("Rosselló's chief of
        staff" -> "Ricardo Rosselló Nevares"), as a speaker named by surname is resolved."""
        name = person_name(stated.split())  # "Mr. Netanyahu" -> "Netanyahu"
        words = tuple(fold(name).split())
        if len(words) != 1 or not name[:1].isupper() or country_named(name):
            return None
        # The surname or the full name tagged as a person's somewhere, not only as an organisation's
        # ("India" of "Air India Express", "Democratic" of a headline read as a name).
        tagged = self.index.tagged_people
        surnamed = [p for p in self.index.people_with(words, mention.span[0]) if words[0] in p.words[1:]
                    and (words in tagged or p.words in tagged)]
        return surnamed[0].name if len(surnamed) == 1 else None

    def resolve(self, mention: Mention, *, quoted_speaker: str | None = None) -> tuple[str, bool]:
        """(speaker name, resolved from elsewhere) for ``mention``; then remember who spoke."""
        text = mention.name
        name, kind = self._resolve(mention, quoted_speaker)
        if kind:
            self.history.append((name, kind, mention.span[0]))
        return name, name != text

    def resolve_span(self, span: Span, *, quoted_speaker: str | None = None) -> tuple[Mention, str] | None:
        """A source given only as characters (the trained model's): its mention and speaker."""
        chars = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        if chars is None or len(chars) == 0:
            return None
        mention = source_mention(chars.root, lo=chars.start, hi=chars.end, known_people=self.known_surnames)
        name, _ = self.resolve(mention, quoted_speaker=quoted_speaker)
        return mention, name

    def _resolve(self, mention: Mention, quoted_speaker: str | None, *, group: bool = True) -> tuple[str, str | None]:
        conjuncts = self._conjuncts(mention) if group else None  # "Both he and the commissioner"
        if mention.is_pronoun and not conjuncts:
            return self._pronoun(mention, quoted_speaker)
        if conjuncts:
            if len(conjuncts) == 1:
                return conjuncts[0]  # "American academic and professor Marc Lamont Hill": one person
            return " and ".join(name for name, _ in conjuncts), "group"
        earlier = self._demonstrative(mention)
        if earlier is not None:
            return earlier  # "However, this person also said": the one who spoke last
        if is_document(mention):
            document = self._document(mention)
            if document is not None:
                return document, "thing"
        person = self._person(mention)
        if person is not None:
            return person, "person"
        described = self._description(mention)
        if described is not None:
            return described
        text = _without_determiner(self.doc, mention)
        expanded = self.index.expand_acronym(text)
        if expanded:
            return expanded, "thing"
        alias = self.index.aliases.get(fold(text))
        if alias and len(text.split()) == 1 and self.index.spelled_out(alias):
            return alias, "thing"  # "the US" -> "United States"; a spelled-out name stays as it is
        head = mention.head
        kind = "group" if head.tag_ in {"NNS", "NNPS"} else "thing"
        if mention.person and head.pos_ != "PROPN" and names_a_person(head) or _one_of_people(head):
            kind = "person"  # "a source", "the official", "One of the children": may be "he" later on
        return mention.name, kind

    # -- the kinds of mention -------------------------------------------------------------------

    def _pronoun(self, mention: Mention, quoted_speaker: str | None) -> tuple[str, str | None]:
        text = mention.name
        kind, gender = pronoun_kinds().get(text.lower(), ("other", None))
        if kind == "self" and quoted_speaker:
            return quoted_speaker, None
        if kind == "relative":
            antecedent = _antecedent(mention.head)
            if antecedent is not None:
                return self._resolve(source_mention(antecedent, known_people=self.known_surnames), quoted_speaker)
            return text, None
        if kind == "person":
            name = self._person_meant(mention.head, gender)
            return (name, "person") if name else (text, None)
        if kind == "group":
            subject = _plural_subject_before(mention.head)
            if subject is not None:
                # "State prosecutors charged the suspect …, they said": the sentence's own subject.
                return self._resolve(source_mention(subject, hi=mention.start, known_people=self.known_surnames),
                                     quoted_speaker)
        if kind == "thing":
            subject = _organisation_subject_before(mention.head)
            if subject is not None:
                # "The federation released a statement. It read, …": the last sentence's organisation.
                return self._resolve(source_mention(subject, known_people=self.known_surnames), quoted_speaker)
        if kind in {"group", "thing"}:
            wanted = {"group", "thing"}
            for name, was, _ in reversed(self.history):
                if was in wanted:
                    return name, was
        return text, None

    def remember_documents(self, cue: Token, speaker: str) -> None:
        """"Trump, in a statement delivered via the press secretary, announced …": a later bare
        "the statement" is the speaker's."""
        kind = next((was for name, was, _ in reversed(self.history) if name == speaker), None)
        for prep in cue.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"in", "through"}:
                continue
            for obj in prep.children:
                noun = obj.lemma_.lower()
                owned = any(c.dep_ == "poss" and c.lower_ not in _OWN_POSSESSIVES for c in obj.children)
                if obj.dep_ == "pobj" and obj.pos_ == "NOUN" and noun in document_nouns() and not owned:
                    self.documents[noun] = f"{speaker}'s {noun}" if kind == "person" else f"{speaker} {noun}"

    def _demonstrative(self, mention: Mention) -> tuple[str, str] | None:
        """"this person", "these videos": the last speaker of that kind ("One of the children …
        However, this person also said"; "According to videos posted online … According to these videos")."""
        head = mention.head
        first = self.doc[mention.start]
        if first.lower_ not in _DEMONSTRATIVES or head.pos_ != "NOUN" or mention.end - mention.start != 2:
            return None
        if head.tag_ == "NN" and names_a_person(head):
            return next(((name, was) for name, was, _ in reversed(self.history) if was == "person"), None)
        word = fold(head.text)
        return next(((name, was) for name, was, _ in reversed(self.history)
                     if was in {"group", "thing"} and fold(name).split()[0:1] == [word]), None)

    def _document(self, mention: Mention) -> str | None:
        """"the WHO's website" -> "World Health Organization website"; a later "the website" is it."""
        kind = mention.head.lemma_.lower()
        name = document_name(mention, self._owner)
        if name is not None:
            self.documents[kind] = name
            return name
        if bare_definite(mention):
            return self.documents.get(kind) or self._document_named_before(mention)
        return None

    def _document_named_before(self, mention: Mention) -> str | None:
        """"The document" when no source named one: the last document of that kind the text gave an
        owner ("a sensitive Environment Canada document was found … The document detailed")."""
        kind = mention.head.lemma_.lower()
        for token in reversed(self.doc[: mention.start]):
            if token.lemma_.lower() == kind and owned_document(token):
                named = source_mention(token, known_people=self.known_surnames)
                return document_name(named, self._owner)
        return None

    def _owner(self, token: Token) -> tuple[str, str | None]:
        hi = token.i + 1 if token.dep_ == "poss" else None
        mention = source_mention(token, hi=hi, known_people=self.known_surnames)
        while mention.start < mention.end - 1 and self.doc[mention.start].dep_ == "det":
            mention.start += 1  # "data from the World Health Organisation": the owner without "the"
        name, kind = self._resolve(mention, None, group=False)
        if kind != "person":
            name = self.index.aliases.get(fold(name), name)  # "World Health Organisation" -> "… Organization"
        return name, kind

    def _person(self, mention: Mention) -> str | None:
        """The canonical name of the person the mention names, if it names one."""
        doc = self.doc
        words = self._name_words(mention) or _given_name_tail(doc, mention)
        if not words:
            return None
        folded = tuple(fold(" ".join(words)).split())
        full = self.index.best_person(folded, mention.span[0])
        if full is not None:
            return full.name
        known = self.index._by_words.get(folded)
        if known is not None:
            return known.name
        if mention.person or len(words) >= 2 and _person_like(words) and (
                words[0] in given_names() or not self._labelled_non_person(mention)):
            name = " ".join(words)
            person = self.index.add_person(name, mention.span[0])
            if person is not None:
                person.gender = person.gender or given_names().get(words[0])
                self._person_gender.setdefault(person.name, person.gender)
                if mention.role:  # "El Paso mayor": the affiliation's words help find "the El Paso mayor" later
                    words = " ".join(w for w in (mention.affiliation, mention.role) if w)
                    person.roles.append((mention.span[0], fold(words)))
                return person.name
        return None

    def _labelled_non_person(self, mention: Mention) -> bool:
        """The tagger called the mention's name a place, organisation or work ("White House")."""
        return any(t.ent_type_ in _NOT_PERSON_LABELS for t in self.doc[mention.start : mention.end])

    def _name_words(self, mention: Mention) -> list[str] | None:
        """The words of the person's name inside the mention: the tagger's PERSON inside a longer
        phrase ("Broadcaster Piers Morgan", "an attendee Om Prakash"), else a proper-noun name."""
        doc = self.doc
        tokens = doc[mention.start : mention.end]
        persons = [ent for ent in self.index.ents  # Span.ents would rebuild every entity of the doc
                   if mention.start <= ent.start and ent.end <= mention.end and ent.label_ in _PERSON_LABELS]
        if persons:
            ent = _full_name_span(min(persons, key=lambda e: abs(e.root.i - mention.head.i)))
            return person_name(ent.text.split()).split() or None
        head = mention.head
        # A capitalised word the tagger took for a common noun may still be a surname the
        # article gave in full ("Mijares claimed", tagged NOUN at the start of a sentence).
        known = head.text[:1].isupper() and any(fold(head.text) in p.words for p in self.index.people)
        if head.pos_ != "PROPN" and not (head.text[:1].isupper() and head.ent_type_) and not known:
            return None
        start = mention.start if mention.name_start is None else mention.name_start
        end = mention.end if mention.name_end is None else mention.name_end
        while start < end - 1 and doc[start].dep_ == "det":
            start += 1
        start = _name_tail(doc, start, end)
        words = doc[start:end].text.split()
        if any(w.lower() in {"and", "&"} for w in words):
            return None
        name = person_name(words).split()
        return name if name and all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in name) else None

    def _description(self, mention: Mention) -> tuple[str, str] | None:
        """"the mayor", "Niger's president" -> the person with that role; "the agency" -> the
        organisation with that head word."""
        head = mention.head
        bare_org = mention.end - mention.start == 1 and fold(head.text) in bare_org_nouns()
        # "the mayor", and "The President" (a title word the tagger took for a name)
        if not (head.pos_ == "NOUN" and head.tag_ == "NN" or head.pos_ == "PROPN" and head.text in titles() or bare_org):
            return None
        named = self._named_appositive(mention)
        if named is not None:
            return named, "person"  # "the El Paso mayor, Dee Margo,"
        owner = next((t for t in head.lefts if t.dep_ == "poss" and t.lower_ in {"his", "her"} and t.i >= mention.start), None)
        if owner is not None:
            # "his office" -> "Elijah Cummings's office": the owner is whom "his" refers to.
            name = self._person_meant(owner, "m" if owner.lower_ == "his" else "f")
            if name:
                rest = self.doc[owner.i + 1 : mention.end].text
                return f"{name}'s {rest}", "thing"
        lefts = [t for t in head.lefts if t.i >= mention.start]
        determined = any(t.lower_ in _DEFINITE or t.dep_ == "poss" for t in lefts)
        if not determined and not bare_org and not any(t.pos_ == "PROPN" for t in lefts):
            return None
        modifiers = [fold(t.text) for t in self.doc[mention.start : mention.end]
                     if t.i != head.i and not t.is_punct and t.lower_ not in _DEFINITE and t.dep_ != "case"]
        word = fold(head.text) if bare_org else fold(head.lemma_)
        if word.capitalize() in org_words() or word in org_nouns():
            # "Police said", "the agency": an organisation, never a person whose role names it
            # ("police chief Greg Allen", "Coast Guard Commandant …").
            org = self.index.org_with_head(word, mention.span[0])
            adjectives = [t.text for t in lefts if t.dep_ in {"amod", "compound"}]
            named = country_named(adjectives[0]) if word in _STATE_NOUNS and len(modifiers) == len(adjectives) == 1 else None
            spelled = f"{word} of {_with_article(named)}" if named else None
            if spelled and self.index.spelled_out(spelled):
                return spelled, "thing"  # "the Samoan government": the fuller name the article gives
            if word in _STATE_NOUNS and not modifiers:
                # A bare "the government" is the country's ("government of Fiji"), unless the article
                # named another kind ("the Conservative government").
                country = self.index.country_in(org) if org else None
                if org is None or country:
                    country = country or self.index.main_country()
                    if country:
                        return f"{word} of {_with_article(country)}", "thing"
            if org is None and word in outlet_nouns():
                org = self.index.last_outlet(mention.span[0])  # "The industry publication" -> "The Aviation Herald"
            return (org, "thing") if org is not None else None
        person = self.index.person_with_role(word, modifiers, mention.span[0])
        if person is not None:
            return person.name, "person"
        office = " ".join([*modifiers, word])
        if office in _NATIONAL_OFFICES and self.doc[mention.start].lower_ == "the":
            # An office-holder the article never names: "the prime minister" of its country.
            country = self.index.main_country()
            if country:
                return f"{self.doc[mention.start + 1 : mention.end].text} of {_with_article(country)}", "person"
        return None

    def _named_appositive(self, mention: Mention) -> str | None:
        """A person's name in apposition to a description: "the El Paso mayor, Dee Margo"."""
        for child in mention.head.rights:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i - mention.head.i <= 4:
                sub = source_mention(child, lo=child.left_edge.i, known_people=self.known_surnames)
                sub.person = True
                return self._person(sub)
        return None

    def _conjuncts(self, mention: Mention) -> list[tuple[str, str | None]] | None:
        """"Kimberly-Clark and Solaris Paper", "Both the district and the police": each named, with
        its kind. A bare singular role ("academic and professor Marc Lamont Hill") describes the
        named conjunct and is no member of its own."""
        head = mention.head
        conj = [c for c in head.children if c.dep_ == "conj" and mention.start <= c.i and c.i - head.i <= 12
                and c.pos_ in {"PROPN", "NOUN"} and not any(t.is_sent_start for t in self.doc[head.i + 1 : c.i + 1])]
        if not conj and head.dep_ in {"nsubj", "nsubjpass"}:
            # "Kimberly-Clark, which makes …, and Solaris Paper … emphasized": the parser made the
            # second name a subject of its own; the "and" on the first joins them.
            joined = [c for c in head.children if c.dep_ == "cc" and c.i > head.i]
            conj = [c for c in head.head.children if c.dep_ == head.dep_ and joined and c.i > joined[0].i
                    and c.pos_ in {"PROPN", "NOUN"} and c.i - head.i <= 16]
        if not conj or head.pos_ not in {"PROPN", "NOUN"} and head.lower_ not in {"he", "she"}:
            return None
        names = []
        parts = [head, *conj]
        if any(p.pos_ == "PROPN" for p in parts):
            parts = [p for p in parts if not _bare_role(p)]
        if any(not _can_speak(p) for p in parts):
            return None  # "Biden's running mate and ultimate nomination": no group of speakers
        for part in parts:
            sub = source_mention(part, lo=mention.start, hi=max(mention.end, part.i + 1), known_people=self.known_surnames)
            if part is head:
                stop = min((c.left_edge.i for c in head.children if c.dep_ in {"cc", "conj", "punct"} and c.i > head.i),
                           default=sub.end)
                sub.end = min(sub.end, stop)
                if sub.name_end is not None:
                    sub.name_end = min(sub.name_end, stop)
            while sub.start < sub.end - 1 and self.doc[sub.start].dep_ in {"preconj", "det", "cc"} \
                    and self.doc[sub.start].lower_ not in _DEMONSTRATIVES:
                sub.start += 1  # "Both the district and the police" -> "district", "police"
            if sub.name_start is not None:
                sub.name_start = max(sub.name_start, sub.start)
            name, kind = self._resolve(sub, None, group=False)
            names.append((name, kind))
        return names if names and all(name for name, _ in names) else None

    def _person_meant(self, pronoun: Token, gender: str | None) -> str | None:
        """Whom "he", "she", "his" or "her" means: the last speaker who agrees, unless the story
        has since moved to another person as a subject ("Prime Minister Johnson was questioned …
        He said"); before anyone has spoken, the last person named."""
        spoke = next(((name, at) for name, was, at in reversed(self.history)
                      if was == "person" and self._person_gender.get(name) in (None, gender)), None)
        subject = self._recent_subject(pronoun, gender)
        if subject is not None and (spoke is None or subject[1] > spoke[1] and subject[2]):
            return subject[0]
        if spoke is not None:
            return spoke[0]
        return self._last_person_mentioned(pronoun.idx, gender)

    def _recent_subject(self, pronoun: Token, gender: str | None) -> tuple[str, int, bool] | None:
        """(name, offset, fresh) of the last person who is the subject of a clause in the
        pronoun's sentence or the one before; fresh when no speaker was named since."""
        doc = self.doc
        start = pronoun.i
        for _ in range(2):  # back to the start of the previous sentence
            while start > 0 and not doc[start].is_sent_start:
                start -= 1
            if start > 0:
                start -= 1
        for lo, hi in reversed(self._subject_names(start, pronoun.i)):
            words = tuple(fold(person_name(doc[lo:hi].text.split())).split())
            person = self.index._by_words.get(words)
            person = self.index.best_person(words, doc[lo].idx) if person is None or len(words) < 2 else person
            if person is None or person.gender not in (None, gender):
                continue
            fresh = not any(at >= doc[lo].idx for _, _, at in self.history)
            return person.name, doc[lo].idx, fresh
        return None

    def _subject_names(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Token ranges of the proper-name subjects between tokens ``lo`` and ``hi``: people the
        tagger found, and names it missed or took for something else ("Cummings had been sick"),
        which count only when the article named that person."""
        found = [(ent.start, ent.end) for ent in self.index.ents
                 if lo <= ent.start and ent.end <= hi and ent.label_ in _PERSON_LABELS
                 and ent.root.dep_ in {"nsubj", "nsubjpass"}]
        for token in self.doc[lo:hi]:
            if token.dep_ in {"nsubj", "nsubjpass"} and token.pos_ == "PROPN" and token.ent_type_ not in _PERSON_LABELS:
                first = token
                while first.i > lo and self.doc[first.i - 1].dep_ == "compound" and self.doc[first.i - 1].pos_ == "PROPN":
                    first = self.doc[first.i - 1]
                found.append((first.i, token.i + 1))
        return sorted(found)

    def _last_person_mentioned(self, offset: int, gender: str | None) -> str | None:
        """The last person named before ``offset`` whose gender agrees (before anyone has spoken)."""
        best = None
        for person in self.index.people:
            if person.first < offset and person.gender in (None, gender) and len(person.words) >= 2:
                if best is None or person.first > best.first:
                    best = person
        return best.name if best else None

    def entity_id(self, span: Span, name: str) -> str | None:
        return self._entities.find(span, name)


@lru_cache(maxsize=None)
def role_synonyms() -> dict[str, tuple[str, ...]]:
    return {row[0]: tuple(row[1].split("|")) for row in load_tsv("role_synonyms_en.tsv") if len(row) > 1}


# Offices of a state: unnamed, "the prime minister" is the "prime minister of Fiji".
_NATIONAL_OFFICES = frozenset({"prime minister", "president", "premier", "chancellor", "foreign minister",
                               "king", "queen"})
# Bodies named after their country: "the government" is the "government of Samoa".
_STATE_NOUNS = frozenset({"government"})


_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
# Possessives that point back at the speaker ("in its statement"), not at another owner.
_OWN_POSSESSIVES = frozenset({"his", "her", "its", "their"})


def _one_of_people(head: Token) -> bool:
    """"One of the children", "one of the officers": a person."""
    if head.lower_ != "one":
        return False
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return obj is not None and names_a_person(obj)


def _bare_role(token: Token) -> bool:
    """A singular common noun with no determiner, number or name of its own: "academic" in
    "American academic and professor Marc Lamont Hill"."""
    return token.tag_ == "NN" and not any(c.dep_ in {"det", "poss", "nummod"} or c.pos_ == "PROPN"
                                          for c in token.lefts)


def _with_article(country: str) -> str:
    """"the Philippines", "the United States", but "Samoa"."""
    return f"the {country}" if country.endswith("s") or country.split()[0] in {"United", "Republic", "Czech"} else country


@lru_cache(maxsize=None)
def given_names() -> dict[str, str]:
    """Given name -> the gender of the pronoun that usually refers back to its bearer."""
    return {row[0]: row[1] for row in load_tsv("given_names_en.tsv")}


def _can_speak(head: Token) -> bool:
    """A name, a person, an organisation or a document: what may be one member of a group
    speaker ("the Hammons plan and the Buttigieg plan"; not "ultimate nomination")."""
    word = head.lemma_.lower()
    return (head.pos_ in {"PROPN", "PRON"} or head.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
            or head.tag_ in {"NNS", "NNPS"} or names_a_person(head) or word.endswith(_AGENT_SUFFIXES)
            or word in org_words() or word in org_nouns() or word in document_nouns()
            or any(c.dep_ in {"compound", "poss"} and c.pos_ == "PROPN" for c in head.children))


# Nouns of someone who does something ("partner", "governor", "applicant"): people, not abstractions.
_AGENT_SUFFIXES = ("er", "or", "ant", "ent")


def _person_like(words: list[str]) -> bool:
    """A run of two to four capitalised words with no organisation word: a name the tagger may
    have mislabelled ("Wanda Vázquez Garced" as ORG)."""
    if not 2 <= len(words) <= 4 or any(w in org_words() for w in words):
        return False
    if country_named(words[-1]) and words[0] not in given_names():
        return False  # "Environment Canada", "Radio France"; but "Michael Jordan"
    caps = [w for w in words if w.lower() not in _NAME_PARTICLES]
    return len(caps) >= 2 and all(w[:1].isupper() and not w.isupper() and w.rstrip(".") not in titles() for w in caps)


def _full_name_span(ent):
    """The tagger's PERSON span grown over the name words it cut off: "Superintendent Graciano |
    Mijares", "Arnel | dela Vega"."""
    doc = ent.doc
    start, end = ent.start, ent.end
    if end - start >= 3 and start > 0 and doc[start - 1].lower_ == "of":
        start += 1  # "Secretary of | State Mike Pompeo", "First Minister of | Scotland Nicola Sturgeon"
    while end < len(doc) and _continues_name(doc[end]) and doc[end - 1].whitespace_ \
            and not _starts_other_entity(doc[end], ent.label_):
        end += 1
    # Leftwards only over a given name the tagger left out of a one-word name ("Sadiq | Khan") or
    # before a particle it started at ("Arnel | dela Vega").
    before = doc[start - 1] if start > 0 else None
    if (end - start == 1 or doc[start].lower_ in _NAME_PARTICLES) and before is not None and before.ent_type_ == "" \
            and (_continues_name(before) or before.is_sent_start and before.dep_ == "compound" and before.head.i >= start
                 and _name_word(before)):
        start -= 1
    while start >= 2 and doc[start - 1].text in {"-", "‐"} and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].text[:1].isupper():
        start -= 2  # "Lars-Erik | Dahl"
    if end - start == 1 and start > 0 and doc[start - 1].text in regnal_titles():
        start -= 1  # "Pope | Francis"
    while ent.label_ in _PERSON_LABELS and end - start >= 2 and doc[start].pos_ in _NOT_NAME_POS \
            and doc[start].lower_ not in _NAME_PARTICLES:
        start += 1  # "Certainly | Donald Trump": a sentence's first word the tagger took into the name
    return doc[start:end]


def _given_name_tail(doc: Doc, mention: Mention) -> list[str] | None:
    """A name ending a long description the tagger left unlabelled, from a known given name on
    ("Executive director of the Dallas chapter of the Council … Alia Salem")."""
    tokens = [t for t in doc[mention.start : mention.end] if not t.is_space]
    for k in range(len(tokens) - 2, 0, -1):
        tail = tokens[k:]
        if tokens[k].text in given_names() and 2 <= len(tail) <= 3 and all(t.is_title and t.is_alpha for t in tail):
            return [t.text for t in tail]
    return None


def _starts_other_entity(token: Token, label: str) -> bool:
    """A new entity begins at ``token``: "Secretary of State (ORG) | Mike Pompeo (PERSON)" are two."""
    return token.ent_iob_ == "B" and not (label in _PERSON_LABELS and token.ent_type_ in _PERSON_LABELS)


def _untagged_name_runs(doc: Doc):
    """Runs of two to four capitalised proper nouns the tagger gave no label ("Recep Tayyip Erdoğan")."""
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].ent_type_ == "" and doc[j].text[:1].isupper() \
                and doc[j].is_alpha:
            j += 1
        if 2 <= j - i <= 4 and doc[j - 1].dep_ not in {"compound"}:
            yield doc[i:j]
        i = max(j, i + 1)


def _continues_name(token: Token) -> bool:
    return (token.pos_ == "PROPN" and token.text[:1].isupper() and token.ent_type_ not in _NOT_NAME_LABELS
            and not token.is_sent_start and token.text.rstrip(".") not in titles())


def _name_tail(doc: Doc, start: int, end: int) -> int:
    """Where the person's name starts at the end of a longer run of capitalised words: "Mayor of
    London Sadiq Khan", "an attendee Om Prakash", "Former US Ambassador ... Nikki Haley"."""
    i = end
    while i > start and _name_word(doc[i - 1]):
        if i < end and doc[i - 1].ent_type_ == "ORG" and doc[i].ent_type_ != "ORG":
            break  # "Secretary of State | Mike Pompeo"
        i -= 1
        if i - 2 >= start and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
            i -= 1  # "Lars-Erik": the hyphen joins two parts of one given name
    return i if end - i >= 2 and i > start else start


def _name_word(token: Token) -> bool:
    return ((token.text[:1].isupper() or token.lower_ in _NAME_PARTICLES) and token.ent_type_ in {"", "PERSON", "ORG"}
            and token.text.rstrip(".") not in titles() and token.text not in org_words() and token.is_alpha)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    return all(w in longer for w in shorter)


def _without_determiner(doc: Doc, mention: Mention) -> str:
    tokens = [t for t in doc[mention.start : mention.end]]
    while tokens and (tokens[0].dep_ == "det" or tokens[0].lower_ in _DEFINITE):
        tokens = tokens[1:]
    return doc[tokens[0].i : tokens[-1].i + 1].text if tokens else mention.name


def _plural_subject_before(pronoun: Token) -> Token | None:
    """The nearest plural noun that is a subject earlier in the pronoun's own sentence."""
    doc = pronoun.doc
    i = pronoun.i - 1
    while i >= 0 and not doc[i + 1].is_sent_start:
        tok = doc[i]
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.tag_ in {"NNS", "NNPS"}:
            return tok
        i -= 1
    return None


def _organisation_subject_before(pronoun: Token) -> Token | None:
    """The subject of the sentence just before, when "it" opens its sentence and that subject is an
    organisation ("NASA interrupted its coverage … It also credited …")."""
    doc = pronoun.doc
    if not pronoun.is_sent_start or pronoun.i == 0:
        return None
    root = doc[pronoun.i - 1].sent.root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON" or subject.ent_type_ == "PERSON":
        return None
    organisation = subject.ent_type_ == "ORG" or subject.lemma_.lower() in org_words()
    return subject if organisation and subject.tag_ not in {"NNS", "NNPS"} else None


def _antecedent(pronoun: Token) -> Token | None:
    """The noun a relative clause hangs on: "the minister, who said" -> "minister". Where the
    parser did not make the clause a relative one ("according to CNN who reported …", "an
    agreement, according to which …"), the noun right before the pronoun and its "according to"."""
    clause = pronoun.head
    if clause.dep_ == "relcl" and clause.head.pos_ in {"NOUN", "PROPN"}:
        return clause.head
    doc, i = pronoun.doc, pronoun.i - 1
    while i >= 0 and (doc[i].is_punct and doc[i].text == "," or doc[i].lower_ in {"according", "to"}):
        i -= 1
    if i < 0 or doc[i].pos_ not in {"NOUN", "PROPN"}:
        return None
    noun = doc[i]
    while noun.dep_ in {"compound", "flat"} and noun.head.i > noun.i:
        noun = noun.head
    return noun


class _EntityIndex:
    """Entity lookup by mention offsets (bisect over sorted mentions) and by name or alias."""

    def __init__(self, entities: list[Entity]) -> None:
        mentions = sorted((s, e, ent.id, ent.kind) for ent in entities for s, e in ent.mentions)
        self.starts = [m[0] for m in mentions]
        self.mentions = mentions
        self.by_name: dict[str, str] = {}
        for ent in entities:
            for alias in [ent.name, *ent.aliases]:
                self.by_name.setdefault(fold(alias), ent.id)

    def find(self, span: Span, name: str) -> str | None:
        start, end = span
        lo = bisect_left(self.starts, start - 200)
        hi = bisect_right(self.starts, end)
        for s, e, ent_id, kind in self.mentions[lo:hi]:
            overlap = min(e, end) - max(s, start)
            # A person named in the source is the speaker; a place or group named inside a longer
            # description is not ("Ukrainians at the front" are not Ukraine, "officials in Moscow"
            # are not Russia), unless it makes up most of the mention.
            if overlap > 0 and (kind == "PERSON" or 2 * overlap >= end - start):
                return ent_id
        return self.by_name.get(fold(name))


def resolve_unresolved(doc: Doc, attributions: list, entities: list[Entity]) -> None:
    """Give a speaker to every record that has a source but none yet (the trained model's), with
    the speakers before it in the text as the history its pronouns look back on."""
    if not any(a.speaker is None and a.source is not None for a in attributions):
        doc.user_data.pop(_INDEX_KEY, None)
        return
    resolver = SpeakerResolver(doc, entities)
    by_id = {a.id: a for a in attributions}
    for record in sorted((a for a in attributions if a.source is not None), key=lambda a: a.source.spans[0][0]):
        if record.speaker is not None:
            kind = "person" if resolver.index._by_words.get(tuple(fold(record.speaker.name).split())) else "thing"
            resolver.history.append((record.speaker.name, kind, record.source.spans[0][0]))
            continue
        parent = by_id.get(record.parent) if record.parent else None
        quoted_by = parent.speaker.name if parent is not None and parent.speaker else None
        found = resolver.resolve_span(tuple(record.source.spans[0]), quoted_speaker=quoted_by)
        if found is None:
            continue
        mention, name = found
        role, affiliation = resolver.role_and_affiliation(mention)
        record.speaker = Speaker(name=name, role=role, affiliation=affiliation,
                                 entity=resolver.entity_id(mention.span, name))
    doc.user_data.pop(_INDEX_KEY, None)  # the doc may be extracted again (eval runs several methods on one parse)
