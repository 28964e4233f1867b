"""`saywho train`: fit the attribution model on PolNeAR-style data and write its weights."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import InputError

console = Console()


def train_command(
    train: Path = typer.Option(..., "--train", help="Training articles (PolNeAR-style JSONL, e.g. PolNeAR's train.jsonl; docs/model.md)."),
    dev: Path | None = typer.Option(None, "--dev", help="Gold articles to score the trained model on (e.g. PolNeAR dev)."),
    seed: int = typer.Option(13, "--seed", help="Random seed (recorded; fixes the --limit subsample)."),
    output: Path = typer.Option(Path("runs") / "attribution-crf", "--output", "-o",
                                help="Folder for model.crfsuite and meta.json."),
    iterations: int = typer.Option(200, "--iterations", min=1, help="L-BFGS iterations."),
    c1: float = typer.Option(2.0, "--c1", min=0.0, help="L1 penalty (keeps the model small)."),
    c2: float = typer.Option(0.01, "--c2", min=0.0, help="L2 penalty."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Train on this many articles only, drawn with --seed."),
    n_process: int = typer.Option(1, "--n-process", min=1, help="Processes for the one-off spaCy parse."),
    cache_dir: Path | None = typer.Option(None, "--cache-dir",
                                          help="Where parses are cached (default ~/.cache/saywho)."),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Train the attribution tagger; copy the output folder to saywho/models/attribution-crf/ to ship it."""
    from ..train import TrainSettings, default_cache_dir
    from ..train import train as run_training

    if not train.is_file():
        raise InputError(f"training data {train} not found; pass --train PATH (PolNeAR train.jsonl)")
    if dev is not None and not dev.is_file():
        raise InputError(f"dev data {dev} not found; pass --dev PATH or leave it out")
    settings = TrainSettings(seed=seed, max_iterations=iterations, c1=c1, c2=c2, limit=limit, n_process=n_process)
    report = run_training(train, output=output, dev_path=dev, settings=settings,
                          cache_dir=cache_dir or default_cache_dir())
    summary = {"output": str(output), "articles": report.articles, "tokens": report.tokens,
               "seconds": round(report.seconds, 1), "dev": report.dev}
    if json_out:
        typer.echo(json.dumps(summary))
        return
    console.print(f"Trained on {report.articles} articles ({report.tokens:,} tokens) in {report.seconds:.0f} s; "
                  f"model in {escape(str(output))}", highlight=False)
    if report.dev:
        exact = report.dev["exact_f1"]
        console.print(f"dev exact F1: source {exact['source']}, cue {exact['cue']}, content {exact['content']}; "
                      f"attribution F1 {report.dev['attribution_f1']}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("train")(train_command)
