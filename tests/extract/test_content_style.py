"""content_style: reported content with or without its complementizer ("said [that] …")."""

from __future__ import annotations

import pytest

import saywho
from saywho.options import ExtractOptions

TEXT = "The minister said that the talks would resume on Monday. “We are ready,” she added."


@pytest.mark.parametrize("style, expected", [
    ("bare", "the talks would resume on Monday"),
    ("complementizer", "that the talks would resume on Monday"),
])
def test_content_style_moves_only_the_start_of_reported_content(style, expected):
    result = saywho.extract(TEXT, options=ExtractOptions.build(content_style=style))
    indirect = [a for a in result.attributions if a.type == "indirect"]
    direct = [a for a in result.attributions if a.type == "direct"]
    [(start, end)] = indirect[0].content.spans
    assert TEXT[start:end].rstrip(".") == expected
    assert indirect[0].content.text.rstrip(".") == expected
    assert direct[0].content.text.startswith("We are ready")  # quotes are never widened


def test_content_style_rejects_unknown_values():
    with pytest.raises(saywho.InputError, match="content_style must be bare or complementizer"):
        ExtractOptions.build(content_style="quoted")
