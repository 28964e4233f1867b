"""The JSON Schema of saywho's output (schema version 2; version 1 records are still read)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import SchemaVersionError
from ..records import READABLE_SCHEMA_VERSIONS, SCHEMA_VERSION

SCHEMA_FILE = "result.schema.json"


@lru_cache(maxsize=1)
def result_schema() -> dict[str, Any]:
    """The JSON Schema for one result line of ``saywho extract --format jsonl``."""
    return json.loads(resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


def validate_result(data: dict[str, Any]) -> None:
    """Raise SchemaVersionError for a foreign version, jsonschema.ValidationError for a bad record."""
    import jsonschema

    version = data.get("schema_version")
    if version not in READABLE_SCHEMA_VERSIONS:
        raise SchemaVersionError(f"record has schema_version {version!r}; this saywho reads versions "
                                 f"{', '.join(READABLE_SCHEMA_VERSIONS)} (it writes {SCHEMA_VERSION})")
    jsonschema.validate(data, result_schema())
