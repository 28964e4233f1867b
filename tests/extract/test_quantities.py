"""Quantities: figures, hedges, ranges and vague plurals as intervals with unit and referent."""

from __future__ import annotations

import collections
import re

import pytest

from saywho.extract.quantities import _words, find_quantities
from saywho.lexicon import load_tsv

INF = None  # an open side of an interval


def only(nlp, text):
    quantities = find_quantities(nlp(text))
    assert len(quantities) == 1, [q.text for q in quantities]
    return quantities[0]


def straight(text):
    return text.replace("’", "'")


# -- data file ----------------------------------------------------------------------------------

def test_quantities_data_file_has_no_duplicates_and_parses():
    # a range row is keyed by its connector too: several bare connectors ("to", "-") share ""
    keys = [row[:3] if row[0] == "range" else row[:2] for row in load_tsv("quantities_en.tsv")]
    assert [k for k, n in collections.Counter(keys).items() if n > 1] == []
    words = _words()
    assert _words() is words
    assert words.vague["millions"].low == 1e6 and words.vague["millions"].high == 1e7
    assert words.hedges[("up", "to")].low is None


def test_quantities_hedges_keep_their_order():
    # a low factor never above the high one: "about" is [0.9v, 1.1v], not the other way round
    for phrase, hedge in _words().hedges.items():
        if hedge.low is not None and hedge.high is not None:
            assert hedge.low <= hedge.high, phrase


# -- the seed article ---------------------------------------------------------------------------

def test_quantities_seed_gold(seed_result, seed_gold):
    found = {q.text: q for q in seed_result.quantities}
    for gold in seed_gold["quantities"]:
        assert gold["text"] in found, f"missing {gold['text']!r}"
        q = found[gold["text"]]
        assert (q.low, q.high, q.unit, q.hedge) == (gold["low"], gold["high"], gold["unit"], gold["hedge"])
        if gold.get("referent"):
            # the gold adds a gloss in brackets: "Moscow’s war needs (ammunition)"
            assert straight(q.referent) == straight(re.sub(r"\s*\(.*\)$", "", gold["referent"]))


def test_quantities_seed_vague_plurals_exclude_their_upper_bound(seed_result):
    vague = [q for q in seed_result.quantities if q.hedge == "vague plural"]
    assert len(vague) == 3
    assert all(q.low_inclusive and not q.high_inclusive for q in vague)


def test_quantities_seed_spans_and_ids(seed_result, seed_text):
    assert [q.id for q in seed_result.quantities] == [f"q{i}" for i in range(1, len(seed_result.quantities) + 1)]
    for q in seed_result.quantities:
        (start, end), = q.spans
        assert seed_text[start:end] == q.text


# -- cases --------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, text, low, high, unit, hedge", [
    # exact numbers
    ("The attack killed 12 soldiers near the border.", "12 soldiers", 12, 12, "soldiers", None),
    ("Exports reached 3.5 million barrels of oil a day.", "3.5 million barrels", 3.5e6, 3.5e6, "barrels", None),
    ("The package is worth $2 billion, officials said.", "$2 billion", 2e9, 2e9, "USD", None),
    ("Kyiv asked for €50 million in aid.", "€50 million", 5e7, 5e7, "EUR", None),
    ("Seoul pledged $2bn in loans.", "$2bn", 2e9, 2e9, "USD", None),
    ("He sent twenty-five tanks to the front.", "twenty-five tanks", 25, 25, "tanks", None),
    ("They paid 40 million dollars for the jets.", "40 million dollars", 4e7, 4e7, "USD", None),
    ("Turnout was 62 percent this time.", "62 percent", 0.62, 0.62, "share", None),
    # ranges
    ("Between 10,000 and 12,000 North Korean soldiers were sent.",
     "Between 10,000 and 12,000 North Korean soldiers", 10000, 12000, "soldiers", "between"),
    ("The damage is between $3 and $4 billion.", "between $3 and $4 billion", 3e9, 4e9, "USD", "between"),
    ("Each unit has 10-12 drones.", "10-12 drones", 10, 12, "drones", "range"),
    # hedges
    ("Pyongyang supplied up to 50% of Moscow's war needs.", "up to 50% of Moscow's war needs", INF, 0.5, "share", "up to"),
    ("More than 12 soldiers died in the strike.", "More than 12 soldiers", 12, INF, "soldiers", "more than"),
    ("At least 300 civilians fled the town.", "At least 300 civilians", 300, INF, "civilians", "at least"),
    ("About 1,000 workers joined the strike.", "About 1,000 workers", 900, 1100, "workers", "about"),
    ("Around 40% of voters agree with him.", "Around 40% of voters", 0.36, 0.44, "share", "around"),
    ("Nearly 3,000 people were evacuated.", "Nearly 3,000 people", 2700, 3000, "people", "nearly"),
    ("Fewer than 100 people came to the rally.", "Fewer than 100 people", INF, 100, "people", "fewer than"),
    ("Some 5,000 troops crossed the river.", "Some 5,000 troops", 4500, 5500, "troops", "some"),
    # vague plurals
    ("Russia fired millions of artillery shells.", "millions of artillery shells", 1e6, 1e7, "artillery shells", "vague plural"),
    ("Pyongyang deployed thousands of troops.", "thousands of troops", 1e3, 1e4, "troops", "vague plural"),
    ("The plant hired hundreds of thousands of new workers.", "hundreds of thousands of new workers",
     1e5, 1e6, "workers", "vague plural"),
    ("Dozens of civilians were hurt.", "Dozens of civilians", 24, 100, "civilians", "vague plural"),
    ("Tens of thousands of refugees crossed.", "Tens of thousands of refugees", 1e4, 1e5, "refugees", "vague plural"),
    ("Several hundred protesters gathered.", "Several hundred protesters", 300, 1000, "protesters", "vague plural"),
    # counted things
    ("The group represents more than 20 million Americans.", "more than 20 million Americans", 2e7, INF,
     "Americans", "more than"),
    ("About 12,000 registered voters were removed.", "About 12,000 registered voters", 10800, 13200, "voters", "about"),
    # ratios are shares
    ("The study found that 1 in 4 residents lived there.", "1 in 4 residents", 0.25, 0.25, "share", None),
    ("Nearly eight of 10 voters say so.", "Nearly eight of 10 voters", 0.72, 0.8, "share", "nearly"),
])
def test_quantities_interval(nlp, sentence, text, low, high, unit, hedge):
    q = only(nlp, sentence)
    assert (q.text, q.low, q.high, q.unit, q.hedge) == (text, low, high, unit, hedge)
    start, end = q.spans[0]
    assert sentence[start:end] == text


