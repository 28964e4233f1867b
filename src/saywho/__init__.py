"""saywho: who said what, according to whom, from news articles."""

from __future__ import annotations

import logging

from .articles import Article
from .errors import (
    EvalError,
    InputError,
    ModelNotFound,
    SaywhoError,
    SchemaVersionError,
    StoreError,
)
from .extract import BatchError, extract, extract_doc, extract_many
from .options import ExtractOptions
from .records import SCHEMA_VERSION, Attribution, Entity, Quantity, Result, Speaker, TextSpans, Via

__version__ = "0.1.0"

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
