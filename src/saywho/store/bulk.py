"""Bulk load: the Parquet tables of a batch job (``saywho batch``) into the store.

The tables are read with pyarrow a group of publication dates at a time (their partitions), articles
already stored are skipped, and the others are written straight from the tables' Arrow columns
through ``Store.prepare_tables`` and ``Store.add_prepared`` (``saywho.store.arrow_rows``: the very
rows ``saywho ingest`` writes, without rebuilding each article's Result; the next batch read and
prepared in a thread while the database takes in this one) in large transactions (thousands of
articles each; PostgreSQL COPY, SQLite executemany), so a load is idempotent and resumable exactly
as an ingest is: stored content hashes are skipped, and a killed load leaves whole batches. The
claim clusters and copy links (``saywho.claims``) are then brought up to date once, as ingest does
after each batch, so ``saywho claims`` sees the loaded articles.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..tables import PARTITION, PARTITIONINGS, TABLES
from ..timing import lap, rounded
from .ahead import ahead
from .arrow_rows import CHILD_KEYS, child_columns, table_batch
from .clusters import Progress as ClaimsProgress
from .store import PreparedTables, Store

DEFAULT_BATCH = 2000
# Parquet files past this size (bytes) are read with pyarrow's threads (``_read``).
_LARGE_FILE = 1 << 20
# The articles columns a load reads: not the MinHash signature and bands (144 numbers an article).
_ARTICLE_COLUMNS = ["content_hash", "id", "text", "title", "url", "outlet", "published", "byline", "extra",
                    "source", "origin_hash", "schema_version"]


@dataclass
class LoadSummary:
    """What a load did: every article of the tables is new or was stored already."""

    source: str
    db: str
    articles: int = 0
    new: int = 0
    duplicate: int = 0
    linked: int = 0
    seconds: float = 0.0
    claims_seconds: float = 0.0
    # Wall-clock seconds of the load's stages: "read", waiting for the next batch to be read and
    # prepared (in a thread, while the batch before is written), and "write", the transactions.
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Articles per second of the load itself (the claim-cluster update after it not counted)."""
        return self.articles / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rate": round(self.rate, 1), "phases": rounded(self.phases)}


def load_tables(store: Store, directory: str | Path, *, batch_size: int = DEFAULT_BATCH, claims: bool = True,
                progress: Callable[[LoadSummary, int], None] | None = None,
                claims_progress: ClaimsProgress | None = None) -> LoadSummary:
    """Load every article of the batch tables under ``directory`` into ``store``.

    ``progress(summary, total)`` is called after each transaction. ``claims``: file the new
    articles into claim clusters afterwards (``Store.update_claims``), timed apart from the load;
    ``claims_progress(stage, done, total)`` hears how far that update is.
    """
    root = Path(directory)
    files = _table_files(root)
    summary = LoadSummary(source=str(root), db=store.url)
    start = clock = time.perf_counter()
    batches = _prepared(store, files, batch_size)
    # The next batch is read and prepared in a thread while this one is written, so that the client
    # and the database work at once (an in-memory store has one connection to check hashes on).
    for count, origins, prepared, total in (batches if store.single_connection else ahead(batches)):
        summary.articles += count
        clock = lap(summary.phases, "read", clock)
        summary.new += store.add_prepared(prepared, origins=origins)
        clock = lap(summary.phases, "write", clock)
        summary.duplicate = summary.articles - summary.new
        summary.linked += len(origins)
        summary.seconds = time.perf_counter() - start
        if progress is not None:
            progress(summary, total)
    summary.seconds = time.perf_counter() - start
    if claims and summary.new:
        start = time.perf_counter()
        store.update_claims(claims_progress)
        summary.claims_seconds = time.perf_counter() - start
    return summary


def _table_files(root: Path) -> dict[str, dict[str, list[str]]]:
    """Each table's Parquet files by partition folder (``published_date=DAY``, or
    ``published_month=MONTH`` for an output written ``--partition-by month``), in order.
    (pyarrow is imported here, so that the load's time does not count its start-up.)"""
    from urllib.parse import unquote

    import pyarrow.parquet  # noqa: F401

    if not (root / "articles").is_dir():
        raise InputError(f"{root} holds no articles table ({root / 'articles'}); give the output folder of "
                         "`saywho batch`")
    prefixes = tuple(f"{column}=" for column in PARTITIONINGS.values())
    files: dict[str, dict[str, list[str]]] = {}
    for name in TABLES:
        days: dict[str, list[str]] = {}
        if (root / name).is_dir():
            for folder in os.scandir(root / name):
                if folder.is_dir() and folder.name.startswith(prefixes):
                    days[unquote(folder.name.partition("=")[2])] = sorted(
                        entry.path for entry in os.scandir(folder.path)
                        if entry.name.endswith(".parquet") and not entry.name.startswith((".", "_")))
        files[name] = {day: days[day] for day in sorted(days)}
    return files


