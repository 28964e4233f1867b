"""Texts that look the same are treated the same, and every span still indexes the text as given."""

from __future__ import annotations

import unicodedata

import pytest

import saywho
from saywho.normalize import normal_form, normal_text
from saywho.options import ExtractOptions
from saywho.store import Store

NFC = '"The port will stay open," said José Núñez, the mayor of Cádiz.'


def rules() -> ExtractOptions:
    from dataclasses import replace

    return replace(ExtractOptions.defaults(), method="rules")


def records(result) -> list[tuple[str, str, str | None]]:
    return [(a.content.text, a.cue.text if a.cue else None, a.source.text if a.source else None)
            for a in result.attributions]


def assert_spans_exact(result, text: str) -> None:
    for a in result.attributions:
        for piece in (a.content, a.cue, a.source):
            if piece is not None:
                assert " … ".join(text[s:e] for s, e in piece.spans) == piece.text
                assert all(not text[s:e][:1].isspace() and not text[s:e][-1:].isspace() for s, e in piece.spans)
    for entity in result.entities:
        assert all(text[s:e].strip() == text[s:e] != "" for s, e in entity.mentions)


@pytest.mark.parametrize("variant", [
    unicodedata.normalize("NFD", NFC),  # accents as combining marks
    NFC.replace("José Núñez", "José\u00a0Núñez"),  # no-break space
    NFC.replace("José Núñez", "José \u00a0 Núñez"),  # spaces around a no-break space
    NFC.replace("José Núñez", "José\u200bNúñez"),  # a zero-width space between the words
    NFC.replace("Núñez", "Nú\u00adñez"),  # a soft hyphen inside the name
    "\ufeff \t" + NFC + " \r\n",  # BOM, leading and trailing white space, Windows line ending
    NFC.replace(" said ", " said\u0000 "),  # a control character
])
def test_normalize_look_alikes_extract_the_same_with_exact_spans(variant):
    expected = saywho.extract(NFC, options=rules())
    result = saywho.extract(variant, options=rules())
    assert [a.speaker.name if a.speaker else None for a in result.attributions] == ["José Núñez"]
    assert len(result.attributions) == len(expected.attributions)
    given = variant.replace("\u0000", " ")  # controls are kept as one space each: the text saywho stores
    assert_spans_exact(result, given)
    assert Store.content_hash(variant) == Store.content_hash(NFC)


def test_normalize_maps_every_offset_back():
    text = "\ufeff\u00a0 Jose\u0301 \u200b said\r\nit  was fi\u00adne \x00"
    normal = normal_form(text)
    assert normal.text == "José said\nit was fine"
    pieces = [text[slice(*normal.span(i, i + 1))] for i in range(len(normal.text))]
    assert pieces[:6] == ["J", "o", "s", "e\u0301", " \u200b ", "s"]
    assert pieces[9:11] == ["\r\n", "i"] and pieces[12] == "  " and pieces[-2:] == ["n", "e"]
    assert normal.span(0, len(normal.text)) == (3, len(text) - 2)
    assert text[slice(*normal.span(0, 4))] == "Jose\u0301"


def test_normalize_is_the_identity_on_clean_text():
    normal = normal_form("Officials said the bridge was safe.\n\nThey added nothing.")
    assert normal.identity and normal.span(3, 9) == (3, 9)


LOOK_ALIKES = [
    "\ufeff\u00a0 Jose\u0301 \u200b said\r\nit  was fi\u00adne \x00",
    unicodedata.normalize("NFD", NFC),
    "\u1100\u1161 \u0cc6\u0cc2 a\u0308\u0301 \u00ad\u2060x\r\r\n\t\u3000y\u200b\u200bz",  # jamo, Kannada, marks
    "  \n\n",
    "",
    "Officials said the bridge was safe.",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_normal_text_is_the_normal_forms_text(text):
    assert normal_text(text) == normal_form(text).text


def test_normal_text_agrees_with_normal_form_on_random_look_alikes():
    import random
    import re

    from saywho.normalize import _H, _INVISIBLE, _bounds

    pool = "ab é\u0301\u0308\u00a0\u200b\u00ad\ufeff\u2060\r\n\t\x00\x85\u1100\u1161\u0cc6\u0cc2.,"
    trailing = re.compile(rf"(?:\s|{_H}|[{_INVISIBLE}])*\Z")  # the end of the text, found the slow way
    draw = random.Random(7)
    for _ in range(2000):
        text = "".join(draw.choice(pool) for _ in range(draw.randint(0, 24)))
        assert normal_text(text) == normal_form(text).text, repr(text)
        begin, end = _bounds(text)
        assert end == max(begin, trailing.search(text, begin).start()), repr(text)
