"""`saywho train`: fit an attribution model (the CRF, or with ``--method neural`` the encoder
tagger) on PolNeAR-style data and write its weights."""

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
    method: str = typer.Option("model", "--method",
                               help="model (the CRF) or neural (fine-tunes an encoder; needs saywho[train])."),
    seed: int = typer.Option(13, "--seed", help="Random seed (recorded; fixes the --limit subsample and the neural run)."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Folder for the weights and meta.json (default runs/attribution-crf "
                                            "or runs/attribution-neural)."),
    iterations: int = typer.Option(200, "--iterations", min=1, help="L-BFGS iterations."),
    c1: float = typer.Option(2.0, "--c1", min=0.0, help="L1 penalty (keeps the model small)."),
    c2: float = typer.Option(0.01, "--c2", min=0.0, help="L2 penalty."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Train on this many articles only, drawn with --seed."),
    n_process: int = typer.Option(1, "--n-process", min=1, help="Processes for the one-off spaCy parse."),
    cache_dir: Path | None = typer.Option(None, "--cache-dir",
                                          help="Where parses are cached (default ~/.cache/saywho)."),
    epochs: int = typer.Option(1, "--epochs", min=1, help="neural: passes over the training windows."),
    layers: int = typer.Option(2, "--layers", min=1, max=6, help="neural: encoder layers kept (of 6)."),
    threads: int = typer.Option(2, "--threads", min=1, help="neural: torch threads (CPU cores) for training."),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Train an attribution tagger; copy the output folder to saywho/models/attribution-crf/ (or
    attribution-neural/) to ship it."""
    from ..train import TrainSettings, default_cache_dir
    from ..train import train as run_training

    if method not in ("model", "neural"):
        raise InputError(f"--method must be model or neural, not {method!r}")
    if not train.is_file():
        raise InputError(f"training data {train} not found; pass --train PATH (PolNeAR train.jsonl)")
    if dev is not None and not dev.is_file():
        raise InputError(f"dev data {dev} not found; pass --dev PATH or leave it out")
    if method == "neural":
        _train_neural(train, dev, output or Path("runs") / "attribution-neural", seed=seed, limit=limit,
                      epochs=epochs, layers=layers, threads=threads, cache_dir=cache_dir or default_cache_dir(),
                      json_out=json_out)
        return
    output = output or Path("runs") / "attribution-crf"
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
    _print_dev(report.dev)


def _train_neural(train: Path, dev: Path | None, output: Path, *, seed: int, limit: int | None, epochs: int,
                  layers: int, threads: int, cache_dir: Path, json_out: bool) -> None:
    from ..train.neural import NeuralSettings, train_neural

    settings = NeuralSettings(seed=seed, limit=limit, epochs=epochs, layers=layers, threads=threads)
    report = train_neural(train, output=output, dev_path=dev, settings=settings, cache_dir=cache_dir)
    summary = {"output": str(output), "articles": report.articles, "windows": report.windows,
               "seconds": round(report.seconds, 1), "dev": report.dev}
    if json_out:
        typer.echo(json.dumps(summary))
        return
    console.print(f"Trained on {report.articles} articles ({report.windows:,} windows) in {report.seconds:.0f} s; "
                  f"model in {escape(str(output))}", highlight=False)
    _print_dev(report.dev)


def _print_dev(dev: dict | None) -> None:
    if dev:
        exact = dev["exact_f1"]
        console.print(f"dev exact F1: source {exact['source']}, cue {exact['cue']}, content {exact['content']}; "
                      f"attribution F1 {dev['attribution_f1']}", highlight=False)


def train_claims_command(
    pairs: list[Path] = typer.Argument(..., help="Labelled pair files (JSON Lines as in tests/claims/data: a, b, label)."),
    output: Path = typer.Option(Path("runs") / "claim-encoder", "--output", "-o",
                                help="Folder for adapter.npz and meta.json."),
    rank: int = typer.Option(8, "--rank", min=1, help="Rank of each low-rank delta."),
    epochs: int = typer.Option(3, "--epochs", min=1, help="Passes over the pairs."),
    learning_rate: float = typer.Option(1e-3, "--learning-rate", min=0.0, help="AdamW's learning rate."),
    seeds: list[int] = typer.Option([13, 1, 2], "--seed",
                                    help="A run for each seed given (repeat the option); the runs' deltas are averaged."),
    threads: int = typer.Option(2, "--threads", min=1, help="torch threads (CPU cores)."),
    with_adapter: Path | None = typer.Option(None, "--with",
                                             help="An adapter trained before (a folder): its runs join the average."),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Tune the claim encoder (all-MiniLM-L6-v2) on pairs labelled same claim / different claim.

    Copy the output folder to saywho/models/claim-encoder/ to ship it. Needs the train extra; docs/claims.md."""
    from ..train.claim_encoder import ClaimEncoderSettings, train_claim_encoder

    settings = ClaimEncoderSettings(seeds=tuple(seeds), rank=rank, epochs=epochs, learning_rate=learning_rate,
                                    threads=threads)
    report = train_claim_encoder(pairs, output=output, settings=settings, with_adapter=with_adapter)
    summary = {"output": str(output), "pairs": report.pairs, "same": report.same, "losses": report.losses,
               "seconds": round(report.seconds, 1)}
    if json_out:
        typer.echo(json.dumps(summary))
        return
    finals = ", ".join(str(run[-1]) for run in report.losses)
    console.print(f"Tuned on {report.pairs} pairs ({report.same} same) in {report.seconds:.0f} s, "
                  f"{len(report.losses)} run(s), final loss {finals}; adapter in {escape(str(output))}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("train")(train_command)
    app.command("train-claims")(train_claims_command)
