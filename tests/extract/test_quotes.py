"""Quote-mark scanning: every mark style, paragraphs, nesting, apostrophes, and bad input."""

from __future__ import annotations

import time

import pytest

from saywho.extract.quotes import MAX_QUOTE_CHARS, find_quotes


def quoted(text: str) -> list[list[str]]:
    return [[text[s:e] for s, e in q.fragments] for q in find_quotes(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“The front is holding,” he said.", [["The front is holding,"]]),
        ('"The front is holding," he said.', [["The front is holding,"]]),
        ("„Die Front hält“, sagte er.", [["Die Front hält"]]),
        ("«The front is holding», he said.", [["The front is holding"]]),
        ("« La ligne tient », a-t-il dit.", [[" La ligne tient "]]),
        ("‘The front is holding,’ he said.", [["The front is holding,"]]),
        ("''This isn't tax reform,'' said Douglas Holtz-Eakin.", [["This isn't tax reform,"]]),
        ('He said "yes" and then "no".', [["yes"], ["no"]]),
    ],
)
def test_quotes_every_mark_style(text, expected):
    assert quoted(text) == expected


def test_quotes_apostrophes_are_not_marks():
    text = "North Korea’s army is Russia’s ally; it’s the ‘90s again, the soldiers’ officers say."
    assert find_quotes(text) == []


def test_quotes_inner_quote_is_part_of_the_outer_one():
    text = "“When the commander told us ‘hold the line’, we knew,” said Petrenko."
    assert quoted(text) == [["When the commander told us ‘hold the line’, we knew,"]]


def test_quotes_paragraph_reopened_continues_the_quote():
    text = "“The threat is real.\n“We cannot pretend otherwise,” Jonson said.\nNext paragraph."
    assert quoted(text) == [["The threat is real.", "We cannot pretend otherwise,"]]


def test_quotes_unclosed_mark_does_not_swallow_the_article():
    text = "He called it “a disaster.\nThe next paragraph has “a real quote,” she said.\n" + "More text. " * 50
    assert quoted(text) == [["a real quote,"]]


def test_quotes_stray_closing_marks_are_ignored():
    text = "Stray” marks” everywhere” and then “a quote,” he said."
    assert quoted(text) == [["a quote,"]]


def test_quotes_bounded_length():
    text = "“" + "word " * (MAX_QUOTE_CHARS // 4) + "” he said. “short,” she said."
    assert quoted(text) == [["short,"]]


def test_quotes_two_thousand_marks_in_linear_time():
    text = " ".join("“quote number %d,” he said." % i for i in range(1000))
    start = time.perf_counter()
    quotes = find_quotes(text)
    assert len(quotes) == 1000
    assert time.perf_counter() - start < 0.5


def test_quotes_only_ascii_marks_unbalanced():
    text = '"' * 2001
    for quote in find_quotes(text):
        assert 0 <= quote.start < quote.end <= len(text)


def test_a_stray_straight_mark_does_not_swallow_the_curly_quotes_after_it():
    # Scraped pages often open each paragraph with a stray straight mark; only the same mark
    # reopens a quote that runs on over a paragraph break.
    text = '"Kevin was asleep.\n\n“Here he is,” she said. “He is here.”\n\n"The band played on.'
    assert quoted(text) == [["Here he is,"], ["He is here."]]


def test_a_quote_reopened_with_its_own_mark_still_runs_over_paragraphs():
    text = "“The first point is simple.\n\n“The second is not,” she said."
    assert quoted(text) == [["The first point is simple.", "The second is not,"]]
