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


REPEAT = "The council said that the new budget cuts funding for every public library in the city."


def _repeats() -> list:
    """Three articles, a day apart, that report one content word for word (a line of their own each: the
    store keeps one of articles with the same text)."""
    import saywho
    from saywho.articles import Article

    articles = [Article(f"{REPEAT}\n\nUpdated at {i + 1} p.m.", id=f"council-{i}", title="Budget", outlet=f"Outlet {i}", published=f"2024-03-0{i + 1}")
                for i in range(3)]
    return [(a, saywho.extract(a.text, id=a.id, **a.meta())) for a in articles]


def _clusters_by_article(store: Store) -> dict[str, int]:
    with store.session() as session:
        return dict(session.execute(select(m.Attribution.article_id, m.ClaimMember.cluster_id)
                                    .join(m.ClaimMember, m.ClaimMember.attribution_id == m.Attribution.id)).all())


def _keys_by_article(store: Store) -> dict[str, int]:
    with store.session() as session:
        rows = session.execute(select(m.Attribution.article_id, m.ClaimKey.key)
                               .join(m.ClaimKey, m.ClaimKey.attribution_id == m.Attribution.id)).all()
    found: dict[str, int] = {}
    for article_id, _ in rows:
        found[article_id] = found.get(article_id, 0) + 1
    return found


def test_buckets_filled_in_the_store_are_closed_when_the_store_is_read_back(tmp_path):
    """Two stored members fill every bucket of a content (max_bucket 2); a third report of it, filed by a
    later update, finds those buckets closed from their stored key counts: it is compared with nobody,
    founds its own cluster and is stored under no key, as a rebuild of the three files it."""
    items = _repeats()
    closing = replace(ClusterSettings.defaults(), max_bucket=2, per_cluster=10)
    roomy = replace(closing, max_bucket=3)
    for settings, joins in ((closing, False), (roomy, True)):
        with Store(str(tmp_path / f"bucket{settings.max_bucket}.db")) as store, \
                Store(str(tmp_path / f"rebuilt{settings.max_bucket}.db")) as rebuilt:
            store.add_batch(items[:2])
            _update(store, settings)
            first = _clusters_by_article(store)
            assert first["council-0"] == first["council-1"]
            # Read back for a new report of the content: full buckets are closed from their stored
            # counts, so their members are not even loaded.
            clusterer = Clusterer(settings)
            keys = clusterer.keys(ClaimItem(-1, items[2][1].attributions[0].content.text))
            with store.engine.connect() as conn:
                loaded = clusters._remember_members(conn, clusterer, set(keys))
            expected = (2, True, True) if joins else (0, False, False)
            assert (len(clusterer), bool(loaded), bool(clusterer.candidates(-1, keys))) == expected
            store.add_batch(items[2:])
            _update(store, settings)  # the two members and their keys come back from the store
            found = _clusters_by_article(store)
            assert (found["council-2"] == found["council-0"]) is joins
            keys = _keys_by_article(store)
            assert keys["council-0"] == keys["council-1"] == settings.bands
            assert keys.get("council-2", 0) == (settings.bands if joins else 0)
            rebuilt.add_batch(items)
            _update(rebuilt, settings)
            assert _members(rebuilt) == _members(store) and _keys(rebuilt) == _keys(store)
