"""The ingest run: articles from files, extracted in parallel, into the store, safely and once.

How a run stays safe and resumable:
- every article is identified by the store's content hash; hashes already stored (or seen earlier
  in this run) are counted as duplicates *before* extraction, so a re-run only extracts what is new;
- extracted articles are written one batch per transaction (``Store.add_batch``), so a run killed
  at any moment leaves whole batches or nothing, and the next run picks up from there;
- extraction runs in worker processes (``workers``), each with its own spaCy pipeline; the main
  process reads the files, checks hashes and writes, so only it ever touches the database.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..articles import Article, BatchError, check_article
from ..errors import InputError
from ..extract.pool import Extracted, ExtractorPool, available_cores
from ..options import ExtractOptions
from .formats import FileSet, estimate_count, iter_files

log = logging.getLogger(__name__)

ProgressCallback = Callable[["IngestSummary"], None]


@dataclass
class IngestFailure:
    """An input that did not become a stored article: where it was and why."""

    source: str
    id: str | None
    reason: str
    error: str = "InputError"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "id": self.id, "error": self.error, "reason": self.reason}


@dataclass
class IngestSummary:
    """What a run did: every article read is exactly one of new, duplicate or failed."""

    db: str
    new: int = 0
    duplicate: int = 0
    failures: list[IngestFailure] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)
    expected: int = 0  # a cheap estimate of the articles in the input, for progress bars
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def read(self) -> int:
        return self.new + self.duplicate + self.failed

    @property
    def rate(self) -> float:
        """Articles read per second."""
        return self.read / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"db": self.db, "read": self.read, "new": self.new, "duplicate": self.duplicate,
                "failed": self.failed, "seconds": round(self.seconds, 3), "articles_per_second": round(self.rate, 2),
                "interrupted": self.interrupted, "failures": [f.to_dict() for f in self.failures],
                "skipped_files": list(self.skipped_files)}


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during ``ingest``: every batch written so far is stored; ``summary`` says how far it got."""

    def __init__(self, summary: IngestSummary) -> None:
        super().__init__("ingest interrupted")
        self.summary = summary


def ingest(paths: Iterable[str | Path], *, db: str | None = None, workers: int | None = None,
           batch_size: int | None = None, options: ExtractOptions | None = None,
           progress: ProgressCallback | None = None, adopt: bool = False) -> IngestSummary:
    """Extract every new article in ``paths`` (files or directories) and store it in ``db``.

    ``db`` is created when it does not exist; a database that holds other tables is refused
    unless ``adopt`` (then saywho's tables are added beside them).

    ``workers`` extraction processes (default: one per available core); ``batch_size`` articles per
    transaction (default: the options' batch size). ``progress`` is called with the running summary
    after each batch. Raises InputError when a path does not exist, StoreError when the database
    cannot be used, IngestInterrupted on Ctrl-C.
    """
    from ..store import Store  # the store pulls in SQLAlchemy; readers alone do not need it

    options = options or ExtractOptions.defaults()
    batch_size = options.batch_size if batch_size is None else batch_size
    workers = available_cores() if workers is None else workers
    if batch_size < 1 or workers < 1:
        raise InputError(f"batch_size and workers must be at least 1 (got {batch_size} and {workers})")
    fileset = FileSet(paths)
    with Store(db, adopt=adopt) as store:
        return _run(fileset, store, workers, batch_size, options, progress)


def _run(fileset: FileSet, store: Any, workers: int, batch_size: int, options: ExtractOptions,
         progress: ProgressCallback | None) -> IngestSummary:
    summary = IngestSummary(db=_display_url(store.url), skipped_files=list(fileset.skipped))
    if progress:
        summary.expected = estimate_count(fileset)
        progress(summary)
    started = time.perf_counter()
    # The claim clusters' MinHash (datasketch, numpy, scipy) loads now, before the first batch: a
    # Ctrl-C that lands inside the import of those extension modules makes Python exit as if by
    # the signal (status -2) after the summary, instead of 130.
    import datasketch  # noqa: F401
    extractor = ExtractorPool(workers, options)
    try:
        batches = _new_batches(iter_files(fileset, max_chars=options.max_chars), store, summary, batch_size, options, progress)
        for extracted in extractor.run(batches):
            _store_batch(store, extracted, summary)
            summary.seconds = time.perf_counter() - started
            if progress:
                progress(summary)
    except KeyboardInterrupt as exc:
        summary.interrupted = True
        raise IngestInterrupted(summary) from exc
    finally:
        extractor.close()
        summary.seconds = time.perf_counter() - started
    return summary


def _display_url(url: str) -> str:
    """The store URL without its password, for summaries."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _new_batches(items: Iterator[Article | BatchError], store: Any, summary: IngestSummary, batch_size: int,
                 options: ExtractOptions, progress: ProgressCallback | None) -> Iterator[list[Article]]:
    """Batches of articles that are neither stored nor seen earlier in this run; the rest are counted."""
    seen: set[str] = set()
    pending: dict[str, Article] = {}
    for item in items:
        article = _checked(item, summary, options)
        if article is None:
            continue
        digest = store.content_hash(article.text)
        if digest in seen:
            summary.duplicate += 1
            continue
        seen.add(digest)
        pending[digest] = article
        if len(pending) >= batch_size:
            yield from _unknown(pending, store, summary, progress)
            pending = {}
    if pending:
        yield from _unknown(pending, store, summary, progress)


def _unknown(pending: dict[str, Article], store: Any, summary: IngestSummary,
             progress: ProgressCallback | None) -> Iterator[list[Article]]:
    known = store.known_hashes(list(pending))
    summary.duplicate += len(known)
    fresh = [article for digest, article in pending.items() if digest not in known]
    if fresh:
        yield fresh
    elif progress:
        progress(summary)


def _checked(item: Article | BatchError, summary: IngestSummary, options: ExtractOptions) -> Article | None:
    """The article with a usable text, or None after recording why it failed."""
    if isinstance(item, BatchError):
        _fail(summary, item)
        return None
    try:
        item = check_article(item, max_chars=options.max_chars)
    except InputError as exc:
        _fail(summary, BatchError(item.id, exc, source=item.source))
        return None
    return item


def _fail(summary: IngestSummary, error: BatchError) -> None:
    summary.failures.append(IngestFailure(source=error.source or str(error.id), id=error.id,
                                          reason=str(error.error), error=type(error.error).__name__))


def _store_batch(store: Any, extracted: Extracted, summary: IngestSummary) -> None:
    """One transaction for the batch's good articles; bad ones are recorded as failures."""
    good = []
    for article, result in extracted:
        if isinstance(result, BatchError):
            _fail(summary, result)
        else:
            good.append((article, result))
    if not good:
        return
    added = store.add_batch(good)
    summary.new += added
    summary.duplicate += len(good) - added  # stored meanwhile by another run
    if added:
        # Claim clusters follow each batch (saywho.claims), after the count: an interrupt here
        # loses nothing, since the next update files whatever was added since the last one.
        store.update_claims()
