"""Sample attribution pairs from a PolNeAR-style JSONL file for hand labelling (same / different claim).

Run from the checkout: ``python scripts/sample_claim_pairs.py ../shared/data/polnear/dev.jsonl -o pairs.jsonl``.
It writes one unlabelled pair a line (``pair``, ``stratum``, ``a``, ``b``; ``label`` left empty), in the
format of ``tests/claims/data/polnear_claim_pairs.jsonl``, and prints nothing about similarity, so that
the labeller reads only the contents. The procedure is the one described for the train pairs in
``tests/claims/data/README.md``, made exact:

- a content is the annotated content spans joined by a space, kept when it has at least four distinct
  content words (``saywho.claims.text.claim_words``: folded, stop words out, stemmed; entities are not
  folded and nothing is weighted);
- the similarity of two contents is the Jaccard similarity of those word sets; every pair of contents
  from two different articles that shares a word is scored (an inverted index: exact where the train
  pairs used MinHash LSH, which misses some pairs at low similarity);
- strata: ``high`` (similarity >= 0.5), ``mid`` (0.3 to 0.5), ``low`` (0.15 to 0.3), ``speaker`` (the same
  annotated speaker string of two or more words, similarity 0.05 to 0.45) and ``random`` (any two
  contents from different articles); within a stratum the candidates are shuffled (``random.Random(seed)``)
  and taken in that order, each content used at most once per stratum; a similarity stratum with too
  few candidates passes the pairs it lacks to the next one down (PolNeAR dev, 84 articles, has only 15
  pairs at 0.5 or more, 12 of them with contents not used twice: its ``mid`` stratum takes the other 18).

The default counts (30 / 30 / 20 / 10 / 10) are those of the train set (45 / 45 / 30 / 15 / 15) scaled to
100 pairs. Nothing from PolNeAR's test split is ever read here: pass the file of the split you mean.

``--by-meaning`` samples paraphrases instead (``tests/claims/data/polnear_paraphrase_pairs.jsonl``):
pairs of contents from two different articles whose sentence embeddings (``saywho.claims.embed``, from
the vector cache where it has them) are close but whose word sets are not (Jaccard below
``--max-jaccard``, 0.35: the word threshold with embeddings on; clustering weighs its features, so this
only marks where the words alone stop finding a pair), in cosine strata ``cos90`` (>= 0.9), ``cos80`` (0.8 to 0.9), ``cos70`` (0.7 to
0.8) and ``cos60`` (0.6 to 0.7), 30 pairs each by default, taken as above (shuffled, each content once
per stratum, a short stratum passing what it lacks to the next one down). Cosines are exact (every
pair of contents, in blocks). Pairs of identical texts are left out (reprints, not paraphrases).
``--adapter claim-encoder`` measures the cosine with a claim encoder instead of the plain model, and
``--strata`` sets the cosine strata (``name:low:high,...``): with them, pairs can be drawn where that
encoder is unsure (``c50:0.5:0.6,c60:0.6:0.7,...``), to teach the next one what it gets wrong.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from saywho.claims.text import claim_words  # noqa: E402

STRATA = {"high": (0.5, 1.01), "mid": (0.3, 0.5), "low": (0.15, 0.3)}
COSINE_STRATA = {"cos90": (0.9, 1.01), "cos80": (0.8, 0.9), "cos70": (0.7, 0.8), "cos60": (0.6, 0.7)}
SPEAKER_RANGE = (0.05, 0.45)
MIN_WORDS = 4


def contents(path: Path) -> list[dict]:
    """Every annotated content of the file, with its article, date, speaker string and word set."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        article = json.loads(line)
        for quote in article["quotes"]:
            text = " ".join(article["text"][s:e] for s, e in quote["content_spans"])
            words = frozenset(claim_words(text))
            if len(words) >= MIN_WORDS:
                found.append({"article": article["id"], "date": article.get("meta", {}).get("date") or "",
                              "speaker": quote.get("speaker") or "", "text": text, "words": words})
    return found


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b)


def scored_pairs(items: list[dict]) -> dict[tuple[int, int], float]:
    """(i, j) -> similarity for every pair of contents from different articles that shares a word."""
    index = defaultdict(list)
    for i, item in enumerate(items):
        for word in item["words"]:
            index[word].append(i)
    scores = {}
    for ids in index.values():
        for i, j in combinations(ids, 2):
            if (i, j) not in scores and items[i]["article"] != items[j]["article"]:
                scores[(i, j)] = jaccard(items[i]["words"], items[j]["words"])
    return scores


def take(candidates: list[tuple[int, int]], n: int, rng: random.Random) -> list[tuple[int, int]]:
    """``n`` candidates in shuffled order, no content twice."""
    candidates = sorted(candidates)
    rng.shuffle(candidates)
    used, chosen = set(), []
    for i, j in candidates:
        if len(chosen) == n:
            break
        if i in used or j in used:
            continue
        used |= {i, j}
        chosen.append((i, j))
    return chosen