def _read(paths: list[str], columns: list[str] | None = None, *, present_only: bool = False):
    """The rows of the Parquet files ``paths`` as one Arrow table (None when there are none):
    ``columns`` only, if given; with ``present_only``, those of them each file has (an older job's
    tables may lack one, which the caller fills in).

    File by file with ``ParquetFile``: an output spanning years of dates holds thousands of small
    files, and pyarrow's dataset scanner spends about twice the CPU on each (its fragments and
    scan tasks) for the same rows. Only a large file (a busy date) is worth reading ahead and
    decoding on pyarrow's threads; for a small one that costs more than it saves.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = []
    for path in paths:
        large = os.path.getsize(path) > _LARGE_FILE
        file = pq.ParquetFile(path, pre_buffer=large)
        names = [c for c in columns if c in file.schema_arrow.names] if present_only and columns else columns
        parts.append(file.read(names, use_threads=large))
    return pa.concat_tables(parts, promote_options="permissive") if parts else None


def _groups(files: dict[str, dict[str, list[str]]],
            size: int) -> Iterator[tuple[list[dict[str, Any]], dict[str, Any], int]]:
    """(article rows, the child tables of their dates, the articles to load in all: exact once the
    last date is read, until then projected from the dates read), dates in order, grouped so that a group holds about ``size`` articles (a big date alone).

    A group's child tables are read in one go per table, files of its dates only, so a load of
    years of dates holds a group at a time.
    """
    days = list(files["articles"])
    group: list[str] = []
    rows: list[dict[str, Any]] = []
    read = 0
    for number, day in enumerate(days):
        found = _articles(files["articles"][day], day)
        read += len(found)
        if group and len(rows) + len(found) > size:
            yield _finished(files, group, rows), round(read * len(days) / (number + 1))
            group, rows = [], []
        group.append(day)
        rows += found
    if group:
        yield _finished(files, group, rows), read


def _finished(files: dict[str, dict[str, list[str]]], days: list[str],
              rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A group's article rows, each content hash once, in the same order on every load (by date,
    input, id), with the rows of its dates of every child table."""
    unique = list({row["content_hash"]: row for row in reversed(rows)}.values())
    articles = sorted(unique, key=lambda row: (row[PARTITION], row["source"] or "", row["id"] or ""))
    children = {}
    for name in CHILD_KEYS:
        table = _read([path for day in days for path in files[name].get(day, [])], child_columns(name),
                      present_only=True)
        if table is not None:
            children[name] = table
    return articles, children


def _batches(files: dict[str, dict[str, list[str]]],
             size: int) -> Iterator[tuple[list[dict[str, Any]], dict[str, Any], int]]:
    """(article rows, the child tables of their dates, the articles to load in all, projected),
    about ``size`` articles at a time."""
    for (articles, children), total in _groups(files, size):
        for start in range(0, len(articles), size):
            yield articles[start:start + size], children, total


def _prepared(store: Store, files: dict[str, dict[str, list[str]]],
              size: int) -> Iterator[tuple[int, dict[str, str], PreparedTables, int]]:
    """(articles read, their origin links, the new ones prepared to store, the articles to load in
    all), a batch at a time. Articles stored already are not read further (a re-run or resumed load
    costs a scan); their origin links are (re)set all the same. ``Store.add_prepared`` checks again
    inside its transaction, for articles stored since."""
    for articles, children, total in _batches(files, size):
        origins = {row["content_hash"]: row["origin_hash"] for row in articles if row.get("origin_hash")}
        stored = store.known_hashes(row["content_hash"] for row in articles)
        batch = table_batch([row for row in articles if row["content_hash"] not in stored], children)
        yield len(articles), origins, store.prepare_tables(batch), total


def _articles(paths: list[str], folder: str) -> list[dict[str, Any]]:
    """The article rows of one folder's files, with their date: the folder's, or under a month's
    folder (``--partition-by month``) the rows' own."""
    dated = bool(paths) and Path(paths[0]).parent.name.startswith(f"{PARTITIONINGS['month']}=")
    table = _read(paths, [*_ARTICLE_COLUMNS, PARTITION] if dated else _ARTICLE_COLUMNS)
    rows = table.to_pylist() if table is not None else []
    if not dated:
        for row in rows:
            row[PARTITION] = folder
    return rows
