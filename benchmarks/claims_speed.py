"""Claim clustering at scale: incremental updates and a full rebuild, against writing the same
articles to the store, measured in one run on one store.

The articles come from a store that already holds extracted articles (``--source``, e.g. PolNeAR
train and the Wikinews corpus after ``saywho ingest``); they are repeated up to ``--articles``
(default 10,000), each repeat with a one-line edition note appended (offsets stay valid, the
content hash changes), so the copy detection sees every repeat as a copy of its first edition and
every claim recurs in each. A synthetic store: real news repeats less, but each repeat is filed
like any new article (its claims are compared, not looked up).

1. baseline: ``Store.add_batch`` of all but the last ``--tail`` articles in batches of ``--batch``
   (no clustering);
2. first update: ``Store.update_claims()`` over those articles at once (every one is new);
3. incremental: the last ``--tail`` articles added in batches of ``--batch``, each followed by
   ``Store.update_claims()``, timed per batch;
4. full rebuild: ``Store.rebuild_claims()`` over the whole store (oldest first: the repeats keep
   their first edition's date, so the order differs from the order of arrival above).

    python benchmarks/claims_speed.py --source polnear.db [--articles 10000] [--batch 100] [--tail 500]
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from saywho import query
from saywho.articles import Article
from saywho.store import Store


def load(source: str) -> list[tuple[Article, object]]:
    """Every (Article, Result) of the source store, oldest first."""
    items = []
    with Store(source) as store:
        rows, offset = [], 0
        while True:
            page = query.articles(store, limit=500, offset=offset)
            rows += page
            offset += len(page)
            if len(page) < 500:
                break
        for row in rows:
            meta = store.get_article(row["id"])
            article = Article(meta["text"], id=meta["id"], title=meta["title"], outlet=meta["outlet_as_given"],
                              published=meta["published"])
            items.append((article, store.article_result(row["id"])))
    return items


def repeated(items: list, n: int) -> list:
    """``n`` articles: the source's, then editions of them (text + a note, new id)."""
    out = []
    edition = 0
    while len(out) < n:
        for article, result in items:
            if len(out) == n:
                break
            if edition == 0:
                out.append((article, result))
            else:
                copy = Article(article.text + f"\n\nEdition {edition}.", id=f"{article.id}~e{edition}",
                               title=article.title, outlet=article.outlet, published=article.published)
                out.append((copy, replace(result, id=copy.id)))
        edition += 1
    return out


def fill(store: Store, items: list, batch: int) -> float:
    started = time.perf_counter()
    for start in range(0, len(items), batch):
        store.add_batch(items[start:start + batch])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="A store holding extracted articles.")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--tail", type=int, default=500)
    args = parser.parse_args()
    source = load(args.source)
    items = repeated(source, args.articles)
    report = {"source_articles": len(source), "articles": len(items),
              "attributions": sum(len(r.attributions) for _, r in items)}
    with tempfile.TemporaryDirectory() as folder, Store(str(Path(folder) / "claims.db")) as store:
        head, tail = items[:-args.tail], items[-args.tail:]
        report["store_seconds"] = round(fill(store, head, args.batch), 1)
        cpu = time.process_time()
        report["first_update"] = store.update_claims().to_dict()
        report["first_update_cpu_seconds"] = round(time.process_time() - cpu, 1)
        timings = []
        for start in range(0, len(tail), args.batch):
            chunk = tail[start:start + args.batch]
            t0 = time.perf_counter()
            store.add_batch(chunk)
            t1 = time.perf_counter()
            done = store.update_claims()
            timings.append({"store": round(t1 - t0, 2), "update_claims": round(time.perf_counter() - t1, 2),
                            "attributions": done.attributions, "clusters_touched": done.clusters_touched})
        report["incremental_batches"] = timings
        cpu, started = time.process_time(), time.perf_counter()
        done = store.rebuild_claims()
        report["rebuild_seconds"] = round(time.perf_counter() - started, 1)
        report["rebuild_cpu_seconds"] = round(time.process_time() - cpu, 1)
        report["rebuild"] = done.to_dict()
        report["clusters_2plus"] = query.count_claim_clusters(store, min_size=2)
        report["counts"] = store.counts()
    report["first_update_vs_store"] = round(report["first_update"]["seconds"] / report["store_seconds"], 2)
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
