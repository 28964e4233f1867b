"""Bulk row writes for ``saywho load``: PostgreSQL ``COPY``, SQLite ``executemany`` on the driver.

SQLAlchemy's multi-row ``INSERT ... RETURNING`` costs a statement build and a parameter set per
row; a bulk load of millions of rows wants the database's own bulk path. Rows go in the caller's
transaction, converted exactly as SQLAlchemy would bind them (its per-column bind processors:
JSON serialized, dates as the SQLite dialect stores them), so a loaded row reads back the same as
an ingested one. Ids that other rows point at are reserved up front (``reserve_ids``) instead of
read back with ``RETURNING``; the store's write lock (PostgreSQL advisory lock, SQLite ``BEGIN
IMMEDIATE``) is held, so no other writer takes them meanwhile. On PostgreSQL the corpus-wide rows
(outlets, entities, speakers) are merged in by ``bulk_upsert``: one COPY into a scratch table, one
``INSERT ... ON CONFLICT DO NOTHING`` from it that also reads the ids back. ``copy_table``
takes a table's rows as Arrow columns (``saywho load``: ``arrow_rows``) and sends them to
PostgreSQL as CSV that pyarrow writes, no Python step per value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Table, func, insert, select, text
from sqlalchemy.engine import Connection

from .ahead import ahead

if TYPE_CHECKING:
    import pyarrow as pa

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
    values = _values(rows, names, _processors(conn, table, names))
    driver = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        _copy(driver, table.name, names, values)
    else:
        _executemany(driver, table.name, names, values)


def copy_table(conn: Connection, table: Table, data: pa.Table) -> None:
    """Insert the rows of ``data`` (Arrow columns named as ``table``'s, JSON columns as JSON text)
    into ``table`` by the database's bulk path: on PostgreSQL one ``COPY`` of CSV that pyarrow
    writes, no Python step per value; elsewhere the values converted as ``bulk_insert`` does."""
    if not data.num_rows:
        return
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        _copy_csv(conn.connection.driver_connection, table.name, data)
        return
    names = data.column_names
    json_columns = [isinstance(table.c[name].type, JSON) for name in names]
    processors = [None if is_json else _processor(conn, table.c[name].type)
                  for name, is_json in zip(names, json_columns)]
    columns = []
    for name, processor in zip(names, processors):
        column = data[name].to_pylist()
        columns.append(column if processor is None else list(map(processor, column)))
    if conn.dialect.driver == "pysqlite":
        _executemany(conn.connection.driver_connection, table.name, names, list(zip(*columns)))
        return
    # Another driver named in the URL: SQLAlchemy's executemany, which serializes JSON itself.
    parsed = [list(map(json.loads, column)) if is_json else column for column, is_json in zip(columns, json_columns)]
    conn.execute(insert(table), [dict(zip(names, row)) for row in zip(*parsed)])


def copy_tables(conn: Connection, tables: Iterator[tuple[Table, pa.Table]]) -> None:
    """``copy_table`` each (table, rows) that ``tables`` yields, in order, the next one built in a
    thread meanwhile (``ahead``): the rows are built while the database takes in the ones before."""
    for table, rows in ahead(tables):
        copy_table(conn, table, rows)


def fast_compression(conn: Connection) -> None:
    """PostgreSQL: compress this transaction's long values (article texts and extra JSON) with lz4
    rather than the default pglz, where the server has it (PostgreSQL 14+ built with lz4): pglz
    took most of the server's time in the articles' ``COPY``. Values read back the same; a value
    keeps the method it was written with, so stores mix them freely."""
    if conn.dialect.name != "postgresql":
        return
    # One round trip: set_config(..., true) is SET LOCAL, run only where the setting offers lz4.
    conn.execute(text("SELECT set_config(name, 'lz4', true) FROM pg_settings "
                      "WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"))


def bulk_upsert(conn: Connection, table: Table, rows: list[dict[str, Any]],
                keys: list[str]) -> dict[tuple, int] | None:
    """Insert the ``rows`` whose ``keys`` are new, in order, and map every row's key to its id.

    PostgreSQL (psycopg) and SQLite (its sqlite3 module) only, else None: the caller takes its
    statement path. PostgreSQL: the rows are copied into a temporary table and merged with one
    ``INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING`` that also joins the table for the
    rows stored before; SQLite: one ``executemany`` of ``INSERT ... ON CONFLICT DO NOTHING`` on the
    driver, their keys into a temporary table and the ids read back by one join. Either way, no
    look-up per 500 keys through SQLAlchemy. Rows
    go in the order given, so they take the ids the statement path gives them.
    """
    if not rows or (conn.dialect.name, conn.dialect.driver) not in (("postgresql", "psycopg"), ("sqlite", "pysqlite")):
        return None
    names = list(rows[0])
    temp = f"saywho_load_{table.name}"
    listed = ", ".join(f'"{name}"' for name in names)
    on = ", ".join(f'"{key}"' for key in keys)
    values = _values(rows, names, _processors(conn, table, names))
    picked = ", ".join(f't."{key}"' for key in keys)
    if conn.dialect.name == "sqlite":
        driver = conn.connection.driver_connection
        driver.executemany(f'INSERT INTO "{table.name}" ({listed}) VALUES ({", ".join("?" * len(names))}) '
                           f"ON CONFLICT ({on}) DO NOTHING", values)
        places = [names.index(key) for key in keys]
        driver.execute(f'CREATE TEMP TABLE "{temp}" ({on})')
        driver.executemany(f'INSERT INTO "{temp}" VALUES ({", ".join("?" * len(keys))})',
                           [tuple(row[place] for place in places) for row in values])
        found = driver.execute(f'SELECT {picked}, t.id FROM "{table.name}" t JOIN "{temp}" USING ({on})').fetchall()
        driver.execute(f'DROP TABLE "{temp}"')
        return {tuple(row[:-1]): row[-1] for row in found}
    # Three round trips: the scratch table (made afresh: one load merges outlets twice), the COPY,
    # and the merge, which returns the new rows' ids and reads those of the rows stored before it
    # (the statement's join sees the table as it was before its own insert).
    conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{temp}";\n'
                         f'CREATE TEMP TABLE "{temp}" ON COMMIT DROP AS SELECT {listed} FROM "{table.name}" '
                         f'WITH NO DATA;\nALTER TABLE "{temp}" ADD COLUMN saywho_order integer')
    _copy(conn.connection.driver_connection, temp, [*names, "saywho_order"],
          [(*row, order) for order, row in enumerate(values)])
    returned = ", ".join(f'"{key}"' for key in keys)
    found = conn.exec_driver_sql(
        f'WITH added AS (INSERT INTO "{table.name}" ({listed}) SELECT {listed} FROM "{temp}" '
        f"ORDER BY saywho_order ON CONFLICT ({on}) DO NOTHING RETURNING {returned}, id) "
        f'SELECT {returned}, id FROM added UNION ALL SELECT {picked}, t.id FROM "{table.name}" t JOIN "{temp}" USING ({on})')
    return {tuple(row[:-1]): row[-1] for row in found}


def reserve_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` new primary keys for ``table``, to be inserted by the caller in this transaction."""
    if count <= 0:
        return []
    if conn.dialect.name == "postgresql":
        # One block, the ids count nextval() calls would give (a load reserves tens of thousands at a
        # time): setval moves the sequence past it; the write lock keeps other writers' nextval out.
        stmt = text("SELECT setval(seq, nextval(seq) + :n - 1) FROM pg_get_serial_sequence(:table, 'id') AS seq")
        last = conn.scalar(stmt, {"table": table.name, "n": count})
        return list(range(last - count + 1, last + 1))
    # SQLite gives a new row max(id) + 1 (no AUTOINCREMENT); BEGIN IMMEDIATE keeps other writers out.
    start = (conn.scalar(select(func.max(table.c.id))) or 0) + 1
    return list(range(start, start + count))


def _values(rows: list[dict[str, Any]], names: list[str],
            processors: list[Callable[[Any], Any] | None]) -> list[tuple]:
    """The rows as value tuples, converted a column at a time (one ``map`` per column, not a
    Python step per value: a load converts millions of values)."""
    columns = []
    for name, processor in zip(names, processors):
        column = [row[name] for row in rows]
        columns.append(column if processor is None else list(map(processor, column)))
    return list(zip(*columns))


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


def _copy_csv(driver: Any, table: str, data: pa.Table) -> None:
    """``data`` into ``table`` by one COPY: every value but SQL NULL quoted, so that an empty string stays one."""
    import pyarrow as pa
    import pyarrow.csv as csv
    from psycopg import sql

    buffer = pa.BufferOutputStream()
    csv.write_csv(data, buffer, csv.WriteOptions(include_header=False, quoting_style="all_valid"))
    statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, data.column_names)))
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        copy.write(memoryview(buffer.getvalue()))


def _executemany(driver: Any, table: str, names: list[str], values: list[tuple]) -> None:
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" * len(names))
    driver.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', values)
