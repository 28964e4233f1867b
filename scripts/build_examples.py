"""Build the bundled example corpus (examples/corpus/) from the shared Wikinews file.

Run from anywhere: ``python scripts/build_examples.py``. It reads ``../shared/corpus/wikinews_en.jsonl``
(beside the checkout) and writes, deterministically, one corpus in every format ``saywho ingest`` reads:
plain text, HTML pages with title/byline/date/outlet metadata, a gzipped WARC of HTTP responses in the
style of Common Crawl News, an RSS 2.0 feed, an Atom feed and a JSONL file. Each article appears in
exactly one file, so ingesting the whole folder stores each once. The outputs are committed; the
shared file is needed only to rebuild them.

The pages, WARC and feeds are constructed here from the articles' text, not crawled.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / ".." / "shared" / "corpus" / "wikinews_en.jsonl"
OUT = REPO / "examples" / "corpus"

OUTLET = "Wikinews"
BYLINE = "Wikinews contributors"
LICENSE_URL = "https://creativecommons.org/licenses/by/2.5/"
# Articles every demo query needs, whatever the selection rule picks.
ALWAYS = ("wikinews-north-korea-puts-military-in-quasi-state-of-war",
          "wikinews-seoul-city-mayor-park-won-soon-found-dead-south-korean-police-confirm")
# How many articles go to each format, in this order; the rest of the selection goes to JSONL.
SPLIT = (("text", 6), ("html", 10), ("warc", 10), ("rss", 8), ("atom", 4), ("jsonl", 10))
CUES = re.compile(r"\b(said|says|told|according to|stated|added|announced|claimed)\b")


def main() -> int:
    if not SOURCE.is_file():
        print(f"error: {SOURCE} not found; this script needs the shared corpus beside the checkout", file=sys.stderr)
        return 1
    articles = [json.loads(line) for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = select(articles, sum(n for _, n in SPLIT))
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        if old.is_file() and old.name != "README.md":
            old.unlink()
    start = 0
    for fmt, count in SPLIT:
        group = chosen[start:start + count]
        start += count
        WRITERS[fmt](group)
    size = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"wrote {len(chosen)} articles to {OUT.relative_to(REPO.resolve())} ({size / 1024:.0f} KiB)")
    return 0


def select(articles: list[dict], count: int) -> list[dict]:
    """Articles of news length with several attribution cues, spread over the file, plus ALWAYS."""
    fits = [a for a in articles
            if 150 <= len(a["text"].split()) <= 800 and len(CUES.findall(a["text"])) >= 4 and a["id"] not in ALWAYS]
    forced = [a for a in articles if a["id"] in ALWAYS]
    wanted = count - len(forced)
    step = len(fits) / wanted
    picked = [fits[int(i * step)] for i in range(wanted)]
    return sorted(forced + picked, key=lambda a: a["id"])


def slug(article: dict) -> str:
    return article["id"].removeprefix("wikinews-")[:60].rstrip("-")


def paragraphs(article: dict) -> list[str]:
    return [p.strip() for p in article["text"].split("\n\n") if p.strip()]


def write_text(group: list[dict]) -> None:
    for article in group:
        (OUT / f"{slug(article)}.txt").write_text(article["text"] + "\n", encoding="utf-8")


def page(article: dict) -> str:
    """A news page as a CMS would render it: metadata in <head>, chrome around an <article>."""
    esc = html.escape
    body = "\n".join(f"      <p>{esc(p)}</p>" for p in paragraphs(article))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{esc(article["title"])} - {OUTLET}</title>
  <link rel="canonical" href="{esc(article["url"])}">
  <meta name="author" content="{BYLINE}">
  <meta property="og:site_name" content="{OUTLET}">
  <meta property="og:title" content="{esc(article["title"])}">
  <meta property="og:url" content="{esc(article["url"])}">
  <meta property="article:published_time" content="{article["published"]}">
</head>
<body>
  <nav><a href="https://en.wikinews.org/">Main page</a> | <a href="https://en.wikinews.org/wiki/Wikinews:Write_an_article">Write an article</a></nav>
  <main>
    <article>
      <h1>{esc(article["title"])}</h1>
      <p class="byline">By {BYLINE}, <time datetime="{article["published"]}">{article["published"]}</time></p>
{body}
    </article>
  </main>
  <footer>Text from <a href="{esc(article["url"])}">Wikinews</a>, CC BY 2.5 ({LICENSE_URL}). Page constructed for the saywho examples.</footer>
</body>
</html>
"""


def write_html(group: list[dict]) -> None:
    for article in group:
        (OUT / f"{slug(article)}.html").write_text(page(article), encoding="utf-8")


