"""Every reader on real files: text, HTML, JSONL, WARC (plain and gzipped), RSS and Atom."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from saywho.articles import Article, BatchError
from saywho.errors import InputError
from saywho.ingest import iter_articles
from saywho.ingest.html import fragment_to_text

from .samples import OUTLET, STORIES, page, story_text, write_atom, write_rss, write_warc

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "corpus"


def split(items) -> tuple[list[Article], list[BatchError]]:
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, BatchError)]


def test_text_reader_reads_utf8_cp1252_and_utf16(tmp_path):
    (tmp_path / "utf8.txt").write_text("Café owners said prices rose, according to the union.", encoding="utf-8")
    (tmp_path / "legacy.txt").write_bytes("Caf\u00e9 owners said \u201cprices rose\u201d.".encode("cp1252"))
    (tmp_path / "windows.txt").write_text("Officials said the bridge was safe.", encoding="utf-16")
    articles, errors = split(iter_articles([tmp_path]))
    assert errors == []
    by_id = {a.id: a.text for a in articles}
    assert by_id == {"legacy": "Café owners said “prices rose”.",
                     "utf8": "Café owners said prices rose, according to the union.",
                     "windows": "Officials said the bridge was safe."}


def test_text_reader_reports_binary_and_empty_files(tmp_path):
    (tmp_path / "photo.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    articles, errors = split(iter_articles([tmp_path]))
    assert articles[0].id == "blank"  # white space only: refused later by check_text, with the article's id
    reasons = {Path(e.source).name: str(e.error) for e in errors}
    assert "binary" in reasons["photo.txt"]
    assert "empty" in reasons["empty.txt"]


def test_html_reader_takes_main_text_and_metadata(tmp_path):
    story = STORIES[0]
    (tmp_path / "grain.html").write_text(page(story), encoding="utf-8")
    [article] = list(iter_articles([tmp_path / "grain.html"]))
    assert article.id == "grain"
    assert article.title == story["title"]
    assert article.byline == story["byline"]
    assert article.published == story["published"]
    assert article.outlet == OUTLET
    assert article.url == story["url"]
    assert article.text == story_text(story)  # no headline, navigation or footer; paragraphs kept


def test_html_reader_honours_the_declared_charset(tmp_path):
    story = dict(STORIES[2], paragraphs=["Der Wetterdienst warnte vor Hitze, sagte Jürgen Weiß am Dienstag in München.",
                                         STORIES[2]["paragraphs"][1]])
    (tmp_path / "latin.html").write_bytes(page(story, charset="iso-8859-1").encode("iso-8859-1"))
    [article] = list(iter_articles([tmp_path / "latin.html"]))
    assert "Jürgen Weiß" in article.text and "München" in article.text


def test_html_reader_reports_pages_without_an_article(tmp_path):
    (tmp_path / "broken.html").write_text("<html><head><title>x</title></head><body><div><<<>>></", encoding="utf-8")
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02<html>" * 50)
    (tmp_path / "chrome.html").write_text("<html><body><nav><a href='/'>Home</a></nav><script>track()</script></body></html>",
                                          encoding="utf-8")
    articles, errors = split(iter_articles([tmp_path]))
    assert articles == []
    assert {Path(e.source).name for e in errors} == {"broken.html", "binary.html", "chrome.html"}
    assert all(isinstance(e.error, InputError) for e in errors)


def test_html_reader_reads_a_truncated_page(tmp_path):
    text = page(STORIES[1])
    (tmp_path / "cut.html").write_text(text[: text.index("</article>")], encoding="utf-8")
    [article] = list(iter_articles([tmp_path / "cut.html"]))
    assert "union leader Maria Costa said" in article.text


def test_jsonl_reader_keeps_good_lines_and_reports_bad_ones(tmp_path):
    lines = [json.dumps({"id": "a1", "text": "The mayor said the road would reopen.", "outlet": "City Post",
                         "published": "2024-01-02", "url": "https://city.example/a1", "title": "Road"}),
             "{not json",
             json.dumps({"id": "a2", "title": "no text"}),
             "",
             json.dumps({"text": "A line without an id, police said."})]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = split(iter_articles([tmp_path / "batch.jsonl"]))
    assert [(a.id, a.outlet, a.published, a.url, a.title) for a in articles] == [
        ("a1", "City Post", "2024-01-02", "https://city.example/a1", "Road"), ("batch-5", None, None, None, None)]
    assert [(e.id, e.source.rsplit(" ", 2)[-2:]) for e in errors] == [("line-2", ["line", "2"]), ("a2", ["line", "3"])]


def test_jsonl_gz_reader_keeps_the_lines_before_a_truncation(tmp_path):
    lines = [json.dumps({"id": f"n{i}", "text": f"Story {i}: the minister said prices would fall. " + "x" * 300})
             for i in range(40)]
    whole = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"))
    (tmp_path / "whole.jsonl.gz").write_bytes(whole)
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    articles, errors = split(iter_articles([tmp_path / "whole.jsonl.gz"]))
    assert [a.id for a in articles] == [f"n{i}" for i in range(40)] and errors == []
    articles, errors = split(iter_articles([tmp_path / "cut.jsonl.gz"]))
    assert 0 < len(articles) < 40
    assert [a.id for a in articles] == [f"n{i}" for i in range(len(articles))]
    [error] = errors
    assert f"damaged gzip file after {len(articles)} whole line(s)" in str(error.error)


@pytest.mark.parametrize("compressed", [False, True], ids=["warc", "warc.gz"])
def test_warc_reader_takes_html_responses_only(tmp_path, compressed):
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    write_warc(path, STORIES, gzip=compressed)
    articles, errors = split(iter_articles([path]))
    assert errors == []
    assert [a.url for a in articles] == [s["url"] for s in STORIES]
    assert [a.text for a in articles] == [story_text(s) for s in STORIES]
    assert {a.outlet for a in articles} == {OUTLET}
    assert [a.published for a in articles] == [s["published"] for s in STORIES]


@pytest.mark.parametrize("compressed", [False, True], ids=["warc", "warc.gz"])
def test_warc_reader_keeps_articles_before_a_truncation(tmp_path, compressed):
    whole = tmp_path / "whole.warc"
    write_warc(whole, STORIES, gzip=compressed)
    data = whole.read_bytes()
    first_two = _offset_after_response(data, STORIES[1]["url"], compressed)
    cut = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    cut.write_bytes(data[: first_two + 200])  # a few bytes into the third story's records
    articles, errors = split(iter_articles([cut]))
    assert [a.url for a in articles] == [STORIES[0]["url"], STORIES[1]["url"]]
    [error] = errors
    assert "damaged after 2 HTML record(s)" in str(error.error)


def _offset_after_response(data: bytes, url: str, compressed: bool) -> int:
    """The file offset where the response record for ``url`` ends."""
    from io import BytesIO

    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(BytesIO(data))
    for record in records:
        if record.rec_type == "response" and record.rec_headers.get_header("WARC-Target-URI") == url:
            return records.get_record_offset() + records.get_record_length()
    raise AssertionError(url)


def test_warc_reader_reports_a_file_that_is_not_warc(tmp_path):
    (tmp_path / "fake.warc.gz").write_bytes(gzip.compress(b"this is a plain text file, not a crawl\n"))
    (tmp_path / "garbage.warc").write_bytes(b"\x1f\x8b\x08\x00 broken gzip header")
    articles, errors = split(iter_articles([tmp_path]))
    assert articles == []
    assert sorted(Path(e.source).name for e in errors) == ["fake.warc.gz", "garbage.warc"]
    assert all("cannot be read as a WARC file" in str(e.error) for e in errors)


def test_rss_reader_prefers_content_encoded_and_falls_back_to_summary(tmp_path):
    write_rss(tmp_path / "feed.rss", STORIES, summary_only=1)
    articles, errors = split(iter_articles([tmp_path / "feed.rss"]))
    assert errors == []
    assert [a.text for a in articles] == [story_text(s) for s in STORIES]
    first = articles[0]
    assert (first.id, first.url, first.title, first.byline, first.outlet, first.published) == (
        STORIES[0]["url"], STORIES[0]["url"], STORIES[0]["title"], STORIES[0]["byline"], OUTLET, "2024-03-05T09:30:00Z")


def test_atom_reader(tmp_path):
    write_atom(tmp_path / "feed.atom", STORIES)
    articles, errors = split(iter_articles([tmp_path / "feed.atom"]))
    assert errors == []
    assert [(a.title, a.text, a.byline, a.published[:10]) for a in articles] == [
        (s["title"], story_text(s), s["byline"], s["published"]) for s in STORIES]


def test_feed_reader_reports_xml_that_is_no_feed(tmp_path):
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>', encoding="utf-8")
    articles, errors = split(iter_articles([tmp_path / "sitemap.xml"]))
    assert articles == [] and "no RSS or Atom entries" in str(errors[0].error)


def test_unknown_names_are_sniffed_and_directories_skip_other_types(tmp_path):
    write_rss(tmp_path / "feed", STORIES[:1])  # no suffix: sniffed as a feed
    (tmp_path / "story").write_text("The council said it would vote in May.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "sub" / "b.txt").write_text("Police said two men were arrested.", encoding="utf-8")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "old.txt").write_text("hidden, never read", encoding="utf-8")
    from saywho.ingest.files import FileSet

    fileset = FileSet([tmp_path])
    assert fileset.skipped == [str(tmp_path / "feed"), str(tmp_path / "story"), str(tmp_path / "sub" / "logo.png")]
    assert [a.id for a in iter_articles([tmp_path])] == ["b"]
    named = [a.text for a in iter_articles([tmp_path / "feed", tmp_path / "story"])]
    assert named == [story_text(STORIES[0]), "The council said it would vote in May."]


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        list(iter_articles([tmp_path / "nope.jsonl"]))


@pytest.mark.parametrize("fragment, text", [
    ("<p>One <b>bold</b> claim.</p><p>Two.</p>", "One bold claim.\n\nTwo."),
    ("Line one<br/>line two", "Line one\n\nline two"),
    ("<div>Kept<script>var x = 1;</script> text</div><!-- note -->", "Kept text"),
    ("no markup at all", "no markup at all"),
])
def test_fragment_to_text(fragment, text):
    assert fragment_to_text(fragment) == text


def test_bundled_example_corpus_reads_cleanly():
    articles, errors = split(iter_articles([EXAMPLES]))
    assert errors == []
    assert len(articles) == 48
    assert len({a.text for a in articles}) == 48  # each article in exactly one file
    suffixes = {p.name.split(".", 1)[1] for p in EXAMPLES.iterdir()}
    assert suffixes == {"txt", "html", "warc.gz", "rss", "atom", "jsonl", "md"}
    with_meta = [a for a in articles if a.url]
    assert len(with_meta) == 42 and all(a.title and a.published and a.outlet == "Wikinews" for a in with_meta)
    assert sum(p.stat().st_size for p in EXAMPLES.iterdir()) < 2_000_000
