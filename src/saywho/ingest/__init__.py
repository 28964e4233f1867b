"""The ingest stage: articles from files (text, HTML, JSONL, WARC, RSS/Atom) into the store.

``formats`` is the one registry of input formats (``read_bytes``, ``read_path``,
``iter_articles``); ``ingest(paths, db=...)`` reads, extracts in parallel and stores, once per
article and safe to interrupt (see ``runner``).
"""

from __future__ import annotations

from typing import Any

from .formats import iter_articles, read_bytes, read_path, read_stream

_RUNNER = {"IngestFailure", "IngestInterrupted", "IngestSummary", "ingest"}

__all__ = ["IngestFailure", "IngestInterrupted", "IngestSummary", "ingest", "iter_articles", "read_bytes",
           "read_path", "read_stream"]


def __getattr__(name: str) -> Any:
    """The runner (which brings in spaCy through the extractor) loads on first use, so readers stay light."""
    if name in _RUNNER:
        from . import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
