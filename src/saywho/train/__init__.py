"""Training attribution models (``saywho train``): above ``eval``, whose metric scores them.

``corpus`` reads PolNeAR-style gold articles and caches their spaCy parses; ``crf`` fits the
CRF tagger whose inference lives in ``saywho.model``; ``neural`` fine-tunes the encoder tagger (see
docs/model.md). ``claim_encoder`` tunes the sentence encoder of claim clusters on labelled claim
pairs (``saywho train-claims``; docs/claims.md).
"""

from __future__ import annotations

from .corpus import GoldDoc, default_cache_dir, parse, read_gold
from .crf import TrainReport, TrainSettings, evaluate, train

__all__ = ["GoldDoc", "TrainReport", "TrainSettings", "default_cache_dir", "evaluate", "parse", "read_gold", "train"]