def sample(items: list[dict], counts: dict[str, int], seed: int) -> list[tuple[str, int, int]]:
    rng = random.Random(seed)
    scores = scored_pairs(items)
    chosen: list[tuple[str, int, int]] = []
    short = 0  # pairs a stratum lacked, taken from the next one down
    for stratum, (low, high) in STRATA.items():
        pool = [pair for pair, s in scores.items() if low <= s < high]
        taken = take(pool, counts[stratum] + short, rng)
        short = counts[stratum] + short - len(taken)
        chosen += [(stratum, i, j) for i, j in taken]
    by_speaker = defaultdict(list)
    for i, item in enumerate(items):
        if len(item["speaker"].split()) >= 2:
            by_speaker[item["speaker"]].append(i)
    pool = [(i, j) for ids in by_speaker.values() for i, j in combinations(ids, 2)
            if items[i]["article"] != items[j]["article"]
            and SPEAKER_RANGE[0] <= jaccard(items[i]["words"], items[j]["words"]) < SPEAKER_RANGE[1]]
    chosen += [("speaker", i, j) for i, j in take(pool, counts["speaker"], rng)]
    randoms = []
    while len(randoms) < counts["random"]:
        i, j = sorted(rng.sample(range(len(items)), 2))
        if items[i]["article"] != items[j]["article"] and (i, j) not in randoms:
            randoms.append((i, j))
    chosen += [("random", i, j) for i, j in randoms]
    return chosen


def content_vectors(items: list[dict], adapter: str = ""):
    """The contents' sentence embeddings, from the vector cache where it has them (``saywho eval-claims``)."""
    from saywho.claims.embed import VectorCache, default_cache_path, embed

    cache = VectorCache(default_cache_path(), adapter=adapter)
    try:
        return embed([item["text"] for item in items], cache=cache, adapter=adapter)
    finally:
        cache.close()


def close_pairs(items: list[dict], vectors, floor: float, max_jaccard: float,
                block: int = 1024) -> dict[tuple[int, int], float]:
    """(i, j) -> cosine for every pair of contents from different articles, of different texts, with
    cosine >= ``floor`` (``vectors``: unit rows, one per item) and word Jaccard below ``max_jaccard``."""
    import numpy as np

    found = {}
    for start in range(0, len(items), block):
        cosines = vectors[start:start + block] @ vectors.T
        for row, j in zip(*np.nonzero(cosines >= floor)):
            i, j = start + int(row), int(j)
            if i < j and items[i]["article"] != items[j]["article"] and items[i]["text"] != items[j]["text"] \
                    and jaccard(items[i]["words"], items[j]["words"]) < max_jaccard:
                found[(i, j)] = float(cosines[row, j])
    return found


def sample_by_meaning(items: list[dict], counts: dict[str, int], seed: int, max_jaccard: float,
                      strata: dict[str, tuple[float, float]] = COSINE_STRATA,
                      adapter: str = "") -> list[tuple[str, int, int]]:
    rng = random.Random(seed)
    floor = min(low for low, _ in strata.values())
    scores = close_pairs(items, content_vectors(items, adapter), floor, max_jaccard)
    chosen: list[tuple[str, int, int]] = []
    short = 0
    for stratum, (low, high) in strata.items():
        pool = [pair for pair, s in scores.items() if low <= s < high]
        taken = take(pool, counts[stratum] + short, rng)
        short = counts[stratum] + short - len(taken)
        chosen += [(stratum, i, j) for i, j in taken]
    return chosen


def parse_strata(text: str) -> dict[str, tuple[float, float]]:
    """``name:low:high,...`` -> {name: (low, high)}, in the order given (highest first, as the default)."""
    strata = {}
    for part in text.split(","):
        name, low, high = part.split(":")
        strata[name] = (float(low), float(high))
    return strata


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--counts", help="high,mid,low,speaker,random (default 30,30,20,10,10); "
                        "with --by-meaning cos90,cos80,cos70,cos60 (default 30,30,30,30)")
    parser.add_argument("--by-meaning", action="store_true",
                        help="paraphrases: close embeddings, few shared words (needs the embedding model)")
    parser.add_argument("--max-jaccard", type=float, default=0.35, help="with --by-meaning: word Jaccard below this")
    parser.add_argument("--strata", help="with --by-meaning: cosine strata as name:low:high,... "
                        "(default cos90:0.9:1.01,cos80:0.8:0.9,cos70:0.7:0.8,cos60:0.6:0.7)")
    parser.add_argument("--adapter", default="", help="with --by-meaning: the claim encoder adapter "
                        "that measures the cosine (default: the plain model)")
    args = parser.parse_args(argv)
    items = contents(args.corpus)
    if args.by_meaning:
        strata = parse_strata(args.strata) if args.strata else COSINE_STRATA
        counts = dict(zip(strata, map(int, (args.counts or ",".join(["30"] * len(strata))).split(","))))
        chosen = sample_by_meaning(items, counts, args.seed, args.max_jaccard, strata, args.adapter)
    else:
        names = ("high", "mid", "low", "speaker", "random")
        counts = dict(zip(names, map(int, (args.counts or "30,30,20,10,10").split(","))))
        chosen = sample(items, counts, args.seed)
    rows = []
    for n, (stratum, i, j) in enumerate(chosen):
        a, b = ({k: items[x][k] for k in ("article", "date", "speaker", "text")} for x in (i, j))
        rows.append(json.dumps({"pair": n, "stratum": stratum, "label": "", "a": a, "b": b}, ensure_ascii=False))
    args.output.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} pairs from {len(items)} contents written to {args.output}")


if __name__ == "__main__":
    main()
