"""`saywho extract`: formats, ids, output files, and every flag reaching ExtractOptions."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from saywho.cli.main import app

runner = CliRunner()

ARTICLES = [
    {"id": "wire-1", "text": "“The talks will resume on Monday,” the foreign minister said.", "title": "Talks"},
    {"id": "wire-2", "text": "Prices rose by about 3% in March, according to the statistics office."},
    {"id": "wire-3", "text": "Anna Berg, an economist at Nordbank, said that growth would slow. “It is over,” Berg added."},
]


@pytest.fixture()
def articles_file(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_cli_extract_jsonl_keeps_ids_and_order(articles_file):
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(articles_file)])
    assert result.exit_code == 0, result.output
    records = lines(result.stdout)
    assert [r["id"] for r in records] == ["wire-1", "wire-2", "wire-3"]
    assert all(r["schema_version"] == "2" for r in records)
    assert records[0]["meta"] == {"title": "Talks"}


def test_cli_extract_writes_output_file(articles_file, tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(articles_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in lines(out.read_text(encoding="utf-8"))] == ["wire-1", "wire-2", "wire-3"]


def test_cli_extract_text_file_and_table(tmp_path, seed_text):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    as_json = runner.invoke(app, ["extract", "--format", "json", str(path)])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["id"] == "seed"
    table = runner.invoke(app, ["extract", "--format", "table", str(path)])
    assert table.exit_code == 0, table.output
    assert "attributions" in table.stdout


def test_cli_extract_reads_standard_input(seed_text):
    result = runner.invoke(app, ["extract", "-"], input=seed_text)
    assert result.exit_code == 0, result.output
    assert lines(result.stdout)[0]["id"] == "stdin"


def test_cli_extract_flags_reach_options(articles_file, tmp_path):
    too_long = runner.invoke(app, ["extract", "--max-chars", "20", str(articles_file)])
    assert too_long.exit_code == 1
    assert "more than the limit of 20" in too_long.output
    bare = lines(runner.invoke(app, ["extract", "--no-entities", "--no-quantities", str(articles_file)]).stdout)
    assert all(r["entities"] == [] and r["quantities"] == [] for r in bare)
    rules = lines(runner.invoke(app, ["extract", "--method", "rules", str(articles_file)]).stdout)
    assert all(a["method"] == "rules" for r in rules for a in r["attributions"])
    config = tmp_path / "saywho.toml"
    config.write_text("[extract]\nmax_chars = 25\n", encoding="utf-8")
    from_config = runner.invoke(app, ["extract", "--config", str(config), str(articles_file)])
    assert "more than the limit of 25" in from_config.output


def test_cli_extract_parallel_matches_serial(articles_file):
    serial = runner.invoke(app, ["extract", "--n-process", "1", "--batch-size", "1", str(articles_file)])
    parallel = runner.invoke(app, ["extract", "--n-process", "2", "--batch-size", "1", str(articles_file)])
    assert serial.exit_code == parallel.exit_code == 0
    assert lines(serial.stdout) == lines(parallel.stdout)


def test_cli_extract_help_lists_every_option():
    result = runner.invoke(app, ["extract", "--help"])
    for flag in ("--format", "--output", "--method", "--model", "--max-chars", "--n-process", "--batch-size", "--config"):
        assert flag in result.output
