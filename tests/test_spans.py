"""One span helper: the rules, the model and the metric trim span edges with saywho.spans.trim."""

from __future__ import annotations

import pytest

from saywho import eval as evaluation
from saywho.model import decode
from saywho.spans import CLAUSE_PUNCTUATION, EDGE_PUNCTUATION, trim


@pytest.mark.parametrize("text, span, expected", [
    ("“The plan is dead,” he said.", (0, 20), (1, 17)),  # quote marks and the comma
    ("  (the talks) ", (0, 14), (3, 12)),  # white space and brackets
    ("it will rise …", (0, 14), (0, 12)),  # the ellipsis
    ("— and then —", (0, 12), (2, 10)),  # dashes
    ("\u00a0x\u2009", (0, 3), (1, 2)),  # any Unicode white space
    ("“…”", (0, 3), None),  # nothing left
    ("abc", (-4, 99), (0, 3)),  # clipped to the text
])
def test_trim_drops_white_space_and_edge_punctuation(text, span, expected):
    assert trim(text, span) == expected


def test_trim_keeps_clause_punctuation_unless_asked():
    text = "the plan is dead;"
    assert trim(text, (0, len(text))) == (0, len(text))  # the metric keeps it (BRIEF: quote marks,
    assert trim(text, (0, len(text)), also=CLAUSE_PUNCTUATION) == (0, len(text) - 1)  # commas, ...)
    assert not CLAUSE_PUNCTUATION & EDGE_PUNCTUATION


def test_metric_and_model_use_the_one_helper():
    assert evaluation.trim is trim
    assert decode.trim is trim


def test_seed_spans_come_out_trimmed(seed_result, seed_text):
    """What the rules output is what the metric compares: trimming again changes nothing."""
    for attribution in seed_result.attributions:
        for part in (attribution.content, attribution.source, attribution.cue):
            for span in part.spans if part else []:
                assert trim(seed_text, span, also=CLAUSE_PUNCTUATION) == tuple(span), (part.text, span)
