"""Reading a batch job's inputs on the executors: every record becomes an article row or an error.

Files go through the one format registry (``saywho.ingest.formats.read_bytes``) that ``saywho
ingest`` uses, so the same file gives the same articles everywhere, read one of two ways:

- **whole**: Spark hands each file over as one byte string (``binaryFile``), one task a file.
  Java caps that at 2 GiB: a larger file of this kind becomes an error row naming it, and the job
  goes on.
- **by lines**: a plain (uncompressed) JSON Lines file of ``line_split_bytes`` or more is read as
  lines (Spark's text source, which splits a large file between tasks), each line with its line
  number, which the errors cite and which names a record that has no ``id``, exactly as a whole
  read numbers it. So a 20 GB dump is read on every core, and no file is held whole.

Parquet inputs give their rows (an ``id``, ``text`` and optional metadata columns).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from ..articles import Article, BatchError
from ..errors import InputError
from ..ingest.files import format_by_name, stem
from ..store.keys import content_hash, parse_date
from ..tables import ERRORS, PARTITION, UNKNOWN_DATE, as_tuple, error_row, input_row

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

    from .syndication import SyndicationSettings

_PARQUET_FIELDS = ("id", "text", "title", "url", "outlet", "published", "byline")
# The most bytes Spark hands over as one value (a Java array): a file read whole must fit.
MAX_WHOLE_BYTES = 2**31 - 1


@dataclass(frozen=True)
class ReadPlan:
    """How a run reads its inputs: ``max_chars`` (the longest article accepted), the syndication
    settings (None: no signatures), and the size from which plain JSON Lines are read by lines."""

    max_chars: int
    syndication: "SyndicationSettings | None"
    line_split_bytes: int


def read_inputs(spark: "SparkSession", inputs: list[str], plan: ReadPlan) -> tuple["RDD", list[str]]:
    """An RDD of ("input", row) for each article, (errors, row) for each bad record and
    ("skipped", name) for each small file of another type, and the names of the large files of
    another type skipped (listed here, on the driver)."""
    parquet = [path for path in inputs if path.rstrip("/").lower().endswith(".parquet")]
    files = [path for path in inputs if path not in parquet]
    parts, skipped = [], []
    if files:
        from pyspark.sql import functions as F

        given = {name_of(path) for path in files}
        # Listed once; the length filters reach the file source itself, so no large file's bytes are read here.
        listing = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(files)
        whole = partial(_read_files, given=given, max_chars=plan.max_chars, settings=plan.syndication)
        parts.append(listing.where(F.col("length") < plan.line_split_bytes)
                     .select("path", "content").rdd.mapPartitions(whole))
        large = _LargeFiles.sorted_out(spark, listing.where(F.col("length") >= plan.line_split_bytes), given)
        skipped = large.skipped
        if large.whole:
            frame = spark.read.format("binaryFile").load([_literal(path) for path in large.whole])
            parts.append(frame.select("path", "content").rdd.mapPartitions(whole))
        if large.by_lines:
            parts.append(_read_lines(spark, large.by_lines, plan))
        if large.too_large:
            parts.append(spark.sparkContext.parallelize([_too_large(*found) for found in large.too_large], 1))
    if parquet:
        from pyspark.sql import functions as F

        frame = spark.read.parquet(*parquet)
        present = [F.col(name) if name in frame.columns else F.lit(None).cast("string").alias(name)
                   for name in _PARQUET_FIELDS]
        parts.append(frame.select(*present, F.input_file_name().alias("_source")).rdd.mapPartitions(
            partial(_read_rows, settings=plan.syndication)))
    return (parts[0] if len(parts) == 1 else spark.sparkContext.union(parts)), skipped


@dataclass
class _LargeFiles:
    """The input files of ``line_split_bytes`` or more, listed on the driver (their bytes unread):
    paths to read by lines or whole, (name, size, named JSON Lines) of those too large to read
    whole, and the names of those of another type inside a folder (skipped)."""

    by_lines: list[str] = field(default_factory=list)
    whole: list[str] = field(default_factory=list)
    too_large: list[tuple[str, int, bool]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @classmethod
    def sorted_out(cls, spark: "SparkSession", large: "DataFrame", given: set[str]) -> "_LargeFiles":
        """``large``: the listing's rows (path, length) of the large files."""
        found = cls()
        listed = large.select("path", "length").collect()
        for row in {row.path: row for row in listed}.values():  # a file given twice is read once here
            name = name_of(row.path)
            if name not in given and format_by_name(name) is None:
                found.skipped.append(name)  # a large image or archive inside a folder, as `saywho ingest` skips it
            elif _by_lines(spark, row.path, name):
                found.by_lines.append(row.path)
            elif row.length > MAX_WHOLE_BYTES:
                found.too_large.append((name, row.length, format_by_name(name) == "jsonl"))
            else:
                found.whole.append(row.path)
        return found


