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

Past that size, PostgreSQL's foreign keys are still checked a row at a time during the ``COPY``
(a trigger per row and key runs ``SELECT ... FOR KEY SHARE`` on the row pointed at: some 120 an
article, a third of the server's time in a load into a large store). ``keys_checked_after`` turns
those triggers off for the load's child rows (``session_replication_role = replica``, which needs
the right to set it: a superuser, or ``GRANT SET ON PARAMETER`` in PostgreSQL 15+) and checks
every key of the new rows with one query per key at the end, in the same transaction; without
that right the triggers check as before.

SQLite does the same with its secondary indexes (its DDL is transactional too, and the store's
write lock, ``BEGIN IMMEDIATE``, keeps other writers out), and its full-text index takes a load's
attributions in one statement at the end (``fts.filled_after``) whatever the store's size.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Table, bindparam, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from ..errors import StoreError
from . import fts

_INDEXES = text(
    "SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text FROM pg_index i "
    "WHERE i.indrelid = ANY(CAST(:tables AS regclass[])) AND NOT i.indisprimary AND NOT i.indisunique "
    "ORDER BY i.indexrelid")
_FOREIGN_KEYS = text(
    "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
    "WHERE c.contype = 'f' AND c.conrelid = ANY(CAST(:tables AS regclass[])) ORDER BY c.oid")


# Each foreign key: (table, its first column, table pointed at, its first column, the key's name,
# how many columns it has).
_KEYS = text(
    "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, r.attname, c.conname, "
    "cardinality(c.conkey) FROM pg_constraint c "
    "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
    "JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1] "
    "WHERE c.contype = 'f' AND c.conrelid = ANY(CAST(:tables AS regclass[])) ORDER BY c.oid")

_INSUFFICIENT_PRIVILEGE = "42501"

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
def load_checks(conn: Connection, tables: list[Table], incoming: int) -> Iterator[bool]:
    """Around a load's writes into ``tables``, ``incoming`` rows into the first (the largest);
    gives whether the foreign keys are built after the block (else ``keys_checked_after`` may serve).

    PostgreSQL: indexes and foreign keys built after the load when ``worth_deferring``. SQLite:
    foreign keys checked at commit (``PRAGMA defer_foreign_keys``, reset by SQLite when the
    transaction ends), so that rows may point at rows later in the same batch, as PostgreSQL
    allows within one ``COPY``.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    deferring = worth_deferring(conn, tables[0], incoming)
    with fts.filled_after(conn), (deferred(conn, tables) if deferring else contextlib.nullcontext()):
        yield deferring and conn.dialect.name == "postgresql"


@contextlib.contextmanager
def keys_checked_after(conn: Connection, marks: dict[Table, str]) -> Iterator[None]:
    """PostgreSQL: the foreign keys of the rows the block adds to the tables of ``marks`` checked
    after it, by one query a key, instead of by the per-row triggers (see the module's notes).

    ``marks`` names, for each table, an indexed integer column whose values in the new rows all
    exceed those stored before (its id, or the id its rows belong to): the new rows are those
    past its largest value before the block. A key that points at no row raises StoreError, and
    the caller's transaction is rolled back with it. Elsewhere, without the right to turn the
    triggers off, or with a key over several columns, the block runs with the triggers.
    """
    if conn.dialect.name != "postgresql":
        yield
        return
    columns = {table.name: column for table, column in marks.items()}
    keys = conn.execute(_KEYS, {"tables": list(columns)}).all()
    role = conn.exec_driver_sql("SHOW session_replication_role").scalar()
    if any(width > 1 for *_, width in keys) or (role != "replica" and not _triggers_off(conn)):
        yield  # a key these checks do not cover, or not this role's to turn off: the triggers check
        return
    before = {name: conn.exec_driver_sql(f'SELECT max("{column}") FROM "{name}"').scalar() or 0
              for name, column in columns.items()}
    yield
    conn.execute(text("SELECT set_config('session_replication_role', :role, true)"), {"role": role})
    for table, column, target, target_column, name, _ in keys:
        _check_key(conn, table, column, target, target_column, name, columns[table], before[table])


def _triggers_off(conn: Connection) -> bool:
    """Turn this transaction's triggers off (foreign-key checks among them) if the role may; True if done."""
    savepoint = conn.begin_nested()
    try:
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
    except DBAPIError as exc:
        savepoint.rollback()
        if getattr(exc.orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE:  # not a superuser, nor granted SET
            return False
        raise
    savepoint.commit()  # a released savepoint keeps its SET LOCAL
    return True


def _check_key(conn: Connection, table: str, column: str, target: str, target_column: str, name: str,
               mark: str, before: int) -> None:
    """StoreError unless every value of ``table.column`` in the rows past ``before`` (by ``mark``)
    is a row of ``target``: the distinct values counted, and those found by ``target``'s unique
    index (an array look-up, whatever the size of ``target``)."""
    new = f'FROM {table} WHERE "{mark}" > %(before)s AND "{column}" IS NOT NULL'
    values = f'SELECT DISTINCT "{column}" {new}'
    wanted, found = conn.exec_driver_sql(
        f"SELECT (SELECT count(*) FROM ({values}) AS v), "
        f'(SELECT count(*) FROM {target} WHERE "{target_column}" = ANY(ARRAY({values})))', {"before": before}).one()
    if wanted != found:
        missing = conn.exec_driver_sql(
            f'SELECT v FROM ({values}) AS new(v) WHERE NOT EXISTS '
            f'(SELECT 1 FROM {target} WHERE "{target_column}" = new.v) LIMIT 1', {"before": before}).scalar()
        raise StoreError(f"the load would store {table}.{column} = {missing!r}, which names no row of {target} "
                         f"(foreign key {name}); nothing of this batch was stored")


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
