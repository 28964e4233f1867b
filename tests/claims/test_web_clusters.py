"""The claim cluster and figure pages: HTML, JSON and CSV twins, errors, and the OpenAPI spec."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from saywho.web.app import create_app


@pytest.fixture(scope="module")
def client(report_store):
    return TestClient(create_app(report_store))


def test_clusters_list_json_csv_and_html(client):
    data = client.get("/clusters.json", params={"about": "North Korea", "min_origins": 2}).json()
    assert data["pagination"]["total"] == len(data["items"]) == 2
    assert all(row["origins"] >= 2 and row["url"] == f"/clusters/{row['id']}" for row in data["items"])
    rows = list(csv.DictReader(io.StringIO(client.get("/clusters.csv", params={"min_origins": 2}).text)))
    assert {int(r["id"]) for r in rows} == {row["id"] for row in data["items"]}
    page = client.get("/clusters", params={"min_origins": 2})
    assert page.status_code == 200 and "war needs" in page.text and 'rel="alternate"' in page.text


def test_cluster_page_shows_who_said_it_and_origins(client):
    first = client.get("/clusters.json", params={"q": '"war needs"'}).json()["items"][0]
    data = client.get(f"/clusters/{first['id']}.json").json()
    assert data["independent_origins"] == 2 and len(data["members"]) == 3
    assert [m["published"] for m in data["members"]] == sorted(m["published"] for m in data["members"])
    html = client.get(f"/clusters/{first['id']}").text
    assert "Hugh Griffiths" in html and "2 independent origins" in html and "figures disagree" in html
    assert "/static/vendor/chartjs/chart.umd.min.js" in html
    rows = list(csv.DictReader(io.StringIO(client.get(f"/clusters/{first['id']}.csv").text)))
    assert {r["article_id"] for r in rows} == {"rfe-1", "guardian-1", "reuters-1"}


def test_figures_page_json_csv_and_chart(client):
    data = client.get("/figures.json", params={"q": "artillery shells"}).json()
    shells = data["groups"][0]
    assert shells["disagree"] and shells["measure"] == "artillery shells"
    rows = list(csv.DictReader(io.StringIO(client.get("/figures.csv", params={"q": "artillery shells"}).text)))
    assert {r["text"] for r in rows if r["disagrees"] == "True"} >= {"hundreds of thousands of artillery shells"}
    html = client.get("/figures", params={"q": "artillery shells"}).text
    assert 'class="interval-chart"' in html and "/static/figures.js" in html and "figures disagree" in html
    assert client.get("/static/figures.js").status_code == 200
    assert client.get("/figures").status_code == 200  # the empty form


def test_errors_are_json_with_status(client):
    missing = client.get("/clusters/987654.json")
    assert missing.status_code == 404 and missing.json()["ok"] is False
    assert client.get("/clusters.json", params={"min_origins": 0}).status_code == 422
    assert client.get("/clusters.json", params={"order": "sideways"}).status_code == 422


def test_openapi_lists_the_claim_cluster_pages(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/clusters.json", "/clusters/{cluster_id}.json", "/figures.json"):
        assert path in paths and "200" in paths[path]["get"]["responses"]
