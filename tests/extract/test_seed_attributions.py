"""The seed article against its gold answer: all 13 attributions, no extra ones, every part right."""

from __future__ import annotations

import pytest

from saywho.spans import trim


def trimmed(text: str, span) -> tuple[int, int] | None:
    """``span`` as the metric of BRIEF.md compares it."""
    return trim(text, span)


def _match(result, gold_quote, text):
    """The predicted attribution whose content equals the gold content (after trimming)."""
    want = trimmed(text, gold_quote["content_span"])
    found = [a for a in result.attributions if [trimmed(text, s) for s in a.content.spans] == [want]
             or (len(a.content.spans) == 1 and trimmed(text, a.content.spans[0]) == want)]
    assert len(found) == 1, f"no single attribution with content {text[want[0]:want[1]][:60]!r}"
    return found[0]


def test_seed_attribution_count(seed_result, seed_gold):
    assert len(seed_result.attributions) == len(seed_gold["quotes"]) == 13


def test_seed_ids_in_text_order(seed_result):
    ids = [a.id for a in seed_result.attributions]
    assert ids == [f"a{i}" for i in range(1, len(ids) + 1)]
    starts = [a.content.spans[0][0] for a in seed_result.attributions]
    assert starts == sorted(starts)


@pytest.mark.parametrize("n", range(13))
def test_seed_attribution_matches_gold(seed_result, seed_gold, seed_text, n):
    gold = seed_gold["quotes"][n]
    got = _match(seed_result, gold, seed_text)
    assert got.method == "rules"
    assert got.type == gold["type"]
    assert 0 < got.confidence <= 1
    assert got.cue is not None and got.cue.text == gold["cue"]
    assert got.cue.spans == [tuple(gold["cue_span"])]
    assert got.source is not None and got.source.text == gold["speaker_mention"]
    assert [trimmed(seed_text, s) for s in got.source.spans] == [tuple(gold["speaker_span"])]
    assert got.speaker is not None and got.speaker.name == gold["speaker"]
    assert got.speaker.role == gold.get("role")
    assert got.speaker.affiliation == gold.get("affiliation")
    assert [v.name for v in got.via] == gold.get("via", [])
    if "via_cue" in gold:
        assert [v.cue for v in got.via] == [gold["via_cue"]]
    for span in got.content.spans + got.cue.spans + got.source.spans:
        assert 0 <= span[0] < span[1] <= len(seed_text)


def test_seed_nested_attribution_has_its_parent(seed_result, seed_gold, seed_text):
    for gold in seed_gold["quotes"]:
        got = _match(seed_result, gold, seed_text)
        if "nested_in" in gold:
            parent = _match(seed_result, seed_gold["quotes"][gold["nested_in"]], seed_text)
            assert got.parent == parent.id
        else:
            assert got.parent is None


def test_seed_via_spans_cover_the_outlet_names(seed_result, seed_text):
    names = {v.name: seed_text[v.spans[0][0]:v.spans[0][1]] for a in seed_result.attributions for v in a.via}
    assert names == {"Radio Free Europe/Radio Liberty": "Radio Free Europe/Radio Liberty",
                     "19FortyFive": "19FortyFive"}


def test_seed_speakers_link_to_entities(seed_result):
    """Where entities were found, a person's attributions point at that person's entity."""
    if not seed_result.entities:
        pytest.skip("entity extraction found nothing")
    for attribution in seed_result.attributions:
        speaker = attribution.speaker
        entity = seed_result.entity(speaker.entity) if speaker.entity else None
        if speaker.name in {"Hugh Griffiths", "Uk Yang", "Yurii Fedorov", "Robert Farley"}:
            assert entity is not None, f"{speaker.name} has no entity"
            assert entity.kind == "PERSON"
            assert speaker.name == entity.name or speaker.name in entity.aliases
