"""Articles from WARC files (``.warc``, ``.warc.gz``), as Common Crawl News writes them.

Every ``response`` record whose HTTP status is 200 and whose payload is HTML becomes one article
(main text via trafilatura, URL from ``WARC-Target-URI``). Requests, metadata, redirects and
non-HTML payloads are not articles and pass silently. A damaged file (truncated gzip, garbage
after some good records) yields every article before the damage, then one BatchError.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..articles import Article, BatchError
from ..errors import InputError
from .html import article_from_html

# Pages larger than this are not news articles (archives of binaries, data dumps).
MAX_PAGE_BYTES = 20_000_000


def read_warc_file(path: Path) -> Iterator[Article | BatchError]:
    """One Article (or BatchError) per HTML response record, in file order."""
    from warcio.archiveiterator import ArchiveIterator

    number = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if not _is_html_response(record):
                    continue
                number += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{path} record {number} ({url})"
                payload = record.content_stream().read(MAX_PAGE_BYTES + 1)
                if len(payload) > MAX_PAGE_BYTES:
                    yield BatchError(url, InputError(f"{where} is over {MAX_PAGE_BYTES:,} bytes, not a news page"), source=where)
                    continue
                try:
                    yield article_from_html(payload, id=url or f"{path.name}#{number}", source=where, url=url)
                except InputError as exc:
                    yield BatchError(url, exc, source=where)
    except OSError as exc:
        yield BatchError(path.name, InputError(f"cannot read {path}: {exc.strerror or exc}"), source=str(path))
    except Exception as exc:  # warcio raises ArchiveLoadFailed, EOFError, zlib.error ... on damaged files
        yield BatchError(path.name, InputError(_damage_message(path, number, exc)), source=str(path))


def count_warc_articles(path: Path) -> int:
    """How many records ``read_warc_file`` would turn into articles (no HTML parsing)."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        with path.open("rb") as stream:
            count = sum(1 for record in ArchiveIterator(stream) if _is_html_response(record))
    except Exception:  # a damaged file: the reader reports it; the estimate counts what it saw
        pass
    return count


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return "html" in content_type


def _damage_message(path: Path, records_read: int, exc: Exception) -> str:
    kind = type(exc).__name__
    detail = str(exc).strip() or kind
    return (f"{path} is damaged after {records_read} HTML record(s) ({kind}: {detail}); "
            "the articles before the damage were read, the rest of the file was skipped")
