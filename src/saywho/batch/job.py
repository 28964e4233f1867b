"""``run_batch``: articles from files (or Parquet) extracted by Spark into Parquet tables.

The job, stage by stage:
1. read (``saywho.batch.read``): every input file's bytes go through the same format registry as
   ``saywho ingest`` (``saywho.ingest.formats.read_bytes``), on the executors, a file whole or, a
   large plain JSON Lines file, by lines in several tasks; Parquet inputs give their rows;
2. identify: each article gets the store's content hash; repeats within the run and articles
   already in the output are counted as duplicates and not extracted again;
3. syndication: wire copies are linked to their origin (``saywho.batch.syndication``);
4. extract: ``mapPartitions`` runs ``extract_batch`` (the same code as ``saywho ingest``), with the
   spaCy pipeline loaded once per executor process;
5. write: child tables first (side by side: Spark runs several threads' jobs at once) and
   ``articles`` last, appended and partitioned by publication date, a folder per date or, with
   ``partition_by="month"``, per month (rebalanced: a file per table and folder, more only for a
   big one), so an article counts as written only once its records are. A failed task is retried
   by Spark, whose output committer keeps only one attempt's files; bad records go to the
   ``errors`` table.

What the readers and the extraction give is converted from Python once, into Spark's own cache
(a row per record, its table's name and the row in that table's column), and every table and
count is cut from that cache by Spark alone. The summary gives each stage's wall-clock seconds
(``phases``); the extraction is run, and cached, on its own before the writes, so that its time
is not mixed with theirs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from ..articles import BatchError
from ..errors import InputError
from ..lexicon import load_settings
from ..options import ExtractOptions
from ..tables import (ERRORS, INPUT_SCHEMA, PARTITION, PARTITIONINGS, SCHEMAS, TABLES, UNKNOWN_DATE, as_tuple,
                      error_row)
from ..timing import lap, rounded
from .progress import JobProgress, ProgressWatcher
from .read import ReadPlan, read_inputs
from .session import spark_session

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

log = logging.getLogger(__name__)

_SHOW_SKIPPED = 20
# Articles an extraction task takes by default (``extraction_tasks``): about a minute on one core.
_ARTICLES_PER_TASK = 500
# What the readers give, one row per record: its kind and, in that kind's column, the article (its
# INPUT_SCHEMA row), the error, or the name of a file skipped. Converted from Python once, into Spark.
_READ_SLOTS = ("input", ERRORS, "skipped")
_READ_SCHEMA = f"_table string, `input` struct<{INPUT_SCHEMA}>, `{ERRORS}` struct<{SCHEMAS[ERRORS]}>, skipped string"
# What extraction gives, one row per table row: the table's name and the row in that table's column.
_EXTRACTED_SLOTS = (*TABLES, ERRORS)
_EXTRACTED_SCHEMA = ", ".join(["_table string",
                               *(f"`{table}` struct<{SCHEMAS[table]}, {PARTITION} string>" for table in TABLES),
                               f"`{ERRORS}` struct<{SCHEMAS[ERRORS]}>"])


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
              spark_config: dict[str, str] | None = None, partition_by: str = "day",
              line_split_bytes: int | None = None,
              progress: Callable[[JobProgress], None] | None = None) -> BatchSummary:
    """Extract every article in ``inputs`` (paths or Hadoop/S3 URIs) into Parquet tables under ``output``.

    ``master`` None uses the session ``spark-submit`` made; ``partitions`` is how many extraction
    tasks to cut the articles into (default: ``extraction_tasks``); ``partition_by`` the
    tables' folders, "day" or "month" (``PARTITIONINGS``; a re-run must keep the output's);
    ``line_split_bytes`` the size from which plain JSON Lines files are read by lines, in several
    tasks (default: ``[batch] line_split_bytes`` of the settings; ``saywho.batch.read``);
    ``progress`` is called with a ``JobProgress`` about twice a second while the job runs.
    """
    if partition_by not in PARTITIONINGS:
        raise InputError(f"partition by {' or '.join(PARTITIONINGS)}, not {partition_by!r}")
    inputs = [str(path) for path in inputs]
    if not inputs:
        raise InputError("give at least one input file, directory or URI")
    options = replace(options or ExtractOptions.defaults(), n_process=1)
    plan = _read_plan(options, syndication, line_split_bytes)
    start = time.perf_counter()
    summary = BatchSummary(output=output.rstrip("/"))
    spark = spark_session(master, partitions=partitions, config=spark_config)
    lap(summary.phases, "start", start)
    try:
        with ProgressWatcher(spark, progress) as watch:
            _run(spark, inputs, summary, options, plan, partitions, partition_by, watch)
    finally:
        if master is not None:
            spark.stop()
    summary.seconds = time.perf_counter() - start
    return summary


def _read_plan(options: ExtractOptions, syndication: bool, line_split_bytes: int | None) -> ReadPlan:
    from .syndication import SyndicationSettings

    if line_split_bytes is None:
        line_split_bytes = int(load_settings()["batch"]["line_split_bytes"])
    return ReadPlan(max_chars=options.max_chars, syndication=SyndicationSettings.defaults() if syndication else None,
                    line_split_bytes=max(1, line_split_bytes))


def extraction_tasks(articles: int, cores: int) -> int:
    """How many tasks to cut ``articles`` into: about ``_ARTICLES_PER_TASK`` each (a task of a
    minute or so on one core, so progress moves and a slow task holds up little), at least two per
    core, and a whole number of rounds of the cores."""
    tasks = max(2 * cores, -(-articles // _ARTICLES_PER_TASK))
    return -(-tasks // cores) * cores


def _run(spark: "SparkSession", inputs: list[str], summary: BatchSummary, options: ExtractOptions, plan: ReadPlan,
         partitions: int | None, partition_by: str, watch: ProgressWatcher) -> None:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    output = summary.output
    clock = time.perf_counter()
    stored = _existing(spark, f"{output}/articles")
    _check_layout(stored, partition_by, output)
    watch.phase("read")
    records, skipped_large = read_inputs(spark, inputs, plan)
    read = spark.createDataFrame(records.map(_read_slotted), _READ_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
    articles = _table(read, "input")
    read_errors = _table(read, ERRORS)
    kinds = _counts(read)  # reads every input once, here, into the cache
    summary.skipped = kinds.get("skipped", 0) + len(skipped_large)
    if summary.skipped:  # names only for the first few: the driver stays small
        skipped = read.where(read["_table"] == "skipped").select("skipped")
        names = [row.skipped for row in skipped.take(_SHOW_SKIPPED)] + skipped_large
        summary.skipped_files = sorted(names)[:_SHOW_SKIPPED]

    # The first occurrence of a text (by input name and position) is the one extracted and stored.
    first = Window.partitionBy("content_hash").orderBy("source", "seq")
    unique = articles.withColumn("_rank", F.row_number().over(first)).where("_rank = 1").drop("_rank", "seq")
    if stored is not None:
        unique = unique.join(stored.select("content_hash"), "content_hash", "left_anti")
    unique = unique.persist(StorageLevel.MEMORY_AND_DISK)
    unique_count = unique.count()  # de-duplicated here, so that the stages below time only themselves
    clock = lap(summary.phases, "read", clock)
    watch.phase("extract", articles=unique_count)
    partitions = partitions or extraction_tasks(unique_count, spark.sparkContext.defaultParallelism)
    if plan.syndication is not None:
        from .syndication import find_origins

        todo = unique.join(find_origins(unique, stored, plan.syndication), "content_hash", "left")
    else:
        todo = unique.withColumn("origin_hash", F.lit(None).cast("string"))

    # Each extracted row is converted from Python once, into Spark's own cache; the tables below are
    # then cut from it by Spark alone, with no further pass through Python.
    extracted = spark.createDataFrame(
        todo.repartition(partitions).rdd.mapPartitions(partial(_extract_partition, options=options)),
        _EXTRACTED_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
    counts = _counts(extracted)
    clock = lap(summary.phases, "extract", clock)
    watch.phase("write")
    errors = read_errors.unionByName(_table(extracted, ERRORS))
    with ThreadPoolExecutor(1) as pool:  # the errors table beside the others (Spark runs both at once)
        errors_written = pool.submit(_write_errors, spark, errors, f"{output}/{ERRORS}")
        _write_tables(extracted, output, partition_by)
        summary.errors_written = errors_written.result()
    clock = lap(summary.phases, "write", clock)
    watch.phase("count")

    input_count = kinds.get("input", 0)
    summary.failed = kinds.get(ERRORS, 0) + counts.get(ERRORS, 0)
    summary.read = input_count + kinds.get(ERRORS, 0)
    summary.new = counts.get("articles", 0)
    summary.duplicate = input_count - unique_count
    summary.syndicated = _table(extracted, "articles").where(F.col("origin_hash").isNotNull()).count()
    for cached in (extracted, unique, read):
        cached.unpersist()
    lap(summary.phases, "count", clock)


def _write_tables(extracted: "DataFrame", output: str, partition_by: str) -> None:
    """Append each table's rows, partitioned by date or month: the child tables side by side (Spark
    runs the jobs of several threads at once, so one table's many small files do not hold up the
    cores), then ``articles``, whose rows mark an article as done."""
    with ThreadPoolExecutor(len(TABLES) - 1) as pool:
        for done in [pool.submit(_write_table, _table(extracted, table), f"{output}/{table}", partition_by)
                     for table in TABLES[1:]]:
            done.result()
    _write_table(_table(extracted, TABLES[0]), f"{output}/{TABLES[0]}", partition_by)


def _write_table(frame: "DataFrame", path: str, partition_by: str) -> None:
    from pyspark.sql import functions as F

    folder = PARTITIONINGS[partition_by]
    if folder != PARTITION:  # by month: "2024-05" of "2024-05-01"; the date stays in the rows
        day = F.col(PARTITION)
        frame = frame.withColumn(folder, F.when(day == UNKNOWN_DATE, day).otherwise(F.substring(day, 1, 7)))
    # Rebalanced by folder: a few files of sensible size per folder, not one per task and folder
    # (a news archive spans years of dates; thousands of tiny files made saywho load crawl).
    frame = frame.hint("rebalance", folder)
    if folder != PARTITION:
        frame = frame.sortWithinPartitions(folder, PARTITION)  # a month's files in date order
    frame.write.mode("append").partitionBy(folder).parquet(path)


def _check_layout(stored: "DataFrame | None", partition_by: str, output: str) -> None:
    """Refuse to add one layout's folders to tables written in the other (Spark could not read them back)."""
    if stored is None:
        return
    found = "month" if PARTITIONINGS["month"] in stored.columns else "day"
    if found != partition_by:
        raise InputError(f"{output} was written partitioned by {found}; run again with --partition-by {found} "
                         "(or write to a new folder)")


