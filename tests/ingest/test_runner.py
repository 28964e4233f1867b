"""``saywho.ingest.ingest``: every good article lands once, every bad input is reported, re-runs add nothing."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from saywho.articles import Article
from saywho.errors import InputError, StoreError
from saywho.ingest import IngestSummary, ingest, iter_articles
from saywho.store import Store

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "corpus"


def stored_hashes(db: str) -> list[str]:
    from sqlalchemy import select

    from saywho.store import models

    with Store(db) as store, store.session() as session:
        return list(session.scalars(select(models.Article.content_hash)))


def expected_hashes(paths) -> set[str]:
    return {Store.content_hash(a.text) for a in iter_articles(paths) if isinstance(a, Article) and a.text.strip()}


@pytest.fixture
def mixed_dir(tmp_path) -> Path:
    """Good articles in several formats with broken files of every kind mixed in."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(EXAMPLES / "wikinews.atom", folder / "feed.atom")
    for name in sorted(p.name for p in EXAMPLES.glob("*.txt"))[:3]:
        shutil.copy(EXAMPLES / name, folder / name)
    warc = (EXAMPLES / "wikinews-crawl.warc.gz").read_bytes()
    (folder / "truncated.warc.gz").write_bytes(warc[: len(warc) // 3])
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.html").write_bytes(b"")
    (folder / "broken.html").write_text("<html><body><nav>Home</nav><div><<<>>></", encoding="utf-8")
    (folder / "legacy.txt").write_bytes("The caf\u00e9 owner said \u201cbusiness is down by half\u201d, "
                                        "according to the chamber of commerce.".encode("cp1252"))
    (folder / "lines.jsonl").write_text(
        json.dumps({"id": "j1", "text": "The port authority said talks would resume next week."}) + "\n"
        + "{broken json\n" + json.dumps({"id": "j3"}) + "\n", encoding="utf-8")
    (folder / "notes.gz").write_bytes(gzip.compress(b"a gzip of something else"))  # not an article type: skipped
    return folder


def test_ingest_lands_every_good_article_and_reports_every_bad_input(mixed_dir, tmp_path):
    db = str(tmp_path / "claims.db")
    summary = ingest([mixed_dir], db=db, workers=1, batch_size=4)
    good = expected_hashes([mixed_dir])
    assert len(good) == 4 + 3 + 3 + 1 + 1  # atom, txt, the warc before its damage, cp1252 txt, one JSONL line
    assert sorted(stored_hashes(db)) == sorted(good)
    failed = {Path(f.source.split(" line ")[0]).name for f in summary.failures}
    assert failed == {"truncated.warc.gz", "binary.txt", "empty.html", "broken.html", "lines.jsonl"}
    assert sum("lines.jsonl" in f.source for f in summary.failures) == 2
    assert (summary.new, summary.duplicate, summary.failed, summary.read) == (12, 0, 6, 18)
    assert summary.skipped_files == [str(mixed_dir / "notes.gz")]
    assert all(f.reason for f in summary.failures)


def test_ingest_twice_adds_nothing_the_second_time(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "wikinews.atom", folder / "a.atom")
    shutil.copy(EXAMPLES / "wikinews.atom", folder / "copy-of-a.atom")  # the same articles twice in one run
    db = str(tmp_path / "claims.db")
    first = ingest([folder], db=db, workers=1)
    assert (first.new, first.duplicate, first.failed) == (4, 4, 0)
    with Store(db) as store:
        counts = store.counts()
    second = ingest([folder], db=db, workers=1)
    assert (second.new, second.duplicate, second.failed) == (0, 8, 0)
    with Store(db) as store:
        assert store.counts() == counts
    assert len(stored_hashes(db)) == len(set(stored_hashes(db))) == 4


@pytest.mark.slow
def test_parallel_ingest_stores_what_one_process_stores(tmp_path):
    paths = [EXAMPLES / "wikinews.jsonl", EXAMPLES / "wikinews.rss"]
    parallel, single = str(tmp_path / "parallel.db"), str(tmp_path / "single.db")
    summary = ingest(paths, db=parallel, workers=2, batch_size=3)
    assert (summary.new, summary.failed) == (18, 0)
    ingest(paths, db=single, workers=1)
    with Store(parallel) as a, Store(single) as b:
        assert a.counts() == b.counts()
        for article in iter_articles(paths):
            assert a.article_result(article.id).to_dict() == b.article_result(article.id).to_dict()


@pytest.mark.postgres
def test_ingest_into_postgresql_is_idempotent():
    from saywho.store.fixtures import postgres_test_database

    try:
        database = postgres_test_database()
        url = database.__enter__()
    except StoreError as exc:
        pytest.skip(f"PostgreSQL server unreachable: {exc}")
    try:
        first = ingest([EXAMPLES / "wikinews.atom"], db=url, workers=1)
        second = ingest([EXAMPLES / "wikinews.atom"], db=url, workers=1)
        assert (first.new, second.new, second.duplicate) == (4, 0, 4)
        assert sorted(stored_hashes(url)) == sorted(expected_hashes([EXAMPLES / "wikinews.atom"]))
    finally:
        database.__exit__(None, None, None)


def test_a_crash_in_extraction_fails_that_article_only(tmp_path, monkeypatch):
    import importlib

    module = importlib.import_module("saywho.extract")  # the package, not the function saywho.extract
    real = module.extract_doc

    def crash_on_one(doc, *, id, **kwargs):
        if "Phanfone" in doc.text:
            raise IndexError("list index out of range")
        return real(doc, id=id, **kwargs)

    monkeypatch.setattr(module, "extract_doc", crash_on_one)
    summary = ingest([EXAMPLES / "wikinews.jsonl"], db=str(tmp_path / "c.db"), workers=1, batch_size=5)
    assert (summary.new, summary.failed) == (9, 1)
    [failure] = summary.failures
    assert failure.id == "wikinews-typhoon-phanfone-strikes-philippines"
    assert "IndexError" in failure.reason and "saywho bug" in failure.reason


def test_progress_sees_every_batch(tmp_path):
    seen: list[tuple[int, int]] = []
    summary = ingest([EXAMPLES / "wikinews.jsonl"], db=str(tmp_path / "p.db"), workers=1, batch_size=4,
                     progress=lambda s: seen.append((s.read, s.expected)))
    assert seen[0] == (0, 10)
    assert [read for read, _ in seen] == sorted(read for read, _ in seen)
    assert seen[-1][0] == summary.read == 10


def test_ingest_refuses_bad_arguments(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        ingest([tmp_path / "missing"], db=str(tmp_path / "x.db"))
    with pytest.raises(InputError, match="at least 1"):
        ingest([EXAMPLES], db=str(tmp_path / "x.db"), batch_size=0)


def test_summary_json_shape():
    summary = IngestSummary(db="sqlite:///x.db", new=2, duplicate=1, seconds=1.5)
    assert summary.to_dict() == {"db": "sqlite:///x.db", "read": 3, "new": 2, "duplicate": 1, "failed": 0,
                                 "seconds": 1.5, "articles_per_second": 2.0, "interrupted": False,
                                 "failures": [], "skipped_files": []}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "saywho.cli.main", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=300)


def test_cli_ingest_json_summary_and_exit_status(mixed_dir, tmp_path):
    done = run_cli("ingest", str(mixed_dir), "--db", str(tmp_path / "cli.db"), "--json", "--workers", "1")
    assert done.returncode == 1, done.stderr  # some inputs failed
    report = json.loads(done.stdout)
    assert (report["new"], report["failed"], report["duplicate"]) == (12, 6, 0)
    assert {"source", "id", "error", "reason"} <= set(report["failures"][0])
    again = run_cli("ingest", str(mixed_dir / "feed.atom"), "--db", str(tmp_path / "cli.db"))
    assert again.returncode == 0, again.stderr
    assert "read 4   new 0   duplicate 4   failed 0" in again.stdout


def test_cli_ingest_missing_path_is_a_clean_error(tmp_path):
    done = run_cli("ingest", str(tmp_path / "nowhere"), "--db", str(tmp_path / "cli.db"))
    assert done.returncode == 1
    assert done.stderr.startswith("Error:") and "does not exist" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_extract_flags_reach_the_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "short.txt").write_text("The mayor said the bridge was safe.", encoding="utf-8")
    (folder / "long.txt").write_text("Officials said the storm was over. " * 20, encoding="utf-8")
    done = run_cli("ingest", str(folder), "--db", str(tmp_path / "flags.db"), "--max-chars", "200",
                   "--workers", "1", "--batch-size", "1", "--method", "rules", "--json")
    report = json.loads(done.stdout)
    assert (report["new"], report["failed"]) == (1, 1)
    assert report["failures"][0]["id"] == "long" and "limit of 200" in report["failures"][0]["reason"]
