"""The trained attribution model: features, tag decoding, the shipped weights and `saywho train`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saywho.cli.main import app
from saywho.eval import trim
from saywho.model import predict_attributions
from saywho.model.decode import char_span, fragments
from saywho.model.features import DocArrays, _ancestor_cues, char_roles, gold_labels, paragraphs
from saywho.model.infer import default_model
from saywho.train.corpus import _gold_doc

POLNEAR = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "polnear"

SAID = "The economy is in trouble, Senator Jane Smith said on Tuesday.\n\nShe added that voters “deserve better.”"


def test_features_ancestor_cue_relation(nlp):
    doc = nlp("Officials said that the talks had collapsed.")
    ancestors = _ancestor_cues(DocArrays.of(doc), frozenset({"say"}))
    talks = next(t for t in doc if t.text == "talks")
    officials = doc[0]
    assert ancestors[talks.i][:2] == ("say", "ccomp")
    assert ancestors[officials.i][:2] == ("say", "nsubj")


def test_features_paragraphs_split_at_line_breaks(nlp):
    doc = nlp(SAID)
    seqs = list(paragraphs(DocArrays.of(doc)))
    assert len(seqs) == 2
    assert doc[seqs[1].tokens[0]].text == "She"


def test_tags_round_trip_to_gold_fragments(nlp):
    """Gold spans -> BIO tags -> decoded fragments gives back the gold fragments (after trimming)."""
    record = json.loads(POLNEAR.joinpath("dev.jsonl").open(encoding="utf-8").readline())
    gold = _gold_doc(record)
    doc = nlp(gold.text)
    chars = char_roles(len(gold.text), gold.fragments)
    decoded = set()
    for number, seq in enumerate(paragraphs(DocArrays.of(doc))):
        for frag in fragments(seq, gold_labels(doc, seq, chars), number):
            decoded.add((frag.role, char_span(doc, frag, gold.text)))
    expected = {(role, trim(gold.text, (s, e))) for role, s, e, _ in gold.fragments}
    assert len(expected & decoded) / len(expected) > 0.95


def test_model_loads_offline_from_the_package():
    model = default_model()
    assert model is not None, "the default model must ship in saywho/models/attribution-crf/"
    assert "say" in model.cue_lemmas
    assert model.meta["dev"]["exact_f1"]["cue"] > 50


def test_model_predicts_source_cue_content(nlp):
    records = predict_attributions(nlp(SAID))
    assert records is not None and records
    first = records[0]
    assert first.method == "model"
    assert SAID[slice(*first.cue.spans[0])] == "said"
    assert SAID[slice(*first.source.spans[0])] == "Senator Jane Smith"
    assert SAID[slice(*first.content.spans[0])] == "The economy is in trouble"
    assert all(0.0 <= r.confidence <= 1.0 for r in records)


def test_train_command_runs_end_to_end(tmp_path):
    train_file = tmp_path / "train.jsonl"
    with POLNEAR.joinpath("train.jsonl").open(encoding="utf-8") as source:
        train_file.write_text("".join(next(source) for _ in range(3)), encoding="utf-8")
    output = tmp_path / "model"
    result = CliRunner().invoke(app, ["train", "--train", str(train_file), "--dev", str(train_file),
                                      "--iterations", "3", "--output", str(output), "--cache-dir",
                                      str(tmp_path / "cache"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["articles"] == 3 and summary["tokens"] > 500
    assert set(summary["dev"]["exact_f1"]) == {"source", "cue", "content"}
    meta = json.loads((output / "meta.json").read_text(encoding="utf-8"))
    assert meta["settings"]["seed"] == 13 and meta["settings"]["max_iterations"] == 3
    assert (output / "model.crfsuite.gz").stat().st_size > 0
    assert list((tmp_path / "cache").glob("parses-*.spacy"))


def test_train_command_missing_data_is_a_clear_error(tmp_path):
    from saywho.errors import InputError

    result = CliRunner().invoke(app, ["train", "--train", str(tmp_path / "nope.jsonl")])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
    assert "not found" in str(result.exception)


def test_extract_methods_say_which_path_made_each_record():
    import saywho
    from saywho.options import ExtractOptions

    by_model = saywho.extract(SAID, options=ExtractOptions.build(method="model")).attributions
    by_rules = saywho.extract(SAID, options=ExtractOptions.build(method="rules")).attributions
    assert by_model and {a.method for a in by_model} >= {"model"}
    assert {a.method for a in by_rules} == {"rules"}
    hybrid = saywho.extract(SAID).attributions  # the default method
    assert {a.method for a in hybrid} <= {"rules", "model"} and len(hybrid) >= len(by_rules)


def test_model_missing_weights_is_a_clear_error(tmp_path):
    from saywho.errors import ModelNotFound
    from saywho.model import AttributionModel

    with pytest.raises(ModelNotFound, match="saywho train"):
        AttributionModel.load(tmp_path)
