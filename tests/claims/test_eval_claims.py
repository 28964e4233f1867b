"""The claims evaluation: clustering and copy detection scored against labelled pairs."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from saywho.cli.main import app
from saywho.eval.claims import evaluate_claims

STORY = " ".join(f"Paragraph {i}: the council voted on the budget for district {i} late on Monday." for i in range(30))
CLAIM = "the new budget cuts funding for every public library in the city"
OTHER = "the mayor will not seek a second term after the scandal"


def _article(id, date, text, contents):
    quotes = []
    for content in contents:
        start = text.index(content)
        quotes.append({"content_spans": [[start, start + len(content)]]})
    return {"id": id, "text": text, "meta": {"date": date}, "quotes": quotes}


def _files(tmp_path):
    articles = [
        _article("a", "2016-01-01", f"{STORY} Officials said {CLAIM}.", [CLAIM]),
        _article("b", "2016-01-02", f"{STORY} Officials said {CLAIM}. Reprinted.", [CLAIM]),
        _article("c", "2016-01-03", f"A spokesman said that {CLAIM.replace('public', 'branch')}, and that {OTHER}.",
                 [CLAIM.replace("public", "branch"), OTHER]),
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in articles) + "\n")
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("\n".join(json.dumps(p) for p in [
        {"pair": 0, "label": "same", "a": {"article": "a", "text": CLAIM},
         "b": {"article": "c", "text": CLAIM.replace("public", "branch")}},
        {"pair": 1, "label": "different", "a": {"article": "a", "text": CLAIM}, "b": {"article": "c", "text": OTHER}},
    ]) + "\n")
    copies = tmp_path / "copies.jsonl"
    copies.write_text(json.dumps({"a": "a", "b": "b", "label": "copy"}) + "\n"
                      + json.dumps({"a": "a", "b": "c", "label": "distinct"}) + "\n")
    return corpus, pairs, copies


def test_evaluate_claims_scores_pairs_and_copies(tmp_path):
    corpus, pairs, copies = _files(tmp_path)
    report = evaluate_claims(pairs, corpus, copies_path=copies, entities=False, thresholds=[0.99])
    default, strict = report["thresholds"][0], report["thresholds"][-1]
    assert (default["tp"], default["fp"], default["fn"]) == (1, 0, 0)
    assert strict["threshold"] == 0.99 and strict["fn"] == 1
    assert report["copies"]["tp"] == 1 and report["copies"]["fp"] == 0


def test_cli_eval_claims(tmp_path):
    corpus, pairs, copies = _files(tmp_path)
    done = CliRunner().invoke(app, ["eval-claims", str(pairs), "--corpus", str(corpus), "--copies", str(copies),
                                    "--no-entities", "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["thresholds"][0]["precision"] == 1.0
    bad = CliRunner().invoke(app, ["eval-claims", str(pairs), "--corpus", str(tmp_path / "missing.jsonl")])
    assert bad.exit_code == 1


def test_gold_contents_carry_the_entities_and_figures_the_store_links(tmp_path):
    from saywho.eval.claims import _annotations, _corpus, gold_items

    text = "The mayor of Springfield said the new budget cuts library funding by 40% next year."
    content = "the new budget cuts library funding by 40% next year"
    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps(_article("d", "2016-01-04", text, [content])) + "\n")
    articles = _corpus(corpus)
    items, index = gold_items(articles, _annotations(articles, 1))
    item = items[index[("d", content)]]
    assert "share" in item.units and "#share" in item.features
    plain, _ = gold_items(articles, None)
    assert plain[0].units == ()


def test_eval_claims_reports_agreement_with_a_second_labelling(tmp_path):
    corpus, pairs, _ = _files(tmp_path)
    rows = [json.loads(line) for line in pairs.read_text().splitlines()]
    second = tmp_path / "second.jsonl"
    # the second labeller calls the first pair different; the pairs come in another order
    second.write_text("\n".join(json.dumps({**row, "label": "different"}) for row in reversed(rows)) + "\n")
    report = evaluate_claims(pairs, corpus, entities=False, second_path=second)
    agree = report["agreement"]
    assert (agree["pairs"], agree["agree"], agree["kappa"]) == (2, 1, 0.0)
    assert [d["pair"] for d in agree["disagreements"]] == [0]
    row = report["thresholds"][0]
    assert row["second"]["fp"] == 1 and row["agreed"]["pairs"] == 1 and row["agreed"]["tn"] == 1
    done = CliRunner().invoke(app, ["eval-claims", str(pairs), "--corpus", str(corpus), "--no-entities",
                                    "--second", str(second)])
    assert done.exit_code == 0, done.output
    assert "Cohen's kappa 0.000" in done.output and "pair 0: first same, second different" in done.output
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps(rows[0]) + "\n")
    assert CliRunner().invoke(app, ["eval-claims", str(pairs), "--corpus", str(corpus), "--no-entities",
                                    "--second", str(other)]).exit_code == 1
