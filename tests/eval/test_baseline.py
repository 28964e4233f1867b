"""The regression gate's floors: raised by updates, never lowered without permission."""

from __future__ import annotations

import pytest

from saywho.errors import EvalError
from saywho.eval import Counts, RoleScores, Scores
from saywho.eval import baseline as gate


def scores_at(f1: float) -> Scores:
    """Scores whose exact F1 (and attribution F1) is ``f1`` for every role: P = R = f1 over 1000 items."""
    hits = round(1000 * f1)
    counts = Counts(gold=1000, predicted=1000, found=hits, correct=hits)
    return Scores(roles={r: RoleScores(counts, counts) for r in ("source", "cue", "content")}, attribution=counts)


def test_baseline_first_update_sets_floors_below_measured():
    data, changes = gate.update(None, scores_at(0.5), sha256="abc", system="saywho", gold="dev.jsonl")
    assert data["floors"] == {"source": 0.49, "cue": 0.49, "content": 0.49, "attribution": 0.49}
    assert data["sha256"] == "abc" and data["measured"]["cue"] == 0.5 and len(changes) == 4


def test_baseline_update_raises_floors_but_never_lowers_them():
    first, _ = gate.update(None, scores_at(0.5), sha256="abc", system="saywho", gold="dev.jsonl")
    higher, _ = gate.update(first, scores_at(0.6), sha256="abc", system="saywho", gold="dev.jsonl")
    assert higher["floors"]["content"] == 0.59
    within_margin, changes = gate.update(higher, scores_at(0.595), sha256="abc", system="saywho", gold="dev.jsonl")
    assert within_margin["floors"]["content"] == 0.59 and changes == []
    with pytest.raises(EvalError, match="below its floor 0.5900; pass --allow-regression"):
        gate.update(higher, scores_at(0.4), sha256="abc", system="saywho", gold="dev.jsonl")
    lowered, _ = gate.update(higher, scores_at(0.4), sha256="abc", system="saywho", gold="dev.jsonl",
                             allow_regression=True)
    assert lowered["floors"]["source"] == 0.39


def test_baseline_check_reports_each_regression():
    data, _ = gate.update(None, scores_at(0.5), sha256="abc", system="saywho", gold="dev.jsonl")
    assert gate.check(data, scores_at(0.495), sha256="abc").ok
    result = gate.check(data, scores_at(0.3), sha256="abc")
    assert not result.ok and len(result.regressions) == 4
    assert "source F1 0.3000 is below its floor 0.4900" in result.regressions


def test_baseline_refuses_other_gold_data():
    data, _ = gate.update(None, scores_at(0.5), sha256="abc", system="saywho", gold="dev.jsonl")
    with pytest.raises(EvalError, match="floors were set on other data"):
        gate.check(data, scores_at(0.5), sha256="def")
    with pytest.raises(EvalError, match="pass --allow-regression to re-pin"):
        gate.update(data, scores_at(0.5), sha256="def", system="saywho", gold="dev.jsonl")
    repinned, _ = gate.update(data, scores_at(0.2), sha256="def", system="saywho", gold="dev.jsonl",
                              allow_regression=True)
    assert repinned["sha256"] == "def" and repinned["floors"]["cue"] == 0.19


def test_baseline_of_a_span_style_gates_only_that_style():
    data, _ = gate.update(None, scores_at(0.5), sha256="abc", system="saywho", gold="dev.jsonl", span_style="polnear")
    assert data["span_style"] == "polnear"
    assert gate.check(data, scores_at(0.5), sha256="abc", span_style="polnear").ok
    with pytest.raises(EvalError, match="set with --span-style polnear, not seed"):
        gate.check(data, scores_at(0.5), sha256="abc")
    with pytest.raises(EvalError, match="set with --span-style polnear, not seed"):
        gate.update(data, scores_at(0.6), sha256="abc", system="saywho", gold="dev.jsonl")
    default, _ = gate.update(None, scores_at(0.5), sha256="abc", system="saywho", gold="dev.jsonl")
    assert "span_style" not in default


def test_baseline_file_round_trip_and_bad_files(tmp_path):
    path = tmp_path / "baseline.json"
    data, _ = gate.update(None, scores_at(0.5), sha256="abc", system="saywho", gold="dev.jsonl")
    gate.write_baseline(path, data)
    assert gate.read_baseline(path) == data
    with pytest.raises(EvalError, match="does not exist"):
        gate.read_baseline(tmp_path / "none.json")
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    with pytest.raises(EvalError, match="needs 'floors' and 'sha256'"):
        gate.read_baseline(tmp_path / "bad.json")
