"""The ingest stage: articles from files (text, HTML, JSONL, WARC, RSS/Atom) into the store.

``iter_articles(paths)`` reads; ``ingest(paths, db=...)`` reads, extracts in parallel and stores,
once per article and safe to interrupt (see ``runner``).
"""

from __future__ import annotations

from .files import iter_articles
from .runner import IngestFailure, IngestInterrupted, IngestSummary, ingest

__all__ = ["IngestFailure", "IngestInterrupted", "IngestSummary", "ingest", "iter_articles"]
