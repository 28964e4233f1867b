"""The Store's write and read API on SQLite and PostgreSQL: idempotent batches, exact round-trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import saywho
from saywho import Article, Result
from saywho.errors import StoreError
from saywho.store import ArticleNotFound, Store, database_url
from saywho.store.fixtures import sample_items

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "wikinews_en.jsonl"


def test_store_add_batch_is_idempotent_and_round_trips(store):
    items = sample_items()
    assert store.add_batch(items) == 3
    assert store.add_batch(sample_items()) == 0
    assert store.counts() == {"articles": 3, "attributions": 7, "speakers": 4, "entities": 13,
                              "outlets": 3, "quantities": 2}
    for article, result in items:
        assert store.article_result(article.id).to_dict() == result.to_dict()


def test_store_get_article_keeps_text_and_meta(store):
    store.add_batch(sample_items())
    got = store.get_article("reuters-farley")
    article = sample_items()[2][0]
    assert got["text"] == article.text
    assert (got["title"], got["outlet"], got["byline"]) == ("Shells and statecraft", "Reuters", "A. Reporter")
    assert got["published"] == "2025-01-15T09:30:00Z" and got["published_date"] == "2025-01-15"
    assert got["content_hash"] == Store.content_hash(article.text)
    assert store.get_article("rfe-griffiths")["outlet"] == "Radio Free Europe/Radio Liberty"  # alias folded
    assert store.get_article("missing") is None
    with pytest.raises(ArticleNotFound, match="no article with id 'missing'"):
        store.article_result("missing")


def test_store_spans_point_into_stored_text(store):
    store.add_batch(sample_items())
    text = store.get_article("rfe-griffiths")["text"]
    for record in store.article_result("rfe-griffiths").attributions:
        for start, end in record.content.spans:
            assert text[start:end] == record.content.text


def test_store_skips_repeats_inside_one_batch_and_renames_id_clashes(store):
    article, result = sample_items()[0]
    same_text = Article(article.text.replace("\n", "\r\n") + "  \n", id="copy")
    other = Article("Someone else entirely said something, Pat Doe said.", id=article.id)
    assert store.add_batch([(article, result), (same_text, result), (other, Result(id=other.id))]) == 2
    renamed = f"{article.id}~{Store.content_hash(other.text)[:8]}"
    assert store.get_article(renamed)["text"] == other.text
    assert store.get_article("copy") is None


def test_store_known_hashes(store):
    items = sample_items()
    store.add_batch(items[:1])
    digests = [Store.content_hash(a.text) for a, _ in items]
    assert store.known_hashes(digests) == {digests[0]}
    assert store.known_hashes([]) == set()


def test_store_content_hash_normalizes_line_endings_and_outer_space():
    assert Store.content_hash("a\r\nb\rc") == Store.content_hash("  a\nb\nc\n\n")
    # Look-alike texts are one article: runs of spaces, no-break and zero-width spaces, NFD accents.
    assert Store.content_hash("a b") == Store.content_hash("a  b") == Store.content_hash("a\xa0\u200b b")
    assert Store.content_hash("Jos\u00e9") == Store.content_hash("Jose\u0301")
    assert Store.content_hash("a b") != Store.content_hash("ab")
    assert Store.content_hash("a\nb") != Store.content_hash("a b")
    assert len(Store.content_hash("x")) == 64


def test_store_merges_one_person_across_articles_but_not_namesakes(store):
    from sqlalchemy import select

    from saywho.store import models as m

    store.add_batch(sample_items())
    with store.session() as session:
        speakers = {s.key: s for s in session.scalars(select(m.Speaker))}
        farley = speakers["robert farley"]
        farley_articles = set(session.scalars(select(m.SpeakerMention.article_id)
                                              .where(m.SpeakerMention.speaker_id == farley.id)))
        roles = {(r.role, r.affiliation, r.published.isoformat()) for r in farley.roles}
    assert farley.name == "Robert Farley" and farley.kind == "PERSON"
    assert farley_articles == {"19fortyfive-farley", "reuters-farley"}
    assert roles == {("professor", "University of Kentucky", "2024-12-01"),
                     ("senior lecturer", "Patterson School", "2025-01-15")}
    assert "jane farley" in speakers  # same surname, other person: its own row
    assert not any(key in ("he", "he@reuters-farley") for key in speakers)  # unresolved pronoun: no speaker


def test_store_extracted_articles_round_trip(store):
    """Real extractor output (whatever it finds today) survives the store unchanged."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:3] if CORPUS.exists() else []
    seed = Path(__file__).resolve().parents[2] / "examples" / "seed-article.txt"
    articles = [Article(seed.read_text(encoding="utf-8"), id="seed", outlet="RFE/RL")]
    for line in lines:
        record = json.loads(line)
        articles.append(Article(record["text"], id=record["id"], title=record.get("title"),
                                outlet=record.get("outlet"), published=record.get("published")))
    items = [(a, saywho.extract(a.text, id=a.id, **a.meta())) for a in articles]
    for _, result in items:
        assert isinstance(result, Result)
    assert store.add_batch(items) == len(items)
    assert store.add_batch(items) == 0
    assert store.counts()["articles"] == len(items)
    assert store.counts()["attributions"] == sum(len(r.attributions) for _, r in items)
    for article, result in items:
        assert store.article_result(article.id).to_dict() == result.to_dict()
    _query_back(store, items)


def _query_back(store, items):
    """Whatever the extractor found can be found again: by full-text search and by its speaker."""
    from saywho import query

    records = [(article.id, a) for article, result in items for a in result.attributions]
    for article_id, record in records[:10]:
        words = [w for w in record.content.text.split() if w.isalpha() and len(w) > 3][:3]
        if words:
            found = query.search(store, " ".join(words), limit=500)
            assert (article_id, record.id) in {(c.article_id, c.local_id) for c in found}
    named = [(aid, a) for aid, a in records if a.speaker and " " in a.speaker.name and a.speaker.name.istitle()]
    for article_id, record in named[:5]:
        claims = query.speaker(store, record.speaker.name, limit=500)
        assert (article_id, record.id) in {(c.article_id, c.local_id) for c in claims}


def test_store_reopens_without_migrating_again(store_url):
    with Store(store_url) as first:
        first.add_batch(sample_items())
    with Store(store_url) as second:
        assert second.counts()["articles"] == 3


@pytest.mark.parametrize("given, expected", [
    (None, "sqlite:///saywho.db"),
    ("claims.db", "sqlite:///claims.db"),
    ("/data/claims.db", "sqlite:////data/claims.db"),
    (":memory:", "sqlite://"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
])
def test_store_database_url(given, expected):
    assert database_url(given) == expected


def test_store_errors_are_store_errors(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open"):
        Store(str(blocker / "claims.db"))
    with pytest.raises(StoreError, match="runs on SQLite or PostgreSQL, not 'mysql'"):
        Store("mysql://user:secret@host/db")
    not_a_db = tmp_path / "text.db"
    not_a_db.write_text("this is not a database" * 100)
    with pytest.raises(StoreError, match="file is not a database"):
        Store(str(not_a_db))


def test_store_refuses_a_newer_schema(tmp_path):
    path = tmp_path / "claims.db"
    Store(str(path)).close()
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer saywho"):
        Store(str(path))


def test_store_in_memory():
    with Store(":memory:") as store:
        assert store.add_batch(sample_items()) == 3
        assert store.counts()["attributions"] == 7
