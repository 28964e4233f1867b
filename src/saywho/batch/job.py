"""``run_batch``: articles from files (or Parquet) extracted by Spark into Parquet tables.

The job, stage by stage:
1. read: every input file's bytes go through the same format registry as ``saywho ingest``
   (``saywho.ingest.formats.read_bytes``), on the executors; Parquet inputs give their rows;
2. identify: each article gets the store's content hash; repeats within the run and articles
   already in the output are counted as duplicates and not extracted again;
3. syndication: wire copies are linked to their origin (``saywho.batch.syndication``);
4. extract: ``mapPartitions`` runs ``extract_batch`` (the same code as ``saywho ingest``), with the
   spaCy pipeline loaded once per executor process;
5. write: child tables first and ``articles`` last, appended and partitioned by publication date
   (rebalanced: a file per table and date, more only for a big date), so an article counts as
   written only once its records are. A failed task is retried by Spark, whose output committer
   keeps only one attempt's files; bad records go to the ``errors`` table.

The summary gives each stage's wall-clock seconds (``phases``); the extraction is run, and cached,
on its own before the writes, so that its time is not mixed with theirs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from ..articles import Article, BatchError
from ..errors import InputError
from ..options import ExtractOptions
from ..store.keys import content_hash, parse_date
from ..tables import (ERRORS, INPUT_SCHEMA, PARTITION, SCHEMAS, TABLES, UNKNOWN_DATE, as_tuple, columns, error_row,
                      input_row)
from ..timing import lap, rounded
from .session import spark_session

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

log = logging.getLogger(__name__)

_SHOW_SKIPPED = 20
_PARQUET_FIELDS = ("id", "text", "title", "url", "outlet", "published", "byline")


@dataclass
class BatchSummary:
    """What one run did. Every record read is new, a duplicate, or failed (in the errors table)."""

    output: str
    read: int = 0
    new: int = 0
    duplicate: int = 0
    syndicated: int = 0
    failed: int = 0
    errors_written: int = 0
    skipped: int = 0
    skipped_files: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # Wall-clock seconds of each stage (start, read, extract, write, count): where a run's time went.
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Records read per second of the whole job (Spark start-up included)."""
        return self.read / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rate": round(self.rate, 2), "phases": rounded(self.phases)}


def run_batch(inputs: Iterable[str], output: str, *, options: ExtractOptions | None = None,
              master: str | None = "local[*]", partitions: int | None = None, syndication: bool = True,
              spark_config: dict[str, str] | None = None) -> BatchSummary:
    """Extract every article in ``inputs`` (paths or Hadoop/S3 URIs) into Parquet tables under ``output``.

    ``master`` None uses the session ``spark-submit`` made; ``partitions`` is how many extraction
    tasks to cut the articles into (default: twice the cores Spark has).
    """
    inputs = [str(path) for path in inputs]
    if not inputs:
        raise InputError("give at least one input file, directory or URI")
    options = replace(options or ExtractOptions.defaults(), n_process=1)
    start = time.perf_counter()
    summary = BatchSummary(output=output.rstrip("/"))
    spark = spark_session(master, partitions=partitions, config=spark_config)
    lap(summary.phases, "start", start)
    try:
        _run(spark, inputs, summary, options, partitions, syndication)
    finally:
        if master is not None:
            spark.stop()
    summary.seconds = time.perf_counter() - start
    return summary


