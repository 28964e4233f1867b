"""Scoring claim clusters and copy detection against hand-labelled pairs (``tests/claims/data/``).

Clusters are built exactly as the store builds them (``saywho.claims``): every gold content of the
corpus (PolNeAR train) becomes a ``ClaimItem`` with the entities and figures saywho's entity and
quantity stages find in its article, oldest article first; a labelled pair is predicted "same" when
both contents land in one cluster. Copies: every article of the corpus goes through ``CopyFinder``
oldest first; a labelled article pair is predicted "copy" when both have the same origin.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..claims.cluster import ClaimItem, Clusterer, ClusterSettings, same_claim, similarity
from ..claims.entities import content_entities
from ..claims.figures import Figure, unit_class
from ..claims.origins import CopyFinder
from ..errors import EvalError
from ..lexicon import load_settings


@dataclass
class PairScores:
    """Precision and recall of 'same' decisions over labelled pairs."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, gold: bool, predicted: bool, pair: dict[str, Any]) -> None:
        if gold and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
            self.errors.append({"error": "false merge", **pair})
        elif gold:
            self.fn += 1
            self.errors.append({"error": "missed", **pair})
        else:
            self.tn += 1

    def to_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "tp": self.tp, "fp": self.fp,
                "fn": self.fn, "tn": self.tn}


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read {path}: {exc}") from exc


def _corpus(path: Path) -> list[dict[str, Any]]:
    articles = _read_jsonl(path)
    if not articles or "quotes" not in articles[0]:
        raise EvalError(f"{path} is not a PolNeAR-style JSONL file (one article a line with 'quotes')")
    return sorted(articles, key=lambda r: (r.get("meta", {}).get("date") or "", r["id"]))


def _annotations(articles: list[dict[str, Any]], n_process: int) -> dict[str, tuple[list[tuple], list[tuple]]]:
    """Per article: (canonical, name, aliases, spans) of every entity saywho's entity stage finds, and
    (unit class, spans) of every figure its quantity stage finds, as the store has them."""
    from ..extract.entities import find_entities
    from ..extract.quantities import find_quantities
    from ..nlp import load_pipeline
    from ..options import ExtractOptions

    nlp = load_pipeline(ExtractOptions.defaults().model)
    found = {}
    docs = nlp.pipe((a["text"] for a in articles), batch_size=16, n_process=n_process)
    for article, doc in zip(articles, docs):
        mentions = [(e.name, e.name, list(e.aliases), [list(s) for s in e.mentions]) for e in find_entities(doc)]
        figures = [(unit_class(Figure(0, "", None, None, unit=q.unit)), [list(s) for s in q.spans])
                   for q in find_quantities(doc)]
        found[article["id"]] = (mentions, figures)
    return found


def _units(content_spans: list, figures: list[tuple]) -> tuple[str, ...]:
    """The unit classes of the figures inside the content (the store links them the same way)."""
    return tuple(sorted({unit for unit, spans in figures
                         if any(cs <= s and e <= ce for s, e in spans for cs, ce in content_spans)}))


def gold_items(articles: list[dict[str, Any]], annotations: dict[str, tuple[list, list]] | None) -> tuple[
        list[ClaimItem], dict[tuple[str, str], int]]:
    """ClaimItems for every gold content, oldest article first, and (article, text) -> item id."""
    items, index = [], {}
    for article in articles:
        mentions, figures = (annotations or {}).get(article["id"], ((), ()))
        for quote in article["quotes"]:
            spans = quote["content_spans"]
            text = " ".join(article["text"][s:e] for s, e in spans)
            item = ClaimItem(len(items), text, content_entities(spans, mentions), _units(spans, figures))
            index.setdefault((article["id"], text), item.id)
            items.append(item)
    return items, index


def score_pairs(pairs: list[dict[str, Any]], clusters: dict[int, int], index: dict[tuple[str, str], int]) -> PairScores:
    scores = PairScores()
    for pair in pairs:
        a = index.get((pair["a"]["article"], pair["a"]["text"]))
        b = index.get((pair["b"]["article"], pair["b"]["text"]))
        if a is None or b is None:
            raise EvalError(f"pair {pair.get('pair')}: its contents are not in the corpus given")
        scores.add(pair["label"] == "same", clusters[a] == clusters[b], {"pair": pair.get("pair"),
                   "a": pair["a"]["text"], "b": pair["b"]["text"]})
    return scores


def _pair_key(pair: dict[str, Any]) -> tuple:
    return tuple(sorted(((pair["a"]["article"], pair["a"]["text"]), (pair["b"]["article"], pair["b"]["text"]))))


