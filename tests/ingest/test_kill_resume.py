"""An ingest killed with SIGKILL part-way, then run again: every article stored exactly once, none half-written."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from saywho.articles import Article
from saywho.ingest import ingest, iter_articles
from saywho.store import Store

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "corpus"
KILL_AFTER = 6  # stored articles before the kill: some batches done, most still to come


def stored_count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def all_gone(pids: set[int], *, within: float) -> bool:
    """Whether every process in ``pids`` has exited (a dying one takes a moment to release its memory)."""
    deadline = time.monotonic() + within
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads worker processes from /proc (Linux)")
def test_sigkill_mid_ingest_then_rerun_stores_every_article_once(tmp_path):
    db = tmp_path / "killed.db"
    articles = [a for a in iter_articles([EXAMPLES]) if isinstance(a, Article)]
    command = [sys.executable, "-m", "saywho.cli.main", "ingest", str(EXAMPLES), "--db", str(db),
               "--workers", "2", "--batch-size", "2"]
    run = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while stored_count(db) < KILL_AFTER:
        assert run.poll() is None, f"ingest ended before it could be killed: {run.stderr.read().decode()}"
        assert time.monotonic() < deadline, "ingest stored nothing in time"
        time.sleep(0.1)
    workers = children_of(run.pid)
    run.send_signal(signal.SIGKILL)
    run.wait()
    run.stderr.close()
    at_kill = stored_count(db)
    assert KILL_AFTER <= at_kill < len(articles), "the kill came too late to test anything"

    # The extraction workers notice their parent is gone and exit instead of idling forever.
    assert all_gone(workers, within=10)

    # What the killed run stored is whole: every article with all its records, as a fresh extraction gives.
    with Store(str(db)) as store, sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored_ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
        import saywho

        by_id = {a.id: a for a in articles}
        fresh = saywho.extract_many([Article(text=by_id[i].text, id=i) for i in stored_ids])
        for article_id, result in zip(stored_ids, fresh):
            kept = store.article_result(article_id)
            assert [a.to_dict() for a in kept.attributions] == [a.to_dict() for a in result.attributions]
            assert len(kept.entities) == len(result.entities)

    rerun = ingest([EXAMPLES], db=str(db), workers=1, batch_size=8)
    assert (rerun.duplicate, rerun.new, rerun.failed) == (at_kill, len(articles) - at_kill, 0)
    with sqlite3.connect(db) as conn:
        hashes = [row[0] for row in conn.execute("SELECT content_hash FROM articles")]
    assert len(hashes) == len(set(hashes)) == len(articles)
    assert set(hashes) == {Store.content_hash(a.text) for a in articles}


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads worker processes from /proc (Linux)")
def test_ctrl_c_stops_promptly_with_a_summary(tmp_path):
    db = tmp_path / "interrupted.db"
    command = [sys.executable, "-m", "saywho.cli.main", "ingest", str(EXAMPLES), "--db", str(db),
               "--workers", "2", "--batch-size", "2"]
    run = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while stored_count(db) < 2:
        assert run.poll() is None, f"ingest ended before it could be interrupted: {run.stderr.read()}"
        assert time.monotonic() < deadline, "ingest stored nothing in time"
        time.sleep(0.1)
    workers = children_of(run.pid)
    run.send_signal(signal.SIGINT)
    stdout, stderr = run.communicate(timeout=30)  # no waiting for the batches in flight
    assert run.returncode == 130, stderr
    assert "Interrupted" in stderr and "run the same command again" in stderr
    assert "Traceback" not in stderr
    assert f"new {stored_count(db)}" in stdout
    assert all_gone(workers, within=5)
