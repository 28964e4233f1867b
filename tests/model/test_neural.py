"""The neural tagger: word-piece windows, the shipped ONNX weights (no torch needed), the
"neural" method through extract and the CLI, and `saywho train --method neural` (needs torch)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import saywho
from saywho.cli.main import app
from saywho.model.neural import TOKENIZER_FILE, default_neural_model
from saywho.model.windows import IGNORE, LABELS, central_owner, char_labels, load_tokenizer, piece_labels, pieces, window_starts
from saywho.options import ExtractOptions

POLNEAR = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "polnear"
MODEL_DIR = Path(saywho.__file__).resolve().parent / "models" / "attribution-neural"

SAID = "The economy is in trouble, Senator Jane Smith said on Tuesday.\n\nShe added that voters “deserve better.”"


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer(MODEL_DIR / TOKENIZER_FILE)


def test_windows_cover_every_piece_and_end_flush():
    starts = window_starts(1000, 254, 128)
    assert starts[0] == 0 and starts[-1] == 1000 - 254
    owner = central_owner(1000, starts, 254)
    assert (owner >= 0).all()
    # A piece is read from the window where it lies farthest from an edge.
    assert owner[300] == 1 and owner[10] == 0 and owner[999] == len(starts) - 1
    assert window_starts(40, 254, 128) == [0]


def test_pieces_mark_paragraph_breaks_and_keep_offsets(tokenizer):
    sep = tokenizer.token_to_id("[SEP]")
    p = pieces(tokenizer, SAID, sep)
    assert p.is_break.sum() == 1  # one blank line between the two paragraphs
    assert p.ids[p.is_break][0] == sep
    words = [SAID[s:e] for (s, e), brk in zip(p.offsets, p.is_break) if not brk]
    assert "economy" in words and "said" in words and "deserve" in words


def test_piece_labels_follow_gold_fragments(tokenizer):
    said = SAID.index("said")
    smith = (SAID.index("Senator"), SAID.index(" said"))
    frags = [("T", 0, 25, 0), ("S", smith[0], smith[1], 1), ("C", said, said + 4, 2)]
    p = pieces(tokenizer, SAID, tokenizer.token_to_id("[SEP]"))
    labels = piece_labels(p, char_labels(len(SAID), frags))
    by_word = {SAID[s:e]: LABELS[k] if k != IGNORE else None for (s, e), k in zip(p.offsets, labels)}
    assert by_word["The"] == "B-T" and by_word["economy"] == "I-T"
    assert by_word["Senator"] == "B-S" and by_word["Smith"] == "I-S"
    assert by_word["said"] == "B-C"
    assert by_word["Tuesday"] == "O"
    assert labels[p.is_break].tolist() == [IGNORE]


def test_shipped_model_loads_offline_and_is_small():
    model = default_neural_model()
    assert model is not None, "the neural model must ship in saywho/models/attribution-neural/"
    assert model.meta["labels"] == list(LABELS)
    assert (MODEL_DIR / "model.onnx").stat().st_size < 40 * 2**20
    # Floors under the shipped figures (docs/model.md): a broken export or tokenizer falls far below.
    assert model.meta["dev"]["exact_f1"]["cue"] > 40 and model.meta["dev"]["exact_f1"]["source"] > 35


def test_neural_finds_a_plain_attribution(nlp):
    doc = nlp(SAID)
    records = default_neural_model().predict(doc)
    assert records and all(a.method == "neural" for a in records)
    first = records[0]
    assert first.cue is not None and first.cue.text == "said"
    assert first.source is not None and "Jane Smith" in first.source.text
    assert first.content.text.startswith("The economy is in trouble")
    for record in records:
        for s, e in record.content.spans:
            assert 0 <= s < e <= len(SAID)


def test_neural_handles_an_article_longer_than_one_window(nlp):
    """Windows overlap and merge back: a 2,000-piece article gets attributions from its end too."""
    paragraph = "The committee will vote next week on the budget, Senator Jane Smith said on Tuesday."
    text = "\n\n".join([paragraph] * 100)
    records = default_neural_model().predict(nlp(text))
    assert len(records) >= 90
    assert max(a.content.spans[0][0] for a in records) > len(text) - 2 * len(paragraph)


def test_neural_method_resolves_speakers_like_the_rules(seed_text):
    result = saywho.extract(seed_text, id="seed", options=ExtractOptions.build(method="neural"))
    methods = {a.method for a in result.attributions}
    assert "neural" in methods and "model" not in methods
    assert any(a.method == "neural" and a.speaker is not None and a.speaker.entity for a in result.attributions)


def test_cli_extract_with_neural_method(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(SAID, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--method", "neural", "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    records = records[0] if isinstance(records, list) else records
    assert any(a["method"] == "neural" for a in records["attributions"])


def test_unknown_method_is_a_clear_error():
    with pytest.raises(saywho.errors.InputError, match="neural"):
        ExtractOptions.build(method="bert")


@pytest.mark.slow
def test_train_neural_writes_a_loadable_model(tmp_path):
    pytest.importorskip("torch", reason='training needs the train extra: pip install "saywho[train]"')
    from saywho.train.neural import NeuralSettings, train_neural

    settings = NeuralSettings(seed=3, limit=4, layers=1, epochs=1, window=64, train_stride=64, stride=32,
                              batch_size=8, threads=1)
    report = train_neural(POLNEAR / "train.jsonl", output=tmp_path / "run", settings=settings)
    assert report.articles == 4 and report.windows > 4
    from saywho.model.neural import NeuralModel

    model = NeuralModel.load(tmp_path / "run")
    assert model.meta["settings"]["layers"] == 1
    p, probs = model.piece_probabilities(SAID)
    assert probs.shape == (len(p.ids), len(LABELS))
    assert np.allclose(probs[~p.is_break].sum(axis=1), 1.0, atol=1e-4)
