"""Reading a batch job's inputs (``saywho.batch.read``) on a real local Spark session: a large plain
JSON Lines file read by lines, in several tasks, gives the records a whole read gives, numbered
alike; a compressed or binary file of that name is read whole; a file too large to hand over
whole is an error row, not a failed job."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip("pyspark", reason="saywho batch needs PySpark: pip install 'saywho[spark]'")
if shutil.which("java") is None:
    pytest.skip("saywho batch needs Java 17 (no java on PATH)", allow_module_level=True)

from saywho.batch import read  # noqa: E402
from saywho.batch.read import ReadPlan, read_inputs  # noqa: E402
from saywho.batch.session import spark_session  # noqa: E402
from saywho.ingest.formats import Limits, read_bytes  # noqa: E402
from saywho.tables import ERRORS, columns  # noqa: E402

MAX_CHARS = 1000
SPLIT = 2048  # Spark cuts text files every 2 KB in this module's session


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]", config={"spark.sql.files.maxPartitionBytes": str(SPLIT),
                                                "spark.sql.files.openCostInBytes": "0"})
    yield session
    session.stop()


def _lines() -> list[bytes]:
    """Records of every kind a reader meets, then enough records without ids to fill many splits."""
    story = "The council voted on Tuesday to keep the night trams, the mayor said. "
    lines = [json.dumps({"id": "first", "text": story * 3, "published": "2026-03-02"}).encode(),
             b"",
             b"{not json",
             b'{"id": "latin-1", "text": "caf\xe9 owners said"}',
             json.dumps({"id": "windows", "text": story * 2}).encode() + b"\r",
             json.dumps({"id": "no-text", "title": "A headline alone"}).encode(),
             b"[1, 2, 3]",
             b"   "]
    lines += [json.dumps({"text": f"Story {n}: " + story * (1 + n % 4)}).encode() for n in range(60)]
    return lines


def _kept(items) -> list[tuple]:
    """Records as read, without their place in the input (a whole read counts records, lines count lines)."""
    seq = columns("input").index("seq")
    return sorted((kind, *(value for i, value in enumerate(row) if kind != "input" or i != seq))
                  for kind, row in items)


def _plan(split: int) -> ReadPlan:
    return ReadPlan(max_chars=MAX_CHARS, syndication=None, line_split_bytes=split)


def test_a_large_file_read_by_lines_gives_what_a_whole_read_gives(spark, tmp_path):
    path = tmp_path / "day {2} [1].jsonl"  # Spark takes the listed path back literally, not as a glob
    path.write_bytes(b"\n".join(_lines()) + b"\n")
    assert path.stat().st_size > 5 * SPLIT
    # (the folder is given: a path given is a glob to Spark, as on its command line)
    by_lines, skipped = read_inputs(spark, [str(tmp_path)], _plan(split=1))
    whole, _ = read_inputs(spark, [str(tmp_path)], _plan(split=path.stat().st_size + 1))
    assert by_lines.getNumPartitions() > 4 and whole.getNumPartitions() == 1 and not skipped
    got = by_lines.collect()
    assert _kept(got) == _kept(whole.collect())
    # ... which is what `saywho ingest` reads, ids from line numbers included
    expected = list(read_bytes(path.read_bytes(), str(path), max_chars=MAX_CHARS))
    ids = sorted(row[columns("input").index("id")] for kind, row in got if kind == "input")
    assert ids == sorted(item.id for item in expected if not hasattr(item, "error"))
    assert "day {2} [1]-68" in ids and "day {2} [1]-9" in ids
    reasons = sorted(row[columns(ERRORS).index("reason")] for kind, row in got if kind == ERRORS)
    assert reasons == sorted(str(item.error) for item in expected if hasattr(item, "error"))
    assert any(f"{path} line 3 is not valid JSON" in reason for reason in reasons)
    assert any(f"{path} line 4 is not valid UTF-8" in reason for reason in reasons)


def test_compressed_binary_and_too_large_files_are_not_read_by_lines(spark, tmp_path, monkeypatch):
    folder = tmp_path / "inputs"
    folder.mkdir()
    data = b"\n".join(_lines()) + b"\n"
    (folder / "packed.jsonl").write_bytes(gzip.compress(data))  # gzip under a plain name: read whole
    (folder / "blob.jsonl").write_bytes(b"\x00\x01" * 4096)      # binary: the whole read's error
    (folder / "crawl.warc").write_bytes(b"WARC/1.0\r\n" * 2000)  # over the (lowered) whole-file limit
    (folder / "photo.jpg").write_bytes(b"\xff\xd8" * 4096)       # another type inside a folder: skipped
    monkeypatch.setattr(read, "MAX_WHOLE_BYTES", 10_000)
    items, skipped = read_inputs(spark, [str(folder)], _plan(split=512))
    got = items.collect()
    assert [Path(name).name for name in skipped] == ["photo.jpg"]
    packed = folder / "packed.jsonl"
    assert _kept(row for row in got if packed.name in str(row[1])) == _kept(
        read_inputs(spark, [str(packed)], _plan(split=10**9))[0].collect())
    reasons = {Path(row[columns(ERRORS).index("source")]).name: row[columns(ERRORS).index("reason")]
               for kind, row in got if kind == ERRORS and "line" not in row[columns(ERRORS).index("source")]}
    assert "looks like binary data" in reasons["blob.jsonl"]
    assert "20,000 bytes" in reasons["crawl.warc"] and "split it" in reasons["crawl.warc"]


def test_a_line_too_long_is_reported_as_a_whole_read_reports_it(tmp_path):
    """No Spark needed: the lines as the text source hands them over (without their line end)."""
    limit = Limits.of(MAX_CHARS).line_bytes
    lines = [json.dumps({"id": "a", "text": "Short."}).encode(), b"x" * (limit + 5),
             json.dumps({"text": "After the long one."}).encode()]
    name = str(tmp_path / "long.jsonl")
    rows = [SimpleNamespace(path=f"file://{name}", start=0, position=n, line=line) for n, line in enumerate(lines)]
    before = SimpleNamespace(value={(f"file://{name}", 0): (0, 0)})
    got = list(read._read_line_rows(rows, before=before, plan=_plan(split=1)))
    expected = list(read_bytes(b"\n".join(lines) + b"\n", name, max_chars=MAX_CHARS))
    assert [row[columns(ERRORS).index("reason")] for kind, row in got if kind == ERRORS] == [
        str(item.error) for item in expected if hasattr(item, "error")]
    assert [row[columns("input").index("id")] for kind, row in got if kind == "input"] == ["a", "long-3"]
