"""Finding the articles in files and directories: which reader reads which file.

``iter_articles(paths)`` walks directories (recursively, in sorted order so that runs repeat),
picks a reader by file name, or by sniffing the first bytes where the name says nothing, and
yields Article or BatchError. A directory's files of other types (images, READMEs) are skipped
and listed, never read.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..articles import Article, BatchError
from ..errors import InputError
from .feeds import read_feed_file
from .html import read_html_file
from .jsonl import articles_from_lines
from .text import read_text_file
from .warc import count_warc_articles, read_warc_file

Reader = Callable[[Path], Iterator[Article | BatchError]]

# File name endings, longest first, and the format each one means.
SUFFIX_FORMATS: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"), (".warc", "warc"),
    (".jsonl.gz", "jsonl"), (".ndjson.gz", "jsonl"), (".jsonl", "jsonl"), (".ndjson", "jsonl"),
    (".html", "html"), (".htm", "html"), (".xhtml", "html"),
    (".rss", "feed"), (".atom", "feed"), (".xml", "feed"),
    (".txt", "text"), (".text", "text"),
)


def read_jsonl_file(path: Path) -> Iterator[Article | BatchError]:
    """One Article per line (gzipped or not); a line without an id gets ``<file stem>-<line number>``."""
    try:
        lines, damage = _jsonl_lines(path)
    except OSError as exc:
        yield BatchError(path.name, InputError(f"cannot read {path}: {exc.strerror or exc}"), source=str(path))
        return
    yield from articles_from_lines(lines, source=str(path), id_prefix=_stem(path))
    if damage:
        yield BatchError(path.name, damage, source=str(path))


def _jsonl_lines(path: Path) -> tuple[list[bytes], InputError | None]:
    """The file's lines, and what went wrong if a gzip stream ends early (the whole lines before it count)."""
    with path.open("rb") as handle:
        compressed = handle.read(2) == b"\x1f\x8b"
    if not compressed:
        return path.read_bytes().splitlines(), None
    lines: list[bytes] = []
    try:
        with gzip.open(path, "rb") as handle:
            lines.extend(handle)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        if lines and not lines[-1].endswith(b"\n"):
            lines.pop()  # cut short by the damage
        return lines, InputError(f"{path} is a damaged gzip file after {len(lines)} whole line(s) ({exc}); "
                                 "the lines before the damage were read")
    return lines, None


READERS: dict[str, Reader] = {
    "text": read_text_file,
    "html": read_html_file,
    "jsonl": read_jsonl_file,
    "warc": read_warc_file,
    "feed": read_feed_file,
}


class FileSet:
    """The input files of one run, with the directory entries skipped as not articles."""

    def __init__(self, paths: Iterable[str | Path]) -> None:
        self.files: list[tuple[Path, str | None]] = []
        self.skipped: list[str] = []
        for path in map(Path, paths):
            self._add(path)

    def _add(self, path: Path) -> None:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)):
                fmt = format_by_name(child)
                if fmt is None:
                    self.skipped.append(str(child))
                else:
                    self.files.append((child, fmt))
        elif path.is_file():
            self.files.append((path, format_by_name(path)))  # unknown names are sniffed when read
        elif path.exists():
            self.files.append((path, None))  # a FIFO or device: the reader reports it
        else:
            raise InputError(f"{path} does not exist; give article files or directories of them")


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | BatchError]:
    """Every article in ``paths`` (files or directories), as Article or BatchError, in a stable order."""
    yield from iter_files(FileSet(paths))


def iter_files(fileset: FileSet) -> Iterator[Article | BatchError]:
    for path, fmt in fileset.files:
        if _is_empty(path):
            yield BatchError(path.name, InputError(f"{path} is empty: there is no article to read"), source=str(path))
            continue
        fmt = fmt or sniff_format(path)
        if fmt is None:
            yield BatchError(path.name, InputError(f"{path} is not a file type saywho reads "
                                                   "(.txt, .html, .jsonl, .warc, .warc.gz, .rss, .atom, .xml)"),
                             source=str(path))
            continue
        yield from READERS[fmt](path)


def format_by_name(path: Path) -> str | None:
    name = path.name.lower()
    return next((fmt for suffix, fmt in SUFFIX_FORMATS if name.endswith(suffix)), None)


def sniff_format(path: Path) -> str | None:
    """The format of a file with an unhelpful name, from its first bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return "text"  # the text reader reports the OSError with the path
    if head.startswith(b"\x1f\x8b"):
        head = _gunzip_head(path)
    if head.startswith(b"WARC/"):
        return "warc"
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
    """About how many articles the files hold, cheaply (no HTML parsing), for progress and ETA."""
    total = 0
    for path, fmt in fileset.files:
        try:
            if fmt == "jsonl":
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            elif fmt == "warc":
                total += count_warc_articles(path)
            elif fmt == "feed":
                data = path.read_bytes()
                total += max(1, data.count(b"<item") + data.count(b"<entry"))
            else:
                total += 1
        except OSError:
            total += 1
    return total


def _stem(path: Path) -> str:
    """The file name without the ending that names its format ("day.1.jsonl.gz" -> "day.1")."""
    name = path.name
    suffix = next((suffix for suffix, _ in SUFFIX_FORMATS if name.lower().endswith(suffix)), path.suffix)
    return name[: len(name) - len(suffix)] if suffix else name


def _is_empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return False  # the reader reports why it cannot be read


def _gunzip_head(path: Path) -> bytes:
    try:
        with gzip.open(path, "rb") as handle:
            return handle.read(4096)
    except (OSError, EOFError):
        return b""


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
