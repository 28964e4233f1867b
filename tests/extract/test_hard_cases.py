"""Hard cases of attribution, one small article each, in the style of real reporting.

Each case lists the attributions expected, in text order, by what a reader checks: type, cue,
source mention, resolved speaker, content fragments (trimmed as the metric trims them), via
chain and parent. Robustness cases at the end feed bad and extreme input.
"""

from __future__ import annotations

import time

import pytest

import saywho
from saywho.spans import trim


def summary(result, text: str) -> list[dict]:
    rows = []
    for a in result.attributions:
        rows.append({
            "type": a.type,
            "cue": a.cue.text if a.cue else None,
            "source": a.source.text if a.source else None,
            "speaker": a.speaker.name if a.speaker else None,
            "content": [text[slice(*trim(text, span))] for span in a.content.spans],
            "via": [(v.name, v.cue) for v in a.via],
            "parent": a.parent,
        })
    return rows


def run(text: str) -> list[dict]:
    return summary(saywho.extract(text), text)


def att(type, cue, source, speaker, content, via=(), parent=None) -> dict:
    return {"type": type, "cue": cue, "source": source, "speaker": speaker,
            "content": list(content), "via": list(via), "parent": parent}


CASES = {
    "curly-quote-inverted-name": (
        "“We have seen no evidence of a ceasefire,” says Jonathan Marcus, a defence analyst at the University of Exeter.",
        [att("direct", "says", "Jonathan Marcus", "Jonathan Marcus", ["We have seen no evidence of a ceasefire"])],
    ),
    "ascii-quote": (
        '"The sanctions have not stopped the flow of components," Anna Berg said.',
        [att("direct", "said", "Anna Berg", "Anna Berg", ["The sanctions have not stopped the flow of components"])],
    ),
    "guillemets-and-surname": (
        "Anna Berg, an analyst at the Kiel Institute, said the sanctions had failed. "
        "«The sanctions have not stopped the flow of components,» Berg says.",
        [att("indirect", "said", "Anna Berg", "Anna Berg", ["the sanctions had failed"]),
         att("direct", "says", "Berg", "Anna Berg", ["The sanctions have not stopped the flow of components"])],
    ),
    "german-marks-colon-frame": (
        "Maria Lopez, a spokeswoman for the ministry, said: „The deliveries will continue until the end of the year.“",
        [att("direct", "said", "Maria Lopez", "Maria Lopez", ["The deliveries will continue until the end of the year"])],
    ),
    "quote-over-two-paragraphs": (
        "Defence minister Pal Jonson spoke at length.\n“The threat is real and it is growing. We cannot pretend otherwise.\n"
        "“Our answer has to be more production, not more speeches,” Jonson said.",
        [att("direct", "said", "Jonson", "Pal Jonson",
             ["The threat is real and it is growing. We cannot pretend otherwise",
              "Our answer has to be more production, not more speeches"])],
    ),
    "interrupted-quote": (
        "“The front is holding,” the general said, “but the shortage of shells is hurting us every day.”",
        [att("direct", "said", "the general", "the general",
             ["The front is holding", "but the shortage of shells is hurting us every day"])],
    ),
    "quote-inside-quote": (
        "“When the commander told us ‘hold the line at any cost’, we knew what it meant,” said Oleksandr Petrenko, "
        "a sergeant in the 47th Brigade.",
        [att("direct", "said", "Oleksandr Petrenko", "Oleksandr Petrenko",
             ["When the commander told us ‘hold the line at any cost’, we knew what it meant"])],
    ),
    "warned-that": (
        "Sarah Chen, a fellow at the Brookings Institution, warned that the deal could collapse within weeks.",
        [att("indirect", "warned", "Sarah Chen", "Sarah Chen", ["the deal could collapse within weeks"])],
    ),
    "inverted-told-outlet": (
        "The shipments were far larger than previously thought, a senior European official told Reuters on Monday.",
        [att("indirect", "told", "a senior European official", "a senior European official",
             ["The shipments were far larger than previously thought"], via=[("Reuters", "told")])],
    ),
    "told-outlet-that": (
        "Ben Hodges told Reuters that the Ukrainian lines would hold through the winter.",
        [att("indirect", "told", "Ben Hodges", "Ben Hodges", ["the Ukrainian lines would hold through the winter"],
             via=[("Reuters", "told")])],
    ),
    "according-to-at-end": (
        "The regime has sent at least 10,000 soldiers to Russia, according to South Korea’s National Intelligence Service.",
        [att("indirect", "according to", "South Korea’s National Intelligence Service",
             "South Korea’s National Intelligence Service", ["The regime has sent at least 10,000 soldiers to Russia"])],
    ),
    "according-to-at-start": (
        "According to the Pentagon, the first units arrived in October.",
        [att("indirect", "According to", "the Pentagon", "the Pentagon", ["the first units arrived in October"])],
    ),
    "says-with-role-then-according-to-outlet": (
        "The drones were assembled in Alabuga, says Mark Rutte, the NATO secretary general, according to The Washington Post.",
        [att("indirect", "says", "Mark Rutte", "Mark Rutte", ["The drones were assembled in Alabuga"],
             via=[("The Washington Post", "according to")])],
    ),
    "writes-in-outlet": (
        "Michael Kofman writes in Foreign Affairs that the summer offensive has stalled.",
        [att("indirect", "writes", "Michael Kofman", "Michael Kofman", ["the summer offensive has stalled"],
             via=[("Foreign Affairs", "writes in")])],
    ),
    "interview-with-outlet": (
        "Speaking in an interview with CNN, Olaf Scholz said that Germany would not send Taurus missiles.",
        [att("indirect", "said", "Olaf Scholz", "Olaf Scholz", ["Germany would not send Taurus missiles"],
             via=[("CNN", "in an interview with")])],
    ),
    "pronoun-and-surname": (
        "Jane Doe says North Korea’s shells are unreliable. “About half of them do not explode,” she says. "
        "Doe stresses that the figures are estimates.",
        [att("indirect", "says", "Jane Doe", "Jane Doe", ["North Korea’s shells are unreliable"]),
         att("direct", "says", "she", "Jane Doe", ["About half of them do not explode"]),
         att("indirect", "stresses", "Doe", "Jane Doe", ["the figures are estimates"])],
    ),
    "mistagged-stresses": (
        "Military analyst Ivan Smirnov also notes that the brigades are understrength.\n"
        "“The Russian defense sector still cannot meet demand,” Smirnov stresses.",
        [att("indirect", "notes", "Ivan Smirnov", "Ivan Smirnov", ["the brigades are understrength"]),
         att("direct", "stresses", "Smirnov", "Ivan Smirnov", ["The Russian defense sector still cannot meet demand"])],
    ),
    "mixed-quote": (
        "He said the plan was “a total disaster” and would be withdrawn.",
        [att("mixed", "said", "He", "He", ["the plan was “a total disaster” and would be withdrawn"])],
    ),
    "parenthetical-cue": (
        "Acts of protest, Mr. Obama said, are acts of patriotism.",
        [att("indirect", "said", "Mr. Obama", "Obama", ["Acts of protest", "are acts of patriotism"])],
    ),
    "nested-inside-quote": (
        "“Soldiers at the front have told me that the enemy attacks at night,” Kovalenko said.",
        [att("direct", "said", "Kovalenko", "Kovalenko", ["Soldiers at the front have told me that the enemy attacks at night"]),
         att("indirect", "told", "Soldiers at the front", "Soldiers at the front", ["the enemy attacks at night"], parent="a1")],
    ),
    "follow-on-quote-joins-speaker": (
        "“How many times do we have to see this?” Clinton said. “This is just unbearable.”",
        [att("direct", "said", "Clinton", "Clinton", ["How many times do we have to see this?", "This is just unbearable"])],
    ),
}


