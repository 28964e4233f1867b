"""Resolved records: `saywho eval` on gold in the seed's format, its agreement with the Wikinews dev
set's reference scorer, and the regression gate pinned in tests/eval_baseline_resolved.json.

The reference-scorer and gate tests need ../shared/data/wikinews_dev beside the checkout and skip
without it; the metric itself is tested on a small hand-made gold set here.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from saywho.eval import baseline as gate
from saywho.eval.resolved import evaluate_resolved, fold_name, is_resolved_gold, load_resolved_gold, score_resolved

REPO = Path(__file__).resolve().parents[2]
DEV_DIR = REPO / ".." / "shared" / "data" / "wikinews_dev"
DEV = DEV_DIR / "wikinews_dev.jsonl"
BASELINE = REPO / "tests" / "eval_baseline_resolved.json"

TEXT = "The mayor, Jane Roe, said the bridge would reopen. Roe told CNN that repairs cost $2 million."


def _gold() -> dict:
    first = TEXT.index("the bridge")
    second = TEXT.index("repairs")
    return {"id": "t1", "text": TEXT, "quotes": [
        {"content": "the bridge would reopen", "content_span": [first, first + 23], "speaker": "Jane Roe",
         "type": "indirect", "role": "mayor"},
        {"content": "repairs cost $2 million", "content_span": [second, second + 23], "speaker": "Jane Roe",
         "type": "indirect", "via": ["CNN"]},
    ]}


def test_folding_ignores_case_accents_apostrophes_and_articles():
    assert fold_name("The  Erdoğan’s office") == fold_name("erdogan's office")
    assert fold_name(None) == ""


def test_hand_made_gold_scores_every_figure(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(_gold()) + "\n", encoding="utf-8")
    assert is_resolved_gold(path)
    gold = load_resolved_gold(path)
    prediction = {"attributions": [
        {"id": "a1", "type": "indirect", "content": {"spans": [[TEXT.index("the bridge"), TEXT.index("reopen") + 6]]},
         "speaker": {"name": "Jane Roe", "role": "mayor"}, "via": []},
        {"id": "a2", "type": "indirect", "content": {"spans": [[TEXT.index("repairs"), len(TEXT) - 1]]},
         "speaker": {"name": "Roe"}, "via": [{"name": "CNN"}]},
        {"id": "a3", "type": "direct", "content": {"spans": [[0, 9]]}, "speaker": {"name": "x"}, "via": []},
    ]}
    scores = score_resolved(gold, {"t1": prediction})
    assert (scores.gold, scores.predicted, scores.matched) == (2, 3, 2)
    assert scores.share("speaker") == 0.5 and scores.share("via") == 1.0 and scores.share("role") == 1.0
    kinds = sorted(e["kind"] for e in scores.errors)
    assert kinds == ["false alarm", "speaker"]


def test_seed_gold_json_names_its_article_file(tmp_path):
    (tmp_path / "article.txt").write_text(TEXT, encoding="utf-8")
    seed = {"article": "article.txt", "quotes": _gold()["quotes"]}
    (tmp_path / "gold.json").write_text(json.dumps(seed, indent=1), encoding="utf-8")
    assert is_resolved_gold(tmp_path / "gold.json")
    assert load_resolved_gold(tmp_path / "gold.json")[0].text == TEXT


@pytest.mark.slow
def test_saywho_eval_agrees_with_the_reference_scorer(tmp_path):
    if not (DEV_DIR / "score.py").exists():
        pytest.skip("the Wikinews dev set is not beside this checkout (../shared/data/wikinews_dev)")
    wrapper = tmp_path / "saywho"
    wrapper.write_text(f"#!/bin/sh\nexec {sys.executable} -m saywho.cli.main \"$@\"\n")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "SHOW_MISSES": "0"}
    reference = subprocess.run([sys.executable, str(DEV_DIR / "score.py"), str(wrapper), str(DEV)],
                               capture_output=True, text=True, env=env, timeout=900).stdout.strip().splitlines()[-1]
    ours = evaluate_resolved(DEV).figures()
    expected = (f"attribution P/R/F1 {100 * ours['precision']:.1f}/{100 * ours['recall']:.1f}/{100 * ours['f1']:.1f}"
                f" (382 gold); speaker {100 * ours['speaker']:.1f}% of matched; via {100 * ours['via']:.1f}%")
    assert reference.startswith(expected), (reference, expected)
    floors = gate.read_baseline(BASELINE)
    result = gate.check(floors, {k: ours[k] for k in gate.RESOLVED_GATED}, sha256=gate.sha256_file(DEV))
    assert result.ok, "saywho regressed on the Wikinews dev set: " + "; ".join(result.regressions)


def test_resolved_baseline_is_well_formed():
    pinned = gate.read_baseline(BASELINE)
    assert set(pinned["floors"]) == set(gate.RESOLVED_GATED)
    assert all(pinned["floors"][k] <= pinned["measured"][k] for k in gate.RESOLVED_GATED)
