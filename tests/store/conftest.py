"""Store fixtures: every store test runs on SQLite and on the real PostgreSQL server.

The PostgreSQL database is created once per test session (saywho_test_<random>), emptied before
each test and dropped at the end; PostgreSQL tests skip, saying why, when the server is unreachable.
"""

from __future__ import annotations

import pytest

from saywho.errors import StoreError
from saywho.store import Store
from saywho.store.fixtures import postgres_test_database, reset_database


@pytest.fixture(scope="session")
def pg_database():
    try:
        with postgres_test_database() as url:
            yield url
    except StoreError as exc:
        pytest.skip(f"PostgreSQL server unreachable: {exc}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "claims.db")
    url = request.getfixturevalue("pg_database")
    reset_database(url)
    return url


@pytest.fixture
def store(store_url):
    with Store(store_url) as opened:
        yield opened
