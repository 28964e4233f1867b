"""Loading saywho's language data (``saywho/data/``): cue verbs, outlets, aliases, quantity words.

Data lives in small TSV files, one record a line, ``#`` for comments, keyed by language in the
file name (``cues_en.tsv``). Each file is parsed once per process. The settings (``settings.toml``)
can be changed without touching the installed package: a TOML file named by ``$SAYWHO_SETTINGS``
is laid over them, table by table.
"""

from __future__ import annotations

import csv
import json
import os
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError, ModelNotFound

# A TOML file whose tables and keys replace those of the shipped settings.toml.
SETTINGS_ENV = "SAYWHO_SETTINGS"

DATA_PACKAGE = "saywho.data"


def data_path(name: str):
    """The packaged data file ``name`` as an importlib Traversable."""
    return resources.files(DATA_PACKAGE).joinpath(name)


def _read_text(name: str) -> str:
    path = data_path(name)
    if not path.is_file():
        raise ModelNotFound(f"saywho's data file {name!r} is missing from the installed package; reinstall saywho")
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def load_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV data file, comments and blank lines skipped, cells stripped."""
    rows = []
    for line in _read_text(name).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in next(csv.reader([line], delimiter="\t"))))
    return tuple(rows)


@lru_cache(maxsize=None)
def load_words(name: str) -> frozenset[str]:
    """A one-word-a-line list as a set (first column of a TSV)."""
    return frozenset(row[0] for row in load_tsv(name))


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    return json.loads(_read_text(name))


def load_settings() -> dict[str, Any]:
    """The defaults in ``saywho/data/settings.toml``, with the file named by ``$SAYWHO_SETTINGS``
    (if set) laid over them: ``[claims.embeddings]`` with ``enabled = true`` turns that on and keeps
    every other setting."""
    return _settings(os.environ.get(SETTINGS_ENV) or "")


@lru_cache(maxsize=8)
def _settings(override: str) -> dict[str, Any]:
    settings = tomllib.loads(_read_text("settings.toml"))
    if override:
        try:
            _lay_over(settings, tomllib.loads(Path(override).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"cannot read the settings file {override} named by ${SETTINGS_ENV} ({exc})") from exc
    return settings


def _lay_over(settings: dict[str, Any], changes: dict[str, Any]) -> None:
    """``changes`` written into ``settings``, tables merged key by key, other values replaced."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(settings.get(key), dict):
            _lay_over(settings[key], value)
        else:
            settings[key] = value
