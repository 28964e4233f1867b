"""The bulk write paths (``Store.add_batch(bulk=True)``: PostgreSQL COPY, SQLite executemany; and
``Store.add_tables``, rows built from a batch job's Arrow tables) write the very rows the normal
path writes, on both databases, after rows already stored."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from sqlalchemy import JSON, DateTime, select

from saywho import query
from saywho.store import Store
from saywho.store import models as m
from saywho.store import deferred
from saywho.store.arrow_rows import table_batch
from saywho.store.fixtures import postgres_test_database, reset_database, sample_items
from saywho.tables import TABLES, input_row, result_rows


@contextlib.contextmanager
def _twin(store_url: str, tmp_path) -> Iterator[str]:
    """A second empty store on the same database system as ``store_url``."""
    if store_url.startswith("postgresql"):
        with postgres_test_database(store_url.rsplit("/", 1)[0]) as url:
            yield url
    else:
        yield str(tmp_path / "twin.db")


def _rows(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table in primary-key order, without the write timestamps; for JSON
    columns also whether the value is SQL NULL (JSON null reads back as None too)."""
    dump = {}
    with store.session() as session:
        for table in m.Base.metadata.sorted_tables:
            kept = [c for c in table.c if not isinstance(c.type, DateTime)]
            kept += [c.is_(None) for c in table.c if isinstance(c.type, JSON)]
            dump[table.name] = [tuple(row) for row in session.execute(select(*kept).order_by(*table.primary_key))]
    return dump


def _items(odd_figures: bool = False):
    """The fixture's articles, one record without cue or source (its JSON spans then hold null), and
    a nested record before the one it sits in (its parent row comes later). ``odd_figures``: in an
    article after the first (which the table tests load from tables), a record also names a figure
    the article lacks and one figure twice (stored as one link, at its first place, so it does not
    read back as written), and an entity has aliases past ASCII."""
    items = sample_items()
    if odd_figures:
        figured = next(a for a in items[1][1].attributions if a.quantities)
        figured.quantities = ["q9", *figured.quantities, *figured.quantities]
        items[1][1].entities[0].aliases = ["Pyongyang", "조선", 'the "North"']
        items[1][1].entities[1].aliases = ["Moscow"]
    record = items[-1][1].attributions[-1]
    record.cue = record.source = None
    nested = items[1][1]
    nested.attributions.reverse()
    assert nested.attributions[0].parent == nested.attributions[1].id
    return items


def _fill(store: Store, *, bulk: bool, odd_figures: bool = False) -> list[int]:
    first, *rest = _items(odd_figures)
    added = [store.add_batch([first]), store.add_batch(rest, bulk=bulk),
             store.add_batch(_items(odd_figures), bulk=bulk)]
    store.update_claims()
    return added


def _batch(items):
    """``items`` as a batch job's tables hold them (``saywho.tables.result_rows``), as a TableBatch."""
    import pyarrow as pa

    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for article, result in items:
        row = input_row(article, Store.content_hash(article.text), "fixture.jsonl", 0, "2026-01-01")
        for name, part in result_rows(row, result).items():
            rows[name] += part
    # Repeated rows (an interrupted job writes some twice) are read once.
    rows["attributions"].append(dict(rows["attributions"][0], content_text="a repeated row, not read"))
    tables = {name: pa.Table.from_pylist(rows[name]) for name in TABLES if name != "articles"}
    return table_batch(rows["articles"], tables)


def _fill_tables(store: Store, odd_figures: bool = False) -> list[int]:
    # The whole batch again: the article stored already is left out of it in the transaction.
    first, whole, again = (_items(odd_figures) for _ in range(3))
    added = [store.add_batch(first[:1]), store.add_tables(_batch(whole)), store.add_tables(_batch(again))]
    store.update_claims()
    return added


