"""``saywho claims`` and ``saywho figures``: claims across sources, and the figures they give.

Each command parses its options and calls the ``saywho.query`` function of the same parameters
(``claim_clusters``/``claim_cluster``, ``figures``).
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import InputError
from .options import DateFromOption, DateToOption, DbOption, JsonOption, OffsetOption, OutletOption, SpeakerOption
from .output import claim_update_bars

AboutOption = Annotated[Optional[str], typer.Option("--about", help="Only claims whose content mentions this entity (aliases work).")]


def register(app: typer.Typer) -> None:
    """Add ``claims`` and ``figures`` to ``app``."""
    app.command("claims")(claims_command)
    app.command("figures")(figures_command)


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 160)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def claims_command(
    text: Optional[str] = typer.Argument(None, help="Words the claim must contain (full-text; \"quoted phrases\" allowed)."),
    about: AboutOption = None,
    speaker: SpeakerOption = None,
    outlet: OutletOption = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    min_origins: int = typer.Option(1, "--min-origins", help="Only clusters with at least N independent origins."),
    min_size: int = typer.Option(2, "--min-size", help="Only clusters of at least N attributions (1 lists single claims too)."),
    order: str = typer.Option("origins", "--order", help="origins, size, newest or oldest."),
    cluster: Optional[int] = typer.Option(None, "--cluster", help="Show this one cluster in full: members, origins, figures."),
    update: bool = typer.Option(False, "--update", help="First file what was stored without clustering (a store from before claim clusters)."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Re-cluster the whole store first (after changing the [claims] settings)."),
    db: DbOption = None,
    limit: int = typer.Option(20, "--limit", help="At most this many clusters."),
    offset: OffsetOption = 0,
    json_output: JsonOption = False,
) -> None:
    """Claims across sources: attributions in different articles that assert the same thing, with who
    said it first, how many independent origins stand behind it, and the outlets it went through."""
    from .. import query  # the store and its libraries load when the command runs, not for --help
    from ..store import Store

    with Store(db, mode="write" if rebuild or update else "read") as store:
        done = None
        if rebuild or update:
            with claim_update_bars() as bars:
                done = store.rebuild_claims(bars) if rebuild else store.update_claims(bars)
        if cluster is not None:
            found = query.claim_cluster(store, cluster)
            if found is None:
                raise InputError(f"no claim cluster with id {cluster}; `saywho claims` lists them")
            return _print_json(found) if json_output else _render_cluster(found)
        rows = query.claim_clusters(store, text, about=about, speaker=speaker, outlet=outlet, date_from=date_from,
                                    date_to=date_to, min_origins=min_origins, min_size=min_size, order=order,
                                    limit=limit, offset=offset)
    if json_output:
        return _print_json(rows)
    if done is not None:
        Console(stderr=True).print(f"filed {done.attributions} attributions into claim clusters in {done.seconds:.1f} s")
    table = Table(title=f"{len(rows)} claim clusters", show_lines=True)
    for name, ratio in (("id", 0), ("claim", 6), ("members", 1), ("origins", 1), ("first said", 2)):
        table.add_column(name, overflow="fold", ratio=ratio or None, no_wrap=not ratio)
    for row in rows:
        table.add_row(str(row["id"]), escape(row["representative"]), f"{row['size']} in {row['articles']} articles",
                      str(row["origins"]), row["first_published"] or "?")
    _console().print(table)


def _render_cluster(found: dict[str, Any]) -> None:
    console = _console()
    console.print(f"[bold]{escape(found['representative'])}[/bold]")
    first = found["first"] or {}
    console.print(f"{found['size']} attributions in {found['articles']} articles; "
                  f"{found['independent_origins']} independent origins; first: "
                  f"{escape(first.get('speaker') or '?')} in {escape(first.get('outlet') or '?')}, {first.get('published') or '?'}")
    table = Table(show_lines=True)
    for name in ("date", "speaker", "outlet", "via", "claim"):
        table.add_column(name, overflow="fold")
    for x in found["members"]:
        who = ", ".join(v for v in (x["speaker"], x["role"], x["affiliation"]) if v) or "?"
        outlet = (x["outlet"] or "?") + (f" (copy of {x['copy_of']})" if x["copy_of"] else "")
        table.add_row(x["published"] or "?", escape(who), escape(outlet), escape(" ← ".join(x["via"])), escape(x["text"]))
    console.print(table)
    console.print("origins: " + "; ".join(f"{escape(o['label'])} ({o['members']})" for o in found["origins"]))


def figures_command(
    text: str = typer.Argument(..., help='What was counted or measured, e.g. "artillery shells" or "war needs".'),
    about: AboutOption = None,
    speaker: SpeakerOption = None,
    outlet: OutletOption = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Figures side by side: every figure given for TEXT, grouped by what it measures, as an interval
    with who said it, when and through which outlet; groups whose intervals disagree are flagged."""
    from .. import query
    from ..store import Store

    with Store(db, mode="read") as store:
        groups = query.figures(store, text, about=about, speaker=speaker, outlet=outlet, date_from=date_from,
                               date_to=date_to)
    if json_output:
        return _print_json(groups)
    console = _console()
    if not groups:
        console.print(f"no figures found for {escape(text)!r}")
    for group in groups:
        flag = " [red]figures disagree[/red]" if group["disagree"] else ""
        about_ = f" ({', '.join(group['entities'][:4])})" if group["entities"] else ""
        table = Table(title=f"{escape(group['measure'])} · {group['unit']}{escape(about_)}{flag}", show_lines=False)
        for name in ("date", "figure", "interval", "speaker", "outlet"):
            table.add_column(name, overflow="fold")
        conflicting = {i for pair in group["conflicts"] for i in pair}
        for i, f in enumerate(group["figures"]):
            mark = "[red]≠[/red] " if i in conflicting else ""
            outlet = " ← ".join([*([f["outlet"]] if f["outlet"] else []), *f["via"]])
            table.add_row(f["published"] or "?", mark + escape(f["text"]), _interval(f), escape(f["speaker"] or "?"),
                          escape(outlet))
        console.print(table)


def _interval(f: dict[str, Any]) -> str:
    low = "−∞" if f["low"] is None else f"{f['low']:g}"
    high = "∞" if f["high"] is None else f"{f['high']:g}"
    return f"{'[' if f['low_inclusive'] and f['low'] is not None else '('}{low}, {high}{']' if f['high_inclusive'] and f['high'] is not None else ')'}"
