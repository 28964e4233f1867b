"""The shipped migrations build exactly the schema saywho.store.models describes, on both engines."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from saywho.store import Store
from saywho.store.fts import is_fts_name
from saywho.store.models import Base
from saywho.store.store import _alembic_config


def _include(name, type_, parent_names) -> bool:
    return not (name and (is_fts_name(name) or name == "alembic_version"))


def test_migrations_match_the_models(store):
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _include, "compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_create_the_full_text_index(store):
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            names = {row[0] for row in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
            assert {"attributions_fts", "attributions_fts_ai", "attributions_fts_ad", "attributions_fts_au"} <= names
        else:
            indexes = {ix["name"] for ix in inspect(conn).get_indexes("attributions")}
            assert "ix_attributions_content_fts" in indexes


def test_migrations_downgrade_and_upgrade_again(store_url):
    with Store(store_url) as store:
        config = _alembic_config()
        with store.engine.connect() as conn, conn.begin():
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        with store.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    with Store(store_url) as again:
        assert again.counts()["articles"] == 0