def write_warc(group: list[dict]) -> None:
    """A Common Crawl News style WARC: warcinfo, then request/response pairs, plus non-article records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    info = writer.create_warcinfo_record("wikinews-examples.warc.gz", {
        "software": "saywho scripts/build_examples.py", "format": "WARC File Format 1.0",
        "description": "Constructed from English Wikinews articles (CC BY 2.5), not crawled"})
    _fix_headers(info, "warcinfo", group[0]["published"])
    writer.write_record(info)
    for article in group:
        url, date = article["url"], article["published"]
        request = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=StatusAndHeaders(
            f"GET {url.split('wikinews.org', 1)[1]} HTTP/1.1", [("Host", "en.wikinews.org")], is_http_request=True))
        _fix_headers(request, "request " + url, date)
        writer.write_record(request)
        payload = page(article).encode("utf-8")
        response = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=UTF-8"), ("Content-Length", str(len(payload)))],
            protocol="HTTP/1.1"))
        _fix_headers(response, "response " + url, date)
        writer.write_record(response)
    # Records a crawl also holds that are not articles: a redirect and a robots.txt.
    redirect = writer.create_warc_record("https://en.wikinews.org/", "response", payload=io.BytesIO(b""),
                                         http_headers=StatusAndHeaders("301 Moved Permanently", [
                                             ("Location", "https://en.wikinews.org/wiki/Main_Page"),
                                             ("Content-Type", "text/html")], protocol="HTTP/1.1"))
    _fix_headers(redirect, "redirect", group[-1]["published"])
    writer.write_record(redirect)
    robots = b"User-agent: *\nDisallow: /w/\n"
    robots_record = writer.create_warc_record("https://en.wikinews.org/robots.txt", "response", payload=io.BytesIO(robots),
                                              http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/plain")],
                                                                            protocol="HTTP/1.1"))
    _fix_headers(robots_record, "robots", group[-1]["published"])
    writer.write_record(robots_record)
    (OUT / "wikinews-crawl.warc.gz").write_bytes(buffer.getvalue())


def _fix_headers(record, key: str, date: str) -> None:
    """Stable record ids and dates, so that a rebuild gives the same bytes."""
    record_id = uuid.UUID(hashlib.sha256(key.encode()).hexdigest()[:32])
    record.rec_headers.replace_header("WARC-Record-ID", f"<urn:uuid:{record_id}>")
    record.rec_headers.replace_header("WARC-Date", f"{date}T12:00:00Z")


def _rfc822(date: str) -> str:
    return datetime.fromisoformat(date).replace(hour=12, tzinfo=timezone.utc).strftime("%a, %d %b %Y %H:%M:%S +0000")


def write_rss(group: list[dict]) -> None:
    esc = html.escape
    items = []
    for article in group:
        body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs(article))
        items.append(f"""    <item>
      <title>{esc(article["title"])}</title>
      <link>{esc(article["url"])}</link>
      <guid isPermaLink="true">{esc(article["url"])}</guid>
      <dc:creator>{BYLINE}</dc:creator>
      <pubDate>{_rfc822(article["published"])}</pubDate>
      <description>{esc(paragraphs(article)[0])}</description>
      <content:encoded><![CDATA[{body}]]></content:encoded>
    </item>""")
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>{OUTLET}</title>
    <link>https://en.wikinews.org/</link>
    <description>English Wikinews articles (CC BY 2.5), a feed constructed for the saywho examples</description>
    <language>en</language>
{chr(10).join(items)}
  </channel>
</rss>
"""
    (OUT / "wikinews.rss").write_text(feed, encoding="utf-8")


def write_atom(group: list[dict]) -> None:
    esc = html.escape
    entries = []
    for article in group:
        body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs(article))
        entries.append(f"""  <entry>
    <title>{esc(article["title"])}</title>
    <link href="{esc(article["url"])}"/>
    <id>{esc(article["url"])}</id>
    <published>{article["published"]}T12:00:00Z</published>
    <updated>{article["published"]}T12:00:00Z</updated>
    <author><name>{BYLINE}</name></author>
    <summary>{esc(paragraphs(article)[0])}</summary>
    <content type="html">{esc(body)}</content>
  </entry>""")
    latest = max(a["published"] for a in group)
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>{OUTLET}</title>
  <id>https://en.wikinews.org/</id>
  <updated>{latest}T12:00:00Z</updated>
  <rights>CC BY 2.5, {LICENSE_URL}</rights>
{chr(10).join(entries)}
</feed>
"""
    (OUT / "wikinews.atom").write_text(feed, encoding="utf-8")


def write_jsonl(group: list[dict]) -> None:
    keep = ("id", "title", "url", "published", "outlet", "text")
    lines = [json.dumps({k: a[k] for k in keep}, ensure_ascii=False) for a in group]
    (OUT / "wikinews.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


WRITERS = {"text": write_text, "html": write_html, "warc": write_warc, "rss": write_rss,
           "atom": write_atom, "jsonl": write_jsonl}

if __name__ == "__main__":
    sys.exit(main())
