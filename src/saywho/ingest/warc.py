"""Articles from WARC files (``.warc``, ``.warc.gz``), as Common Crawl News writes them.

Every ``response`` record whose HTTP status is 200 and whose payload is HTML becomes one article
(main text via trafilatura, URL from ``WARC-Target-URI``). Requests, metadata, redirects and
non-HTML payloads are not articles and pass silently. A damaged file (truncated gzip, garbage
after some good records) yields every article before the damage, then one BatchError.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..articles import Article, BatchError
from ..errors import InputError
from .html import article_from_html

# Pages larger than this are not news articles (archives of binaries, data dumps).
MAX_PAGE_BYTES = 20_000_000


class _Damaged(Exception):
    """A record that is not whole: its bytes end early or its header is cut."""


def warc_articles(stream: BinaryIO, name: str) -> Iterator[Article | BatchError]:
    """One Article (or BatchError) per HTML response record of the WARC ``stream``, in order."""
    from warcio.archiveiterator import ArchiveIterator

    number = 0
    end = 0  # where the last whole record ends: warcio stops silently at a truncated one
    try:
        records = ArchiveIterator(stream)
        for record in records:
            item = _article_from_record(record, name, number + 1) if _is_html_response(record) else None
            offset = records.get_record_offset()  # reads to the record's end
            end = offset + records.get_record_length()
            _check_whole(record, first=offset == 0)
            if item is not None:
                number += 1
                yield item
        tail = _unread_tail(stream, end)
    except OSError as exc:
        yield BatchError(name, InputError(f"cannot read {name}: {exc.strerror or exc}"), source=name)
        return
    except _Damaged as exc:
        yield BatchError(name, InputError(_damage_message(name, number, str(exc))), source=name)
        return
    except Exception as exc:  # warcio raises ArchiveLoadFailed, EOFError, zlib.error ... on damaged files
        detail = f"{type(exc).__name__}: {exc}"
        yield BatchError(name, InputError(_damage_message(name, number, detail)), source=name)
        return
    if tail:
        detail = f"{tail:,} bytes from offset {end:,} are not whole WARC records (truncated or corrupt)"
        yield BatchError(name, InputError(_damage_message(name, number, detail)), source=name)


def _check_whole(record, *, first: bool) -> None:
    if record.format != "warc":
        raise _Damaged("this is not a WARC file" if first else "a record is not a WARC record")
    if record.length is None or getattr(record.raw_stream, "limit", 0):
        raise _Damaged("a record ends before its Content-Length (truncated file)")


def _article_from_record(record, name: str, number: int) -> Article | BatchError:
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{name} record {number} ({url})"
    payload = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(payload) > MAX_PAGE_BYTES:
        return BatchError(url, InputError(f"{where} is over {MAX_PAGE_BYTES:,} bytes, not a news page"), source=where)
    try:
        return article_from_html(payload, id=url or f"{name}#{number}", source=where, url=url)
    except InputError as exc:
        return BatchError(url, exc, source=where)


def _unread_tail(stream: BinaryIO, end: int) -> int:
    """How many bytes after ``end`` are left unread, unless they are only white space (0 on a pipe)."""
    if not stream.seekable():
        return 0
    size = stream.seek(0, 2)
    stream.seek(end)
    while chunk := stream.read(65536):
        if chunk.strip():
            return size - end
    return 0


def count_warc_articles(path: Path) -> int:
    """How many records ``read_warc_file`` would turn into articles (no HTML parsing)."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                count += _is_html_response(record)
    except Exception:  # a damaged file: the reader reports it; the estimate counts what it saw
        pass
    return count


def _is_html_response(record) -> bool:
    if record.format != "warc" or record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return "html" in content_type


def _damage_message(path: str, records_read: int, detail: str) -> str:
    if not records_read:
        return f"{path} cannot be read as a WARC file ({detail.strip()}); no article was taken from it"
    return (f"{path} is damaged after {records_read} HTML record(s) ({detail.strip()}); "
            "the articles before the damage were read, the rest of the file was skipped")
