"""The learned attribution models, trained on PolNeAR: a CRF tagger over spaCy parses
(``infer``, method "model") and a fine-tuned encoder run with onnxruntime (``neural``).

``features`` turns a parsed ``Doc`` into token features, ``decode`` turns the tagger's B/I/O
tags into attributions, ``infer`` loads the shipped weights and predicts. Inference only:
``saywho.extract.methods`` combines the model with the rules, ``saywho.train`` fits a new model
(``saywho train``). See docs/model.md for the figures and the error analysis.
"""

from __future__ import annotations

from .infer import AttributionModel, default_model, predict_attributions
from .neural import NeuralModel, default_neural_model, predict_neural

__all__ = ["AttributionModel", "NeuralModel", "default_model", "default_neural_model", "predict_attributions",
           "predict_neural"]
