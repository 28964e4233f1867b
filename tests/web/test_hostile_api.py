"""POST /articles with hostile text, on SQLite and PostgreSQL: bad client input is a 4xx, never a 503."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from saywho.store import Store
from saywho.web import WebSettings, create_app

TOKEN = "hostile-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def client(request, tmp_path_factory):
    url = str(tmp_path_factory.mktemp("api") / "claims.db") if request.param == "sqlite" \
        else request.getfixturevalue("pg_url")
    store = Store(url)
    with TestClient(create_app(store, settings=WebSettings(token=TOKEN))) as test_client:
        yield test_client
    store.close()


def test_hostile_api_stores_nul_as_a_space_on_both_stores(client):
    body = {"id": "nul-1", "title": "Port\u0000 news", "text": "The port authority said\u0000 talks would resume."}
    response = client.post("/articles", json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    stored = client.get("/articles/nul-1.json").json()["article"]
    assert stored["text"] == "The port authority said  talks would resume."
    assert stored["title"] == "Port news"
    again = client.post("/articles", json={**body, "id": None}, headers=AUTH)
    assert again.status_code == 200  # the same text: stored once


@pytest.mark.parametrize("body", [
    {"text": "The minister said \ud800 the talks failed."},
    {"text": "The union said the strike would go on.", "title": "bad \udc00"},
])
def test_hostile_api_refuses_lone_surrogates_as_invalid(client, body):
    import json

    raw = json.dumps(body)  # "\ud800" travels as a valid JSON escape
    response = client.post("/articles", content=raw, headers={**AUTH, "content-type": "application/json"})
    assert response.status_code == 422, response.text  # the request validator refuses what is not Unicode
    assert response.json()["error"].startswith("invalid request")
