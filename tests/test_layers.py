"""Imports run one way, down the stack: no module of saywho imports a package of a layer above its own.

The layers are declared here, bottom first; every import statement of every module (top-level or
inside a function, absolute or relative) is read with ``ast`` and checked against them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "saywho"

# Bottom first. A unit is a top-level module or subpackage of saywho; units of one layer may
# import each other. "saywho" is the package root: the public facade, on top with the CLI.
LAYERS: list[set[str]] = [
    {"errors", "lexicon", "data", "models", "timing"},
    {"articles", "records", "spans", "options", "schema", "names", "normalize", "tables"},
    {"nlp"},
    {"model"},
    {"extract"},
    {"claims"},
    {"eval"},
    {"train", "store"},
    {"query", "ingest"},
    {"export", "batch"},
    {"web"},
    {"cli", "__main__", "saywho"},
]
LAYER_OF = {unit: number for number, units in enumerate(LAYERS) for unit in units}

# The version string is a constant of the package root, which Python runs before any submodule
# anyway: reading it is no arrow up.
ROOT_CONSTANTS = {"__version__"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every saywho module that ``path`` imports, relative imports resolved."""
    return imports_in(path.read_text(encoding="utf-8"), module_name(path), is_package=path.name == "__init__.py")


def imports_in(source: str, name: str, *, is_package: bool) -> list[tuple[int, str]]:
    package = name.split(".") if is_package else name.split(".")[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            if base == "saywho":  # `from saywho import X` / `from .. import X`: X may be a subpackage
                found += [(node.lineno, base if alias.name in ROOT_CONSTANTS else f"{base}.{alias.name}")
                          for alias in node.names]
            else:
                found.append((node.lineno, base))
    return [(line, module) for line, module in found if module == "saywho" or module.startswith("saywho.")]


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "saywho"


def unit_of_import(module: str) -> str:
    """The unit an import reaches; a bare ``saywho`` here can only be a root constant."""
    return unit_of(module) if module != "saywho" else "errors"


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_unit_has_a_layer():
    units = {unit_of(module_name(path)) for path in modules()}
    assert units <= set(LAYER_OF), f"declare a layer for {sorted(units - set(LAYER_OF))}"


def arrows_up(source: str, name: str, *, is_package: bool = False) -> list[str]:
    """The imports in module ``name``'s ``source`` that reach a layer above its own."""
    here = unit_of(name)
    return [f"line {line}: {here} imports {module} ({unit_of_import(module)})"
            for line, module in imports_in(source, name, is_package=is_package)
            if LAYER_OF.get(unit_of_import(module), -1) > LAYER_OF.get(here, len(LAYERS))]


def test_no_import_reaches_a_layer_above():
    found = [f"{path.relative_to(SRC)} {arrow}" for path in modules()
             for arrow in arrows_up(path.read_text(encoding="utf-8"), module_name(path),
                                    is_package=path.name == "__init__.py")]
    assert not found, "imports up the stack:\n" + "\n".join(found)


@pytest.mark.parametrize("source, expected", [
    ("from ..extract import extract_doc", "saywho.extract"),
    ("def f():\n    from ..eval import score\n", "saywho.eval"),
    ("import saywho.web.app", "saywho.web.app"),
    ("from .. import query", "saywho.query"),
    ("from . import decode", "saywho.model"),
    ("from .. import __version__", "saywho"),
    ("import spacy", None),
])
def test_import_reader_sees_every_form(source, expected):
    """The checker itself: relative, function-level and package-root imports all resolve."""
    found = [module for _, module in imports_in(source, "saywho.model.probe", is_package=False)]
    assert found == ([expected] if expected else [])


def test_checker_catches_an_arrow_up():
    """model importing extract and eval, as it once did, is reported; extract importing model is not."""
    source = "from ..extract import extract_doc\n\ndef evaluate():\n    from ..eval import score\n"
    assert len(arrows_up(source, "saywho.model.bench")) == 2
    assert arrows_up("from ..model import predict_attributions", "saywho.extract.methods") == []
    assert arrows_up("from .. import __version__", "saywho.web.app") == []
    assert arrows_up("from .. import web", "saywho.store.store") != []