@pytest.mark.parametrize("text, expected", list(CASES.values()), ids=list(CASES))
def test_hard_case(text, expected):
    assert run(text) == expected


def test_hard_case_roles_and_affiliations():
    text = ("Uk Yang, a fellow at South Korea’s Asan Institute for Policy Studies, emphasized that the supplies mattered. "
            "Kremlin spokesman Dmitry Peskov said that the talks would continue. "
            "Sen. Claire McCaskill (D-Mo.) said that the vote would be close.")
    speakers = [(a.speaker.name, a.speaker.role, a.speaker.affiliation, a.source.text) for a in saywho.extract(text).attributions]
    assert speakers == [
        ("Uk Yang", "fellow", "Asan Institute for Policy Studies", "Uk Yang"),
        ("Dmitry Peskov", "spokesman", "Kremlin", "Dmitry Peskov"),
        ("Claire McCaskill", "Sen.", None, "Sen. Claire McCaskill (D-Mo.)"),
    ]


def test_hard_case_offsets_are_python_str_offsets():
    text = "Émigrés 🙂 said nothing. “Ça suffit,” says Jean-Luc Mélenchon."
    result = saywho.extract(text)
    (a,) = result.attributions
    assert text[slice(*a.source.spans[0])] == "Jean-Luc Mélenchon"
    assert text[slice(*a.cue.spans[0])] == "says"
    assert text[slice(*a.content.spans[0])] == "Ça suffit"


# --- robustness -------------------------------------------------------------------------------


def test_robust_two_thousand_quote_marks():
    text = "\n".join(f"“Shipment {i} arrived on time,” the official said." for i in range(1000))
    start = time.perf_counter()
    result = saywho.extract(text)
    elapsed = time.perf_counter() - start
    assert len(result.attributions) == 1000
    assert all(a.type == "direct" and a.cue.text == "said" for a in result.attributions)
    assert elapsed < 60


@pytest.mark.parametrize(
    "text",
    [
        "He called the plan “a disaster.\nOfficials said the plan would go ahead. " + "The vote is on Friday. " * 40,
        "”Closing marks” first” and “an opening one with no end. The minister said that talks would resume.",
        '"' * 501 + " The minister said that talks would resume.",
        "‘single ‘marks ‘everywhere and Korea’s ’s ’ The minister said that talks would resume.",
    ],
)
def test_robust_unbalanced_quotes_keep_the_rest_of_the_article(text):
    result = saywho.extract(text)
    said = [a for a in result.attributions if a.cue and a.cue.text == "said"]
    assert said, "the attribution after the stray marks was lost"
    assert text[slice(*said[-1].content.spans[0])].startswith(("the plan would go ahead", "talks would resume"))
    for a in result.attributions:
        for s, e in a.content.spans:
            assert 0 <= s < e <= len(text) and e - s < 2000


def test_robust_quotes_with_no_speaker():
    text = ("“We will not give up a single village. Not one, whatever it costs us in the end.”\n"
            "The shelling continued through the night.")
    result = saywho.extract(text)
    (a,) = result.attributions
    assert a.type == "direct" and a.cue is None and a.source is None
    assert a.speaker is None


def test_robust_no_attributions():
    assert saywho.extract("The river froze early this year. Trains ran late.").attributions == []


def test_robust_pipeline_without_parser_is_a_clear_error():
    import spacy

    from saywho.errors import ModelNotFound
    from saywho.extract.attributions import find_attributions
    from saywho.options import ExtractOptions

    doc = spacy.blank("en")("“We will win,” he said.")
    with pytest.raises(ModelNotFound, match="dependency parser"):
        find_attributions(doc, [], options=ExtractOptions.defaults())
