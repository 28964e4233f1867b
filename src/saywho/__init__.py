"""saywho: who said what, according to whom, from news articles.

The extraction functions load spaCy, so they are imported on first use: importing saywho, or
any of its submodules (the CLI, the store), stays cheap.
"""

from __future__ import annotations

import importlib
import logging
import sys
import types
import typing

from .articles import Article, BatchError
from .errors import (
    EvalError,
    InputError,
    ModelNotFound,
    SaywhoError,
    SchemaVersionError,
    StoreError,
)
from .options import ExtractOptions
from .records import SCHEMA_VERSION, Attribution, Entity, Quantity, Result, Speaker, TextSpans, Via

if typing.TYPE_CHECKING:
    from .extract import extract, extract_doc, extract_many

__version__ = "0.1.0"

_LAZY = ("extract", "extract_doc", "extract_many")  # functions of saywho.extract, loaded on first use

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "Attribution",
    "BatchError",
    "Entity",
    "EvalError",
    "ExtractOptions",
    "InputError",
    "ModelNotFound",
    "Quantity",
    "Result",
    "SaywhoError",
    "SchemaVersionError",
    "Speaker",
    "StoreError",
    "TextSpans",
    "Via",
    "__version__",
    "extract",
    "extract_doc",
    "extract_many",
]



def _from_extract(name: str) -> typing.Any:
    return getattr(importlib.import_module(".extract", __name__), name)


class _Package(types.ModuleType):
    """The package's module type: ``saywho.extract`` is the function, though ``saywho/extract/``
    is also a subpackage, and importing a subpackage sets the attribute of its name on the
    package; so the function is a property here, and the import system's assignment is ignored
    (the subpackage stays in ``sys.modules``)."""

    @property
    def extract(self) -> typing.Any:
        return _from_extract("extract")

    @extract.setter
    def extract(self, value: typing.Any) -> None:
        pass


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> typing.Any:
    if name in _LAZY:
        return _from_extract(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
