"""Scoring resolved records: the speaker after resolution, the outlet chain, type, nesting, role and
affiliation, on gold in the seed's format (``{"id", "text", "quotes": [...]}`` one article a line,
or a seed ``gold.json``).

The metric is the Wikinews dev set's (its README): per article, gold and predicted attributions are
matched one to one by content, character Jaccard >= 0.5 after trimming edge punctuation and quote
marks, greedy by best overlap; ``optional`` gold records count neither as misses nor, when
predicted, as false alarms. Over matched pairs: speaker (names equal after folding case, accents,
curly apostrophes, spaces and a leading the/a/an), via (over pairs where either side has one: the
ordered outlet names equal under the same folding), type, parent links, role and affiliation.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import spans
from ..errors import EvalError
from ..records import Result

Span = tuple[int, int]
MIN_JACCARD = 0.5


@dataclass
class ResolvedGold:
    """One gold article: its text and its records in the seed's format."""

    id: str
    text: str
    quotes: list[dict[str, Any]]


@dataclass
class ResolvedScores:
    """Counts over a gold set; the figures are properties."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker: int = 0
    via: int = 0
    via_pairs: int = 0
    type: int = 0
    parent: int = 0
    parent_pairs: int = 0
    role: int = 0
    role_pairs: int = 0
    affiliation: int = 0
    affiliation_pairs: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [predicted, matched]
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def share(self, name: str) -> float:
        """Accuracy of ``name`` (speaker, via, type, parent, role, affiliation) over its pairs."""
        pairs = {"speaker": self.matched, "type": self.matched, "via": self.via_pairs, "parent": self.parent_pairs,
                 "role": self.role_pairs, "affiliation": self.affiliation_pairs}[name]
        return getattr(self, name) / pairs if pairs else 1.0

    def kind_precision(self) -> dict[str, tuple[float, int]]:
        """Precision of the records of each kind, with how many were predicted."""
        return {kind: (matched / predicted if predicted else 0.0, predicted)
                for kind, (predicted, matched) in sorted(self.by_kind.items())}

    def figures(self) -> dict[str, float]:
        """Every figure as a fraction, the keys the regression gate pins."""
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                **{name: self.share(name) for name in ("speaker", "via", "type", "parent", "role", "affiliation")}}

    def to_json(self) -> dict[str, Any]:
        return {"figures": {k: round(v, 4) for k, v in self.figures().items()},
                "counts": {"gold": self.gold, "predicted": self.predicted, "matched": self.matched,
                           "via_pairs": self.via_pairs, "parent_pairs": self.parent_pairs,
                           "role_pairs": self.role_pairs, "affiliation_pairs": self.affiliation_pairs},
                "precision_by_kind": {kind: {"precision": round(p, 4), "predicted": n}
                                      for kind, (p, n) in self.kind_precision().items()}}


def is_resolved_gold(path: str | Path) -> bool:
    """Whether ``path`` holds gold in the seed's format (records under "quotes")."""
    try:
        with open(path, encoding="utf-8") as handle:
            head = handle.read(1 << 20)
    except OSError:
        return False
    try:
        first = json.loads(head) if head.lstrip().startswith("{") and "\n{" not in head.strip() else json.loads(head.splitlines()[0])
    except (json.JSONDecodeError, IndexError):
        return False
    if not isinstance(first, dict) or not isinstance(first.get("quotes"), list):
        return False
    # PolNeAR's records hold the same "quotes" list, with fragment lists and no resolved speaker.
    return not any(isinstance(q, dict) and "cue_spans" in q for q in first["quotes"])