def agreement(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> dict[str, Any]:
    """Cohen's kappa of two labellings of the same pairs (matched by their contents), and where they differ."""
    labels = {_pair_key(p): p["label"] for p in second}
    missing = [p.get("pair") for p in first if _pair_key(p) not in labels]
    if missing or len(labels) != len(first):
        raise EvalError(f"the second labelling does not hold the same pairs (pairs not in it: {missing[:10]})")
    n = len(first)
    agree = sum(labels[_pair_key(p)] == p["label"] for p in first)
    same1 = sum(p["label"] == "same" for p in first) / n if n else 0.0
    same2 = sum(label == "same" for label in labels.values()) / n if n else 0.0
    chance = same1 * same2 + (1 - same1) * (1 - same2)
    observed = agree / n if n else 1.0
    kappa = (observed - chance) / (1 - chance) if chance < 1 else 1.0
    differ = [{"pair": p.get("pair"), "first": p["label"], "second": labels[_pair_key(p)], "a": p["a"]["text"],
               "b": p["b"]["text"]} for p in first if labels[_pair_key(p)] != p["label"]]
    return {"pairs": n, "agree": agree, "kappa": round(kappa, 4), "disagreements": differ}


def relabelled(pairs: list[dict[str, Any]], second: list[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """The pairs with the second labelling's labels, and the pairs both labellings label alike."""
    labels = {_pair_key(p): p["label"] for p in second}
    return ([{**p, "label": labels[_pair_key(p)]} for p in pairs],
            [p for p in pairs if labels[_pair_key(p)] == p["label"]])


def evaluate_claims(pairs_path: Path, corpus_path: Path, *, copies_path: Path | None = None,
                    entities: bool = True, thresholds: Iterable[float] = (), n_process: int = 1,
                    second_path: Path | None = None, embeddings: bool | None = None,
                    vector_cache: Path | None = None) -> dict[str, Any]:
    """Cluster precision/recall on the labelled pairs (at the default threshold and any others asked
    for), the pair-level scores of the similarity alone, and copy detection on labelled article pairs.
    With ``second_path`` (a second labelling of the same pairs): the two labellings' agreement, and the
    cluster scores on the second labels and on the pairs both label alike. ``embeddings`` turns the
    embedding refinement on or off (default: as ``[claims.embeddings]`` says); ``vector_cache`` keeps the
    contents' vectors between runs (a SQLite file keyed by model and text)."""
    pairs = _read_jsonl(pairs_path)
    second = _read_jsonl(second_path) if second_path is not None else None
    articles = _corpus(corpus_path)
    annotations = _annotations(articles, n_process) if entities else None
    items, index = gold_items(articles, annotations)
    default = ClusterSettings.defaults(embeddings)
    if default.embeddings:
        from ..claims.embed import VectorCache, attach

        cache = VectorCache(vector_cache, adapter=default.adapter) if vector_cache is not None else None
        attach(items, cache=cache, adapter=default.adapter)
        if cache is not None:
            cache.close()
    report: dict[str, Any] = {"pairs": len(pairs), "same": sum(p["label"] == "same" for p in pairs),
                              "contents": len(items), "entities": entities, "embeddings": default.embeddings,
                              "settings": default.__dict__,
                              "thresholds": []}
    if second is not None:
        report["agreement"] = agreement(pairs, second)
        second_pairs, agreed = relabelled(pairs, second)
    for threshold in sorted({default.threshold, *thresholds}):
        settings = replace(default, threshold=threshold)
        clusterer = Clusterer(settings)
        clusters = {item.id: clusterer.add(item).cluster_id for item in items}
        scores = score_pairs(pairs, clusters, index)
        sizes = {}
        for cluster in clusters.values():
            sizes[cluster] = sizes.get(cluster, 0) + 1
        row = {"threshold": threshold, "clusters": len(sizes), "multi_member": sum(n > 1 for n in sizes.values()),
               **scores.to_dict(), "pairwise": _pairwise(pairs, items, index, settings).to_dict()}
        if second is not None:
            row["second"] = score_pairs(second_pairs, clusters, index).to_dict()
            row["agreed"] = {"pairs": len(agreed), **score_pairs(agreed, clusters, index).to_dict()}
        if threshold == default.threshold:
            report["errors"] = scores.errors
        report["thresholds"].append(row)
    if copies_path is not None:
        report["copies"] = score_copies(_read_jsonl(copies_path), articles).to_dict()
    return report


def _pairwise(pairs: list[dict[str, Any]], items: list[ClaimItem], index: dict, settings: ClusterSettings) -> PairScores:
    """The similarity alone on each pair (no clustering, no LSH): how much the clustering adds or loses."""
    scores = PairScores()
    for pair in pairs:
        a = items[index[(pair["a"]["article"], pair["a"]["text"])]]
        b = items[index[(pair["b"]["article"], pair["b"]["text"])]]
        cosine = float(a.vector @ b.vector) if settings.embeddings else None
        same = (min(a.words, b.words) >= settings.min_words
                and same_claim(similarity(a.features, b.features), cosine, settings))
        scores.add(pair["label"] == "same", same, {"pair": pair.get("pair")})
    return scores


def score_copies(pairs: list[dict[str, Any]], articles: list[dict[str, Any]]) -> PairScores:
    """Copy detection over the whole corpus (oldest first), scored on the labelled article pairs."""
    finder = CopyFinder(threshold=float(load_settings().get("claims", {}).get("copy_threshold", 0.5)))
    origin = {}
    for article in articles:
        found, _ = finder.add(article["id"], article["text"])
        origin[article["id"]] = found or article["id"]
    scores = PairScores()
    for pair in pairs:
        if pair["a"] not in origin or pair["b"] not in origin:
            raise EvalError(f"copy pair {pair['a']} / {pair['b']}: an article is not in the corpus given")
        scores.add(pair["label"] == "copy", origin[pair["a"]] == origin[pair["b"]], {"a": pair["a"], "b": pair["b"]})
    return scores