def name_of(path: str) -> str:
    """A local file's path without the ``file:`` scheme (and %-escapes) Spark adds; other URIs as they are."""
    if path.startswith("file:"):
        return unquote(path[len("file://"):] if path.startswith("file://") else path[len("file:"):])
    return str(Path(path).resolve()) if "://" not in path else path


def _by_lines(spark: "SparkSession", path: str, name: str) -> bool:
    """Whether a large file is plain JSON Lines, to be read by lines: named so, not compressed
    (gzip cannot be split), and not binary or UTF-16 (those get the whole read's error)."""
    from ..ingest.formats import HEAD_BYTES, plain_utf8

    if format_by_name(name) != "jsonl" or name.lower().endswith(".gz"):
        return False
    return plain_utf8(_head(spark, path, HEAD_BYTES))


def _head(spark: "SparkSession", path: str, size: int) -> bytes:
    """The first bytes of a file, read on the driver through Hadoop's file system (any URI Spark reads)."""
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    stream = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).open(hadoop_path)
    try:
        return bytes(stream.readNBytes(size))
    finally:
        stream.close()


def _literal(path: str) -> str:
    """A listed file's path as Spark takes it back: glob characters escaped, not expanded."""
    return "".join(f"\\{char}" if char in "*?[]{}\\" else char for char in path)


def _too_large(name: str, size: int, json_lines: bool) -> tuple[str, Any]:
    kind = ("not plain JSON Lines text (it is compressed, binary or UTF-16), so it is read whole" if json_lines
            else "a file of its type is read whole")
    return ERRORS, as_tuple(ERRORS, error_row(BatchError(stem(name), InputError(
        f"{name} is {size:,} bytes: {kind}, as one value of at most 2 GiB; split it (plain JSON Lines of any "
        "size are read by lines)"), source=name)))


def _read_lines(spark: "SparkSession", paths: list[str], plan: ReadPlan) -> "RDD":
    """The records of large plain JSON Lines files, read as lines in as many tasks as Spark splits
    them into. A line's number is its place in its split plus the lines of the splits before it
    in the file, counted first by Spark alone (a pass over the text, no Python)."""
    from pyspark.sql import functions as F

    frame = (spark.read.option("lineSep", "\n").text([_literal(path) for path in paths])
             .select(F.input_file_name().alias("path"), F.input_file_block_start().alias("start"),
                     F.monotonically_increasing_id().alias("position"), F.col("value").cast("binary").alias("line")))
    splits = frame.groupBy("path", "start").agg(F.count("*").alias("lines"), F.min("position").alias("first")).collect()
    before: dict[tuple[str, int], tuple[int, int]] = {}
    counted: dict[str, int] = {}
    for split in sorted(splits, key=lambda split: (split.path, split.start)):
        before[(split.path, split.start)] = (counted.get(split.path, 0), split.first)
        counted[split.path] = counted.get(split.path, 0) + split.lines
    numbered = partial(_read_line_rows, before=spark.sparkContext.broadcast(before), plan=plan)
    return frame.rdd.mapPartitions(numbered)


def _read_line_rows(rows, *, before, plan: ReadPlan) -> Iterator[tuple[str, Any]]:
    from ..ingest.formats import Limits
    from ..ingest.jsonl import article_from_line, too_long_line

    limit = Limits.of(plan.max_chars).line_bytes
    for row in rows:
        lines_before, first = before.value[(row.path, row.start)]
        number = lines_before + row.position - first + 1
        name = name_of(row.path)
        line = bytes(row.line)
        if len(line) > limit:
            item = too_long_line(len(line) + 1, number, name)  # its size with the line end, as a whole read counts it
        else:
            item = article_from_line(line, number, source=name, id_prefix=stem(name))
        if item is not None:
            yield from _identified([item], name, plan.syndication, start=number - 1)


def _read_files(rows, *, given: set[str], max_chars: int, settings) -> Iterator[tuple[str, Any]]:
    from ..ingest.formats import read_bytes

    for row in rows:
        name = name_of(row.path)
        if name not in given and format_by_name(name) is None:
            yield "skipped", name  # a README or an image inside a directory, as `saywho ingest` skips it
            continue
        items = read_bytes(bytes(row.content), name, max_chars=max_chars)
        yield from _identified(items, name, settings)


def _read_rows(rows, *, settings) -> Iterator[tuple[str, Any]]:
    from ..ingest.jsonl import article_from_record

    for seq, row in enumerate(rows):
        source = name_of(row["_source"])
        record = {name: row[name] for name in _PARQUET_FIELDS if row[name] is not None}
        try:
            article = article_from_record(record, where=f"{source} row {seq + 1}")
        except InputError as exc:
            yield ERRORS, as_tuple(ERRORS, error_row(BatchError(record.get("id"), exc, source=source)))
            continue
        yield from _identified([article], source, settings, start=seq)


def _identified(items: Iterable[Article | BatchError], source: str, settings,
                start: int = 0) -> Iterator[tuple[str, Any]]:
    """Each article's input row (content hash, date partition, MinHash signature), each error's row;
    ``seq``, the record's place in its input, orders repeats of one text (the first is kept)."""
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
