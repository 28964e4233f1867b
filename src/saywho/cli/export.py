"""``saywho export``: the whole store as JSONL, CSV, Parquet, GraphML, GEXF or JSON-LD."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .options import DateFromOption, DateToOption, DbOption, OutletOption, KindOption, RoleOption, SpeakerOption, TypeOption


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    graphml = "graphml"
    gexf = "gexf"
    jsonld = "jsonld"


def register(app: typer.Typer) -> None:
    """Add ``export`` to ``app``."""
    app.command("export")(export_command)


def export_command(
    format: ExportFormat = typer.Option(..., "--format", "-f", help=(
        "jsonl: one result per article (the JSON contract); csv, parquet: one claim per row; "
        "graphml, gexf: the speaker-entity-outlet network for Gephi; jsonld: schema.org Quotation/Claim.")),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of standard output (needed for parquet)."),
    db: DbOption = None,
    outlet: OutletOption = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    type: TypeOption = None,
    kind: KindOption = None,
    role: RoleOption = None,
    speaker: SpeakerOption = None,
) -> None:
    """Export the stored claims, articles or claims network in a format other tools read.

    Without filters everything is exported; the filters are those of saywho about
    (--type, --kind, --role and --speaker do not apply to jsonl, which writes whole articles).
    """
    from ..export import export  # the store and the writers load when the command runs
    from ..store import Store

    with Store(db, mode="read") as store:
        written = export(store, format.value, output, outlet=outlet, date_from=date_from, date_to=date_to,
                         type=type, kind=kind, role=role, speaker=speaker)
    if output is not None:
        Console(stderr=True).print(f"Wrote {written} {_unit(format)} to {output}", highlight=False)


def _unit(format: ExportFormat) -> str:
    return {"jsonl": "articles", "graphml": "nodes", "gexf": "nodes"}.get(format.value, "claims")