@pytest.mark.parametrize("defer", [True, False], ids=["indexes-after", "indexes-kept"])
def test_table_batch_writes_the_rows_the_normal_path_writes(store, store_url, tmp_path, monkeypatch, defer):
    if not defer:  # as into a store already larger than the batch
        monkeypatch.setattr(deferred, "worth_deferring", lambda *args: False)
    with _twin(store_url, tmp_path) as url, Store(url) as normal:
        assert _fill_tables(store, odd_figures=True) == _fill(normal, bulk=False, odd_figures=True) == [1, 2, 0]
        loaded_rows, normal_rows = _rows(store), _rows(normal)
        assert loaded_rows["speaker_mentions"] and loaded_rows["speaker_roles"]
        assert loaded_rows == normal_rows
        # The full-text index holds the loaded rows (SQLite fills it after the rows, not by trigger).
        for words in ("artillery shells", "council", "said"):
            assert _found(store, words) == _found(normal, words)
        assert {article for article, _ in _found(store, "artillery shells")} == {"19fortyfive-farley",
                                                                                 "reuters-farley"}
        if store.dialect == "sqlite":  # FTS5 checks its index against the attributions table
            with store.engine.begin() as conn:
                conn.exec_driver_sql("INSERT INTO attributions_fts(attributions_fts) VALUES ('integrity-check')")


def _found(store: Store, words: str) -> set[tuple[str, int]]:
    return {(claim.article_id, claim.attribution_id) for claim in query.search(store, words)}


def test_bulk_batch_writes_the_rows_the_normal_path_writes(store, store_url, tmp_path):
    with _twin(store_url, tmp_path) as url, Store(url) as normal:
        assert _fill(store, bulk=True) == _fill(normal, bulk=False) == [1, 2, 0]
        bulk_rows, normal_rows = _rows(store), _rows(normal)
        assert bulk_rows["attributions"] and bulk_rows["via_links"] and bulk_rows["attribution_quantities"]
        assert bulk_rows == normal_rows


def test_bulk_rows_are_found_by_search_and_queries(store):
    _fill(store, bulk=True)
    items = {article.id: result for article, result in _items()}
    for article_id, result in items.items():
        assert store.article_result(article_id).to_dict() == result.to_dict()
    # Full-text search: SQLite's FTS5 triggers and PostgreSQL's GIN index see COPY'd rows too.
    found = {claim.article_id for claim in query.search(store, "artillery shells")}
    assert found == {"19fortyfive-farley", "reuters-farley"}
    assert {claim.article_id for claim in query.speaker(store, "Robert Farley")} == found


def test_bulk_upsert_maps_new_and_stored_keys_to_their_ids(store):
    """Rows merged twice, the second time with stored and new keys (and a key twice): every key
    maps to its one id, the stored rows keep theirs, and the new ones take ids in the order given."""
    from saywho.store.copy import bulk_upsert

    outlets = m.Outlet.__table__
    with store.engine.begin() as conn:
        first = bulk_upsert(conn, outlets, [{"key": "ap", "name": "AP"}, {"key": "bbc", "name": "BBC"}], ["key"])
    with store.engine.begin() as conn:
        second = bulk_upsert(conn, outlets, [{"key": "cnn", "name": "CNN"}, {"key": "ap", "name": "AP"},
                                             {"key": "dw", "name": "DW"}, {"key": "cnn", "name": "CNN"}], ["key"])
        stored = dict(conn.execute(select(outlets.c.key, outlets.c.id)).all())
    assert set(first) == {("ap",), ("bbc",)} and set(second) == {("ap",), ("cnn",), ("dw",)}
    assert {key: row_id for (key,), row_id in {**first, **second}.items()} == stored
    assert second[("ap",)] == first[("ap",)]
    assert first[("ap",)] < first[("bbc",)] < second[("cnn",)] < second[("dw",)]


@pytest.mark.postgres
def test_fast_compression_is_local_to_the_transaction(pg_database):
    """lz4 for the load's own transaction (where the server offers it), the server's default after."""
    from sqlalchemy import text

    from saywho.store.copy import fast_compression

    show = text("SHOW default_toast_compression")
    offered_sql = text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
    with Store(pg_database) as store:
        with store.engine.connect() as conn:
            default, offered = conn.scalar(show), conn.scalar(offered_sql)
        with store.engine.begin() as conn:
            fast_compression(conn)
            assert conn.scalar(show) == ("lz4" if offered else default)
        with store.engine.connect() as conn:  # the pool's one connection, after the load's transaction
            assert conn.scalar(show) == default


