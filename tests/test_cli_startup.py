"""The CLI starts without the heavy libraries: `saywho --help` loads neither spaCy nor the store's,
and a query loads the store's but not spaCy. Each check runs a fresh interpreter, since this
test process has imported everything already. (How fast: benchmarks/cli_startup.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
SPACY = ("spacy", "thinc", "torch", "pycrfsuite")
STORE = ("sqlalchemy", "alembic")
OTHERS = ("pyspark", "datasketch", "networkx", "fastapi", "uvicorn", "pyarrow", "trafilatura", "warcio", "feedparser", "dateparser")

RUN = """
import json, sys
from saywho.cli.main import app
try:
    app({args!r}, prog_name="saywho")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def modules_loaded_by(args: list[str], cwd: Path) -> set[str]:
    """Top-level packages imported by ``saywho ARGS`` in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", RUN.format(args=args)], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, timeout=120)
    last = done.stderr.strip().splitlines()[-1]
    return {name.split(".")[0] for name in json.loads(last)}


def test_help_loads_no_heavy_library(tmp_path):
    loaded = modules_loaded_by(["--help"], tmp_path)
    assert "typer" in loaded  # the probe works
    assert not loaded & {*SPACY, *STORE, *OTHERS}, sorted(loaded & {*SPACY, *STORE, *OTHERS})


@pytest.mark.parametrize("command", ["extract", "ingest", "batch", "load", "eval", "train", "about", "export", "serve"])
def test_command_help_loads_no_heavy_library(tmp_path, command):
    loaded = modules_loaded_by([command, "--help"], tmp_path)
    assert not loaded & {*SPACY, *STORE, *OTHERS}, sorted(loaded & {*SPACY, *STORE, *OTHERS})


def test_query_loads_the_store_but_not_spacy(tmp_path):
    from saywho.store import Store

    Store(str(tmp_path / "claims.db")).close()  # read commands refuse a store that does not exist
    loaded = modules_loaded_by(["about", "Russia", "--db", str(tmp_path / "claims.db"), "--json"], tmp_path)
    assert "sqlalchemy" in loaded  # it did query the store
    assert not loaded & set(SPACY), sorted(loaded & set(SPACY))
    assert "networkx" not in loaded  # only the network view and the graph exports need it


def test_import_saywho_defers_spacy_until_extract_is_called(tmp_path):
    code = ("import sys, saywho\nbefore = 'spacy' in sys.modules\nimport saywho.extract\n"
            "print(before, callable(saywho.extract) and saywho.extract.__module__ == 'saywho.extract', "
            "'spacy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, timeout=120, check=True)
    # spaCy is not loaded by `import saywho`; after the subpackage is imported, saywho.extract is
    # still the function (not the subpackage), as the public API promises.
    assert done.stdout.split() == ["False", "True", "True"]


def test_cli_limit_default_is_the_query_layers():
    from saywho import query
    from saywho.cli.options import DEFAULT_LIMIT

    assert DEFAULT_LIMIT == query.DEFAULT_LIMIT
