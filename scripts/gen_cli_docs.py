"""Regenerate docs/cli.md from the commands' own --help, so the reference cannot drift.

    python scripts/gen_cli_docs.py            # rewrite docs/cli.md
    python scripts/gen_cli_docs.py --check    # exit 1 when docs/cli.md is out of date
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

from saywho.cli.main import app

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def command_names() -> list[str]:
    return sorted(get_command(app).commands)


def help_text(*args: str) -> str:
    os.environ["COLUMNS"] = "100"
    os.environ["TERM"] = "dumb"
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
    return "\n".join(line.rstrip() for line in result.output.strip().splitlines())


def render() -> str:
    parts = ["# Command-line reference", "",
             "Generated from each command's `--help` by `scripts/gen_cli_docs.py`; do not edit by hand.", "",
             "```", help_text(), "```", ""]
    for name in command_names():
        parts += [f"## saywho {name}", "", "```", help_text(name), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if DOC.exists() and DOC.read_text(encoding="utf-8") == text else 1)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC} ({len(command_names())} commands)")
