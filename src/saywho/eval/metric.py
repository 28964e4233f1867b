"""The accuracy metric of BRIEF.md ("How accuracy is measured"), article by article.

For each role (source, cue, content) the spans are split into fragments and trimmed of white
space and edge punctuation, then, per article, duplicates are merged (PolNeAR gives one source to
several contents; finding "the source" once is finding it):

- **exact**: a fragment counts when a fragment of the other side has the same trimmed offsets;
- **overlap**: fragments are paired one to one when their character Jaccard is at least 0.5, with
  a maximum-cardinality bipartite matching (augmenting paths), so no pairing order can cost a match;
- **attribution**: a gold record is found when some predicted record has content at character
  Jaccard >= 0.5 with it (all fragments together) and, where the gold has a source, a source
  fragment overlapping a gold source fragment; a predicted record is correct when it matches some
  gold record the same way. This level is not one to one, as the brief defines it.

Precision, recall and F1 are micro-averaged over the corpus (counts are summed, then divided).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..errors import EvalError
from ..spans import EDGE_PUNCTUATION, trim
from .gold import ROLES, GoldArticle, Span, SpanAttribution

# A content "has quote marks" when one of these is inside it or right next to it. Single marks are
# left out because ’ is also the apostrophe.
DOUBLE_QUOTE_MARKS = frozenset("\"“”„‟«»〝〞＂")
MIN_JACCARD = 0.5


def jaccard(a: list[Span], b: list[Span]) -> float:
    """Character Jaccard of two sets of fragments: shared characters over characters in either."""
    union = _covered(a + b)
    return _overlap(a, b) / union if union else 0.0


def has_quote_marks(text: str, spans: list[Span]) -> bool:
    """Whether a double quote mark lies inside the fragments or on the character either side of one."""
    return any(ch in DOUBLE_QUOTE_MARKS for s, e in spans for ch in text[max(0, s - 1):e + 1])


@dataclass
class Counts:
    """Precision/recall counts. ``found``: gold items matched; ``correct``: predicted items matched."""

    gold: int = 0
    predicted: int = 0
    found: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.gold + other.gold, self.predicted + other.predicted,
                      self.found + other.found, self.correct + other.correct)

    def to_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "gold": self.gold, "predicted": self.predicted, "found": self.found, "correct": self.correct}


@dataclass
class RoleScores:
    """One role's fragment scores, exact and overlap."""

    exact: Counts = field(default_factory=Counts)
    overlap: Counts = field(default_factory=Counts)

    def __add__(self, other: "RoleScores") -> "RoleScores":
        return RoleScores(self.exact + other.exact, self.overlap + other.overlap)

    def to_dict(self) -> dict[str, Any]:
        return {"exact": self.exact.to_dict(), "overlap": self.overlap.to_dict()}


@dataclass
class SpeakerCounts:
    """Speaker resolution on gold records that name a resolved speaker."""

    gold: int = 0  # gold records with a resolved speaker
    found: int = 0  # ... that a predicted record matched
    correct: int = 0  # ... whose matched record names the same speaker

    @property
    def accuracy(self) -> float:
        """Share of the found records whose speaker is right."""
        return self.correct / self.found if self.found else 0.0

    def __add__(self, other: "SpeakerCounts") -> "SpeakerCounts":
        return SpeakerCounts(self.gold + other.gold, self.found + other.found, self.correct + other.correct)

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": round(self.accuracy, 4), "gold": self.gold, "found": self.found, "correct": self.correct}


