"""Options shared by the store commands (about, speaker, search, export), declared once.

Each name matches the ``saywho.query`` parameter it fills (``--from`` is ``date_from``).
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

DB_HELP = "Store URL (a SQLite file path, sqlite:///FILE or postgresql://...); default: saywho.db."

DbOption = Annotated[Optional[str], typer.Option("--db", help=DB_HELP)]
OutletOption = Annotated[Optional[str], typer.Option("--outlet", help="Only claims published by or passed on via this outlet.")]
DateFromOption = Annotated[Optional[str], typer.Option("--from", help="Only articles published on or after this ISO date.")]
DateToOption = Annotated[Optional[str], typer.Option("--to", help="Only articles published on or before this ISO date.")]
TypeOption = Annotated[Optional[str], typer.Option("--type", help="direct, indirect or mixed.")]
RoleOption = Annotated[Optional[str], typer.Option("--role", help="Only claims whose speaker's stated role contains this.")]
SpeakerOption = Annotated[Optional[str], typer.Option("--speaker", help="Only claims by this speaker.")]
LimitOption = Annotated[int, typer.Option("--limit", help="At most this many claims.")]
OffsetOption = Annotated[int, typer.Option("--offset", help="Skip this many claims first (for paging).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the claims as a JSON array (for scripts).")]

# saywho.query.DEFAULT_LIMIT, repeated so that `--help` need not load the query layer (and
# SQLAlchemy); tests/test_cli_startup.py keeps the two equal.
DEFAULT_LIMIT = 50
