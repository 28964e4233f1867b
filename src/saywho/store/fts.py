"""Full-text search over attribution content, one interface over two engines.

SQLite: an FTS5 external-content table (``attributions_fts``) kept in step with ``attributions``
by triggers, Porter-stemmed. PostgreSQL: a GIN index over ``to_tsvector('english', content_text)``.
(The store runs on these two only.) Both take the same query language: words (all must match, stems allowed) and "quoted phrases".
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Select, column, func, literal_column, select, table
from sqlalchemy.engine import Connection

from .models import Attribution

FTS_TABLE = "attributions_fts"
PG_INDEX = "ix_attributions_content_fts"
_TOKEN = re.compile(r'"([^"]*)"|(\w+)', re.UNICODE)

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


def query_terms(text: str) -> list[tuple[str, bool]]:
    """The search text as (term, is_phrase) pairs: "quoted phrases" and single words."""
    terms = []
    for phrase, word in _TOKEN.findall(text):
        if phrase.strip():
            terms.append((" ".join(re.findall(r"\w+", phrase)), True))
        elif word:
            terms.append((word, False))
    return [(t, p) for t, p in terms if t]


def _fts5_query(terms: list[tuple[str, bool]]) -> str:
    # Every term quoted, so that user text can never be read as FTS5 syntax (NEAR, AND, column:).
    return " ".join('"' + term.replace('"', "") + '"' for term, _ in terms)


def _pg_query(terms: list[tuple[str, bool]]) -> str:
    return " ".join(f'"{term}"' if phrase else term for term, phrase in terms)


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
    """``stmt`` (a select over Attribution) narrowed to matches of ``text``, best matches first."""
    terms = query_terms(text)
    if not terms:
        return stmt.where(literal_column("1") == 0)
    if dialect == "sqlite":
        fts = table(FTS_TABLE, column("rowid"))
        match: ColumnElement = literal_column(FTS_TABLE).op("MATCH")(_fts5_query(terms))
        return (stmt.join(fts, fts.c.rowid == Attribution.id).where(match)
                .order_by(func.bm25(literal_column(FTS_TABLE))))
    vector = func.to_tsvector(literal_column("'english'"), Attribution.content_text)
    query = func.websearch_to_tsquery(literal_column("'english'"), _pg_query(terms))
    return stmt.where(vector.op("@@")(query)).order_by(func.ts_rank(vector, query).desc())
