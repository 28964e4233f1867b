"""docs/accuracy.md cannot drift from the generated report or from the command it documents."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from saywho.cli.main import app
from saywho.eval.systems import SYSTEMS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def table_rows(text: str) -> dict[str, str]:
    """Rows of the measured comparison table (system name -> the whole row)."""
    rows = re.findall(r"^\| ([a-z-]+) \| (\d[^\n]*)$", text, flags=re.M)
    return {name: rest for name, rest in rows}


def test_accuracy_docs_table_matches_the_generated_report():
    doc = (DOCS / "accuracy.md").read_text(encoding="utf-8")
    report = (DOCS / "accuracy-dev.md").read_text(encoding="utf-8")
    report_summary = report.split("\n## ", 1)[0]  # the summary table comes before the per-system sections
    assert table_rows(report_summary), "the generated report has no summary table"
    for name, row in table_rows(report_summary).items():
        assert table_rows(doc).get(name) == row, f"docs/accuracy.md's {name} row differs from accuracy-dev.md"
    command = re.search(r"```\n(saywho eval [^\n]+)\n```", report).group(1)
    assert command in doc


def test_accuracy_docs_name_every_system_and_eval_option():
    doc = (DOCS / "accuracy.md").read_text(encoding="utf-8")
    for name in SYSTEMS:
        assert f"`{name}`" in doc, f"system {name} is not documented"
    command = typer.main.get_command(app).commands["eval"]
    options = [param for param in command.params if param.param_type_name == "option"]  # Typer vendors click
    assert len(options) > 10
    for param in options:
        long = [opt for opt in param.opts if opt.startswith("--")]
        assert any(opt in doc for opt in long), f"saywho eval {long[0]} is not documented"
