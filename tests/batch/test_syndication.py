"""MinHash signatures of wire copies agree on most places; other stories and short notices do not match."""

from __future__ import annotations

import pytest

pytest.importorskip("datasketch", reason="wire-copy detection needs datasketch: pip install 'saywho[spark]'")

from saywho.batch.syndication import SyndicationSettings, signature  # noqa: E402

from .stories import COPY, OTHER_LONG, WIRE  # noqa: E402


def _agreement(a: list[int], b: list[int]) -> float:
    return sum(x == y for x, y in zip(a, b)) / len(a)


def test_syndication_wire_copy_agrees_above_the_threshold():
    settings = SyndicationSettings.defaults()
    (wire, wire_bands), (copy, copy_bands) = signature(WIRE, settings), signature(COPY, settings)
    assert len(wire) == settings.permutations and len(wire_bands) == settings.bands
    assert _agreement(wire, copy) >= settings.threshold
    assert set(wire_bands) & set(copy_bands)  # they meet in at least one LSH band


def test_syndication_other_story_stays_apart():
    settings = SyndicationSettings.defaults()
    wire, wire_bands = signature(WIRE, settings)
    other, other_bands = signature(OTHER_LONG, settings)
    assert _agreement(wire, other) < 0.2
    assert not set(wire_bands) & set(other_bands)


def test_syndication_short_text_gets_no_signature():
    assert signature("Fisk said buses would replace the trams.", SyndicationSettings.defaults()) == (None, None)


def test_syndication_signature_is_the_same_in_every_process():
    # Executors compute signatures independently: fixed hash functions make them comparable.
    settings = SyndicationSettings.defaults()
    assert signature(WIRE, settings) == signature(WIRE, settings)
