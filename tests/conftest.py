"""Fixtures shared by the whole suite (one root conftest, as in spaCy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_TEXT = REPO / "examples" / "seed-article.txt"
SEED_GOLD = SHARED / "seed" / "gold.json"
POLNEAR = SHARED / "data" / "polnear"


@pytest.fixture(scope="session")
def nlp():
    from saywho.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    if not SEED_GOLD.exists():
        pytest.skip("the shared seed gold file is not beside this checkout")
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_result(seed_text):
    import saywho

    return saywho.extract(seed_text, id="seed")
