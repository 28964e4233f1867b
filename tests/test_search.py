"""The search query language: one parser, the same answers on SQLite and PostgreSQL (the ``store`` fixture)."""

from __future__ import annotations

import pytest

from saywho import query
from saywho.errors import InputError
from saywho.store.search_syntax import parse


def found(store, text):
    return sorted(f"{c.article_id}/{c.local_id}" for c in query.search(store, text))


@pytest.mark.parametrize("text, understood", [
    ("police fire", "police fire"),
    ("police or fire", "police OR fire"),
    ("police OR fire | smoke", "police OR fire OR smoke"),
    ("budget cuts OR savings", "budget cuts OR savings"),
    ('"artillery shells" -crab -"fire brigade"', '"artillery shells" -crab -"fire brigade"'),
    ("the police and the fire", "police fire"),  # common words are left out
    ("well-known U.S.", '"well known" "u s"'),
    ("NEAR(shells) content_text:* AND", '"near shells" "content text"'),  # never engine syntax
    ('x "unclosed phrase', 'x "unclosed phrase"'),
    ("or police OR", "police"),
    ("self-defence", '"self defence"'),
])
def test_search_syntax_parses(text, understood):
    assert parse(text).text() == understood


@pytest.mark.parametrize("text, message", [
    ("and", "no words to look for"),
    ("the OR of", "no words to look for"),
    ("-fire", "only excludes"),
    ('-"fire brigade" -smoke', "only excludes"),
    ("?!", "no words to look for"),
])
def test_search_syntax_refuses_nothing_to_look_for(text, message):
    with pytest.raises(InputError, match=message):
        parse(text)


@pytest.mark.parametrize("text, expected", [
    ("artillery shells", ["19fortyfive-farley/a1", "reuters-farley/a1"]),
    ("shell", ["19fortyfive-farley/a1", "19fortyfive-farley/a2", "reuters-farley/a1"]),  # stems
    ('"shells fail to explode"', ["19fortyfive-farley/a1", "19fortyfive-farley/a2"]),
    ('"explode fail"', []),
    ("pyongyang OR watching", ["reuters-farley/a2", "rfe-griffiths/a2"]),
    ("pyongyang or watching", ["reuters-farley/a2", "rfe-griffiths/a2"]),
    ("russia OR moscow war", ["rfe-griffiths/a1", "rfe-griffiths/a2"]),  # OR binds tighter than AND
    ("shells -explode", ["reuters-farley/a1"]),
    ('korea -"artillery shells"', ["rfe-griffiths/a1"]),
    ("the shells and the russia", ["19fortyfive-farley/a1", "reuters-farley/a1"]),  # "and", "the" left out
    ("NEAR(shells) OR content_text:*", []),
])
def test_search_means_the_same_on_both_stores(store, text, expected):
    assert found(store, text) == expected


@pytest.mark.parametrize("text", ["and", "-shells", "the"])
def test_search_refuses_the_same_on_both_stores(store, text):
    with pytest.raises(InputError):
        query.search(store, text)
