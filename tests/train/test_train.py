"""Training the attribution tagger (`saywho train`) on a small PolNeAR-style file, end to end."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from saywho.cli.main import app


def test_train_command_runs_end_to_end(tmp_path, polnear_file):
    output = tmp_path / "model"
    result = CliRunner().invoke(app, ["train", "--train", str(polnear_file), "--dev", str(polnear_file),
                                      "--iterations", "3", "--output", str(output), "--cache-dir",
                                      str(tmp_path / "cache"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["articles"] == 5 and summary["tokens"] > 100
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
