"""Full-text search over attribution content, one interface over two engines.

SQLite: an FTS5 external-content table (``attributions_fts``) kept in step with ``attributions``
by triggers, Porter-stemmed. PostgreSQL: a GIN index over ``to_tsvector('english', content_text)``.
(The store runs on these two only.) Both take the one query language of ``search_syntax``: words
(all must match, stems allowed), "quoted phrases", OR, and -exclusions.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

from sqlalchemy import ColumnElement, Select, column, func, literal_column, select, table
from sqlalchemy.engine import Connection

from .models import Attribution
from .search_syntax import SearchQuery, Term, parse

FTS_TABLE = "attributions_fts"
PG_INDEX = "ix_attributions_content_fts"

_SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(content_text, content='attributions', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER attributions_fts_ai AFTER INSERT ON attributions BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, content_text) VALUES (new.id, new.content_text); END",
    f"CREATE TRIGGER attributions_fts_ad AFTER DELETE ON attributions BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, content_text) VALUES ('delete', old.id, old.content_text); END",
    f"CREATE TRIGGER attributions_fts_au AFTER UPDATE OF content_text ON attributions BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, content_text) VALUES ('delete', old.id, old.content_text); "
    f"INSERT INTO {FTS_TABLE}(rowid, content_text) VALUES (new.id, new.content_text); END",
]
_SQLITE_DROP = [f"DROP TRIGGER IF EXISTS attributions_fts_{s}" for s in ("ai", "ad", "au")] + [
    f"DROP TABLE IF EXISTS {FTS_TABLE}"
]
_PG_DDL = [f"CREATE INDEX {PG_INDEX} ON attributions USING gin (to_tsvector('english', content_text))"]
_PG_DROP = [f"DROP INDEX IF EXISTS {PG_INDEX}"]


def is_fts_name(name: str) -> bool:
    """True for the tables and indexes this module owns (schema comparisons skip them)."""
    return name.startswith(FTS_TABLE) or name == PG_INDEX


def create(connection: Connection) -> None:
    """Create the engine's full-text index over ``attributions.content_text`` (used by migrations)."""
    ddl = {"sqlite": _SQLITE_DDL, "postgresql": _PG_DDL}.get(connection.dialect.name, [])
    for statement in ddl:
        connection.exec_driver_sql(statement)


def drop(connection: Connection) -> None:
    """Drop what ``create`` made."""
    ddl = {"sqlite": _SQLITE_DROP, "postgresql": _PG_DROP}.get(connection.dialect.name, [])
    for statement in ddl:
        connection.exec_driver_sql(statement)


@contextlib.contextmanager
def filled_after(connection: Connection) -> Iterator[None]:
    """SQLite: the attributions inserted in the block enter the full-text index in one statement
    at its end rather than by the insert trigger a row at a time (which cost a load 20 times the
    rows' own insert). The trigger is dropped and created again in the caller's transaction, so
    other connections never miss it; the store's write lock keeps other writers out meanwhile.
    The new rows are those past the largest id before the block (the store's ids only grow).
    Elsewhere (PostgreSQL's index is ``deferred`` with the others) nothing is done."""
    if connection.dialect.name != "sqlite":
        yield
        return
    trigger = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'attributions_fts_ai'").scalar()
    if trigger is None:  # a store without the index
        yield
        return
    last = connection.exec_driver_sql("SELECT max(id) FROM attributions").scalar() or 0
    connection.exec_driver_sql("DROP TRIGGER attributions_fts_ai")
    yield
    connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}(rowid, content_text) SELECT id, content_text "
                               f"FROM attributions WHERE id > ? ORDER BY id", (last,))
    connection.exec_driver_sql(trigger)


def query_terms(text: str) -> list[tuple[str, bool]]:
    """The words and phrases ``text`` looks for, as (term, is_phrase) pairs; InputError when there are none."""
    query = parse(text)
    return [(" ".join(t.words), len(t.words) > 1) for group in query.groups for t in group]


def _pg_term(term: Term) -> ColumnElement:
    return func.phraseto_tsquery(literal_column("'english'"), " ".join(term.words))


def _pg_any(terms: tuple[Term, ...]) -> ColumnElement:
    combined = _pg_term(terms[0])
    for term in terms[1:]:
        combined = func.tsquery_or(combined, _pg_term(term))
    return combined


def _pg_query(query: SearchQuery) -> ColumnElement:
    """The query as a PostgreSQL tsquery, built from functions (no text is parsed as tsquery syntax)."""
    combined = _pg_any(query.groups[0])
    for group in query.groups[1:]:
        combined = func.tsquery_and(combined, _pg_any(group))
    if query.excluded:
        combined = func.tsquery_and(combined, func.tsquery_not(_pg_any(query.excluded)))
    return combined


def any_phrase(dialect: str, phrases: list[str]) -> Select | None:
    """Ids of attributions whose content holds any of ``phrases`` as whole words (None if none has words)."""
    wanted = [" ".join(re.findall(r"\w+", p)) for p in phrases]
    wanted = sorted({w for w in wanted if w})
    if not wanted:
        return None
    if dialect == "sqlite":
        fts = table(FTS_TABLE, column("rowid"))
        query = " OR ".join(f'"{w}"' for w in wanted)
        return select(fts.c.rowid).where(literal_column(FTS_TABLE).op("MATCH")(query))
    vector = func.to_tsvector(literal_column("'english'"), Attribution.content_text)
    query = func.websearch_to_tsquery(literal_column("'english'"), " or ".join(f'"{w}"' for w in wanted))
    return select(Attribution.id).where(vector.op("@@")(query))


def apply(stmt: Select, dialect: str, text: str) -> Select:
    """``stmt`` (a select over Attribution) narrowed to matches of ``text``, best matches first.

    InputError when ``text`` has nothing to look for (see ``search_syntax``).
    """
    query = parse(text)
    if dialect == "sqlite":
        fts = table(FTS_TABLE, column("rowid"))
        match: ColumnElement = literal_column(FTS_TABLE).op("MATCH")(query.fts5())
        return (stmt.join(fts, fts.c.rowid == Attribution.id).where(match)
                .order_by(func.bm25(literal_column(FTS_TABLE))))
    vector = func.to_tsvector(literal_column("'english'"), Attribution.content_text)
    tsquery = _pg_query(query)
    return stmt.where(vector.op("@@")(tsquery)).order_by(func.ts_rank(vector, tsquery).desc())
