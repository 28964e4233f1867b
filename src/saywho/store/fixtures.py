"""A small hand-built corpus for tests and docs (as datasette ships its fixtures), plus a
throw-away PostgreSQL database helper for tests.

The records are written by hand, not extracted, so that tests of the store, queries, exports and
the web app do not move when the extractor improves. Three outlets, one speaker quoted under
two spellings ("Robert Farley", "Robert J. Farley"), a different person with the same surname
("Jane Farley"), an outlet chain, a nested attribution, quantities and an unresolved pronoun.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from typing import Any

from ..articles import Article
from ..errors import StoreError
from ..records import Attribution, Entity, Quantity, Result, Speaker, TextSpans, Via

GRIFFITHS = (
    "North Korea has played a crucial role in sustaining Russia's war against Ukraine, says Hugh Griffiths, "
    "senior researcher at the Stockholm International Peace Research Institute, according to Radio Free "
    "Europe/Radio Liberty. Pyongyang has supplied up to 50% of Moscow's war needs, Griffiths said."
)
FARLEY = (
    '"North Korea has sent millions of artillery shells to Russia. Ukrainians at the front have reported '
    'that many of the shells fail to explode," said Robert Farley, a professor at the University of Kentucky, '
    "in 19FortyFive."
)
REUTERS = (
    "Robert J. Farley, senior lecturer at the Patterson School, said artillery shells from North Korea kept "
    "Russia's offensive going. Jane Farley, a spokeswoman for the State Department, said the United States "
    "was watching closely. He said nothing more."
)


def _at(text: str, phrase: str, start: int = 0) -> tuple[int, int]:
    begin = text.index(phrase, start)
    return (begin, begin + len(phrase))


def _piece(text: str, phrase: str | None) -> TextSpans | None:
    return TextSpans(phrase, [_at(text, phrase)]) if phrase else None


def _mentions(text: str, *phrases: str) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        start = 0
        while (found := text.find(phrase, start)) >= 0:
            spans.append((found, found + len(phrase)))
            start = found + len(phrase)
    return sorted(set(spans))


def _griffiths() -> tuple[Article, Result]:
    t = GRIFFITHS
    entities = [
        Entity("e1", "GPE", "North Korea", _mentions(t, "North Korea", "Pyongyang"), ["Pyongyang"]),
        Entity("e2", "GPE", "Russia", _mentions(t, "Russia", "Moscow"), ["Moscow"]),
        Entity("e3", "PERSON", "Hugh Griffiths", _mentions(t, "Hugh Griffiths", "Griffiths")),
        Entity("e4", "ORG", "Stockholm International Peace Research Institute",
               _mentions(t, "Stockholm International Peace Research Institute")),
        Entity("e5", "OUTLET", "Radio Free Europe/Radio Liberty", _mentions(t, "Radio Free Europe/Radio Liberty")),
    ]
    rfe = Via("Radio Free Europe/Radio Liberty", "according to", [_at(t, "Radio Free Europe/Radio Liberty")], "e5")
    attributions = [
        Attribution("a1", "indirect", _piece(t, "North Korea has played a crucial role in sustaining Russia's war "
                                                 "against Ukraine"),
                    cue=_piece(t, "says"), source=_piece(t, "Hugh Griffiths"),
                    speaker=Speaker("Hugh Griffiths", "e3", "senior researcher",
                                    "Stockholm International Peace Research Institute"),
                    via=[rfe], confidence=0.93),
        Attribution("a2", "indirect", _piece(t, "Pyongyang has supplied up to 50% of Moscow's war needs"),
                    cue=_piece(t, "said"), source=TextSpans("Griffiths", [_at(t, "Griffiths", t.index("needs"))]),
                    speaker=Speaker("Hugh Griffiths", "e3"), quantities=["q1"], confidence=0.88),
    ]
    quantities = [Quantity("q1", "up to 50%", None, 0.5, "share", [_at(t, "up to 50%")],
                           referent="Moscow's war needs", hedge="up to")]
    article = Article(t, id="rfe-griffiths", title="North Korea's role in Russia's war", outlet="RFE/RL",
                      published="2024-11-02", url="https://example.org/rfe-griffiths")
    return article, Result(article.id, attributions, entities, quantities, meta=article.meta())


def _farley() -> tuple[Article, Result]:
    t = FARLEY
    entities = [
        Entity("e1", "GPE", "North Korea", _mentions(t, "North Korea")),
        Entity("e2", "GPE", "Russia", _mentions(t, "Russia")),
        Entity("e3", "NORP", "Ukrainians", _mentions(t, "Ukrainians")),
        Entity("e4", "PERSON", "Robert Farley", _mentions(t, "Robert Farley")),
        Entity("e5", "ORG", "University of Kentucky", _mentions(t, "University of Kentucky")),
        Entity("e6", "OUTLET", "19FortyFive", _mentions(t, "19FortyFive")),
    ]
    content = ("North Korea has sent millions of artillery shells to Russia. Ukrainians at the front have reported "
               "that many of the shells fail to explode,")
    attributions = [
        Attribution("a1", "direct", _piece(t, content), cue=_piece(t, "said"), source=_piece(t, "Robert Farley"),
                    speaker=Speaker("Robert Farley", "e4", "professor", "University of Kentucky"),
                    via=[Via("19FortyFive", "in", [_at(t, "19FortyFive")], "e6")], quantities=["q1"]),
        Attribution("a2", "indirect", _piece(t, "that many of the shells fail to explode"),
                    cue=_piece(t, "have reported"), source=_piece(t, "Ukrainians at the front"),
                    speaker=Speaker("Ukrainians at the front", "e3"), parent="a1", confidence=0.7),
    ]
    quantities = [Quantity("q1", "millions of artillery shells", 1e6, 1e7, "artillery shells",
                           [_at(t, "millions of artillery shells")], referent="artillery shells",
                           high_inclusive=False)]
    article = Article(t, id="19fortyfive-farley", title="The shells that keep Russia firing", outlet="19FortyFive",
                      published="2024-12-01")
    return article, Result(article.id, attributions, entities, quantities, meta=article.meta())


def _reuters() -> tuple[Article, Result]:
    t = REUTERS
    entities = [
        Entity("e1", "PERSON", "Robert J. Farley", _mentions(t, "Robert J. Farley")),
        Entity("e2", "ORG", "Patterson School", _mentions(t, "Patterson School")),
        Entity("e3", "GPE", "North Korea", _mentions(t, "North Korea")),
        Entity("e4", "GPE", "Russia", _mentions(t, "Russia")),
        Entity("e5", "PERSON", "Jane Farley", _mentions(t, "Jane Farley")),
        Entity("e6", "ORG", "State Department", _mentions(t, "State Department")),
        Entity("e7", "GPE", "United States", _mentions(t, "United States")),
    ]
    attributions = [
        Attribution("a1", "indirect", _piece(t, "artillery shells from North Korea kept Russia's offensive going"),
                    cue=_piece(t, "said"), source=_piece(t, "Robert J. Farley"),
                    speaker=Speaker("Robert J. Farley", "e1", "senior lecturer", "Patterson School")),
        Attribution("a2", "indirect", _piece(t, "the United States was watching closely"),
                    cue=TextSpans("said", [_at(t, "said", t.index("State Department"))]),
                    source=_piece(t, "Jane Farley"),
                    speaker=Speaker("Jane Farley", "e5", "spokeswoman", "State Department")),
        Attribution("a3", "indirect", _piece(t, "nothing more"), cue=TextSpans("said", [_at(t, "said", t.index("He"))]),
                    source=_piece(t, "He"), speaker=Speaker("He"), confidence=0.4),
    ]
    article = Article(t, id="reuters-farley", title="Shells and statecraft", outlet="Reuters",
                      published="2025-01-15T09:30:00Z", byline="A. Reporter")
    return article, Result(article.id, attributions, entities, [], meta=article.meta())


def sample_items() -> list[tuple[Article, Result]]:
    """Three hand-built (Article, Result) pairs, fresh objects on every call."""
    return [_griffiths(), _farley(), _reuters()]


def fixture_store(url: str = ":memory:") -> Any:
    """A Store at ``url`` holding ``sample_items()`` (in memory by default)."""
    from .store import Store

    store = Store(url)
    store.add_batch(sample_items())
    store.update_claims()  # as ingest does after each batch
    return store


@contextlib.contextmanager
def postgres_test_database(server: str = "postgresql://postgres@127.0.0.1:5432") -> Iterator[str]:
    """A fresh ``saywho_test_<random>`` database on ``server``, dropped afterwards; yields its URL.

    Raises StoreError when the server cannot be reached, so that tests can skip with the reason.
    """
    import psycopg

    name = f"saywho_test_{uuid.uuid4().hex[:12]}"
    admin = f"{server}/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        raise StoreError(f"PostgreSQL at {server} is not usable: {str(exc).strip().splitlines()[0]}") from exc
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reset_database(url: str) -> None:
    """Empty a test database completely (every table, the migration record and FTS objects)."""
    from sqlalchemy import create_engine

    from .store import database_url

    engine = create_engine(database_url(url))
    try:
        with engine.begin() as conn:
            if conn.dialect.name != "postgresql":
                raise StoreError(f"reset_database empties PostgreSQL test databases only, not {conn.dialect.name}")
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()
