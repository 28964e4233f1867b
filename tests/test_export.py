"""saywho export: every format written from a store and parsed back with its own reader."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from saywho.cli.main import app
from saywho.errors import InputError
from saywho.export import FORMATS, export, jsonld_document
from saywho.store import Store
from saywho.store.fixtures import sample_items


def test_export_jsonl_is_the_json_contract(store, tmp_path):
    path = tmp_path / "out.jsonl"
    assert export(store, "jsonl", path) == 3
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    expected = {result.id: result.to_dict() for _, result in sample_items()}
    assert {line["id"]: line for line in lines} == expected


def test_export_csv_one_claim_per_row(store, tmp_path):
    path = tmp_path / "out.csv"
    assert export(store, "csv", path) == 7
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert len(rows) == 7
    griffiths = next(r for r in rows if r["article_id"] == "rfe-griffiths" and r["local_id"] == "a1")
    assert griffiths["speaker"] == "Hugh Griffiths" and griffiths["role"] == "senior researcher"
    assert griffiths["via"] == "Radio Free Europe/Radio Liberty"
    text = store.get_article("rfe-griffiths")["text"]
    assert [text[s:e] for s, e in json.loads(griffiths["spans"])] == [griffiths["text"]]


def test_export_parquet_typed_columns(store, tmp_path):
    path = tmp_path / "out.parquet"
    assert export(store, "parquet", path) == 7
    table = pq.read_table(path)
    assert table.num_rows == 7
    rows = table.to_pylist()
    farley = [r for r in rows if r["speaker"] == "Robert Farley"]
    assert {r["article_id"] for r in farley} == {"reuters-farley", "19fortyfive-farley"}
    direct = next(r for r in rows if r["type"] == "direct")
    assert direct["via"] == ["19FortyFive"] and isinstance(direct["spans"][0][0], int)


@pytest.mark.parametrize("format, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_network_reads_back(store, tmp_path, format, reader):
    path = tmp_path / f"out.{format}"
    nodes = export(store, format, path)
    graph = reader(path)
    assert graph.number_of_nodes() == nodes > 0
    labels = {data["label"]: node for node, data in graph.nodes(data=True)}
    assert {"Robert Farley", "Jane Farley", "North Korea", "Reuters"} <= set(labels)
    assert graph.nodes[labels["Robert Farley"]]["kind"] == "speaker"
    assert graph.nodes[labels["Reuters"]]["kind"] == "outlet"
    edge = graph.get_edge_data(labels["Robert Farley"], labels["North Korea"])
    assert edge is not None and float(edge["weight"]) == 2


def test_export_jsonld_schema_org(store, tmp_path):
    path = tmp_path / "out.jsonld"
    assert export(store, "jsonld", path) == 7
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["@context"] == "https://schema.org"
    nodes = {node["@id"]: node for node in doc["@graph"]}
    claims = [n for n in doc["@graph"] if n["@type"] in ("Quotation", "Claim")]
    assert {n["@type"] for n in claims} == {"Quotation", "Claim"}
    quote = next(n for n in claims if n["@type"] == "Quotation")
    assert quote["author"]["@type"] == "Person" and quote["author"]["name"] == "Robert Farley"
    assert quote["author"]["jobTitle"] == "professor"
    assert quote["author"]["affiliation"] == {"@type": "Organization", "name": "University of Kentucky"}
    article = nodes[quote["appearance"]["@id"]]
    assert article["@type"] == "NewsArticle" and article["publisher"]["name"] == "19FortyFive"
    unresolved = next(n for n in claims if n["text"] == "nothing more")
    assert "author" not in unresolved


def test_export_to_an_open_file_and_errors(store):
    buffer = io.StringIO()
    assert export(store, "csv", buffer) == 7 and buffer.getvalue().startswith("attribution_id,")
    with pytest.raises(InputError, match="export format must be one of"):
        export(store, "xlsx")
    with pytest.raises(InputError, match="give a file"):
        export(store, "parquet")


def test_export_filters_narrow_every_format(store, tmp_path):
    buffer = io.StringIO()
    assert export(store, "csv", buffer, speaker="Robert Farley", date_from="2025-01-01") == 1
    assert [r["article_id"] for r in csv.DictReader(io.StringIO(buffer.getvalue()))] == ["reuters-farley"]
    jsonl = io.StringIO()
    assert export(store, "jsonl", jsonl, outlet="RFE/RL") == 1
    assert json.loads(jsonl.getvalue())["id"] == "rfe-griffiths"
    graph_path = tmp_path / "direct.graphml"
    export(store, "graphml", graph_path, type="direct")
    speakers = {d["label"] for _, d in nx.read_graphml(graph_path).nodes(data=True) if d["kind"] == "speaker"}
    assert speakers == {"Robert Farley"}
    doc = jsonld_document(store, role="spokeswoman")
    assert [n["author"]["name"] for n in doc["@graph"] if n["@type"] == "Claim"] == ["Jane Farley"]
    with pytest.raises(InputError, match="jsonl exports whole articles"):
        export(store, "jsonl", io.StringIO(), type="direct")
    with pytest.raises(InputError, match="unknown export filter"):
        export(store, "csv", io.StringIO(), colour="red")
    with pytest.raises(InputError, match="date_from must be an ISO date"):
        export(store, "csv", tmp_path / "never.csv", date_from="soon")
    assert not (tmp_path / "never.csv").exists()


def test_export_empty_store_writes_valid_files(tmp_path):
    with Store(":memory:") as empty:
        for format in FORMATS:
            path = tmp_path / f"empty.{format}"
            assert export(empty, format, path) == 0
        assert pq.read_table(tmp_path / "empty.parquet").num_rows == 0
        assert nx.read_graphml(tmp_path / "empty.graphml").number_of_nodes() == 0
        assert json.loads((tmp_path / "empty.jsonld").read_text())["@graph"] == []


def test_cli_export_every_format(store, tmp_path):
    runner = CliRunner()
    for format in FORMATS:
        path = tmp_path / f"cli.{format}"
        done = runner.invoke(app, ["export", "--format", format, "-o", str(path), "--db", store.url])
        assert done.exit_code == 0, done.output
        assert path.stat().st_size > 0
    shown = runner.invoke(app, ["export", "-f", "jsonl", "--db", store.url])
    assert shown.exit_code == 0 and len(shown.stdout.splitlines()) == 3
    narrowed = runner.invoke(app, ["export", "-f", "csv", "--db", store.url, "--outlet", "Reuters", "--role", "lecturer",
                                   "--from", "2025-01-01", "--to", "2025-12-31", "--type", "indirect"])
    assert narrowed.exit_code == 0 and len(narrowed.stdout.splitlines()) == 2  # header and Robert J. Farley
