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
        n = len(doc)
        columns = doc.to_array([ORTH, LOWER, LEMMA, TAG, POS, DEP, SHAPE, ENT_IOB, ENT_TYPE, HEAD, SENT_START]).tolist()
        lookup = _string_lookup(doc)
        text, lower, lemma, tag, pos, dep, shape, ent, head = [], [], [], [], [], [], [], [], []
        sent_start, sent_end = [0] * n, [0] * n
        start = 0
        for i, (orth, lo, le, ta, po, de, sh, iob, et, rel, ss) in enumerate(columns):
            if ss == 1 and i > start:  # SENT_START is 1 at a sentence's first token (as uint64)
                sent_start[start:i] = [start] * (i - start)
                sent_end[start:i] = [i] * (i - start)
                start = i
            text.append(lookup(orth))
            lower.append(lookup(lo))
            lemma.append(lookup(le).lower())
            tag.append(lookup(ta))
            pos.append(lookup(po))
            dep.append(lookup(de))
            shape.append(lookup(sh))
            ent.append(_IOB[iob] + lookup(et) if et else _IOB[iob])
            head.append(i + rel if rel < 2**63 else i + rel - 2**64)  # HEAD is an offset, as uint64
        sent_start[start:n] = [start] * (n - start)
        sent_end[start:n] = [n] * (n - start)
        left_edge, right_edge = list(range(n)), list(range(n))
        _subtree_edges(head, left_edge, right_edge)
        return cls(text=text, lower=lower, lemma=lemma, tag=tag, pos=pos, dep=dep, shape=shape,
                   ent=ent, head=head, left_edge=left_edge, right_edge=right_edge,
                   sent_start=sent_start, sent_end=sent_end)


_IOB = {0: "", 1: "I", 2: "O", 3: "B"}


def _string_lookup(doc: Doc):
    strings = doc.vocab.strings
    cache: dict[int, str] = {0: ""}

    def lookup(key: int) -> str:
        value = cache.get(key)
        if value is None:
            value = cache[key] = strings[key]
        return value

    return lookup


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


def _cue_distances(seq: Sequence, is_cue: list[bool], sent_ids: list[int],
                   lemmas: list[str]) -> tuple[list[str], list[str]]:
    """Nearest cue word on the left and on the right within the sentence: its lemma and the
    bucketed distance ("say|2"), or "none"."""
    n = len(seq.tokens)
    left, right = ["none"] * n, ["none"] * n
    last = -1
    for k in range(n):
        if last >= 0 and sent_ids[last] == sent_ids[k]:
            left[k] = lemmas[seq.tokens[last]] + "|" + _bucket(k - last)
        if is_cue[k]:
            last = k
    last = -1
    for k in range(n - 1, -1, -1):
        if last >= 0 and sent_ids[last] == sent_ids[k]:
            right[k] = lemmas[seq.tokens[last]] + "|" + _bucket(last - k)
        if is_cue[k]:
            last = k
    return left, right


def sequence_features(arr: DocArrays, seq: Sequence, cue_lemmas: frozenset[str],
                      ancestors: list[Ancestor | None], siblings: list[Sibling | None]) -> list[list[str]]:
    """The feature strings of every token of one paragraph."""
    idx = seq.tokens
    sent_ids = [arr.sent_start[i] for i in idx]
    quotes = _quote_state(arr, seq)
    is_cue = [arr.lemma[i] in cue_lemmas for i in idx]
    left, right = _cue_distances(seq, is_cue, sent_ids, arr.lemma)
    cue_sents = {sid for sid, cue in zip(sent_ids, is_cue) if cue}
    quote_sents = {sid for sid, q in zip(sent_ids, quotes) if q != "out"}
    opens_quoted = "pq=" + quotes[0]
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
            "dl=" + left[k].split("|")[-1],
            "dr=" + right[k].split("|")[-1],
            "nl=" + left[k],
            "nr=" + right[k],
            "sq=" + ("1" if sent_ids[k] in quote_sents else "0"),
            opens_quoted,
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
        sib = siblings[i]
        if sib is not None:
            feats += ["sb=" + sib[1], "sbl=" + sib[0] + "|" + sib[1], "sbd=" + _bucket(sib[2])]
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
                feats.append(f"{off}q={quotes[j]}")
                if off in (-1, 1):
                    feats.append(f"{off}p={tag[t]}")
                    feats.append(f"{off}cl={'1' if is_cue[j] else '0'}")
            else:
                feats.append(f"{off}w=<pad>")
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
