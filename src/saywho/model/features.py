"""Token features for the attribution tagger, computed from a spaCy ``Doc`` (tagger, parser, NER).

The tagger labels every token of a paragraph with B/I/O tags for three roles: ``S`` (source),
``C`` (cue) and ``T`` (content). Paragraphs are the sequences because PolNeAR contents may run
over several sentences but almost never over a paragraph break (116 of 19,832 in train).

Features are plain ``b"name=value"`` UTF-8 strings (crfsuite's fastest input: it would encode
every ``str`` anew on each call). Beside the word itself
they describe the token's place in the attribution's structure: whether an ancestor in the parse
is a cue word (and through which relation the token hangs from it: ``nsubj`` for sources,
``ccomp`` for contents), whether it sits inside quotation marks, and how far the nearest cue
word is. Which lemmas count as cue words is learned from the training data (``cue_lemmas``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, LOWER, ORTH, POS, SENT_START, SHAPE, TAG
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


def paragraphs(arr: "DocArrays") -> Iterator[Sequence]:
    """Split a document into paragraphs at whitespace tokens holding a line break; space tokens
    are left out. (spaCy keeps only a single space as a token's trailing whitespace, so every
    line break is a token of its own.)"""
    current: list[int] = []
    for i, text in enumerate(arr.text):
        if text.isspace():
            if "\n" in text and current:
                yield Sequence(current)
                current = []
            continue
        current.append(i)
    if current:
        yield Sequence(current)


def _bucket(n: int) -> bytes:
    """A distance or depth in buckets: 0, 1, 2, 3, 4-6, 7-12, 13+."""
    return _BUCKETS[n] if 0 <= n < len(_BUCKETS) else (str(n).encode() if n < 0 else b"13+")


_BUCKETS = (b"0", b"1", b"2", b"3", b"4-6", b"4-6", b"4-6", b"7-12", b"7-12", b"7-12", b"7-12", b"7-12", b"7-12")


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
        n = len(doc)
        orth, lo, le, ta, po, de, sh, iob, et, rel, ss = doc.to_array(
            [ORTH, LOWER, LEMMA, TAG, POS, DEP, SHAPE, ENT_IOB, ENT_TYPE, HEAD, SENT_START]).T.tolist()
        # Each distinct string id is looked up once: a document repeats few of them many times.
        strings = doc.vocab.strings
        table = {key: strings[key] for key in set().union(orth, lo, le, ta, po, de, sh, et) if key}
        table[0] = ""
        text = [table[k] for k in orth]
        lower_lemma = {k: table[k].lower() for k in set(le)}
        head = [i + r if r < 2**63 else i + r - 2**64 for i, r in enumerate(rel)]  # HEAD is an offset, as uint64
        # SENT_START is 1 at a sentence's first token (as uint64)
        bounds = [0, *(i for i in range(1, n) if ss[i] == 1), n]
        sent_start: list[int] = []
        sent_end: list[int] = []
        for start, end in zip(bounds, bounds[1:]):
            sent_start += [start] * (end - start)
            sent_end += [end] * (end - start)
        left_edge, right_edge = list(range(n)), list(range(n))
        _subtree_edges(head, left_edge, right_edge)
        return cls(text=text, lower=[table[k] for k in lo], lemma=[lower_lemma[k] for k in le],
                   tag=[table[k] for k in ta], pos=[table[k] for k in po], dep=[table[k] for k in de],
                   shape=[table[k] for k in sh],
                   ent=[_IOB[b] + table[t] if t else _IOB[b] for b, t in zip(iob, et)], head=head,
                   left_edge=left_edge, right_edge=right_edge, sent_start=sent_start, sent_end=sent_end)


    @cached_property
    def utf8(self) -> "Utf8Columns":
        """The string columns the tagger's features are made of, UTF-8 encoded once."""
        return Utf8Columns(lower=[w.encode() for w in self.lower], suffix=[w[-3:].encode() for w in self.lower],
                           lemma=[w.encode() for w in self.lemma], tag=[w.encode() for w in self.tag],
                           pos=[w.encode() for w in self.pos], dep=[w.encode() for w in self.dep],
                           shape=[w.encode() for w in self.shape], ent=[w.encode() for w in self.ent])


