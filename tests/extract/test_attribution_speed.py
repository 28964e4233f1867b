"""Attribution rules cost little next to the spaCy pass they run on (the budget is 25% on top)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from saywho.extract.attributions import find_attributions
from saywho.options import ExtractOptions

POLNEAR = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "polnear"


def test_attribution_rules_cost_under_a_quarter_of_spacy(nlp, seed_text):
    dev = POLNEAR / "dev.jsonl"
    if dev.exists():
        with dev.open(encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for _, line in zip(range(20), lines)]
    else:
        texts = [seed_text] * 10
    start = time.perf_counter()
    docs = list(nlp.pipe(texts))
    spacy_s = time.perf_counter() - start
    options = ExtractOptions.defaults()
    start = time.perf_counter()
    for doc in docs:
        find_attributions(doc, [], options=options)
    rules_s = time.perf_counter() - start
    assert rules_s < 0.25 * spacy_s, f"rules {rules_s:.2f}s vs spaCy {spacy_s:.2f}s"
