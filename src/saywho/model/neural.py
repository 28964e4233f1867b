"""Running the neural tagger without torch: onnxruntime for the network, ``tokenizers`` for the
word pieces; a parsed ``Doc`` in, attributions (method "neural") out.

The network labels word pieces B/I/O for source, cue and content over overlapping windows
(``windows``); each spaCy token takes the label of the piece holding its first character, and
from there decoding is the CRF's (``decode``): fragments per paragraph, then each source and
content joins a cue through the parse. The shipped model lives in
``saywho/models/attribution-neural/`` and loads offline; see docs/model.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from ..errors import ModelNotFound
from ..nlp import doc_text
from ..records import Attribution
from .decode import Fragment, attributions, fragments, group
from .features import DocArrays, paragraphs
from .windows import LABELS, Pieces, central_owner, load_tokenizer, pieces, window_starts

MODEL_FILE = "model.onnx"
META_FILE = "meta.json"
TOKENIZER_FILE = "tokenizer.json"
DEFAULT_MODEL_NAME = "attribution-neural"
BATCH = 8  # windows per onnxruntime call


@dataclass
class NeuralModel:
    """The exported network, its tokenizer and the settings it was trained with."""

    session: Any  # onnxruntime.InferenceSession
    tokenizer: Any  # tokenizers.Tokenizer
    meta: dict[str, Any]

    @classmethod
    def load(cls, directory: str | Path | Traversable, *, threads: int = 1, model_file: str = MODEL_FILE) -> "NeuralModel":
        import onnxruntime

        if isinstance(directory, str):
            directory = Path(directory)
        files = [directory.joinpath(name) for name in (model_file, META_FILE, TOKENIZER_FILE)]
        if not all(f.is_file() for f in files):
            raise ModelNotFound(
                f"no neural attribution model in {directory} (expected {MODEL_FILE}, {META_FILE} and "
                f"{TOKENIZER_FILE}); train one with `saywho train --method neural --output DIR`")
        model_file, meta_file, tokenizer_file = files
        options = onnxruntime.SessionOptions()
        # One thread per process: extract_many scales over processes, not threads.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(model_file.read_bytes(), options, providers=["CPUExecutionProvider"])
        with resources.as_file(tokenizer_file) as path:
            tokenizer = load_tokenizer(path)
        return cls(session=session, tokenizer=tokenizer, meta=json.loads(meta_file.read_text(encoding="utf-8")))

    @property
    def window(self) -> int:
        return int(self.meta["settings"]["window"])

    @property
    def stride(self) -> int:
        return int(self.meta["settings"]["stride"])

    def piece_probabilities(self, text: str) -> tuple[Pieces, np.ndarray]:
        """The text's pieces and their label probabilities (pieces x labels), each piece read from
        the window where it lies most centrally."""
        cls_id, sep_id = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        p = pieces(self.tokenizer, text, sep_id)
        n, inner = len(p.ids), self.window - 2
        probs = np.zeros((n, len(LABELS)), dtype=np.float32)
        if n == 0:
            return p, probs
        starts = window_starts(n, inner, self.stride)
        owner = central_owner(n, starts, inner)
        for b in range(0, len(starts), BATCH):
            chunk = starts[b:b + BATCH]
            width = min(inner, n) + 2
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            for r, start in enumerate(chunk):
                piece_ids = p.ids[start:start + inner]
                ids[r, 0], ids[r, 1:len(piece_ids) + 1], ids[r, len(piece_ids) + 1] = cls_id, piece_ids, sep_id
            logits = self.session.run(["logits"], {"input_ids": ids, "attention_mask": (ids != 0).astype(np.int64)})[0]
            for r, start in enumerate(chunk):
                w = b + r
                span = np.arange(start, min(start + inner, n))
                mine = span[owner[span] == w]
                probs[mine] = _softmax(logits[r, mine - start + 1])
        return p, probs

    def tag(self, doc: Doc) -> tuple[DocArrays, list[Fragment]]:
        """The paragraphs of ``doc`` with their predicted fragments."""
        text = doc_text(doc)
        p, probs = self.piece_probabilities(text)
        starts = np.array([s for s, _ in p.offsets], dtype=np.int64)
        ends = np.array([e for _, e in p.offsets], dtype=np.int64)
        best = probs.argmax(axis=1) if len(probs) else np.zeros(0, dtype=np.int64)
        arr = DocArrays.of(doc)
        frags: list[Fragment] = []
        for number, seq in enumerate(paragraphs(arr)):
            labels, scores = [], []
            for i in seq.tokens:
                k = _piece_at(starts, ends, doc[i].idx, len(doc[i].text))
                labels.append(LABELS[best[k]] if k >= 0 else "O")
                scores.append(float(probs[k, best[k]]) if k >= 0 else 1.0)
            found = fragments(seq, labels, number)
            position = {i: k for k, i in enumerate(seq.tokens)}
            for frag in found:
                frag.score = scores[position[frag.start]]
            frags.extend(found)
        return arr, frags

    def predict(self, doc: Doc) -> list[Attribution]:
        """Every attribution the network finds in ``doc`` (method "neural")."""
        if len(doc) == 0:
            return []
        arr, frags = self.tag(doc)
        records = attributions(doc, group(arr, frags))
        for record in records:
            record.method = "neural"
            record.id = "n" + record.id[1:]
        return records


def _piece_at(starts: np.ndarray, ends: np.ndarray, idx: int, length: int) -> int:
    """The piece holding character ``idx`` or, failing that, the first starting inside the token; -1 if none."""
    k = int(np.searchsorted(starts, idx, side="right")) - 1
    if k >= 0 and ends[k] > idx:
        return k
    k += 1
    return k if k < len(starts) and starts[k] < idx + length else -1


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@lru_cache(maxsize=1)
def default_neural_model() -> NeuralModel | None:
    """The neural model shipped with saywho, or None when the package holds none."""
    directory = resources.files("saywho.models").joinpath(DEFAULT_MODEL_NAME)
    if not directory.joinpath(MODEL_FILE).is_file():
        return None
    return NeuralModel.load(directory)


def predict_neural(doc: Doc) -> list[Attribution] | None:
    """The shipped neural model's attributions in ``doc``, or None when no model is installed."""
    model = default_neural_model()
    if model is None:
        return None
    return model.predict(doc)
