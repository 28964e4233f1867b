"""``Store``: the claims database (SQLite by default, PostgreSQL by URL), migrated on open."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from ..articles import Article
from ..errors import StoreError
from ..records import Result
from . import clusters
from . import models as m
from .clusters import ClaimUpdate
from .keys import content_hash
from .reader import article_dict, load_result
from .writer import write_batch

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///saywho.db"
SUPPORTED = ("sqlite", "postgresql")
# Any fixed numbers: PostgreSQL advisory locks that keep two processes from migrating, or from
# writing batches, at the same time (SQLite's BEGIN IMMEDIATE does the same there).
_MIGRATION_LOCK = 0x5A7740
_WRITE_LOCK = 0x5A7741


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
def _wrapped(action: str, url: str) -> Iterator[None]:
    """Driver and migration errors become a StoreError that names the database and what failed."""
    try:
        yield
    except StoreError:
        raise
    except (SQLAlchemyError, CommandError, OSError) as exc:
        detail = getattr(exc, "orig", None) or exc
        raise StoreError(f"cannot {action} {_safe(url)}: {str(detail).strip().splitlines()[0]}") from exc


class Store:
    """The claims store: articles, attributions, speakers, entities, outlets and quantities.

    ``Store(url)`` opens (creating it if needed) a SQLite file (default ``saywho.db``, or any
    path), ``:memory:``, or a ``postgresql://`` URL, and migrates its schema to the newest
    version. Use it as a context manager, or call ``close()``.
    """

    def __init__(self, url: str | Path | None = None) -> None:
        self.url = database_url(url)
        with _wrapped("open", self.url):
            self.engine = self._engine()
            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
            self._migrate()

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

    # -- opening -------------------------------------------------------------------------------

    def _engine(self) -> Engine:
        parsed = make_url(self.url)
        backend = parsed.get_backend_name()
        if backend not in SUPPORTED:
            raise StoreError(f"saywho's store runs on SQLite or PostgreSQL, not {backend!r} ({_safe(self.url)}); "
                             "give a file path or a postgresql:// URL")
        if backend == "postgresql":
            return create_engine(self.url, pool_pre_ping=True)
        memory = parsed.database in (None, "", ":memory:")
        if not memory:
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            self.url,
            connect_args={"timeout": 60, "check_same_thread": False},
            poolclass=StaticPool if memory else None,
        )
        _sqlite_setup(engine, wal=not memory)
        return engine

    def _migrate(self) -> None:
        """Bring the schema to the newest migration (a no-op when it is there already)."""
        script = ScriptDirectory.from_config(_alembic_config())
        with self.engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
        heads = set(script.get_heads())
        if current == heads:
            return
        unknown = current - {rev.revision for rev in script.walk_revisions()}
        if unknown:
            raise StoreError(
                f"{_safe(self.url)} has schema revision {', '.join(sorted(unknown))}, which this saywho does "
                "not know: it was written by a newer saywho; upgrade saywho to open it"
            )
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

    def add_batch(self, items: list[tuple[Article, Result]]) -> int:
        """Store a batch of extracted articles in ONE transaction; returns how many were new.

        Articles whose content hash is stored already (or repeated in the batch) are skipped,
        so adding the same batch twice adds nothing. A process killed mid-batch leaves no part
        of it behind. An article keeps its id; if another text holds that id, the new one is
        stored as ``<id>~<first 8 hex digits of its hash>``.
        """
        items = list(items)
        if not items:
            return 0
        hashes = [content_hash(article.text) for article, _ in items]
        for article, result in items:
            _check_ids(article, result)
        with _wrapped("write to", self.url), self.engine.connect() as conn:
            conn.info["saywho_write"] = True
            with conn.begin():
                return self._add(conn, items, hashes)

    def _add(self, conn: Connection, items: list[tuple[Article, Result]], hashes: list[str]) -> int:
        if self.dialect == "postgresql":
            # Serialize writers so that the hash and id checks below see every committed batch.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})
        stored = set(conn.scalars(select(m.Article.content_hash).where(m.Article.content_hash.in_(hashes))))
        wanted_ids = [_wanted_id(article, result, h) for (article, result), h in zip(items, hashes)]
        taken = set(conn.scalars(select(m.Article.id).where(m.Article.id.in_(wanted_ids))))
        batch = []
        for (article, result), digest, wanted in zip(items, hashes, wanted_ids):
            if digest in stored:
                continue
            stored.add(digest)
            article_id = wanted if wanted not in taken else f"{wanted}~{digest[:8]}"
            taken.add(article_id)
            batch.append((article_id, digest, article, result))
        write_batch(conn, batch)
        return len(batch)

    # -- claim clusters ------------------------------------------------------------------------

    def update_claims(self) -> ClaimUpdate:
        """File every article and attribution stored since the last update into copies and claim
        clusters (``saywho.claims``), in one transaction; costs what was added, not what is stored."""
        return self._claims(clusters.update)

    def rebuild_claims(self) -> ClaimUpdate:
        """Forget every claim cluster and copy link and file the whole store again."""
        return self._claims(clusters.rebuild)

    def _claims(self, action) -> ClaimUpdate:
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


def _check_ids(article: Article, result: Result) -> None:
    """Local ids must be unique inside a result: records point at each other through them."""
    for kind, records in (("attribution", result.attributions), ("entity", result.entities),
                          ("quantity", result.quantities)):
        ids = [r.id for r in records]
        if len(ids) != len(set(ids)):
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            raise StoreError(f"article {article.id or result.id!r} has repeated {kind} ids "
                             f"{', '.join(repeated)}; nothing of this batch was stored")


def _wanted_id(article: Article, result: Result, digest: str) -> str:
    return str(article.id or result.id or digest[:16])


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("saywho.store").joinpath("migrations")))
    return config


def _sqlite_setup(engine: Engine, *, wal: bool) -> None:
    """Foreign keys on; WAL so readers never block the writer; writes take the lock up front."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # BEGIN IMMEDIATE for writers: two writers wait for each other instead of deadlocking.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop("saywho_write", False) else "BEGIN")
