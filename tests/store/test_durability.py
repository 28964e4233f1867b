"""A writer killed at any moment leaves whole articles or none; two writers never clash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from saywho.store import Store
from saywho.store import models as m
from saywho.store.fixtures import sample_items

# Each article i holds exactly i % 5 + 1 attributions; its title says how many.
WRITER = textwrap.dedent('''
    import sys
    from saywho import Article
    from saywho.records import Attribution, Result, TextSpans
    from saywho.store import Store

    store = Store(sys.argv[1])
    print("ready", flush=True)
    for batch in range(10_000):
        items = []
        for j in range(20):
            i = batch * 20 + j
            n = i % 5 + 1
            text = f"Article {i}: " + " ".join(f"Speaker{k} said claim {k}." for k in range(n))
            records = [Attribution(f"a{k + 1}", "indirect", TextSpans("claim", [(0, 5)])) for k in range(n)]
            items.append((Article(text, id=f"art-{i}", title=str(n)), Result(f"art-{i}", records)))
        store.add_batch(items)
''')


def _complete(store: Store) -> tuple[int, bool]:
    with store.session() as session:
        rows = session.execute(select(m.Article.title, func.count(m.Attribution.id))
                               .join(m.Attribution, m.Attribution.article_id == m.Article.id, isouter=True)
                               .group_by(m.Article.id)).all()
    return len(rows), all(int(title) == count for title, count in rows)


def test_store_survives_a_killed_writer(store_url):
    Store(store_url).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, store_url], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(1.5)
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    with Store(store_url) as store:
        stored, whole = _complete(store)
        assert stored > 0 and stored % 20 == 0  # whole batches only
        assert whole  # every stored article has all of its attributions


def test_store_two_writers_same_batch_store_it_once(store_url):
    Store(store_url).close()

    def write(_: int) -> int:
        with Store(store_url) as store:
            return store.add_batch(sample_items())

    with ThreadPoolExecutor(2) as pool:
        added = list(pool.map(write, range(2)))
    assert sorted(added) == [0, 3]
    with Store(store_url) as store:
        assert store.counts()["articles"] == 3 and store.counts()["speakers"] == 4