@pytest.mark.parametrize("sentence, low_inclusive, high_inclusive", [
    ("More than 12 soldiers died.", False, True),
    ("Fewer than 100 people came.", True, False),
    ("Up to 50 drones were launched.", True, True),
    ("Nearly 3,000 people were evacuated.", True, False),
    ("Thousands of troops arrived.", True, False),
])
def test_quantities_bound_inclusion(nlp, sentence, low_inclusive, high_inclusive):
    q = only(nlp, sentence)
    assert (q.low_inclusive, q.high_inclusive) == (low_inclusive, high_inclusive)


def test_quantities_share_referent(nlp):
    q = only(nlp, "Pyongyang has supplied up to 50% of Moscow’s war needs, including shells.")
    assert q.referent == "Moscow’s war needs"
    assert q.text == "up to 50% of Moscow’s war needs"


@pytest.mark.parametrize("sentence", [
    "The troops were deployed in 2024.",  # a year
    "They met on March 3 in Seoul.",  # a date
    "The meeting started at 10:30 on Monday.",  # a time
    "It was the first time they met.",  # an ordinal
    "One of them said the talks went well.",  # "one" as a pronoun
    "Robert Farley reports in 19FortyFive that it is so.",  # a number inside a name
    "She leads a four-way race with a 100-page plan.",  # a number hyphenated to a noun modifies it
    "Federal mine No. 2 will close, under Section 5.",  # numbers that label something
])
def test_quantities_not_figures(nlp, sentence):
    assert find_quantities(nlp(sentence)) == []


def test_quantities_change_is_two_figures(nlp):
    quantities = find_quantities(nlp("Prices rose from 10 to 12 euros."))
    assert [(q.low, q.high) for q in quantities] == [(10, 10), (12, 12)]
    assert quantities[1].unit == "EUR"


def test_quantities_ids_in_text_order(nlp):
    quantities = find_quantities(nlp("Thousands of troops and 12 tanks crossed; about 40% of shells failed."))
    assert [q.id for q in quantities] == ["q1", "q2", "q3"]
    assert [q.spans[0][0] for q in quantities] == sorted(q.spans[0][0] for q in quantities)


def test_quantities_tally_is_not_a_range(nlp):
    # regression: "19-15" (a vote) came out as the interval [19, 15]
    quantities = find_quantities(nlp("The panel voted 19-15 to hold her in contempt."))
    assert all(q.low is None or q.high is None or q.low <= q.high for q in quantities)
    assert all(q.hedge != "range" for q in quantities)


def test_quantities_vague_plural_of_currency_word(nlp):
    q = only(nlp, "The campaign raised millions of dollars last year.")
    assert (q.low, q.high, q.unit) == (1e6, 1e7, "USD")


def test_quantities_no_break_space_inside_a_figure(nlp):
    # regression: "1\xa0percent" came out as a bare 1, the space token cut it from its unit
    q = only(nlp, "They make up less than half of 1\xa0percent of the arrivals.")
    assert (q.low, q.unit, q.referent) == (0.01, "share", "the arrivals")


def test_quantities_ratio_needs_a_smaller_first_number(nlp):
    quantities = find_quantities(nlp("Troops killed 12 in 3 raids."))
    assert all(q.unit != "share" for q in quantities)
