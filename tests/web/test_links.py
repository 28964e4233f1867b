"""Every speaker, entity and outlet link on every page opens the page of what it names, over a store
built from the example corpus (the seed plus the 48 Wikinews articles of ``examples/``) by the real
ingest: the crawl starts at the lists and the articles and follows each profile link once."""

from __future__ import annotations

import html
import json
import re
from collections import deque
from pathlib import Path

import pytest
from live_server import serving

from saywho.store.keys import canonical_outlet
from saywho.web.render import article_url

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HTML = {"accept": "text/html"}
LINK = re.compile(r'<a\b[^>]*\bhref="(/(speakers|entities|outlets)/[^"?#]+)"[^>]*>(.*?)</a>', re.S)
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


@pytest.fixture(scope="module")
def corpus_client(tmp_path_factory):
    """The app over the example corpus, served by uvicorn (Starlette's TestClient decodes %25 twice,
    and ingested ids are URLs that hold percent signs), with an HTTP client on it."""
    import httpx
    from saywho.ingest.runner import ingest
    from saywho.store import Store
    from saywho.web import WebSettings, create_app

    db = tmp_path_factory.mktemp("corpus") / "claims.db"
    summary = ingest([EXAMPLES / "seed-article.jsonl", EXAMPLES / "corpus"], db=str(db), workers=1)  # as make demo
    assert summary.failed == 0 and summary.read >= 49
    with Store(db) as store:
        with serving(create_app(store, settings=WebSettings())) as url:
            with httpx.Client(base_url=url, follow_redirects=True, timeout=60) as client:
                yield client


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _start_pages(client) -> list[str]:
    pages = ["/", "/network"]
    for listing in ("/articles", "/speakers", "/entities", "/outlets", "/claims"):
        total = client.get(listing + ".json", params={"limit": 1}).json()["pagination"]["total"]
        pages += [f"{listing}?limit=500&offset={start}" for start in range(0, total, 500)]
    articles = client.get("/articles.json", params={"limit": 500}).json()["items"]
    return pages + [article_url(a["id"]) for a in articles]


def _names(client, path: str) -> set[str]:
    """Every name the row behind ``path`` goes by: its name, names as written, aliases, outlet spellings."""
    body = client.get(path.split("?")[0] + ".json").json()
    names = {body["name"], *body.get("names_as_written", []), *body.get("aliases", [])}
    return names


def test_every_profile_link_opens_the_row_it_names(corpus_client):
    client = corpus_client
    queue, seen_pages, checked = deque(_start_pages(client)), set(), {}
    wrong = []
    while queue:
        path = queue.popleft()
        if path in seen_pages:
            continue
        seen_pages.add(path)
        page = client.get(path, headers=HTML)
        assert page.status_code == 200, (path, page.text[:200])
        for href, kind, inner in LINK.findall(page.text):
            text = _text(inner)
            if href.endswith((".json", ".csv")) or (href, text) in checked:  # the footer's twins
                continue
            target = client.get(href, headers=HTML)
            checked[(href, text)] = target.status_code
            if target.status_code != 200:
                wrong.append((path, href, text, target.status_code))
                continue
            final = target.url.raw_path.decode()
            names = _names(client, final)
            key = canonical_outlet(text)[0] if kind == "outlets" else None
            fits = text in names or (kind == "outlets" and key in {canonical_outlet(n)[0] for n in names})
            if not fits:
                wrong.append((path, href, text, _text(H1.search(target.text).group(1))))
            queue.append(final)
    assert len(checked) > 300 and not wrong, "\n".join(map(str, wrong))


def test_the_demo_seed_is_the_seed_article_with_a_title():
    record = json.loads((EXAMPLES / "seed-article.jsonl").read_text(encoding="utf-8"))
    assert record["text"] == (EXAMPLES / "seed-article.txt").read_text(encoding="utf-8")
    assert record["id"] == "seed-article" and record["title"]