@dataclass
class Scores:
    """Scores over one article or a corpus; ``+`` adds the counts of two."""

    roles: dict[str, RoleScores] = field(default_factory=lambda: {role: RoleScores() for role in ROLES})
    attribution: Counts = field(default_factory=Counts)
    by_quotes: dict[str, Counts] = field(default_factory=lambda: {"quoted": Counts(), "unquoted": Counts()})
    speaker: SpeakerCounts = field(default_factory=SpeakerCounts)
    articles: int = 0

    def __add__(self, other: "Scores") -> "Scores":
        return Scores(
            roles={role: self.roles[role] + other.roles[role] for role in ROLES},
            attribution=self.attribution + other.attribution,
            by_quotes={key: self.by_quotes[key] + other.by_quotes[key] for key in self.by_quotes},
            speaker=self.speaker + other.speaker,
            articles=self.articles + other.articles,
        )

    def f1(self, role: str, mode: str = "exact") -> float:
        """F1 of ``role`` (source, cue, content) in ``mode`` (exact, overlap); role "attribution" too."""
        if role == "attribution":
            return self.attribution.f1
        return getattr(self.roles[role], mode).f1

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "roles": {role: scores.to_dict() for role, scores in self.roles.items()},
            "attribution": self.attribution.to_dict(),
            "by_quotes": {key: counts.to_dict() for key, counts in self.by_quotes.items()},
            "speaker": self.speaker.to_dict(),
        }


@dataclass
class RoleMatch:
    """One role's trimmed fragments in an article and which of them were matched."""

    gold: list[Span]
    predicted: list[Span]
    exact: set[Span]
    overlap: list[tuple[Span, Span]]  # (gold, predicted) pairs


@dataclass
class ArticleMatch:
    """How one article's predictions line up with its gold: the basis of scores and error listings."""

    article: GoldArticle
    gold: list[SpanAttribution]  # trimmed
    predicted: list[SpanAttribution]  # trimmed
    roles: dict[str, RoleMatch]
    gold_match: list[int | None]  # for each gold record: the best matching predicted record
    predicted_correct: list[bool]
    gold_quoted: list[bool]
    predicted_quoted: list[bool]

    def scores(self) -> Scores:
        scores = Scores(articles=1)
        for role, match in self.roles.items():
            scores.roles[role] = RoleScores(
                exact=Counts(len(match.gold), len(match.predicted), len(match.exact), len(match.exact)),
                overlap=Counts(len(match.gold), len(match.predicted), len(match.overlap), len(match.overlap)),
            )
        scores.attribution = _attribution_counts(self.gold_match, self.predicted_correct)
        for key, quoted in (("quoted", True), ("unquoted", False)):
            gold = [m for m, q in zip(self.gold_match, self.gold_quoted) if q is quoted]
            predicted = [c for c, q in zip(self.predicted_correct, self.predicted_quoted) if q is quoted]
            scores.by_quotes[key] = _attribution_counts(gold, predicted)
        scores.speaker = self._speaker_counts()
        return scores

    def _speaker_counts(self) -> SpeakerCounts:
        counts = SpeakerCounts()
        for gold, best in zip(self.gold, self.gold_match):
            if gold.speaker is None:
                continue
            counts.gold += 1
            if best is not None:
                counts.found += 1
                counts.correct += same_speaker(gold.speaker, self.predicted[best].speaker)
        return counts


def same_speaker(gold: str, predicted: str | None) -> bool:
    """Names compare equal ignoring case, spacing, apostrophe style and edge punctuation."""
    return predicted is not None and _name_key(gold) == _name_key(predicted)


def score_article(article: GoldArticle, predicted: list[SpanAttribution]) -> Scores:
    """The scores of one article's ``predicted`` attributions against its gold."""
    return match_article(article, predicted).scores()


def score(gold: list[GoldArticle], predicted: dict[str, list[SpanAttribution]]) -> Scores:
    """Corpus scores: ``predicted`` maps article ids to attributions (a missing id predicted nothing)."""
    unknown = sorted(set(predicted) - {article.id for article in gold})
    if unknown:
        raise EvalError(f"predictions for {len(unknown)} article id(s) not in the gold: {', '.join(unknown[:5])}")
    total = Scores()
    for article in gold:
        total = total + score_article(article, predicted.get(article.id, []))
    return total


