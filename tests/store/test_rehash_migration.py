"""Migration 0005: stores written before get normal-form content hashes, so re-ingesting finds look-alikes.

The migration's own upgrade and downgrade run here on a store holding a hash written the old way
(the chain around it may hold other migrations, so it is run by itself, through Alembic's ``op``).
"""

from __future__ import annotations

import hashlib
import importlib.resources
import importlib.util
import unicodedata

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, update

from saywho.articles import Article
from saywho.store import Store, models
from saywho.store.fixtures import sample_items

NFD = unicodedata.normalize("NFD", "José  Núñez said the port would stay open.")
OLD = hashlib.sha256(NFD.strip().encode("utf-8")).hexdigest()  # the hash of schema 0001: NFD, two spaces kept


def migration():
    import saywho.store

    path = next(p for p in (importlib.resources.files(saywho.store) / "migrations" / "versions").iterdir()
                if p.name.startswith("0005_"))
    spec = importlib.util.spec_from_file_location("rehash_0005", str(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(store: Store, step: str) -> None:
    with store.engine.connect() as conn, conn.begin():
        with Operations.context(MigrationContext.configure(conn)):
            getattr(migration(), step)()


def stored_hash(store: Store) -> str:
    with store.session() as session:
        return session.scalar(select(models.Article.content_hash).where(models.Article.id == "nfd"))


def test_rehash_migration_moves_old_hashes_to_the_normal_form(store_url):
    (_, result), *_ = sample_items()
    with Store(store_url) as store:
        store.add_batch([(Article(text=NFD, id="nfd"), result)])
        with store.engine.begin() as conn:
            conn.execute(update(models.Article).where(models.Article.id == "nfd").values(content_hash=OLD))
        run(store, "upgrade")
        assert stored_hash(store) == Store.content_hash(NFD) != OLD
        assert store.known_hashes([Store.content_hash(unicodedata.normalize("NFC", NFD))])
        run(store, "downgrade")
        assert stored_hash(store) == OLD
