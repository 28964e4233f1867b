"""Training attribution models (``saywho train``): above ``eval``, whose metric scores them.

``corpus`` reads PolNeAR-style gold articles and caches their spaCy parses; ``crf`` fits the
CRF tagger whose inference lives in ``saywho.model``. See docs/model.md.
"""

from __future__ import annotations

from .corpus import GoldDoc, default_cache_dir, parse, read_gold
from .crf import TrainReport, TrainSettings, evaluate, train

__all__ = ["GoldDoc", "TrainReport", "TrainSettings", "default_cache_dir", "evaluate", "parse", "read_gold", "train"]
