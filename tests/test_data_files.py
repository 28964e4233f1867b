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