def _counts(rows: "DataFrame") -> dict[str, int]:
    """How many rows of each table (or kind of record) ``rows`` holds, in one job."""
    return {row["_table"]: row["count"] for row in rows.groupBy("_table").count().collect()}


def _table(rows: "DataFrame", table: str) -> "DataFrame":
    """The rows of one table (or kind of record) out of the rows read or extracted."""
    return rows.where(rows["_table"] == table).select(f"`{table}`.*")


def _slotted(slots: tuple[str, ...], kind: str, values: Any) -> tuple:
    """A row of a slotted schema: ``values`` in the column of ``kind``, the other columns empty."""
    row: list[Any] = [None] * (len(slots) + 1)
    row[0] = kind
    row[1 + slots.index(kind)] = values
    return tuple(row)


def _read_slotted(item: tuple[str, Any]) -> tuple:
    return _slotted(_READ_SLOTS, *item)


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


# -- extracting (on the executors) --------------------------------------------------------------

def _extract_partition(rows, *, options: ExtractOptions) -> Iterator[tuple]:
    """Every table's rows for a partition's articles, ``options.batch_size`` articles at a time."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row.asDict())
        if len(batch) >= options.batch_size:
            yield from _extract_rows(batch, options)
            batch = []
    if batch:
        yield from _extract_rows(batch, options)


def _extract_rows(rows: list[dict[str, Any]], options: ExtractOptions) -> Iterator[tuple]:
    from ..extract.pool import extract_batch
    from ..tables import article_from_row, result_rows

    # load_pipeline is cached per process, and Spark reuses its Python workers: one load per executor process.
    for row, (_, result) in zip(rows, extract_batch([article_from_row(row) for row in rows], options)):
        if isinstance(result, BatchError):
            result.source = result.source or row["source"]
            yield _slotted(_EXTRACTED_SLOTS, ERRORS, as_tuple(ERRORS, error_row(result, content_hash=row["content_hash"])))
            continue
        for table, table_rows in result_rows(row, result).items():
            for table_row in table_rows:
                yield _slotted(_EXTRACTED_SLOTS, table, as_tuple(table, table_row, row[PARTITION]))
