"""Bulk row writes for ``saywho load``: PostgreSQL ``COPY``, SQLite ``executemany`` on the driver.

SQLAlchemy's multi-row ``INSERT ... RETURNING`` costs a statement build and a parameter set per
row; a bulk load of millions of rows wants the database's own bulk path. Rows go in the caller's
transaction, converted exactly as SQLAlchemy would bind them (its per-column bind processors:
JSON serialized, dates as the SQLite dialect stores them), so a loaded row reads back the same as
an ingested one. Ids that other rows point at are reserved up front (``reserve_ids``) instead of
read back with ``RETURNING``; the store's write lock (PostgreSQL advisory lock, SQLite ``BEGIN
IMMEDIATE``) is held, so no other writer takes them meanwhile.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, Table, func, insert, select, text
from sqlalchemy.engine import Connection

# The drivers whose bulk paths are used: psycopg 3's COPY, the sqlite3 module's executemany.
_DRIVERS = {"psycopg", "pysqlite"}


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` by the database's bulk path."""
    if not rows:
        return
    if conn.dialect.driver not in _DRIVERS:  # another driver named in the URL: SQLAlchemy's executemany
        conn.execute(insert(table), rows)
        return
    names = list(rows[0])
    processors = _processors(conn, table, names)
    values = [tuple(row[name] if p is None else p(row[name]) for name, p in zip(names, processors)) for row in rows]
    driver = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        _copy(driver, table.name, names, values)
    else:
        columns = ", ".join(f'"{name}"' for name in names)
        marks = ", ".join("?" * len(names))
        driver.executemany(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', values)


def reserve_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` new primary keys for ``table``, to be inserted by the caller in this transaction."""
    if count <= 0:
        return []
    if conn.dialect.name == "postgresql":
        stmt = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)")
        return [row_id for (row_id,) in conn.execute(stmt, {"table": table.name, "n": count})]
    # SQLite gives a new row max(id) + 1 (no AUTOINCREMENT); BEGIN IMMEDIATE keeps other writers out.
    start = (conn.scalar(select(func.max(table.c.id))) or 0) + 1
    return list(range(start, start + count))


def _processors(conn: Connection, table: Table, names: list[str]) -> list[Callable[[Any], Any] | None]:
    return [_processor(conn, table.c[name].type) for name in names]


def _processor(conn: Connection, column_type: Any) -> Callable[[Any], Any] | None:
    # JSON as text, once: what SQLAlchemy's processor does on SQLite, and what PostgreSQL's COPY
    # parses (on PostgreSQL the processor would wrap it for psycopg to serialize, a step per value).
    # (None too becomes JSON null, not SQL NULL, as SQLAlchemy writes it.)
    if isinstance(column_type, JSON):
        return json.dumps
    return column_type.dialect_impl(conn.dialect).bind_processor(conn.dialect)


def _copy(driver: Any, table: str, names: list[str], values: list[tuple]) -> None:
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names)))
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)
