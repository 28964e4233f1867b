"""``saywho extract``: attributions from text files or JSONL articles, as JSONL, JSON or a table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..articles import Article, BatchError
from ..errors import InputError
from ..options import ExtractOptions
from ..records import Result
from .options import extraction_flags
from .output import open_output, progress, render_result_table


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)


@extraction_flags()
def extract_command(
    files: list[str] = typer.Argument(..., help="Article files (.txt, .html, .jsonl(.gz), .warc(.gz), .rss/.atom/.xml), read as saywho ingest reads them; '-' reads standard input."),
    format: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", "-f", help="jsonl: one result a line (the JSON contract); json: indented; table: for people."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    input_format: str = typer.Option("auto", "--input-format", help="auto (by file name, else sniffed), text, html, jsonl, warc or feed."),
    *,
    options: ExtractOptions,
) -> None:
    """Extract every attribution from articles.

    A batch keeps going past bad articles: each gets an error record under its id, and the
    command exits with status 1 at the end if any failed.
    """
    from ..extract import extract_many  # spaCy: loaded when a command runs, not for --help

    failed = 0
    with open_output(output) as out:
        for item in progress(extract_many(_read_articles(files, input_format, options.max_chars), options=options), label="Extracting"):
            if isinstance(item, BatchError):
                failed += 1
                typer.secho(f"Error: {item.id}: {item.error}", err=True, fg="red")
                if format is not OutputFormat.table:
                    out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                continue
            _write_result(item, format, out)
    if failed:
        raise typer.Exit(1)


def _write_result(result: Result, format: OutputFormat, out) -> None:
    if format is OutputFormat.table:
        render_result_table(result, out)
    elif format is OutputFormat.json:
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")


def _read_articles(files: list[str], input_format: str, max_chars: int) -> Iterator[Article | BatchError]:
    """The articles of ``files`` through the one format registry that ``saywho ingest`` uses too."""
    from ..ingest.formats import FORMATS, read_path

    if input_format != "auto" and input_format not in FORMATS:
        raise InputError(f"--input-format must be auto, {', '.join(FORMATS)}, not {input_format!r}")
    fmt = None if input_format == "auto" else input_format
    for name in files:
        yield from read_path(name, format=fmt, max_chars=max_chars)
