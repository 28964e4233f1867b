"""``Result.from_dict`` is the inverse of ``Result.to_dict`` (the JSON contract)."""

from __future__ import annotations

import json

import pytest

from saywho.errors import InputError, SchemaVersionError
from saywho.records import Attribution, Entity, Quantity, Result, Speaker, TextSpans, Via


def test_records_from_dict_round_trips_seed(seed_result):
    data = json.loads(json.dumps(seed_result.to_dict()))
    # to_dict rounds confidence to 3 places, so compare JSON forms.
    assert Result.from_dict(data).to_dict() == seed_result.to_dict()


def test_records_from_dict_round_trips_every_field():
    result = Result(
        id="x",
        attributions=[Attribution(
            id="a1", type="mixed", content=TextSpans("it works", [(10, 18), (30, 34)]),
            cue=TextSpans("says", [(0, 4)]), source=TextSpans("Ann", [(5, 8)]),
            speaker=Speaker("Ann Lee", "e1", "analyst", "SIPRI"), via=[Via("Reuters", "told", [(20, 27)], "e2")],
            parent="a0", quantities=["q1"], confidence=0.25, method="model", kind="speech")],
        entities=[Entity("e1", "PERSON", "Ann Lee", [(5, 8)], ["Lee"])],
        quantities=[Quantity("q1", "up to 50%", None, 0.5, "share", [(30, 39)], "war needs", "up to",
                             low_inclusive=False)],
        meta={"title": "T", "published": "2024-05-01"},
    )
    assert Result.from_dict(json.loads(json.dumps(result.to_dict()))) == result


def test_records_from_dict_refuses_other_schema_version():
    with pytest.raises(SchemaVersionError, match="schema_version '9'"):
        Result.from_dict({"id": "x", "schema_version": "9", "attributions": []})


def test_records_from_dict_reads_version_1_without_kind():
    data = {"id": "x", "schema_version": "1", "attributions": [
        {"id": "a1", "type": "direct", "content": {"text": "yes", "spans": [[1, 4]]}}]}
    assert Result.from_dict(data).attributions[0].kind is None


def test_records_from_dict_names_the_bad_record():
    with pytest.raises(InputError, match="result 'x' is not a saywho result"):
        Result.from_dict({"id": "x", "attributions": [{"id": "a1", "type": "direct"}]})
