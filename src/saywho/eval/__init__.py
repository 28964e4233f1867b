"""Scoring saywho and other systems against gold attributions (PolNeAR, the seed).

``gold`` reads gold files into :class:`SpanAttribution` records, ``metric`` scores predictions
against them, ``systems`` runs saywho and peer systems over the gold texts, ``report`` renders
the scores. The names re-exported here are the stable API that training code imports.
"""

from __future__ import annotations

from .gold import GoldArticle, SpanAttribution, from_result, load_gold
from .metric import Counts, RoleScores, Scores, SpeakerCounts, score, score_article, trim

__all__ = [
    "Counts",
    "GoldArticle",
    "RoleScores",
    "Scores",
    "SpanAttribution",
    "SpeakerCounts",
    "from_result",
    "load_gold",
    "score",
    "score_article",
    "trim",
]
