"""Speed of the model against the bare spaCy pass, measured in one run on the same articles.

    python benchmarks/model_speed.py $SAYWHO_POLNEAR/dev.jsonl [--articles 84] [--rounds 3]

Parses the articles once with spaCy (timed), then times, on the parsed docs, the model alone
and full extraction with each method; each figure is the best of ``--rounds`` runs, one process.
The ratio is spaCy's time over spaCy's plus the stage's (the issue asks >= 0.8).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from saywho.extract import extract_doc
from saywho.model.infer import default_model
from saywho.nlp import load_pipeline
from saywho.options import ExtractOptions


def _best(run: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles_file", type=Path, help="JSONL with a 'text' per line (e.g. PolNeAR dev)")
    parser.add_argument("--articles", type=int, default=84)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    with args.articles_file.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line, _ in zip(lines, range(args.articles))]
    nlp = load_pipeline()
    model = default_model()
    if model is None:
        raise SystemExit("no trained model is installed")
    words = sum(1 for text in texts for tok in nlp.tokenizer(text) if not tok.is_space and not tok.is_punct)
    docs: list = []
    t_spacy = _best(lambda: docs.__setitem__(slice(None), list(nlp.pipe(texts, batch_size=32))), args.rounds)
    print(f"{len(texts)} articles, {words:,} words; bare spaCy {t_spacy:.2f} s = {words / t_spacy:,.0f} words/s")
    t_model = _best(lambda: [model.predict(doc) for doc in docs], args.rounds)
    print(f"model alone: +{t_model:.2f} s ({1e6 * t_model / words:.1f} us/word), ratio {t_spacy / (t_spacy + t_model):.3f}")
    for method in ("rules", "hybrid", "model"):
        options = ExtractOptions.build(method=method)
        t = _best(lambda: [extract_doc(doc, id="bench", options=options) for doc in docs], args.rounds)
        print(f"extraction, method={method}: +{t:.2f} s, ratio {t_spacy / (t_spacy + t):.3f}")


if __name__ == "__main__":
    main()
