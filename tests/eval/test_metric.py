"""The metric's rules, each on a small hand-made case with its expected counts."""

from __future__ import annotations

import pytest

from saywho.eval import GoldArticle, SpanAttribution, score, score_article, trim
from saywho.eval.metric import has_quote_marks, jaccard

TEXT = '“North Korea has played a crucial role,” says Hugh Griffiths, according to RFE/RL.'
CONTENT = (1, 38)  # North Korea has played a crucial role
CUE = (41, 45)  # says
SOURCE = (46, 60)  # Hugh Griffiths


def article(*attributions: SpanAttribution, text: str = TEXT, id: str = "a") -> GoldArticle:
    return GoldArticle(id=id, text=text, attributions=list(attributions), meta={})


def record(content, source=(), cue=(), speaker=None) -> SpanAttribution:
    return SpanAttribution(content=list(content), source=list(source), cue=list(cue), speaker=speaker)


GOLD = record([CONTENT], [SOURCE], [CUE])


def test_metric_offsets_of_the_test_text():
    assert TEXT[slice(*CONTENT)] == "North Korea has played a crucial role"
    assert TEXT[slice(*CUE)] == "says" and TEXT[slice(*SOURCE)] == "Hugh Griffiths"


@pytest.mark.parametrize("text, span, expected", [
    ("  “Hello there,” ", (0, 17), (3, 14)),
    ("(says)", (0, 6), (1, 5)),
    ("— he said —", (0, 11), (2, 9)),
    ("'quoted.'", (0, 9), (1, 7)),
    ("« bonjour » ", (0, 12), (2, 9)),
    ("...", (0, 3), None),
    ("abc", (1, 2), (1, 2)),
    ("a, b", (1, 4), (3, 4)),
])
def test_metric_trim_strips_space_and_edge_punctuation(text, span, expected):
    assert trim(text, span) == expected


def test_metric_trim_keeps_inner_punctuation_and_apostrophes_inside():
    text = "Russia’s “war” goes on."
    assert trim(text, (0, len(text))) == (0, len(text) - 1)


def test_metric_perfect_prediction_scores_one_everywhere():
    scores = score_article(article(GOLD), [GOLD])
    for role in ("source", "cue", "content"):
        assert scores.f1(role, "exact") == 1.0 and scores.f1(role, "overlap") == 1.0
    assert scores.attribution.f1 == 1.0


def test_metric_exact_match_after_trimming():
    # The prediction includes the quote marks and the comma; the gold does not: trimmed, they are equal.
    predicted = record([(0, 40)], [(45, 61)], [(40, 45)])
    scores = score_article(article(GOLD), [predicted])
    assert scores.roles["content"].exact.found == 1
    assert scores.roles["source"].exact.found == 1  # " Hugh Griffiths," -> "Hugh Griffiths"
    assert scores.roles["cue"].exact.found == 1


def test_metric_exact_needs_equal_offsets_overlap_needs_half():
    # Content missing "North " (6 of 37 characters): not exact, Jaccard 31/37 >= 0.5.
    predicted = record([(7, 38)], [SOURCE], [CUE])
    scores = score_article(article(GOLD), [predicted])
    content = scores.roles["content"]
    assert (content.exact.found, content.exact.correct) == (0, 0)
    assert (content.overlap.found, content.overlap.correct) == (1, 1)
    assert content.exact.precision == 0.0 and content.overlap.f1 == 1.0


def test_metric_overlap_below_half_does_not_match():
    predicted = record([(26, 38)], [SOURCE], [CUE])  # "crucial role": 12/37
    scores = score_article(article(GOLD), [predicted])
    assert scores.roles["content"].overlap.found == 0
    assert scores.attribution.found == 0 and scores.attribution.correct == 0


def test_metric_overlap_is_one_to_one():
    # Two predicted fragments both overlap the one gold fragment at Jaccard >= 0.5: only one pairs.
    gold = article(record([(0, 10)]), text="abcdefghij" + " " * 10)
    predicted = [record([(0, 9)]), record([(1, 10)])]
    overlap = score_article(gold, predicted).roles["content"].overlap
    assert (overlap.gold, overlap.predicted, overlap.found, overlap.correct) == (1, 2, 1, 1)


def test_metric_overlap_matching_is_maximum_not_greedy():
    # Greedy by Jaccard would pair g1 with p1 (0.9) and leave g2 alone; the maximum pairs both.
    text = "x" * 40
    g1, g2 = (0, 10), (1, 20)
    p1, p2 = (1, 10), (0, 12)  # J(g1,p1)=0.9, J(g2,p1)=0.47, J(g1,p2)=0.83, J(g2,p2)=0.55
    gold = article(record([g1]), record([g2]), text=text)
    overlap = score_article(gold, [record([p1]), record([p2])]).roles["content"].overlap
    assert overlap.found == 2


