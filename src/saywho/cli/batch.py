"""``saywho batch``: a Spark job over news archives, writing Parquet tables (``saywho.batch``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from ..options import ExtractOptions


def register(app: typer.Typer) -> None:
    app.command("batch")(batch_command)


def batch_command(
    inputs: list[str] = typer.Argument(..., help="Files, directories or Hadoop/S3 URIs: .warc(.gz), .jsonl(.gz), .parquet (columns id, text, ...), .txt, .html, feeds."),
    output: str = typer.Option(..., "--output", "-o", help="Folder or URI for the Parquet tables (articles, attributions, via, entities, quantities, errors)."),
    master: str = typer.Option("local[*]", "--master", help="Spark master: local[N] (this machine, loopback only) or a cluster URL; under spark-submit, 'submit' keeps its settings."),
    partitions: Optional[int] = typer.Option(None, "--partitions", help="Extraction tasks to cut the articles into; default: twice Spark's cores."),
    syndication: bool = typer.Option(True, "--syndication/--no-syndication", help="Link wire copies of one story to their origin (MinHash LSH)."),
    conf: list[str] = typer.Option([], "--conf", help="Extra Spark setting KEY=VALUE (repeatable), e.g. spark.executor.memory=4g."),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON (for scripts)."),
    method: Optional[str] = typer.Option(None, "--method", help="hybrid, rules or model."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline package to load."),
    max_chars: Optional[int] = typer.Option(None, "--max-chars", help="Refuse articles longer than this."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", help="Articles per spaCy batch inside a task."),
    entities: Optional[bool] = typer.Option(None, "--entities/--no-entities", help="Include canonical entities."),
    quantities: Optional[bool] = typer.Option(None, "--quantities/--no-quantities", help="Include quantities."),
    span_style: Optional[str] = typer.Option(None, "--span-style", help="seed (default) or polnear span edges, as for saywho extract."),
    config: Optional[Path] = typer.Option(None, "--config", help="TOML file with an [extract] table of defaults."),
) -> None:
    """Extract every article of a news archive with Spark, into Parquet tables partitioned by date.

    Same extraction options as saywho extract. Re-running over the same inputs adds nothing; bad
    records go to the errors table and the job carries on (exit status 1 if there were any).
    Load the tables into the store with saywho load. Needs pip install 'saywho[spark]' and Java 17.
    """
    from ..batch import run_batch

    options = ExtractOptions.build(config, method=method, model=model, max_chars=max_chars, batch_size=batch_size,
                                   entities=entities, quantities=quantities, span_style=span_style)
    settings = dict(_setting(item) for item in conf)
    summary = run_batch(inputs, output, options=options, master=None if master == "submit" else master,
                        partitions=partitions, syndication=syndication, spark_config=settings)
    if json_output:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        out = Console(highlight=False, soft_wrap=True)
        out.print(f"Wrote {escape(summary.output)} in {summary.seconds:.1f} s ({summary.rate:.2f} articles/s)")
        out.print(f"  read {summary.read}   new [green]{summary.new}[/green] (syndicated copies "
                  f"{summary.syndicated})   duplicate {summary.duplicate}   failed "
                  f"[{'red' if summary.failed else 'green'}]{summary.failed}[/] (see the errors table)")
        if summary.skipped:
            shown = ", ".join(summary.skipped_files[:5])
            out.print(f"  skipped {summary.skipped} file(s) of other types: {escape(shown)}"
                      + (" ..." if summary.skipped > 5 else ""))
    if summary.failed:
        raise typer.Exit(1)


def _setting(item: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    if not sep or not key.strip():
        raise typer.BadParameter(f"--conf takes KEY=VALUE, not {item!r}")
    return key.strip(), value.strip()
