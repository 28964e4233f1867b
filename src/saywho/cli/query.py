"""``saywho about | speaker | search``: claims from the store, as a Rich table or JSON.

Each command parses its options and calls the ``saywho.query`` function of the same name with
the same parameter names (``--from``/``--to`` are ``date_from``/``date_to``).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .options import (
    DEFAULT_LIMIT,
    DateFromOption,
    DateToOption,
    DbOption,
    JsonOption,
    LimitOption,
    OffsetOption,
    OutletOption,
    RoleOption,
    SpeakerOption,
    KindOption,
    TypeOption,
)

if TYPE_CHECKING:  # the query layer (SQLAlchemy) loads when a command runs, not for --help
    from ..query import Claim


def register(app: typer.Typer) -> None:
    """Add ``about``, ``speaker`` and ``search`` to ``app``."""
    app.command("about")(about_command)
    app.command("speaker")(speaker_command)
    app.command("search")(search_command)


def about_command(
    entity: str = typer.Argument(..., help="An entity: a country, organisation, person or place (aliases work)."),
    speaker: SpeakerOption = None,
    db: DbOption = None,
    outlet: OutletOption = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    type: TypeOption = None,
    kind: KindOption = None,
    role: RoleOption = None,
    limit: LimitOption = DEFAULT_LIMIT,
    offset: OffsetOption = 0,
    json_output: JsonOption = False,
) -> None:
    """Claims about ENTITY: every attribution whose content mentions it, newest first."""
    _answer("about", entity, f"about {entity}", db, json_output, speaker=speaker, outlet=outlet,
            date_from=date_from, date_to=date_to, type=type, kind=kind, role=role, limit=limit, offset=offset)


def speaker_command(
    name: str = typer.Argument(..., help="The speaker's name (variants such as a middle initial are merged)."),
    db: DbOption = None,
    outlet: OutletOption = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    type: TypeOption = None,
    kind: KindOption = None,
    role: RoleOption = None,
    limit: LimitOption = DEFAULT_LIMIT,
    offset: OffsetOption = 0,
    json_output: JsonOption = False,
) -> None:
    """Claims by the speaker NAME across every stored article, newest first."""
    _answer("speaker", name, f"by {name}", db, json_output, outlet=outlet, date_from=date_from,
            date_to=date_to, type=type, kind=kind, role=role, limit=limit, offset=offset)


def search_command(
    text: str = typer.Argument(..., help='Words that must all appear in what was said; "quoted phrases" allowed.'),
    speaker: SpeakerOption = None,
    db: DbOption = None,
    outlet: OutletOption = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    type: TypeOption = None,
    kind: KindOption = None,
    role: RoleOption = None,
    limit: LimitOption = DEFAULT_LIMIT,
    offset: OffsetOption = 0,
    json_output: JsonOption = False,
) -> None:
    """Full-text search over what was said (stemmed: "shell" finds "shells"), best matches first."""
    _answer("search", text, f"matching {text}", db, json_output, speaker=speaker, outlet=outlet,
            date_from=date_from, date_to=date_to, type=type, kind=kind, role=role, limit=limit, offset=offset)


def _answer(question: str, subject: str, title: str, db: str | None, json_output: bool, **filters: Any) -> None:
    """Ask ``saywho.query``'s function named ``question`` and print the claims."""
    from .. import query
    from ..store import Store

    with Store(db, mode="read") as store:
        claims = getattr(query, question)(store, subject, **filters)
    if json_output:
        sys.stdout.write(json.dumps([c.to_dict() for c in claims], ensure_ascii=False, indent=2) + "\n")
        return
    render_claims(claims, title=f"{len(claims)} claims {title}")


def render_claims(claims: list[Claim], *, title: str, console: Console | None = None) -> None:
    """Claims as a Rich table: claim, speaker with role and affiliation, via chain, article."""
    console = console or Console(width=None if sys.stdout.isatty() else 160)
    table = Table(title=escape(title), show_lines=True)
    table.add_column("claim", overflow="fold", ratio=5)
    table.add_column("speaker", overflow="fold", ratio=2)
    table.add_column("via", overflow="fold", ratio=1)
    table.add_column("article", overflow="fold", ratio=2)
    for claim in claims:
        table.add_row(f"{escape(claim.text)}\n[dim]{claim.type} · {escape(claim.cue or '')}[/dim]",
                      _who(claim), escape(" ← ".join(claim.via)), _where(claim))
    console.print(table)


def _who(claim: Claim) -> str:
    who = f"[bold]{escape(claim.speaker or claim.source or '?')}[/bold]"
    details = ", ".join(x for x in (claim.role, claim.affiliation) if x)
    return f"{who}\n{escape(details)}" if details else who


def _where(claim: Claim) -> str:
    head = " · ".join(x for x in (claim.outlet, claim.published) if x)
    return "\n".join(escape(x) for x in (claim.title or claim.article_id, head) if x)
