"""The extraction flags are declared once (saywho.cli.options.EXTRACT_FLAGS) and every command
that extracts takes them all: extract, eval, ingest (--workers instead of --n-process) and serve
(for POST /articles; one article a request, so no processes or batches)."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from saywho.cli.main import app
from saywho.cli.options import EXTRACT_FLAGS

LEFT_OUT = {"extract": set(), "eval": set(), "ingest": {"n_process"}, "serve": {"n_process", "batch_size"}}
TEXT = "The plan will fail, Senator Jane Smith said in Paris on Tuesday, adding that 40 percent of voters agree.\n"


def flag_names(command: str) -> set[str]:
    params = typer.main.get_command(app).commands[command].params
    return {param.name for param in params if param.param_type_name == "option"}


@pytest.mark.parametrize("command", sorted(LEFT_OUT))
def test_every_extracting_command_takes_every_extraction_flag(command):
    assert set(EXTRACT_FLAGS) - LEFT_OUT[command] <= flag_names(command)
    assert not LEFT_OUT[command] & flag_names(command)
    assert "options" not in flag_names(command)


def test_extract_flags_reach_the_options(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    config = tmp_path / "saywho.toml"
    config.write_text("[extract]\nquantities = false\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--method", "rules", "--no-entities",
                                      "--config", str(config)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["attributions"] and {a["method"] for a in record["attributions"]} == {"rules"}
    assert record["entities"] == [] and record["quantities"] == []
    defaults = json.loads(CliRunner().invoke(app, ["extract", str(article)]).stdout.splitlines()[0])
    assert defaults["entities"] and defaults["quantities"]  # so the flags above did something


def test_bad_flag_value_is_a_clear_error(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--method", "magic"])
    assert result.exit_code != 0 and "method must be hybrid, rules or model" in str(result.exception)


def test_post_articles_extracts_with_the_servers_options(tmp_path):
    from fastapi.testclient import TestClient

    from saywho.options import ExtractOptions
    from saywho.store import Store
    from saywho.web import WebSettings, create_app

    settings = WebSettings(token="t", extract=ExtractOptions.build(method="rules", entities=False, quantities=False))
    with Store(tmp_path / "claims.db") as store, TestClient(create_app(store, settings=settings)) as client:
        response = client.post("/articles", json={"text": TEXT}, headers={"Authorization": "Bearer t"})
    assert response.status_code == 201, response.text
    result = response.json()["result"]
    assert result["attributions"] and {a["method"] for a in result["attributions"]} == {"rules"}
    assert result["entities"] == [] and result["quantities"] == []
