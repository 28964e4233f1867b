"""Bulk load: the Parquet tables of a batch job (``saywho batch``) into the store.

The tables are read with pyarrow a group of publication dates at a time (their partitions),
articles already stored are skipped, and the others are written straight from the tables' Arrow
columns through ``Store.add_tables`` (``saywho.store.arrow_rows``: the very rows ``saywho ingest``
writes, without rebuilding each article's Result) in large transactions (thousands of articles
each; PostgreSQL COPY, SQLite executemany), so a load is idempotent and resumable exactly as an
ingest is: stored content hashes are skipped, and a killed load leaves whole batches. The claim
clusters and copy links (``saywho.claims``) are then brought up to date once, as ingest does after
each batch, so ``saywho claims`` sees the loaded articles.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..tables import PARTITION, TABLES
from ..timing import lap, rounded
from .ahead import ahead
from .arrow_rows import CHILD_KEYS, table_batch
from .store import Store

DEFAULT_BATCH = 2000
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
    # Wall-clock seconds of the load's stages: reading Parquet, rebuilding Results, writing rows.
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Articles per second of the load itself (the claim-cluster update after it not counted)."""
        return self.articles / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rate": round(self.rate, 1), "phases": rounded(self.phases)}


def load_tables(store: Store, directory: str | Path, *, batch_size: int = DEFAULT_BATCH, claims: bool = True,
                progress: Callable[[LoadSummary, int], None] | None = None) -> LoadSummary:
    """Load every article of the batch tables under ``directory`` into ``store``.

    ``progress(summary, total)`` is called after each transaction. ``claims``: file the new
    articles into claim clusters afterwards (``Store.update_claims``), timed apart from the load.
    """
    root = Path(directory)
    tables = _open_tables(root)
    summary = LoadSummary(source=str(root), db=store.url)
    start = clock = time.perf_counter()
    days = _day_sizes(tables["articles"])
    for articles, children in _batches(tables, days, batch_size):
        summary.articles += len(articles)
        origins = {row["content_hash"]: row["origin_hash"] for row in articles if row.get("origin_hash")}
        # Articles stored already are not read further (a re-run or resumed load costs a scan);
        # their origin links are (re)set all the same. add_tables checks again inside its transaction.
        stored = store.known_hashes(row["content_hash"] for row in articles)
        batch = table_batch([row for row in articles if row["content_hash"] not in stored], children)
        clock = lap(summary.phases, "read", clock)
        summary.new += store.add_tables(batch, origins=origins)
        clock = lap(summary.phases, "write", clock)
        summary.duplicate = summary.articles - summary.new
        summary.linked += len(origins)
        summary.seconds = time.perf_counter() - start
        if progress is not None:
            progress(summary, sum(days.values()))
    summary.seconds = time.perf_counter() - start
    if claims and summary.new:
        start = time.perf_counter()
        store.update_claims()
        summary.claims_seconds = time.perf_counter() - start
    return summary


def _open_tables(root: Path) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.dataset as ds

    if not (root / "articles").is_dir():
        raise InputError(f"{root} holds no articles table ({root / 'articles'}); give the output folder of "
                         "`saywho batch`")
    partitioning = ds.partitioning(pa.schema([(PARTITION, pa.string())]), flavor="hive")
    return {name: ds.dataset(str(root / name), format="parquet", partitioning=partitioning)
            for name in TABLES if (root / name).is_dir()}


def _day_sizes(articles) -> dict[str, int]:
    """How many article rows each date partition holds, dates in order (from the files' footers)."""
    import pyarrow.dataset as ds

    counts: dict[str, int] = {}
    for fragment in articles.get_fragments():
        day = ds.get_partition_keys(fragment.partition_expression).get(PARTITION)
        counts[day] = counts.get(day, 0) + fragment.metadata.num_rows
    return {day: counts[day] for day in sorted(counts, key=str)}


def _day_groups(days: dict[str, int], size: int) -> Iterator[list[str]]:
    """Dates in order, grouped so that a group holds about ``size`` articles (a big date alone).

    A group is read in one scan per table: an output spanning years of dates holds thousands of
    small files, and reading them one by one cost more than the load itself.
    """
    group: list[str] = []
    held = 0
    for day, count in days.items():
        if group and held + count > size:
            yield group
            group, held = [], 0
        group.append(day)
        held += count
    if group:
        yield group


def _read(dataset, days: list[str], columns: list[str] | None = None):
    """The rows of ``days`` of one table, as an Arrow table."""
    import pyarrow.dataset as ds

    return dataset.to_table(columns=columns, filter=ds.field(PARTITION).isin(days))


def _batches(tables: dict[str, Any], days: dict[str, int],
             size: int) -> Iterator[tuple[list[dict[str, Any]], dict[str, Any]]]:
    """(article rows, the child tables of their dates), about ``size`` articles at a time; the next
    group of dates is read in a thread while the caller writes the one before (``ahead``)."""
    groups = ((_articles(tables["articles"], group),
               {name: _read(tables[name], group) for name in CHILD_KEYS if name in tables})
              for group in _day_groups(days, size))
    for articles, children in ahead(groups):
        for start in range(0, len(articles), size):
            yield articles[start:start + size], children


def _articles(dataset, days: list[str]) -> list[dict[str, Any]]:
    """The article rows of ``days``, each content hash once, in the same order on every load: by date, input, id."""
    rows = _read(dataset, days, [*_ARTICLE_COLUMNS, PARTITION]).to_pylist()
    unique = list({row["content_hash"]: row for row in reversed(rows)}.values())
    return sorted(unique, key=lambda row: (str(row[PARTITION]), row["source"] or "", row["id"] or ""))
