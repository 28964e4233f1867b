"""Quantities: exact numbers, ranges and hedged or vague figures as intervals with unit and referent.

A figure is a number ("12", "3.5 million", "$2bn", "twenty-five"), a vague plural ("millions",
"hundreds of thousands"), a range ("between 10,000 and 12,000", "10-12") or a ratio ("1 in 4",
a share). Around it saywho reads a hedge before it ("up to", "more than", "about"), a currency, a
unit after it ("%", "dollars") and what is counted: the noun after the number ("12 soldiers" ->
soldiers) or after "of" ("millions of artillery shells"); for a share, the referent ("50% of
Moscow's war needs"). Every word list and interval convention lives in ``data/quantities_en.tsv``.
Dates, times, ordinals, years, labels ("No. 2") and numbers inside names are skipped.
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
    ranges: dict[str, str] = field(default_factory=dict)  # first word ("between") -> connector ("and")
    connectors: frozenset[str] = frozenset()  # bare connectors between two figures ("to", "-")
    changes: frozenset[str] = frozenset()
    ratios: dict[tuple[str, ...], str] = field(default_factory=dict)
    markers: frozenset[str] = frozenset()
    starters: frozenset[str] = frozenset()  # words that may begin a figure


@dataclass
class _Figure:
    """A figure found at tokens [start, end): its interval before any hedge."""

    start: int
    end: int
    low: float | None  # None once a hedge leaves a side open ("up to")
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    multiplier: float = 1.0  # the magnitude the figure carries ("million"), for ranges
    vague: bool = False
    exact: bool = True
    spelled: bool = False
    unit: str | None = None
    scale: float = 1.0
    hedge: str | None = None  # a hedge written on the number ("~300")
    ratio: bool = False  # a share written as "1 in 4"


def find_quantities(doc: Doc) -> list[Quantity]:
    """Every figure in ``doc`` as an interval, ids q1, q2, ... in text order."""
    words = _words()
    # white space tokens ("1\xa0percent") are left out, so "1 percent" reads as one figure
    toks = [t for t in doc if not t.is_space]
    skip, dates = _masks(doc, toks)
    lowers = [t.lower_ for t in toks]
    quantities: list[Quantity] = []
    i = 0
    while i < len(toks):
        # cheap test first: only a digit or a number word can start a figure
        starts = lowers[i][:1] in "0123456789~." or lowers[i] in words.starters
        starts = starts and not skip[i] and not _numbered(toks, lowers, i, words)
        figure = _figure_at(toks, lowers, i, words) if starts else None
        if figure is None:
            i += 1
            continue
        quantity, end = _quantity(toks, lowers, figure, words, (skip, dates))
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
    connectors, changes, markers = set(), set(), set()
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
        elif kind == "ratio":
            words.ratios[key] = phrase
        elif kind == "marker":
            markers.add(phrase.lower())
    words.connectors, words.changes, words.markers = frozenset(connectors), frozenset(changes), frozenset(markers)
    words.starters = frozenset([*words.numbers, *words.vague, *(key[0] for key in words.several), "a"])
    return words


def _hedge(low: str, high: str, low_inclusive: str, high_inclusive: str) -> Hedge:
    def bound(cell: str) -> float | None:
        return None if cell in ("", "-") else float(cell)

    return Hedge(bound(low), bound(high), low_inclusive == "true", high_inclusive == "true")


def _masks(doc: Doc, toks: list[Token]) -> tuple[list[bool], list[bool]]:
    """For each of ``toks``: no figure starts in it (a name, date, ordinal); it is in a date or time."""
    skip, dates = [False] * len(doc), [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ in SKIP_LABELS:
            skip[ent.start:ent.end] = [True] * (ent.end - ent.start)
        if ent.label_ in DATE_LABELS:
            dates[ent.start:ent.end] = [True] * (ent.end - ent.start)
    return [skip[t.i] for t in toks], [dates[t.i] for t in toks]


# -- figures ------------------------------------------------------------------------------------

def _figure_at(toks: list[Token], lowers: list[str], i: int, words: _Words) -> _Figure | None:
    """The number, vague plural or in-token range that starts at token ``i``, with its magnitudes."""
    lower = toks[i].lower_
    if lower in words.vague:
        return _vague(toks, i, words)
    several = _match(lowers, i, words.several)
    if several and several[1] < len(toks) and toks[several[1]].lower_ in words.magnitudes:
        (low, high), j = words.several[several[0]], several[1]
        figure = _Figure(i, j, low, high, high_inclusive=False, vague=True, exact=False)
        return _magnitudes(toks, figure, words)
    figure = _numeral(toks[i], i, words) or _spelled(toks, i, words)
    return _magnitudes(toks, figure, words) if figure else None


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


def _spelled(toks: list[Token], i: int, words: _Words) -> _Figure | None:
    lower = toks[i].lower_
    following = toks[i + 1].lower_ if i + 1 < len(toks) else ""
    if lower == "a" and (following == "dozen" or (following in words.magnitudes and len(following) > 2)):
        value, end = 1.0, i + 1  # "a million", "a dozen"
        if toks[i + 1].lower_ == "dozen":
            value, end = 12.0, i + 2
    elif lower in words.numbers:
        value, end = words.numbers[lower], i + 1
        # "twenty-five": tens, a hyphen and a unit word
        if (value >= 20 and value % 10 == 0 and end + 1 < len(toks) and toks[end].text == "-"
                and words.numbers.get(toks[end + 1].lower_, 10) < 10):
            value, end = value + words.numbers[toks[end + 1].lower_], end + 2
    else:
        return None
    return _Figure(i, end, value, value, spelled=True)


def _magnitudes(toks: list[Token], figure: _Figure, words: _Words) -> _Figure:
    """Multiply by the magnitude words that follow: "3.5 million", "two hundred thousand", "2 bn"."""
    j = figure.end
    while j < len(toks):
        lower = toks[j].lower_
        attached = toks[j].idx == toks[j - 1].idx + len(toks[j - 1])
        # short magnitudes only written on the number ("$2 m" may be metres, "2 b" a list item)
        if lower not in words.magnitudes or (len(lower) <= 2 and not attached):
            break
        factor = words.magnitudes[lower]
        figure = replace(figure, low=figure.low * factor, high=figure.high * factor, end=j + 1,
                         multiplier=figure.multiplier * factor, spelled=False)
        j += 1
    return figure


def _vague(toks: list[Token], i: int, words: _Words) -> _Figure:
    """A vague plural and the magnitudes it counts: "hundreds of thousands" is [1e5, 1e6)."""
    interval = words.vague[toks[i].lower_]
    figure = _Figure(i, i + 1, interval.low or 0.0, interval.high or 0.0, interval.low_inclusive,
                     interval.high_inclusive, vague=True, exact=False)
    j = i + 1
    while j + 1 < len(toks) and toks[j].lower_ == "of" and toks[j + 1].lower_ in words.vague:
        factor = words.vague[toks[j + 1].lower_].low or 1.0
        figure = replace(figure, low=figure.low * factor, high=figure.high * factor, end=j + 2,
                         multiplier=figure.multiplier * factor)
        j += 2
    return figure


def _hedged(figure: _Figure, hedge: Hedge) -> _Figure:
    return replace(
        figure,
        low=None if hedge.low is None or figure.low is None else figure.low * hedge.low,
        high=None if hedge.high is None or figure.high is None else figure.high * hedge.high,
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

def _quantity(toks: list[Token], lowers: list[str], figure: _Figure, words: _Words,
              masks: tuple[list[bool], list[bool]]) -> tuple[Quantity | None, int]:
    """The quantity built around ``figure`` and the token where the scan goes on."""
    figure, start, hedge, currency = _left(toks, lowers, figure, words, masks[0])
    end, unit, currency, referent = _right(toks, lowers, figure, words, masks, currency)
    if _not_a_quantity(toks, figure, unit, hedge, currency) or _modifier(toks, figure):
        return None, figure.end
    text_start, text_end = toks[start].idx, toks[end - 1].idx + len(toks[end - 1])
    return Quantity(
        id="", text=_text(toks, start, end), low=_number(figure.low, figure.scale),
        high=_number(figure.high, figure.scale), unit=unit, spans=[(text_start, text_end)], referent=referent,
        hedge=hedge, low_inclusive=figure.low_inclusive, high_inclusive=figure.high_inclusive,
    ), end


def _left(toks: list[Token], lowers: list[str], figure: _Figure, words: _Words,
          skip: list[bool]) -> tuple[_Figure, int, str | None, str | None]:
    """A currency sign and a hedge before the figure, or the range it starts: (figure, start, hedge, currency)."""
    start, hedge = figure.start, figure.hedge
    currency = words.currency_before.get(toks[start - 1].text) if start > 0 else None
    if currency:
        start -= 1
    between = start > 0 and lowers[start - 1] in words.ranges
    second = _range_end(toks, lowers, figure, words, skip, first=lowers[start - 1] if between else "")
    if second is not None:
        figure = _combined(figure, second)
        if between:
            start -= 1
        hedge = lowers[start] if between else "range"
    elif hedged := _match_before(lowers, start, words.hedges):
        figure = _hedged(figure, words.hedges[hedged[0]])
        start, hedge = hedged[1], " ".join(hedged[0])
    if figure.vague and hedge is None:
        hedge = "vague plural"
    return figure, start, hedge, currency


def _right(toks: list[Token], lowers: list[str], figure: _Figure, words: _Words,
           masks: tuple[list[bool], list[bool]], currency: str | None) -> tuple[int, str | None, str | None, str | None]:
    """The unit, currency, ratio and counted noun or referent after the figure: (end, unit, currency, referent).
    Sets the figure's unit and scale for a share ("50%", "1 in 4")."""
    skip, dates = masks
    end = figure.end
    if currency is None and figure.unit is None:
        if unit := _match(lowers, end, words.units):
            (figure.unit, figure.scale), end = words.units[unit[0]], unit[1]
        elif after := _match(lowers, end, words.currency_after):
            currency, end = words.currency_after[after[0]], after[1]
        elif ratio := _ratio(toks, lowers, figure, words, skip):
            end = ratio
    if figure.unit is not None:  # a share: what it is a share of
        at = end + 1 if end < len(toks) and lowers[end] == "of" else end
        noun = _noun_phrase(toks, at, dates, referent=True) if at > end or figure.ratio else None
        return (noun[1], figure.unit, currency, _text(toks, at, noun[1])) if noun else (end, figure.unit, currency, None)
    if currency is not None:
        return end, currency, currency, None
    counted = _counted(toks, figure, end, dates)
    if counted is None:
        return end, None, None, None
    unit = _compound(toks, counted)
    return counted[1], words.currency_after.get(tuple(unit.lower().split()), unit), None, None  # "billions of dollars"


