"""One step ahead: the next item of an iterator computed in a thread while the caller uses this one.

A load alternates work that holds Python (building rows) or runs in pyarrow's C++ (reading
Parquet) with waits on the database, which release the interpreter; overlapping them keeps the
client and the database busy at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
_END = object()


def ahead(items: Iterator[T]) -> Iterator[T]:
    """The items of ``items`` in order, each next one computed in a thread meanwhile (one at a time)."""
    with ThreadPoolExecutor(1, thread_name_prefix="saywho-ahead") as worker:
        pending = worker.submit(next, items, _END)
        while (item := pending.result()) is not _END:
            pending = worker.submit(next, items, _END)
            yield item  # type: ignore[misc]