def load_resolved_gold(path: str | Path) -> list[ResolvedGold]:
    """Gold articles from a JSONL file (one a line) or a single seed ``gold.json``."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvalError(f"gold file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read gold file {path}: {exc}") from exc
    try:
        records = [json.loads(raw)] if raw.lstrip().startswith("{") and _one_object(raw) else \
            [json.loads(line) for line in raw.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise EvalError(f"gold file {path} is not JSON or JSONL: {exc}") from exc
    articles = []
    for number, record in enumerate(records, start=1):
        if isinstance(record, dict) and "text" not in record and isinstance(record.get("article"), str):
            record = {**record, "text": _article_beside(Path(path), record["article"])}  # the seed's gold.json
        if not isinstance(record, dict) or "text" not in record or not isinstance(record.get("quotes"), list):
            raise EvalError(f"gold file {path}, record {number}: expected {{'id', 'text', 'quotes'}}")
        articles.append(ResolvedGold(id=str(record.get("id") or number), text=record["text"], quotes=record["quotes"]))
    return articles


def _article_beside(gold: Path, name: str) -> str:
    try:
        return (gold.parent / name).read_text(encoding="utf-8")
    except OSError as exc:
        raise EvalError(f"gold file {gold} names the article {name!r}, which cannot be read beside it: {exc}") from exc


def _one_object(raw: str) -> bool:
    try:
        json.loads(raw)
        return True
    except json.JSONDecodeError:
        return False


def fold_name(name: str | None) -> str:
    """Case, accents, curly apostrophes, spacing and a leading article do not count."""
    text = unicodedata.normalize("NFKD", (name or "").replace("’", "'")).encode("ascii", "ignore").decode()
    text = " ".join(text.lower().split())
    for article in ("the ", "a ", "an "):
        if text.startswith(article):
            text = text[len(article):]
    return text


def trim(text: str, start: int, end: int) -> Span:
    """The dev set's trim: the metric's edge punctuation (``saywho.spans``) plus ';' and ':'."""
    return spans.trim(text, (start, end), also=spans.CLAUSE_PUNCTUATION) or (start, start)


def jaccard(a: Span, b: Span) -> float:
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return shared / union if union else 0.0


def score_resolved(gold: Iterable[ResolvedGold], results: dict[str, Result | dict[str, Any]]) -> ResolvedScores:
    """Score ``results`` (by article id; Result or its JSON dict) against ``gold``."""
    scores = ResolvedScores()
    for article in gold:
        result = results.get(article.id)
        predicted = (result.to_dict() if isinstance(result, Result) else result or {}).get("attributions") or []
        _score_article(article, predicted, scores)
    return scores


def _cover(text: str, spans: list) -> Span:
    return trim(text, min(s for s, _ in spans), max(e for _, e in spans)) if spans else (0, 0)


def _score_article(article: ResolvedGold, predicted: list[dict[str, Any]], scores: ResolvedScores) -> None:
    text = article.text
    gold_spans = [_cover(text, q.get("content_spans") or [q["content_span"]]) for q in article.quotes]
    pred_spans = [_cover(text, (a.get("content") or {}).get("spans") or []) for a in predicted]
    optional = {i for i, q in enumerate(article.quotes) if q.get("optional")}
    pairs = sorted(((jaccard(g, p), i, j) for i, g in enumerate(gold_spans) for j, p in enumerate(pred_spans)), reverse=True)
    match: dict[int, int] = {}
    used: set[int] = set()
    for overlap, i, j in pairs:
        if overlap < MIN_JACCARD:
            break
        if i in match or j in used:
            continue
        match[i] = j
        used.add(j)
    scores.gold += len(gold_spans) - len(optional)
    scores.predicted += len(pred_spans) - sum(1 for i in match if i in optional)
    scores.matched += sum(1 for i in match if i not in optional)
    matched_optional = {match[i] for i in match if i in optional}
    matched_core = {match[i] for i in match if i not in optional}
    for j, record in enumerate(predicted):
        if j in matched_optional:
            continue  # neither a hit nor a false alarm
        counts = scores.by_kind.setdefault(record.get("kind") or "none", [0, 0])
        counts[0] += 1
        counts[1] += j in matched_core
    for i, quote in enumerate(article.quotes):
        if i in optional:
            continue
        context = _sentence(text, quote["content_span"])
        if i not in match:
            scores.errors.append({"article": article.id, "kind": "missed", "gold": quote.get("speaker"),
                                  "content": quote.get("content"), "sentence": context})
            continue
        record = predicted[match[i]]
        _compare(article, quote, record, predicted, match, scores, context)
    for j, record in enumerate(predicted):
        if j not in used:
            scores.errors.append({"article": article.id, "kind": "false alarm",
                                  "predicted": (record.get("speaker") or {}).get("name"),
                                  "content": (record.get("content") or {}).get("text"),
                                  "sentence": _sentence(text, _cover(text, (record.get("content") or {}).get("spans") or []))})


def _compare(article: ResolvedGold, quote: dict, record: dict, predicted: list[dict], match: dict[int, int],
             scores: ResolvedScores, context: str) -> None:
    speaker = record.get("speaker") or {}
    if fold_name(speaker.get("name")) == fold_name(quote.get("speaker")):
        scores.speaker += 1
    else:
        scores.errors.append({"article": article.id, "kind": "speaker", "predicted": speaker.get("name"),
                              "gold": quote.get("speaker"), "source": (record.get("source") or {}).get("text"),
                              "sentence": context})
    if (record.get("type") or "") == quote.get("type"):
        scores.type += 1
    gold_via = [fold_name(v) for v in quote.get("via") or []]
    pred_via = [fold_name(v.get("name")) for v in record.get("via") or []]
    if gold_via or pred_via:
        scores.via_pairs += 1
        if gold_via == pred_via:
            scores.via += 1
        else:
            scores.errors.append({"article": article.id, "kind": "via", "predicted": [v.get("name") for v in record.get("via") or []],
                                  "gold": quote.get("via"), "sentence": context})
    if quote.get("nested_in") is not None:
        scores.parent_pairs += 1
        parent = match.get(quote["nested_in"])
        scores.parent += parent is not None and record.get("parent") == predicted[parent].get("id")
    for name in ("role", "affiliation"):
        if quote.get(name):
            setattr(scores, f"{name}_pairs", getattr(scores, f"{name}_pairs") + 1)
            if fold_name(speaker.get(name)) == fold_name(quote.get(name)):
                setattr(scores, name, getattr(scores, name) + 1)
            else:
                scores.errors.append({"article": article.id, "kind": name, "predicted": speaker.get(name),
                                      "gold": quote[name], "speaker": speaker.get("name"), "sentence": context})


def _sentence(text: str, span: Span | list) -> str:
    start, end = span[0], span[1]
    left = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start) + 1, 0)
    right = min((i for i in (text.find("\n", end), text.find(". ", end)) if i >= 0), default=len(text))
    return text[left:right + 1].strip()[:600]


def evaluate_resolved(path: str | Path, *, options=None, limit: int | None = None) -> ResolvedScores:
    """Extract every gold article with saywho (``options``) and score the resolved records."""
    from ..articles import Article
    from ..articles import BatchError
    from ..extract import extract_many

    gold = load_resolved_gold(path)[:limit] if limit else load_resolved_gold(path)
    results: dict[str, Any] = {}
    for item in extract_many([Article(text=g.text, id=g.id) for g in gold], options=options):
        if not isinstance(item, BatchError):
            results[item.id] = item
    return score_resolved(gold, results)
