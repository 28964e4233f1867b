"""One format registry: every input reader works on bytes plus a source name.

``read_bytes(data, name)`` and ``read_stream(stream, name)`` pick the format from the name's
ending, else sniff it from the first bytes, and yield Article or BatchError. ``read_path`` and
``iter_articles(paths)`` read files and directories through the same registry, so ``saywho
extract``, ``saywho ingest`` and batch jobs get the same articles from the same bytes.

Memory is bounded by ``max_chars`` (the longest article accepted): a text, page or feed is read
whole only up to the bytes such an article can take, and JSON Lines one line at a time up to
that bound; anything larger is refused after reading no more than the bound. gzip inputs are
decompressed as they are read, so a small file that expands to gigabytes is refused the same way.
"""

from __future__ import annotations

import gzip
import io
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..articles import UTF16_BOMS, Article, BatchError
from ..errors import InputError
from .feeds import feed_articles
from .files import FileSet, format_by_name, stem
from .html import html_articles
from .jsonl import jsonl_articles
from .text import text_articles
from .warc import MAX_PAGE_BYTES, count_warc_articles, warc_articles

__all__ = ["FORMATS", "FileSet", "Limits", "estimate_count", "format_by_name", "iter_articles", "iter_files",
           "plain_utf8", "read_bytes", "read_path", "read_stream", "sniff_format"]

HEAD_BYTES = 65536  # bytes looked at to sniff a format and to spot binary data
_GZIP_MAGIC = b"\x1f\x8b"
_FEED_BYTES = 64 * 1024 * 1024  # a feed file holds many entries; none the size of a book
_KNOWN = ".txt, .html, .jsonl(.gz), .warc(.gz), .rss, .atom, .xml"


@dataclass(frozen=True)
class Limits:
    """How many bytes a reader may hold at once, from the longest article accepted (``max_chars``)."""

    max_chars: int

    @classmethod
    def of(cls, max_chars: int | None) -> "Limits":
        if max_chars is None:
            from ..options import ExtractOptions

            max_chars = ExtractOptions.defaults().max_chars
        return cls(max_chars)

    @property
    def text_bytes(self) -> int:
        return 4 * self.max_chars + 4  # UTF-8 and UTF-16 take at most 4 bytes a character, plus a BOM

    @property
    def line_bytes(self) -> int:
        return 6 * self.max_chars + (1 << 20)  # JSON may escape every character as \uXXXX; 1 MiB of metadata

    @property
    def page_bytes(self) -> int:
        return max(MAX_PAGE_BYTES, self.text_bytes)  # markup around the text

    @property
    def feed_bytes(self) -> int:
        return max(_FEED_BYTES, self.text_bytes)


@dataclass(frozen=True)
class Format:
    """A registered input format: its name and how to read a stream of it."""

    name: str
    read: Callable[[BinaryIO, str, str, Limits], Iterator[Article | BatchError]]


def _whole(reader: Callable[..., Iterator[Article | BatchError]], limit: Callable[[Limits], int]):
    """A stream reader for a format that parses the whole input at once, read up to its byte bound."""

    def read(stream: BinaryIO, name: str, id: str, limits: Limits) -> Iterator[Article | BatchError]:
        bound = limit(limits)
        data = stream.read(bound + 1)
        if len(data) > bound:
            yield BatchError(id, InputError(
                f"{name} is over {bound:,} bytes: more than the limit of {limits.max_chars:,} characters "
                "(max_chars) allows; it was refused after reading that much (split it, or raise --max-chars)"),
                source=name)
            return
        yield from reader(data, name, id=id)

    return read


def _jsonl(stream: BinaryIO, name: str, id: str, limits: Limits) -> Iterator[Article | BatchError]:
    return jsonl_articles(stream, name, id=id, max_line_bytes=limits.line_bytes)


def _warc(stream: BinaryIO, name: str, id: str, limits: Limits) -> Iterator[Article | BatchError]:
    return warc_articles(stream, name)


FORMATS: dict[str, Format] = {
    "text": Format("text", _whole(text_articles, lambda limits: limits.text_bytes)),
    "html": Format("html", _whole(html_articles, lambda limits: limits.page_bytes)),
    "jsonl": Format("jsonl", _jsonl),
    "warc": Format("warc", _warc),
    "feed": Format("feed", _whole(feed_articles, lambda limits: limits.feed_bytes)),
}


def read_bytes(data: bytes, name: str, *, format: str | None = None,
               max_chars: int | None = None) -> Iterator[Article | BatchError]:
    """Every article in ``data``, read as the file ``name`` would be (format by name, else sniffed)."""
    return read_stream(io.BytesIO(data), name, format=format, max_chars=max_chars)


