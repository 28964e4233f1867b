"""saywho.query and the about / speaker / search commands, on SQLite and PostgreSQL.

The store holds saywho.store.fixtures' hand-built records, so these answers do not move when
the extractor changes.
"""

from __future__ import annotations

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from saywho import query
from saywho.cli.main import app
from saywho.errors import InputError
from saywho.store import Store
from saywho.store.fixtures import sample_items


def ids(claims):
    return [(c.article_id, c.local_id) for c in claims]


def test_query_about_finds_mentions_and_aliases_newest_first(store):
    claims = query.about(store, "North Korea")
    assert ids(claims) == [("reuters-farley", "a1"), ("19fortyfive-farley", "a1"),
                           ("rfe-griffiths", "a1"), ("rfe-griffiths", "a2")]
    # "Pyongyang" is an alias of North Korea: the entity's claims come back through it too.
    assert ("rfe-griffiths", "a2") in ids(query.about(store, "Pyongyang"))
    assert query.about(store, "Atlantis") == []
    assert query.about(store, "Russ") == []  # whole words only: "Russ" is not "Russia"


def test_query_claim_carries_speaker_role_via_and_article(store):
    claim = query.about(store, "North Korea", outlet="RFE/RL", limit=1)[0]
    assert claim.speaker == "Hugh Griffiths"
    assert (claim.role, claim.affiliation) == ("senior researcher", "Stockholm International Peace Research Institute")
    assert claim.via == ["Radio Free Europe/Radio Liberty"]
    assert (claim.title, claim.outlet, claim.published) == ("North Korea's role in Russia's war",
                                                             "Radio Free Europe/Radio Liberty", "2024-11-02")
    assert claim.cue == "says" and claim.type == "indirect"
    text = store.get_article(claim.article_id)["text"]
    assert [text[s:e] for s, e in claim.spans] == [claim.text]
    assert json.loads(json.dumps(claim.to_dict()))["speaker"] == "Hugh Griffiths"


def test_query_role_comes_from_the_same_article_when_not_repeated(store):
    later = query.speaker(store, "Hugh Griffiths", type="indirect")
    assert {c.local_id: c.role for c in later} == {"a1": "senior researcher", "a2": "senior researcher"}
    assert later[1].quantities[0]["high"] == 0.5


def test_query_speaker_merges_variants_and_keeps_namesakes_apart(store):
    claims = query.speaker(store, "Robert Farley")
    assert ids(claims) == [("reuters-farley", "a1"), ("19fortyfive-farley", "a1")]
    assert [c.source for c in claims] == ["Robert J. Farley", "Robert Farley"]
    assert ids(query.speaker(store, "Robert J. Farley")) == ids(claims)
    assert ids(query.speaker(store, "Jane Farley")) == [("reuters-farley", "a2")]
    assert query.speaker(store, "He") == []


@pytest.mark.parametrize("filters, expected", [
    ({"outlet": "Radio Free Europe"}, [("rfe-griffiths", "a1"), ("rfe-griffiths", "a2")]),
    ({"outlet": "19fortyfive"}, [("19fortyfive-farley", "a1")]),
    ({"date_from": "2024-12-01"}, [("reuters-farley", "a1"), ("19fortyfive-farley", "a1")]),
    ({"date_to": "2024-12-01"}, [("19fortyfive-farley", "a1"), ("rfe-griffiths", "a1"), ("rfe-griffiths", "a2")]),
    ({"type": "direct"}, [("19fortyfive-farley", "a1")]),
    ({"role": "LECTURER"}, [("reuters-farley", "a1")]),
    ({"speaker": "Hugh Griffiths"}, [("rfe-griffiths", "a1"), ("rfe-griffiths", "a2")]),
    ({"limit": 2, "offset": 1}, [("19fortyfive-farley", "a1"), ("rfe-griffiths", "a1")]),
])
def test_query_filters(store, filters, expected):
    assert ids(query.about(store, "North Korea", **filters)) == expected


def test_query_search_is_full_text(store):
    assert set(ids(query.search(store, "artillery shells"))) == {("reuters-farley", "a1"), ("19fortyfive-farley", "a1")}
    assert set(ids(query.search(store, "shell"))) >= {("19fortyfive-farley", "a2")}  # stemmed
    assert ids(query.search(store, '"fail to explode"', type="indirect")) == [("19fortyfive-farley", "a2")]
    assert query.search(store, '"explode to fail"') == []
    assert ids(query.search(store, "watching closely", role="spokeswoman")) == [("reuters-farley", "a2")]
    # FTS syntax in user text is taken literally, never as an operator.
    assert query.search(store, "NEAR(shells) OR content_text:*") == []


