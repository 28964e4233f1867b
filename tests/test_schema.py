"""Every result saywho writes validates against the shipped JSON Schema (version 1)."""

from __future__ import annotations

import json

import jsonschema
import pytest

import saywho
from saywho.records import Attribution, Entity, Quantity, Result, Speaker, TextSpans, Via
from saywho.schema import result_schema, validate_result


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(result_schema())


def test_schema_seed_result_validates(seed_result):
    validate_result(json.loads(json.dumps(seed_result.to_dict())))


def test_schema_full_record_validates():
    result = Result(
        id="x",
        attributions=[Attribution(
            id="a1", type="indirect", content=TextSpans("it works", [(10, 18)]), cue=TextSpans("says", [(0, 4)]),
            source=TextSpans("Ann", [(5, 8)]), speaker=Speaker("Ann Lee", "e1", "analyst", "SIPRI"),
            via=[Via("Reuters", "told", [(20, 27)], "e2")], quantities=["q1"], confidence=0.9)],
        entities=[Entity("e1", "PERSON", "Ann Lee", [(5, 8)], ["Lee"])],
        quantities=[Quantity("q1", "up to 50%", None, 0.5, "share", [(30, 39)], "war needs", "up to")],
        meta={"title": "T"},
    )
    validate_result(result.to_dict())


@pytest.mark.parametrize("mutate", [
    lambda d: d["attributions"][0].update(type="quoted"),
    lambda d: d["attributions"][0]["content"].update(spans=[[1]]),
    lambda d: d.pop("entities"),
    lambda d: d["attributions"][0].update(extra=1),
])
def test_schema_rejects_broken_records(mutate):
    data = Result(id="x", attributions=[Attribution(id="a1", type="direct", content=TextSpans("q", [(0, 1)]))]).to_dict()
    mutate(data)
    with pytest.raises(jsonschema.ValidationError):
        validate_result(data)


def test_schema_rejects_other_versions():
    data = Result(id="x").to_dict()
    data["schema_version"] = "3"
    with pytest.raises(saywho.SchemaVersionError):
        validate_result(data)


def test_schema_reads_version_1_records_without_kind(seed_result):
    data = seed_result.to_dict()
    assert data["schema_version"] == "2" and all(a["kind"] for a in data["attributions"])
    data["schema_version"] = "1"
    for attribution in data["attributions"]:
        del attribution["kind"]
    validate_result(data)


def test_schema_error_record_validates():
    error = saywho.BatchError("7", saywho.InputError("article '7' is empty"))
    validate_result(error.to_dict())
