"""Claim clusters in the store: incremental updates, origins, figures, the CLI and ingest."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from saywho import query
from saywho.cli.main import app
from saywho.store import models as m


def _members(store) -> dict[int, int]:
    with store.session() as session:
        return dict(session.execute(select(m.ClaimMember.attribution_id, m.ClaimMember.cluster_id)).all())


def _cluster_with(store, words: str) -> dict:
    found = query.claim_clusters(store, words, min_size=1, limit=5)
    assert found, f"no cluster about {words!r}"
    return query.claim_cluster(store, found[0]["id"])


def test_every_attribution_is_filed_once(report_store):
    members = _members(report_store)
    assert len(members) == report_store.counts()["attributions"]
    assert report_store.update_claims().attributions == 0  # nothing new, nothing done


def test_incremental_updates_equal_a_rebuild(report_store):
    before = _members(report_store)
    done = report_store.rebuild_claims()
    assert done.attributions == len(before)
    assert _members(report_store) == before


def test_a_rebuild_reports_each_stage_until_done(report_store):
    heard: list[tuple[str, int, int]] = []
    done = report_store.rebuild_claims(lambda stage, count, total: heard.append((stage, count, total)))
    stages = list(dict.fromkeys(stage for stage, _, _ in heard))
    assert stages == ["copies", "claims", "summaries"]
    for stage in stages:
        counts = [(count, total) for name, count, total in heard if name == stage]
        assert counts[0][0] == 0 and counts[-1][0] == counts[-1][1]  # from nothing to all of it
        assert [count for count, _ in counts] == sorted(count for count, _ in counts)
    last = {stage: total for stage, _, total in heard}
    assert last["copies"] == done.articles and last["claims"] == done.attributions
    assert last["summaries"] == done.clusters_touched


def test_the_claim_stage_bars_follow_the_update(report_store):
    import io

    from rich.console import Console
    from rich.progress import Progress

    from saywho.cli.output import ClaimStageBars, bar_columns

    with Progress(*bar_columns(), console=Console(file=io.StringIO())) as bar:
        done = report_store.rebuild_claims(ClaimStageBars(bar))
        tasks = {task.description: (task.completed, task.total) for task in bar.tasks}
    assert tasks == {"Finding copies": (done.articles, done.articles),
                     "Filing claims": (done.attributions, done.attributions),
                     "Summarizing clusters": (done.clusters_touched, done.clusters_touched)}


def test_wire_copies_collapse_onto_one_origin(report_store):
    shells = _cluster_with(report_store, '"millions of artillery shells"')
    articles = {x["article_id"] for x in shells["members"]}
    assert {"wire-1", "copy-1", "copy-2"} <= articles
    copies = {x["article_id"]: x["copy_of"] for x in shells["members"]}
    assert copies["copy-1"] == copies["copy-2"] == "wire-1" and copies["wire-1"] is None
    wire = [o for o in shells["origins"] if o["label"] == "Associated Press"]
    assert len(wire) == 1 and wire[0]["members"] == 3  # three articles, one origin
    # The Guardian's "hundreds of thousands" from South Korea's ministry is a second, independent report.
    assert shells["independent_origins"] == len(shells["origins"]) == 2
    assert shells["first"]["article_id"] == "wire-1"


def test_according_to_collapses_onto_the_cited_outlet(report_store):
    needs = _cluster_with(report_store, '"war needs"')
    assert {x["article_id"] for x in needs["members"]} == {"rfe-1", "guardian-1", "reuters-1"}
    assert sorted(o["label"] for o in needs["origins"]) == ["Radio Free Europe/Radio Liberty", "Reuters"]
    assert needs["independent_origins"] == 2
    assert [s["name"] for s in needs["speakers"]][:1] == ["Hugh Griffiths"]
    assert needs["first"]["published"] == "2024-11-02"


def test_clusters_filter_by_entity_and_origins(report_store):
    two = query.claim_clusters(report_store, about="North Korea", min_origins=2)
    assert len(two) == 2 and all(c["origins"] >= 2 for c in two)
    assert query.claim_clusters(report_store, about="North Korea", min_origins=3) == []
    assert query.count_claim_clusters(report_store, about="North Korea", min_origins=2) == 2


def test_figures_flag_disagreement(report_store):
    groups = query.figures(report_store, "war needs")
    needs = groups[0]
    assert needs["unit"] == "share" and needs["disagree"]
    texts = [f["text"] for f in needs["figures"]]
    assert texts == ["up to 50% of Moscow's war needs", "as much as 30% of Moscow's war needs",
                     "about 60% of Moscow's war needs"]
    assert needs["conflicts"] == [[0, 2], [1, 2]]
    assert [f["outlet"] for f in needs["figures"]] == ["Radio Free Europe/Radio Liberty", "The Guardian", "Reuters"]
    shells = query.figures(report_store, "artillery shells")[0]
    assert shells["measure"] == "artillery shells" and shells["disagree"]
    assert {f["text"] for f in shells["figures"]} == {"millions of artillery shells",
                                                      "hundreds of thousands of artillery shells"}


def test_cli_claims_and_figures(report_store):
    runner = CliRunner()
    listed = runner.invoke(app, ["claims", "--db", report_store.url, "--about", "North Korea", "--min-origins", "2",
                                 "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert len(rows) == 2
    one = runner.invoke(app, ["claims", "--db", report_store.url, "--cluster", str(rows[0]["id"]), "--json"])
    assert json.loads(one.stdout)["independent_origins"] == 2
    figures = runner.invoke(app, ["figures", "artillery shells", "--db", report_store.url])
    assert figures.exit_code == 0 and "figures disagree" in figures.stdout
    missing = runner.invoke(app, ["claims", "--db", report_store.url, "--cluster", "999999"])
    assert missing.exit_code == 1


def test_ingest_files_each_batch(tmp_path, report_items):
    from saywho.ingest import ingest
    from saywho.store import Store

    lines = [json.dumps({"id": a.id, "text": a.text, "outlet": a.outlet, "published": a.published})
             for a, _ in report_items]
    (tmp_path / "one.jsonl").write_text("\n".join(lines[:3]) + "\n")
    (tmp_path / "two.jsonl").write_text("\n".join(lines[3:]) + "\n")
    db = str(tmp_path / "ingested.db")
    ingest([tmp_path / "one.jsonl"], db=db, workers=1)
    with Store(db) as store:
        assert len(_members(store)) == store.counts()["attributions"]
    ingest([tmp_path / "two.jsonl"], db=db, workers=1)
    with Store(db) as store:
        assert len(_members(store)) == store.counts()["attributions"]
        assert store.update_claims().attributions == 0
        shells = _cluster_with(store, '"millions of artillery shells"')
        assert shells["independent_origins"] == 2


def test_export_clusters(report_store, tmp_path):
    from saywho.export import export

    path = tmp_path / "clusters.jsonl"
    written = export(report_store, "clusters", path)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert written == len(lines) == query.count_claim_clusters(report_store, min_size=1)
    assert sum(len(c["members"]) for c in lines) == report_store.counts()["attributions"]
    assert max(c["independent_origins"] for c in lines) == 2
