"""Extraction speed against the bare spaCy pipeline, measured in one run.

Runs the bare spaCy pipeline (nlp.pipe) and saywho's extraction (extract_many: the same pipeline
plus every saywho stage) over the same articles, at n_process 1 and 2, alternating the two so that
machine noise hits both alike, and prints words/s for each and their ratio (target >= 0.8), plus
peak resident memory per process.

    python benchmarks/extract_speed.py [--articles 300] [--rounds 2] [--method hybrid]

``--method neural`` measures the neural tagger (onnxruntime, one thread per process) the same way;
its target is >= 0.5 of bare spaCy's words/s at 2 processes and < 1.5 GB per process.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import saywho
from saywho import Article, ExtractOptions, extract_many
from saywho.nlp import load_pipeline

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = [SHARED / "data" / "polnear" / "dev.jsonl", SHARED / "data" / "polnear" / "train.jsonl"]


def load_texts(limit: int) -> list[str]:
    texts: list[str] = []
    for path in CORPORA:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                texts.append(json.loads(line)["text"])
                if len(texts) == limit:
                    return texts
    return texts


def count_words(nlp, texts: list[str]) -> int:
    tokenizer = nlp.tokenizer
    return sum(sum(1 for t in tokenizer(text) if not t.is_space and not t.is_punct) for text in texts)


def time_bare(nlp, texts: list[str], n_process: int, batch_size: int) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
        pass
    return time.perf_counter() - start


def time_saywho(texts: list[str], options: ExtractOptions) -> float:
    articles = [Article(text=text, id=str(i)) for i, text in enumerate(texts)]
    start = time.perf_counter()
    for item in extract_many(articles, options=options):
        if isinstance(item, saywho.BatchError):
            raise SystemExit(f"article {item.id} failed: {item.error}")
    return time.perf_counter() - start


def peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds; the best time of each side counts")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--method", default=None, help="hybrid, rules, model or neural (default: the shipped default)")
    parser.add_argument("--processes", default="1,2", help="comma-separated n_process values")
    args = parser.parse_args()

    texts = load_texts(args.articles)
    nlp = load_pipeline()
    words = count_words(nlp, texts)
    print(f"{len(texts)} articles, {words:,} words (tokens that are not space or punctuation)")
    print(f"{'n_process':>9} {'spaCy words/s':>14} {'saywho words/s':>15} {'ratio':>6}")
    for n_process in (int(n) for n in args.processes.split(",")):
        options = ExtractOptions.build(n_process=n_process, batch_size=args.batch_size, method=args.method)
        bare, ours = [], []
        for _ in range(args.rounds):
            bare.append(time_bare(nlp, texts, n_process, args.batch_size))
            ours.append(time_saywho(texts, options))
        bare_rate, our_rate = words / min(bare), words / min(ours)
        print(f"{n_process:>9} {bare_rate:>14,.0f} {our_rate:>15,.0f} {our_rate / bare_rate:>6.2f}")
    own, children = peak_rss_mb()
    print(f"peak RSS: main process {own:,.0f} MB, largest worker process {children:,.0f} MB")


if __name__ == "__main__":
    main()
