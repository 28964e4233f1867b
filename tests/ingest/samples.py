"""Real input files for the ingest tests, written with the same libraries news pipelines use."""

from __future__ import annotations

import html
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

STORIES = [
    {
        "title": "Minister denies report on grain exports",
        "url": "https://news.example.org/2024/03/grain-exports",
        "published": "2024-03-05",
        "byline": "Ana Petrova",
        "paragraphs": [
            "The agriculture minister denied on Tuesday that grain exports had fallen by a third, "
            "according to the state news agency.",
            "\"The figures are simply wrong,\" Oleh Marchenko told reporters in Kyiv. He said exports "
            "had risen by up to 5% since January.",
        ],
    },
    {
        "title": "Port workers strike over pay",
        "url": "https://news.example.org/2024/03/port-strike",
        "published": "2024-03-06",
        "byline": "Tom Hughes",
        "paragraphs": [
            "Thousands of port workers walked out on Wednesday, union leader Maria Costa said.",
            "The port authority said talks would resume next week, Reuters reported.",
        ],
    },
    {
        "title": "Scientists warn of early heat wave",
        "url": "https://news.example.org/2024/03/heat-wave",
        "published": "2024-03-07",
        "byline": "Lena Vogel",
        "paragraphs": [
            "Meteorologists warned that temperatures could reach 40 degrees by May, "
            "according to the national weather service.",
            "\"We have never seen this so early,\" said Dr. Karin Berg, a climatologist at the institute.",
        ],
    },
]

OUTLET = "Example News"


def story_text(story: dict) -> str:
    return "\n\n".join(story["paragraphs"])


def page(story: dict, *, charset: str = "utf-8") -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in story["paragraphs"])
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="{charset}">
<title>{html.escape(story["title"])} | {OUTLET}</title>
<link rel="canonical" href="{story["url"]}">
<meta name="author" content="{story["byline"]}">
<meta property="og:site_name" content="{OUTLET}">
<meta property="article:published_time" content="{story["published"]}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{html.escape(story["title"])}</h1>
{body}
</article>
<footer>Copyright {OUTLET}</footer>
</body></html>"""


def write_warc(path: Path, stories: list[dict], *, gzip: bool) -> None:
    """Request/response pairs plus records that are not articles: a 404, an image, metadata."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "saywho tests"}))
    for story in stories:
        writer.write_record(writer.create_warc_record(
            story["url"], "request", payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example.org")], is_http_request=True)))
        payload = page(story).encode("utf-8")
        writer.write_record(writer.create_warc_record(
            story["url"], "response", payload=io.BytesIO(payload),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")))
    writer.write_record(writer.create_warc_record(
        "https://news.example.org/missing", "response", payload=io.BytesIO(b"<html><body>Not found</body></html>"),
        http_headers=StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")))
    writer.write_record(writer.create_warc_record(
        "https://news.example.org/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")))
    writer.write_record(writer.create_warc_record(
        "https://news.example.org/2024/03/port-strike", "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\n"),
        warc_content_type="application/warc-fields"))
    path.write_bytes(buffer.getvalue())


def write_rss(path: Path, stories: list[dict], *, summary_only: int | None = None) -> None:
    """RSS 2.0 with content:encoded; the entry at ``summary_only`` has a description alone."""
    items = []
    for index, story in enumerate(stories):
        content = "".join(f"<p>{html.escape(p)}</p>" for p in story["paragraphs"])
        body = (f"<description>{html.escape(content)}</description>" if index == summary_only else
                f"<description>{html.escape(story['paragraphs'][0][:40])}</description>"
                f"<content:encoded><![CDATA[{content}]]></content:encoded>")
        items.append(f"""<item><title>{html.escape(story["title"])}</title><link>{story["url"]}</link>
<guid>{story["url"]}</guid><dc:creator>{story["byline"]}</dc:creator>
<pubDate>Tue, 05 Mar 2024 09:30:00 +0000</pubDate>{body}</item>""")
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>{OUTLET}</title><link>https://news.example.org/</link><description>News</description>
{"".join(items)}
</channel></rss>""", encoding="utf-8")


def write_atom(path: Path, stories: list[dict]) -> None:
    entries = []
    for story in stories:
        content = "".join(f"<p>{html.escape(p)}</p>" for p in story["paragraphs"])
        entries.append(f"""<entry><title>{html.escape(story["title"])}</title><link href="{story["url"]}"/>
<id>{story["url"]}</id><updated>{story["published"]}T08:00:00Z</updated><published>{story["published"]}T08:00:00Z</published>
<author><name>{story["byline"]}</name></author><content type="html">{html.escape(content)}</content></entry>""")
    path.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{OUTLET}</title><id>https://news.example.org/</id>
<updated>2024-03-07T08:00:00Z</updated>
{"".join(entries)}
</feed>""", encoding="utf-8")
