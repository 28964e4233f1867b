"""Alembic environment for saywho's store: runs on the connection Store passes in, online only."""

from __future__ import annotations

from alembic import context

from saywho.store.fts import is_fts_name
from saywho.store.models import Base

target_metadata = Base.metadata


def _include_name(name, type_, parent_names) -> bool:
    """Leave the full-text tables and indexes out of autogenerate comparisons: migrations own them."""
    return not (name and is_fts_name(name))


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("saywho migrations run through saywho.store.Store, which passes a connection")
    context.configure(connection=connection, target_metadata=target_metadata, include_name=_include_name,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("saywho migrations run online only, through saywho.store.Store")
run_migrations_online()
