"""``saywho batch`` on a real local Spark session (local[2], loopback only) and ``saywho load`` into
SQLite and PostgreSQL: the tables, the errors table, the wire-copy link, idempotency, and the same
query answers as ``saywho ingest`` of the same files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

pytest.importorskip("pyspark", reason="saywho batch needs PySpark: pip install 'saywho[spark]'")
if shutil.which("java") is None:
    pytest.skip("saywho batch needs Java 17 (no java on PATH)", allow_module_level=True)

from saywho import query  # noqa: E402
from saywho.batch import run_batch  # noqa: E402
from saywho.ingest import ingest  # noqa: E402
from saywho.ingest.load import load  # noqa: E402
from saywho.records import SCHEMA_VERSION  # noqa: E402
from saywho.store import Store, content_hash  # noqa: E402
from saywho.tables import PARTITION, TABLES  # noqa: E402

from .stories import COPY, OTHER, WIRE  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"
TEXT_FILE = "bangladesh-reports-five-new-deaths-due-to-covid-19-a-daily-h.txt"
HTML_FILE = "engineer-killed-while-working-on-travelator-at-london-waterl.html"

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    """Files for ingest and batch alike (a mixed folder), plus a Parquet input only Spark reads."""
    root = tmp_path_factory.mktemp("batch-input")
    files = root / "files"
    files.mkdir()
    lines = [json.dumps({"id": "wire-1", "text": WIRE, "outlet": "Norland Wire", "published": "2026-03-02"}),
             "{not json",
             json.dumps({"id": "reprint-1", "text": COPY, "outlet": "Vellstad Post", "published": "2026-03-03"}),
             json.dumps({"id": "council-1", "text": OTHER, "title": "Trams to go"})]
    (files / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(EXAMPLES / TEXT_FILE, files / TEXT_FILE)
    shutil.copy(EXAMPLES / HTML_FILE, files / HTML_FILE)
    (files / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 50)
    (files / "README.md").write_text("not an article", encoding="utf-8")
    parquet = root / "more.parquet"
    # An exact copy of wire-1 (a duplicate, stored once) and a row without text (an error).
    pq.write_table(pa.table({"id": ["wire-1", "empty-1"], "text": [WIRE, None],
                             "published": ["2026-03-02", None]}), parquet)
    return {"files": files, "parquet": parquet}


@pytest.fixture(scope="module")
def runs(corpus, tmp_path_factory):
    """The job run twice over the same inputs: (first summary, second summary, output, files after the first)."""
    output = tmp_path_factory.mktemp("batch-output") / "tables"
    inputs = [str(corpus["files"]), str(corpus["parquet"])]
    first = run_batch(inputs, str(output), master="local[2]", partitions=2)
    written = _parquet_files(output)
    second = run_batch(inputs, str(output), master="local[2]", partitions=2)
    return first, second, output, written


def _parquet_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*.parquet")}


def _table(output: Path, name: str) -> list[dict]:
    partitioning = ds.partitioning(pa.schema([(PARTITION, pa.string())]), flavor="hive") if name != "errors" else None
    return ds.dataset(str(output / name), format="parquet", partitioning=partitioning).to_table().to_pylist()


def test_batch_accounts_for_every_record(runs):
    first, _, _, _ = runs
    # 4 JSONL lines + text + HTML + binary file + 2 Parquet rows; README.md is skipped, not read.
    assert (first.read, first.new, first.duplicate, first.failed) == (9, 5, 1, 3)
    assert first.read == first.new + first.duplicate + first.failed
    assert first.syndicated == 1
    assert first.skipped == 1 and [Path(name).name for name in first.skipped_files] == ["README.md"]


def test_batch_writes_every_table_partitioned_by_date(runs):
    _, _, output, _ = runs
    articles = _table(output, "articles")
    assert sorted(row["id"] for row in articles) == sorted(
        ["wire-1", "reprint-1", "council-1", Path(TEXT_FILE).stem, Path(HTML_FILE).stem])
    assert {row["schema_version"] for row in articles} == {SCHEMA_VERSION}
    assert all(row["content_hash"] == content_hash(row["text"]) for row in articles)
    by_id = {row["id"]: row for row in articles}
    assert by_id["wire-1"][PARTITION] == "2026-03-02" and by_id["council-1"][PARTITION] == "unknown"
    assert (output / "articles" / f"{PARTITION}=2026-03-03").is_dir()
    # One file per table and date (rebalanced), not one per task and date: loads read them all.
    for name in TABLES:
        for day in (output / name).glob(f"{PARTITION}=*"):
            assert len(list(day.glob("*.parquet"))) == 1, f"{name}/{day.name}"
    for name in TABLES:
        assert _table(output, name), f"the {name} table is empty"
    speakers = {row["speaker_name"] for row in _table(output, "attributions") if row["article_id"] == "wire-1"}
    assert "Anna Berg" in speakers
    assert any(row["name"] == "Anna Berg" for row in _table(output, "entities"))
    assert any(row["text"].startswith("40 million euros") for row in _table(output, "quantities"))


def test_batch_errors_table_gives_each_bad_record_and_reason(runs):
    _, _, output, _ = runs
    errors = _table(output, "errors")
    reasons = {Path(row["source"]).name.split(" ")[0]: row["reason"] for row in errors}
    assert len(errors) == 3
    assert "binary" in reasons["broken.txt"]
    assert "not valid JSON" in reasons["wire.jsonl"]
    assert "text" in reasons["more.parquet"]
    assert all(row["type"] == "InputError" for row in errors)


def test_batch_links_the_wire_copy_to_its_origin(runs):
    _, _, output, _ = runs
    by_id = {row["id"]: row for row in _table(output, "articles")}
    assert by_id["reprint-1"]["origin_hash"] == content_hash(WIRE)
    assert by_id["wire-1"]["origin_hash"] is None and by_id["council-1"]["origin_hash"] is None


def test_batch_rerun_writes_nothing_new(runs):
    first, second, output, written = runs
    assert (second.read, second.new, second.duplicate, second.failed) == (9, 0, 6, 3)
    assert second.errors_written == 0
    assert _parquet_files(output) == written


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def stores(request, runs, corpus, tmp_path_factory):
    """(store from `saywho ingest` of the files, store from `saywho load` of the job's tables, load summaries)."""
    _, _, output, _ = runs
    if request.param == "sqlite":
        root = tmp_path_factory.mktemp("stores")
        urls = [str(root / "ingested.db"), str(root / "loaded.db")]
        yield _fill(urls, corpus, output)
        return
    from saywho.errors import StoreError
    from saywho.store.fixtures import postgres_test_database

    try:
        with postgres_test_database() as ingested, postgres_test_database() as loaded:
            yield _fill([ingested, loaded], corpus, output)
    except StoreError as exc:
        pytest.skip(f"PostgreSQL server unreachable: {exc}")


def _fill(urls: list[str], corpus, output: Path):
    ingest([corpus["files"]], db=urls[0], workers=1)
    summaries = [load(output, db=urls[1]), load(output, db=urls[1])]
    return Store(urls[0]), Store(urls[1]), summaries


def test_load_is_idempotent_and_counts_every_article(stores):
    _, _, (first, second) = stores
    assert (first.articles, first.new, first.linked) == (5, 5, 1)
    assert (second.articles, second.new, second.duplicate) == (5, 0, 5)


def test_load_gives_the_same_answers_as_ingest(stores):
    ingested, loaded, _ = stores
    assert loaded.counts() == ingested.counts()
    for article_id in ["wire-1", "reprint-1", "council-1", Path(TEXT_FILE).stem, Path(HTML_FILE).stem]:
        assert loaded.article_result(article_id).to_dict() == ingested.article_result(article_id).to_dict()
    for ask in (lambda s: query.speaker(s, "Anna Berg"), lambda s: query.about(s, "Norland"),
                lambda s: query.search(s, "flood"), lambda s: query.claims(s)):
        assert _answers(ask(loaded)) == _answers(ask(ingested))


def _answers(claims) -> list[str]:
    """Claims without the store's row numbers (they follow insertion order), order-free."""
    internal = {"attribution_id", "speaker_id", "outlet_id", "via_ids"}
    return sorted(json.dumps({k: v for k, v in c.to_dict().items() if k not in internal}, sort_keys=True)
                  for c in claims)


def test_load_in_batches_of_two_stores_what_one_batch_stores(stores, runs, tmp_path):
    """Each batch read and prepared in a thread while the one before is written: the same answers
    as a load in one batch. (Row numbers may differ on PostgreSQL: a merge that finds a row stored
    already still draws a number from its sequence.)"""
    import contextlib

    from saywho.store.fixtures import postgres_test_database

    _, loaded, _ = stores
    _, _, output, _ = runs
    with contextlib.ExitStack() as stack:
        url = (stack.enter_context(postgres_test_database())
               if loaded.dialect == "postgresql" else str(tmp_path / "batches.db"))
        summary = load(output, db=url, batch_size=2)
        with Store(url) as batched:
            assert (summary.articles, summary.new, summary.linked) == (5, 5, 1)
            assert batched.counts() == loaded.counts()
            for ask in (lambda s: query.search(s, "flood"), lambda s: query.claims(s)):
                assert _answers(ask(batched)) == _answers(ask(loaded))


def test_load_files_the_same_claim_clusters_as_ingest(stores):
    ingested, loaded, (first, second) = stores
    assert first.claims_seconds > 0 and second.claims_seconds == 0  # nothing new, nothing to file
    clusters = [[{k: v for k, v in c.items() if k not in ("id", "representative_id")}
                 for c in query.claim_clusters(store, min_size=1, order="oldest")] for store in (loaded, ingested)]
    assert clusters[0] and clusters[0] == clusters[1]
    # The wire story and its reprint carry the same claims: clusters of two articles, one origin.
    assert any(c["articles"] == 2 and c["origins"] == 1 for c in clusters[0])


def test_load_keeps_the_copy_link_in_the_store(stores):
    _, loaded, _ = stores
    from sqlalchemy import select

    from saywho.store import models as m

    with loaded.session() as session:
        links = dict(session.execute(select(m.Article.id, m.Article.origin_hash)).all())
    assert links["reprint-1"] == content_hash(WIRE)
    assert links["wire-1"] is None


def test_load_command_reports_counts_and_stages(runs, tmp_path):
    from typer.testing import CliRunner

    from saywho.cli.main import app

    _, _, output, _ = runs
    db = str(tmp_path / "cli.db")
    first = CliRunner().invoke(app, ["load", str(output), "--db", db, "--no-claims"])
    assert first.exit_code == 0, first.output
    assert "new 5" in first.output and "time: read" in first.output and "claim clusters" not in first.output
    again = CliRunner().invoke(app, ["load", str(output), "--db", db, "--json"])
    summary = json.loads(again.output)
    assert (summary["articles"], summary["new"], summary["duplicate"]) == (5, 0, 5)
    assert set(summary["phases"]) == {"read", "write"}


@pytest.fixture(scope="module")
def progress_reports() -> list:
    return []


@pytest.fixture(scope="module")
def by_month(corpus, tmp_path_factory, progress_reports):
    """The job over the same inputs with --partition-by month: (summary, output). Every file counts
    as large here (``line_split_bytes=1``) and Spark splits files every 256 bytes: the JSON Lines
    file is read by lines in several tasks, the others whole by their listed paths, the README
    skipped on the driver; the tables must not change."""
    output = tmp_path_factory.mktemp("batch-month") / "tables"
    summary = run_batch([str(corpus["files"]), str(corpus["parquet"])], str(output), master="local[2]",
                        partitions=2, partition_by="month", line_split_bytes=1,
                        spark_config={"spark.sql.files.maxPartitionBytes": "256",
                                      "spark.sql.files.openCostInBytes": "0"},
                        progress=progress_reports.append)
    return summary, output


def test_batch_reports_progress_phase_by_phase(by_month, progress_reports):
    """Spark's tasks done of those planned, phase by phase in order, each phase's last report
    complete, and the extraction's article count (new articles plus extraction failures)."""
    summary, _ = by_month
    phases = [report.phase for report in progress_reports]
    assert [phase for n, phase in enumerate(phases) if n == 0 or phases[n - 1] != phase] == [
        "read", "extract", "write", "count"]
    last = {report.phase: report for report in progress_reports}
    assert all(report.tasks > 0 and report.tasks_done == report.tasks for report in last.values())
    assert last["read"].articles is None and summary.new <= last["extract"].articles <= summary.new + summary.failed


def test_extraction_tasks_are_about_500_articles_each_in_whole_rounds_of_the_cores():
    from saywho.batch.job import extraction_tasks

    assert [extraction_tasks(n, cores) for n, cores in [(1133, 2), (3399, 2), (10, 8), (100_000, 8), (0, 1)]] == [
        4, 8, 16, 200, 2]


def test_batch_by_month_writes_a_folder_per_month_and_keeps_each_date(by_month):
    summary, output = by_month
    assert (summary.read, summary.new, summary.duplicate, summary.failed) == (9, 5, 1, 3)
    folders = {path.name for path in (output / "articles").iterdir() if path.is_dir()}
    assert "published_month=2026-03" in folders and "published_month=unknown" in folders
    assert not any(name.startswith(f"{PARTITION}=") for name in folders)
    rows = pq.read_table(output / "articles" / "published_month=2026-03").to_pylist()
    assert {row["id"]: row[PARTITION] for row in rows} == {"wire-1": "2026-03-02", "reprint-1": "2026-03-03"}


def test_batch_reading_large_files_by_lines_keeps_every_record_and_error(by_month, runs):
    """The same articles, errors (cited by line) and skipped file as the whole reads of the first run."""
    summary, month_output = by_month
    first, _, day_output, _ = runs
    assert (summary.skipped, [Path(name).name for name in summary.skipped_files]) == (1, ["README.md"])
    assert (summary.read, summary.new, summary.duplicate, summary.failed) == (first.read, first.new,
                                                                              first.duplicate, first.failed)

    def rows(output, table, columns):  # either layout's folders
        found = ds.dataset(str(output / table), format="parquet", partitioning="hive").to_table(columns=columns)
        return sorted(tuple(row[c] for c in columns) for row in found.to_pylist())

    assert rows(month_output, "articles", ["id", "content_hash", "source"]) == rows(
        day_output, "articles", ["id", "content_hash", "source"])
    assert rows(month_output, "errors", ["source", "id", "reason"]) == rows(day_output, "errors",
                                                                          ["source", "id", "reason"])
    assert any("wire.jsonl line 2 is not valid JSON" in reason for _, _, reason in
               rows(month_output, "errors", ["source", "id", "reason"]))


def test_batch_refuses_to_mix_layouts_in_one_output(by_month, corpus):
    from saywho.errors import InputError

    _, output = by_month
    before = _parquet_files(output)
    with pytest.raises(InputError, match="partitioned by month"):
        run_batch([str(corpus["parquet"])], str(output), master="local[1]", partition_by="day",
                  progress=lambda state: None)  # the job's own error, not the progress watcher's
    assert _parquet_files(output) == before


def test_load_of_the_month_layout_stores_what_the_day_layout_stores(by_month, runs, tmp_path):
    _, month_output = by_month
    _, _, day_output, _ = runs
    by_day, by_month_store = (str(tmp_path / "day.db"), str(tmp_path / "month.db"))
    load(day_output, db=by_day, claims=False)
    summary = load(month_output, db=by_month_store, claims=False)
    assert (summary.articles, summary.new, summary.linked) == (5, 5, 1)
    stores = Store(by_day), Store(by_month_store)
    assert stores[0].counts() == stores[1].counts()
    for article_id in ["wire-1", "reprint-1", "council-1", Path(TEXT_FILE).stem, Path(HTML_FILE).stem]:
        assert stores[1].article_result(article_id).to_dict() == stores[0].article_result(article_id).to_dict()
    assert _answers(query.speaker(stores[1], "Anna Berg")) == _answers(query.speaker(stores[0], "Anna Berg"))


def test_batch_command_draws_the_phase_and_tasks_on_a_terminal(monkeypatch, capsys):
    """The bar saywho batch draws on standard error (a terminal here: FORCE_COLOR), fed the states
    a job reports."""
    from saywho.batch import JobProgress
    from saywho.cli.batch import _with_progress_bar

    monkeypatch.setenv("FORCE_COLOR", "1")
    states = [JobProgress("read", 0, 2), JobProgress("read", 2, 2), JobProgress("extract", 3, 8, 1132)]

    def run(progress):
        for state in states:
            progress(state)
        return "summary"

    assert _with_progress_bar(run) == "summary"
    drawn = capsys.readouterr().err
    assert "Extracting 1,132 articles" in drawn and "3/8" in drawn and "tasks" in drawn


def test_batch_command_draws_nothing_when_standard_error_is_not_a_terminal(monkeypatch, capsys):
    from saywho.cli.batch import _with_progress_bar

    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    assert _with_progress_bar(lambda progress: progress) is None
    assert capsys.readouterr().err == ""


def test_local_session_runs_the_jvm_on_the_quick_jit_tier(runs):
    """Local mode: the driver JVM, which shares the cores with the extracting Python workers, runs with
    ``LOCAL_JAVA_OPTIONS`` (the JIT's quick tier only; docs/scale.md)."""
    from saywho.batch.session import LOCAL_JAVA_OPTIONS, spark_session

    spark = spark_session("local[2]")
    arguments = list(spark._jvm.java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
    assert LOCAL_JAVA_OPTIONS in arguments
