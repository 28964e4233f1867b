"""Stage timings for long runs (``saywho batch``, ``saywho load``): where a run's wall-clock time went."""

from __future__ import annotations

import time


def lap(phases: dict[str, float], phase: str, since: float) -> float:
    """Add the time from ``since`` until now to ``phases[phase]``; returns now, the next lap's start."""
    now = time.perf_counter()
    phases[phase] = phases.get(phase, 0.0) + now - since
    return now


def rounded(phases: dict[str, float]) -> dict[str, float]:
    """``phases`` to a tenth of a second, for summaries."""
    return {name: round(seconds, 1) for name, seconds in phases.items()}
