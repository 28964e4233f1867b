"""Which files a run reads: paths and directories walked into a list, every entry accounted for.

Directories are walked recursively in sorted order (so runs repeat), following symbolic links
to directories once each. A directory's files of other types (images, READMEs) are skipped and
listed; what cannot be walked (an unreadable folder, a symlink loop, a dangling link) is kept
as a problem with its reason, so the run's summary reports it instead of dropping it.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError

# File name endings, longest first, and the format each one means.
SUFFIX_FORMATS: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"), (".warc", "warc"),
    (".jsonl.gz", "jsonl"), (".ndjson.gz", "jsonl"), (".jsonl", "jsonl"), (".ndjson", "jsonl"),
    (".html", "html"), (".htm", "html"), (".xhtml", "html"),
    (".rss", "feed"), (".atom", "feed"), (".xml", "feed"),
    (".txt", "text"), (".text", "text"),
)


def format_by_name(name: str | Path) -> str | None:
    """The format a file name's ending means, or None."""
    lowered = Path(name).name.lower()
    return next((fmt for suffix, fmt in SUFFIX_FORMATS if lowered.endswith(suffix)), None)


def stem(name: str | Path) -> str:
    """The file name without the ending that names its format ("day.1.jsonl.gz" -> "day.1")."""
    path = Path(name)
    base = path.name
    suffix = next((suffix for suffix, _ in SUFFIX_FORMATS if base.lower().endswith(suffix)), path.suffix)
    return base[: len(base) - len(suffix)] if suffix else base


class FileSet:
    """The input files of one run: ``files`` to read, ``skipped`` (not articles), ``problems`` (unreadable).

    ``files`` holds (path, format) pairs, format None where the reader sniffs it. ``problems``
    holds (path, InputError) for entries that cannot be read at all.
    """

    def __init__(self, paths: Iterable[str | Path]) -> None:
        self.files: list[tuple[Path, str | None]] = []
        self.skipped: list[str] = []
        self.problems: list[tuple[Path, InputError]] = []
        for path in map(Path, paths):
            self._add(path)

    def _add(self, path: Path) -> None:
        if path.is_symlink() and (problem := _broken_link(path)):
            self.problems.append((path, problem))
        elif path.is_dir():
            self._walk(path, path, set())
        elif path.is_file():
            self.files.append((path, format_by_name(path)))  # unknown names are sniffed when read
        elif path.exists():
            self.files.append((path, None))  # a FIFO or device: the reader reports it
        else:
            raise InputError(f"{path} does not exist; give article files or directories of them")

    def _walk(self, folder: Path, root: Path, seen: set[tuple[int, int]]) -> None:
        try:
            info = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self.problems.append((folder, InputError(f"cannot read the folder {folder}: {exc.strerror or exc}")))
            return
        if (info.st_dev, info.st_ino) in seen:
            self.problems.append((folder, InputError(f"{folder} is a symbolic link back into a folder already "
                                                     "being read (a loop); it was not followed")))
            return
        seen = seen | {(info.st_dev, info.st_ino)}
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden files and folders (.git, editor caches) are never articles
            child = Path(entry.path)
            if entry.is_symlink() and (problem := _broken_link(child)):
                self.problems.append((child, problem))
            elif entry.is_dir():
                self._walk(child, root, seen)
            elif (fmt := format_by_name(child)) is None:
                self.skipped.append(str(child))
            elif entry.is_file():
                self.files.append((child, fmt))
            else:
                self.problems.append((child, InputError(f"{child} is not a regular file (a FIFO, socket or "
                                                        "device); it was not read")))


def _broken_link(path: Path) -> InputError | None:
    """Why the symbolic link ``path`` cannot be followed, or None when it leads somewhere."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return InputError(f"{path} is a symbolic link loop; it was not followed")
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return InputError(f"{path} is a dangling symbolic link (its target {target!r} cannot be reached: "
                          f"{exc.strerror or exc})")
    return None
