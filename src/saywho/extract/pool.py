"""Extraction across worker processes: each worker parses AND extracts, so every stage runs on
every core (with spaCy's own ``n_process`` only the parse would, and saywho's stages would queue
in the parent). Used by ``extract_many`` when ``n_process`` > 1 and by the ingest run."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from multiprocessing import get_context

from ..articles import Article, BatchError
from ..errors import SaywhoError
from ..options import ExtractOptions
from ..records import Result

log = logging.getLogger(__name__)

Extracted = list[tuple[Article, "Result | BatchError"]]


def extract_articles(batches: Iterable[list[Article]], *, workers: int | None = None,
                     options: ExtractOptions | None = None) -> Iterator[Extracted]:
    """Each batch's articles paired with their Result or BatchError, extracted by ``workers`` processes.

    The extraction half of ``ingest`` without a store: batches come back in input order.
    """
    extractor = ExtractorPool(available_cores() if workers is None else workers, options or ExtractOptions.defaults())
    try:
        yield from extractor.run(iter(batches))
    finally:
        extractor.close()


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ExtractorPool:
    """Extraction in this process (one worker) or in a pool of worker processes, in input order."""

    def __init__(self, workers: int, options: ExtractOptions) -> None:
        self.options = replace(options, n_process=1)
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def run(self, batches: Iterator[list[Article]]) -> Iterator[Extracted]:
        if self.workers <= 1:
            for batch in batches:
                yield extract_batch(batch, self.options)
            return
        pending: deque[Future[Extracted]] = deque()
        try:
            for batch in batches:
                # Opened at the first batch, right before its submit starts the workers: whether
                # forking is safe is judged at the moment of the fork.
                self.pool = self.pool or self._open()
                pending.append(self.pool.submit(extract_batch, batch, self.options))
                # Two batches queued per worker keep every core busy while the main process writes.
                while len(pending) >= 2 * self.workers or (pending and pending[0].done()):
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool as exc:
            raise SaywhoError("an extraction worker process died (out of memory, or killed); every batch "
                              "written before is stored: run the same command again to go on") from exc

    def _open(self) -> ProcessPoolExecutor:
        method = _start_method(self.options)
        if method == "fork":
            _warm(self.options)  # loaded once here; every worker shares it instead of loading its own
        return ProcessPoolExecutor(self.workers, mp_context=get_context(method), initializer=_init_worker,
                                   initargs=(self.options.model, os.getpid()))

    def close(self) -> None:
        """Stop the workers now: results not yet written are dropped, as a re-run redoes them."""
        if self.pool is None:
            return
        # Workers ignore SIGINT and a batch can take a minute; waiting for it would make Ctrl-C feel dead.
        for process in list(getattr(self.pool, "_processes", {}).values()):
            process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = None


def extract_batch(articles: list[Article], options: ExtractOptions) -> Extracted:
    """Each article with its Result or BatchError; a crash of the extractor fails one article, not the run."""
    from . import extract_many

    try:
        return list(zip(articles, extract_many(articles, options=options)))
    except SaywhoError:
        raise  # a missing model: every article would fail the same way
    except Exception:
        log.exception("extraction of a batch failed; retrying its articles one by one")
    return [(article, _extract_one(article, options)) for article in articles]


def _extract_one(article: Article, options: ExtractOptions) -> Result | BatchError:
    from . import extract_many

    try:
        return next(iter(extract_many([article], options=options)))
    except SaywhoError as exc:
        return BatchError(article.id, exc)
    except Exception as exc:  # a bug in a rule must not stop a corpus-wide ingest
        return BatchError(article.id, SaywhoError(f"extraction failed ({type(exc).__name__}: {exc}); "
                                                  "this is a saywho bug, please report it with the article"))


def _start_method(options: ExtractOptions) -> str:
    """"fork" where it is safe, else "spawn" (a fresh interpreter that imports saywho and loads the
    pipeline itself: seconds per worker). Fork needs Linux (macOS system libraries break in a forked
    child) and a parent with no other thread (a progress bar's, a server's), which fork would copy
    mid-lock; the neural tagger's onnxruntime session is never forked."""
    if (sys.platform.startswith("linux") and threading.active_count() == 1 and options.method != "neural"
            and "onnxruntime" not in sys.modules):
        return "fork"
    return "spawn"


def _warm(options: ExtractOptions) -> None:
    """Load everything extraction loads lazily (pipeline, trained model, lexicons) by extracting
    one short article, so that forked workers start with it."""
    from . import extract

    extract(_WARM_TEXT, options=options)


_WARM_TEXT = ('"The plan will cost $3 million," Mayor Jane Roe told reporters on Monday, according to '
              'the Daily Courier. She said the city council agreed.')


def _init_worker(model: str, parent: int) -> None:
    """Load the pipeline once per worker; let the parent handle Ctrl-C; die with the parent."""
    from ..nlp import load_pipeline

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    load_pipeline(model)


def _exit_with_parent(parent: int) -> None:
    # A parent killed with SIGKILL cannot stop its pool; without this, workers would wait forever.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
