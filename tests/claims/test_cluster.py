"""The pure clustering stage: features, similarity, incremental order, copies, origins."""

from __future__ import annotations

import pytest

from saywho.claims import ClaimItem, Clusterer, CopyFinder, Member, claim_words, origin_key, similarity, summarize
from saywho.claims.cluster import ClusterSettings, cluster_items, weighted_similarity

NK = {"North Korea": ["Pyongyang"], "Russia": ["Moscow"]}


def test_claim_words_drop_stop_words_figures_and_inflections():
    assert claim_words("Pyongyang has supplied up to 50% of Moscow's war needs") == [
        "pyongyang", "supply", "moscow", "war", "need"]
    assert claim_words("a third of the shells") == ["shell"]


def test_entity_names_become_one_feature_whatever_the_alias():
    a = ClaimItem(1, "Pyongyang has supplied up to 50% of Moscow's war needs", NK, ("share",))
    b = ClaimItem(2, "North Korea supplies as much as a third of Russia's war needs",
                  {"North Korea": [], "Russia": []}, ("share",))
    assert a.features == b.features == frozenset({"@north korea", "@russia", "supply", "war", "need", "#share"})
    assert a.words == 4  # supply, war, need and a figure


@pytest.mark.parametrize("a, b, same", [
    ("North Korea supplies up to 50% of Moscow's war needs", "North Korea supplies about half of Moscow's war needs",
     True),
    ("North Korea supplies up to 50% of Moscow's war needs", "the United States was watching the talks closely",
     False),
    ("Senator Ted Cruz of Texas", "Senator Ted Cruz of Texas", False),  # a name, no claim
])
def test_clusterer_joins_the_same_claim_only(a, b, same):
    entities = {"North Korea": [], "Russia": ["Moscow"], "Ted Cruz": [], "Texas": [], "United States": []}
    items = [ClaimItem(i, text, {e: v for e, v in entities.items() if e.split()[-1] in text or
                                 any(x in text for x in v)}, ("share",) if "%" in text or "half" in text else ())
             for i, text in enumerate((a, b))]
    clusters = cluster_items(items)
    assert (clusters[0] == clusters[1]) is same


def test_incremental_equals_rebuild():
    texts = [f"North Korea supplies {x} of Moscow's war needs, officials say" for x in ("half", "a third", "most")]
    texts += [f"the talks on {x} collapsed late on Friday evening" for x in ("trade", "tariffs", "grain")]
    items = [ClaimItem(i, t, {"North Korea": [], "Russia": ["Moscow"]} if "Korea" in t else {},
                       ("share",) if "Korea" in t else ()) for i, t in enumerate(texts)]
    whole = cluster_items(items)
    first = Clusterer()
    done = [first.add(item) for item in items[:3]]
    later = Clusterer()  # a new process: what the store kept, then the rest
    later.count({f: sum(f in item.features for item in items[:3]) for item in items[:3] for f in item.features}, 3)
    for assignment in done:
        later.remember(assignment.id, assignment.cluster_id, assignment.features, assignment.keys)
    more = {item.id: later.add(item).cluster_id for item in items[3:]}
    assert {a.id: a.cluster_id for a in done} | more == whole
    assert len(set(whole.values())) == 2


def test_each_item_joins_its_most_similar_earlier_candidate():
    """The search that passes over candidates by an upper bound finds what comparing them all finds."""
    import random

    rng = random.Random(3)
    vocabulary = "ban wall tax vote poll lead trade deal shell grain port debt".split()
    settings = ClusterSettings(threshold=0.3)
    clusterer = Clusterer(settings)
    matches = 0
    for number in range(120):
        text = " ".join(rng.sample(vocabulary, rng.randint(3, 9)))
        item = ClaimItem(number, text)
        keys = clusterer.keys(item)
        candidates = clusterer.candidates(item.id, keys)
        done = clusterer.add(item, keys)
        best, best_score = None, 0.0  # every candidate compared, with the weights the item was filed under
        for other in candidates:
            score = weighted_similarity(item.features, clusterer._features[other], clusterer.weight)
            if score > best_score and score >= settings.threshold:
                best, best_score = other, score
        assert done.matched == best
        if best is not None:
            matches += 1
            assert done.similarity == pytest.approx(best_score, abs=1e-4)
    assert 20 < matches < 120  # both outcomes exercised


