"""Articles from plain-text files: the whole file is one article, its name (without suffix) the id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..articles import Article, BatchError, decode_text
from ..errors import InputError

# Byte-order marks of the UTF-16 files that Windows tools still write; decode_text refuses them as binary.
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_text_file(path: Path) -> Iterator[Article | BatchError]:
    """One Article for the file, or a BatchError saying why it cannot be read."""
    try:
        yield Article(text=decode_file_bytes(path.read_bytes(), source=str(path)), id=path.stem)
    except InputError as exc:
        yield BatchError(path.stem, exc, source=str(path))
    except OSError as exc:
        yield BatchError(path.stem, InputError(f"cannot read {path}: {exc.strerror or exc}"), source=str(path))


def decode_file_bytes(data: bytes, *, source: str) -> str:
    """UTF-8 (or clean cp1252) via decode_text; UTF-16 only when a byte-order mark says so."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{source} starts with a UTF-16 byte-order mark but is not valid UTF-16: {exc.reason}") from exc
    return decode_text(data, source=source)
