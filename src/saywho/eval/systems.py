"""Systems the harness can score: saywho itself and peers, all over one spaCy pass of the gold texts.

A system turns a parsed ``Doc`` into :class:`SpanAttribution` records. Each is registered by name
in :data:`SYSTEMS`; a peer whose package is missing is skipped with a message, not an error
(textacy comes with ``pip install 'saywho[compare]'``). Adding a peer is one function and one entry.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EvalError, SaywhoError
from ..options import ExtractOptions
from .gold import GoldArticle, Span, SpanAttribution, from_result

if TYPE_CHECKING:  # spaCy and the extractors load when a system runs, not for `saywho eval --help`
    from spacy.tokens import Doc, Token

Predictor = Callable[["Doc", GoldArticle], list[SpanAttribution]]


class SystemUnavailable(EvalError):
    """A registered system that cannot run here (its package is not installed)."""


@dataclass(frozen=True)
class System:
    """A named system: ``load(options)`` gives its predictor or raises SystemUnavailable."""

    name: str
    description: str
    load: Callable[[ExtractOptions], Predictor]


def _saywho(method: str | None) -> Callable[[ExtractOptions], Predictor]:
    def load(options: ExtractOptions) -> Predictor:
        from ..extract import extract_doc

        opts = options.updated(method=method) if method else options

        def predict(doc: Doc, article: GoldArticle) -> list[SpanAttribution]:
            return from_result(extract_doc(doc, id=article.id, options=opts))

        return predict

    return load


def _textacy(*, by_paragraph: bool) -> Callable[[ExtractOptions], Predictor]:
    def load(options: ExtractOptions) -> Predictor:
        try:
            triples = importlib.import_module("textacy.extract.triples")
        except ImportError as exc:
            raise SystemUnavailable(
                f"textacy is not installed ({exc}); install the peers with `pip install 'saywho[compare]'`"
            ) from None
        return lambda doc, article: list(_textacy_quotes(triples.direct_quotations, doc, by_paragraph=by_paragraph))

    return load


def _textacy_quotes(direct_quotations, doc: Doc, *, by_paragraph: bool = True) -> Iterator[SpanAttribution]:
    """textacy's direct quotations as character spans.

    textacy refuses a whole document with an odd number of quote marks ("safest to bail out").
    News articles often have one stray mark, so on refusal it is run paragraph by paragraph and
    only the refused paragraphs are lost: the fairest use of the method, documented in accuracy.md.
    ``by_paragraph=False`` keeps textacy's own behaviour (nothing from a refused article).
    """
    try:
        triples = list(direct_quotations(doc))
        yield from (_triple_record(t, 0) for t in triples)
        return
    except ValueError:
        if not by_paragraph:
            return
    for paragraph in _paragraphs(doc):
        try:
            triples = list(direct_quotations(paragraph.as_doc()))
        except ValueError:
            continue
        yield from (_triple_record(t, paragraph.start_char) for t in triples)


def _triple_record(triple, offset: int) -> SpanAttribution:
    content = triple.content
    return SpanAttribution(
        content=[(content.start_char + offset, content.end_char + offset)],
        source=_token_fragments(triple.speaker, offset),
        cue=_token_fragments(triple.cue, offset),
    )


def _token_fragments(tokens: list[Token], offset: int = 0) -> list[Span]:
    """Character spans of runs of adjacent tokens (textacy's speaker and cue are token lists)."""
    fragments: list[list[int]] = []
    last = None
    for token in sorted(tokens, key=lambda t: t.i):
        start, end = token.idx + offset, token.idx + len(token.text) + offset
        if fragments and last is not None and token.i == last + 1:
            fragments[-1][1] = end
        else:
            fragments.append([start, end])
        last = token.i
    return [(s, e) for s, e in fragments]


def _paragraphs(doc: Doc):
    """Spans of ``doc`` between tokens that hold a line break."""
    start = 0
    for token in doc:
        if "\n" in token.text:
            if token.i > start:
                yield doc[start:token.i]
            start = token.i + 1
    if start < len(doc):
        yield doc[start:]


SYSTEMS: dict[str, System] = {
    system.name: system
    for system in (
        System("saywho", "saywho as configured (--method, default hybrid)", _saywho(None)),
        System("saywho-rules", "saywho's rule extractor alone (method=rules)", _saywho("rules")),
        System("saywho-model", "saywho's trained model alone (method=model)", _saywho("model")),
        System("textacy", "textacy 0.13 extract.triples.direct_quotations on the same spaCy pipeline; "
               "paragraph by paragraph where it refuses a whole article", _textacy(by_paragraph=True)),
        System("textacy-strict", "textacy 0.13 direct_quotations on whole articles only, as textacy ships it",
               _textacy(by_paragraph=False)),
    )
}


@dataclass
class EvalRun:
    """Predictions of each system on each gold article, with the sentence bounds for error listings."""

    gold: list[GoldArticle]
    predictions: dict[str, dict[str, list[SpanAttribution]]]
    sentences: dict[str, list[Span]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # system -> why it did not run


def read_predictions(path: str | Path) -> dict[str, list[SpanAttribution]]:
    """Saved results in the JSON contract (``saywho extract --format jsonl``, or any tool that writes it).

    Error records (lines with ``error``) predict nothing for their article.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read predictions file {path}: {exc}") from exc
    predictions: dict[str, list[SpanAttribution]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            predictions[str(record["id"])] = [_contract_record(a) for a in record.get("attributions") or []]
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise EvalError(f"{path}:{number}: not a result of the JSON contract ({type(exc).__name__}: {exc}); "
                            "expected {\"id\", \"attributions\": [{\"content\": {\"spans\": ...}, ...}]}") from exc
    return predictions


def _contract_record(attribution: dict) -> SpanAttribution:
    def spans(part: dict | None) -> list[Span]:
        return [(int(s), int(e)) for s, e in (part or {}).get("spans", [])]

    speaker = attribution.get("speaker") or {}
    return SpanAttribution(content=spans(attribution["content"]), source=spans(attribution.get("source")),
                           cue=spans(attribution.get("cue")), speaker=speaker.get("name"))


def get_system(name: str) -> System:
    try:
        return SYSTEMS[name]
    except KeyError:
        raise EvalError(f"unknown system {name!r}; choose from {', '.join(SYSTEMS)}") from None


def run_systems(gold: list[GoldArticle], names: list[str], *, options: ExtractOptions | None = None) -> EvalRun:
    """Parse the gold texts once with spaCy and run every named system on each Doc."""
    options = options or ExtractOptions.defaults()
    run = EvalRun(gold=gold, predictions={})
    predictors: dict[str, Predictor] = {}
    for name in dict.fromkeys(names):  # keep order, drop repeats
        try:
            predictors[name] = get_system(name).load(options)
        except SystemUnavailable as exc:
            run.skipped[name] = str(exc)
    run.predictions = {name: {} for name in predictors}
    if not predictors:
        return run
    from ..nlp import load_pipeline

    nlp = load_pipeline(options.model)
    pairs = ((article.text, article) for article in gold)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=options.batch_size, n_process=options.n_process):
        run.sentences[article.id] = [(s.start_char, s.end_char) for s in doc.sents]
        for name in list(predictors):
            try:
                run.predictions[name][article.id] = predictors[name](doc, article)
            except SaywhoError as exc:  # e.g. the trained model is not installed: drop that system
                run.skipped[name] = str(exc)
                del predictors[name], run.predictions[name]
    return run
