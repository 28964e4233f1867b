"""Secondary indexes and foreign keys built once after a large load, not row by row.

Into an empty or nearly empty store, a load's ``COPY`` spends much of its time keeping indexes up
to date a row at a time (the full-text GIN index above all) and checking every row's foreign
keys. ``deferred`` drops the secondary indexes and foreign keys of the tables a load writes, and
creates them again from their own definitions (``pg_get_indexdef``, ``pg_get_constraintdef``)
at the end of the load, in the same transaction: PostgreSQL builds an index in one sorted pass and
checks a foreign key with one join. DDL is transactional there, so a load that fails or is
killed leaves every index and constraint as it was, and other sessions never see the store
without them (they wait on the tables' locks until the load commits). Primary keys and unique
constraints stay: they keep rows unique while the load runs.

Only worth it while the tables are small next to what the load adds: building an index costs the
whole table, keeping it up to date only the rows added. ``worth_deferring`` decides, counting at
most as many rows as the load adds.

SQLite does the same with its secondary indexes (its DDL is transactional too, and the store's
write lock, ``BEGIN IMMEDIATE``, keeps other writers out), and its full-text index takes a load's
attributions in one statement at the end (``fts.filled_after``) whatever the store's size.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Table, bindparam, text
from sqlalchemy.engine import Connection

from . import fts

_INDEXES = text(
    "SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text FROM pg_index i "
    "WHERE i.indrelid = ANY(CAST(:tables AS regclass[])) AND NOT i.indisprimary AND NOT i.indisunique "
    "ORDER BY i.indexrelid")
_FOREIGN_KEYS = text(
    "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
    "WHERE c.contype = 'f' AND c.conrelid = ANY(CAST(:tables AS regclass[])) ORDER BY c.oid")


_SQLITE_INDEXES = text(
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN :tables "
    "AND upper(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY rowid").bindparams(bindparam("tables", expanding=True))


def worth_deferring(conn: Connection, table: Table, incoming: int) -> bool:
    """True when ``table`` holds fewer rows than the ``incoming`` ones a load adds."""
    if conn.dialect.name not in ("postgresql", "sqlite") or incoming <= 0:
        return False
    held = conn.scalar(text(f'SELECT count(*) FROM (SELECT 1 FROM "{table.name}" LIMIT :n) AS held'),
                       {"n": incoming})
    return (held or 0) < incoming


@contextlib.contextmanager
def load_checks(conn: Connection, tables: list[Table], incoming: int) -> Iterator[None]:
    """Around a load's writes into ``tables``, ``incoming`` rows into the first (the largest).

    PostgreSQL: indexes and foreign keys built after the load when ``worth_deferring``. SQLite:
    foreign keys checked at commit (``PRAGMA defer_foreign_keys``, reset by SQLite when the
    transaction ends), so that rows may point at rows later in the same batch, as PostgreSQL
    allows within one ``COPY``.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    with fts.filled_after(conn), (deferred(conn, tables) if worth_deferring(conn, tables[0], incoming)
                                  else contextlib.nullcontext()):
        yield


@contextlib.contextmanager
def deferred(conn: Connection, tables: list[Table]) -> Iterator[None]:
    """Drop the secondary indexes and foreign keys of ``tables`` (PostgreSQL; SQLite: the
    indexes) and create them again when the block ends without an error; in the caller's
    transaction."""
    names = [table.name for table in tables]
    if conn.dialect.name == "sqlite":
        indexes = conn.execute(_SQLITE_INDEXES, {"tables": names}).all()
        for name, _ in indexes:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        yield
        for _, definition in indexes:
            conn.exec_driver_sql(definition)
        return
    indexes = conn.execute(_INDEXES, {"tables": names}).all()
    foreign_keys = conn.execute(_FOREIGN_KEYS, {"tables": names}).all()
    _script(conn, [*(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"' for table, name, _ in foreign_keys),
                   *(f"DROP INDEX {index}" for _, index in indexes)])
    yield
    _script(conn, [*(definition for definition, _ in indexes),
                   *(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
                     for table, name, definition in foreign_keys)])


def _script(conn: Connection, statements: list[str]) -> None:
    """Run ``statements`` in order, sent to PostgreSQL in one round trip (psycopg takes several
    statements in one string when it has no parameters): a load drops and builds some twenty
    indexes and keys, and a round trip each cost more than the smaller of them."""
    if statements:
        conn.exec_driver_sql(";\n".join(statements))