@dataclass
class Utf8Columns:
    lower: list[bytes]
    suffix: list[bytes]  # the last three characters of ``lower``
    lemma: list[bytes]
    tag: list[bytes]
    pos: list[bytes]
    dep: list[bytes]
    shape: list[bytes]
    ent: list[bytes]


_IOB = {0: "", 1: "I", 2: "O", 3: "B"}


def _subtree_edges(head: list[int], left: list[int], right: list[int]) -> None:
    """Leftmost and rightmost token of each token's subtree, from the head indices alone."""
    for i in range(len(head)):
        node, hops = i, 0
        while head[node] != node and hops < 64:
            node = head[node]
            if i < left[node]:
                left[node] = i
            if i > right[node]:
                right[node] = i
            hops += 1


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


Sibling = tuple[str, str, int]


def _sibling_cues(arr: DocArrays, cue_lemmas: frozenset[str]) -> list[Sibling | None]:
    """For each token, the nearest ancestor-or-self that governs a cue word off the token's own
    path: (cue lemma, cue relation, depth). "Clinton leads, according to the poll": every token of
    "Clinton leads" gets ("accord", "prep"), the mark of the content of an "according to" cue."""
    lemmas, heads, deps = arr.lemma, arr.head, arr.dep
    n = len(lemmas)
    cue_child: list[int] = [-1] * n
    for i in range(n):
        h = heads[i]
        if h != i and lemmas[i] in cue_lemmas and cue_child[h] < 0:
            cue_child[h] = i
    out: list[Sibling | None] = [None] * n
    for i in range(n):
        prev, node, depth = -1, i, 0
        while depth <= MAX_ANCESTOR_DEPTH:
            c = cue_child[node]
            if c >= 0 and c != prev and c != i:
                out[i] = (lemmas[c], deps[c], depth)
                break
            if heads[node] == node:
                break
            prev, node, depth = node, heads[node], depth + 1
    return out


def _quote_state(arr: DocArrays, seq: Sequence) -> list[bytes]:
    """Per token of the paragraph: 'open', 'close', 'in' (inside quotes) or 'out'."""
    state: list[bytes] = []
    inside = False
    for i in seq.tokens:
        text = arr.text[i]
        if text in OPEN_QUOTES or (text in BOTH_QUOTES and not inside):
            inside = True
            state.append(b"open")
        elif text in CLOSE_QUOTES or (text in BOTH_QUOTES and inside):
            inside = False
            state.append(b"close")
        else:
            state.append(b"in" if inside else b"out")
    return state


def _cue_distances(seq: Sequence, is_cue: list[bool], sent_ids: list[int],
                   lemmas: list[bytes]) -> tuple[list[bytes], list[bytes], list[bytes], list[bytes]]:
    """Nearest cue word on the left and on the right within the sentence: its lemma and the
    bucketed distance ("say|2"), or "none"; then the bucketed distances alone."""
    n = len(seq.tokens)
    left, right = [b"none"] * n, [b"none"] * n
    left_gap, right_gap = [b"none"] * n, [b"none"] * n
    last = -1
    for k in range(n):
        if last >= 0 and sent_ids[last] == sent_ids[k]:
            left_gap[k] = gap = _bucket(k - last)
            left[k] = lemmas[seq.tokens[last]] + b"|" + gap
        if is_cue[k]:
            last = k
    last = -1
    for k in range(n - 1, -1, -1):
        if last >= 0 and sent_ids[last] == sent_ids[k]:
            right_gap[k] = gap = _bucket(last - k)
            right[k] = lemmas[seq.tokens[last]] + b"|" + gap
        if is_cue[k]:
            last = k
    return left, right, left_gap, right_gap


# Neighbours' feature names by offset: word, relation, quote state, then (next to the token) tag and cue flag.
_NEAR = {off: tuple(f"{off}{name}=".encode() for name in ("w", "d", "q", "p", "cl")) for off in (-2, -1, 1, 2)}
_PAD = {off: f"{off}w=<pad>".encode() for off in (-2, -1, 1, 2)}