@pytest.mark.parametrize("bad, message", [
    ({"type": "quote"}, "type must be one of"),
    ({"date_from": "yesterday"}, "date_from must be an ISO date"),
    ({"limit": 0}, "limit must be"),
    ({"offset": -1}, "offset must be"),
])
def test_query_bad_filters_raise_input_error(store, bad, message):
    with pytest.raises(InputError, match=message):
        query.about(store, "North Korea", **bad)


def test_query_empty_subjects_are_refused(store):
    with pytest.raises(InputError, match="no words"):
        query.search(store, ' "" ')
    with pytest.raises(InputError, match="give an entity"):
        query.about(store, "  ")
    with pytest.raises(InputError, match="give a speaker name"):
        query.speaker(store, "")


def test_query_listings(store):
    speakers = {s["name"]: s for s in query.speakers(store)}
    assert speakers["Robert Farley"]["articles"] == 2 and speakers["Robert Farley"]["claims"] == 2
    assert (speakers["Robert Farley"]["first"], speakers["Robert Farley"]["last"]) == ("2024-12-01", "2025-01-15")
    assert "He" not in speakers
    assert [s["name"] for s in query.speakers(store, "farley")] == ["Robert Farley", "Jane Farley"]
    top = query.entities(store, limit=2)
    assert {e["name"] for e in top} == {"North Korea", "Russia"} and all(e["articles"] == 3 for e in top)
    assert [e["name"] for e in query.entities(store, kind="person", name="farley")] == ["Robert Farley", "Jane Farley"]
    outlets = {o["name"]: o for o in query.outlets(store)}
    assert outlets["Radio Free Europe/Radio Liberty"] == {**outlets["Radio Free Europe/Radio Liberty"],
                                                           "articles": 1, "via": 1}
    assert outlets["Reuters"]["via"] == 0
    listed = query.articles(store, date_from="2024-12-01")
    assert [a["id"] for a in listed] == ["reuters-farley", "19fortyfive-farley"]
    assert "text" not in listed[0] and listed[0]["attributions"] == 3


def test_query_speaker_profile(store):
    profile = query.speaker_profile(store, "Robert J. Farley")
    assert profile["name"] == "Robert Farley"
    assert profile["names_as_written"] == ["Robert Farley", "Robert J. Farley"]
    assert [(r["role"], r["published"]) for r in profile["roles"]] == [("professor", "2024-12-01"),
                                                                        ("senior lecturer", "2025-01-15")]
    assert profile["timeline"] == [{"date": "2024-12-01", "claims": 1}, {"date": "2025-01-15", "claims": 1}]
    assert {o["name"] for o in profile["outlets"]} == {"Reuters", "19FortyFive"}
    assert query.speaker_profile(store, "Nobody Atall") is None


def test_query_entity_profile(store):
    profile = query.entity_profile(store, "north korea")
    assert (profile["name"], profile["kind"], profile["articles"]) == ("North Korea", "GPE", 3)
    assert "Pyongyang" in profile["aliases"]
    assert {s["name"]: s["claims"] for s in profile["speakers"]} == {"Robert Farley": 2, "Hugh Griffiths": 2}
    assert query.entity_profile(store, "Atlantis") is None


def test_query_network(store):
    graph = query.network(store)
    assert isinstance(graph, nx.Graph)
    labels = {graph.nodes[n]["label"]: n for n in graph.nodes}
    farley, korea = labels["Robert Farley"], labels["North Korea"]
    assert graph.nodes[farley]["kind"] == "speaker" and graph.nodes[korea]["kind"] == "entity"
    assert graph.edges[farley, korea]["weight"] == 2
    assert graph.has_edge(farley, labels["Reuters"]) and graph.has_edge(farley, labels["19FortyFive"])
    assert not graph.has_edge(labels["Jane Farley"], korea)
    assert not graph.has_edge(farley, labels.get("Robert Farley"))  # no self loop through its own entity
    narrowed = query.network(store, date_from="2025-01-01")
    assert {narrowed.nodes[n]["label"] for n in narrowed if narrowed.nodes[n]["kind"] == "speaker"} == {
        "Robert Farley", "Jane Farley"}


def test_query_in_memory_store_matches():
    with Store(":memory:") as memory:
        memory.add_batch(sample_items())
        assert ids(query.search(memory, "artillery")) and query.speakers(memory)