def _ratio(toks: list[Token], lowers: list[str], figure: _Figure, words: _Words, skip: list[bool]) -> int | None:
    """"1 in 4", "eight of 10", "one out of every nine": the figure becomes a share; returns its end."""
    link = _match(lowers, figure.end, words.ratios)
    if link is None or figure.vague or None in (figure.low, figure.high) or link[1] >= len(toks) or skip[link[1]]:
        return None
    whole = _figure_at(toks, lowers, link[1], words)
    if whole is None or not whole.exact or whole.low <= figure.high:
        return None  # "killed 12 in 3 raids" is no share
    figure.low, figure.high = figure.low / whole.low, figure.high / whole.low
    figure.unit, figure.ratio, figure.spelled = "share", True, False
    return whole.end


def _range_end(toks: list[Token], lowers: list[str], figure: _Figure, words: _Words, skip: list[bool], *,
               first: str) -> _Figure | None:
    """The second figure of "between X and Y" / "X to Y" / "X-Y", if ``figure`` starts a range."""
    j = figure.end
    if j >= len(toks) or figure.vague or not figure.exact:
        return None
    connector = words.ranges.get(first) if first else (toks[j].text if toks[j].text in words.connectors else None)
    if connector is None or toks[j].lower_ != connector:
        return None
    if not first and figure.start > 0 and toks[figure.start - 1].lower_ in words.changes:
        return None  # "rose from 10 to 12" is a change, not a range
    j += 1
    if j < len(toks) and toks[j].text in words.currency_before:
        j += 1
    second = None if j >= len(toks) or skip[j] else _figure_at(toks, lowers, j, words)
    if second is None or second.vague or not second.exact or second.high <= figure.low:
        return None  # "a 19-15 vote" is a tally, not a range
    return second