def sequence_features(arr: DocArrays, seq: Sequence, cue_lemmas: frozenset[str],
                      ancestors: list[Ancestor | None], siblings: list[Sibling | None]) -> list[list[bytes]]:
    """The feature strings of every token of one paragraph."""
    idx = seq.tokens
    sent_ids = [arr.sent_start[i] for i in idx]
    quotes = _quote_state(arr, seq)
    is_cue = [arr.lemma[i] in cue_lemmas for i in idx]
    utf8 = arr.utf8
    left, right, left_gap, right_gap = _cue_distances(seq, is_cue, sent_ids, utf8.lemma)
    cue_sents = {sid for sid, cue in zip(sent_ids, is_cue) if cue}
    quote_sents = {sid for sid, q in zip(sent_ids, quotes) if q != b"out"}
    opens_quoted = b"pq=" + quotes[0]
    lower, lemma, tag, pos, dep, head = utf8.lower, utf8.lemma, utf8.tag, utf8.pos, utf8.dep, arr.head
    cue_flag = [b"1" if cue else b"0" for cue in is_cue]

    out: list[list[bytes]] = []
    n = len(idx)
    for k, i in enumerate(idx):
        h = head[i]
        q = quotes[k]
        feats = [
            b"b",
            b"w=" + lower[i],
            b"l=" + lemma[i],
            b"p=" + tag[i],
            b"d=" + dep[i],
            b"sh=" + utf8.shape[i],
            b"s3=" + utf8.suffix[i],
            b"hl=" + lemma[h],
            b"hp=" + pos[h],
            b"dh=" + dep[i] + b"|" + pos[h],
            b"e=" + utf8.ent[i],
            b"q=" + q,
            b"cl=" + cue_flag[k],
            b"dl=" + left_gap[k],
            b"dr=" + right_gap[k],
            b"nl=" + left[k],
            b"nr=" + right[k],
            b"sq=1" if sent_ids[k] in quote_sents else b"sq=0",
            opens_quoted,
            b"sc=1" if sent_ids[k] in cue_sents else b"sc=0",
        ]
        anc = ancestors[i]
        if anc is None:
            feats.append(b"a=none")
        else:
            _, _, depth, child, node = anc
            rel = dep[child]
            feats += [b"a=" + rel, b"al=" + lemma[node], b"ad=" + _bucket(depth), b"ar=" + rel + b"|" + q,
                      (b"ap=before|" if i < node else b"ap=after|") + rel]
            # The edges of the cue's complement (or subject) subtree are likely span edges.
            if i == arr.left_edge[child]:
                feats.append(b"ce=L|" + rel)
            if i == arr.right_edge[child]:
                feats.append(b"ce=R|" + rel)
        sib = siblings[i]
        if sib is not None:
            cue, rel = sib[0].encode(), sib[1].encode()
            feats += [b"sb=" + rel, b"sbl=" + cue + b"|" + rel, b"sbd=" + _bucket(sib[2])]
        if i == sent_ids[k]:
            feats.append(b"first")
        if i == arr.sent_end[i] - 1:
            feats.append(b"last")
        if k == 0:
            feats.append(b"pstart")
        # Neighbours' key features, so the CRF sees the words and structure around each token.
        for off, (w, d, nq, p, cl) in _NEAR.items():
            j = k + off
            if 0 <= j < n:
                t = idx[j]
                feats += (w + lower[t], d + dep[t], nq + quotes[j])
                if off == -1 or off == 1:
                    feats += (p + tag[t], cl + cue_flag[j])
            else:
                feats.append(_PAD[off])
        out.append(feats)
    return out


def doc_features(doc: Doc, cue_lemmas: frozenset[str]) -> list[tuple[Sequence, list[list[str]]]]:
    """Every paragraph of ``doc`` with its token features."""
    arr = DocArrays.of(doc)
    ancestors = _ancestor_cues(arr, cue_lemmas)
    siblings = _sibling_cues(arr, cue_lemmas)
    return [(seq, sequence_features(arr, seq, cue_lemmas, ancestors, siblings)) for seq in paragraphs(arr)]


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
