"""``saywho batch``: a Spark job over news archives, writing Parquet tables (``saywho.batch``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..options import ExtractOptions
from .options import extraction_flags

if TYPE_CHECKING:
    from ..batch import BatchSummary, JobProgress


def register(app: typer.Typer) -> None:
    app.command("batch")(batch_command)


@extraction_flags(leave_out=("n_process",))  # Spark's cores (--master) take its place
def batch_command(
    inputs: list[str] = typer.Argument(..., help="Files, directories or Hadoop/S3 URIs: .warc(.gz), .jsonl(.gz), .parquet (columns id, text, ...), .txt, .html, feeds."),
    output: str = typer.Option(..., "--output", "-o", help="Folder or URI for the Parquet tables (articles, attributions, via, entities, quantities, errors)."),
    master: str = typer.Option("local[*]", "--master", help="Spark master: local[N] (this machine, loopback only) or a cluster URL; under spark-submit, 'submit' keeps its settings."),
    partitions: Optional[int] = typer.Option(None, "--partitions", help="Extraction tasks to cut the articles into; default: about 500 articles a task, at least two per core."),
    partition_by: str = typer.Option("day", "--partition-by", help="Table folders: a folder per publication date (day), or per month for archives that span years with few articles a date (month: fewer, larger files); a re-run keeps the output's."),
    syndication: bool = typer.Option(True, "--syndication/--no-syndication", help="Link wire copies of one story to their origin (MinHash LSH)."),
    conf: list[str] = typer.Option([], "--conf", help="Extra Spark setting KEY=VALUE (repeatable), e.g. spark.executor.memory=4g."),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON (for scripts)."),
    *,
    options: ExtractOptions,
) -> None:
    """Extract every article of a news archive with Spark, into Parquet tables partitioned by date.

    Same extraction options as saywho extract. Re-running over the same inputs adds nothing; bad
    records go to the errors table and the job carries on (exit status 1 if there were any).
    Load the tables into the store with saywho load. Needs pip install 'saywho[spark]' and Java 17.
    """
    from ..batch import run_batch

    settings = dict(_setting(item) for item in conf)
    run = partial(run_batch, inputs, output, options=options, master=None if master == "submit" else master,
                  partitions=partitions, syndication=syndication, spark_config=settings, partition_by=partition_by)
    summary = _with_progress_bar(run)
    if json_output:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        out = Console(highlight=False, soft_wrap=True)
        out.print(f"Wrote {escape(summary.output)} in {summary.seconds:.1f} s ({summary.rate:.2f} articles/s)")
        out.print(f"  read {summary.read}   new [green]{summary.new}[/green] (syndicated copies "
                  f"{summary.syndicated})   duplicate {summary.duplicate}   failed "
                  f"[{'red' if summary.failed else 'green'}]{summary.failed}[/] (see the errors table)")
        out.print("  time: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary.phases.items()))
        if summary.skipped:
            shown = ", ".join(summary.skipped_files[:5])
            out.print(f"  skipped {summary.skipped} file(s) of other types: {escape(shown)}"
                      + (" ..." if summary.skipped > 5 else ""))
    if summary.failed:
        raise typer.Exit(1)


_PHASES = {"read": "Reading", "extract": "Extracting", "write": "Writing", "count": "Counting"}


def _with_progress_bar(run: Callable[..., "BatchSummary"]) -> "BatchSummary":
    """The job with a bar on standard error (when it is a terminal): the phase and Spark's tasks
    done of those planned, the articles being extracted once known."""
    console = Console(stderr=True)
    if not console.is_terminal:
        return run(progress=None)
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("tasks"),
               TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("Starting Spark", total=None)

        def show(state: "JobProgress") -> None:
            label = _PHASES.get(state.phase, state.phase)
            if state.phase == "extract" and state.articles is not None:
                label += f" {state.articles:,} articles"
            bar.update(task, description=label, completed=state.tasks_done, total=state.tasks or None)

        return run(progress=show)


def _setting(item: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    if not sep or not key.strip():
        raise typer.BadParameter(f"--conf takes KEY=VALUE, not {item!r}")
    return key.strip(), value.strip()