def _run(spark: "SparkSession", inputs: list[str], summary: BatchSummary, options: ExtractOptions,
         partitions: int | None, syndication: bool) -> None:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    output = summary.output
    clock = time.perf_counter()
    partitions = partitions or 2 * spark.sparkContext.defaultParallelism
    read = _read_inputs(spark, inputs, options, syndication).persist(StorageLevel.MEMORY_AND_DISK)
    articles = spark.createDataFrame(_tagged(read, "input"), f"{INPUT_SCHEMA}")
    read_errors = spark.createDataFrame(_tagged(read, ERRORS), SCHEMAS[ERRORS])
    skipped = _tagged(read, "skipped")
    summary.skipped = skipped.count()
    summary.skipped_files = sorted(skipped.take(_SHOW_SKIPPED))  # names only for the first few: the driver stays small

    # The first occurrence of a text (by input name and position) is the one extracted and stored.
    first = Window.partitionBy("content_hash").orderBy("source", "seq")
    unique = articles.withColumn("_rank", F.row_number().over(first)).where("_rank = 1").drop("_rank", "seq")
    stored = _existing(spark, f"{output}/articles")
    if stored is not None:
        unique = unique.join(stored.select("content_hash"), "content_hash", "left_anti")
    unique = unique.persist(StorageLevel.MEMORY_AND_DISK)
    unique_count = unique.count()  # reads every input once, here, so that the stages below time only themselves
    clock = lap(summary.phases, "read", clock)
    if syndication:
        from .syndication import find_origins

        todo = unique.join(find_origins(unique, stored), "content_hash", "left")
    else:
        todo = unique.withColumn("origin_hash", F.lit(None).cast("string"))

    extracted = (todo.repartition(partitions).rdd
                 .mapPartitions(partial(_extract_partition, options=options))
                 .persist(StorageLevel.MEMORY_AND_DISK))
    counts = dict(extracted.map(lambda item: (item[0], 1)).countByKey())  # runs (and caches) the extraction
    clock = lap(summary.phases, "extract", clock)
    for table in (*TABLES[1:], TABLES[0]):  # articles last: its rows mark the article as done
        frame = spark.createDataFrame(_tagged(extracted, table), f"{SCHEMAS[table]}, {PARTITION} string")
        # Rebalanced by date: a few files of sensible size per date, not one per task and date
        # (a news archive spans years of dates; thousands of tiny files made saywho load crawl).
        frame.hint("rebalance", PARTITION).write.mode("append").partitionBy(PARTITION).parquet(f"{output}/{table}")
    errors = read_errors.unionByName(spark.createDataFrame(_tagged(extracted, ERRORS), SCHEMAS[ERRORS]))
    summary.errors_written = _write_errors(spark, errors, f"{output}/{ERRORS}")
    clock = lap(summary.phases, "write", clock)

    input_count = articles.count()
    summary.failed = read_errors.count() + counts.get(ERRORS, 0)
    summary.read = input_count + read_errors.count()
    summary.new = counts.get("articles", 0)
    summary.duplicate = input_count - unique_count
    origin = columns("articles").index("origin_hash")
    summary.syndicated = extracted.filter(lambda item: item[0] == "articles" and item[1][origin] is not None).count()
    for cached in (extracted, unique, read):
        cached.unpersist()
    lap(summary.phases, "count", clock)


def _tagged(rdd, tag: str):
    return rdd.filter(lambda item: item[0] == tag).map(lambda item: item[1])


def _existing(spark: "SparkSession", path: str) -> "DataFrame | None":
    """A table written by an earlier run, or None when there is none yet."""
    from pyspark.errors import AnalysisException

    try:
        return spark.read.parquet(path)
    except AnalysisException:
        return None


def _write_errors(spark: "SparkSession", errors: "DataFrame", path: str) -> int:
    """Append the errors not recorded by an earlier run (same input, id and reason); how many."""
    recorded = _existing(spark, path)
    if recorded is not None:
        errors = errors.join(recorded.select("source", "id", "reason"), ["source", "id", "reason"], "left_anti")
    errors = errors.dropDuplicates(["source", "id", "reason"]).cache()
    count = errors.count()
    if count:
        errors.coalesce(1).write.mode("append").parquet(path)
    errors.unpersist()
    return count


# -- reading (on the executors) -----------------------------------------------------------------