runner = CliRunner()


def test_cli_about_table_and_json(store):
    url = store.url
    table = runner.invoke(app, ["about", "North Korea", "--db", url, "--outlet", "Reuters"])
    assert table.exit_code == 0, table.output
    assert "1 claims about North Korea" in table.output
    assert "Robert Farley" in table.output and "senior lecturer" in table.output
    as_json = runner.invoke(app, ["about", "North Korea", "--db", url, "--json", "--from", "2024-12-01",
                                  "--to", "2024-12-31", "--type", "direct"])
    assert as_json.exit_code == 0, as_json.output
    assert [(c["article_id"], c["local_id"]) for c in json.loads(as_json.output)] == [("19fortyfive-farley", "a1")]


def test_cli_speaker_and_search(store):
    url = store.url
    spoken = runner.invoke(app, ["speaker", "Robert Farley", "--db", url, "--json", "--role", "professor"])
    assert [c["source"] for c in json.loads(spoken.output)] == ["Robert Farley"]
    found = runner.invoke(app, ["search", "artillery shells", "--db", url, "--json", "--limit", "1"])
    assert found.exit_code == 0 and len(json.loads(found.output)) == 1
    shown = runner.invoke(app, ["search", "watching", "--db", url])
    assert "Jane Farley" in shown.output and "spokeswoman, State Department" in shown.output


