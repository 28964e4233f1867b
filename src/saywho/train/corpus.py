"""Training data: PolNeAR-style JSONL articles, parsed once by spaCy and cached on disk.

Each line holds ``id``, ``text`` and ``quotes`` with ``content_spans``, ``cue_spans`` and
``speaker_spans`` (character offsets, end-exclusive). Parses are cached as a spaCy ``DocBin``
keyed by the file's sha256, the pipeline name and the spaCy version, so that repeated training
runs skip the parser; the cache lives outside the repository (``~/.cache/saywho`` by default).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from ..errors import InputError
from ..nlp import load_pipeline

log = logging.getLogger(__name__)

Fragment = tuple[str, int, int, int]  # role (S, C, T), start, end, fragment id


@dataclass
class GoldDoc:
    """One training article: its id, text and gold fragments by role."""

    id: str
    text: str
    fragments: list[Fragment]


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "saywho"


def read_gold(path: Path, *, limit: int | None = None) -> list[GoldDoc]:
    """Articles of a PolNeAR-style JSONL file, with their attributions as role fragments."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read training data {path}: {exc}") from exc
    docs: list[GoldDoc] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            docs.append(_gold_doc(record))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}:{number}: not a PolNeAR article with id, text and quotes ({exc})") from exc
        if limit is not None and len(docs) >= limit:
            break
    if not docs:
        raise InputError(f"{path} holds no articles")
    return docs


def _gold_doc(record: dict) -> GoldDoc:
    fragments: list[Fragment] = []
    fid = 0
    for quote in record.get("quotes", []):
        for role, key in (("T", "content_spans"), ("C", "cue_spans"), ("S", "speaker_spans")):
            for start, end in quote.get(key) or []:
                fragments.append((role, int(start), int(end), fid))
                fid += 1
    return GoldDoc(id=str(record["id"]), text=record["text"], fragments=fragments)


def parse(docs: list[GoldDoc], *, model: str, path: Path | None, cache_dir: Path | None,
          n_process: int = 1) -> list[Doc]:
    """spaCy parses of ``docs``, from the cache when the same file was parsed before."""
    nlp = load_pipeline(model)
    cache = _cache_file(path, model, len(docs), cache_dir) if path is not None and cache_dir else None
    if cache is not None and cache.exists():
        log.info("reading parses from %s", cache)
        parsed = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in parsed] == [g.text for g in docs]:
            return parsed
        log.warning("parse cache %s does not match the data; parsing again", cache)
    log.info("parsing %d articles with %s", len(docs), model)
    parsed = list(nlp.pipe((g.text for g in docs), batch_size=16, n_process=n_process))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=parsed, store_user_data=False).to_disk(cache)
    return parsed


def _cache_file(path: Path, model: str, count: int, cache_dir: Path) -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return cache_dir / f"parses-{digest}-{count}-{model}-{spacy.__version__}.spacy"
