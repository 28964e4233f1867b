"""Every language data file parses, and none holds duplicate entries."""

from __future__ import annotations

from importlib import resources

import pytest

from saywho.lexicon import load_settings, load_tsv

DATA_FILES = sorted(p.name for p in resources.files("saywho.data").iterdir() if p.name.endswith(".tsv"))


def test_data_files_exist():
    assert "outlets_en.tsv" in DATA_FILES


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_parses_without_duplicates(name):
    rows = load_tsv(name)
    assert rows, f"{name} has no rows"
    assert all(row and row[0] for row in rows), f"{name} has a row with an empty first column"
    duplicates = sorted({row for row in rows if rows.count(row) > 1})
    assert not duplicates, f"{name} repeats rows: {duplicates[:5]}"


def test_settings_have_every_extract_option():
    from dataclasses import fields

    from saywho.options import ExtractOptions

    assert set(load_settings()["extract"]) == {f.name for f in fields(ExtractOptions)}


def test_a_settings_file_named_by_the_environment_is_laid_over_the_shipped_one(tmp_path, monkeypatch):
    """$SAYWHO_SETTINGS changes what it names and keeps the rest: embeddings turned on without
    editing the installed package."""
    from saywho.claims.cluster import ClusterSettings

    shipped = load_settings()
    assert not ClusterSettings.defaults().embeddings
    override = tmp_path / "saywho.toml"
    override.write_text("[claims.embeddings]\nenabled = true\n\n[claims]\nmin_words = 4\n", encoding="utf-8")
    monkeypatch.setenv("SAYWHO_SETTINGS", str(override))
    settings = load_settings()
    assert settings["claims"]["embeddings"]["enabled"] is True and settings["claims"]["min_words"] == 4
    assert settings["claims"]["embeddings"]["adapter"] == shipped["claims"]["embeddings"]["adapter"]
    assert settings["claims"]["threshold"] == shipped["claims"]["threshold"] and settings["extract"] == shipped["extract"]
    cluster = ClusterSettings.defaults()
    assert cluster.embeddings and cluster.min_cosine == shipped["claims"]["embeddings"]["min_cosine"]
    monkeypatch.delenv("SAYWHO_SETTINGS")
    assert load_settings() == shipped


@pytest.mark.parametrize("content", [None, "[claims\nenabled = ", b"\xff\xfe[claims]"])
def test_a_settings_file_that_cannot_be_read_is_a_clear_error(tmp_path, monkeypatch, content):
    from typer.testing import CliRunner

    from saywho.cli.main import app
    from saywho.errors import InputError

    override = tmp_path / "saywho.toml"
    if isinstance(content, str):
        override.write_text(content, encoding="utf-8")
    elif content is not None:
        override.write_bytes(content)
    monkeypatch.setenv("SAYWHO_SETTINGS", str(override))
    with pytest.raises(InputError, match="settings file .* named by \\$SAYWHO_SETTINGS"):
        load_settings()
    article = tmp_path / "article.txt"
    article.write_text('"It will rain," the minister said.\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article)])
    assert result.exit_code != 0 and isinstance(result.exception, InputError)
