"""The claims store: extracted articles in SQLite or PostgreSQL, with corpus-wide speakers,
entities and outlets, full-text search over what was said, and schema migrations shipped inside.

    from saywho.store import Store
    with Store("claims.db") as store:
        store.add_batch([(article, saywho.extract(article.text))])
"""

from __future__ import annotations

from .keys import content_hash
from .store import DEFAULT_URL, ArticleNotFound, Store, database_url

__all__ = ["DEFAULT_URL", "ArticleNotFound", "Store", "content_hash", "database_url"]