def _combined(first: _Figure, second: _Figure) -> _Figure:
    """[first, second]; "between 3 and 4 million" lends the million to the 3."""
    factor = second.multiplier if first.multiplier == 1 and second.multiplier != 1 else 1.0
    return replace(first, high=second.high, end=second.end, low=first.low * factor, exact=False,
                   unit=first.unit or second.unit, scale=second.scale if second.unit else first.scale,
                   spelled=False)


def _counted(toks: list[Token], figure: _Figure, end: int, dates: list[bool]) -> tuple[int, int] | None:
    """What a figure counts: the noun right after it ("12 soldiers"), or after "of" for vague figures."""
    if end < len(toks) and toks[end].lower_ == "of":
        return _noun_phrase(toks, end + 1, dates, referent=False) if figure.vague or figure.multiplier > 1 else None
    return _noun_phrase(toks, end, dates, referent=False)


def _noun_phrase(toks: list[Token], i: int, dates: list[bool], *, referent: bool) -> tuple[int, int] | None:
    """Tokens [i, end) up to the head noun: adjectives and nouns; a referent may also have "the",
    "'s" and a proper noun as head ("50% of Ukraine"), a counted thing has a common noun.
    A date ends the phrase ("millions of dollars last year")."""
    j, head = i, None
    while j < len(toks) and not dates[j]:
        token = toks[j]
        if token.pos_ in NOUNS and not token.like_num:
            if referent or token.pos_ == "NOUN" or token.tag_ == "NNPS":  # "20 million Americans"
                head = j
            if j + 1 < len(toks) and token.pos_ == "NOUN" and toks[j + 1].pos_ == "PROPN":
                break  # "troops Russia sent": a new phrase starts
        elif head is not None and not (referent and token.text in _POSSESSIVE):
            break  # after the head only more nouns or a possessive ("Moscow's war needs")
        elif token.pos_ != "ADJ" and token.text != "-" and token.tag_ not in ("VBN", "VBG") and not (
                referent and (token.pos_ == "DET" or token.text in _POSSESSIVE)):
            break
        j += 1
    return (i, head + 1) if head is not None else None


