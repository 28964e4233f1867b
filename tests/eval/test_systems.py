"""The system registry and the textacy peer, on real spaCy parses."""

from __future__ import annotations

import sys

import pytest

from saywho.errors import EvalError
from saywho.eval import GoldArticle, score
from saywho.eval.systems import SYSTEMS, _textacy_quotes, _token_fragments, get_system, run_systems

pytest.importorskip("textacy")

QUOTE = 'Senator Jane Doe said, “We will not vote for this bill under any circumstances.”'
TWO_PARAGRAPHS = ('“The plan is dead and we all know it,” Smith said.\n\n'
                  'A stray “ mark sits in this paragraph.')


def gold(text: str, id: str = "a") -> GoldArticle:
    return GoldArticle(id=id, text=text, attributions=[], meta={})


def test_systems_registry_names_saywho_and_peers():
    assert {"saywho", "saywho-rules", "saywho-model", "textacy", "textacy-strict"} <= set(SYSTEMS)
    with pytest.raises(EvalError, match="unknown system 'nope'; choose from saywho"):
        get_system("nope")


def test_systems_textacy_maps_tokens_to_character_spans(nlp):
    import textacy.extract.triples as triples

    [record] = _textacy_quotes(triples.direct_quotations, nlp(QUOTE))
    assert [QUOTE[s:e] for s, e in record.source] == ["Senator Jane Doe"]
    assert [QUOTE[s:e] for s, e in record.cue] == ["said"]
    assert QUOTE[slice(*record.content[0])] == "“We will not vote for this bill under any circumstances.”"


def test_systems_textacy_falls_back_to_paragraphs_on_a_stray_quote_mark(nlp):
    import textacy.extract.triples as triples

    doc = nlp(TWO_PARAGRAPHS)
    with pytest.raises(ValueError, match="unclosed quotation"):
        list(triples.direct_quotations(doc))  # textacy itself bails out on the whole article
    assert list(_textacy_quotes(triples.direct_quotations, doc, by_paragraph=False)) == []
    [record] = _textacy_quotes(triples.direct_quotations, doc)
    assert TWO_PARAGRAPHS[slice(*record.content[0])] == "“The plan is dead and we all know it,”"
    assert [TWO_PARAGRAPHS[s:e] for s, e in record.source] == ["Smith"]


def test_systems_token_fragments_merge_adjacent_tokens_only(nlp):
    doc = nlp("Prime Minister Jane Doe of Norway said it.")
    assert _token_fragments([doc[0], doc[1], doc[2], doc[3]]) == [(0, 23)]
    assert _token_fragments([doc[5], doc[0]]) == [(0, 5), (27, 33)]


def test_systems_run_shares_one_parse_and_scores_each_system():
    articles = [gold(QUOTE, "q"), gold(TWO_PARAGRAPHS, "p")]
    run = run_systems(articles, ["textacy", "saywho-rules", "textacy"])
    assert list(run.predictions) == ["textacy", "saywho-rules"]
    assert set(run.predictions["textacy"]) == {"q", "p"}
    assert run.sentences["q"][0][0] == 0
    score(articles, run.predictions["textacy"])  # predictions line up with the gold ids


def test_systems_missing_textacy_is_skipped_with_a_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "textacy.extract.triples", None)  # makes the import fail
    run = run_systems([gold(QUOTE)], ["textacy", "saywho-rules"])
    assert "textacy is not installed" in run.skipped["textacy"]
    assert "saywho[compare]" in run.skipped["textacy"]
    assert list(run.predictions) == ["saywho-rules"]