def test_prepared_batch_stored_after_others_wrote_keeps_each_text_once(store, store_url, tmp_path):
    """A load prepares the next batch while the one before is written: what the store holds by the
    time the prepared batch is written wins. An article stored meanwhile is left out, and one whose
    id another text took meanwhile is stored under its hashed id, as ``add_tables`` would do then."""
    import dataclasses

    items = _items()
    prepared = store.prepare_tables(_batch(items))
    stored, taken = items[0], items[1]
    other = dataclasses.replace(taken[0], text=taken[0].text + " A different text under the same id.")
    assert store.add_batch([stored, (other, taken[1])]) == 2
    assert store.add_prepared(prepared) == 2
    with _twin(store_url, tmp_path) as url, Store(url) as direct:
        assert direct.add_batch([stored, (other, taken[1])]) == 2
        assert direct.add_tables(_batch(_items())) == 2
        assert _rows(store) == _rows(direct)
    ids = {row[0] for row in _rows(store)["articles"]}
    assert f"{taken[0].id}~{Store.content_hash(taken[0].text)[:8]}" in ids


def _bad_mention(conn) -> None:
    """An entity mention of a stored article that names no entity."""
    conn.execute(m.EntityMention.__table__.insert().values(
        article_id=conn.scalar(select(m.Article.id).limit(1)), entity_id=10**9, position=99, local_id="e99",
        kind="PERSON", name="Nobody", spans=[[0, 1]]))


@pytest.mark.postgres
def test_keys_checked_after_the_rows_refuse_a_key_that_names_no_row(pg_database):
    """Into a large store the load's child rows go in with the per-row key triggers off, and every
    key of the new rows is checked at the end: one naming no row fails the batch, stores nothing."""
    from sqlalchemy import text

    from saywho.errors import StoreError
    from saywho.store.arrow_rows import NEW_ROW_MARKS

    reset_database(pg_database)
    with Store(pg_database) as store:
        assert store.add_tables(_batch(_items())) == 3
        before = _rows(store)
        with store.engine.begin() as conn:  # rows that are right pass
            with deferred.keys_checked_after(conn, NEW_ROW_MARKS):
                assert conn.scalar(text("SHOW session_replication_role")) == "replica"
            assert conn.scalar(text("SHOW session_replication_role")) == "origin"
        with pytest.raises(StoreError, match=r"entity_mentions\.entity_id = 1000000000, which names no row of entities"):
            with store.engine.begin() as conn, deferred.keys_checked_after(conn, NEW_ROW_MARKS):
                _bad_mention(conn)
        assert _rows(store) == before


@pytest.mark.postgres
def test_a_role_that_may_not_turn_triggers_off_loads_with_them(pg_database, tmp_path, monkeypatch):
    """A store owner who is not a superuser cannot set session_replication_role: the keys are then
    checked by PostgreSQL's own triggers, row by row, and the load stores the same rows."""
    import uuid

    import psycopg
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from saywho.store.arrow_rows import NEW_ROW_MARKS

    server = pg_database.rsplit("/", 1)[0]
    role = f"saywho_test_owner_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN')
    try:
        with postgres_test_database(server) as url:
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'ALTER DATABASE "{url.rsplit("/", 1)[1]}" OWNER TO "{role}"')
                admin.execute(f'ALTER SCHEMA public OWNER TO "{role}"')
            owned = url.replace("postgres@", f"{role}@", 1)
            monkeypatch.setattr(deferred, "worth_deferring", lambda *args: False)
            with Store(owned) as store, _twin(store_url=pg_database, tmp_path=tmp_path) as twin, Store(twin) as normal:
                assert _fill_tables(store, odd_figures=True) == _fill(normal, bulk=False, odd_figures=True) == [1, 2, 0]
                assert _rows(store) == _rows(normal)
                with pytest.raises(IntegrityError, match="violates foreign key constraint"):
                    with store.engine.begin() as conn, deferred.keys_checked_after(conn, NEW_ROW_MARKS):
                        assert conn.scalar(text("SHOW session_replication_role")) == "origin"
                        _bad_mention(conn)
                if _server_version(admin_url=f"{server}/postgres") >= 150000:  # the right granted, as the docs say
                    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                        admin.execute(f'GRANT SET ON PARAMETER session_replication_role TO "{role}"')
                    with store.engine.begin() as conn, deferred.keys_checked_after(conn, NEW_ROW_MARKS):
                        assert conn.scalar(text("SHOW session_replication_role")) == "replica"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            if _server_version(admin_url=f"{server}/postgres") >= 150000:
                admin.execute(f'REVOKE SET ON PARAMETER session_replication_role FROM "{role}"')
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def _server_version(admin_url: str) -> int:
    import psycopg

    with psycopg.connect(admin_url) as conn:
        return conn.info.server_version
