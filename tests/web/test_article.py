"""The article reader page and its JSON twin, over the fixture store."""

from __future__ import annotations

import re

import pytest
from web_fixtures import HANDMADE_ID, HANDMADE_TEXT, handmade_result

HTML = {"accept": "text/html"}


def test_article_json_is_the_stored_result(client, web_store):
    body = client.get(f"/articles/{HANDMADE_ID}.json").json()
    assert body["article"]["text"] == HANDMADE_TEXT
    assert body["result"] == web_store.article_result(HANDMADE_ID).to_dict()
    assert body["result"]["attributions"] == handmade_result().to_dict()["attributions"]


def test_article_json_of_the_seed_matches_the_extractor(client, seed_result):
    body = client.get("/articles/seed.json").json()
    assert body["result"]["attributions"] == seed_result.to_dict()["attributions"]


def test_article_page_highlights_and_cards(client):
    page = client.get(f"/articles/{HANDMADE_ID}", headers=HTML)
    assert page.status_code == 200
    html = page.text
    assert len(re.findall(r'class="card sp-\d+"', html)) == 3
    assert html.count('<a class="hl hl-source') == 3
    assert re.search(r'<a class="speaker" href="/speakers/\d+-anna-berg">Anna Berg</a>', html)
    assert '>Anna Berg</a> <span class="role">senior analyst, <a href="/claims?entity=Example+Institute">' in html
    # The via chain links to the outlet's page by its id.
    assert re.search(r'href="/outlets/\d+-radio-free-europe-radio-liberty"', html)
    # Nesting: a3 says it is inside a2, a2 that it contains a3.
    assert 'inside <a href="#attr-a2">a2</a>' in html
    assert 'contains <a href="#attr-a3">a3</a>' in html


def test_article_page_links_its_json_twin(client):
    html = client.get(f"/articles/{HANDMADE_ID}", headers=HTML).text
    assert f'<link rel="alternate" type="application/json" href="/articles/{HANDMADE_ID}.json">' in html


@pytest.mark.parametrize("path", ["/articles/no-such-article", "/articles/no-such-article.json"])
def test_article_missing_is_404_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error": "no article with id 'no-such-article' in the store", "status": 404}


def test_article_missing_is_404_page_for_browsers(client):
    response = client.get("/articles/no-such-article", headers=HTML)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no article with id" in response.text


def test_every_speaker_link_on_a_page_leads_to_a_speaker_page(client):
    """Unresolved speakers ("soldiers") are shown without a link, so no speaker link is a dead end."""
    for path in (f"/articles/{HANDMADE_ID}", "/articles/seed", "/claims?limit=500"):
        html = client.get(path, headers=HTML).text
        links = set(re.findall(r'<a class="speaker" href="(/speakers/[^"]+)"', html))
        assert links, path
        for link in links:
            assert client.get(link + ".json").status_code == 200, link
    assert '<span class="speaker">soldiers</span>' in client.get(f"/articles/{HANDMADE_ID}", headers=HTML).text


def test_article_json_names_the_corpus_speakers(client):
    speakers = client.get(f"/articles/{HANDMADE_ID}.json").json()["speakers"]
    assert {k: v["name"] for k, v in speakers.items()} == {"a1": "Anna Berg", "a2": "Anna Berg"}
    assert speakers["a1"]["id"] == speakers["a2"]["id"]


@pytest.mark.parametrize("q, shown", [
    ({"low": 0.0, "high": 0.5, "unit": "share", "low_inclusive": True, "high_inclusive": True}, "[0, 0.5] share"),
    ({"low": None, "high": 0.5, "unit": "share"}, "≤ 0.5 share"),
    ({"low": 1e6, "high": 1e7, "unit": None, "high_inclusive": False}, "[1e+06, 1e+07)"),
    ({"low": 1000.0, "high": None, "unit": "troops", "low_inclusive": False}, "> 1000 troops"),
    ({"low": 13.0, "high": 13.0, "unit": "students"}, ""),
])
def test_quantity_intervals_for_people(q, shown):
    from saywho.web.views.article import interval

    assert interval(q) == shown


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
