"""Error listings and reports: every miss and false alarm, with the sentence it sits in."""

from __future__ import annotations

from saywho.eval import GoldArticle, SpanAttribution, score_article
from saywho.eval.metric import match_article
from saywho.eval.report import comparison_table, error_cues, error_records, markdown_report

TEXT = "Taxes will rise, the minister said. Schools will close. The mayor denied it."
SENTENCES = [(0, 35), (36, 55), (56, 76)]
GOLD = GoldArticle(id="art", text=TEXT, meta={}, attributions=[
    SpanAttribution(content=[(0, 15)], source=[(17, 29)], cue=[(30, 34)]),  # Taxes will rise / the minister / said
    SpanAttribution(content=[(36, 54)], source=[(17, 29)], cue=[(30, 34)]),  # Schools will close
])
PREDICTED = [
    SpanAttribution(content=[(0, 15)], source=[(21, 29)], cue=[(30, 34)]),  # source "minister": a boundary error
    SpanAttribution(content=[(56, 75)], source=[], cue=[(66, 72)]),  # a false alarm
]


def records(kind: str, level: str) -> list[dict]:
    match = match_article(GOLD, PREDICTED)
    return [r for r in error_records("sys", match, SENTENCES) if r["kind"] == kind and r["level"] == level]


def test_report_lists_attribution_misses_with_sentence_and_reason():
    [miss] = records("miss", "attribution")
    assert miss["gold"]["content"]["text"] == "Schools will close"
    # The context runs from the source and cue (first sentence) to the content (second).
    assert miss["sentence"] == "Taxes will rise, the minister said. Schools will close."
    assert miss["why"] == "nothing predicted near it"
    assert miss["system"] == "sys" and miss["article"] == "art"


def test_report_lists_false_alarms():
    [alarm] = records("false_alarm", "attribution")
    assert alarm["predicted"]["content"]["text"] == "The mayor denied it"
    assert alarm["sentence"] == "The mayor denied it."
    [cue_alarm] = records("false_alarm", "cue")
    assert cue_alarm["predicted"]["text"] == "denied"


def test_report_separates_boundary_errors_from_misses():
    [boundary] = records("boundary", "source")
    assert (boundary["gold"]["text"], boundary["predicted"]["text"]) == ("the minister", "minister")
    assert records("miss", "source") == []
    [content_miss] = records("miss", "content")
    assert content_miss["gold"]["text"] == "Schools will close"


def test_report_markdown_and_comparison_table_hold_every_system():
    scores = {"saywho": score_article(GOLD, PREDICTED), "textacy": score_article(GOLD, [])}
    text = markdown_report(scores, gold="dev.jsonl", command="saywho eval dev.jsonl", stamp="today",
                           skipped={"other": "not installed"})
    assert "| saywho | 0.0 | 66.7 | 50.0 | 50.0 |" in text  # source exact 0, cue 2/3, content and attribution 1/2
    assert "| textacy | 0.0 | 0.0 | 0.0 | 0.0 |" in text
    assert "| other | skipped: not installed |" in text and "saywho eval dev.jsonl" in text
    assert comparison_table(scores).row_count == 2


def test_report_lists_the_cues_of_misses_and_false_alarms():
    match = match_article(GOLD, PREDICTED)
    missed, false_alarms = error_cues([match])
    assert missed == {"said": 1} and false_alarms == {"denied": 1}
    text = markdown_report({"sys": match.scores()}, gold="g", command="c", stamp="s", matches={"sys": [match]})
    assert "| said | 1 | denied | 1 |" in text
