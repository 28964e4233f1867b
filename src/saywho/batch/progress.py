"""Progress of a running batch job, from Spark's own status tracker: the tasks done of the tasks
planned by the jobs the current phase (read, extract, write) has started.

A job over a news archive runs for hours; Spark's console bar is off (it would interleave with
saywho's output), so ``ProgressWatcher`` polls ``SparkContext.statusTracker()`` in a thread and
hands a ``JobProgress`` to the caller's callback, which ``saywho batch`` draws as a Rich bar.
Tasks are the unit Spark counts while they run (an article count comes only when a task ends).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

_INTERVAL = 0.5  # seconds between polls


@dataclass(frozen=True)
class JobProgress:
    """Where a job stands: its phase, the tasks done and the tasks of the stages started so far in
    it, and the articles it is extracting (known once the read has de-duplicated them)."""

    phase: str
    tasks_done: int
    tasks: int
    articles: int | None = None


class ProgressWatcher:
    """Reports a job's progress to ``report`` every half second while it runs, and once more as
    each phase ends, so that every phase is reported with its final count. With ``report`` None
    it does nothing."""

    def __init__(self, spark: "SparkSession", report: Callable[[JobProgress], None] | None) -> None:
        self._tracker = spark.sparkContext.statusTracker()
        self._report = report
        self._phase = ""
        self._articles: int | None = None
        self._earlier: set[int] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="saywho-progress", daemon=True)

    def __enter__(self) -> "ProgressWatcher":
        if self._report is not None:
            self._thread.start()
        return self

    def __exit__(self, failure: type[BaseException] | None, *exc: object) -> None:
        if self._report is not None:
            self._stop.set()
            self._thread.join()
            if failure is None:  # a failed job's own error is what the caller should see
                self._poll()

    def phase(self, name: str, *, articles: int | None = None) -> None:
        """Close the phase running (its final count) and count the jobs started from now on as ``name``."""
        if self._report is None:
            return
        with self._lock:
            self._poll()
            self._phase = name
            if articles is not None:
                self._articles = articles
            self._earlier = set(self._tracker.getJobIdsForGroup())
            self._poll()

    def _run(self) -> None:
        while not self._stop.wait(_INTERVAL):
            with self._lock:
                try:
                    self._poll()
                except Exception:  # Spark going down under a failed job: the job reports that, not the bar
                    return

    def _poll(self) -> None:
        if not self._phase or self._report is None:  # before the first phase, or nobody to tell
            return
        done = planned = 0
        active = set(self._tracker.getActiveStageIds())
        for job in set(self._tracker.getJobIdsForGroup()) - self._earlier:
            info = self._tracker.getJobInfo(job)
            for stage in (info.stageIds if info else []):
                found = self._tracker.getStageInfo(stage)
                # Stages running or run: a stage still waiting may yet be skipped (its shuffle
                # output reused), which the tracker does not say, so it is planned once it starts.
                if found is not None and (stage in active or found.numCompletedTasks >= found.numTasks > 0):
                    done += found.numCompletedTasks
                    planned += found.numTasks
        self._report(JobProgress(self._phase, done, planned, self._articles))
