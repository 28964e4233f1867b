"""Attributions that a page's layout makes: pull quotes signed with a dash, transcript turns and
"Name: claim" headlines, where a mark or a colon is the cue. Also the joins of quotes the layout
of a paragraph implies, and quote words that look like a negated cue. Short texts in the style of
real reporting."""

from __future__ import annotations

import saywho
from saywho.options import ExtractOptions

RULES = ExtractOptions.build(None, method="rules")
HYBRID = ExtractOptions.build(None, method="hybrid")


def records(text: str, options: ExtractOptions = RULES) -> list[tuple[str | None, str | None, str]]:
    """(source, cue, content) of every attribution, in text order."""
    result = saywho.extract(text, id="case", options=options)
    return [(a.source.text if a.source else None, a.cue.text if a.cue else None, a.content.text)
            for a in result.attributions]


def test_a_pull_quote_signed_with_a_dash_names_its_speaker():
    text = ("Reader reactions\n\n"
            "“I hope this campaign gets people to register and vote in November.” \u2015\u00a0Rosa Delgado\n"
            "“Nobody answered a single question about housing costs.” — Tom Whitfield.\n")
    assert records(text) == [
        ("Rosa Delgado", "\u2015", "I hope this campaign gets people to register and vote in November"),
        ("Tom Whitfield", "—", "Nobody answered a single question about housing costs"),
    ]


def test_a_dash_after_a_quote_without_a_name_at_the_line_end_signs_nothing():
    text = "“We will rebuild the school by spring.” — and then the crowd went quiet.\n"
    assert all(source != "and" for source, _, _ in records(text))
    assert all(cue != "—" for _, cue, _ in records(text))


def test_transcript_turns_are_attributed_to_their_labels():
    text = ("Partial transcript as follows:\n\n"
            "\"HOST: Will the senator attend the hearing tomorrow?\n\n"
            "\"OKAFOR: She will not attend. The committee has all the documents it asked for.\n\n"
            "\"HOST: Then why the delay?\n")
    found = records(text)
    assert ("HOST", ":", "Will the senator attend the hearing tomorrow?") in found
    assert ("OKAFOR", ":", "She will not attend. The committee has all the documents it asked for") in found
    assert not any(content.startswith("HOST") or content.startswith("OKAFOR") for _, _, content in found)


def test_a_lone_label_is_no_transcript():
    text = "UPDATE: The road reopened at noon.\n\nPolice said the crash involved two cars.\n"
    assert [source for source, _, _ in records(text)] == ["Police"]


def test_a_headline_label_attributes_the_headline():
    text = ("Okafor: Committee Has Every Document It Asked For.\n\n"
            "Senator Ada Okafor said on Sunday the committee had received every document.\n")
    found = records(text)
    assert found[0] == ("Okafor", ":", "Committee Has Every Document It Asked For")


def test_a_headline_that_is_a_sentence_before_its_colon_has_no_label():
    text = "Senator Grills Bank Chief: Questions Remain.\n\nThe hearing lasted four hours.\n"
    assert all(cue != ":" for _, cue, _ in records(text))


def test_not_inside_the_quote_does_not_negate_its_cue():
    text = "“Are we where we need to be? Probably not,” Ms. Moore said."
    assert records(text, HYBRID) == [("Ms. Moore", "said", "Are we where we need to be? Probably not")]


def test_a_title_in_the_frame_does_not_end_the_sentence_of_an_interrupted_quote():
    text = "“By acting first,” Mr. Lindqvist said, “we gave the others room to follow.”"
    assert records(text) == [("Mr. Lindqvist", "said", "By acting first … we gave the others room to follow")]


def test_a_model_record_never_takes_words_the_rules_gave_another_cue():
    text = ("Readers wrote in.\n\n“I just hope the campaign gives people a reason to register and vote.” "
            "\u2015\u00a0Jorge Ruiz\n")
    assert [(source, cue) for source, cue, _ in records(text, HYBRID)] == [("Jorge Ruiz", "\u2015")]
