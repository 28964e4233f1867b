"""Ingest throughput into SQLite and PostgreSQL against extraction alone, measured in one run.

Three passes over the same files (by default the shared Wikinews corpus and PolNeAR train, 1,133
articles), each with the same readers, worker processes and batches:

1. extraction alone: read the files, extract in parallel, drop the results (``extract_articles``);
2. ``ingest`` into a fresh SQLite file;
3. ``ingest`` into a scratch PostgreSQL database on 127.0.0.1:5432 (created, then dropped).

It prints articles/s for each, the wall-clock overhead of each store over extraction alone
(target: under 10%), and the time the main process spent inside the store's calls.

    python benchmarks/ingest_speed.py [--limit N] [--workers 2] [--batch-size 32] [--no-postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from saywho import Article, ExtractOptions
from saywho.ingest import ingest, iter_articles
from saywho.ingest.runner import available_cores, extract_articles
from saywho.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = [SHARED / "corpus" / "wikinews_en.jsonl", SHARED / "data" / "polnear" / "train.jsonl"]
POSTGRES = "postgresql://postgres@127.0.0.1:5432"


def input_files(limit: int | None, folder: Path) -> list[Path]:
    """The corpora, or their first ``limit`` articles written to a scratch JSONL file."""
    if limit is None:
        return CORPORA
    lines: list[str] = []
    for path in CORPORA:
        lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    subset = folder / "subset.jsonl"
    subset.write_text("\n".join(lines[:limit]) + "\n", encoding="utf-8")
    return [subset]


def batches(paths: list[Path], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in iter_articles(paths):
        if isinstance(item, Article):
            batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def time_extraction(paths: list[Path], workers: int, batch_size: int, options: ExtractOptions) -> tuple[float, int]:
    start = time.perf_counter()
    done = sum(len(extracted) for extracted in extract_articles(batches(paths, batch_size), workers=workers,
                                                                options=options))
    return time.perf_counter() - start, done


class StoreClock:
    """Adds up the time the main process spends inside Store.known_hashes and Store.add_batch."""

    def __init__(self) -> None:
        self.seconds = 0.0

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        originals = {name: getattr(Store, name) for name in ("known_hashes", "add_batch")}

        def timed(method):
            def wrapper(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return method(*args, **kwargs)
                finally:
                    self.seconds += time.perf_counter() - start
            return wrapper

        for name, method in originals.items():
            setattr(Store, name, timed(method))
        try:
            yield
        finally:
            for name, method in originals.items():
                setattr(Store, name, method)


def time_ingest(paths: list[Path], db: str, workers: int, batch_size: int, options: ExtractOptions):
    clock = StoreClock()
    with clock.installed():
        summary = ingest(paths, db=db, workers=workers, batch_size=batch_size, options=options)
    if summary.failed or summary.duplicate:
        print(f"  note: {summary.failed} failed, {summary.duplicate} duplicate: "
              + "; ".join(f"{f.source}: {f.reason}" for f in summary.failures[:3]))
    return summary, clock.seconds


def report(label: str, seconds: float, articles: int, baseline: float | None, store_seconds: float | None) -> None:
    line = f"{label:<18} {articles:>6} articles {seconds:>8.1f} s {articles / seconds:>7.2f} articles/s"
    if baseline is not None:
        line += f"   overhead {100 * (seconds - baseline) / baseline:+6.1f}%"
    if store_seconds is not None:
        line += f"   in store calls {store_seconds:.1f} s ({100 * store_seconds / seconds:.1f}% of the run)"
    print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (quick check)")
    parser.add_argument("--workers", type=int, default=available_cores())
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL pass")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    args = parser.parse_args()
    options = ExtractOptions.defaults()
    batch_size = args.batch_size or options.batch_size
    figures: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="saywho-bench-") as scratch:
        paths = input_files(args.limit, Path(scratch))
        print(f"inputs: {', '.join(p.name for p in paths)}; workers {args.workers}, batch size {batch_size}")
        seconds, articles = time_extraction(paths, args.workers, batch_size, options)
        report("extraction alone", seconds, articles, None, None)
        figures["extraction"] = {"seconds": seconds, "articles": articles}
        baseline = seconds

        summary, in_store = time_ingest(paths, str(Path(scratch) / "bench.db"), args.workers, batch_size, options)
        report("ingest SQLite", summary.seconds, summary.read, baseline, in_store)
        figures["sqlite"] = {"seconds": summary.seconds, "articles": summary.read, "store_seconds": in_store}

        if not args.no_postgres:
            from saywho.errors import StoreError
            from saywho.store.fixtures import postgres_test_database

            try:
                with postgres_test_database(POSTGRES) as url:
                    summary, in_store = time_ingest(paths, url, args.workers, batch_size, options)
                    report("ingest PostgreSQL", summary.seconds, summary.read, baseline, in_store)
                    figures["postgresql"] = {"seconds": summary.seconds, "articles": summary.read,
                                             "store_seconds": in_store}
            except StoreError as exc:
                print(f"ingest PostgreSQL  skipped: {exc}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
