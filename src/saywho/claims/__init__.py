"""Claims across sources: clusters of attributions that assert the same thing, their independent
origins, and the figures they give side by side.

Pure over records (no database, no spaCy): ``cluster`` groups contents by word overlap (MinHash LSH
for candidates, exact set similarity to decide), ``origins`` collapses syndicated copies, "according
to" chains and nested reports onto their origin, and ``figures`` groups quantities by what they
measure and flags intervals that cannot both be true. The store keeps the results
(``saywho.store.clusters``); ``saywho.query`` answers questions over them.
"""

from .cluster import ClaimItem, Clusterer, ClusterSettings, similarity
from .figures import Figure, FigureGroup, compare_figures
from .origins import CopyFinder, Member, origin_key, summarize
from .text import claim_words, shingles

__all__ = [
    "ClaimItem", "ClusterSettings", "Clusterer", "CopyFinder", "Figure", "FigureGroup", "Member", "claim_words",
    "compare_figures", "origin_key", "shingles", "similarity", "summarize",
]
