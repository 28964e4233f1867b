"""The claims store: extracted articles in SQLite or PostgreSQL, with corpus-wide speakers,
entities and outlets, full-text search over what was said, and schema migrations shipped inside.

    from saywho.store import Store
    with Store("claims.db") as store:
        store.add_batch([(article, saywho.extract(article.text))])

``Store`` and its companions are imported on first use: code that needs only the store's keys
(``saywho.store.keys``: content hashes and dates, as the Spark job's workers do) does not pay for
SQLAlchemy and Alembic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .keys import content_hash

if TYPE_CHECKING:
    from .store import DEFAULT_URL, ArticleNotFound, Store, database_url

__all__ = ["DEFAULT_URL", "ArticleNotFound", "Store", "content_hash", "database_url"]
_LAZY = {"DEFAULT_URL", "ArticleNotFound", "Store", "database_url"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
