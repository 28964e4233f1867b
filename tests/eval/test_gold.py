"""Reading gold files: PolNeAR JSONL, the seed format, and clear errors for bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saywho import Attribution, Result, Speaker, TextSpans
from saywho.errors import EvalError
from saywho.eval import SpanAttribution, from_result, load_gold

SEED_GOLD = Path(__file__).resolve().parents[2] / "examples" / "seed-gold.json"
TEXT = "The plan, he said, is dead. Taxes will rise, officials said."


def polnear_line(id="a1", split="dev", quotes=None, text=TEXT) -> str:
    quotes = quotes if quotes is not None else [{
        "content_span": [0, 26], "content_spans": [[0, 8], [19, 26]],
        "speaker": "he", "speaker_span": [10, 12], "speaker_spans": [[10, 12]],
        "cue_span": [13, 17], "cue_spans": [[13, 17]], "type": "indirect",
    }, {
        "content_span": [28, 43], "content_spans": [[28, 43]],
        "speaker": None, "speaker_span": None, "speaker_spans": [],
        "cue_span": [55, 59], "cue_spans": [[55, 59]],
    }]
    return json.dumps({"id": id, "split": split, "text": text, "meta": {"publisher": "x"}, "quotes": quotes})


def test_gold_reads_polnear_fragments(tmp_path):
    path = tmp_path / "dev.jsonl"
    path.write_text(polnear_line() + "\n" + polnear_line("a2", "train") + "\n", encoding="utf-8")
    articles = load_gold(path)
    assert [a.id for a in articles] == ["a1", "a2"]
    first = articles[0].attributions[0]
    assert first == SpanAttribution(content=[(0, 8), (19, 26)], source=[(10, 12)], cue=[(13, 17)], speaker=None)
    assert articles[0].attributions[1].source == []
    assert articles[0].meta == {"publisher": "x", "split": "dev"}


def test_gold_split_filter(tmp_path):
    path = tmp_path / "all.jsonl"
    path.write_text(polnear_line() + "\n" + polnear_line("a2", "train") + "\n", encoding="utf-8")
    assert [a.id for a in load_gold(path, split="train")] == ["a2"]
    with pytest.raises(EvalError, match="no articles with split 'test'"):
        load_gold(path, split="test")


def test_gold_reads_seed_format_with_resolved_speakers(tmp_path):
    (tmp_path / "article.txt").write_text(TEXT, encoding="utf-8")
    gold = {"article": "article.txt", "quotes": [
        {"content_span": [28, 43], "speaker_span": [45, 54], "cue_span": [55, 59], "speaker": "City officials"}]}
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    [article] = load_gold(tmp_path / "gold.json")
    assert article.text == TEXT
    assert article.attributions == [SpanAttribution([(28, 43)], [(45, 54)], [(55, 59)], "City officials")]


def test_gold_reads_the_bundled_seed(seed_gold):
    [article] = load_gold(SEED_GOLD)
    assert article.id == "seed" and len(article.attributions) == len(seed_gold["quotes"])
    first = article.attributions[0]
    assert article.text[slice(*first.source[0])] == "Hugh Griffiths" and first.speaker == "Hugh Griffiths"


@pytest.mark.parametrize("line, message", [
    ("{not json", "not valid JSON"),
    (json.dumps({"id": "x"}), "needs an 'id' and a 'text'"),
    (polnear_line("b", quotes=[{"content_spans": [[0, 999]]}]), "outside the text"),
    (polnear_line("b", quotes=[{"content_spans": [["a", 3]]}]), "not a \\[start, end\\] pair"),
    (polnear_line("b", quotes=[{"cue_spans": [[0, 3]]}]), "needs a content span"),
])
def test_gold_bad_lines_raise_eval_error_with_line_number(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(polnear_line() + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match=message) as info:
        load_gold(path)
    assert "bad.jsonl:2" in str(info.value)


def test_gold_missing_file_and_duplicate_ids(tmp_path):
    with pytest.raises(EvalError, match="does not exist"):
        load_gold(tmp_path / "nope.jsonl")
    path = tmp_path / "dup.jsonl"
    path.write_text(polnear_line() + "\n" + polnear_line() + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match="appears twice"):
        load_gold(path)


def test_gold_from_result_maps_every_role():
    result = Result(id="r", attributions=[
        Attribution(id="a1", type="indirect", content=TextSpans("x", [(0, 8), (19, 26)]),
                    cue=TextSpans("said", [(13, 17)]), source=TextSpans("he", [(10, 12)]),
                    speaker=Speaker(name="Jane Doe")),
        Attribution(id="a2", type="indirect", content=TextSpans("y", [(28, 43)])),
    ])
    assert from_result(result) == [
        SpanAttribution([(0, 8), (19, 26)], [(10, 12)], [(13, 17)], "Jane Doe"),
        SpanAttribution([(28, 43)], [], [], None),
    ]
