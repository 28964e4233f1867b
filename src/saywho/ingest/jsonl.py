"""Articles from JSON Lines: one ``{"id", "text", ...}`` object a line (the JSON contract's input)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..articles import Article, BatchError
from ..errors import InputError

ARTICLE_FIELDS = ("id", "text", "title", "url", "outlet", "published", "byline")


def articles_from_lines(lines: Iterable[str | bytes], *, source: str = "input",
                        id_prefix: str | None = None) -> Iterator[Article | BatchError]:
    """One Article per non-blank line; a line that is not a valid article yields a BatchError.

    With ``id_prefix``, a record without an ``id`` gets ``<id_prefix>-<line number>``.
    """
    for number, line in enumerate(lines, start=1):
        where = f"{source} line {number}"
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                yield BatchError(f"line-{number}", InputError(f"{where} is not valid UTF-8: {exc.reason}"), source=where)
                continue
        if not line.strip():
            continue
        try:
            article = article_from_record(json.loads(line), where=where)
            if id_prefix and not article.id:
                article.id = f"{id_prefix}-{number}"
            yield article
        except json.JSONDecodeError as exc:
            yield BatchError(f"line-{number}", InputError(f"{where} is not valid JSON: {exc.msg} (column {exc.colno})"), source=where)
        except InputError as exc:
            yield BatchError(_record_id(line) or f"line-{number}", exc, source=where)


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
