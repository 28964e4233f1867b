"""The cue lexicon and how cue words are recognised, mis-tagged verbs included."""

from __future__ import annotations

import pytest

from saywho.extract.cues import cue_kinds, cue_lemma, cue_span, is_according_to
from saywho.lexicon import load_tsv


def test_cues_lexicon_parses_with_known_kinds():
    rows = load_tsv("cues_en.tsv")
    lemmas = [row[0] for row in rows]
    assert len(lemmas) == len(set(lemmas)), "a cue lemma is listed twice"
    assert {row[1] for row in rows} <= {"speech", "writing", "thought", "intention", "evidence", "stance", "quote", "frame"}
    for lemma in ("say", "note", "stress", "emphasize", "warn", "tell", "report", "write", "conclude", "add"):
        assert lemma in cue_kinds()


def _token(nlp, text: str, word: str):
    doc = nlp(text)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    "text, word, lemma",
    [
        ("“The sector cannot meet demand,” Fedorov stresses.", "stresses", "stress"),
        ("Uk Yang emphasized that the supplies mattered.", "emphasized", "emphasize"),
        ("Farley reports in 19FortyFive that the army is stronger.", "reports", "report"),
        ("The minister told Reuters that talks would resume.", "told", "tell"),
    ],
)
def test_cues_recognised(nlp, text, word, lemma):
    assert cue_lemma(_token(nlp, text, word)) == lemma


@pytest.mark.parametrize(
    "text, word",
    [
        ("The report was published on Monday.", "report"),
        ("She left a note on the desk.", "note"),
        ("The army suffered heavy casualties.", "army"),
    ],
)
def test_cues_nouns_are_not_cues(nlp, text, word):
    assert cue_lemma(_token(nlp, text, word)) is None


def test_cues_according_to(nlp):
    doc = nlp("According to the Pentagon, the units arrived.")
    assert is_according_to(doc[0])
    assert not is_according_to(nlp("They acted according.")[2])


def test_cues_phrasal_span_takes_the_particle(nlp):
    doc = nlp("She pointed out that the figures were estimates.")
    pointed = doc[1]
    assert doc.text[slice(*cue_span(pointed))] == "pointed out"


@pytest.mark.parametrize("text, kind", [
    ("The minister said the bridge would reopen in May.", "speech"),
    ("The mayor wrote that the budget was balanced.", "writing"),
    ("Analysts believe the currency will fall.", "thought"),
    ("The company wants to open ten stores next year.", "intention"),
    ("The inspection found that the brakes had failed.", "evidence"),
    ("“We will rebuild,” she continued.", "speech"),
])
def test_every_record_carries_the_kind_of_its_cue(text, kind):
    import saywho
    from saywho.options import ExtractOptions

    result = saywho.extract(text, id="k", options=ExtractOptions.build(None, method="rules"))
    assert [a.kind for a in result.attributions] == [kind]


@pytest.mark.parametrize("text", [
    "The island's government declared a state of emergency on Friday.",
    "The flu season claimed 300 lives across the region last winter.",
    "The Coast Guard called off its search late on Tuesday.",
    "The agency later added the words \"and Emergency\" to the name of the database.",
    "The spokeswoman refused to give any more details about the papers.",
    "Neighbouring states began supporting the government against the rebellion in 2015.",
    "According to the state constitution, the treasurer succeeds the governor.",
    "Police identified the driver on Tuesday.",
])
def test_deeds_with_a_cue_word_are_no_attribution(text):
    import saywho

    assert saywho.extract(text, id="deed").attributions == []


@pytest.mark.parametrize("text, content", [
    ("Governor Ana Ruiz announced her resignation on Wednesday.", "her resignation"),
    ("The militia claimed responsibility for the attack.", "responsibility for the attack"),
    ("The senator vowed to block the bill.", "to block the bill"),
    ("Police identified the driver as a 45-year-old man from Leeds.", "the driver as a 45-year-old man from Leeds"),
])
def test_an_object_that_carries_the_claim_is_content(text, content):
    import saywho

    assert [a.content.text for a in saywho.extract(text, id="obj").attributions] == [content]


def test_a_comparison_with_a_cue_word_is_no_attribution():
    import saywho

    result = saywho.extract("\"They are not as safe as they think they are,\" the inspector said.", id="as")
    assert [a.cue.text for a in result.attributions] == ["said"]


def test_a_participle_describing_its_noun_is_no_model_attribution(nlp):
    # "a prisoner, suspected to be …": said of the prisoner, not by him; PolNeAR's scope keeps it.
    from saywho.extract.cues import is_reported_speech
    from saywho.records import Attribution, TextSpans

    text = "The officer was shot on Friday by a prisoner, suspected to be a 23-year-old man from Croydon."
    doc = nlp(text)

    def span(words: str) -> TextSpans:
        start = text.index(words)
        return TextSpans(words, [(start, start + len(words))])

    record = Attribution(id="a1", type="indirect", confidence=0.5, content=span("to be a 23-year-old man from Croydon"),
                         cue=span("suspected"), source=span("a prisoner"), method="model")
    assert not is_reported_speech(doc, record)
    assert is_reported_speech(doc, record, sourceless=True, polnear=True)