def match_article(article: GoldArticle, predicted: list[SpanAttribution]) -> ArticleMatch:
    """Trim both sides, match fragments per role and records at the attribution level."""
    text = article.text
    gold = [_trimmed(text, a) for a in article.attributions]
    pred = [_trimmed(text, a) for a in predicted]
    roles = {role: _match_role(gold, pred, role) for role in ROLES}
    matrix = _match_matrix(gold, pred)
    gold_match = [_best(row) for row in matrix]
    correct = [any(row[j] is not None for row in matrix) for j in range(len(pred))]
    return ArticleMatch(
        article=article, gold=gold, predicted=pred, roles=roles, gold_match=gold_match, predicted_correct=correct,
        gold_quoted=[has_quote_marks(text, a.content) for a in article.attributions],
        predicted_quoted=[has_quote_marks(text, a.content) for a in predicted],
    )


def _trimmed(text: str, attribution: SpanAttribution) -> SpanAttribution:
    def fragments(spans: list[Span]) -> list[Span]:
        return [t for t in (trim(text, s) for s in spans) if t is not None]

    return SpanAttribution(content=fragments(attribution.content), source=fragments(attribution.source),
                           cue=fragments(attribution.cue), speaker=attribution.speaker)


def _match_role(gold: list[SpanAttribution], predicted: list[SpanAttribution], role: str) -> RoleMatch:
    gold_fragments = sorted({s for a in gold for s in a.spans(role)})
    pred_fragments = sorted({s for a in predicted for s in a.spans(role)})
    exact = set(gold_fragments) & set(pred_fragments)
    return RoleMatch(gold_fragments, pred_fragments, exact, _max_matching(gold_fragments, pred_fragments))


def _max_matching(gold: list[Span], predicted: list[Span]) -> list[tuple[Span, Span]]:
    """A maximum one-to-one pairing of fragments whose Jaccard is >= 0.5 (Kuhn's augmenting paths)."""
    edges: list[list[int]] = []
    for g in gold:
        scored = [(_span_jaccard(g, p), j) for j, p in enumerate(predicted)]
        edges.append([j for score_, j in sorted(scored, reverse=True) if score_ >= MIN_JACCARD])
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((gold[i], predicted[j]) for j, i in owner.items())


def _span_jaccard(a: Span, b: Span) -> float:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared / (max(a[1], b[1]) - min(a[0], b[0])) if shared > 0 else 0.0


def _match_matrix(gold: list[SpanAttribution], predicted: list[SpanAttribution]) -> list[list[float | None]]:
    """For each gold and predicted record: their content Jaccard when they match, else None."""
    pred_content = [_merged(p.content) for p in predicted]
    pred_hull = [(c[0][0], c[-1][1]) if c else (0, 0) for c in pred_content]
    matrix = []
    for g in gold:
        content = _merged(g.content)
        hull = (content[0][0], content[-1][1]) if content else (0, 0)
        row: list[float | None] = []
        for p, p_content, (ps, pe) in zip(predicted, pred_content, pred_hull):
            score_ = jaccard(content, p_content) if min(hull[1], pe) > max(hull[0], ps) else 0.0
            source_ok = not g.source or _overlap(g.source, p.source) > 0
            row.append(score_ if score_ >= MIN_JACCARD and source_ok else None)
        matrix.append(row)
    return matrix


def _best(row: list[float | None]) -> int | None:
    """The matching predicted record with the highest content Jaccard (the first on a tie)."""
    candidates = [(score_, -j) for j, score_ in enumerate(row) if score_ is not None]
    return -max(candidates)[1] if candidates else None


def _attribution_counts(gold_match: list[int | None], predicted_correct: list[bool]) -> Counts:
    return Counts(gold=len(gold_match), predicted=len(predicted_correct),
                  found=sum(m is not None for m in gold_match), correct=sum(predicted_correct))


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _covered(spans: list[Span]) -> int:
    return sum(e - s for s, e in _merged(spans))


def _overlap(a: list[Span], b: list[Span]) -> int:
    """Characters covered by both ``a`` and ``b``."""
    return sum(max(0, min(ae, be) - max(as_, bs)) for as_, ae in _merged(a) for bs, be in _merged(b))


def _name_key(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).replace("’", "'").casefold()
    return " ".join(name.split()).strip("".join(EDGE_PUNCTUATION) + " ")
