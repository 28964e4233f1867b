"""The regression gate: exact-F1 floors per role for one system on one gold file, pinned with its sha256.

Floors only go up (``update``), unless the caller allows a regression: a drop must be deliberate.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvalError
from .metric import Scores

GATED = ("source", "cue", "content", "attribution")
DEFAULT_MARGIN = 0.01  # floors sit this far below the measured F1, so that noise does not trip the gate


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# The gated figures of resolved records (saywho.eval.resolved): attribution F1 and accuracies,
# roles and affiliations among them.
RESOLVED_GATED = ("f1", "speaker", "via", "type", "role", "affiliation")


def measured(scores: Scores | dict[str, float]) -> dict[str, float]:
    """The gated figures: exact F1 per role and attribution F1 of span scores, or the figures of
    resolved records as given."""
    if isinstance(scores, dict):
        return {name: round(value, 4) for name, value in scores.items()}
    return {level: round(scores.f1(level), 4) for level in GATED}


def read_baseline(path: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalError(f"baseline file {path} does not exist; create it with --update-baseline") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read baseline file {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("floors"), dict) or "sha256" not in data:
        raise EvalError(f"baseline file {path} needs 'floors' and 'sha256'")
    return data


@dataclass
class GateResult:
    regressions: list[str]

    @property
    def ok(self) -> bool:
        return not self.regressions


def check(baseline: dict[str, Any], scores: Scores | dict[str, float], *, sha256: str,
          span_style: str = "seed") -> GateResult:
    """Every gated figure at or above its floor; the gold file and span style must be the ones the
    floors were set with."""
    if baseline.get("span_style", "seed") != span_style:
        raise EvalError(f"the floors were set with --span-style {baseline.get('span_style', 'seed')}, "
                        f"not {span_style}: check against that style's baseline")
    if baseline["sha256"] != sha256:
        raise EvalError(
            f"the gold file's sha256 {sha256[:12]}… differs from the baseline's {str(baseline['sha256'])[:12]}…: "
            "the floors were set on other data; re-pin them with --update-baseline --allow-regression"
        )
    now = measured(scores)
    regressions = [f"{_label(level)} {now[level]:.4f} is below its floor {floor:.4f}"
                   for level, floor in baseline["floors"].items() if level in now and now[level] < floor]
    return GateResult(regressions)


def update(baseline: dict[str, Any] | None, scores: Scores | dict[str, float], *, sha256: str, system: str, gold: str,
           allow_regression: bool = False, stamp: dict[str, str] | None = None,
           span_style: str = "seed") -> tuple[dict[str, Any], list[str]]:
    """A new baseline with floors at the measured figures minus the margin; never lower without permission.

    Returns the baseline and what changed. Raises EvalError when a floor would drop (or the gold
    changed) and ``allow_regression`` is not set.
    """
    old = baseline or {}
    if old and old.get("span_style", "seed") != span_style:
        raise EvalError(f"the floors were set with --span-style {old.get('span_style', 'seed')}, not {span_style}")
    margin = float(old.get("margin", DEFAULT_MARGIN))
    floors_before = dict(old.get("floors", {}))
    if old and old.get("sha256") != sha256 and not allow_regression:
        raise EvalError("the gold file differs from the one the floors were set on; pass --allow-regression to re-pin")
    if old.get("sha256") != sha256:
        floors_before = {}
    now = measured(scores)
    floors: dict[str, float] = {}
    changes: list[str] = []
    for level in now:
        candidate = round(max(0.0, now[level] - margin), 4)
        previous = floors_before.get(level)
        if previous is not None and candidate < previous and not allow_regression:
            if now[level] < previous:
                raise EvalError(f"{_label(level)} {now[level]:.4f} is below its floor {previous:.4f}; "
                                "pass --allow-regression to lower the floor on purpose")
            candidate = previous  # within the margin of the floor: keep it
        floors[level] = candidate
        if candidate != previous:
            changes.append(f"{level}: {previous if previous is not None else '-'} -> {candidate:.4f}")
    data = {"system": system, "gold": gold, "sha256": sha256, "margin": margin, "floors": floors, "measured": now}
    if span_style != "seed":
        data["span_style"] = span_style
    data.update(stamp or {})
    return data, changes


def _label(level: str) -> str:
    return f"{level} F1" if level in GATED else level


def write_baseline(path: str | Path, data: dict[str, Any]) -> None:
    Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