def read_stream(stream: BinaryIO, name: str, *, format: str | None = None, max_chars: int | None = None,
                id: str | None = None) -> Iterator[Article | BatchError]:
    """Every article in a binary ``stream`` called ``name``; reads only as much as ``max_chars`` allows."""
    if format is not None and format not in FORMATS:
        raise InputError(f"input format must be one of {', '.join(FORMATS)}, not {format!r}")
    limits = Limits.of(max_chars)
    id = id or stem(name)
    try:
        stream, head = _peek(stream)
    except OSError as exc:
        yield BatchError(id, InputError(f"cannot read {name}: {exc.strerror or exc}"), source=name)
        return
    if not head:
        yield BatchError(id, InputError(f"{name} is empty: there is no article to read"), source=name)
        return
    compressed = head.startswith(_GZIP_MAGIC)
    plain_head = _gunzip_head(head) if compressed else head
    fmt = format or format_by_name(name) or sniff_format(plain_head)
    if fmt is None:
        what = "looks like binary data (it contains NUL bytes) and " if b"\x00" in plain_head else ""
        yield BatchError(id, InputError(f"{name} {what}is not a file type saywho reads ({_KNOWN})"), source=name)
        return
    if fmt != "warc":  # warcio reads gzipped WARC record by record itself
        if b"\x00" in plain_head and not plain_head.startswith(UTF16_BOMS):
            yield BatchError(id, InputError(f"{name} looks like binary data (it contains NUL bytes), not "
                                            f"{'an article' if fmt == 'text' else 'a ' + fmt + ' file'}"), source=name)
            return
        if compressed:
            stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
    try:
        yield from FORMATS[fmt].read(stream, name, id, limits)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield BatchError(id, InputError(f"{name} is a damaged gzip file ({exc}); nothing of it was read"),
                         source=name)
    except OSError as exc:
        yield BatchError(id, InputError(f"cannot read {name}: {exc.strerror or exc}"), source=name)


def read_path(path: str | Path, *, format: str | None = None,
              max_chars: int | None = None) -> Iterator[Article | BatchError]:
    """Every article in the file ``path`` ('-' reads standard input), streamed within the memory bound."""
    if str(path) == "-":
        yield from read_stream(sys.stdin.buffer, "-", format=format, max_chars=max_chars, id="stdin")
        return
    path = Path(path)
    name, id = str(path), stem(path)
    try:
        mode = path.stat().st_mode
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            yield BatchError(id, InputError(f"{name} is a named pipe or socket, not a file; give a regular file, "
                                            "or '-' to read standard input"), source=name)
            return
        with path.open("rb") as stream:
            yield from read_stream(stream, name, format=format, max_chars=max_chars, id=id)
    except IsADirectoryError:
        yield BatchError(id, InputError(f"{name} is a folder; saywho ingest reads folders"), source=name)
    except OSError as exc:
        yield BatchError(id, InputError(f"cannot read {name}: {exc.strerror or exc}"), source=name)


def iter_articles(paths: Iterable[str | Path], *, max_chars: int | None = None) -> Iterator[Article | BatchError]:
    """Every article in ``paths`` (files or directories), as Article or BatchError, in a stable order."""
    yield from iter_files(FileSet(paths), max_chars=max_chars)


def iter_files(fileset: FileSet, *, max_chars: int | None = None) -> Iterator[Article | BatchError]:
    """The articles of a FileSet's files, after one BatchError for each entry that could not be walked."""
    for path, problem in fileset.problems:
        yield BatchError(path.name, problem, source=str(path))
    for path, fmt in fileset.files:
        yield from read_path(path, format=fmt, max_chars=max_chars)


def plain_utf8(head: bytes) -> bool:
    """Whether a file's first bytes are those of plain text read as they are: not gzip-compressed,
    not binary (NUL bytes), not UTF-16 (``saywho batch`` reads only such JSON Lines by lines)."""
    return not head.startswith(_GZIP_MAGIC) and b"\x00" not in head and not head.startswith(UTF16_BOMS)


def sniff_format(head: bytes) -> str | None:
    """The format of an input with an unhelpful name, from its first (decompressed) bytes."""
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(UTF16_BOMS):
        return "text"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"{"):
        return "jsonl"
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    if lowered.startswith(b"<?xml") or lowered.startswith((b"<rss", b"<feed")):
        return "feed" if (b"<rss" in lowered or b"<feed" in lowered or b"<rdf" in lowered) else "html"
    if b"\x00" in head:
        return None
    return "text"


def estimate_count(fileset: FileSet) -> int:
    """About how many articles the files hold, cheaply (no parsing, bounded reads), for progress and ETA."""
    total = len(fileset.problems)
    for path, fmt in fileset.files:
        try:
            if fmt == "jsonl" and not path.name.lower().endswith(".gz"):
                total += max(1, _count_newlines(path))
            elif fmt == "warc":
                total += count_warc_articles(path)
            elif fmt == "feed" and path.stat().st_size <= _FEED_BYTES:
                data = path.read_bytes()
                total += max(1, data.count(b"<item") + data.count(b"<entry"))
            else:
                total += 1
        except OSError:
            total += 1
    return total


def _count_newlines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
    return count


def _peek(stream: BinaryIO) -> tuple[BinaryIO, bytes]:
    """The first bytes of ``stream``, and a stream that still starts at them."""
    if stream.seekable():
        start = stream.tell()
        head = stream.read(HEAD_BYTES)
        stream.seek(start)
        return stream, head
    head = stream.read(HEAD_BYTES)
    return io.BufferedReader(_Prefixed(head, stream)), head  # type: ignore[return-value]


class _Prefixed(io.RawIOBase):
    """A pipe's first bytes (already read to sniff it) followed by the rest of the pipe."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _gunzip_head(head: bytes) -> bytes:
    """The first decompressed bytes of a gzip stream's first bytes (empty when they are damaged)."""
    try:
        return zlib.decompressobj(31).decompress(head, 4096)
    except zlib.error:
        return b""

