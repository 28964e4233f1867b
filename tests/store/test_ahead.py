"""``ahead``: an iterator's items in order, the next computed in a thread, its errors raised in the caller."""

from __future__ import annotations

import threading

import pytest

from saywho.store.ahead import ahead


def test_ahead_gives_every_item_in_order_computed_in_another_thread():
    threads = []

    def items():
        for number in range(5):
            threads.append(threading.current_thread())
            yield number

    assert list(ahead(items())) == [0, 1, 2, 3, 4]
    assert threading.current_thread() not in threads
    assert list(ahead(iter([]))) == []


def test_ahead_raises_the_error_of_the_item_being_computed():
    def items():
        yield 1
        raise RuntimeError("broken input")

    found = ahead(items())
    assert next(found) == 1
    with pytest.raises(RuntimeError, match="broken input"):
        next(found)
