"""Merging the model's records with the rules' for the "hybrid" and "model" methods."""

from __future__ import annotations

from saywho.extract.methods import merge, same_attribution
from saywho.records import Attribution, Speaker, TextSpans, Via

# "The plan will fail, Jane Smith said. Taxes will rise, the minister added."
PLAN, SAID, SMITH = (0, 18), (31, 35), (20, 30)
TAXES, ADDED, MINISTER = (37, 53), (68, 73), (55, 67)


def record(id: str, content, cue, source, *, method: str = "rules", **extra) -> Attribution:
    return Attribution(id=id, type="indirect", content=TextSpans("the claim itself", [content]),
                       cue=TextSpans("said", [cue]), source=TextSpans("Smith", [source]), method=method, **extra)


def rules_records() -> list[Attribution]:
    speaker = Speaker(name="Jane Smith", entity="e1", role="senator")
    return [record("a1", (0, 19), SAID, SMITH, speaker=speaker, via=[Via("Reuters", "according to", [(80, 87)])])]


def model_records() -> list[Attribution]:
    return [record("m1", PLAN, SAID, SMITH, method="model"), record("m2", TAXES, ADDED, MINISTER, method="model")]


def test_hybrid_same_attribution_by_cue_overlap():
    rule, model = rules_records()[0], model_records()
    assert same_attribution(model[0], rule)
    assert not same_attribution(model[1], rule)


def test_hybrid_keeps_rule_records_and_adds_what_they_missed():
    merged = merge(rules_records(), model_records(), prefer="rules", keep_unmatched_rules=True)
    assert [(a.id, a.method) for a in merged] == [("a1", "rules"), ("a2", "model")]
    assert merged[0].content.spans == [(0, 19)]  # the rule's own span
    assert merged[1].cue.spans == [ADDED]


def test_model_method_takes_model_spans_with_rule_speaker_and_via():
    merged = merge(rules_records(), model_records(), prefer="model", keep_unmatched_rules=False)
    assert [a.method for a in merged] == ["model", "model"]
    first = merged[0]
    assert first.content.spans == [PLAN]
    assert first.speaker is not None and first.speaker.name == "Jane Smith" and first.speaker.role == "senator"
    assert [v.name for v in first.via] == ["Reuters"]
    assert merged[1].speaker is None


def test_merge_renumbers_in_text_order_and_follows_parents():
    outer = record("a1", (0, 60), (61, 65), (66, 70))
    inner = record("a2", (10, 20), (21, 25), (26, 30), parent="a1")
    early = record("m1", (0, 5), (90, 95), (96, 99), method="model")
    merged = merge([inner, outer], [early], prefer="rules")
    ids = {a.content.spans[0]: a for a in merged}
    assert [a.id for a in merged] == ["a1", "a2", "a3"]
    assert ids[(10, 20)].parent == ids[(0, 60)].id


def test_hybrid_adds_no_one_word_claims_and_no_via_outlets():
    rules = rules_records()
    said_nothing = Attribution(id="m3", type="indirect", content=TextSpans("nothing", [(100, 107)]),
                               cue=TextSpans("said", [(95, 99)]), source=TextSpans("They", [(90, 94)]), method="model")
    outlet = record("m4", PLAN, (70, 79), (80, 87), method="model")  # "according to Reuters"
    merged = merge(rules, [said_nothing, outlet], prefer="rules")
    assert [a.method for a in merged] == ["rules"]


def test_hybrid_a_quote_paragraph_inside_a_rule_record_is_covered():
    rule = record("a1", (0, 40), SAID, SMITH)
    rule.content.spans = [(0, 20), (50, 70)]
    paragraph = Attribution(id="m1", type="direct", content=TextSpans("the first paragraph", [(0, 20)]), method="model")
    assert [a.method for a in merge([rule], [paragraph], prefer="rules")] == ["rules"]


SMITH_SAID = "The economy is in trouble, Senator Jane Smith said on Tuesday.\n\nShe added that voters “deserve better.”"


def test_extract_methods_say_which_path_made_each_record():
    import saywho
    from saywho.options import ExtractOptions

    by_model = saywho.extract(SMITH_SAID, options=ExtractOptions.build(method="model")).attributions
    by_rules = saywho.extract(SMITH_SAID, options=ExtractOptions.build(method="rules")).attributions
    assert by_model and {a.method for a in by_model} >= {"model"}
    assert {a.method for a in by_rules} == {"rules"}
    hybrid = saywho.extract(SMITH_SAID).attributions  # the default method
    assert {a.method for a in hybrid} <= {"rules", "model"} and len(hybrid) >= len(by_rules)


def test_a_model_record_gets_the_outlet_links_of_its_cue():
    import saywho
    from saywho.options import ExtractOptions

    text = 'The chain raised prices, while ALDI, in a Facebook post on Tuesday, called it "unexpected".'
    records = saywho.extract(text, options=ExtractOptions.build(method="model")).attributions
    called = [a for a in records if a.method == "model" and a.cue and a.cue.text == "called"]
    assert called and [v.name for v in called[0].via] == ["Facebook"]