def test_cli_query_errors_exit_1_with_a_message(tmp_path):
    import subprocess
    import sys

    db = str(tmp_path / "empty.db")
    Store(db).close()  # read commands refuse a store that does not exist
    done = subprocess.run([sys.executable, "-m", "saywho.cli.main", "search", "shells", "--db", db, "--type", "x"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Error: type must be one of direct, indirect, mixed" in done.stderr
    assert "Traceback" not in done.stderr


# -- one Filters, totals, facets, profiles by id, names to ids -------------------------------------


def test_query_claims_take_words_and_an_entity_together(store):
    both = query.claims(store, q="shells", entity="North Korea")
    assert set(ids(both)) == {("reuters-farley", "a1"), ("19fortyfive-farley", "a1")}
    assert query.count_claims(store, q="shells", entity="North Korea") == 2
    assert query.count_claims(store, q="shells", entity="North Korea", limit=1) == 2  # the page aside


def test_query_count_and_iter_claims_cover_every_match(store):
    total = query.count_claims(store)
    assert total == len(query.claims(store, limit=500)) == len(list(query.iter_claims(store)))
    assert [c.attribution_id for c in query.iter_claims(store, type="indirect")] == [
        c.attribution_id for c in query.claims(store, type="indirect", limit=500)]


def test_query_sort_orders(store):
    newest = [c.published[:10] for c in query.claims(store, sort="newest", limit=500)]
    oldest = [c.published[:10] for c in query.claims(store, sort="oldest", limit=500)]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest)
    with pytest.raises(InputError, match="sort must be one of best, newest, oldest"):
        query.claims(store, sort="loudest")


def test_query_filters_by_id_open_that_very_row(store):
    farley = next(s for s in query.speakers(store) if s["name"] == "Robert Farley")
    by_id = query.claims(store, speaker_id=farley["id"])
    assert ids(by_id) == ids(query.speaker(store, "Robert Farley"))
    korea = next(e for e in query.entities(store) if e["name"] == "North Korea")
    assert ids(query.claims(store, entity_id=korea["id"])) == ids(query.about(store, "North Korea"))


def test_query_facets_count_every_match(store):
    spread = query.facets(store, entity="North Korea")
    assert spread["claims"] == 4
    speakers = {r["label"]: r["count"] for r in spread["facets"]["speaker"]}
    assert speakers == {"Robert Farley": 2, "Hugh Griffiths": 2}
    outlets = {r["label"]: r["count"] for r in spread["facets"]["outlet"]}
    assert outlets["Radio Free Europe/Radio Liberty"] == 2 and outlets["Reuters"] == 1
    assert {r["value"]: r["count"] for r in spread["facets"]["month"]} == {"2025-01": 1, "2024-12": 1, "2024-11": 2}
    assert spread["totals"]["speaker"] == 2
    by_month = query.facets(store, entity="North Korea", by="month")["timeline"]
    assert by_month == [{"date": "2024-11", "claims": 2}, {"date": "2024-12", "claims": 1},
                        {"date": "2025-01", "claims": 1}]
    assert query.facets(store, speaker="Robert Farley", size=1)["totals"]["outlet"] == 2
    assert len(query.facets(store, speaker="Robert Farley", size=1)["facets"]["outlet"]) == 1


def test_query_listing_totals(store):
    assert query.count_speakers(store) == len(query.speakers(store, limit=500))
    assert query.count_speakers(store, "farley") == 2
    assert query.count_entities(store, kind="person") == len(query.entities(store, kind="person", limit=500))
    assert query.count_outlets(store) == len(query.outlets(store, limit=500))
    assert query.count_articles(store, date_from="2024-12-01") == 2


def test_query_profiles_by_id_summarise_all_claims(store):
    farley = next(s for s in query.speakers(store) if s["name"] == "Robert Farley")
    profile = query.speaker_profile(store, farley["id"], limit=1)
    assert profile["name"] == "Robert Farley" and profile["claims_total"] == 2
    assert len(profile["claims"]) == 1  # one page ...
    assert sum(t["claims"] for t in profile["timeline"]) == 2  # ... summaries over all of them
    assert {o["name"] for o in profile["outlets"]} == {"Reuters", "19FortyFive"}
    assert query.speaker_profile(store, 10**9) is None
    outlet = query.outlet_profile(store, "RFE/RL")
    assert outlet["name"] == "Radio Free Europe/Radio Liberty" and outlet["published_articles_total"] == 1
    assert outlet["claims_total"] == 2 and outlet["via"] == 1


def test_query_resolve_names_aliases_and_ambiguity(store):
    korea = query.resolve(store, "entity", "North Korea")["id"]
    assert korea is not None and query.resolve(store, "entity", "Pyongyang")["id"] == korea
    assert query.name_of(store, "entity", korea) == "North Korea"
    farley = query.resolve(store, "speaker", "Robert J. Farley")
    assert query.name_of(store, "speaker", farley["id"]) == "Robert Farley"
    loose = query.resolve(store, "speaker", "Farley")  # two Farleys: no one row, a list to choose from
    assert loose["id"] is None and len(loose["candidates"]) == 2
    assert query.resolve(store, "outlet", "RFE/RL")["id"] is not None
    assert query.resolve(store, "speaker", "Nobody Atall") == {"id": None, "candidates": []}


def test_query_network_filters_by_entity_and_merges_identities(store):
    graph = query.network(store, entity="Russia", date_from="2025-01-01")
    labels = {graph.nodes[n]["label"] for n in graph.nodes}
    assert "Robert Farley" in labels and "Hugh Griffiths" not in labels
    kinds = [graph.nodes[n]["kind"] for n in graph.nodes if graph.nodes[n]["label"] == "Robert Farley"]
    assert kinds == ["speaker"]  # one node for the person who speaks and is an entity


def test_query_is_a_package_of_one_module_per_job():
    from saywho.query import claims, facets, filters, listings, network, profiles  # noqa: F401

    assert query.Filters is filters.Filters and set(query.__all__) <= set(dir(query))


def test_kind_filters_claims_everywhere_users_look(tmp_path):
    """The attribution kind narrows claims in the Python API, the CLI and its CSV export."""
    import csv
    import io
    import subprocess
    import sys

    from saywho import query
    from saywho.ingest import ingest
    from saywho.store import Store

    article = tmp_path / "kinds.txt"
    article.write_text("The mayor said the bridge would reopen in May. Analysts believe the currency will fall. "
                       "The company wants to open ten stores.\n", encoding="utf-8")
    db = str(tmp_path / "kinds.db")
    ingest([article], db=db, workers=1)
    with Store(db, mode="read") as store:
        assert [c.kind for c in query.claims(store, kind="thought")] == ["thought"]
        assert {c.kind for c in query.claims(store)} >= {"speech", "thought", "intention"}
    cli = [sys.executable, "-m", "saywho.cli.main"]
    found = subprocess.run([*cli, "export", "--format", "csv", "--db", db, "--kind", "intention"],
                           capture_output=True, text=True, timeout=120)
    rows = list(csv.DictReader(io.StringIO(found.stdout)))
    assert found.returncode == 0 and [r["kind"] for r in rows] == ["intention"], found.stderr
    bad = subprocess.run([*cli, "search", "bridge", "--db", db, "--kind", "rumour"], capture_output=True, text=True,
                         timeout=120)
    assert bad.returncode != 0 and "kind must be one of" in bad.stderr and "Traceback" not in bad.stderr
