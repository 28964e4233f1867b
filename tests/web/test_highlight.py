"""The reader's markup: every attribution part marked, article text escaped piece by piece."""

from __future__ import annotations

import re

from web_fixtures import HANDMADE_TEXT, handmade_result

from saywho.web.highlight import highlight, speaker_colours


def _attributions():
    return handmade_result().to_dict()["attributions"]


def _visible_text(markup: str) -> str:
    """The text a browser shows: tags dropped, entities decoded."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_highlight_keeps_the_text_exactly():
    markup = str(highlight(HANDMADE_TEXT, _attributions()))
    assert _visible_text(markup) == HANDMADE_TEXT


def test_highlight_escapes_markup_inside_quotes():
    markup = str(highlight(HANDMADE_TEXT, _attributions()))
    assert "<script>" not in markup and "<img" not in markup
    assert "&lt;script&gt;alert(&#39;q&#39;)&lt;/script&gt;" in markup
    assert "&lt;img src=x onerror=alert(4)&gt;" in markup
    # The only tags are the ones highlight makes.
    assert set(re.findall(r"<(/?\w+)", markup)) == {"a", "/a"}


def test_highlight_marks_each_role_with_the_speakers_colour():
    markup = str(highlight(HANDMADE_TEXT, _attributions()))
    marks = re.findall(r'<a class="hl hl-(\w+) sp-(\d+)" href="#attr-a\d+" tabindex="-1" title="\w+ of attribution a\d" data-top="(\d+)" data-attr="([\d ]+)">([^<]*)</a>', markup)
    by_role = {(role, index): text for role, _, index, _, text in marks}
    assert by_role[("source", "0")] == "Anna Berg"
    assert by_role[("cue", "0")] == "says"
    assert by_role[("cue", "2")] == "have reported"
    # Anna Berg's two attributions share a colour; the soldiers get another.
    colours = {index: colour for _, colour, index, _, _ in marks}
    assert colours["0"] == colours["1"] != colours["2"]


def test_highlight_nested_content_is_marked_with_both_attributions():
    markup = str(highlight(HANDMADE_TEXT, _attributions()))
    inner = re.search(r'data-attr="([\d ]+)">[^<]*shortages</a>', markup)
    assert inner and inner.group(1) == "1 2"


def test_highlight_without_attributions_is_plain_escaped_text():
    assert str(highlight("a <b> c", [])) == "a &lt;b&gt; c"


def test_highlight_ignores_spans_outside_the_text():
    attributions = [{"id": "a1", "content": {"text": "x", "spans": [[5, 500]]}, "cue": None, "source": None,
                     "speaker": None}]
    markup = str(highlight("0123456789", attributions))
    assert _visible_text(markup) == "0123456789"
    assert markup.startswith("01234<a ")


def test_speaker_colours_follow_first_appearance():
    colours = speaker_colours(_attributions())
    assert colours == {"e1": 0, "soldiers": 1}


def test_highlight_marks_the_via_chain():
    markup = str(highlight(HANDMADE_TEXT, _attributions()))
    assert re.search(r'<a class="hl hl-via sp-0" href="#attr-a1" tabindex="-1" title="via of attribution a1" '
                     r'data-top="0" data-attr="0">'
                     r'Radio Free Europe/Radio Liberty</a>', markup)
