"""Content hashes over the normal form: look-alike copies (NFD accents, no-break or repeated spaces) are one article.

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-30

Stores written before hash ``text`` with only line endings and outer white space normalized.
This recomputes every article's hash with ``saywho.store.keys.content_hash``, so that ingesting
the same files again after the upgrade finds them stored. Where two stored articles now share a
hash (look-alike copies stored twice before), the one with the smaller id keeps it and the other
keeps its old hash: nothing is deleted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PAGE = 500


def _old_hash(text: str) -> str:
    """The content hash of schema 0001: line endings as \\n, outer white space stripped."""
    normalized = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def _rehash(hash_of: Callable[[str], str]) -> None:
    conn = op.get_bind()
    select_page = sa.text("SELECT id, text, content_hash FROM articles WHERE id > :last ORDER BY id LIMIT :page")
    taken = sa.text("SELECT 1 FROM articles WHERE content_hash = :digest")
    update = sa.text("UPDATE articles SET content_hash = :digest WHERE id = :id")
    last = ""
    while rows := conn.execute(select_page, {"last": last, "page": _PAGE}).all():
        for article_id, text, stored in rows:
            digest = hash_of(text)
            if digest != stored and conn.execute(taken, {"digest": digest}).first() is None:
                conn.execute(update, {"digest": digest, "id": article_id})
        last = rows[-1][0]


def upgrade() -> None:
    from saywho.store.keys import content_hash

    _rehash(content_hash)


def downgrade() -> None:
    _rehash(_old_hash)
