"""The ``saywho`` command: builds the Typer app from the command modules and maps errors to exit codes."""

from __future__ import annotations

import importlib
import logging
import sys

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import SaywhoError

app = typer.Typer(
    name="saywho",
    help="Who said what, according to whom: extract attributions from news and query them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)

# Each module defines register(app) and adds its commands.
COMMAND_MODULES = ("extract", "eval", "train", "ingest", "batch", "load", "query", "claims", "export", "serve")


@app.callback()
def _root(verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More log output (-v info, -vv debug).")) -> None:
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__package__}.{_name}").register(app)


def main() -> None:
    """Console entry point: a SaywhoError becomes ``Error: ...`` on stderr and exit status 1."""
    try:
        app()  # standalone: usage errors and exit codes are handled by Typer
    except SaywhoError as exc:
        err_console.print(f"[red]Error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
