"""``load``: the Parquet tables of a ``saywho batch`` run into the store (``saywho load``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..store import Store
from ..store.bulk import DEFAULT_BATCH, LoadSummary, load_tables
from ..store.clusters import Progress as ClaimsProgress

__all__ = ["LoadSummary", "load"]


def load(directory: str | Path, *, db: str | Path | None = None, batch_size: int | None = None,
         claims: bool = True, progress: Callable[[LoadSummary, int], None] | None = None,
         claims_progress: ClaimsProgress | None = None) -> LoadSummary:
    """Store every article of the batch job's output ``directory``; stored ones are skipped.

    ``claims``: bring the claim clusters up to date afterwards, as ingest does
    (``claims_progress(stage, done, total)`` hears how far that is).
    """
    with Store(db) as store:
        return load_tables(store, directory, batch_size=batch_size or DEFAULT_BATCH, claims=claims,
                           progress=progress, claims_progress=claims_progress)
