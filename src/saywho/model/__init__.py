"""The learned attribution model: a CRF tagger over spaCy parses, trained on PolNeAR.

``features`` turns a parsed ``Doc`` into token features, ``decode`` turns the tagger's B/I/O
tags into attributions, ``infer`` loads the shipped weights and predicts. Inference only:
``saywho.extract.methods`` combines the model with the rules, ``saywho.train`` fits a new model
(``saywho train``). See docs/model.md for the figures and the error analysis.
"""

from __future__ import annotations

from .infer import AttributionModel, default_model, predict_attributions

__all__ = ["AttributionModel", "default_model", "predict_attributions"]