def test_metric_discontinuous_fragments_scored_one_by_one():
    text = "The plan, he said, is dead and buried for now."
    first, second = (0, 8), (19, 45)  # "The plan" / "is dead and buried for now"
    gold = article(record([first, second], [(10, 12)], [(13, 17)]), text=text)
    only_first = score_article(gold, [record([first], [(10, 12)], [(13, 17)])])
    content = only_first.roles["content"].exact
    assert (content.gold, content.predicted, content.found) == (2, 1, 1)
    assert content.recall == 0.5 and content.precision == 1.0
    # At the attribution level the fragments count together: 8 of 34 characters is not enough.
    assert only_first.attribution.found == 0
    both = score_article(gold, [record([(0, 9), (18, 46)], [(10, 12)], [(13, 17)])])
    assert both.roles["content"].exact.found == 2 and both.attribution.found == 1


def test_metric_shared_source_counts_once():
    text = "Taxes will rise and schools will close, she said."
    gold = article(record([(0, 15)], [(40, 43)], [(44, 48)]), record([(20, 38)], [(40, 43)], [(44, 48)]), text=text)
    scores = score_article(gold, [record([(0, 15)], [(40, 43)], [(44, 48)])])
    assert scores.roles["source"].exact.gold == 1 and scores.roles["source"].exact.found == 1
    assert scores.roles["content"].exact.gold == 2 and scores.attribution.recall == 0.5


def test_metric_attribution_needs_overlapping_source_when_gold_has_one():
    wrong_source = record([CONTENT], [(75, 81)], [CUE])  # "RFE/RL"
    scores = score_article(article(GOLD), [wrong_source])
    assert scores.roles["content"].exact.found == 1
    assert scores.attribution.found == 0 and scores.attribution.correct == 0
    partial_source = record([CONTENT], [(51, 60)], [])  # "Griffiths" overlaps "Hugh Griffiths"
    assert score_article(article(GOLD), [partial_source]).attribution.f1 == 1.0


def test_metric_attribution_without_gold_source_needs_content_only():
    gold = article(record([CONTENT], [], [CUE]))
    assert score_article(gold, [record([CONTENT], [SOURCE], [])]).attribution.f1 == 1.0


def test_metric_attribution_precision_and_recall_are_not_one_to_one():
    # Two predictions of the same quote are both correct; the one gold record is found once.
    scores = score_article(article(GOLD), [GOLD, record([(1, 36)], [SOURCE], [CUE])])
    assert (scores.attribution.found, scores.attribution.correct, scores.attribution.predicted) == (1, 2, 2)


def test_metric_jaccard_counts_characters():
    assert jaccard([(0, 10)], [(5, 15)]) == pytest.approx(5 / 15)
    assert jaccard([(0, 4), (6, 10)], [(0, 10)]) == pytest.approx(8 / 10)
    assert jaccard([(0, 4)], [(4, 8)]) == 0.0


def test_metric_corpus_scores_are_micro_averaged():
    perfect = article(GOLD, id="a")
    missed = article(GOLD, id="b")
    scores = score([perfect, missed], {"a": [GOLD]})
    assert scores.articles == 2
    assert scores.roles["cue"].exact.recall == 0.5 and scores.roles["cue"].exact.precision == 1.0
    assert scores.attribution.f1 == pytest.approx(2 / 3)


def test_metric_unknown_prediction_ids_are_an_error():
    from saywho.errors import EvalError

    with pytest.raises(EvalError, match="not in the gold"):
        score([article(GOLD)], {"zzz": []})


def test_metric_quote_breakdown_splits_by_quote_marks_in_gold_content():
    text = 'He said “we will win” today. Officials said taxes will rise.'
    quoted = record([(9, 20)], [(0, 2)], [(3, 7)])
    unquoted = record([(44, 59)], [(29, 38)], [(39, 43)])
    assert has_quote_marks(text, quoted.content) and not has_quote_marks(text, unquoted.content)
    scores = score_article(article(quoted, unquoted, text=text), [quoted])
    assert scores.by_quotes["quoted"].recall == 1.0 and scores.by_quotes["unquoted"].recall == 0.0
    assert scores.by_quotes["unquoted"].gold == 1


def test_metric_speaker_accuracy_compares_resolved_names_of_matched_records():
    gold = article(record([CONTENT], [SOURCE], [CUE], speaker="Hugh Griffiths"))
    right = score_article(gold, [record([CONTENT], [SOURCE], [CUE], speaker="hugh  griffiths")])
    wrong = score_article(gold, [record([CONTENT], [SOURCE], [CUE], speaker="Uk Yang")])
    missed = score_article(gold, [])
    assert right.speaker.to_dict() == {"accuracy": 1.0, "gold": 1, "found": 1, "correct": 1}
    assert wrong.speaker.accuracy == 0.0 and wrong.speaker.found == 1
    assert missed.speaker.found == 0 and missed.speaker.gold == 1


def test_metric_scores_to_dict_has_every_role_and_level():
    data = score_article(article(GOLD), [GOLD]).to_dict()
    assert set(data["roles"]) == {"source", "cue", "content"}
    assert set(data["roles"]["cue"]) == {"exact", "overlap"}
    assert {"precision", "recall", "f1", "gold", "predicted"} <= set(data["attribution"])
