"""Every command has help text and a section in the generated CLI reference (docs/cli.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command

from saywho.cli.main import app

REPO = Path(__file__).resolve().parents[1]
COMMANDS = sorted(get_command(app).commands.items())


@pytest.mark.parametrize("name, command", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_docs_every_command_has_help_and_a_reference_section(name, command):
    assert (command.help or "").strip(), f"saywho {name} has no help text"
    reference = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"## saywho {name}\n" in reference, f"run scripts/gen_cli_docs.py: saywho {name} is not in docs/cli.md"


def test_docs_readme_names_the_two_setup_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
