"""Figure comparison: quantities grouped by what they measure, each as an interval with who said it.

What a figure measures is its unit class (a share, money, or a count of something), the words of its
unit and referent ("Moscow's war needs", "artillery shells") with entity names folded onto their
canonical entity ("Moscow" -> ``@russia``), and the entities its claim is about. Two figures measure
the same thing when their unit classes agree, their measure words overlap at ``referent_threshold``
and their entities, when both have some, are not disjoint ("shells to Russia" is not "shells to
Ukraine"). Inside a group, every pair of intervals that do not overlap is flagged.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from .cluster import similarity
from .text import claim_words

_CURRENCIES = {"usd", "eur", "gbp", "rub", "jpy", "cny", "uah", "krw", "kpw", "dollars", "euros", "pounds", "roubles",
               "rubles", "yen", "yuan"}


@dataclass
class Figure:
    """One quantity as said: its interval and who gave it, when, through which outlet."""

    quantity_id: int
    text: str
    low: float | None
    high: float | None
    unit: str | None = None
    referent: str | None = None
    hedge: str | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    attribution_id: int | None = None
    content: str | None = None
    speaker: str | None = None
    role: str | None = None
    outlet: str | None = None
    via: list[str] = field(default_factory=list)
    published: str | None = None
    article_id: str | None = None
    entities: dict[str, list[str]] = field(default_factory=dict)  # canonical name -> aliases seen

    def to_dict(self) -> dict[str, Any]:
        found = asdict(self)
        found["entities"] = sorted(self.entities)
        return found


@dataclass
class FigureGroup:
    """Figures that measure one thing, oldest first, and the pairs (indices) whose intervals disagree."""

    measure: str
    unit: str
    entities: list[str]
    figures: list[Figure]
    conflicts: list[tuple[int, int]]

    @property
    def disagree(self) -> bool:
        return bool(self.conflicts)

    def to_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "unit": self.unit, "entities": self.entities, "disagree": self.disagree,
                "conflicts": [list(pair) for pair in self.conflicts],
                "figures": [f.to_dict() for f in self.figures]}


def unit_class(figure: Figure) -> str:
    """share, money or count: figures in different classes never measure the same thing."""
    unit = (figure.unit or "").lower()
    if unit in ("share", "%", "percent", "per cent"):
        return "share"
    if unit in _CURRENCIES or (len(unit) == 3 and unit.isalpha() and figure.unit and figure.unit.isupper()):
        return "money"
    return "count"


def measure_words(figure: Figure) -> frozenset[str]:
    """Unit and referent words, entity names replaced by their canonical entity."""
    alias_of: dict[str, str] = {}
    for canonical, aliases in figure.entities.items():
        for name in (canonical, *aliases):
            for word in claim_words(name):
                alias_of[word] = f"@{canonical.lower()}"
    words = claim_words(" ".join(x for x in (figure.referent, None if unit_class(figure) != "count" else figure.unit)
                                 if x))
    return frozenset(alias_of.get(w, w) for w in words)


def overlaps(a: Figure, b: Figure) -> bool:
    """Whether the two intervals share a value (open bounds and missing bounds respected)."""
    a_low, a_high = _bounds(a)
    b_low, b_high = _bounds(b)
    if a_high < b_low or b_high < a_low:
        return False
    if a_high == b_low:
        return a.high_inclusive and b.low_inclusive
    if b_high == a_low:
        return b.high_inclusive and a.low_inclusive
    return True


def _bounds(f: Figure) -> tuple[float, float]:
    return (-math.inf if f.low is None else f.low, math.inf if f.high is None else f.high)


def compare_figures(figures: list[Figure], *, referent_threshold: float = 0.5) -> list[FigureGroup]:
    """Group ``figures`` by what they measure; groups with disagreements and more figures first."""
    figures = sorted(figures, key=lambda f: (f.published is None, f.published or "", f.quantity_id))
    groups: list[tuple[str, frozenset[str], set[str], list[Figure]]] = []
    for figure in figures:
        if figure.low is None and figure.high is None:
            continue
        cls, words, entities = unit_class(figure), measure_words(figure), {e.lower() for e in figure.entities}
        if not words:
            continue
        for g_cls, g_words, g_entities, members in groups:
            if g_cls == cls and similarity(words, g_words) >= referent_threshold and (
                    not entities or not g_entities or entities & g_entities):
                members.append(figure)
                g_entities |= entities
                break
        else:
            groups.append((cls, words, set(entities), [figure]))
    found = [_group(cls, members) for cls, _, _, members in groups]
    return sorted(found, key=lambda g: (not g.disagree, -len(g.figures), g.measure))


def _group(cls: str, members: list[Figure]) -> FigureGroup:
    referents = [m.referent or m.unit or "" for m in members]
    measure = max(referents, key=referents.count)  # the most given wording; on a tie, the oldest
    entities: dict[str, int] = {}
    for m in members:
        for name in m.entities:
            entities[name] = entities.get(name, 0) + 1
    conflicts = [(i, j) for i in range(len(members)) for j in range(i + 1, len(members))
                 if not overlaps(members[i], members[j])]
    return FigureGroup(measure=measure, unit=cls, entities=sorted(entities, key=lambda e: (-entities[e], e)),
                       figures=members, conflicts=conflicts)
