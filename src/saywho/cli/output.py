"""Shared output helpers for the CLI: output files, progress bars and Rich tables."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from ..records import Result

T = TypeVar("T")


@contextlib.contextmanager
def open_output(path: Path | None) -> Iterator[IO[str]]:
    """Standard output, or ``path`` opened for writing as UTF-8."""
    if path is None:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as handle:
        yield handle


class RateColumn(ProgressColumn):
    """Items per second."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.1f}/s" if task.speed else "", style="progress.data.speed")


def bar_columns() -> list[ProgressColumn]:
    """The columns of saywho's progress bars: what, bar, done of total, rate, elapsed, remaining."""
    return [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
            TimeElapsedColumn(), TimeRemainingColumn()]


def progress(items: Iterable[T], *, label: str, total: int | None = None) -> Iterator[T]:
    """Items as they come, with a progress bar on stderr when it is a terminal."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield from items
        return
    with Progress(*bar_columns(), console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)


# The stages of a claim-cluster update (``saywho.store.clusters.Progress``), as the bars name them.
_CLAIM_STAGES = {"copies": "Finding copies", "claims": "Filing claims", "summaries": "Summarizing clusters"}


class ClaimStageBars:
    """A claim-cluster update's progress callback: a bar on ``bar`` for each stage as it starts."""

    def __init__(self, bar: Progress) -> None:
        self._bar = bar
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._bar.add_task(_CLAIM_STAGES.get(stage, stage), total=total)
        self._bar.update(self._tasks[stage], completed=done, total=total)


@contextlib.contextmanager
def claim_update_bars() -> Iterator[ClaimStageBars | None]:
    """A progress callback for a claim-cluster update, with its bars on stderr; None when stderr is
    not a terminal."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    with Progress(*bar_columns(), console=console, transient=True) as bar:
        yield ClaimStageBars(bar)


def render_result_table(result: Result, out: IO[str]) -> None:
    """One article's attributions as a Rich table."""
    console = Console(file=out, width=160 if not getattr(out, "isatty", lambda: False)() else None)
    table = Table(title=f"{result.id}: {len(result.attributions)} attributions", show_lines=True)
    for column in ("id", "type", "speaker", "role / affiliation", "cue", "content", "via", "parent"):
        table.add_column(column, overflow="fold")
    for a in result.attributions:
        speaker = a.speaker.name if a.speaker else (a.source.text if a.source else "")
        role = " / ".join(x for x in ((a.speaker.role, a.speaker.affiliation) if a.speaker else ()) if x)
        table.add_row(a.id, a.type, speaker, role, a.cue.text if a.cue else "", a.content.text,
                      ", ".join(v.name for v in a.via), a.parent or "")
    console.print(table)
