"""Bulk load: the Parquet tables of a batch job (``saywho batch``) into the store.

The tables are read with pyarrow a group of publication dates at a time (their partitions), articles
already stored are skipped, each other article is put back together as the Result it was extracted as (``saywho.tables.result_dict`` and
``Result.from_dict``), and written through ``Store.add_batch(bulk=True)`` in large transactions
(thousands of articles each; PostgreSQL COPY, SQLite executemany), so a load is idempotent and
resumable exactly as an ingest is: stored content hashes are skipped, and a killed load leaves
whole batches. The claim clusters and copy links (``saywho.claims``) are then brought up to date
once, as ingest does after each batch, so ``saywho claims`` sees the loaded articles.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..articles import Article
from ..errors import InputError
from ..records import Result
from ..tables import PARTITION, TABLES, article_from_row, result_dict
from ..timing import lap, rounded
from .store import Store

DEFAULT_BATCH = 2000
# Which columns identify a child row: rows repeated by an interrupted job run are read once.
_ROW_KEYS = {"attributions": ("position",), "via": ("attribution_id", "position"), "entities": ("position",),
             "quantities": ("position",)}
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
    for rows in _batches(tables, days, batch_size):
        summary.articles += len(rows)
        origins = {row["content_hash"]: row["origin_hash"] for row, _ in rows if row.get("origin_hash")}
        # Articles stored already are not rebuilt (a re-run or resumed load costs a scan); their
        # origin links are (re)set all the same. add_batch checks again inside its transaction.
        stored = store.known_hashes(row["content_hash"] for row, _ in rows)
        rows = [(row, children) for row, children in rows if row["content_hash"] not in stored]
        clock = lap(summary.phases, "read", clock)
        items = [_item(row, children) for row, children in rows]
        clock = lap(summary.phases, "rebuild", clock)
        hashes = [row["content_hash"] for row, _ in rows]
        summary.new += store.add_batch(items, origins=origins, bulk=True, hashes=hashes)
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
    """How many article rows each date partition holds, dates in order."""
    counts = articles.to_table(columns=[PARTITION]).column(PARTITION).value_counts().to_pylist()
    return {item["values"]: item["counts"] for item in sorted(counts, key=lambda item: str(item["values"]))}


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


def _rows(dataset, days: list[str], columns: list[str] | None = None) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    return dataset.to_table(columns=columns, filter=ds.field(PARTITION).isin(days)).to_pylist()


def _batches(tables: dict[str, Any], days: dict[str, int],
             size: int) -> Iterator[list[tuple[dict[str, Any], dict[str, list]]]]:
    """Article rows with their child rows, ``size`` at a time."""
    for group in _day_groups(days, size):
        rows = list(_group_rows(tables, group))
        for start in range(0, len(rows), size):
            yield rows[start:start + size]


def _group_rows(tables: dict[str, Any], days: list[str]) -> Iterator[tuple[dict[str, Any], dict[str, list]]]:
    """Each article row of some dates with its child rows, in a stable order."""
    articles = _unique(_rows(tables["articles"], days, [*_ARTICLE_COLUMNS, PARTITION]), ("content_hash",))
    children: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name, keys in _ROW_KEYS.items():
        if name not in tables:
            continue
        for row in _unique(_rows(tables[name], days), ("content_hash", *keys)):
            children.setdefault(row["content_hash"], {}).setdefault(name, []).append(row)
    # The same order on every load: by date, input, id.
    articles.sort(key=lambda row: (str(row[PARTITION]), row["source"] or "", row["id"] or ""))
    for row in articles:
        yield row, children.get(row["content_hash"], {})


def _item(row: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> tuple[Article, Result]:
    return article_from_row(row), Result.from_dict(result_dict(row, children))


def _unique(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    seen: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(tuple(row[k] for k in keys), row)
    return list(seen.values())
