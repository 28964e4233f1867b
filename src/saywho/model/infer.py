"""Running the trained tagger: a parsed ``Doc`` in, attributions (method "model") out.

The default model ships inside the package (``saywho/models/attribution-crf/``) and loads
offline; ``predict_attributions`` returns None when it is not installed, so that callers fall
back to the rules.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import pycrfsuite
from spacy.tokens import Doc

from ..errors import ModelNotFound
from ..options import ExtractOptions
from ..records import Attribution
from .decode import attributions, fragments, group
from .features import DocArrays, _ancestor_cues, _sibling_cues, paragraphs, sequence_features

MODEL_FILE = "model.crfsuite.gz"  # gzip: the CRF file shrinks to less than half
META_FILE = "meta.json"
DEFAULT_MODEL_NAME = "attribution-crf"

@dataclass
class AttributionModel:
    """A trained tagger with the cue lemmas its features were built on."""

    tagger: pycrfsuite.Tagger
    weights: bytes  # the tagger reads from this buffer: keep it alive as long as the tagger
    cue_lemmas: frozenset[str]
    meta: dict[str, Any]

    @classmethod
    def load(cls, directory: str | Path | Traversable) -> "AttributionModel":
        """The model in ``directory`` (a folder, or a package resource folder)."""
        if isinstance(directory, str):
            directory = Path(directory)
        model_file, meta_file = directory.joinpath(MODEL_FILE), directory.joinpath(META_FILE)
        if not model_file.is_file() or not meta_file.is_file():
            raise ModelNotFound(
                f"no trained attribution model in {directory} (expected {MODEL_FILE} and {META_FILE}); "
                "train one with `saywho train --output DIR`")
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        weights = gzip.decompress(model_file.read_bytes())
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(weights)
        return cls(tagger=tagger, weights=weights, cue_lemmas=frozenset(meta["cue_lemmas"]), meta=meta)

    def tag(self, doc: Doc, *, scores: bool = True) -> tuple[DocArrays, list]:
        """The paragraphs of ``doc`` with their predicted fragments."""
        arr = DocArrays.of(doc)
        ancestors = _ancestor_cues(arr, self.cue_lemmas)
        siblings = _sibling_cues(arr, self.cue_lemmas)
        frags = []
        for number, seq in enumerate(paragraphs(arr)):
            self.tagger.set(sequence_features(arr, seq, self.cue_lemmas, ancestors, siblings))
            labels = self.tagger.tag()
            found = fragments(seq, labels, number)
            if scores and found:
                _score(self.tagger, seq, labels, found)
            frags.extend(found)
        return arr, frags

    def predict(self, doc: Doc) -> list[Attribution]:
        """Every attribution the model finds in ``doc``."""
        if len(doc) == 0:
            return []
        arr, frags = self.tag(doc)
        return attributions(doc, group(arr, frags))


def _score(tagger: pycrfsuite.Tagger, seq, labels: list[str], found) -> None:
    """A fragment's score: the model's marginal probability of its first tag (the tagger holds
    the sequence just tagged)."""
    position = {i: k for k, i in enumerate(seq.tokens)}
    for frag in found:
        k = position[frag.start]
        frag.score = tagger.marginal(labels[k], k)


@lru_cache(maxsize=1)
def default_model() -> AttributionModel | None:
    """The model shipped with saywho, or None when the package holds none."""
    directory = resources.files("saywho.models").joinpath(DEFAULT_MODEL_NAME)
    if not directory.joinpath(MODEL_FILE).is_file():
        return None
    return AttributionModel.load(directory)


def predict_attributions(doc: Doc, *, options: ExtractOptions | None = None) -> list[Attribution] | None:
    """The shipped model's attributions in ``doc`` (method "model"), or None when no model is installed."""
    model = default_model()
    if model is None:
        return None
    return model.predict(doc)
