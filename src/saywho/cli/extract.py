"""``saywho extract``: attributions from text files or JSONL articles, as JSONL, JSON or a table."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..articles import Article, BatchError, decode_text
from ..errors import InputError
from ..extract import extract_many
from ..ingest.jsonl import articles_from_lines
from ..options import ExtractOptions
from ..records import Result
from .output import open_output, progress, render_result_table


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)


def extract_command(
    files: list[str] = typer.Argument(..., help="Plain-text articles, or .jsonl files of {id, text, ...}; '-' reads standard input."),
    format: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", "-f", help="jsonl: one result a line (the JSON contract); json: indented; table: for people."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    input_format: str = typer.Option("auto", "--input-format", help="auto (by extension), text or jsonl."),
    method: Optional[str] = typer.Option(None, "--method", help="hybrid, rules, model (CRF) or neural."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline package to load."),
    max_chars: Optional[int] = typer.Option(None, "--max-chars", help="Refuse articles longer than this."),
    n_process: Optional[int] = typer.Option(None, "--n-process", help="Worker processes for spaCy."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", help="Articles per spaCy batch."),
    entities: Optional[bool] = typer.Option(None, "--entities/--no-entities", help="Include canonical entities."),
    quantities: Optional[bool] = typer.Option(None, "--quantities/--no-quantities", help="Include quantities."),
    span_style: Optional[str] = typer.Option(None, "--span-style", help="seed: saywho's span edges (default); polnear: 'that' kept in reported content and appositives in sources, as PolNeAR annotates."),
    config: Optional[Path] = typer.Option(None, "--config", help="TOML file with an [extract] table of defaults."),
) -> None:
    """Extract every attribution from articles.

    A batch keeps going past bad articles: each gets an error record under its id, and the
    command exits with status 1 at the end if any failed.
    """
    options = ExtractOptions.build(config, method=method, model=model, max_chars=max_chars, n_process=n_process,
                                   batch_size=batch_size, entities=entities, quantities=quantities,
                                   span_style=span_style)
    failed = 0
    with open_output(output) as out:
        for item in progress(extract_many(_read_articles(files, input_format), options=options), label="Extracting"):
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


def _read_articles(files: list[str], input_format: str) -> Iterator[Article | BatchError]:
    if input_format not in ("auto", "text", "jsonl"):
        raise InputError(f"--input-format must be auto, text or jsonl, not {input_format!r}")
    for name in files:
        as_jsonl = input_format == "jsonl" or (input_format == "auto" and name.endswith(".jsonl"))
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as exc:
            yield BatchError(name, InputError(f"cannot read {name}: {exc.strerror or exc}"), source=name)
            continue
        if as_jsonl:
            yield from articles_from_lines(data.splitlines(), source=name)
            continue
        try:
            yield Article(text=decode_text(data, source=name), id=Path(name).stem if name != "-" else "stdin")
        except InputError as exc:
            yield BatchError(Path(name).stem, exc, source=name)
