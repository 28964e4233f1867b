"""Subword windows for the neural tagger: one article's text as overlapping runs of word pieces.

Used by training (with gold labels) and by inference (``saywho.model.neural``); needs only the
``tokenizers`` library. Paragraph breaks become ``[SEP]`` pieces so that the encoder sees them
(the BERT tokenizer drops white space). Each window is ``[CLS] pieces... [SEP]``; windows overlap
by ``window - stride`` pieces and a piece is read from the window where it lies most centrally.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

LABELS = ("O", "B-S", "I-S", "B-C", "I-C", "B-T", "I-T")
IGNORE = -100  # label of pieces that carry no prediction (paragraph breaks, [CLS], padding)


def load_tokenizer(path: str | Path) -> Tokenizer:
    """The encoder's WordPiece tokenizer with its fixed 128-piece truncation and padding removed."""
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


@dataclass
class Pieces:
    """An article's word pieces: ids, character offsets and whether each is a paragraph break."""

    ids: np.ndarray
    offsets: list[tuple[int, int]]
    is_break: np.ndarray


def pieces(tokenizer: Tokenizer, text: str, sep_id: int) -> Pieces:
    encoding = tokenizer.encode(text, add_special_tokens=False)
    ids: list[int] = []
    offsets: list[tuple[int, int]] = []
    breaks: list[bool] = []
    prev_end = 0
    for tid, (start, end) in zip(encoding.ids, encoding.offsets):
        if ids and "\n" in text[prev_end:start]:
            ids.append(sep_id)
            offsets.append((prev_end, start))
            breaks.append(True)
        ids.append(tid)
        offsets.append((start, end))
        breaks.append(False)
        prev_end = end
    return Pieces(np.array(ids, dtype=np.int64), offsets, np.array(breaks, dtype=bool))


def window_starts(n: int, window: int, stride: int) -> list[int]:
    """Start positions of windows of ``window`` pieces every ``stride`` pieces, the last one flush
    with the end."""
    if n <= window:
        return [0]
    starts = list(range(0, n - window, stride))
    starts.append(n - window)
    return starts


def central_owner(n: int, starts: list[int], window: int) -> np.ndarray:
    """For each piece, the index of the window in which it lies farthest from an edge."""
    best = np.full(n, -1, dtype=np.int64)
    margin = np.full(n, -1, dtype=np.int64)
    for w, start in enumerate(starts):
        end = min(start + window, n)
        pos = np.arange(start, end)
        m = np.minimum(pos - start, end - 1 - pos)
        better = m > margin[start:end]
        best[start:end][better] = w
        margin[start:end][better] = m[better]
    return best


def char_labels(text_len: int, fragments: list[tuple[str, int, int, int]]) -> list[tuple[str, int] | None]:
    """Role and fragment id of every character; where roles overlap cue wins over source, and
    source over content (the CRF's rule, saywho.model.features.char_roles)."""
    chars: list[tuple[str, int] | None] = [None] * text_len
    for rank in ("T", "S", "C"):
        for role, start, end, fid in fragments:
            if role == rank:
                chars[max(0, start):min(end, text_len)] = [(role, fid)] * max(0, min(end, text_len) - max(0, start))
    return chars


def piece_labels(p: Pieces, chars: list[tuple[str, int] | None]) -> np.ndarray:
    """BIO label ids of the pieces: a piece takes the role of its first labelled character, and a
    new fragment id starts a B- label."""
    out = np.zeros(len(p.ids), dtype=np.int64)
    prev = None
    for k, (start, end) in enumerate(p.offsets):
        if p.is_break[k]:
            out[k] = IGNORE
            prev = None
            continue
        found = next((c for c in chars[start:end] if c is not None), None)
        if found is None:
            prev = None
            continue
        role, fid = found
        out[k] = LABELS.index(("I-" if fid == prev else "B-") + role)
        prev = fid
    return out
