"""`saywho eval` end to end on a small gold file: tables, JSON, reports, errors, the baseline flags."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from saywho.cli.main import app
from saywho.errors import EvalError

runner = CliRunner()

ARTICLES = [
    ("quote", "“We will not vote for this bill under any circumstances,” Senator Jane Doe said on Monday.",
     {"content_spans": [[0, 57]], "speaker_spans": [[58, 74]], "cue_spans": [[75, 79]]}),
    ("indirect", "Prices rose by about 3% in March, according to the statistics office.",
     {"content_spans": [[0, 32]], "speaker_spans": [[47, 68]], "cue_spans": [[34, 46]]}),
]


@pytest.fixture()
def gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    lines = [json.dumps({"id": id, "split": "dev", "text": text, "quotes": [quote]}) for id, text, quote in ARTICLES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_eval_gold_offsets_are_right():
    for _, text, quote in ARTICLES:
        assert text[slice(*quote["cue_spans"][0])] in ("said", "according to")


def test_cli_eval_prints_tables_for_each_system(gold_file):
    result = runner.invoke(app, ["eval", str(gold_file), "--system", "saywho-rules", "--system", "textacy"])
    assert result.exit_code == 0, result.output
    assert "saywho-rules: 2 articles" in result.output and "textacy: 2 articles" in result.output
    assert "quoted content" in result.output and "exact F1 per role" in result.output


def test_cli_eval_json_report_and_errors(gold_file, tmp_path):
    report, errors = tmp_path / "report.md", tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["eval", str(gold_file), "--split", "dev", "--system", "textacy", "--json",
                                 "--report", str(report), "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    textacy = data["systems"]["textacy"]
    assert textacy["articles"] == 2 and textacy["attribution"]["gold"] == 2
    # textacy finds only direct quotes: the quoted one, never the "according to" one.
    assert textacy["by_quotes"]["unquoted"]["found"] == 0
    assert "| textacy |" in report.read_text(encoding="utf-8")
    listed = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    misses = [r for r in listed if r["level"] == "attribution" and r["kind"] == "miss"]
    assert any(r["gold"]["content"]["text"].startswith("Prices rose") for r in misses)
    assert all(r["sentence"] for r in listed)
    assert "errors written" in result.stderr  # with --json, people's output goes to stderr


def test_cli_eval_gate_flags_refuse_a_partial_or_reconfigured_run(gold_file, tmp_path):
    for extra in (["--limit", "1"], ["--method", "rules"], ["--no-entities"]):
        result = runner.invoke(app, ["eval", str(gold_file), "--check", "--baseline", str(tmp_path / "b.json"), *extra])
        assert isinstance(result.exception, EvalError)
        assert "drop --limit and the extraction flags" in str(result.exception)


def test_cli_eval_gate_keeps_each_span_style_to_its_own_floors(gold_file, tmp_path):
    baseline = tmp_path / "baseline.json"
    pinned = runner.invoke(app, ["eval", str(gold_file), "--baseline", str(baseline), "--update-baseline",
                                 "--span-style", "polnear"])
    assert pinned.exit_code == 0, pinned.output
    assert json.loads(baseline.read_text(encoding="utf-8"))["span_style"] == "polnear"
    checked = runner.invoke(app, ["eval", str(gold_file), "--baseline", str(baseline), "--check", "--span-style", "polnear"])
    assert checked.exit_code == 0 and "at or above every floor" in checked.output
    other = runner.invoke(app, ["eval", str(gold_file), "--baseline", str(baseline), "--check"])
    assert isinstance(other.exception, EvalError) and "set with --span-style polnear, not seed" in str(other.exception)


def test_cli_eval_method_reaches_saywho(gold_file, monkeypatch):
    seen = []
    stage = importlib.import_module("saywho.extract")  # the subpackage (saywho.extract is the function)
    real = stage.extract_doc

    def spy(doc, *, id, options=None, meta=None):
        seen.append(options.method)
        return real(doc, id=id, options=options, meta=meta)

    monkeypatch.setattr(stage, "extract_doc", spy)
    result = runner.invoke(app, ["eval", str(gold_file), "--method", "rules", "--json"])
    assert result.exit_code == 0, result.output
    assert seen == ["rules", "rules"]


def test_cli_eval_baseline_update_then_check(gold_file, tmp_path):
    baseline = tmp_path / "baseline.json"
    first = runner.invoke(app, ["eval", str(gold_file), "--system", "saywho-rules", "--baseline", str(baseline),
                                "--update-baseline"])
    assert first.exit_code == 0, first.output
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert set(data["floors"]) == {"source", "cue", "content", "attribution"} and data["system"] == "saywho"
    checked = runner.invoke(app, ["eval", str(gold_file), "--baseline", str(baseline), "--check"])
    assert checked.exit_code == 0 and "at or above every floor" in checked.output
    data["floors"]["cue"] = 1.01  # no system reaches this
    baseline.write_text(json.dumps(data), encoding="utf-8")
    failed = runner.invoke(app, ["eval", str(gold_file), "--baseline", str(baseline), "--check"])
    assert failed.exit_code == 1 and "cue F1" in failed.output and "below its floor 1.0100" in failed.output
    lowered = runner.invoke(app, ["eval", str(gold_file), "--baseline", str(baseline), "--update-baseline"])
    assert isinstance(lowered.exception, EvalError) and "--allow-regression" in str(lowered.exception)
    allowed = runner.invoke(app, ["eval", str(gold_file), "--baseline", str(baseline), "--update-baseline",
                                  "--allow-regression"])
    assert allowed.exit_code == 0 and json.loads(baseline.read_text())["floors"]["cue"] < 1.0


def test_cli_eval_bad_input_is_a_clear_error(gold_file, tmp_path):
    unknown = runner.invoke(app, ["eval", str(gold_file), "--system", "nope"])
    assert isinstance(unknown.exception, EvalError) and "unknown system 'nope'" in str(unknown.exception)
    done = subprocess.run([sys.executable, "-m", "saywho.cli.main", "eval", str(tmp_path / "missing.jsonl")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Error:" in done.stderr and "does not exist" in done.stderr and "Traceback" not in done.stderr


def test_cli_eval_scores_saved_results_of_the_json_contract(gold_file, tmp_path):
    saved = tmp_path / "mytool.jsonl"
    text = ARTICLES[1][1]
    saved.write_text(json.dumps({"id": "indirect", "schema_version": "1", "attributions": [{
        "id": "a1", "type": "indirect", "content": {"text": text[0:32], "spans": [[0, 32]]},
        "cue": {"text": "according to", "spans": [[34, 46]]},
        "source": {"text": "the statistics office", "spans": [[47, 68]]}, "speaker": None}]}) + "\n"
        + json.dumps({"id": "quote", "error": {"type": "InputError", "message": "x"}}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold_file), "--system", "textacy", "--predictions", str(saved), "--json"])
    assert result.exit_code == 0, result.output
    mine = json.loads(result.stdout)["systems"]["mytool"]
    assert mine["attribution"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "gold": 2, "predicted": 1,
                                   "found": 1, "correct": 1}
    assert mine["roles"]["cue"]["exact"]["found"] == 1


def test_cli_eval_bad_saved_results_are_a_clear_error(gold_file, tmp_path):
    saved = tmp_path / "bad.jsonl"
    saved.write_text('{"id": "quote", "attributions": [{"cue": null}]}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold_file), "--predictions", str(saved)])
    assert isinstance(result.exception, EvalError) and "bad.jsonl:1: not a result of the JSON contract" in str(result.exception)
    other = tmp_path / "other.jsonl"
    other.write_text('{"id": "zzz", "attributions": []}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold_file), "--predictions", str(other)])
    assert isinstance(result.exception, EvalError) and "none of the 1 article ids" in str(result.exception)


def test_cli_eval_shared_parse_scores_like_saywho_extract(gold_file, tmp_path):
    # The harness runs saywho on its own spaCy pass; `saywho extract` output must score the same.
    saved = tmp_path / "extracted.jsonl"
    extracted = runner.invoke(app, ["extract", "--format", "jsonl", str(gold_file), "-o", str(saved)])
    assert extracted.exit_code == 0, extracted.output
    result = runner.invoke(app, ["eval", str(gold_file), "--predictions", str(saved), "--json"])
    systems = json.loads(result.stdout)["systems"]
    assert systems["saywho"] == systems["extracted"]
