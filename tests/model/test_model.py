"""The trained attribution model: features, tag decoding and the shipped weights."""

from __future__ import annotations

import json

import pytest

from saywho.eval import trim
from saywho.model import predict_attributions
from saywho.model.decode import char_span, fragments
from saywho.model.features import DocArrays, _ancestor_cues, char_roles, gold_labels, paragraphs
from saywho.model.infer import default_model
from saywho.train.corpus import _gold_doc

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


@pytest.mark.parametrize("number", range(5))
def test_tags_round_trip_to_gold_fragments(nlp, polnear_file, number):
    """Gold spans -> BIO tags -> decoded fragments gives back the gold fragments (after trimming)."""
    record = json.loads(polnear_file.read_text(encoding="utf-8").splitlines()[number])
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


def test_model_missing_weights_is_a_clear_error(tmp_path):
    from saywho.errors import ModelNotFound
    from saywho.model import AttributionModel

    with pytest.raises(ModelNotFound, match="saywho train"):
        AttributionModel.load(tmp_path)
