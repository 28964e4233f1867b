"""The regression gate: saywho on PolNeAR dev must stay at or above the floors in tests/eval_baseline.json,
and with PolNeAR's own conventions (``--span-style polnear``) at or above those in
tests/eval_baseline_polnear_style.json.

Re-pin after an improvement with ``saywho eval $SAYWHO_POLNEAR/dev.jsonl --update-baseline``
(floors only rise; a deliberate drop needs ``--allow-regression``). The tests that run saywho on
PolNeAR dev skip, saying how to run them, where the corpus is not found (tests/conftest.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from saywho.eval import baseline as gate
from saywho.eval.harness import evaluate
from saywho.options import ExtractOptions

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "tests" / "eval_baseline.json"
POLNEAR_STYLE_BASELINE = REPO / "tests" / "eval_baseline_polnear_style.json"


@pytest.fixture(scope="module")
def pinned() -> dict:
    return gate.read_baseline(BASELINE)


def test_gate_baseline_is_well_formed(pinned):
    assert set(pinned["floors"]) == set(gate.GATED)
    assert all(0.0 <= floor <= 1.0 for floor in pinned["floors"].values())
    assert re.fullmatch(r"[0-9a-f]{64}", pinned["sha256"]) and pinned["system"] == "saywho"
    assert all(pinned["floors"][level] <= pinned["measured"][level] for level in gate.GATED)


def test_gate_baseline_was_set_on_this_dev_file(pinned, polnear_dev):
    assert gate.sha256_file(polnear_dev) == pinned["sha256"], "dev.jsonl changed: re-pin with --update-baseline --allow-regression"


@pytest.mark.slow
def test_gate_saywho_holds_its_floors_on_polnear_dev(pinned, polnear_dev):
    scores = evaluate(polnear_dev, systems=["saywho"]).scores["saywho"]
    result = gate.check(pinned, scores, sha256=gate.sha256_file(polnear_dev))
    assert result.ok, "saywho regressed on PolNeAR dev: " + "; ".join(result.regressions)


@pytest.mark.slow
def test_gate_polnear_style_holds_its_floors_on_polnear_dev(polnear_dev):
    pinned = gate.read_baseline(POLNEAR_STYLE_BASELINE)
    options = ExtractOptions.defaults().updated(span_style="polnear")
    scores = evaluate(polnear_dev, systems=["saywho"], options=options).scores["saywho"]
    result = gate.check(pinned, scores, sha256=gate.sha256_file(polnear_dev), span_style="polnear")
    assert result.ok, "saywho's PolNeAR style regressed on PolNeAR dev: " + "; ".join(result.regressions)