def _read_inputs(spark: "SparkSession", inputs: list[str], options: ExtractOptions, syndication: bool):
    """An RDD of ("input", row) for each article, (errors, row) for each bad record, ("skipped", name)."""
    from .syndication import SyndicationSettings

    settings = SyndicationSettings.defaults() if syndication else None
    parquet = [path for path in inputs if path.rstrip("/").lower().endswith(".parquet")]
    files = [path for path in inputs if path not in parquet]
    parts = []
    if files:
        frame = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(files)
        given = {_name(path) for path in files}
        parts.append(frame.select("path", "content").rdd.mapPartitions(
            partial(_read_files, given=given, max_chars=options.max_chars, settings=settings)))
    if parquet:
        from pyspark.sql import functions as F

        frame = spark.read.parquet(*parquet)
        present = [F.col(name) if name in frame.columns else F.lit(None).cast("string").alias(name)
                   for name in _PARQUET_FIELDS]
        parts.append(frame.select(*present, F.input_file_name().alias("_source")).rdd.mapPartitions(
            partial(_read_rows, settings=settings)))
    return parts[0] if len(parts) == 1 else spark.sparkContext.union(parts)


def _name(path: str) -> str:
    """A local file's path without the ``file:`` scheme (and %-escapes) Spark adds; other URIs as they are."""
    if path.startswith("file:"):
        return unquote(path[len("file://"):] if path.startswith("file://") else path[len("file:"):])
    return str(Path(path).resolve()) if "://" not in path else path


def _read_files(rows, *, given: set[str], max_chars: int, settings) -> Iterator[tuple[str, Any]]:
    from ..ingest.files import format_by_name
    from ..ingest.formats import read_bytes

    for row in rows:
        name = _name(row.path)
        if name not in given and format_by_name(name) is None:
            yield "skipped", name  # a README or an image inside a directory, as `saywho ingest` skips it
            continue
        items = read_bytes(bytes(row.content), name, max_chars=max_chars)
        yield from _identified(items, name, settings)


def _read_rows(rows, *, settings) -> Iterator[tuple[str, Any]]:
    from ..ingest.jsonl import article_from_record

    for seq, row in enumerate(rows):
        source = _name(row["_source"])
        record = {name: row[name] for name in _PARQUET_FIELDS if row[name] is not None}
        try:
            article = article_from_record(record, where=f"{source} row {seq + 1}")
        except InputError as exc:
            yield ERRORS, as_tuple(ERRORS, error_row(BatchError(record.get("id"), exc, source=source)))
            continue
        yield from _identified([article], source, settings, start=seq)


def _identified(items: Iterable[Article | BatchError], source: str, settings, start: int = 0) -> Iterator[tuple[str, Any]]:
    from .syndication import signature

    for seq, item in enumerate(items, start=start):
        if isinstance(item, BatchError):
            item.source = item.source or source
            yield ERRORS, as_tuple(ERRORS, error_row(item))
            continue
        digest = content_hash(item.text)
        item.id = item.id or digest[:16]  # as the store names an article that came without an id
        sig = signature(item.text, settings) if settings is not None else (None, None)
        row = input_row(item, digest, source, seq, _partition(item.published), sig)
        yield "input", as_tuple("input", row, row[PARTITION])


def _partition(published: str | None) -> str:
    day = parse_date(published)
    return day.isoformat() if day else UNKNOWN_DATE


# -- extracting (on the executors) --------------------------------------------------------------

def _extract_partition(rows, *, options: ExtractOptions) -> Iterator[tuple[str, tuple]]:
    """Every table's rows for a partition's articles, ``options.batch_size`` articles at a time."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row.asDict())
        if len(batch) >= options.batch_size:
            yield from _extract_rows(batch, options)
            batch = []
    if batch:
        yield from _extract_rows(batch, options)


def _extract_rows(rows: list[dict[str, Any]], options: ExtractOptions) -> Iterator[tuple[str, tuple]]:
    from ..extract.pool import extract_batch
    from ..tables import article_from_row, result_rows

    # load_pipeline is cached per process, and Spark reuses its Python workers: one load per executor process.
    for row, (_, result) in zip(rows, extract_batch([article_from_row(row) for row in rows], options)):
        if isinstance(result, BatchError):
            result.source = result.source or row["source"]
            yield ERRORS, as_tuple(ERRORS, error_row(result, content_hash=row["content_hash"]))
            continue
        for table, table_rows in result_rows(row, result).items():
            for table_row in table_rows:
                yield table, as_tuple(table, table_row, row[PARTITION])
