"""The web tests' fixture data: a SQLite file in a tmp dir holding the seed article, two small
articles (one with markup and event handlers in its quotes, title and outlet), all run through the
real extractor, plus one article whose records are written by hand so that the reader's
highlights, nesting and via chain are checked against known spans whatever the extractor finds.
"""

from __future__ import annotations

import json
from pathlib import Path

from saywho import Article, Attribution, Entity, Result, Speaker, TextSpans, Via

HERE = Path(__file__).resolve().parent
TOKEN = "test-token-7f3a"

HANDMADE_ID = "handmade"
HANDMADE_TEXT = (
    "\u201cShells <script>alert('q')</script> keep coming,\u201d says Anna Berg, senior analyst at the "
    "Example Institute, according to Radio Free Europe/Radio Liberty.\n"
    "She added that \u201csoldiers have reported <img src=x onerror=alert(4)> shortages\u201d at the front.\n"
)


def span(text: str, piece: str, start: int = 0) -> tuple[int, int]:
    begin = text.index(piece, start)
    return (begin, begin + len(piece))


def text_spans(text: str, piece: str, start: int = 0) -> TextSpans:
    return TextSpans(piece, [span(text, piece, start)])


def handmade_result() -> Result:
    """Three attributions with known spans: a direct quote with a via chain, a mixed one, and one nested in it."""
    t = HANDMADE_TEXT
    berg = Speaker(name="Anna Berg", entity="e1", role="senior analyst", affiliation="Example Institute")
    quote2 = "soldiers have reported <img src=x onerror=alert(4)> shortages"
    return Result(
        id=HANDMADE_ID,
        attributions=[
            Attribution(id="a1", type="direct", content=text_spans(t, "Shells <script>alert('q')</script> keep coming,"),
                        cue=text_spans(t, "says"), source=text_spans(t, "Anna Berg"), speaker=berg,
                        via=[Via(name="Radio Free Europe/Radio Liberty", cue="according to",
                                 spans=[span(t, "Radio Free Europe/Radio Liberty")], entity="e2")]),
            Attribution(id="a2", type="mixed", content=text_spans(t, quote2), cue=text_spans(t, "added"),
                        source=text_spans(t, "She"), speaker=berg),
            Attribution(id="a3", type="indirect", content=text_spans(t, "<img src=x onerror=alert(4)> shortages"),
                        cue=text_spans(t, "have reported"), source=text_spans(t, "soldiers"),
                        speaker=Speaker(name="soldiers"), parent="a2"),
        ],
        entities=[
            Entity(id="e1", kind="PERSON", name="Anna Berg", mentions=[span(t, "Anna Berg"), span(t, "She")]),
            Entity(id="e2", kind="OUTLET", name="Radio Free Europe/Radio Liberty",
                   mentions=[span(t, "Radio Free Europe/Radio Liberty")]),
        ],
        meta={"title": "Hand-made <em>check</em>", "outlet": "Radio Free Europe/Radio Liberty", "published": "2024-05-01"},
    )


def fixture_articles(seed_text: str) -> list[Article]:
    articles = [Article(text=seed_text, id="seed", title="North Korea's role in Russia's war",
                        outlet="19FortyFive", published="2025-02-10", url="https://example.org/seed")]
    for line in (HERE / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        articles.append(Article(**json.loads(line)))
    return articles


