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


@pytest.fixture(scope="module")
def pg_url():
    """A PostgreSQL database of this test module's own, dropped afterwards."""
    from saywho.errors import StoreError
    from saywho.store.fixtures import postgres_test_database

    try:
        with postgres_test_database() as url:
            yield url
    except StoreError as exc:
        pytest.skip(f"PostgreSQL server unreachable: {exc}")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path_factory):
    """A store holding saywho.store.fixtures' hand-built records, on SQLite and on PostgreSQL
    (tests/store/ has its own, emptied before each test)."""
    from saywho.store.fixtures import fixture_store

    url = str(tmp_path_factory.mktemp("claims") / "claims.db") if request.param == "sqlite" \
        else request.getfixturevalue("pg_url")
    opened = fixture_store(url)
    yield opened
    opened.close()