def _compound(toks: list[Token], phrase: tuple[int, int]) -> str:
    """The head noun and the common nouns just before it: "new artillery shells" -> "artillery shells"."""
    start = phrase[1] - 1
    while start > phrase[0] and toks[start - 1].pos_ == "NOUN":
        start -= 1
    return _text(toks, start, phrase[1])


def _not_a_quantity(toks: list[Token], figure: _Figure, unit: str | None, hedge: str | None, currency: str | None) -> bool:
    """Years ("in 2024"), bare spelled-out numbers ("the two met") and a spelled "one" are not figures."""
    if figure.spelled and figure.low == 1 and not hedge and not currency:
        return True  # "one official", "one of them": an article, not a count
    if unit or hedge or currency or figure.vague or figure.multiplier != 1:
        return False
    if figure.spelled:
        return True
    token = toks[figure.start]
    return figure.end == figure.start + 1 and token.text.isdigit() and len(token.text) == 4 and int(token.text) in YEARS


def _modifier(toks: list[Token], figure: _Figure) -> bool:
    """A number hyphenated to the word after it modifies a noun: "a four-way race", "100-page report"."""
    j = figure.end
    return (j + 1 < len(toks) and toks[j].text == "-" and toks[j].idx == toks[j - 1].idx + len(toks[j - 1])
            and toks[j + 1].is_alpha and figure.unit is None)


def _numbered(toks: list[Token], lowers: list[str], i: int, words: _Words) -> bool:
    """A number that labels or continues something: "No. 2", "Article 5", "800-273-8255"."""
    if i == 0:
        return False
    previous = toks[i - 1]
    attached = previous.idx + len(previous) == toks[i].idx
    marker = lowers[i - 2] + "." if lowers[i - 1] == "." and i > 1 else lowers[i - 1]  # "No" "." "2"
    return marker in words.markers or (attached and previous.text in "-\u2013/" and i > 1 and toks[i - 2].like_num)


def _text(toks: list[Token], start: int, end: int) -> str:
    """The article text of tokens [start, end), spaces between them as written."""
    first, last = toks[start], toks[end - 1]
    return first.doc[first.i:last.i + 1].text  # a Span joins only its own tokens, not the article


def _number(value: float | None, scale: float) -> float | None:
    """The bound in its unit, rounded so that 0.9 * 50 is 45.0 and 50% is 0.5."""
    return None if value is None else float(f"{value * scale:.12g}")
