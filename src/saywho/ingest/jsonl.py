"""Articles from JSON Lines: one ``{"id", "text", ...}`` object a line (the JSON contract's input)."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from ..articles import Article, BatchError
from ..errors import InputError

ARTICLE_FIELDS = ("id", "text", "title", "url", "outlet", "published", "byline")


def jsonl_articles(stream: BinaryIO, name: str, *, id: str, max_line_bytes: int) -> Iterator[Article | BatchError]:
    """One Article per line of ``stream``, read one line at a time: memory stays within ``max_line_bytes``.

    A line longer than that is skipped unread (reported, the next lines still count); a gzip
    stream that ends early keeps the whole lines before the damage and reports the rest.
    """
    yield from articles_from_lines(_bounded_lines(stream, name, max_line_bytes), source=name, id_prefix=id)


class _LongLine(bytes):
    """Stands in for a line over the size limit: its length in bytes, nothing of its text."""

    size = 0


class _Damage(bytes):
    """Stands in for the rest of a damaged gzip stream: why it could not be read."""

    reason = ""


def _bounded_lines(stream: BinaryIO, name: str, limit: int) -> Iterator[bytes]:
    whole = 0
    try:
        while line := stream.readline(limit + 1):
            if len(line) > limit and not line.endswith(b"\n"):
                size = len(line)
                while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                    size += len(rest)  # skip the rest of the line in bounded reads
                size += len(rest)
                too_long = _LongLine(b"")
                too_long.size = size
                yield too_long
            else:
                yield line
            whole += 1
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        damage = _Damage(b"")
        damage.reason = (f"{name} is a damaged gzip file after {whole} whole line(s) ({exc}); "
                         "the lines before the damage were read")
        yield damage


def articles_from_lines(lines: Iterable[str | bytes], *, source: str = "input",
                        id_prefix: str | None = None) -> Iterator[Article | BatchError]:
    """One Article per non-blank line; a line that is not a valid article yields a BatchError.

    With ``id_prefix``, a record without an ``id`` gets ``<id_prefix>-<line number>``.
    """
    for number, line in enumerate(lines, start=1):
        if isinstance(line, _Damage):
            yield BatchError(source, InputError(line.reason), source=source)
            return
        if isinstance(line, _LongLine):
            yield too_long_line(line.size, number, source)
            continue
        if (item := article_from_line(line, number, source=source, id_prefix=id_prefix)) is not None:
            yield item


def article_from_line(line: str | bytes, number: int, *, source: str,
                      id_prefix: str | None = None) -> Article | BatchError | None:
    """The article on line ``number`` of ``source`` (None for a blank line), or why it is not one.
    (``saywho batch`` reads a large file's lines in several tasks, each line with its number.)"""
    where = f"{source} line {number}"
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return BatchError(f"line-{number}", InputError(f"{where} is not valid UTF-8: {exc.reason}"), source=where)
    if not line.strip():
        return None
    try:
        article = article_from_record(json.loads(line), where=where)
    except json.JSONDecodeError as exc:
        return BatchError(f"line-{number}", InputError(f"{where} is not valid JSON: {exc.msg} (column {exc.colno})"),
                          source=where)
    except InputError as exc:
        return BatchError(_record_id(line) or f"line-{number}", exc, source=where)
    article.source = where
    if id_prefix and not article.id:
        article.id = f"{id_prefix}-{number}"
    return article


def too_long_line(size: int, number: int, source: str) -> BatchError:
    """Line ``number`` of ``source``, ``size`` bytes with its line end, is longer than a line may be."""
    return BatchError(f"line-{number}", InputError(
        f"{source} line {number} is {size:,} bytes long, more than an article within max_chars can take; "
        "it was skipped unread (split it, or raise max_chars / --max-chars)"), source=f"{source} line {number}")


def article_from_record(record: Any, *, where: str = "record") -> Article:
    """An Article from one decoded JSON object; InputError when it lacks a usable ``text``."""
    if not isinstance(record, dict):
        raise InputError(f"{where} must be a JSON object with a \"text\" field, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where} has no \"text\" string (found {type(text).__name__})")
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    fields = {name: _as_str(record.get(name, meta.get(name))) for name in ARTICLE_FIELDS if name != "text"}
    if not fields["published"] and meta.get("date"):
        fields["published"] = _as_str(meta["date"])
    if not fields["outlet"] and meta.get("publisher"):
        fields["outlet"] = _as_str(meta["publisher"])
    extra = {k: v for k, v in record.items() if k not in ARTICLE_FIELDS and k != "meta"}
    return Article(text=text, extra=extra, **fields)


def _as_str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _record_id(line: str) -> str | None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    return _as_str(record.get("id")) if isinstance(record, dict) else None
