"""``saywho load``: a batch job's Parquet tables into the store, in bulk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from .options import DbOption
from .output import ClaimStageBars, bar_columns

if TYPE_CHECKING:
    from ..ingest.load import LoadSummary


def register(app: typer.Typer) -> None:
    app.command("load")(load_command)


def load_command(
    directory: Path = typer.Argument(..., help="The output folder of saywho batch (its articles, attributions, via, entities and quantities tables)."),
    db: DbOption = None,
    batch_size: Optional[int] = typer.Option(None, "--batch-size", help="Articles per database transaction (default 2000)."),
    claims: bool = typer.Option(True, "--claims/--no-claims", help="File the loaded articles into claim clusters afterwards, as ingest does (saywho claims --update does it later)."),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON (for scripts)."),
) -> None:
    """Load the Parquet tables of saywho batch into the store, so that queries and the web app see them.

    Idempotent: articles already stored are skipped, and an interrupted load goes on where it
    stopped when run again. Syndicated copies keep the link to their origin.
    """
    summary = _run(directory, db, batch_size, claims)
    if json_output:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"Loaded {escape(summary.source)} into {escape(summary.db)} in {summary.seconds:.1f} s "
              f"({summary.rate:.0f} articles/s)")
    out.print(f"  articles {summary.articles}   new [green]{summary.new}[/green]   already stored "
              f"{summary.duplicate}   syndicated copies linked {summary.linked}")
    out.print("  time: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary.phases.items())
              + (f"; then claim clusters {summary.claims_seconds:.1f} s" if summary.claims_seconds else ""))


def _run(directory: Path, db: str | None, batch_size: int | None, claims: bool) -> "LoadSummary":
    from ..ingest.load import load  # the store (SQLAlchemy) and pyarrow: loaded when the command runs

    console = Console(stderr=True)
    if not console.is_terminal:
        return load(directory, db=db, batch_size=batch_size, claims=claims)
    with Progress(*bar_columns(), console=console, transient=True) as bar:
        task = bar.add_task("Loading", total=None)
        return load(directory, db=db, batch_size=batch_size, claims=claims,
                    progress=lambda summary, total: bar.update(task, total=total, completed=summary.articles),
                    claims_progress=ClaimStageBars(bar))
