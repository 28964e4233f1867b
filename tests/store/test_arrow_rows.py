"""Building the store's rows from a batch job's Arrow tables: JSON text exactly as ``json.dumps``
writes it, and indexes built after a load into an empty PostgreSQL store, or left alone."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from sqlalchemy import text

from saywho.errors import StoreError
from saywho.store import Store, arrow_rows
from saywho.store import models as m
from saywho.store.arrow_rows import LOADED_TABLES, extra_json, json_lists, json_spans, table_batch
from saywho.store.deferred import worth_deferring
from saywho.store.fixtures import sample_items
from saywho.tables import TABLES, input_row, result_rows


def test_arrow_rows_json_spans_as_json_dumps_writes_them():
    spans = [[[0, 204], [206, 210]], [], None, [[5, 6]]]
    column = pa.array(spans, pa.list_(pa.list_(pa.int32())))
    assert json_spans(column).to_pylist() == [json.dumps(s or []) for s in spans]
    assert json_spans(column.slice(1), missing="null").to_pylist() == ["[]", "null", "[[5, 6]]"]


def test_arrow_rows_json_lists_as_json_dumps_writes_them():
    lists = [["Pyongyang", "조선", 'the "North"'], [], None, ["Moscow"], [None]]
    column = pa.chunked_array([pa.array(lists[:2], pa.list_(pa.string())), pa.array(lists[2:], pa.list_(pa.string()))])
    assert json_lists(column).to_pylist() == [json.dumps(value or []) for value in lists]
    assert json_lists(pa.chunked_array([], pa.list_(pa.string()))).to_pylist() == []


@pytest.mark.parametrize("extra", [{}, {"license": "CC BY 2.5"}, {"quotes": ["“Moscow” said", "Zürich 😀"]},
                                   {"del": "a\x7fb", "nested": {"n": [1.5, None, True]}}])
def test_arrow_rows_extra_json_as_the_store_writes_it(extra):
    written = json.dumps(extra, ensure_ascii=False, default=str)  # as the batch job writes it
    assert extra_json(written) == json.dumps(extra)
    assert extra_json(None) == extra_json("null") == "{}"


def _batch():
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for article, result in sample_items():
        row = input_row(article, Store.content_hash(article.text), "fixture.jsonl", 0, "2026-01-01")
        for name, part in result_rows(row, result).items():
            rows[name] += part
    return table_batch(rows["articles"], {name: pa.Table.from_pylist(rows[name]) for name in TABLES[1:]})


def test_arrow_rows_empty_batch_writes_nothing(store):
    empty = table_batch([], {name: pa.Table.from_pylist([]) for name in TABLES[1:]})
    assert store.add_tables(empty) == 0 and store.counts()["articles"] == 0


def _catalog(store: Store) -> list[tuple]:
    """Every index and constraint definition of the loaded tables (SQLite: every index and trigger)."""
    names = [table.name for table in LOADED_TABLES]
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            return [tuple(row) for row in conn.exec_driver_sql(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name")]
        indexes = conn.execute(text("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = "
                                    "ANY(:names) ORDER BY 2"), {"names": names}).all()
        constraints = conn.execute(text("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), "
                                        "convalidated FROM pg_constraint WHERE conrelid = ANY(CAST(:names AS "
                                        "regclass[])) ORDER BY 2"), {"names": names}).all()
    return [tuple(row) for row in [*indexes, *constraints]]


def test_arrow_rows_defer_indexes_only_into_a_small_store(store):
    with store.engine.begin() as conn:
        small = worth_deferring(conn, m.Attribution.__table__, 5)
    store.add_tables(_batch())
    with store.engine.begin() as conn:
        large = worth_deferring(conn, m.Attribution.__table__, 5)
    assert (small, large) == (True, False)


def test_arrow_rows_load_leaves_every_index_and_constraint(store):
    before = _catalog(store)
    if store.dialect == "sqlite":
        assert any(row[1] == "attributions_fts_ai" for row in before) and any(row[0] == "index" for row in before)
    else:
        assert any("gin" in row[2] for row in before) and any("FOREIGN KEY" in row[2] for row in before)
    assert store.add_tables(_batch()) == 3
    assert _catalog(store) == before


def _failing(monkeypatch, where: str) -> None:
    """Make the load fail once the indexes are dropped and some rows copied: in a COPY, or while
    the rows of a table are built (in the builder thread)."""
    from saywho.store import copy

    copy_table, via_rows = copy.copy_table, arrow_rows._via_rows

    def failing_copy(conn, table, data):
        if table.name == "via_links":
            raise RuntimeError("the load was killed here")
        copy_table(conn, table, data)

    def failing_rows(*args):
        raise RuntimeError("the load was killed here")

    if where == "copy":
        monkeypatch.setattr(copy, "copy_table", failing_copy)
    else:
        monkeypatch.setattr(arrow_rows, "_via_rows", failing_rows)


@pytest.mark.parametrize("where", ["copy", "rows"])
def test_arrow_rows_failed_load_leaves_indexes_and_no_rows(store, monkeypatch, where):
    before = _catalog(store)
    with monkeypatch.context() as patched:
        _failing(patched, where)
        with pytest.raises((RuntimeError, StoreError)):
            store.add_tables(_batch())
    assert _catalog(store) == before
    assert store.counts()["articles"] == store.counts()["attributions"] == 0
    assert store.add_tables(_batch()) == 3  # and the load, run again, stores everything
