"""The outlet chain: which outlets a claim came through, with the cue that names them."""

from __future__ import annotations

import pytest

import saywho
from saywho.extract.via import known_outlet, outlet_names


def vias(text: str) -> list[tuple[str, str, str]]:
    result = saywho.extract(text)
    return [(v.name, v.cue, text[slice(*v.spans[0])]) for a in result.attributions for v in a.via]


def test_via_outlet_aliases_resolve_to_canonical_names():
    assert known_outlet("RFE/RL") == "Radio Free Europe/Radio Liberty"
    assert known_outlet("19fortyfive") == "19FortyFive"
    assert known_outlet("the Associated Press") == "Associated Press"
    assert known_outlet("the village council") is None
    assert all(name == name.strip() for name in outlet_names())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The war could make the army stronger, says Hugh Griffiths, according to RFE/RL.",
         [("RFE/RL", "according to", "RFE/RL")]),
        ("Robert Farley reports in 19FortyFive that the war could make the army stronger.",
         [("19FortyFive", "reports in", "19FortyFive")]),
        ("Ben Hodges told Reuters that the lines would hold.", [("Reuters", "told", "Reuters")]),
        ("Michael Kofman wrote in Foreign Affairs that the offensive had stalled.",
         [("Foreign Affairs", "wrote in", "Foreign Affairs")]),
        ("Olaf Scholz said in an interview with CNN that Germany would not send missiles.",
         [("CNN", "in an interview with", "CNN")]),
    ],
)
def test_via_frames(text, expected):
    assert vias(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The minister told reporters that the talks would resume.",
        "The minister told him that the talks would resume.",
        "Farley reports in detail that the army is stronger.",
        "Hugh Griffiths says the war could go on, according to Anna Berg.",
    ],
)
def test_via_no_outlet_no_link(text):
    assert vias(text) == []
