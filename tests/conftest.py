"""Fixtures shared by the whole suite (one root conftest, as in spaCy)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_TEXT = REPO / "examples" / "seed-article.txt"
SEED_GOLD = REPO / "examples" / "seed-gold.json"
# PolNeAR is external data (publishers' texts, research use): the folder holding its train.jsonl
# and dev.jsonl is $SAYWHO_POLNEAR, else ../shared/data/polnear beside the checkout.
POLNEAR = Path(os.environ.get("SAYWHO_POLNEAR") or REPO.parent / "shared" / "data" / "polnear")


@pytest.fixture(scope="session")
def nlp():
    from saywho.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def polnear_dev() -> Path:
    """PolNeAR dev, for the tests over the whole corpus; they skip, saying how to run them, without it."""
    dev = POLNEAR / "dev.jsonl"
    if not dev.is_file():
        pytest.skip(f"PolNeAR dev not found at {dev}: set SAYWHO_POLNEAR to the folder holding PolNeAR's "
                    "dev.jsonl to run this test (docs/accuracy.md, 'Data')")
    return dev


@pytest.fixture(scope="session")
def seed_result(seed_text):
    import saywho

    return saywho.extract(seed_text, id="seed")


@pytest.fixture(scope="module")
def pg_url():
    """A PostgreSQL database of this test module's own, dropped afterwards."""
    from saywho.errors import StoreError
    from saywho.store.fixtures import postgres_test_database

    try:
        with postgres_test_database() as url:
            yield url
    except StoreError as exc:
        pytest.skip(f"PostgreSQL server unreachable: {exc}")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path_factory):
    """A store holding saywho.store.fixtures' hand-built records, on SQLite and on PostgreSQL
    (tests/store/ has its own, emptied before each test)."""
    from saywho.store.fixtures import fixture_store

    url = str(tmp_path_factory.mktemp("claims") / "claims.db") if request.param == "sqlite" \
        else request.getfixturevalue("pg_url")
    opened = fixture_store(url)
    yield opened
    opened.close()


# Hand-written articles in PolNeAR's JSONL form, for the model and training tests (PolNeAR itself
# is external data). "[C2 said]" marks the cue of attribution 2; S is its source, T its content.
MARKED_ARTICLES = [
    "[T1 The economy is in trouble], [S1 Senator Jane Smith] [C1 said] on Tuesday.\n\n"
    "[S2 She] [C2 added] that [T2 voters deserve better from the city council].",
    "[S1 The mayor] [C1 said] [T1 the bridge would reopen in May].\n\n"
    "[T2 Repairs are on schedule], [S2 a spokesman for the city] [C2 said].\n\n"
    "Traffic was heavy on Monday.",
    "[S1 Officials] [C1 said] [T1 the talks had collapsed after two days].\n\n"
    "[C2 According to] [S2 the ministry], [T2 no new meeting has been set].",
    "[T1 We will not give up], [S1 the union leader] [C1 said].\n\n"
    "[S2 Workers] [C2 told] reporters [T2 they would strike again next week].\n\n"
    "[S3 The company] [C3 said] [T3 it had offered a fair deal].",
    "[S1 Police] [C1 said] [T1 two people were hurt in the crash].\n\n"
    "[T2 The road will stay closed overnight], [S2 they] [C2 said].",
]


def polnear_record(number: int, marked: str) -> dict:
    """One marked article as a PolNeAR JSONL record (character offsets, end-exclusive)."""
    import re

    text, quotes, at = "", {}, 0
    for match in re.finditer(r"\[([SCT])(\d) ([^\]]+)\]|[^\[]+", marked):
        if match.group(1) is None:
            text += match.group(0)
            continue
        role, quote, words = match.groups()
        key = {"S": "speaker_spans", "C": "cue_spans", "T": "content_spans"}[role]
        quotes.setdefault(quote, {"speaker_spans": [], "cue_spans": [], "content_spans": []})[key].append(
            [len(text), len(text) + len(words)])
        text += words
    return {"id": f"fixture-{number}", "split": "train", "text": text, "quotes": list(quotes.values())}


@pytest.fixture(scope="session")
def polnear_file(tmp_path_factory) -> Path:
    """MARKED_ARTICLES as a PolNeAR-style JSONL file."""
    path = tmp_path_factory.mktemp("polnear") / "articles.jsonl"
    lines = [json.dumps(polnear_record(n, marked)) for n, marked in enumerate(MARKED_ARTICLES, start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
