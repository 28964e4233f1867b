"""span_style: saywho's span edges, or PolNeAR's ("said [that …]", "[Jane Roe, a lawyer], said")."""

from __future__ import annotations

import pytest

import saywho
from saywho.options import ExtractOptions

TEXT = ("The minister said that the talks would resume on Monday. “We are ready,” she added. "
        "Jane Roe, a lawyer for the firm, said the ruling would be appealed.")


@pytest.mark.parametrize("style, content, source", [
    ("seed", "the talks would resume on Monday", "Jane Roe"),
    ("polnear", "that the talks would resume on Monday", "Jane Roe, a lawyer for the firm"),
])
def test_conventions_move_content_and_source_edges(style, content, source):
    result = saywho.extract(TEXT, options=ExtractOptions.build(span_style=style))
    talks = next(a for a in result.attributions if "talks" in a.content.text)
    [(start, end)] = talks.content.spans
    assert TEXT[start:end].rstrip(".") == content == talks.content.text.rstrip(".")
    lawyer = next(a for a in result.attributions if a.source and a.source.text.startswith("Jane Roe"))
    [(start, end)] = lawyer.source.spans
    assert TEXT[start:end] == source == lawyer.source.text
    quoted = next(a for a in result.attributions if a.type == "direct")
    assert quoted.content.text.startswith("We are ready")  # quotes are never widened


def test_conventions_reject_unknown_styles():
    with pytest.raises(saywho.InputError, match="span_style must be seed or polnear"):
        ExtractOptions.build(span_style="quoted")


@pytest.mark.parametrize("style, cues", [
    ("seed", ["said"]),
    ("polnear", ["has also said", "did not say"]),
])
def test_polnear_style_takes_its_annotators_cues_and_scope(style, cues):
    # PolNeAR's annotators keep auxiliaries and adverbs in the cue and annotate negated saying;
    # saywho's own convention (and the Wikinews guidelines) keep neither.
    text = "The mayor has also said the bridge would reopen in May. Officials did not say when the road would reopen."
    result = saywho.extract(text, options=ExtractOptions.build(span_style=style))
    assert [a.cue.text for a in result.attributions] == cues
