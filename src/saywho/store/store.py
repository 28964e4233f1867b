"""``Store``: the claims database (SQLite by default, PostgreSQL by URL).

Two ways to open it. ``mode="write"`` (ingest, the API with a token) creates the store when it
does not exist and migrates it, and refuses a database that holds other tables and is not
saywho's unless ``adopt=True``. ``mode="read"`` (queries, export, the read-only web app) writes
nothing at all: SQLite files are opened read-only (also on read-only media), PostgreSQL sessions
are read-only transactions, and a store that does not exist, is not saywho's or needs a migration
is refused with what to do. PostgreSQL connections give up after ``connect_timeout`` seconds and
statements after ``statement_timeout`` seconds, so an endpoint that never answers cannot hang a command.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, bindparam, create_engine, event, func, inspect, select, text, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool, StaticPool

from ..articles import Article, check_article
from ..errors import StoreError
from ..records import Result
from ..tables import article_from_row
from . import clusters
from . import models as m
from .clusters import ClaimUpdate
from .keys import content_hash
from .reader import article_dict, load_result
from .arrow_rows import PreparedRows, TableBatch, prepare_rows, write_rows
from .writer import write_batch

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///saywho.db"
SUPPORTED = ("sqlite", "postgresql")
# Any fixed numbers: PostgreSQL advisory locks that keep two processes from migrating, or from
# writing batches, at the same time (SQLite's BEGIN IMMEDIATE does the same there).
_MIGRATION_LOCK = 0x5A7740
_WRITE_LOCK = 0x5A7741
CONNECT_TIMEOUT = 10  # seconds to reach PostgreSQL and log in
STATEMENT_TIMEOUT = 600  # seconds any one statement may run (PostgreSQL); a batch write takes well under one
Mode = Literal["read", "write"]


class ArticleNotFound(StoreError):
    """No stored article has the id asked for."""


def database_url(url: str | Path | None) -> str:
    """A SQLAlchemy URL from what users type: nothing, a file path, ``:memory:`` or a database URL."""
    if url is None or str(url) == "":
        return DEFAULT_URL
    url = str(url)
    if url == ":memory:":
        return "sqlite://"
    if "://" not in url:
        return f"sqlite:///{url}"
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg2"):
        return f"postgresql+psycopg://{rest}"
    return url


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@contextlib.contextmanager
def _wrapped(action: str, url: str, connect_timeout: float | None = None) -> Iterator[None]:
    """Driver and migration errors become a StoreError that names the database and what failed."""
    try:
        yield
    except StoreError:
        raise
    except (SQLAlchemyError, CommandError, OSError) as exc:
        detail = getattr(exc, "orig", None) or exc
        lines = str(detail).strip().splitlines() or [type(detail).__name__]
        message = f"cannot {action} {_safe(url)}: {lines[0]}"
        lowered = str(detail).lower()
        if "timeout" in lowered and "expired" in lowered:
            message += (f" (no answer within {connect_timeout:g} s; is the server up and reachable?)"
                        if connect_timeout else "")
        elif "statement timeout" in lowered:
            message += " (the statement ran past the store's statement_timeout)"
        elif "read-only" in lowered or "readonly" in lowered:
            message += " (the store is open for reading only)"
        raise StoreError(message) from exc


class Store:
    """The claims store: articles, attributions, speakers, entities, outlets and quantities.

    ``Store(url)`` opens a SQLite file (default ``saywho.db``, or any path), ``:memory:``, or a
    ``postgresql://`` URL. ``mode="write"`` (the default) creates and migrates it; ``mode="read"``
    opens an existing store without writing anything (see the module docstring). Use it as a
    context manager, or call ``close()``.
    """

    def __init__(self, url: str | Path | None = None, *, mode: Mode = "write", adopt: bool = False,
                 connect_timeout: float = CONNECT_TIMEOUT, statement_timeout: float = STATEMENT_TIMEOUT) -> None:
        if mode not in ("read", "write"):
            raise StoreError(f"a store opens in mode 'read' or 'write', not {mode!r}")
        self.url = database_url(url)
        self.mode = mode
        self._timeouts = (connect_timeout, statement_timeout)
        with _wrapped("open", self.url, connect_timeout):
            self.engine = self._engine()
            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
            if self.read_only:
                self._check_schema()
            else:
                self._migrate(adopt)

    def __repr__(self) -> str:
        return f"Store({_safe(self.url)!r})"

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``: full-text search and upserts differ between them."""
        return self.engine.dialect.name

    @property
    def read_only(self) -> bool:
        """True when opened with ``mode="read"`` (an in-memory store is always writable: it starts empty)."""
        return self.mode == "read" and not self._memory

    @property
    def single_connection(self) -> bool:
        """True for an in-memory store: one connection, so no reading on another while a write runs."""
        return self._memory

    # -- opening -------------------------------------------------------------------------------

    @property
    def _memory(self) -> bool:
        parsed = make_url(self.url)
        return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")

    def _engine(self) -> Engine:
        parsed = make_url(self.url)
        backend = parsed.get_backend_name()
        if backend not in SUPPORTED:
            raise StoreError(f"saywho's store runs on SQLite or PostgreSQL, not {backend!r} ({_safe(self.url)}); "
                             "give a file path or a postgresql:// URL")
        connect_timeout, statement_timeout = self._timeouts
        if backend == "postgresql":
            settings = f"-c statement_timeout={int(statement_timeout * 1000)}"
            if self.read_only:
                settings += " -c default_transaction_read_only=on"
            return create_engine(self.url, pool_pre_ping=True,
                                 connect_args={"connect_timeout": max(1, int(connect_timeout)), "options": settings})
        if self._memory:
            engine = create_engine(self.url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
        else:
            path = Path(parsed.database).expanduser()
            if self.read_only:
                if not path.is_file():
                    raise StoreError(f"there is no saywho store at {path}: check the --db path, or create the "
                                     "store with saywho ingest")
                engine = create_engine("sqlite://", creator=lambda: _connect_read_only(path), poolclass=QueuePool)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                engine = create_engine(self.url, connect_args={"timeout": 60, "check_same_thread": False})
        _sqlite_setup(engine, wal=not self._memory and not self.read_only)
        return engine

    def _schema(self) -> tuple[set[str], set[str]]:
        """(the store's migration heads, its table names)."""
        with self.engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
            tables = set(inspect(conn).get_table_names())
        return current, tables

    def _check_schema(self) -> None:
        """For reading: the store must be saywho's, at this saywho's schema."""
        current, tables = self._schema()
        heads = set(_script().get_heads())
        if current == heads:
            return
        self._refuse_foreign(current, tables)
        known = {rev.revision for rev in _script().walk_revisions()}
        if current - known:
            raise _newer(self.url, current - known)
        raise StoreError(f"{_safe(self.url)} is a saywho store of an older schema ({', '.join(sorted(current))}); "
                         "a read command does not change it: run saywho ingest on it once to upgrade it")

    def _refuse_foreign(self, current: set[str], tables: set[str]) -> None:
        """StoreError when the database holds tables that are not a saywho store's."""
        tables = tables - {"alembic_version"}
        if not tables:
            if self.read_only:
                raise StoreError(f"{_safe(self.url)} is an empty database, not a saywho store yet: check the --db "
                                 "path, or fill it with saywho ingest")
            return
        known = {rev.revision for rev in _script().walk_revisions()}
        if not current or (not current & known and "articles" not in tables):
            shown = ", ".join(sorted(tables)[:5]) + (" ..." if len(tables) > 5 else "")
            raise StoreError(f"{_safe(self.url)} is not a saywho store (it holds other tables: {shown}); saywho "
                             "leaves it as it is. Give another --db, or pass --adopt-database to ingest to add "
                             "saywho's tables to it")

    def _migrate(self, adopt: bool) -> None:
        """Bring the schema to the newest migration (a no-op when it is there already)."""
        current, tables = self._schema()
        heads = set(_script().get_heads())
        if current == heads:
            return
        if not adopt:
            self._refuse_foreign(current, tables)
        unknown = current - {rev.revision for rev in _script().walk_revisions()}
        if unknown:
            raise _newer(self.url, unknown)
        if self.dialect == "sqlite" and not self._memory:
            raw = self.engine.raw_connection()  # outside any transaction, which WAL cannot be switched in
            try:
                raw.cursor().execute("PRAGMA journal_mode=WAL")  # stored in the file: set once, on saywho's own
            finally:
                raw.close()
        with self.engine.connect() as conn:
            conn.info["saywho_write"] = True
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
                config = _alembic_config()
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        log.info("migrated %s to schema %s", _safe(self.url), ", ".join(sorted(heads)))

    # -- writing -------------------------------------------------------------------------------

    @staticmethod
    def content_hash(text: str) -> str:
        """sha256 of ``text`` with line endings and surrounding white space normalized."""
        return content_hash(text)

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of ``hashes`` belong to articles already stored."""
        wanted = list(dict.fromkeys(hashes))
        found: set[str] = set()
        with _wrapped("read", self.url), self.session() as session:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                found.update(session.scalars(select(m.Article.content_hash).where(m.Article.content_hash.in_(chunk))))
        return found

    def add_batch(self, items: list[tuple[Article, Result]], *, origins: dict[str, str] | None = None,
                  bulk: bool = False, hashes: list[str] | None = None) -> int:
        """Store a batch of extracted articles in ONE transaction; returns how many were new.

        Articles whose content hash is stored already (or repeated in the batch) are skipped,
        so adding the same batch twice adds nothing. A process killed mid-batch leaves no part
        of it behind. An article keeps its id; if another text holds that id, the new one is
        stored as ``<id>~<first 8 hex digits of its hash>``. ``origins`` maps the content hash of
        a syndicated copy to its origin's, and is recorded for new and stored articles alike.
        ``bulk`` writes the rows by the database's bulk path (PostgreSQL COPY, SQLite executemany;
        ``saywho.store.copy``), for loads of thousands of articles a batch: the same rows either way.
        ``hashes``: the items' content hashes when the caller has them already, computed by
        ``content_hash`` (a batch job's tables carry them), so that the texts are not hashed again.
        """
        if self.read_only:
            raise StoreError(f"{_safe(self.url)} was opened for reading; open it with mode='write' to add articles")
        items = [(check_article(article, max_chars=sys.maxsize), result) for article, result in items]
        if not items and not origins:
            return 0
        if hashes is None:
            hashes = [content_hash(article.text) for article, _ in items]
        elif len(hashes) != len(items):
            raise StoreError(f"add_batch got {len(hashes)} content hashes for {len(items)} articles")
        for article, result in items:
            _check_ids(article, result)
        with _wrapped("write to", self.url), self.engine.connect() as conn:
            conn.info["saywho_write"] = True
            with conn.begin():
                added = self._add(conn, items, hashes, bulk) if items else 0
                if origins:
                    _link_origins(conn, origins)
                return added

    def add_tables(self, batch: TableBatch, *, origins: dict[str, str] | None = None) -> int:
        """Store a batch of a batch job's articles from their Arrow tables (``saywho load``) in ONE
        transaction; returns how many were new.

        What ``add_batch(bulk=True)`` does for the same articles, rows and ids alike, without
        rebuilding each article's Result: the rows are built from the tables' columns
        (``saywho.store.arrow_rows``). Articles stored already are skipped, ``origins`` as there.
        ``prepare_tables`` then ``add_prepared``, for a caller that prepares the next batch meanwhile.
        """
        return self.add_prepared(self.prepare_tables(batch), origins=origins)

    @staticmethod
    def prepare_tables(batch: TableBatch) -> PreparedTables:
        """The part of ``add_tables`` that needs no database, safe to run in another thread: the
        articles checked and their rows prepared under the ids they ask for (``add_prepared`` does
        it again, for the articles it stores, where the store gives some other ids)."""
        # The extra JSON is copied as it is (arrow_rows.extra_json), not read.
        articles = [check_article(article_from_row(row, extra=False), max_chars=sys.maxsize) for row in batch.articles]
        hashes = [row["content_hash"] for row in batch.articles]
        wanted = [_wanted_id(article.id, row["id"], digest)
                  for article, row, digest in zip(articles, batch.articles, hashes)]
        return PreparedTables(batch, articles, hashes, wanted, prepare_rows(batch, articles, wanted))

    def add_prepared(self, prepared: PreparedTables, *, origins: dict[str, str] | None = None) -> int:
        """``add_tables`` of a batch ``prepare_tables`` prepared; returns how many were new."""
        if self.read_only:
            raise StoreError(f"{_safe(self.url)} was opened for reading; open it with mode='write' to add articles")
        articles = prepared.articles
        with _wrapped("write to", self.url), self.engine.connect() as conn:
            conn.info["saywho_write"] = True
            with conn.begin():
                ids = self._new_ids(conn, prepared.wanted, prepared.hashes) if articles else []
                keep = [index for index, article_id in enumerate(ids) if article_id is not None]
                if keep:
                    rows = prepared.rows
                    if ids != prepared.wanted:  # some stored meanwhile, or an id taken: prepared again
                        rows = prepare_rows(prepared.batch.subset(keep), [articles[i] for i in keep],
                                            [ids[i] for i in keep])
                    write_rows(conn, rows)
                if origins:
                    _link_origins(conn, origins)
                return len(keep)

    def _add(self, conn: Connection, items: list[tuple[Article, Result]], hashes: list[str], bulk: bool) -> int:
        wanted = [_wanted_id(article.id, result.id, h) for (article, result), h in zip(items, hashes)]
        ids = self._new_ids(conn, wanted, hashes)
        batch = [(article_id, digest, article, result)
                 for (article, result), digest, article_id in zip(items, hashes, ids) if article_id is not None]
        write_batch(conn, batch, bulk=bulk)
        return len(batch)

    def _new_ids(self, conn: Connection, wanted: list[str], hashes: list[str]) -> list[str | None]:
        """Take the store's write lock; then each article's id, None for one whose content hash is
        stored already (or repeated in the batch). An article keeps the id it ``wanted``; if another
        text holds that id, it is stored as ``<id>~<first 8 hex digits of its hash>``."""
        if self.dialect == "postgresql":
            # Serialize writers so that the hash and id checks below see every committed batch.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})
        stored = set(conn.scalars(select(m.Article.content_hash).where(m.Article.content_hash.in_(hashes))))
        taken = set(conn.scalars(select(m.Article.id).where(m.Article.id.in_(wanted))))
        ids: list[str | None] = []
        for digest, want in zip(hashes, wanted):
            if digest in stored:
                ids.append(None)
                continue
            stored.add(digest)
            article_id = want if want not in taken else f"{want}~{digest[:8]}"
            taken.add(article_id)
            ids.append(article_id)
        return ids

    # -- claim clusters ------------------------------------------------------------------------

    def update_claims(self, progress: clusters.Progress | None = None) -> ClaimUpdate:
        """File every article and attribution stored since the last update into copies and claim
        clusters (``saywho.claims``), in one transaction; costs what was added, not what is stored.
        ``progress(stage, done, total)`` hears how far it is (``saywho.store.clusters.Progress``)."""
        return self._claims(partial(clusters.update, progress=progress))

    def rebuild_claims(self, progress: clusters.Progress | None = None) -> ClaimUpdate:
        """Forget every claim cluster and copy link and file the whole store again."""
        return self._claims(partial(clusters.rebuild, progress=progress))

    def _claims(self, action) -> ClaimUpdate:
        if self.read_only:
            raise StoreError(f"{_safe(self.url)} was opened for reading; open it with mode='write' to update "
                             "its claim clusters")
        with _wrapped("update the claim clusters of", self.url), self.engine.connect() as conn:
            conn.info["saywho_write"] = True
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})
                return action(conn)

    # -- reading -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A read session (used by ``saywho.query``); driver errors become StoreError."""
        with _wrapped("read", self.url), self._sessions() as session:
            yield session

    def counts(self) -> dict[str, int]:
        """How many articles, attributions, speakers, entities, outlets and quantities are stored."""
        tables = {"articles": m.Article, "attributions": m.Attribution, "speakers": m.Speaker,
                  "entities": m.Entity, "outlets": m.Outlet, "quantities": m.Quantity}
        with self.session() as session:
            return {name: session.scalar(select(func.count()).select_from(model)) or 0
                    for name, model in tables.items()}

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """The stored article (text and meta), or None when no article has that id."""
        with self.session() as session:
            row = session.get(m.Article, article_id)
            return article_dict(row) if row is not None else None

    def article_id_by_hash(self, digest: str) -> str | None:
        """The id of the stored article whose content hash is ``digest``, or None."""
        with self.session() as session:
            return session.scalar(select(m.Article.id).where(m.Article.content_hash == digest))

    def article_result(self, article_id: str) -> Result:
        """The article's records as extracted (ids, spans, order kept); ArticleNotFound if absent."""
        with self.session() as session:
            result = load_result(session, article_id)
        if result is None:
            raise ArticleNotFound(f"no article with id {article_id!r} in {_safe(self.url)}")
        return result

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


@dataclass
class PreparedTables:
    """A batch of a batch job's articles ready to store (``Store.prepare_tables``)."""

    batch: TableBatch
    articles: list[Article]  # each row's Article, checked
    hashes: list[str]
    wanted: list[str]  # the id each article asks for
    rows: PreparedRows  # the rows, prepared under the ``wanted`` ids


def _check_ids(article: Article, result: Result) -> None:
    """Local ids must be unique inside a result: records point at each other through them."""
    for kind, records in (("attribution", result.attributions), ("entity", result.entities),
                          ("quantity", result.quantities)):
        ids = [r.id for r in records]
        if len(ids) != len(set(ids)):
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            raise StoreError(f"article {article.id or result.id!r} has repeated {kind} ids "
                             f"{', '.join(repeated)}; nothing of this batch was stored")


def _link_origins(conn: Connection, origins: dict[str, str]) -> None:
    """Point each syndicated copy at its origin (by content hash); a repeated load sets the same value."""
    table = m.Article.__table__
    stmt = update(table).where(table.c.content_hash == bindparam("copy")).values(origin_hash=bindparam("origin"))
    if origins:
        conn.execute(stmt, [{"copy": copy, "origin": origin} for copy, origin in origins.items()])


def _wanted_id(article_id: str | None, result_id: Any, digest: str) -> str:
    """The id an article asks for: its own, else its Result's, else the start of its content hash."""
    return str(article_id or result_id or digest[:16])


def _newer(url: str, unknown: set[str]) -> StoreError:
    return StoreError(f"{_safe(url)} has schema revision {', '.join(sorted(unknown))}, which this saywho does "
                      "not know: it was written by a newer saywho; upgrade saywho to open it")


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_alembic_config())


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to the SQLite file ``path`` that writes nothing, not even a WAL index.

    A WAL-mode file in a folder saywho cannot write to cannot be opened with ``mode=ro`` alone
    (SQLite wants to create its shared-memory index); it is then opened ``immutable``, as on
    read-only media, which also skips locking.
    """
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=60, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        if "readonly" not in str(exc) and "unable to open" not in str(exc):
            raise
        conn = sqlite3.connect(uri + "&immutable=1", uri=True, timeout=60, check_same_thread=False)
    return conn


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("saywho.store").joinpath("migrations")))
    return config


def _sqlite_setup(engine: Engine, *, wal: bool) -> None:
    """Foreign keys on; writes take the lock up front. (WAL, so that readers never block the
    writer, is switched on once by the migration: it is stored in the file, and saywho only sets
    it on a file that is its own.)"""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if wal:
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # BEGIN IMMEDIATE for writers: two writers wait for each other instead of deadlocking.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop("saywho_write", False) else "BEGIN")
