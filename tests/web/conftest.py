"""Fixtures of the web tests: the fixture store (see ``web_fixtures``), the app and its clients."""

from __future__ import annotations

import pytest
from web_fixtures import HANDMADE_ID, HANDMADE_TEXT, TOKEN, fixture_articles, handmade_result

from saywho import Article


@pytest.fixture(scope="session")
def web_store(tmp_path_factory, seed_text):
    """The fixture store, filled once per session through the real extractor and Store.add_batch."""
    import saywho
    from saywho.store import Store

    store = Store(tmp_path_factory.mktemp("web") / "claims.db")
    articles = fixture_articles(seed_text)
    results = list(saywho.extract_many(articles))
    store.add_batch(list(zip(articles, results)))
    handmade = handmade_result()
    store.add_batch([(Article(text=HANDMADE_TEXT, id=HANDMADE_ID, **handmade.meta), handmade)])
    yield store
    store.close()


@pytest.fixture(scope="session")
def app(web_store):
    from saywho.web import WebSettings, create_app

    return create_app(web_store, settings=WebSettings(token=TOKEN, max_body=200_000))


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def readonly_client(web_store):
    """The same store served without a token: POST /articles is refused."""
    from fastapi.testclient import TestClient

    from saywho.web import WebSettings, create_app

    with TestClient(create_app(web_store, settings=WebSettings()), raise_server_exceptions=False) as test_client:
        yield test_client
