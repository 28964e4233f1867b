"""Figures grouped by what they measure, and intervals that cannot both be true."""

from __future__ import annotations

from saywho.claims import Figure, compare_figures
from saywho.claims.figures import overlaps

NK = {"North Korea": ["Pyongyang"], "Russia": ["Moscow"]}


def _figure(i, text, low, high, unit, referent=None, entities=NK, high_inclusive=True, published="2024-11-02"):
    return Figure(i, text, low, high, unit=unit, referent=referent, entities=dict(entities),
                  high_inclusive=high_inclusive, published=published)


def test_overlap_respects_open_and_missing_bounds():
    millions = _figure(1, "millions of artillery shells", 1e6, 1e7, "artillery shells", high_inclusive=False)
    hundreds = _figure(2, "hundreds of thousands of artillery shells", 1e5, 1e6, "artillery shells",
                       high_inclusive=False)
    up_to = _figure(3, "up to 50%", None, 0.5, "share", "Moscow's war needs")
    third = _figure(4, "as much as 30%", None, 0.3, "share", "Russia's war needs")
    about = _figure(5, "about 60%", 0.54, 0.66, "share", "Moscow's war needs")
    assert not overlaps(millions, hundreds)  # [1e5, 1e6) and [1e6, 1e7) share nothing
    assert overlaps(up_to, third) and not overlaps(third, about) and not overlaps(up_to, about)


def test_compare_groups_by_measure_and_flags_disagreement():
    figures = [
        _figure(1, "up to 50%", None, 0.5, "share", "Moscow's war needs"),
        _figure(2, "millions of artillery shells", 1e6, 1e7, "artillery shells", "artillery shells",
                high_inclusive=False),
        _figure(3, "as much as 30%", None, 0.3, "share", "Russia's war needs", published="2024-11-05"),
        _figure(4, "about 60%", 0.54, 0.66, "share", "the Kremlin's war needs",
                entities={"North Korea": [], "Russia": ["Kremlin"]}, published="2024-11-06"),
        _figure(5, "hundreds of thousands of artillery shells", 1e5, 1e6, "artillery shells", "artillery shells",
                high_inclusive=False, published="2024-11-05"),
        _figure(6, "12 artillery shells", 12, 12, "artillery shells", "artillery shells",
                entities={"Ukraine": [], "United States": []}),
        _figure(7, "40% of voters", 0.4, 0.4, "share", "voters", entities={}),
    ]
    groups = {(g.measure, tuple(f.quantity_id for f in g.figures)): g for g in compare_figures(figures)}
    needs = groups[("Moscow's war needs", (1, 3, 4))]
    assert needs.unit == "share" and needs.conflicts == [(0, 2), (1, 2)]
    shells = groups[("artillery shells", (2, 5))]
    assert shells.disagree and shells.entities == ["North Korea", "Russia"]
    # The same unit about other countries is another measure; so is a share of voters.
    assert ("artillery shells", (6,)) in groups and ("voters", (7,)) in groups
