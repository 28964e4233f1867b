"""Options shared by several commands, declared once.

The store commands' filters (about, speaker, search, export): each name matches the
``saywho.query`` parameter it fills (``--from`` is ``date_from``). The extraction flags of every
command that extracts (extract, ingest, eval, serve): ``extraction_flags`` adds them all to a
command and hands it the ``ExtractOptions`` they build.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..options import ExtractOptions

DB_HELP = "Store URL (a SQLite file path, sqlite:///FILE or postgresql://...); default: saywho.db."

DbOption = Annotated[Optional[str], typer.Option("--db", help=DB_HELP)]
OutletOption = Annotated[Optional[str], typer.Option("--outlet", help="Only claims published by or passed on via this outlet.")]
DateFromOption = Annotated[Optional[str], typer.Option("--from", help="Only articles published on or after this ISO date.")]
DateToOption = Annotated[Optional[str], typer.Option("--to", help="Only articles published on or before this ISO date.")]
TypeOption = Annotated[Optional[str], typer.Option("--type", help="direct, indirect or mixed.")]
KindOption = Annotated[Optional[str], typer.Option(
    "--kind", help="What the claim reports: speech, writing, thought, intention, evidence or stance.")]
RoleOption = Annotated[Optional[str], typer.Option("--role", help="Only claims whose speaker's stated role contains this.")]
SpeakerOption = Annotated[Optional[str], typer.Option("--speaker", help="Only claims by this speaker.")]
LimitOption = Annotated[int, typer.Option("--limit", help="At most this many claims.")]
OffsetOption = Annotated[int, typer.Option("--offset", help="Skip this many claims first (for paging).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the claims as a JSON array (for scripts).")]

# saywho.query.DEFAULT_LIMIT, repeated so that `--help` need not load the query layer (and
# SQLAlchemy); tests/test_cli_startup.py keeps the two equal.
DEFAULT_LIMIT = 50


# One flag per ExtractOptions field, plus --config; a flag left out keeps the config's value, then
# the default of saywho/data/settings.toml.
EXTRACT_FLAGS: dict[str, Any] = {
    "method": Annotated[Optional[str], typer.Option("--method", help="hybrid, rules or model.")],
    "model": Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline package to load.")],
    "span_style": Annotated[Optional[str], typer.Option("--span-style", help=(
        "seed: saywho's span edges (default); polnear: 'that' kept in reported content and appositives "
        "in sources, as PolNeAR annotates."))],
    "entities": Annotated[Optional[bool], typer.Option("--entities/--no-entities", help="Include canonical entities.")],
    "quantities": Annotated[Optional[bool], typer.Option("--quantities/--no-quantities", help="Include quantities.")],
    "max_chars": Annotated[Optional[int], typer.Option("--max-chars", help="Refuse articles longer than this.")],
    "n_process": Annotated[Optional[int], typer.Option("--n-process", help="Worker processes for spaCy.")],
    "batch_size": Annotated[Optional[int], typer.Option("--batch-size", help="Articles per spaCy batch.")],
    # "\\[": a literal bracket, not Rich markup (Typer renders help with Rich).
    "config": Annotated[Optional[Path], typer.Option("--config", help="TOML file with an \\[extract] table of defaults.")],
}


def extraction_flags(*, leave_out: tuple[str, ...] = ()) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a command every flag of ``EXTRACT_FLAGS`` (but ``leave_out``) after its own parameters;
    the command receives them built into ``options: ExtractOptions`` instead."""
    unknown = set(leave_out) - set(EXTRACT_FLAGS)
    if unknown:
        raise ValueError(f"not extraction flags: {sorted(unknown)}")
    flags = [name for name in EXTRACT_FLAGS if name not in leave_out]

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "options"]
        added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=EXTRACT_FLAGS[name])
                 for name in flags]

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            given = {name: kwargs.pop(name, None) for name in flags}
            config = given.pop("config", None)
            return command(*args, options=ExtractOptions.build(config, **given), **kwargs)

        run.__signature__ = inspect.Signature(own + added)  # what Typer reads
        run.__annotations__ = {p.name: p.annotation for p in own + added}
        return run

    return decorate
