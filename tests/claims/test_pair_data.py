"""The labelled pair files and the paraphrase sampler (``scripts/sample_claim_pairs.py --by-meaning``)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
DEV = REPO.parent / "shared" / "data" / "polnear" / "dev.jsonl"
TRAIN_FILES = ("polnear_claim_pairs.jsonl", "polnear_claim_pairs_second.jsonl", "polnear_paraphrase_pairs.jsonl",
               "polnear_paraphrase_pairs_second.jsonl")
PAIR_FILES = (*TRAIN_FILES, "polnear_dev_claim_pairs.jsonl", "polnear_dev_claim_pairs_second.jsonl")
SECOND_LABELLINGS = {"polnear_claim_pairs.jsonl": "polnear_claim_pairs_second.jsonl",
                     "polnear_paraphrase_pairs.jsonl": "polnear_paraphrase_pairs_second.jsonl",
                     "polnear_dev_claim_pairs.jsonl": "polnear_dev_claim_pairs_second.jsonl"}


def _sampler():
    spec = importlib.util.spec_from_file_location("sample_claim_pairs", REPO / "scripts" / "sample_claim_pairs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pairs(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", PAIR_FILES)
def test_pair_files_are_labelled_pairs_across_two_articles(name):
    pairs = _pairs(name)
    assert [p["pair"] for p in pairs] == list(range(len(pairs)))
    for pair in pairs:
        assert pair["label"] in {"same", "different"}
        assert pair["a"]["article"] != pair["b"]["article"] and pair["a"]["text"] and pair["b"]["text"]


def test_paraphrase_pairs_are_drawn_by_meaning_with_few_shared_words():
    sampler = _sampler()
    pairs = _pairs("polnear_paraphrase_pairs.jsonl")
    assert len(pairs) == 120 and {p["stratum"] for p in pairs} <= set(sampler.COSINE_STRATA)
    for pair in pairs:
        words = [frozenset(sampler.claim_words(pair[side]["text"])) for side in "ab"]
        assert min(map(len, words)) >= sampler.MIN_WORDS and sampler.jaccard(*words) < 0.35


@pytest.mark.skipif(not DEV.exists(), reason="PolNeAR dev is not in ../shared")
def test_train_pair_files_hold_nothing_from_dev():
    dev = {json.loads(line)["id"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()}
    for name in TRAIN_FILES:
        assert not {p[side]["article"] for p in _pairs(name) for side in "ab"} & dev


@pytest.mark.parametrize("first", SECOND_LABELLINGS)
def test_a_second_labelling_holds_the_same_pairs_labelled_blind(first):
    firsts, seconds = _pairs(first), _pairs(SECOND_LABELLINGS[first])
    assert [(p["pair"], p["a"], p["b"]) for p in seconds] == [(p["pair"], p["a"], p["b"]) for p in firsts]
    assert all(p["annotator"] == "second, blind" for p in seconds)


def test_close_pairs_keep_close_meaning_in_other_words_across_articles():
    sampler = _sampler()
    texts = [("a1", "the senator will vote against the budget bill tomorrow"),
             ("a2", "lawmaker plans to oppose spending legislation next day"),  # other words, same meaning
             ("a2", "the governor signed a law on school lunches"),
             ("a1", "lawmaker plans to oppose spending legislation next day, aides say"),  # same article as 0
             ("a3", "the senator will vote against the budget bill tomorrow")]  # same text as 0: a reprint
    items = [{"article": a, "text": t, "words": frozenset(sampler.claim_words(t))} for a, t in texts]
    vectors = np.array([[1, 0.1, 0], [1, 0.2, 0], [0, 0, 1], [1, 0.15, 0], [1, 0.1, 0]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    found = sampler.close_pairs(items, vectors, floor=0.6, max_jaccard=0.35, block=2)
    # 0-1, 1-4, 3-4: close, few shared words; 0-3: one article; 0-4: one text; 1-3: most words shared;
    # 2: far in meaning
    assert set(found) == {(0, 1), (1, 4), (3, 4)}
    assert all(0.99 < c <= 1.0 for c in found.values())
    assert not sampler.close_pairs(items, vectors, floor=0.6, max_jaccard=0.0)
