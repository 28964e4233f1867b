"""The Spark batch job against ``saywho extract`` on the same articles, and bulk-load speed, in one run.

Passes over the same files (by default the shared Wikinews corpus and PolNeAR train, 1,133 articles),
each a fresh command as a user would type it, start-up included:

1. ``saywho extract --n-process 1`` and ``--n-process 2`` (results to /dev/null);
2. ``saywho batch --master local[1]`` and ``local[2]`` (Parquet tables into a scratch folder);
3. with ``--month``, ``saywho batch --master local[1]`` and ``local[2] --partition-by month`` as
   well (a folder per month instead of per date: fewer, larger files for an input that spans years
   thinly), so that local[2] / local[1] is also measured with the month layout on both sides
   (``--month-only``: those instead of the by-date passes);
4. ``saywho load`` of the local[2] tables into a fresh SQLite file and a scratch PostgreSQL database
   (of each layout's tables, with ``--month``).

It prints articles/s for each and the ratios the issue sets targets for: local[2] / extract
--n-process 2 (>= 0.85), local[2] / local[1] (>= 1.7), and load articles/s (>= 1,000 into
PostgreSQL; the load alone, then the claim-cluster update after it, timed apart). For each Spark
pass it also prints where the time went (the job's ``phases``: start, read, extract, write, count),
and the machine's load average before and after, since wall-clock figures drift with it.

    python benchmarks/batch_speed.py [--limit N | --repeat N] [--month | --month-only] [--no-syndication] [--no-postgres] [--json FILE]
    python benchmarks/batch_speed.py --tables DIR [--no-postgres] [--no-claims] [--rounds N]   # the load passes only, of DIR

``--no-claims`` skips the claim-cluster update after each load (it is timed apart and not part of
the load's articles/s); ``--rounds N`` repeats each load N times, each into a fresh database.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = [SHARED / "corpus" / "wikinews_en.jsonl", SHARED / "data" / "polnear" / "train.jsonl"]
POSTGRES = "postgresql://postgres@127.0.0.1:5432"
SAYWHO = [sys.executable, "-m", "saywho.cli.main"]


def input_files(limit: int | None, folder: Path, repeat: int = 1) -> tuple[list[Path], int]:
    """The corpora (or their first ``limit`` articles in one scratch file) and how many articles.

    ``repeat`` N > 1: each corpus N times over in a scratch file, every repeat a new edition of
    each article (a line appended to its text, "~eK" to its id): a synthetic input, N times the
    size, to see how the job's fixed costs weigh as the input grows. The editions are near-copies,
    so syndication links them to their first edition; each is still extracted.
    """
    lines: list[str] = []
    for path in CORPORA:
        lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    if repeat > 1:
        files = []
        for path in CORPORA:
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            repeated = folder / f"{path.stem}-x{repeat}.jsonl"
            with repeated.open("w", encoding="utf-8") as out:
                for edition in range(repeat):
                    for record in records:
                        if edition:
                            record = {**record, "text": f"{record['text']}\n\nEdition {edition}.",
                                      "id": f"{record.get('id') or 'article'}~e{edition}"}
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
            files.append(repeated)
        return files, repeat * len(lines)
    if limit is None:
        return CORPORA, len(lines)
    subset = folder / "subset.jsonl"
    subset.write_text("\n".join(lines[:limit]) + "\n", encoding="utf-8")
    return [subset], min(limit, len(lines))


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: some articles failed, which the summary reports
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--month", action="store_true",
                        help="also run the job at local[1] and local[2] with --partition-by month, and load its tables")
    parser.add_argument("--month-only", action="store_true",
                        help="run the Spark passes with --partition-by month only (not by date)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="each corpus N times over, every repeat a new edition of each article (synthetic)")
    parser.add_argument("--no-syndication", action="store_true", help="run the Spark job without wire-copy linking")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL load")
    parser.add_argument("--no-claims", action="store_true", help="load without the claim-cluster update after it")
    parser.add_argument("--rounds", type=int, default=1, help="load each store this many times, each into a fresh one")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--tables", type=Path,
                        help="only load this output of `saywho batch` (no extraction or Spark passes)")
    args = parser.parse_args()
    figures: dict[str, dict] = {}
    print(f"load average before: {_load()}", flush=True)
    with tempfile.TemporaryDirectory() as scratch, contextlib.ExitStack() as stack:
        folder = Path(scratch)
        outputs = {"day": args.tables} if args.tables else _job_passes(args, folder, figures)
        for round_, (layout, tables) in ((r, o) for r in range(1, args.rounds + 1) for o in outputs.items()):
            suffix = (f" #{round_}" if args.rounds > 1 else "") + (" (month)" if layout == "month" else "")
            stores = {"SQLite": str(folder / f"loaded-{round_}-{layout}.db")}
            if not args.no_postgres:
                from saywho.store.fixtures import postgres_test_database

                stores["PostgreSQL"] = stack.enter_context(postgres_test_database(POSTGRES))
            for name, db in stores.items():
                claims = ["--no-claims"] if args.no_claims else []
                _, out = timed([*SAYWHO, "load", str(tables), "--db", db, "--json", *claims])
                summary = json.loads(out)
                figures[f"load {name}{suffix}"] = {"seconds": round(summary["seconds"], 2),
                                                   "articles_per_s": round(summary["rate"], 1), "summary": summary}
                print(f"load {name}{suffix}: {summary['articles']} articles, {summary['rate']:.1f} articles/s, "
                      f"load average now {_load()}", flush=True)
    print(f"load average after: {_load()}", flush=True)
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def _job_passes(args: argparse.Namespace, folder: Path, figures: dict[str, dict]) -> dict[str, Path]:
    """The extract and Spark passes; returns the local[2] tables for the load passes, by layout
    ("day", and "month" with ``--month``)."""
    paths, count = input_files(args.limit, folder, args.repeat)
    files = [str(p) for p in paths]
    print(f"{count} articles from {', '.join(p.name for p in paths)}; {os.cpu_count()} cores", flush=True)
    for n in (1, 2):
        seconds, _ = timed([*SAYWHO, "extract", "--n-process", str(n), "-o", os.devnull, *files])
        figures[f"extract --n-process {n}"] = _rate(seconds, count)
    extra = ["--no-syndication"] if args.no_syndication else []
    layouts = ["month"] if args.month_only else ["day", "month"] if args.month else ["day"]
    passes = [(n, layout) for layout in layouts for n in (1, 2)]
    for n, layout in passes:
        output = folder / f"tables-{n}-{layout}"
        seconds, out = timed([*SAYWHO, "batch", *files, "-o", str(output), "--master", f"local[{n}]",
                              "--partition-by", layout, "--json", *extra])
        name = f"batch local[{n}]" + (" by month" if layout == "month" else "")
        figures[name] = {**_rate(seconds, count), "summary": json.loads(out)}
    return {layout: folder / f"tables-2-{layout}" for n, layout in passes if n == 2}


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _rate(seconds: float, count: int) -> dict:
    return {"seconds": round(seconds, 1), "articles_per_s": round(count / seconds, 2)}


def report(figures: dict[str, dict]) -> None:
    for name, figure in figures.items():
        print(f"{name:26} {figure['seconds']:8.1f} s {figure['articles_per_s']:9.2f} articles/s")
        summary = figure.get("summary", {})
        if summary.get("phases"):
            print(f"{'':26} " + ", ".join(f"{k} {v:.1f} s" for k, v in summary["phases"].items()))
        if summary.get("claims_seconds"):
            print(f"{'':26} then the claim-cluster update: {summary['claims_seconds']:.1f} s")
    rate = {name: figure["articles_per_s"] for name, figure in figures.items()}
    if "extract --n-process 2" not in rate:  # --tables: the load passes only
        return
    for layout in ("", " by month"):
        if f"batch local[2]{layout}" not in rate:
            continue
        print(f"batch local[2]{layout} / extract --n-process 2: "
              f"{rate[f'batch local[2]{layout}'] / rate['extract --n-process 2']:.2f} (target >= 0.85)")
        print(f"batch local[2]{layout} / local[1]{layout}: "
              f"{rate[f'batch local[2]{layout}'] / rate[f'batch local[1]{layout}']:.2f} (target >= 1.7)")
        stage = [figures[f"batch local[{n}]{layout}"]["summary"]["phases"].get("extract") for n in (1, 2)]
        if all(stage):
            print(f"extraction stage alone{layout}, local[2] / local[1]: {stage[0] / stage[1]:.2f}")
    print(f"extract n2 / n1 (for comparison): {rate['extract --n-process 2'] / rate['extract --n-process 1']:.2f}")

if __name__ == "__main__":
    main()
