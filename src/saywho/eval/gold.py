"""Gold attributions to score against: PolNeAR JSONL and the seed format, read into one shape.

Both formats give character spans into the article text (Python ``str`` offsets, end-exclusive).
Scoring uses the *fragments* of each role (a content interrupted by "he said" has two), so each
role is a list of spans. ``speaker`` is set only where the gold resolves the speaker to an entity
(the seed does; PolNeAR's ``speaker`` is just the surface text of the source, so it is left out).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..records import Result

Span = tuple[int, int]
ROLES = ("source", "cue", "content")


@dataclass
class SpanAttribution:
    """One attribution as span fragments per role, the common currency of gold and predictions."""

    content: list[Span]
    source: list[Span]
    cue: list[Span]
    speaker: str | None = None

    def spans(self, role: str) -> list[Span]:
        """The fragments of ``role`` (source, cue or content)."""
        return getattr(self, role)


@dataclass
class GoldArticle:
    """An article of a gold file: its text and every attribution annotated in it."""

    id: str
    text: str
    attributions: list[SpanAttribution]
    meta: dict[str, Any] = field(default_factory=dict)


def load_gold(path: str | Path, split: str | None = None) -> list[GoldArticle]:
    """Read a gold file: PolNeAR-style JSONL (one article a line) or a seed-style ``gold.json``.

    ``split`` keeps only the JSONL articles whose ``split`` field equals it.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvalError(f"gold file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read gold file {path}: {exc}") from exc
    seed = _as_seed(raw)
    if seed is not None:
        articles = [_seed_article(seed, path)]
    else:
        articles = list(_jsonl_articles(raw, path))
    if split is not None:
        articles = [a for a in articles if a.meta.get("split") == split]
    if not articles:
        where = f" with split {split!r}" if split else ""
        raise EvalError(f"gold file {path} holds no articles{where}; expected PolNeAR JSONL or a seed gold.json")
    return articles


def from_result(result: Result) -> list[SpanAttribution]:
    """saywho's attributions for one article in the scorer's shape."""
    return [
        SpanAttribution(
            content=_tuples(a.content.spans),
            source=_tuples(a.source.spans) if a.source else [],
            cue=_tuples(a.cue.spans) if a.cue else [],
            speaker=a.speaker.name if a.speaker else None,
        )
        for a in result.attributions
    ]


def _tuples(spans) -> list[Span]:
    return [(int(s), int(e)) for s, e in spans]


def _as_seed(raw: str) -> dict[str, Any] | None:
    """The parsed document when ``raw`` is one JSON object in the seed format, else None."""
    if not raw.lstrip().startswith("{"):
        return None
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError:
        return None  # several JSON lines: JSONL
    return doc if isinstance(doc, dict) and "article" in doc and "quotes" in doc else None


def _seed_article(gold: dict[str, Any], path: Path) -> GoldArticle:
    article_path = path.parent / str(gold["article"])
    try:
        text = article_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvalError(f"the seed gold {path} names article {gold['article']!r}, which cannot be read: {exc}") from exc
    where = f"{path}"
    attributions = [_attribution(q, text, f"{where}: quote {n}", resolved=True)
                    for n, q in enumerate(_quotes(gold, where), start=1)]
    article_id = str(gold.get("id") or path.parent.name or article_path.stem)
    return GoldArticle(id=article_id, text=text, attributions=attributions, meta={"format": "seed"})


def _jsonl_articles(raw: str, path: Path):
    seen: set[str] = set()
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{where}: not valid JSON ({exc.msg}); a gold file has one article object a line") from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or "id" not in record:
            raise EvalError(f"{where}: an article needs an 'id' and a 'text' string")
        article_id = str(record["id"])
        if article_id in seen:
            raise EvalError(f"{where}: article id {article_id!r} appears twice; ids must be unique")
        seen.add(article_id)
        text = record["text"]
        attributions = [_attribution(q, text, f"{where}: quote {n}", resolved=False)
                        for n, q in enumerate(_quotes(record, where), start=1)]
        meta = dict(record.get("meta") or {})
        if "split" in record:
            meta["split"] = record["split"]
        yield GoldArticle(id=article_id, text=text, attributions=attributions, meta=meta)


def _quotes(record: dict[str, Any], where: str) -> list[dict[str, Any]]:
    quotes = record.get("quotes", [])
    if not isinstance(quotes, list) or not all(isinstance(q, dict) for q in quotes):
        raise EvalError(f"{where}: 'quotes' must be a list of objects")
    return quotes


def _attribution(quote: dict[str, Any], text: str, where: str, *, resolved: bool) -> SpanAttribution:
    content = _fragments(quote, "content", text, where)
    if not content:
        raise EvalError(f"{where}: an attribution needs a content span (content_spans or content_span)")
    speaker = quote.get("speaker") if resolved else None
    return SpanAttribution(
        content=content,
        source=_fragments(quote, "speaker", text, where),
        cue=_fragments(quote, "cue", text, where),
        speaker=speaker if isinstance(speaker, str) and speaker.strip() else None,
    )


def _fragments(quote: dict[str, Any], name: str, text: str, where: str) -> list[Span]:
    """``NAME_spans`` (the fragments) where present, else the single ``NAME_span``; checked against ``text``."""
    spans = quote.get(f"{name}_spans")
    if spans is None:
        single = quote.get(f"{name}_span")
        spans = [single] if single else []
    fragments = []
    for span in spans:
        if not (isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(x, int) for x in span)):
            raise EvalError(f"{where}: {name} span {span!r} is not a [start, end] pair of integers")
        start, end = span
        if not 0 <= start <= end <= len(text):
            raise EvalError(f"{where}: {name} span {span!r} lies outside the text (0-{len(text)}) or ends before it starts")
        if start < end:  # an empty fragment marks nothing
            fragments.append((start, end))
    return fragments
