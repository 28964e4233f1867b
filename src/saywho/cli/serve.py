"""``saywho serve``: the web app and JSON API over the claims store."""

from __future__ import annotations

from typing import Optional

import typer

from ..errors import InputError
from ..options import ExtractOptions
from .options import DbOption, extraction_flags


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("serve")(serve_command)


# One article per request: no worker processes or batches to set.
@extraction_flags(leave_out=("n_process", "batch_size"))
def serve_command(
    db: DbOption = None,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; the default serves this machine only."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    token: Optional[str] = typer.Option(None, "--token", envvar="SAYWHO_TOKEN", show_envvar=True,
                                        help="Bearer token that enables POST /articles; without it the server is read-only."),
    max_body: int = typer.Option(2_000_000, "--max-body", help="Largest request body in bytes; larger ones get 413."),
    *,
    options: ExtractOptions,
) -> None:
    """Serve the web app (search, article reader, speaker/entity/outlet pages, network) and its JSON API.

    The extraction flags set how POST /articles extracts the articles it is sent.
    """
    from ..web import WebSettings, create_app

    if not 0 < port < 65536:
        raise InputError(f"--port must be between 1 and 65535, not {port}")
    settings = WebSettings.from_env(db=db, token=token, max_body=max_body, extract=options)
    app = create_app(settings=settings)
    import uvicorn

    typer.echo(f"saywho serving {app.state.store!r} on http://{host}:{port}/"
               f" ({'POST /articles enabled' if settings.token else 'read-only'})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)

