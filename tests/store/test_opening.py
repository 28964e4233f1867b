"""Opening a store: reads write nothing, only ingest creates or migrates, foreign databases are left alone,
and an endpoint that never answers gives up with a clear message. On SQLite and the real PostgreSQL."""

from __future__ import annotations

import hashlib
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from saywho import query
from saywho.errors import StoreError
from saywho.store import Store, database_url
from saywho.store.fixtures import sample_items


def saywho(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "saywho.cli.main", *args], capture_output=True, text=True,
                          timeout=300)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_opening_read_commands_refuse_a_store_that_does_not_exist(tmp_path):
    missing = tmp_path / "typo" / "claims.db"
    with pytest.raises(StoreError, match="there is no saywho store at"):
        Store(str(missing), mode="read")
    done = saywho("search", "police", "--db", str(missing))
    assert done.returncode == 1 and "there is no saywho store at" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "typo").exists()  # nothing created, folders included


def test_opening_for_reading_writes_nothing(store_url):
    with Store(store_url) as store:
        store.add_batch(sample_items())
    with Store(store_url, mode="read") as reader:
        assert reader.read_only and reader.counts()["articles"] == 3
        with pytest.raises(StoreError, match="opened for reading"):
            reader.add_batch(sample_items())
        if reader.dialect == "postgresql":  # the session itself refuses writes
            with pytest.raises(StoreError, match="read-only"), reader.session() as session:
                session.execute(text("DELETE FROM articles"))
    with Store(store_url, mode="read") as reader:
        assert reader.counts()["articles"] == 3
        assert len(query.search(reader, "artillery shells")) == 2
        assert query.speaker(reader, "Robert Farley")


def test_opening_sqlite_for_reading_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "claims.db"
    with Store(str(path)) as store:
        store.add_batch(sample_items())
    before = digest(path)
    done = saywho("search", "shells", "--db", str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert digest(path) == before


def test_opening_sqlite_read_only_where_not_even_the_wal_index_can_be_made(tmp_path):
    path = tmp_path / "claims.db"
    with Store(str(path)) as store:
        store.add_batch(sample_items())
    (tmp_path / "claims.db-shm").mkdir()  # SQLite cannot create its shared-memory index, as on read-only media
    with Store(str(path), mode="read") as reader:
        assert reader.counts()["articles"] == 3


def test_opening_refuses_a_database_that_is_not_saywhos(tmp_path):
    path = tmp_path / "theirs.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.close()
    before = digest(path)
    for args in (["search", "police"], ["about", "Russia"], ["export", "--format", "csv"]):
        done = saywho(*args, "--db", str(path))
        assert done.returncode == 1 and "is not a saywho store" in done.stderr, done.stderr
    story = tmp_path / "story.txt"
    story.write_text("The mayor said the bridge would reopen in May.", encoding="utf-8")
    done = saywho("ingest", str(story), "--db", str(path), "--workers", "1", "--method", "rules")
    assert done.returncode == 1 and "--adopt-database" in done.stderr
    assert digest(path) == before  # not a table added, journal mode unchanged
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("delete",)
    done = saywho("ingest", str(story), "--db", str(path), "--workers", "1", "--method", "rules", "--adopt-database")
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT body FROM notes").fetchall() == [("keep me",)]
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (1,)


def test_opening_refuses_a_foreign_postgresql_database(request):
    url = request.getfixturevalue("pg_database")
    from saywho.store.fixtures import reset_database

    reset_database(url)
    engine = create_engine(database_url(url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (body text)"))
    try:
        with pytest.raises(StoreError, match="is not a saywho store"):
            Store(url)
        with pytest.raises(StoreError, match="is not a saywho store"):
            Store(url, mode="read")
        with engine.connect() as conn:
            tables = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
        assert tables == {"notes"}
    finally:
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE notes"))
        engine.dispose()


def test_opening_an_endpoint_that_never_answers_gives_up(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:  # accepts every connection and never says a word
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    url = f"postgresql://saywho@127.0.0.1:{server.getsockname()[1]}/claims"
    try:
        started = time.monotonic()
        with pytest.raises(StoreError, match="no answer within 1 s"):
            Store(url, mode="read", connect_timeout=1)
        assert time.monotonic() - started < 30
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        server.close()