def test_a_match_just_over_the_threshold_is_found():
    """The later content holds all of the earlier one's words and more: similarity equals the bound."""
    first, second = ClaimItem(0, "ban wall tax"), ClaimItem(1, "ban wall tax vote poll lead trade")
    clusterer = Clusterer(ClusterSettings(threshold=0.3))
    clusterer.add(first)
    done = clusterer.add(second)
    assert done.matched == 0 and 0.3 <= done.similarity < 0.35


def test_similarity_is_jaccard():
    assert similarity(frozenset("ab"), frozenset("bc")) == pytest.approx(1 / 3)
    assert similarity(frozenset(), frozenset("a")) == 0.0


def test_short_contents_stay_alone():
    settings = ClusterSettings.defaults()
    item = ClaimItem(1, "nothing more")
    assert item.words < settings.min_words and Clusterer(settings).keys(item) == ()


STORY = " ".join(f"Sentence {i} of the wire story says that the shells arrived by train at depot {i}." for i in range(40))


def test_copy_finder_points_copies_at_the_first_article():
    finder = CopyFinder(threshold=0.5)
    assert finder.add("wire", STORY) == (None, 0.0)
    origin, score = finder.add("reprint", STORY + " This story was provided by the wire.")
    assert origin == "wire" and score > 0.9
    assert finder.add("edited", STORY.replace("depot 7", "the depot"))[0] == "wire"
    assert finder.add("other", "An unrelated story about grain prices in Kansas and the weather. " * 5)[0] is None


def _member(i: int, article: str, outlet: str | None, **kw) -> Member:
    return Member(attribution_id=i, article_id=article, text="t", outlet=outlet,
                  outlet_key=outlet.lower() if outlet else None, **kw)


def test_origins_collapse_copies_via_chains_and_cited_outlets():
    members = [
        _member(1, "rfe", "RFE/RL", speaker="Hugh Griffiths", published="2024-11-02"),
        _member(2, "guardian", "The Guardian", cited_outlet_key="rfe/rl", cited_outlet="RFE/RL", published="2024-11-05"),
        _member(3, "yahoo", "Yahoo News", via=["RFE/RL"], via_keys=["rfe/rl"], published="2024-11-06"),
        _member(4, "wire", "Associated Press", published="2024-11-03"),
        *[_member(10 + i, f"copy{i}", f"Paper {i}", copy_of="wire", copy_outlet_key="associated press",
                  copy_outlet="Associated Press", published="2024-11-04") for i in range(50)],
        _member(99, "reuters", "Reuters", speaker="Jenny Town", published="2024-11-07"),
    ]
    summary = summarize(members)
    assert summary["independent_origins"] == 3
    assert [o["label"] for o in summary["origins"]] == ["RFE/RL", "Associated Press", "Reuters"]
    assert summary["first"]["attribution_id"] == 1
    assert origin_key(members[5]) == ("outlet:associated press", "Associated Press")
    assert [s["name"] for s in summary["speakers"]] == ["Hugh Griffiths", "Jenny Town"]


@pytest.mark.parametrize("text", ["Putin's plan", "Putin’s PLAN", "José Núñez said", "Ｆｕｌｌ width", "İstanbul", "a ﬁne day"])
def test_fold_takes_marks_and_compatibility_forms_off_with_or_without_ascii(text):
    import re
    import unicodedata

    from saywho.claims.text import _APOSTROPHES, _fold

    reference = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    reference = re.sub(r"'s\b", "", "".join(ch for ch in reference if not unicodedata.combining(ch)).lower())
    assert _fold(text) == reference
