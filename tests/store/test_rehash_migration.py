"""Migration 0005: stores written before get normal-form content hashes, so re-ingesting finds look-alikes."""

from __future__ import annotations

import unicodedata

from alembic import command
from sqlalchemy import select

from saywho.articles import Article
from saywho.store import Store, models
from saywho.store.fixtures import sample_items
from saywho.store.store import _alembic_config

NFD = unicodedata.normalize("NFD", "José  Núñez said the port would stay open.")


def hashes(store: Store) -> dict[str, str]:
    with store.session() as session:
        return dict(session.execute(select(models.Article.id, models.Article.content_hash)).all())


def test_rehash_migration_moves_old_hashes_to_the_normal_form(store_url):
    (_, result), *_ = sample_items()
    with Store(store_url) as store:
        store.add_batch([(Article(text=NFD, id="nfd"), result)])
        config = _alembic_config()
        with store.engine.connect() as conn, conn.begin():
            config.attributes["connection"] = conn
            command.downgrade(config, "0001")
        old = hashes(store)["nfd"]
        assert old != Store.content_hash(NFD)  # the 0001 hash: NFD and double spaces kept
    with Store(store_url) as upgraded:
        assert hashes(upgraded)["nfd"] == Store.content_hash(NFD)
        assert upgraded.known_hashes([Store.content_hash(unicodedata.normalize("NFC", NFD))])
