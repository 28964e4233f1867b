"""Merge keys: the same person under name variants merges, a namesake or a description does not."""

from __future__ import annotations

import pytest

from saywho.store.keys import canonical_outlet, content_hash, parse_date, speaker_key


@pytest.mark.parametrize("a, b", [
    ("Robert Farley", "Robert J. Farley"),
    ("Robert Farley", "robert  farley"),
    ("Robert Farley", "Dr. Robert Farley"),
    ("José Álvarez", "Jose Alvarez"),
    ("Hugh Griffiths", "Hugh Griffiths’s"),
    ("Mary-Jane O'Neil", "Mary-Jane O’Neil"),
])
def test_keys_same_person_merges(a, b):
    assert speaker_key(a, "PERSON", "art-1") == speaker_key(b, "PERSON", "art-2") is not None


@pytest.mark.parametrize("a, b", [
    ("Robert Farley", "Jane Farley"),
    ("Robert Farley", "Bob Farley"),  # nicknames are not guessed
    ("Robert Farley", "Farley"),
    ("Robert Farley", "Robert Farley Jr."),
])
def test_keys_different_people_do_not_merge(a, b):
    assert speaker_key(a, "PERSON", "art-1") != speaker_key(b, "PERSON", "art-1")


def test_keys_surname_alone_stays_in_its_article():
    assert speaker_key("Farley", "PERSON", "art-1") != speaker_key("Farley", "PERSON", "art-2")
    assert speaker_key("Pierce", "ORG", "art-1") != speaker_key("Pierce", "ORG", "art-2")  # spaCy's surname-as-ORG
    assert speaker_key("NATO", "ORG", "art-1") == speaker_key("NATO", "ORG", "art-2")
    assert speaker_key("Russia", "GPE", "art-1") == speaker_key("Russia", "GPE", "art-2")
    assert speaker_key("World Health Organization", "ORG", "a") == speaker_key("World Health Organization", "ORG", "b")


@pytest.mark.parametrize("name", ["he", "She", "they", "", "  ", "officials", "The researchers", "a judge",
                                  "The vice president"])
def test_keys_pronouns_and_unlinked_descriptions_get_no_speaker(name):
    assert speaker_key(name, None, "art-1") is None


def test_keys_unlinked_proper_name_still_merges():
    assert speaker_key("Brian Hook", None, "a") == speaker_key("Brian Hook", "PERSON", "b") == "brian hook"


def test_keys_outlet_aliases_fold_to_the_canonical_name():
    assert canonical_outlet("RFE/RL") == canonical_outlet("Radio Free Europe/Radio Liberty")
    assert canonical_outlet("the Associated Press")[1] == "Associated Press"
    assert canonical_outlet("Daily Planet") == ("daily planet", "Daily Planet")


@pytest.mark.parametrize("given, expected", [
    ("2024-11-02", "2024-11-02"), ("2025-01-15T09:30:00Z", "2025-01-15"), ("2025-01-15 23:00:00+05:00", "2025-01-15"),
    ("yesterday", None), (None, None), ("", None),
])
def test_keys_parse_date(given, expected):
    parsed = parse_date(given)
    assert (parsed.isoformat() if parsed else None) == expected


def test_keys_content_hash_is_sha256_hex():
    assert content_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
