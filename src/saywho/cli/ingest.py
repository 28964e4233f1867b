"""``saywho ingest``: files and directories of articles into the store, in parallel, once each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from ..options import ExtractOptions
from .options import DbOption, extraction_flags
from .output import RateColumn

if TYPE_CHECKING:  # the ingest stage (spaCy, the store) loads when the command runs
    from ..ingest import IngestSummary

# How many skipped (non-article) file names the human summary lists before "and N more".
_SHOW_SKIPPED = 5


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)


# --workers, not --n-process: ingest spreads whole batches over its own worker processes.
@extraction_flags(leave_out=("n_process",))
def ingest_command(
    paths: list[Path] = typer.Argument(..., help="Files or directories of .txt, .html, .jsonl, .warc(.gz), .rss/.atom/.xml articles."),
    db: DbOption = None,
    workers: Optional[int] = typer.Option(None, "--workers", "-w", help="Extraction processes; default: one per core."),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON (for scripts)."),
    adopt_database: bool = typer.Option(False, "--adopt-database", help="Add saywho's tables to an existing database that holds other tables (refused otherwise)."),
    *,
    options: ExtractOptions,
) -> None:
    """Extract and store every article in PATHS; already stored articles are skipped.

    Safe to interrupt: each batch is one transaction, and running the same command again goes
    on where it stopped. Bad files are reported and skipped; exit status 1 if any failed.
    --batch-size articles are one spaCy batch and one database transaction.
    """
    from ..ingest import IngestInterrupted

    try:
        summary = _run(paths, db, workers, options, adopt_database)
    except IngestInterrupted as stop:
        _report(stop.summary, json_output)
        Console(stderr=True).print("[yellow]Interrupted.[/yellow] Every batch stored so far is kept; "
                                   "run the same command again to finish.")
        raise typer.Exit(130) from None
    except KeyboardInterrupt:  # before the first batch (opening or migrating the store): nothing written
        Console(stderr=True).print("[yellow]Interrupted[/yellow] before any article was stored.")
        raise typer.Exit(130) from None
    _report(summary, json_output)
    if summary.failed:
        raise typer.Exit(1)


def _run(paths: list[Path], db: str | None, workers: int | None, options: ExtractOptions,
         adopt: bool) -> IngestSummary:
    from ..ingest import ingest

    console = Console(stderr=True)
    if not console.is_terminal:
        return ingest(paths, db=db, workers=workers, options=options, adopt=adopt)
    columns = [TextColumn("Ingesting"), BarColumn(), MofNCompleteColumn(), RateColumn(),
               TextColumn("new {task.fields[new]} dup {task.fields[duplicate]} failed {task.fields[failed]}"),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("ingest", total=None, new=0, duplicate=0, failed=0)

        def show(summary: IngestSummary) -> None:
            bar.update(task, total=max(summary.expected, summary.read) or None, completed=summary.read,
                       new=summary.new, duplicate=summary.duplicate, failed=summary.failed)

        return ingest(paths, db=db, workers=workers, options=options, progress=show, adopt=adopt)


def _report(summary: IngestSummary, json_output: bool) -> None:
    if json_output:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"Ingested into {escape(summary.db)} in {summary.seconds:.1f} s ({summary.rate:.1f} articles/s)")
    out.print(f"  read {summary.read}   new [green]{summary.new}[/green]   duplicate {summary.duplicate}   "
              f"failed [{'red' if summary.failed else 'green'}]{summary.failed}[/]")
    for failure in summary.failures:
        out.print(f"  [red]failed[/red] {escape(failure.source)}: {escape(failure.reason)}")
    if summary.skipped_files:
        shown = ", ".join(summary.skipped_files[:_SHOW_SKIPPED])
        more = len(summary.skipped_files) - _SHOW_SKIPPED
        out.print(f"  skipped {len(summary.skipped_files)} file(s) of other types: {escape(shown)}"
                  + (f" and {more} more" if more > 0 else ""))
