"""Quantities: exact numbers, ranges and hedged or vague figures as intervals with unit and referent.

A figure is a number ("12", "3.5 million", "$2bn", "twenty-five"), a vague plural ("millions",
"hundreds of thousands") or a range ("between 10,000 and 12,000", "10-12"). Around it saywho reads
a hedge before it ("up to", "more than", "about"), a currency, a unit after it ("%", "dollars")
and what is counted: the noun after the number ("12 soldiers" -> soldiers) or after "of"
("millions of artillery shells"); for a share, the referent ("50% of Moscow's war needs").
Every word list and interval convention lives in ``data/quantities_en.tsv``. Dates, times,
ordinals, years and numbers inside names are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..lexicon import load_tsv
from ..records import Quantity

# Entities whose numbers are not quantities ("March 3", "first", "Channel 4", "Patriot 3").
SKIP_LABELS = frozenset({"DATE", "TIME", "ORDINAL", "PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT",
                         "EVENT", "LAW", "WORK_OF_ART", "LANGUAGE"})
DATE_LABELS = frozenset({"DATE", "TIME"})
NOUNS = frozenset({"NOUN", "PROPN"})
_NUMERAL = re.compile(r"(~?)(\d[\d,]*(?:\.\d+)?|\.\d+)([^\W\d]*|%)")
_NUMERAL_RANGE = re.compile(r"(\d[\d,]*(?:\.\d+)?)[-\u2013\u2014](\d[\d,]*(?:\.\d+)?)")
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
YEARS = range(1800, 2101)


@dataclass(frozen=True)
class Hedge:
    low: float | None  # factor applied to the figure; None leaves the side open
    high: float | None
    low_inclusive: bool
    high_inclusive: bool


@dataclass
class _Words:
    numbers: dict[str, float] = field(default_factory=dict)
    magnitudes: dict[str, float] = field(default_factory=dict)
    vague: dict[str, Hedge] = field(default_factory=dict)  # absolute intervals, factors of 1
    several: dict[tuple[str, ...], tuple[float, float]] = field(default_factory=dict)
    hedges: dict[tuple[str, ...], Hedge] = field(default_factory=dict)
    units: dict[tuple[str, ...], tuple[str, float]] = field(default_factory=dict)
    currency_before: dict[str, str] = field(default_factory=dict)
    currency_after: dict[tuple[str, ...], str] = field(default_factory=dict)
    ranges: dict[str, str] = field(default_factory=dict)  # first word ("" = none) -> connector
    connectors: frozenset[str] = frozenset()
    changes: frozenset[str] = frozenset()
    starters: frozenset[str] = frozenset()  # words that may begin a figure


@dataclass
class _Figure:
    """A figure found at tokens [start, end): its interval before any hedge."""

    start: int
    end: int
    low: float
    high: float
    low_inclusive: bool = True
    high_inclusive: bool = True
    multiplier: float = 1.0  # the magnitude the figure carries ("million"), for ranges
    vague: bool = False
    exact: bool = True
    spelled: bool = False
    unit: str | None = None
    scale: float = 1.0
    hedge: str | None = None  # a hedge written on the number ("~300")


def find_quantities(doc: Doc) -> list[Quantity]:
    """Every figure in ``doc`` as an interval, ids q1, q2, ... in text order."""
    words = _words()
    skip, dates = _masks(doc)
    lowers = [t.lower_ for t in doc]
    quantities: list[Quantity] = []
    i = 0
    while i < len(doc):
        # cheap test first: only a digit or a number word can start a figure
        starts = lowers[i][:1] in "0123456789~." or lowers[i] in words.starters
        figure = _figure_at(doc, lowers, i, words) if starts and not skip[i] else None
        if figure is None:
            i += 1
            continue
        quantity, end = _quantity(doc, lowers, figure, words, (skip, dates))
        if quantity is not None:
            quantity.id = f"q{len(quantities) + 1}"
            quantities.append(quantity)
        i = max(end, i + 1)
    return quantities


# -- the word lists -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _words() -> _Words:
    """``data/quantities_en.tsv`` parsed once per process."""
    words = _Words()
    connectors, changes = set(), set()
    for kind, phrase, *rest in load_tsv("quantities_en.tsv"):
        key = tuple(phrase.lower().split())
        if kind == "number":
            words.numbers[phrase.lower()] = float(rest[0])
        elif kind == "magnitude":
            words.magnitudes[phrase.lower()] = float(rest[0])
        elif kind == "vague":
            words.vague[phrase.lower()] = _hedge(*rest)
        elif kind == "several":
            words.several[key] = (float(rest[0]), float(rest[1]))
        elif kind == "hedge":
            words.hedges[key] = _hedge(*rest)
        elif kind == "unit":
            words.units[key] = (rest[0], float(rest[1]))
        elif kind == "currency" and rest[1] == "before":
            words.currency_before[phrase] = rest[0]
        elif kind == "currency":
            words.currency_after[key] = rest[0]
        elif kind == "range":
            if phrase:
                words.ranges[phrase.lower()] = rest[0]
            else:
                connectors.add(rest[0])
        elif kind == "change":
            changes.add(phrase.lower())
    words.connectors, words.changes = frozenset(connectors), frozenset(changes)
    words.starters = frozenset([*words.numbers, *words.vague, *(key[0] for key in words.several), "a"])
    return words


def _hedge(low: str, high: str, low_inclusive: str, high_inclusive: str) -> Hedge:
    def bound(cell: str) -> float | None:
        return None if cell in ("", "-") else float(cell)

    return Hedge(bound(low), bound(high), low_inclusive == "true", high_inclusive == "true")


def _masks(doc: Doc) -> tuple[list[bool], list[bool]]:
    """Tokens no figure starts in (names, dates, ordinals), and tokens of dates and times."""
    skip, dates = [False] * len(doc), [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ in SKIP_LABELS:
            skip[ent.start:ent.end] = [True] * (ent.end - ent.start)
        if ent.label_ in DATE_LABELS:
            dates[ent.start:ent.end] = [True] * (ent.end - ent.start)
    return skip, dates


# -- figures ------------------------------------------------------------------------------------

def _figure_at(doc: Doc, lowers: list[str], i: int, words: _Words) -> _Figure | None:
    """The number, vague plural or in-token range that starts at token ``i``, with its magnitudes."""
    lower = doc[i].lower_
    if lower in words.vague:
        return _vague(doc, i, words)
    several = _match(lowers, i, words.several)
    if several and several[1] < len(doc) and doc[several[1]].lower_ in words.magnitudes:
        (low, high), j = words.several[several[0]], several[1]
        figure = _Figure(i, j, low, high, high_inclusive=False, vague=True, exact=False)
        return _magnitudes(doc, figure, words)
    figure = _numeral(doc[i], i, words) or _spelled(doc, i, words)
    return _magnitudes(doc, figure, words) if figure else None


def _numeral(token: Token, i: int, words: _Words) -> _Figure | None:
    text = token.text
    in_token = _NUMERAL_RANGE.fullmatch(text)
    if in_token:
        low, high = (float(g.replace(",", "")) for g in in_token.groups())
        return _Figure(i, i + 1, low, high, exact=False, hedge="range") if low < high else None
    match = _NUMERAL.fullmatch(text)
    if not match or not match.group(2).replace(",", "").replace(".", ""):
        return None
    if "," in match.group(2) and not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", match.group(2)):
        return None  # "1,2" is a list, not a number
    value = float(match.group(2).replace(",", ""))
    figure = _Figure(i, i + 1, value, value)
    suffix = match.group(3).lower()
    if suffix in words.magnitudes:
        figure.low = figure.high = value * words.magnitudes[suffix]
        figure.multiplier = words.magnitudes[suffix]
    elif (suffix,) in words.units:
        figure.unit, figure.scale = words.units[(suffix,)]
    elif suffix:
        return None  # "19FortyFive", "3rd", "F16"
    if match.group(1):  # "~300"
        figure = _hedged(figure, words.hedges[("~",)])
        figure.hedge = "~"
    return figure


def _spelled(doc: Doc, i: int, words: _Words) -> _Figure | None:
    lower = doc[i].lower_
    following = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if lower == "a" and (following == "dozen" or (following in words.magnitudes and len(following) > 2)):
        value, end = 1.0, i + 1  # "a million", "a dozen"
        if doc[i + 1].lower_ == "dozen":
            value, end = 12.0, i + 2
    elif lower in words.numbers:
        value, end = words.numbers[lower], i + 1
        # "twenty-five": tens, a hyphen and a unit word
        if (value >= 20 and value % 10 == 0 and end + 1 < len(doc) and doc[end].text == "-"
                and words.numbers.get(doc[end + 1].lower_, 10) < 10):
            value, end = value + words.numbers[doc[end + 1].lower_], end + 2
    else:
        return None
    return _Figure(i, end, value, value, spelled=True)


def _magnitudes(doc: Doc, figure: _Figure, words: _Words) -> _Figure:
    """Multiply by the magnitude words that follow: "3.5 million", "two hundred thousand", "2 bn"."""
    j = figure.end
    while j < len(doc):
        lower = doc[j].lower_
        attached = doc[j].idx == doc[j - 1].idx + len(doc[j - 1])
        # short magnitudes only written on the number ("$2 m" may be metres, "2 b" a list item)
        if lower not in words.magnitudes or (len(lower) <= 2 and not attached):
            break
        factor = words.magnitudes[lower]
        figure = replace(figure, low=figure.low * factor, high=figure.high * factor, end=j + 1,
                         multiplier=figure.multiplier * factor, spelled=False)
        j += 1
    return figure


def _vague(doc: Doc, i: int, words: _Words) -> _Figure:
    """A vague plural and the magnitudes it counts: "hundreds of thousands" is [1e5, 1e6)."""
    interval = words.vague[doc[i].lower_]
    figure = _Figure(i, i + 1, interval.low or 0.0, interval.high or 0.0, interval.low_inclusive,
                     interval.high_inclusive, vague=True, exact=False)
    j = i + 1
    while j + 1 < len(doc) and doc[j].lower_ == "of" and doc[j + 1].lower_ in words.vague:
        factor = words.vague[doc[j + 1].lower_].low or 1.0
        figure = replace(figure, low=figure.low * factor, high=figure.high * factor, end=j + 2,
                         multiplier=figure.multiplier * factor)
        j += 2
    return figure


def _hedged(figure: _Figure, hedge: Hedge) -> _Figure:
    return replace(
        figure,
        low=None if hedge.low is None else figure.low * hedge.low,  # type: ignore[arg-type]
        high=None if hedge.high is None else figure.high * hedge.high,  # type: ignore[arg-type]
        low_inclusive=hedge.low_inclusive,
        high_inclusive=hedge.high_inclusive,
        exact=False,
    )


def _match(lowers: list[str], i: int, table: dict[tuple[str, ...], object]) -> tuple[tuple[str, ...], int] | None:
    """The longest phrase of ``table`` starting at token ``i``: (phrase, end)."""
    for size in (3, 2, 1):
        key = tuple(lowers[i:i + size])
        if len(key) == size and key in table:
            return key, i + size
    return None


def _match_before(lowers: list[str], end: int,
                  table: dict[tuple[str, ...], object]) -> tuple[tuple[str, ...], int] | None:
    """The longest phrase of ``table`` ending just before token ``end``: (phrase, start)."""
    for size in (3, 2, 1):
        if end - size < 0:
            continue
        key = tuple(lowers[end - size:end])
        if key in table:
            return key, end - size
    return None


# -- the quantity around a figure ---------------------------------------------------------------

def _quantity(doc: Doc, lowers: list[str], figure: _Figure, words: _Words,
              masks: tuple[list[bool], list[bool]]) -> tuple[Quantity | None, int]:
    """The quantity built around ``figure`` and the token where the scan goes on."""
    skip, dates = masks
    start, end, hedge_text = figure.start, figure.end, figure.hedge
    currency = words.currency_before.get(doc[start - 1].text) if start > 0 else None
    if currency:
        start -= 1
    between = start > 0 and doc[start - 1].lower_ in words.ranges
    second = _range_end(doc, lowers, figure, words, skip, first=lowers[start - 1] if between else "")
    if second is not None:
        figure = _combined(figure, second)
        end = second.end
        if between:
            start -= 1
            hedge_text = doc[start].lower_
        else:
            hedge_text = "range"
    else:
        hedged = _match_before(lowers, start, words.hedges)
        if hedged:
            figure = _hedged(figure, words.hedges[hedged[0]])
            start, hedge_text = hedged[1], " ".join(hedged[0])
    if figure.vague and hedge_text is None:
        hedge_text = "vague plural"
    if currency is None:
        unit = _match(lowers, end, words.units)
        if unit and figure.unit is None:
            figure.unit, figure.scale = words.units[unit[0]]
            end = unit[1]
        after = _match(lowers, end, words.currency_after)
        if after and figure.unit is None:
            currency, end = words.currency_after[after[0]], after[1]
    unit, referent = currency or figure.unit, None
    if figure.unit is not None and end < len(doc) and doc[end].lower_ == "of":
        noun = _noun_phrase(doc, end + 1, dates, referent=True)
        if noun:
            referent, end = doc[end + 1:noun[1]].text, noun[1]
    elif unit is None:
        counted = _counted(doc, figure, end, dates)
        if counted:
            unit, end = _compound(doc, counted), counted[1]
            unit = words.currency_after.get(tuple(unit.lower().split()), unit)  # "billions of dollars"
    if _not_a_quantity(doc, figure, unit, hedge_text, currency) or _modifier(doc, figure):
        return None, figure.end
    span = doc[start:end]  # Span.text joins only its own tokens; Doc.text would join the article
    text_start, text_end = span.start_char, span.end_char
    return Quantity(
        id="", text=span.text, low=_number(figure.low, figure.scale),
        high=_number(figure.high, figure.scale), unit=unit, spans=[(text_start, text_end)], referent=referent,
        hedge=hedge_text, low_inclusive=figure.low_inclusive, high_inclusive=figure.high_inclusive,
    ), end


def _range_end(doc: Doc, lowers: list[str], figure: _Figure, words: _Words, skip: list[bool], *,
               first: str) -> _Figure | None:
    """The second figure of "between X and Y" / "X to Y" / "X-Y", if ``figure`` starts a range."""
    j = figure.end
    if j >= len(doc) or figure.vague or not figure.exact:
        return None
    connector = words.ranges.get(first) if first else (doc[j].text if doc[j].text in words.connectors else None)
    if connector is None or doc[j].lower_ != connector:
        return None
    if not first and figure.start > 0 and doc[figure.start - 1].lower_ in words.changes:
        return None  # "rose from 10 to 12" is a change, not a range
    j += 1
    if j < len(doc) and doc[j].text in words.currency_before:
        j += 1
    second = None if j >= len(doc) or skip[j] else _figure_at(doc, lowers, j, words)
    if second is None or second.vague or not second.exact or second.high <= figure.low:
        return None  # "a 19-15 vote" is a tally, not a range
    return second


def _combined(first: _Figure, second: _Figure) -> _Figure:
    """[first, second]; "between 3 and 4 million" lends the million to the 3."""
    factor = second.multiplier if first.multiplier == 1 and second.multiplier != 1 else 1.0
    return replace(first, high=second.high, end=second.end, low=first.low * factor, exact=False,
                   unit=first.unit or second.unit, scale=second.scale if second.unit else first.scale,
                   spelled=False)


def _counted(doc: Doc, figure: _Figure, end: int, dates: list[bool]) -> tuple[int, int] | None:
    """What a figure counts: the noun right after it ("12 soldiers"), or after "of" for vague figures."""
    if end < len(doc) and doc[end].lower_ == "of":
        return _noun_phrase(doc, end + 1, dates, referent=False) if figure.vague or figure.multiplier > 1 else None
    return _noun_phrase(doc, end, dates, referent=False)


def _noun_phrase(doc: Doc, i: int, dates: list[bool], *, referent: bool) -> tuple[int, int] | None:
    """Tokens [i, end) up to the head noun: adjectives and nouns; a referent may also have "the",
    "'s" and a proper noun as head ("50% of Ukraine"), a counted thing has a common noun.
    A date ends the phrase ("millions of dollars last year")."""
    j, head = i, None
    while j < len(doc) and not dates[j]:
        token = doc[j]
        if token.pos_ in NOUNS and not token.like_num:
            if referent or token.pos_ == "NOUN":
                head = j
            if j + 1 < len(doc) and token.pos_ == "NOUN" and doc[j + 1].pos_ == "PROPN":
                break  # "troops Russia sent": a new phrase starts
        elif head is not None and not (referent and token.text in _POSSESSIVE):
            break  # after the head only more nouns or a possessive ("Moscow's war needs")
        elif token.pos_ != "ADJ" and token.text != "-" and not (
                referent and (token.pos_ == "DET" or token.text in _POSSESSIVE)):
            break
        j += 1
    return (i, head + 1) if head is not None else None


def _compound(doc: Doc, phrase: tuple[int, int]) -> str:
    """The head noun and the common nouns just before it: "new artillery shells" -> "artillery shells"."""
    start = phrase[1] - 1
    while start > phrase[0] and doc[start - 1].pos_ == "NOUN":
        start -= 1
    return doc[start:phrase[1]].text


def _not_a_quantity(doc: Doc, figure: _Figure, unit: str | None, hedge: str | None, currency: str | None) -> bool:
    """Years ("in 2024"), bare spelled-out numbers ("the two met") and a spelled "one" are not figures."""
    if figure.spelled and figure.low == 1 and not hedge and not currency:
        return True  # "one official", "one of them": an article, not a count
    if unit or hedge or currency or figure.vague or figure.multiplier != 1:
        return False
    if figure.spelled:
        return True
    token = doc[figure.start]
    return figure.end == figure.start + 1 and token.text.isdigit() and len(token.text) == 4 and int(token.text) in YEARS


def _modifier(doc: Doc, figure: _Figure) -> bool:
    """A number hyphenated to the word after it modifies a noun: "a four-way race", "100-page report"."""
    j = figure.end
    return (j + 1 < len(doc) and doc[j].text == "-" and doc[j].idx == doc[j - 1].idx + len(doc[j - 1])
            and doc[j + 1].is_alpha and figure.unit is None)


def _number(value: float | None, scale: float) -> float | None:
    """The bound in its unit, rounded so that 0.9 * 50 is 45.0 and 50% is 0.5."""
    return None if value is None else float(f"{value * scale:.12g}")
