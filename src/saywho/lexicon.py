"""Loading saywho's language data (``saywho/data/``): cue verbs, outlets, aliases, quantity words.

Data lives in small TSV files, one record a line, ``#`` for comments, keyed by language in the
file name (``cues_en.tsv``). Each file is parsed once per process.
"""

from __future__ import annotations

import csv
import json
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import ModelNotFound

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


@lru_cache(maxsize=None)
def load_settings() -> dict[str, Any]:
    """The defaults in ``saywho/data/settings.toml``."""
    return tomllib.loads(_read_text("settings.toml"))
