"""The JSON API and the pages' JSON and CSV twins, over the fixture store (FastAPI TestClient)."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import sys
import time
from urllib.parse import quote

import httpx
import pytest
from web_fixtures import HANDMADE_ID, TOKEN

from saywho.web.render import to_csv

HTML = {"accept": "text/html"}
AUTH = {"authorization": f"Bearer {TOKEN}"}

PAGES = [
    "/", "/claims", "/claims?type=direct", "/articles", "/speakers", "/entities", "/outlets", "/network",
    f"/articles/{HANDMADE_ID}", "/speakers/Anna%20Berg", "/entities/Anna%20Berg",
    "/outlets/Radio%20Free%20Europe%2FRadio%20Liberty",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_json_twin(client, path):
    """Each HTML page links, with rel=alternate, to the same path plus .json, which answers JSON."""
    page = client.get(path, headers=HTML)
    assert page.status_code == 200, page.text[:300]
    # A name in a profile path redirects to the row's own page (/speakers/3-anna-berg): its twin is that page's.
    final = page.url.raw_path.decode()
    base, _, query = final.partition("?")
    twin = ("/index" if base == "/" else base) + ".json" + ("?" + query if query else "")
    assert f'<link rel="alternate" type="application/json" href="{twin}">' in page.text
    response = client.get(twin)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert isinstance(response.json(), dict)


def test_json_twin_holds_what_the_page_shows(client):
    body = client.get("/speakers/Anna%20Berg.json").json()
    html = client.get("/speakers/Anna%20Berg", headers=HTML).text
    assert body["name"] == "Anna Berg"
    assert [r["role"] for r in body["roles"]] == ["senior analyst"]
    for claim in body["claims"]:
        assert claim["speaker"] == "Anna Berg"
        assert claim["text"].replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;") in html


def test_claims_filter_by_type_speaker_and_outlet(client):
    direct = client.get("/claims.json", params={"type": "direct", "limit": 500}).json()["items"]
    assert direct and {c["type"] for c in direct} == {"direct"}
    berg = client.get("/claims.json", params={"speaker": "Anna Berg"}).json()["items"]
    assert [c["local_id"] for c in berg if c["article_id"] == HANDMADE_ID] == ["a1", "a2"]
    # An outlet alias reaches claims that came through it on the via chain.
    via = client.get("/claims.json", params={"outlet": "RFE/RL", "limit": 500}).json()["items"]
    assert via and all("Radio Free Europe/Radio Liberty" in c["via"] or c["outlet"] == "Radio Free Europe/Radio Liberty"
                       for c in via)


def test_claims_filter_by_date(client):
    items = client.get("/claims.json", params={"date_from": "2024-04-01", "date_to": "2024-04-30", "limit": 500}).json()["items"]
    assert items and {c["published"][:7] for c in items} == {"2024-04"}


def test_claims_filter_by_entity_and_words(client):
    about = client.get("/claims.json", params={"entity": "North Korea", "limit": 500}).json()["items"]
    assert about and all(c["article_id"] == "seed" for c in about)
    both = client.get("/claims.json", params={"entity": "North Korea", "q": "artillery", "limit": 500}).json()["items"]
    assert both and all("artillery" in c["text"].lower() for c in both)
    assert {c["attribution_id"] for c in both} <= {c["attribution_id"] for c in about}


def test_claims_pagination_walks_every_claim_once(client, web_store):
    seen, url = [], "/claims.json?limit=4"
    while url:
        body = client.get(url).json()
        assert len(body["items"]) <= 4
        seen += [c["attribution_id"] for c in body["items"]]
        url = body["pagination"]["next"]
        assert url is None or url.startswith("/claims.json?")
    assert len(seen) == len(set(seen)) == web_store.counts()["attributions"]


def test_list_pages_keep_filters_in_page_links(client):
    body = client.get("/claims.json?type=direct&limit=1").json()
    assert body["pagination"]["next"] == "/claims.json?type=direct&limit=1&offset=1"
    assert body["pagination"]["prev"] is None
    second = client.get(body["pagination"]["next"]).json()
    assert second["pagination"]["prev"] == "/claims.json?type=direct&limit=1&offset=0"


@pytest.mark.parametrize("path, message", [
    ("/claims.json?type=quoted", "invalid request: query.type: Input should be 'direct', 'indirect' or 'mixed'"),
    ("/claims.json?limit=0", "invalid request: query.limit: Input should be greater than or equal to 1"),
    ("/claims.json?limit=501", "invalid request: query.limit: Input should be less than or equal to 500"),
    ("/claims.json?date_from=yesterday", None),
    ("/speakers/Nobody%20At%20All.json", "no speaker called 'Nobody At All' in the store"),
    ("/entities/Atlantis.json", "no entity called 'Atlantis' in the store"),
    ("/outlets/Nowhere%20Times.json", "no outlet called 'Nowhere Times' in the store"),
    ("/no/such/page", "no page at /no/such/page"),
])
def test_errors_have_one_json_shape(client, path, message):
    response = client.get(path)
    body = response.json()
    assert response.status_code in (400, 404, 422)
    assert set(body) == {"ok", "error", "status"} and body["ok"] is False and body["status"] == response.status_code
    if message:
        assert body["error"] == message


def test_wrong_method_is_a_json_error(client):
    response = client.delete(f"/articles/{HANDMADE_ID}")
    assert response.status_code == 405
    assert response.json() == {"ok": False, "error": "Method Not Allowed", "status": 405}


def test_claims_csv_matches_the_json(client):
    items = client.get("/claims.json?limit=500").json()["items"]
    response = client.get("/claims.csv?limit=500")
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="claims.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["attribution_id"] for r in rows] == [str(c["attribution_id"]) for c in items]
    assert json.loads(rows[0]["via"]) == items[0]["via"]


@pytest.mark.parametrize("path", ["/articles.csv", "/speakers.csv", "/entities.csv", "/outlets.csv", "/network.csv",
                                  "/speakers/Anna%20Berg.csv", "/outlets/RFE%2FRL.csv"])
def test_every_list_downloads_as_csv(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert len(list(csv.reader(io.StringIO(response.text)))) >= 2


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    text = to_csv([{"text": "=HYPERLINK(\"http://x\")", "n": 1, "speaker": {"name": "@bob"}, "via": ["-x"]}])
    assert list(csv.reader(io.StringIO(text))) == [["text", "n", "speaker.name", "via"],
                                                    ["'=HYPERLINK(\"http://x\")", "1", "'@bob", '["-x"]']]


def test_openapi_documents_the_json_api_only(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/claims.json", "/articles.json", "/articles/{id}.json", "/speakers.json", "/speakers/{ref}.json",
            "/entities.json", "/entities/{ref}.json", "/outlets.json", "/outlets/{ref}.json", "/network.json",
            "/index.json", "/articles"} <= paths
    assert not any(p in paths for p in ("/claims", "/speakers", "/network", "/"))
    assert "post" in spec["paths"]["/articles"]


@pytest.fixture()
def writable_client(tmp_path):
    """A fresh, empty store with a token, so that writes do not change the shared fixture store."""
    from fastapi.testclient import TestClient

    from saywho.store import Store
    from saywho.web import WebSettings, create_app

    with Store(tmp_path / "write.db") as store, \
            TestClient(create_app(store, settings=WebSettings(token=TOKEN)), raise_server_exceptions=False) as c:
        yield c


def test_post_article_extracts_and_stores(writable_client, nlp):
    article = {"id": "posted-1", "title": "Posted", "outlet": "Reuters", "published": "2024-06-01",
               "text": "\"We will not retreat,\" said Defence Minister Anna Kowalska, according to Reuters.\n"}
    response = writable_client.post("/articles", json=article, headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["ok"] is True and body["id"] == "posted-1" and body["stored"] is True
    assert body["url"] == "/articles/posted-1"
    import saywho

    expected = saywho.extract(article["text"], id="posted-1", title="Posted", outlet="Reuters", published="2024-06-01")
    assert body["result"]["attributions"] == expected.to_dict()["attributions"]
    stored = writable_client.get("/articles/posted-1.json").json()
    assert stored["article"]["text"] == article["text"] and stored["result"] == body["result"]
    again = writable_client.post("/articles", json={**article, "id": "posted-2"}, headers=AUTH)
    assert again.status_code == 200 and again.json()["stored"] is False and again.json()["id"] == "posted-1"
    assert writable_client.get("/articles.json").json()["items"][0]["id"] == "posted-1"


def test_post_article_without_id_gets_its_hash(writable_client, nlp):
    from saywho.store import content_hash

    text = "Officials said the bridge would reopen on Monday.\n"
    response = writable_client.post("/articles", json={"text": text}, headers=AUTH)
    assert response.status_code == 201
    assert response.json()["id"] == content_hash(text)[:16]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_saywho_serve_starts_read_only_on_localhost(tmp_path, web_store):
    """The real command: binds 127.0.0.1 by default, serves the store given with --db, refuses writes."""
    port = _free_port()
    db = web_store.url.removeprefix("sqlite:///")
    env_free = {k: v for k, v in __import__("os").environ.items() if k != "SAYWHO_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "saywho", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env_free)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/articles.json", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("saywho serve did not start: " + (proc.stdout.read() if proc.poll() is not None else ""))
                time.sleep(0.2)
        assert {a["id"] for a in response.json()["items"]} >= {"seed", HANDMADE_ID}
        assert httpx.post(f"http://127.0.0.1:{port}/articles", json={"text": "x"}).status_code == 403
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0]
    assert f"on http://127.0.0.1:{port}/ (read-only)" in output


def test_serve_rejects_a_bad_port():
    result = subprocess.run([sys.executable, "-m", "saywho", "serve", "--port", "70000"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert "--port must be between 1 and 65535, not 70000" in result.stderr
    assert "Traceback" not in result.stderr


def test_article_ids_with_spaces_and_unicode_round_trip(client):
    path = "/articles/" + quote(HANDMADE_ID)
    assert client.get(path + ".json").json()["article"]["id"] == HANDMADE_ID


def test_empty_form_fields_mean_no_filter(client):
    """The HTML filter form sends every field; empty ones must not fail date or type validation."""
    full = client.get("/claims.json?limit=500").json()["items"]
    blank = client.get("/claims.json?q=&speaker=&date_from=&date_to=&type=&limit=500").json()["items"]
    assert blank == full


def test_search_without_words_is_refused_clearly(client):
    response = client.get("/claims.json", params={"q": "?!"})
    assert response.status_code == 422 and response.json()["error"].startswith("invalid request: query.q")
    # The page keeps the search form, filled as sent, and says what went wrong above the results.
    page = client.get("/claims", params={"q": "?!", "type": "direct"}, headers=HTML)
    assert page.status_code == 422
    assert 'role="alert">invalid request: query.q' in page.text
    assert 'name="q" value="?!"' in page.text and '<option value="direct" selected>' in page.text


def test_token_comes_from_the_environment(monkeypatch):
    from saywho.web import WebSettings

    monkeypatch.setenv("SAYWHO_TOKEN", "from-env")
    assert WebSettings.from_env().token == "from-env"
    assert WebSettings.from_env(token="flag").token == "flag"
    monkeypatch.delenv("SAYWHO_TOKEN")
    assert WebSettings.from_env().token is None


def test_post_with_a_taken_id_keeps_both_articles(writable_client, nlp):
    first = writable_client.post("/articles", json={"id": "dup", "text": "The mayor said the road is closed.\n"},
                                 headers=AUTH)
    second = writable_client.post("/articles", json={"id": "dup", "text": "The governor said the road is open.\n"},
                                  headers=AUTH)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == "dup" and second.json()["id"].startswith("dup~")
    assert writable_client.get(second.json()["url"] + ".json").json()["article"]["text"].startswith("The governor")


def test_every_html_route_has_a_documented_json_twin(app):
    """No page can be added without its JSON twin in the OpenAPI spec (datasette's alternate-URL rule)."""
    from fastapi.routing import APIRoute

    from saywho.web.views import MODULES

    routes = [r for module in MODULES for r in module.router.routes if isinstance(r, APIRoute) and "GET" in r.methods]
    documented = set(app.openapi()["paths"])
    html = [r.path for r in routes if not r.include_in_schema and not r.path.endswith((".json", ".csv"))]
    assert len(html) >= 10
    for path in html:
        twin = ("/index" if path == "/" else path.replace(":path}", "}")) + ".json"
        assert twin in documented, path


# -- identity by id, totals, facets, export, API hygiene --------------------------------------------


def test_profile_links_use_ids_and_names_redirect(client):
    response = client.get("/speakers/Anna%20Berg.json", follow_redirects=False)
    assert response.status_code == 307
    location = response.headers["location"]
    assert re.fullmatch(r"/speakers/\d+-anna-berg\.json", location)
    assert client.get(location).json()["name"] == "Anna Berg"
    # The id alone opens the page too; the slug is for people.
    row_id = location.split("/")[-1].split("-")[0]
    assert client.get(f"/speakers/{row_id}.json").json()["name"] == "Anna Berg"
    assert client.get("/speakers/999999999.json").status_code == 404


def test_entity_aliases_resolve_to_the_entity(client):
    korea = client.get("/entities/North%20Korea.json")
    assert korea.status_code == 200 and korea.json()["name"] == "North Korea"
    assert client.get("/entities/Pyongyang.json").json()["id"] == korea.json()["id"]


def test_an_ambiguous_name_redirects_to_the_filtered_list(client):
    # "Korea" is no entity's name or alias, but part of North Korea's and South Korea's: the list, filtered.
    response = client.get("/entities/Korea", follow_redirects=False, headers=HTML)
    assert response.status_code == 307 and response.headers["location"] == "/entities?name=Korea"
    listed = {e["name"] for e in client.get(response.headers["location"].replace("/entities", "/entities.json")).json()["items"]}
    assert {"North Korea", "South Korea"} <= listed


def test_every_list_says_its_total(client):
    for path in ("/claims.json", "/articles.json", "/speakers.json", "/entities.json", "/outlets.json"):
        body = client.get(path, params={"limit": 2}).json()
        total = body["pagination"]["total"]
        assert total >= len(body["items"]) and (total <= 2 or body["pagination"]["next"]), path
        everything = client.get(path, params={"limit": 500}).json()["items"]
        assert len(everything) == total, path
    html = client.get("/speakers", params={"limit": 2}, headers=HTML).text
    assert re.search(r"1–2 of \d+", html)


def test_profile_pages_page_their_claims_and_count_all(client):
    body = client.get("/outlets/RFE%2FRL.json", params={"limit": 1}).json()
    assert len(body["claims"]) == 1 and body["claims_total"] >= 1
    assert body["pagination"]["total"] == body["claims_total"]
    assert sum(t["claims"] for t in body["timeline"]) == body["claims_total"]


def test_claims_facets_link_to_narrowed_searches(client):
    body = client.get("/claims.json").json()
    assert set(body["facets"]) == {"speaker", "outlet", "entity", "type", "kind", "month"}
    kind = body["facets"]["kind"][0]
    assert client.get("/claims.json", params={"kind": kind["value"]}).json()["pagination"]["total"] == kind["count"]
    top = body["facets"]["speaker"][0]
    narrowed = client.get(top["url"].replace("/claims", "/claims.json", 1)).json()
    assert narrowed["pagination"]["total"] == top["count"]
    assert {c["speaker_id"] for c in narrowed["items"]} == {top["id"]}


def test_search_points_to_the_entity_page_and_marks_its_words(client):
    body = client.get("/claims.json", params={"q": "North Korea"}).json()
    assert {"kind": "entity", "name": "North Korea"}.items() <= body["see_also"][0].items()
    html = client.get("/claims", params={"q": "artillery"}, headers=HTML).text
    assert "<mark>artillery</mark>" in html


def test_export_all_streams_every_match(client):
    total = client.get("/claims.json", params={"limit": 1}).json()["pagination"]["total"]
    lines = client.get("/claims/export.jsonl").text.splitlines()
    assert len(lines) == total and json.loads(lines[0])["attribution_id"]
    rows = list(csv.DictReader(io.StringIO(client.get("/claims/export.csv", params={"type": "direct"}).text)))
    direct = client.get("/claims.json", params={"type": "direct", "limit": 500}).json()["items"]
    assert [int(r["attribution_id"]) for r in rows] == [c["attribution_id"] for c in direct]


def test_article_csv_lists_its_attributions(client):
    rows = list(csv.DictReader(io.StringIO(client.get(f"/articles/{quote(HANDMADE_ID)}.csv").text)))
    assert [r["id"] for r in rows] == ["a1", "a2", "a3"] and rows[0]["speaker.name"] == "Anna Berg"


def test_head_and_gzip(client):
    head = client.head("/claims.json")
    assert head.status_code == 200 and head.content == b"" and head.headers["content-type"] == "application/json"
    zipped = client.get("/claims.json", params={"limit": 500}, headers={"accept-encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.json()["items"]


def test_token_is_checked_before_the_body(client):
    for body in ({"text": ""}, {"evil": 1}):
        assert client.post("/articles", json=body).status_code == 401
    assert client.post("/articles", content=b"{not json", headers={"content-type": "application/json"}).status_code == 401


@pytest.mark.parametrize("field, value", [("url", "javascript:alert(1)"), ("url", "ftp://example.org/a"),
                                          ("url", "example.org/a"), ("published", "yesterday"),
                                          ("published", "2024-13-45"), ("published", "01/02/2024")])
def test_post_refuses_non_http_urls_and_non_iso_dates(client, field, value):
    response = client.post("/articles", json={"text": "Officials said it rained.", field: value}, headers=AUTH)
    assert response.status_code == 422 and response.json()["error"].startswith(f"invalid request: {field}")


def test_openapi_declares_the_bearer_scheme_schemas_and_csv(client):
    spec = client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert spec["paths"]["/articles"]["post"]["security"] == [{"bearer": []}]
    claims = spec["paths"]["/claims.json"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert "pagination" in claims["required"]
    assert "text/csv" in spec["paths"]["/claims.csv"]["get"]["responses"]["200"]["content"]
    assert "/articles/{id}.csv" in spec["paths"] and "/claims/export.{fmt}" in spec["paths"]


def test_profile_timelines_by_day_week_or_month(client):
    days = client.get("/entities/North%20Korea.json", params={"by": "day"}).json()["timeline"]
    months = client.get("/entities/North%20Korea.json", params={"by": "month"}).json()["timeline"]
    weeks = client.get("/entities/North%20Korea.json", params={"by": "week"}).json()["timeline"]
    assert sum(t["claims"] for t in days) == sum(t["claims"] for t in months) == sum(t["claims"] for t in weeks)
    assert all(len(t["date"]) == 7 for t in months if t["date"])
    assert client.get("/entities/North%20Korea.json", params={"by": "year"}).status_code == 422


def test_search_language_errors_show_in_the_page_and_or_and_exclusion_work(client):
    page = client.get("/claims", params={"q": "-shells"}, headers=HTML)
    assert page.status_code == 400 and 'role="alert">' in page.text and 'name="q" value="-shells"' in page.text
    assert client.get("/claims.json", params={"q": "-shells"}).json()["status"] == 400
    either = client.get("/claims.json", params={"q": "artillery OR stockpiles", "limit": 500}).json()["items"]
    alone = {c["attribution_id"] for c in client.get("/claims.json", params={"q": "artillery", "limit": 500}).json()["items"]}
    assert alone < {c["attribution_id"] for c in either}
    without = client.get("/claims.json", params={"q": "Korea -artillery", "limit": 500}).json()["items"]
    assert without and not any("artillery" in c["text"].lower() for c in without)
    html = client.get("/claims", params={"q": "Korea -artillery"}, headers=HTML).text
    assert "<mark>Korea</mark>" in html and "<mark>artillery</mark>" not in html
