"""Ingest throughput into SQLite and PostgreSQL against extraction alone, measured in one run.

Three passes over the same files (by default the shared Wikinews corpus and PolNeAR train, 1,133
articles), each with the same readers, worker processes and batches:

1. extraction alone: read the files, extract in parallel, drop the results (``extract_articles``);
2. ``ingest`` into a fresh SQLite file;
3. ``ingest`` into a scratch PostgreSQL database on 127.0.0.1:5432 (created, then dropped).

It prints articles/s for each, the overhead of each store over extraction alone in wall-clock
and in CPU time (target: under 10%), and the time the main process spent inside the store's calls.
On a shared machine the wall-clock figures drift with the load: ``--rounds 2`` runs every pass
twice, in alternating order, and keeps the best time of each; CPU time is steadier.

    python benchmarks/ingest_speed.py [--limit N] [--workers 2] [--batch-size 32] [--rounds 1] [--no-postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from saywho import Article, ExtractOptions
from saywho.ingest import ingest, iter_articles
from saywho.extract.pool import available_cores, extract_articles
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
    if summary.failed or summary.duplicate:  # the inputs repeat a text, or hold a bad record
        failures = "; ".join(f"{f.source}: {f.reason}" for f in summary.failures[:3])
        print(f"  note: {summary.failed} failed, {summary.duplicate} duplicate" + (f" ({failures})" if failures else ""))
    return summary, clock.seconds


def cpu_seconds() -> float:
    """CPU time of this process and of its reaped children (the extraction workers, once a pass ends)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measured(run):
    """``run()``'s value with the CPU seconds it used."""
    before = cpu_seconds()
    value = run()
    return value, cpu_seconds() - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (quick check)")
    parser.add_argument("--workers", type=int, default=available_cores())
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=1,
                        help="rounds of all passes, in alternating order; the best time of each pass counts")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL pass")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    args = parser.parse_args()
    options = ExtractOptions.defaults()
    batch_size = args.batch_size or options.batch_size
    runs: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="saywho-bench-") as scratch, contextlib.ExitStack() as stack:
        paths = input_files(args.limit, Path(scratch))
        print(f"inputs: {', '.join(p.name for p in paths)}; workers {args.workers}, batch size {batch_size}, "
              f"rounds {args.rounds}", flush=True)
        passes = {"extraction alone": lambda: _extraction_pass(paths, args.workers, batch_size, options),
                  "ingest SQLite": lambda: _ingest_pass(paths, _sqlite_url(scratch), args.workers, batch_size, options)}
        if not args.no_postgres:
            server = _postgres(stack)
            if server is not None:
                passes["ingest PostgreSQL"] = lambda: _ingest_pass(paths, _fresh_postgres(server, stack),
                                                                   args.workers, batch_size, options)
        for round_number in range(args.rounds):
            order = list(passes) if round_number % 2 == 0 else list(reversed(passes))
            for label in order:
                (articles, seconds, in_store), cpu = measured(passes[label])
                runs.setdefault(label, []).append({"articles": articles, "seconds": seconds, "cpu_seconds": cpu,
                                                   "store_seconds": in_store})
                print(f"  round {round_number + 1} {label}: {articles} articles in {seconds:.1f} s "
                      f"({cpu:.1f} s CPU)", flush=True)
    summarize(runs)
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2), encoding="utf-8")


def summarize(runs: dict[str, list[dict]]) -> None:
    base = min(runs["extraction alone"], key=lambda r: r["seconds"])
    print(f"{'pass':<18} {'articles':>8} {'best s':>8} {'articles/s':>10} {'overhead':>9} "
          f"{'CPU s':>8} {'CPU overhead':>12} {'in store calls':>15}")
    for label, results in runs.items():
        best = min(results, key=lambda r: r["seconds"])
        rate = best["articles"] / best["seconds"]
        line = f"{label:<18} {best['articles']:>8} {best['seconds']:>8.1f} {rate:>10.2f}"
        if label == "extraction alone":
            line += f" {'':>9} {best['cpu_seconds']:>8.1f}"
        else:
            wall = 100 * (best["seconds"] - base["seconds"]) / base["seconds"]
            cpu = 100 * (best["cpu_seconds"] - base["cpu_seconds"]) / base["cpu_seconds"]
            line += (f" {wall:>+8.1f}% {best['cpu_seconds']:>8.1f} {cpu:>+11.1f}% "
                     f"{best['store_seconds']:>9.1f} s ({100 * best['store_seconds'] / best['seconds']:.1f}%)")
        print(line, flush=True)


def _extraction_pass(paths: list[Path], workers: int, batch_size: int, options: ExtractOptions):
    seconds, articles = time_extraction(paths, workers, batch_size, options)
    return articles, seconds, 0.0


def _ingest_pass(paths: list[Path], db: str, workers: int, batch_size: int, options: ExtractOptions):
    summary, in_store = time_ingest(paths, db, workers, batch_size, options)
    return summary.read, summary.seconds, in_store


_counter = iter(range(1_000_000))


def _sqlite_url(scratch: str) -> str:
    return str(Path(scratch) / f"bench-{next(_counter)}.db")


def _postgres(stack: contextlib.ExitStack) -> str | None:
    """The server URL when PostgreSQL answers, else None (the pass is skipped, saying why)."""
    from saywho.errors import StoreError
    from saywho.store.fixtures import postgres_test_database

    try:
        stack.enter_context(postgres_test_database(POSTGRES))  # a probe: created and dropped at the end
    except StoreError as exc:
        print(f"ingest PostgreSQL skipped: {exc}")
        return None
    return POSTGRES


def _fresh_postgres(server: str, stack: contextlib.ExitStack) -> str:
    from saywho.store.fixtures import postgres_test_database

    return stack.enter_context(postgres_test_database(server))


if __name__ == "__main__":
    main()
