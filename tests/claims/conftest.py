"""Stores holding tests/claims/reports.py, extracted by the real pipeline, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from reports import REPORTS


@pytest.fixture(scope="session")
def report_items():
    """(Article, Result) for each report, oldest first, through the real extractor."""
    import saywho

    return [(article, saywho.extract(article.text, id=article.id, **article.meta())) for article in REPORTS]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def report_store(request, tmp_path_factory, report_items):
    """A store filled in two ingest batches, each followed by the incremental claims update."""
    from saywho.store import Store

    url = str(tmp_path_factory.mktemp("reports") / "reports.db") if request.param == "sqlite" \
        else request.getfixturevalue("pg_url")
    store = Store(url)
    store.add_batch(report_items[:3])
    store.update_claims()
    store.add_batch(report_items[3:])
    store.update_claims()
    yield store
    store.close()
