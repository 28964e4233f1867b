"""How fast the claims store writes and answers, on SQLite and (when reachable) PostgreSQL.

Extraction is not timed here: run it once and keep its JSONL (``saywho extract --format jsonl``),
then: ``python benchmarks/store_speed.py ARTICLES.jsonl RESULTS.jsonl``. Articles are stored in
batches of 32, like ``saywho ingest``; then the same batches again (all skipped); then queries.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from saywho import Article, query
from saywho.errors import StoreError
from saywho.records import Attribution, Entity, Quantity, Result, Speaker, TextSpans, Via
from saywho.store import Store
from saywho.store.fixtures import postgres_test_database

BATCH = 32


def _pieces(d):
    return TextSpans(d["text"], [tuple(s) for s in d["spans"]]) if d else None


def result_from_dict(d: dict) -> Result:
    """A Result back from its JSON contract form."""
    attributions = [Attribution(
        a["id"], a["type"], _pieces(a["content"]), cue=_pieces(a["cue"]), source=_pieces(a["source"]),
        speaker=Speaker(**a["speaker"]) if a["speaker"] else None,
        via=[Via(v["name"], v["cue"], [tuple(s) for s in v["spans"]], v.get("entity")) for v in a["via"]],
        parent=a["parent"], quantities=a["quantities"], confidence=a["confidence"], method=a["method"],
    ) for a in d["attributions"]]
    entities = [Entity(e["id"], e["kind"], e["name"], [tuple(s) for s in e["mentions"]], e.get("aliases", []))
                for e in d["entities"]]
    quantities = [Quantity(q["id"], q["text"], q["low"], q["high"], q["unit"], [tuple(s) for s in q["spans"]],
                           q.get("referent"), q.get("hedge"), q.get("low_inclusive", True),
                           q.get("high_inclusive", True)) for q in d["quantities"]]
    return Result(d["id"], attributions, entities, quantities, d.get("meta", {}))


def load(articles_path: Path, results_path: Path) -> list[tuple[Article, Result]]:
    articles = {}
    for line in articles_path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        articles[r["id"]] = Article(r["text"], id=r["id"], title=r.get("title"), url=r.get("url"),
                                    outlet=r.get("outlet"), published=r.get("published"))
    results = [result_from_dict(json.loads(line)) for line in results_path.read_text(encoding="utf-8").splitlines()]
    return [(articles[r.id], r) for r in results if r.id in articles]


def bench(url: str, items: list[tuple[Article, Result]]) -> None:
    with Store(url) as store:
        started = time.perf_counter()
        added = sum(store.add_batch(items[i:i + BATCH]) for i in range(0, len(items), BATCH))
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = sum(store.add_batch(items[i:i + BATCH]) for i in range(0, len(items), BATCH))
        second = time.perf_counter() - started
        counts = store.counts()
        print(f"{store.dialect}: stored {added} articles ({counts['attributions']} attributions) in {first:.2f} s "
              f"= {added / first:.0f} articles/s; re-adding all: {again} new in {second:.2f} s")
        print(f"  counts: {counts}")
        for label, run in [("search 'police'", lambda: query.search(store, "police")),
                           ("about 'United States'", lambda: query.about(store, "United States")),
                           ("speakers()", lambda: query.speakers(store)),
                           ("network()", lambda: query.network(store))]:
            started = time.perf_counter()
            answer = run()
            size = answer.number_of_nodes() if hasattr(answer, "number_of_nodes") else len(answer)
            print(f"  {label}: {size} in {1000 * (time.perf_counter() - started):.0f} ms")


def main() -> None:
    items = load(Path(sys.argv[1]), Path(sys.argv[2]))
    with tempfile.TemporaryDirectory() as tmp:
        bench(str(Path(tmp) / "bench.db"), items)
    try:
        with postgres_test_database() as url:
            bench(url, items)
    except StoreError as exc:
        print(f"postgresql: skipped ({exc})")


if __name__ == "__main__":
    main()
