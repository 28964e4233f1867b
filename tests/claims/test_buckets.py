"""Bounded candidate search: full LSH buckets close, a bucket takes few members of one cluster, and
an update that reads the stored keys closes the same buckets as a rebuild, so ingest in batches
and a rebuild give the same clusters."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from saywho.claims import ClaimItem, Clusterer
from saywho.claims.cluster import ClusterSettings, cluster_items
from saywho.store import Store
from saywho.store import clusters
from saywho.store import models as m

TIGHT = replace(ClusterSettings.defaults(), max_bucket=3, per_cluster=1)
FULL = replace(TIGHT, max_bucket=2)  # the few test reports fill buckets of two

CLAIMS = [f"North Korea supplies {x} of Moscow's war needs, officials say" for x in ("half", "a third", "most", "much")]
CLAIMS += [f"the trade talks on {x} collapsed late on Friday evening" for x in ("grain", "steel", "tariffs", "cars")]


def _items() -> list[ClaimItem]:
    return [ClaimItem(i, t, {"North Korea": [], "Russia": ["Moscow"]} if "Korea" in t else {},
                      ("share",) if "Korea" in t else ()) for i, t in enumerate(CLAIMS * 2)]


def test_a_popular_claim_fills_no_bucket_and_full_buckets_close():
    clusterer = Clusterer(TIGHT)
    done = [clusterer.add(item) for item in _items()]
    assert len({a.cluster_id for a in done}) == 2  # the repeats still find their claim
    # Later members of a cluster are stored under no bucket its earlier member holds.
    assert all(a.keys == () for a in done[8:])
    many = Clusterer(replace(TIGHT, per_cluster=10))
    stored = [many.add(item).keys for item in _items()]
    assert any(stored[:3]) and not any(set(k) & set(stored[0]) for k in stored[3:] if k)  # closed after three


def _update(store: Store, settings: ClusterSettings) -> None:
    with store.engine.connect() as conn:
        conn.info["saywho_write"] = True
        with conn.begin():
            clusters.update(conn, settings)


def _members(store: Store) -> dict[int, int]:
    with store.session() as session:
        return dict(session.execute(select(m.ClaimMember.attribution_id, m.ClaimMember.cluster_id)).all())


def test_updates_in_batches_close_the_buckets_a_rebuild_closes(tmp_path, report_items):
    with Store(str(tmp_path / "batches.db")) as batches, Store(str(tmp_path / "once.db")) as once:
        for item in report_items:  # one article a batch: every bucket is met again from the store
            batches.add_batch([item])
            _update(batches, FULL)
        once.add_batch(report_items)
        _update(once, FULL)
        assert _members(batches) == _members(once)
        assert _keys(batches) == _keys(once)  # the same buckets closed at the same member
        counts: dict[int, int] = {}
        for key, _ in _keys(once):
            counts[key] = counts.get(key, 0) + 1
        assert max(counts.values()) == FULL.max_bucket  # some buckets filled up and closed


def _keys(store: Store) -> set[tuple[int, int]]:
    with store.session() as session:
        return set(session.execute(select(m.ClaimKey.key, m.ClaimKey.attribution_id)).all())


def test_tight_buckets_keep_the_clusters_of_open_ones():
    items = _items()
    assert cluster_items(items, TIGHT) == cluster_items(items, replace(TIGHT, max_bucket=1000, per_cluster=1000))
