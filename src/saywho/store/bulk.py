"""Bulk load: the Parquet tables of a batch job (``saywho batch``) into the store.

The tables are read with pyarrow one publication date at a time (their partitions), each article is
put back together as the Result it was extracted as (``saywho.tables.result_dict`` and
``Result.from_dict``), and written through ``Store.add_batch(bulk=True)`` in large transactions
(thousands of articles each; PostgreSQL COPY, SQLite executemany), so a load is idempotent and
resumable exactly as an ingest is: stored content hashes are skipped, and a killed load leaves
whole batches. The claim clusters and copy links (``saywho.claims``) are then brought up to date
once, as ingest does after each batch, so ``saywho claims`` sees the loaded articles.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..articles import Article
from ..errors import InputError
from ..records import Result
from ..tables import PARTITION, TABLES, article_from_row, result_dict
from .store import Store

DEFAULT_BATCH = 2000
# Which columns identify a child row: rows repeated by an interrupted job run are read once.
_ROW_KEYS = {"attributions": ("position",), "via": ("attribution_id", "position"), "entities": ("position",),
             "quantities": ("position",)}


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

    @property
    def rate(self) -> float:
        """Articles per second of the load itself (the claim-cluster update after it not counted)."""
        return self.articles / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rate": round(self.rate, 1)}


def load_tables(store: Store, directory: str | Path, *, batch_size: int = DEFAULT_BATCH, claims: bool = True,
                progress: Callable[[LoadSummary, int], None] | None = None) -> LoadSummary:
    """Load every article of the batch tables under ``directory`` into ``store``.

    ``progress(summary, total)`` is called after each transaction. ``claims``: file the new
    articles into claim clusters afterwards (``Store.update_claims``), timed apart from the load.
    """
    root = Path(directory)
    tables = _open_tables(root)
    summary = LoadSummary(source=str(root), db=store.url)
    start = time.perf_counter()
    total = sum(fragment.count_rows() for fragments in tables["articles"].values() for fragment in fragments)
    for items, origins in _batches(tables, batch_size):
        summary.articles += len(items)
        # Stored articles are skipped inside add_batch; their origin links are (re)set all the same.
        summary.new += store.add_batch(items, origins=origins, bulk=True)
        summary.duplicate = summary.articles - summary.new
        summary.linked += len(origins)
        summary.seconds = time.perf_counter() - start
        if progress is not None:
            progress(summary, total)
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
    return {name: _by_partition(ds.dataset(str(root / name), format="parquet", partitioning=partitioning))
            for name in TABLES if (root / name).is_dir()}


def _by_partition(dataset) -> dict[str, list]:
    """A table's files grouped by partition value (listed once, not once per partition)."""
    import pyarrow.dataset as ds

    groups: dict[str, list] = {}
    for fragment in dataset.get_fragments():
        day = ds.get_partition_keys(fragment.partition_expression).get(PARTITION)
        groups.setdefault(day, []).append(fragment)
    return groups


def _rows(fragments: list) -> list[dict[str, Any]]:
    return [row for fragment in fragments for row in fragment.to_table().to_pylist()]


def _batches(tables: dict[str, Any], size: int) -> Iterator[tuple[list[tuple[Article, Result]], dict[str, str]]]:
    """(Article, Result) pairs, ``size`` at a time across partitions, with the copies' origin hashes."""
    items: list[tuple[Article, Result]] = []
    origins: dict[str, str] = {}
    for day in sorted(tables["articles"], key=str):
        for row, children in _partition_rows(tables, day):
            items.append(_item(row, children))
            if row.get("origin_hash"):
                origins[row["content_hash"]] = row["origin_hash"]
            if len(items) >= size:
                yield items, origins
                items, origins = [], {}
    if items:
        yield items, origins


def _partition_rows(tables: dict[str, Any], day: str) -> Iterator[tuple[dict[str, Any], dict[str, list]]]:
    """Each article row of one partition with its child rows, in a stable order."""
    articles = _unique(_rows(tables["articles"][day]), ("content_hash",))
    children: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name, keys in _ROW_KEYS.items():
        if name not in tables:
            continue
        for row in _unique(_rows(tables[name].get(day, [])), ("content_hash", *keys)):
            children.setdefault(row["content_hash"], {}).setdefault(name, []).append(row)
    articles.sort(key=lambda row: (row["source"] or "", row["id"] or ""))  # the same order on every load
    for row in articles:
        yield row, children.get(row["content_hash"], {})


def _item(row: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> tuple[Article, Result]:
    return article_from_row(row), Result.from_dict(result_dict(row, children))


def _unique(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    seen: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(tuple(row[k] for k in keys), row)
    return list(seen.values())
