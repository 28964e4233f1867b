"""Training the attribution tagger (a linear-chain CRF, python-crfsuite) on PolNeAR-style data.

``train`` parses the training articles (cached), learns which lemmas act as cues, builds token
features, fits the CRF with L-BFGS and writes ``model.crfsuite`` plus ``meta.json`` (cue lemmas,
settings, data digest and, when a dev file is given, the dev scores) into the output folder.
L-BFGS is deterministic; ``seed`` fixes the only random choice, the subsample taken with
``limit``, and is recorded so that a run can be repeated exactly.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycrfsuite
from spacy.tokens import Doc

from ..errors import InputError
from ..eval import SpanAttribution, load_gold, score
from ..model.features import char_roles, doc_features, gold_labels
from ..model.infer import META_FILE, MODEL_FILE, AttributionModel
from ..nlp import DEFAULT_MODEL
from .corpus import GoldDoc, parse, read_gold

log = logging.getLogger(__name__)

FEATURE_VERSION = 2
# A lemma is a cue word when gold cues hold it this often, and this share of its occurrences.
# Only verbs, nouns and adjectives count: function words ("to" of "according to", "has" of
# "has said") would stop the search for a token's cue ancestor at the wrong word.
CUE_POS = frozenset({"VERB", "NOUN", "ADJ"})
CUE_MIN_COUNT = 5
CUE_MIN_SHARE = 0.1


@dataclass
class TrainSettings:
    """Everything that decides the trained model; written into meta.json."""

    seed: int = 13
    max_iterations: int = 200
    c1: float = 2.0
    c2: float = 0.01
    min_freq: int = 3
    limit: int | None = None
    spacy_model: str = DEFAULT_MODEL
    n_process: int = 1


@dataclass
class TrainReport:
    output: Path
    articles: int
    tokens: int
    seconds: float
    dev: dict[str, Any] | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def learn_cue_lemmas(gold: list[GoldDoc], docs: list[Doc]) -> list[str]:
    """Lemmas that gold cue spans hold often enough (``CUE_MIN_COUNT``, ``CUE_MIN_SHARE``)."""
    in_cue: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for g, doc in zip(gold, docs):
        cue_chars = bytearray(len(g.text))
        for role, start, end, _ in g.fragments:
            if role == "C":
                cue_chars[start:end] = b"\x01" * (end - start)
        for tok in doc:
            if tok.pos_ not in CUE_POS:
                continue
            lemma = tok.lemma_.lower()
            total[lemma] += 1
            if cue_chars[tok.idx]:
                in_cue[lemma] += 1
    return sorted(lemma for lemma, n in in_cue.items()
                  if n >= CUE_MIN_COUNT and n / total[lemma] >= CUE_MIN_SHARE)


def sequences(gold: list[GoldDoc], docs: list[Doc], cue_lemmas: frozenset[str]):
    """(features, labels) for every paragraph of every training article."""
    for g, doc in zip(gold, docs):
        chars = char_roles(len(g.text), g.fragments)
        for seq, feats in doc_features(doc, cue_lemmas):
            yield feats, gold_labels(doc, seq, chars)


def train(train_path: Path, *, output: Path, dev_path: Path | None = None,
          settings: TrainSettings | None = None, cache_dir: Path | None = None) -> TrainReport:
    """Train a model on ``train_path`` and write it to ``output``; score it on ``dev_path`` if given."""
    settings = settings or TrainSettings()
    started = time.monotonic()
    gold = read_gold(train_path)
    docs = parse(gold, model=settings.spacy_model, path=train_path, cache_dir=cache_dir,
                 n_process=settings.n_process)
    if settings.limit is not None:
        chosen = sorted(random.Random(settings.seed).sample(range(len(gold)), min(settings.limit, len(gold))))
        gold, docs = [gold[i] for i in chosen], [docs[i] for i in chosen]
    cue_lemmas = learn_cue_lemmas(gold, docs)
    if not cue_lemmas:
        raise InputError(f"{train_path}: no cue occurs {CUE_MIN_COUNT} times; too little training data")
    log.info("%d cue lemmas learned", len(cue_lemmas))

    trainer = pycrfsuite.Trainer(verbose=False)
    tokens = 0
    for feats, labels in sequences(gold, docs, frozenset(cue_lemmas)):
        trainer.append(feats, labels)
        tokens += len(labels)
    trainer.set_params({
        "c1": settings.c1, "c2": settings.c2, "max_iterations": settings.max_iterations,
        "feature.possible_transitions": True, "feature.minfreq": settings.min_freq,
    })
    output.mkdir(parents=True, exist_ok=True)
    log.info("training the CRF on %d articles, %d tokens", len(gold), tokens)
    raw = output / "model.crfsuite"
    trainer.train(str(raw))
    (output / MODEL_FILE).write_bytes(gzip.compress(raw.read_bytes(), compresslevel=9, mtime=0))
    raw.unlink()

    meta = {
        "kind": "crf-bio-tagger",
        "feature_version": FEATURE_VERSION,
        "labels": _labels(),
        "cue_lemmas": cue_lemmas,
        "settings": settings.__dict__,
        "train": {"file": train_path.name, "sha256": _digest(train_path), "articles": len(gold), "tokens": tokens},
    }
    _write_meta(output, meta)
    report = TrainReport(output=output, articles=len(gold), tokens=tokens, seconds=0.0, meta=meta)
    if dev_path is not None:
        report.dev = evaluate(AttributionModel.load(output), dev_path, spacy_model=settings.spacy_model,
                              cache_dir=cache_dir, n_process=settings.n_process)
        meta["dev"] = {"file": dev_path.name, "sha256": _digest(dev_path), **report.dev}
        _write_meta(output, meta)
    report.seconds = time.monotonic() - started
    return report


def evaluate(model: AttributionModel, dev_path: Path, *, spacy_model: str = DEFAULT_MODEL,
             cache_dir: Path | None = None, n_process: int = 1) -> dict[str, Any]:
    """Exact F1 per role and attribution F1 of ``model`` alone on a gold file (saywho.eval's metric)."""
    gold_articles = load_gold(dev_path)
    gold = read_gold(dev_path)
    docs = parse(gold, model=spacy_model, path=dev_path, cache_dir=cache_dir, n_process=n_process)
    predicted = {}
    for g, doc in zip(gold, docs):
        predicted[g.id] = [SpanAttribution(content=list(a.content.spans),
                                           source=list(a.source.spans) if a.source else [],
                                           cue=list(a.cue.spans) if a.cue else [])
                           for a in model.predict(doc)]
    scores = score(gold_articles, predicted)
    return {"articles": scores.articles,
            "exact_f1": {role: round(100 * scores.f1(role), 1) for role in ("source", "cue", "content")},
            "overlap_f1": {role: round(100 * scores.f1(role, "overlap"), 1) for role in ("source", "cue", "content")},
            "attribution_f1": round(100 * scores.f1("attribution"), 1)}


def _labels() -> list[str]:
    return ["O"] + [f"{t}-{r}" for r in ("S", "C", "T") for t in ("B", "I")]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_meta(output: Path, meta: dict[str, Any]) -> None:
    (output / META_FILE).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
