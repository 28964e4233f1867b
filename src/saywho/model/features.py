"""Token features for the attribution tagger, computed from a spaCy ``Doc`` (tagger, parser, NER).

The tagger labels every token of a paragraph with B/I/O tags for three roles: ``S`` (source),
``C`` (cue) and ``T`` (content). Paragraphs are the sequences because PolNeAR contents may run
over several sentences but almost never over a paragraph break (116 of 19,832 in train).

Features are plain ``"name=value"`` strings (crfsuite's fastest input). Beside the word itself
they describe the token's place in the attribution's structure: whether an ancestor in the parse
is a cue word (and through which relation the token hangs from it: ``nsubj`` for sources,
``ccomp`` for contents), whether it sits inside quotation marks, and how far the nearest cue
word is. Which lemmas count as cue words is learned from the training data (``cue_lemmas``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

ROLES = ("S", "C", "T")
OPEN_QUOTES = frozenset('“«')
CLOSE_QUOTES = frozenset('”»')
BOTH_QUOTES = frozenset('"')
# How far up the parse tree to look for a cue word: deeper links are noise.
MAX_ANCESTOR_DEPTH = 8


@dataclass(frozen=True)
class Sequence:
    """One paragraph of a document: the indices of its (non-space) tokens, in order."""

    tokens: list[int]


def paragraphs(doc: Doc) -> Iterator[Sequence]:
    """Split ``doc`` into paragraphs at whitespace tokens holding a line break; space tokens are left out."""
    current: list[int] = []
    for tok in doc:
        if tok.is_space:
            if "\n" in tok.text and current:
                yield Sequence(current)
                current = []
            continue
        current.append(tok.i)
        if "\n" in tok.whitespace_ and current:
            yield Sequence(current)
            current = []
    if current:
        yield Sequence(current)


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 6:
        return "4-6"
    if n <= 12:
        return "7-12"
    return "13+"


@dataclass
class DocArrays:
    """Token attributes of a whole ``Doc`` read once into lists: spaCy's per-attribute lookups
    are slow when repeated for every feature of every token."""

    text: list[str]
    lower: list[str]
    lemma: list[str]
    tag: list[str]
    pos: list[str]
    dep: list[str]
    shape: list[str]
    ent: list[str]
    head: list[int]
    left_edge: list[int]
    right_edge: list[int]
    sent_start: list[int]
    sent_end: list[int]

    @classmethod
    def of(cls, doc: Doc) -> "DocArrays":
        sent_start = [0] * len(doc)
        sent_end = [0] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                sent_start[i] = sent.start
                sent_end[i] = sent.end
        return cls(
            text=[t.text for t in doc],
            lower=[t.lower_ for t in doc],
            lemma=[t.lemma_.lower() for t in doc],
            tag=[t.tag_ for t in doc],
            pos=[t.pos_ for t in doc],
            dep=[t.dep_ for t in doc],
            shape=[t.shape_ for t in doc],
            ent=[t.ent_iob_ + t.ent_type_ for t in doc],
            head=[t.head.i for t in doc],
            left_edge=[t.left_edge.i for t in doc],
            right_edge=[t.right_edge.i for t in doc],
            sent_start=sent_start,
            sent_end=sent_end,
        )


Ancestor = tuple[str, str, int, int, int]


def _ancestor_cues(arr: DocArrays, cue_lemmas: frozenset[str]) -> list[Ancestor | None]:
    """For each token, its nearest cue ancestor: (cue lemma, relation of the child below the cue,
    depth, index of that child, index of the cue)."""
    lemmas, heads, deps = arr.lemma, arr.head, arr.dep
    out: list[Ancestor | None] = [None] * len(lemmas)
    for i in range(len(lemmas)):
        child, node, depth = i, heads[i], 1
        while node != child and depth <= MAX_ANCESTOR_DEPTH:
            if lemmas[node] in cue_lemmas:
                out[i] = (lemmas[node], deps[child], depth, child, node)
                break
            child, node, depth = node, heads[node], depth + 1
    return out


def _quote_state(arr: DocArrays, seq: Sequence) -> list[str]:
    """Per token of the paragraph: 'open', 'close', 'in' (inside quotes) or 'out'."""
    state: list[str] = []
    inside = False
    for i in seq.tokens:
        text = arr.text[i]
        if text in OPEN_QUOTES or (text in BOTH_QUOTES and not inside):
            inside = True
            state.append("open")
        elif text in CLOSE_QUOTES or (text in BOTH_QUOTES and inside):
            inside = False
            state.append("close")
        else:
            state.append("in" if inside else "out")
    return state


def _cue_distances(seq: Sequence, is_cue: list[bool], sent_ids: list[int]) -> tuple[list[str], list[str]]:
    """Bucketed distance to the nearest cue word on the left and on the right, within the sentence."""
    n = len(seq.tokens)
    left, right = ["none"] * n, ["none"] * n
    last = -1
    for k in range(n):
        if last >= 0 and sent_ids[last] == sent_ids[k]:
            left[k] = _bucket(k - last)
        if is_cue[k]:
            last = k
    last = -1
    for k in range(n - 1, -1, -1):
        if last >= 0 and sent_ids[last] == sent_ids[k]:
            right[k] = _bucket(last - k)
        if is_cue[k]:
            last = k
    return left, right


def sequence_features(arr: DocArrays, seq: Sequence, cue_lemmas: frozenset[str],
                      ancestors: list[Ancestor | None]) -> list[list[str]]:
    """The feature strings of every token of one paragraph."""
    idx = seq.tokens
    sent_ids = [arr.sent_start[i] for i in idx]
    quotes = _quote_state(arr, seq)
    is_cue = [arr.lemma[i] in cue_lemmas for i in idx]
    left, right = _cue_distances(seq, is_cue, sent_ids)
    cue_sents = {sid for sid, cue in zip(sent_ids, is_cue) if cue}
    lower, lemma, tag, pos, dep, head = arr.lower, arr.lemma, arr.tag, arr.pos, arr.dep, arr.head

    out: list[list[str]] = []
    n = len(idx)
    for k, i in enumerate(idx):
        h = head[i]
        q = quotes[k]
        feats = [
            "b",
            "w=" + lower[i],
            "l=" + lemma[i],
            "p=" + tag[i],
            "d=" + dep[i],
            "sh=" + arr.shape[i],
            "s3=" + lower[i][-3:],
            "hl=" + lemma[h],
            "hp=" + pos[h],
            "dh=" + dep[i] + "|" + pos[h],
            "e=" + arr.ent[i],
            "q=" + q,
            "cl=" + ("1" if is_cue[k] else "0"),
            "dl=" + left[k],
            "dr=" + right[k],
            "sc=" + ("1" if sent_ids[k] in cue_sents else "0"),
        ]
        anc = ancestors[i]
        if anc is None:
            feats.append("a=none")
        else:
            cue, rel, depth, child, node = anc
            feats += ["a=" + rel, "al=" + cue, "ad=" + _bucket(depth), "ar=" + rel + "|" + q,
                      "ap=" + ("before" if i < node else "after") + "|" + rel]
            # The edges of the cue's complement (or subject) subtree are likely span edges.
            if i == arr.left_edge[child]:
                feats.append("ce=L|" + rel)
            if i == arr.right_edge[child]:
                feats.append("ce=R|" + rel)
        if i == sent_ids[k]:
            feats.append("first")
        if i == arr.sent_end[i] - 1:
            feats.append("last")
        if k == 0:
            feats.append("pstart")
        # Neighbours' key features, so the CRF sees the words and structure around each token.
        for off in (-2, -1, 1, 2):
            j = k + off
            if 0 <= j < n:
                t = idx[j]
                feats.append(f"{off}w={lower[t]}")
                feats.append(f"{off}d={dep[t]}")
                if off in (-1, 1):
                    feats.append(f"{off}p={tag[t]}")
                    feats.append(f"{off}q={quotes[j]}")
                    feats.append(f"{off}cl={'1' if is_cue[j] else '0'}")
            else:
                feats.append(f"{off}w=<pad>")
        out.append(feats)
    return out


def doc_features(doc: Doc, cue_lemmas: frozenset[str]) -> list[tuple[Sequence, list[list[str]]]]:
    """Every paragraph of ``doc`` with its token features."""
    arr = DocArrays.of(doc)
    ancestors = _ancestor_cues(arr, cue_lemmas)
    return [(seq, sequence_features(arr, seq, cue_lemmas, ancestors)) for seq in paragraphs(doc)]


def char_roles(text_len: int, fragments: list[tuple[str, int, int, int]]) -> list[tuple[str, int] | None]:
    """Role and fragment id of every character; where roles overlap (rare in PolNeAR) cue wins
    over source, and source over content."""
    chars: list[tuple[str, int] | None] = [None] * text_len
    for rank in ("T", "S", "C"):  # later roles overwrite earlier ones
        for role, start, end, fid in fragments:
            if role == rank:
                for c in range(max(0, start), min(end, text_len)):
                    chars[c] = (role, fid)
    return chars


def gold_labels(doc: Doc, seq: Sequence, chars: list[tuple[str, int] | None]) -> list[str]:
    """BIO labels of a paragraph's tokens from the gold ``chars`` (see ``char_roles``).

    A token takes the role of its first labelled character; a new fragment id starts a ``B-`` tag.
    """
    labels: list[str] = []
    prev_frag = None
    for i in seq.tokens:
        tok = doc[i]
        found = next((c for c in chars[tok.idx:tok.idx + len(tok.text)] if c is not None), None)
        if found is None:
            labels.append("O")
            prev_frag = None
            continue
        role, fid = found
        labels.append(("I-" if fid == prev_frag else "B-") + role)
        prev_frag = fid
    return labels
