"""Independent origins follow the store's syndication links (``articles.origin_hash``, set by the batch
job) before the claims module's own copy detection: a rewritten wire copy that shares too little text
to be found here still counts once, and a link recorded after the clusters were filed is followed by
the next update."""

from __future__ import annotations

import pytest

import saywho
from saywho import query
from saywho.articles import Article
from saywho.store import Store

from reports import WIRE

# The wire story rewritten by a client outlet: the claim is the same, the wording around it is not, so
# the shingle overlap stays far below the copy threshold.
REWRITE = (
    "Pyongyang has shipped millions of artillery shells to Moscow since the summer of 2023, said Robert "
    "Farley, who teaches at the University of Kentucky. The regional daily could not reach officials in "
    "Kyiv for comment on the report, which was distributed by the agency."
)


@pytest.fixture(scope="module")
def items():
    articles = [Article(WIRE, id="wire-1", title="North Korean shells", outlet="Associated Press",
                        published="2024-11-03"),
                Article(REWRITE, id="client-1", title="Shells for Moscow", outlet="Herald Tribune",
                        published="2024-11-04")]
    return [(a, saywho.extract(a.text, id=a.id, **a.meta())) for a in articles]


def _shells(store: Store) -> dict:
    found = query.claim_clusters(store, '"artillery shells"', min_size=1, limit=5)
    assert found, "no cluster about artillery shells"
    return query.claim_cluster(store, found[0]["id"])


def _link(items) -> dict[str, str]:
    return {Store.content_hash(items[1][0].text): Store.content_hash(items[0][0].text)}


def test_rewritten_copy_is_not_found_by_shingles_alone(tmp_path, items):
    with Store(str(tmp_path / "plain.db")) as store:
        store.add_batch(items)
        assert store.update_claims().copies == 0
        shells = _shells(store)
        assert {x["article_id"] for x in shells["members"]} == {"wire-1", "client-1"}
        assert shells["independent_origins"] == 2  # without the link, two outlets reported it


def test_syndication_link_collapses_the_copy_onto_its_origin(tmp_path, items):
    with Store(str(tmp_path / "linked.db")) as store:
        store.add_batch(items, origins=_link(items))
        store.update_claims()
        shells = _shells(store)
        copies = {x["article_id"]: x["copy_of"] for x in shells["members"]}
        assert copies == {"wire-1": None, "client-1": "wire-1"}
        assert [o["label"] for o in shells["origins"]] == ["Associated Press"]
        assert shells["independent_origins"] == 1


def test_a_link_recorded_later_is_followed_without_a_rebuild(tmp_path, items):
    with Store(str(tmp_path / "late.db")) as store:
        store.add_batch(items)
        store.update_claims()
        assert _shells(store)["independent_origins"] == 2
        store.add_batch(items[1:], origins=_link(items))  # stored already: only the link is recorded
        done = store.update_claims()
        assert done.attributions == 0 and done.copies == 1 and done.clusters_touched >= 1
        assert _shells(store)["independent_origins"] == 1
        assert store.update_claims().copies == 0  # followed once


def test_copies_of_an_origin_not_stored_count_once(tmp_path, items):
    edited = Article(REWRITE.replace("regional daily", "evening paper"), id="client-2", title="Kim's shells",
                     outlet="Evening Post", published="2024-11-05")
    copies = [items[1], (edited, saywho.extract(edited.text, id=edited.id, **edited.meta()))]
    origin = Store.content_hash(WIRE)  # the agency's story itself never reaches this store
    with Store(str(tmp_path / "orphans.db")) as store:
        store.add_batch(copies, origins={Store.content_hash(a.text): origin for a, _ in copies})
        store.update_claims()
        shells = _shells(store)
        assert {x["article_id"] for x in shells["members"]} == {"client-1", "client-2"}
        assert shells["independent_origins"] == 1
        assert shells["origins"][0]["label"] == f"story {origin[:12]} (not stored)"
