"""The extract stage: one article in, every attribution, entity and quantity out.

Each module here is a pure function from a parsed spaCy ``Doc`` to records with character
offsets (no I/O): ``attributions`` (quotes, cues, sources, contents, speakers, via, nesting),
``entities`` (canonical entities and their mentions), ``quantities`` (figures as intervals).
This module only runs them in order and links their records together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from ..articles import Article, BatchError, check_article, check_text
from ..errors import InputError, SaywhoError
from ..nlp import DOC_TEXT_KEY, doc_text, load_pipeline
from ..normalize import normal_form, restore
from ..options import ExtractOptions
from ..records import Attribution, Entity, Quantity, Result
from .attributions import find_attributions
from .cues import attribution_kind, is_reported_speech
from .via import outlet_links
from .conventions import apply_polnear_spans
from .entities import find_entities
from .methods import combine_with_model
from .quantities import find_quantities
from .speakers import resolve_unresolved

__all__ = ["extract", "extract_doc", "extract_many", "BatchError"]

# Articles per task handed to a worker process when ``n_process`` > 1.
POOL_TASK_ARTICLES = 8


def extract(text: str | bytes, *, id: str | None = None, options: ExtractOptions | None = None, **meta) -> Result:
    """Every attribution in one article's ``text``; ``meta`` (title, url, outlet, published) is kept."""
    options = options or ExtractOptions.defaults()
    text = check_text(text, max_chars=options.max_chars, source=f"article {id!r}" if id else "article")
    normal = normal_form(text)  # extraction sees the normal form; spans are mapped back to ``text``
    doc = load_pipeline(options.model)(normal.text)
    doc.user_data[DOC_TEXT_KEY] = normal.text
    return restore(extract_doc(doc, id=id or "1", options=options, meta=meta), normal)


def extract_doc(doc: Doc, *, id: str, options: ExtractOptions | None = None, meta: dict | None = None) -> Result:
    """Run the extractors over an already parsed ``doc``."""
    options = options or ExtractOptions.defaults()
    entities = find_entities(doc) if options.entities else []
    # "hybrid", "model" and "neural" bring in a trained model (extract.methods, docs/model.md); "rules" skips it.
    attributions = combine_with_model(doc, find_attributions(doc, entities, options=options), options=options)
    # What a reader tracking quotes counts: never a negated cue ("did not say"); of the model's
    # additions in hybrid mode, only those with a source. PolNeAR's span style takes its
    # annotators' scope instead: sourceless records, negated cues and deeds too.
    polnear = options.span_style == "polnear"
    sourceless = polnear or options.method != "hybrid"
    attributions = [a for a in attributions
                    if is_reported_speech(doc, a, sourceless=sourceless or a.method != "model", polnear=polnear)]
    unmatched = [a for a in attributions if a.speaker is None and a.method != "rules"]  # no rule record matched
    resolve_unresolved(doc, attributions, entities)
    _link_model_outlets(doc, unmatched)
    for attribution in attributions:
        attribution.kind = attribution_kind(doc, attribution)
    if options.span_style == "polnear":
        apply_polnear_spans(attributions, doc_text(doc))
    quantities = find_quantities(doc) if options.quantities else []
    _link_quantities(attributions, quantities)
    _link_outlets(attributions, entities)
    return Result(id=id, attributions=attributions, entities=entities, quantities=quantities,
                  meta={k: v for k, v in (meta or {}).items() if v is not None})


def _link_model_outlets(doc: Doc, attributions: list[Attribution]) -> None:
    """The outlet chain of a trained model's record that no rule record matched, by the rules'
    reading of its cue ("noted … on Twitter", "in a Facebook post, called it …"): the model tags
    spans, not links."""
    for attribution in attributions:
        if attribution.via or attribution.cue is None:
            continue
        start, end = attribution.cue.spans[0]
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            attribution.via = outlet_links(span.root)


def extract_many(articles: Iterable[Article], *, options: ExtractOptions | None = None) -> Iterator[Result | BatchError]:
    """Results in input order; an article that cannot be processed yields a BatchError instead.

    With ``options.n_process`` > 1, batches go to that many worker processes, each running the
    whole extraction (see ``saywho.extract.pool``).
    """
    options = options or ExtractOptions.defaults()
    if options.n_process > 1:
        yield from _extract_in_pool(articles, options)
        return
    nlp = load_pipeline(options.model)
    checked = _checked(articles, options)
    texts = (_normal(item) if isinstance(item, Article) else ("", (item, None)) for item in checked)
    # Bad articles travel through nlp.pipe as empty texts so that order is kept without buffering.
    for doc, (item, normal) in nlp.pipe(texts, as_tuples=True, batch_size=options.batch_size):
        if isinstance(item, BatchError):
            yield item
            continue
        doc.user_data[DOC_TEXT_KEY] = normal.text  # saves re-joining the tokens (see nlp.doc_text)
        try:
            yield restore(extract_doc(doc, id=item.id, options=options, meta=item.meta()), normal)
        except SaywhoError as exc:
            yield BatchError(item.id, exc)


def _normal(article: Article) -> tuple[str, tuple]:
    """Extraction runs on the text's normal form; its spans are mapped back to the text as given."""
    normal = normal_form(article.text)
    return normal.text, (article, normal)


def _extract_in_pool(articles: Iterable[Article], options: ExtractOptions) -> Iterator[Result | BatchError]:
    from .pool import extract_articles

    # Texts are checked in the workers (extract_many there), so only ids are given here. Small
    # tasks keep every worker busy to the end: with 32 articles a task, 150 articles leave one
    # worker alone on the last 22 (nlp.pipe is no slower on 8 articles at a time).
    batches = _batched(_with_ids(articles), min(options.batch_size, POOL_TASK_ARTICLES))
    for batch in extract_articles(batches, workers=options.n_process, options=options):
        for _, result in batch:
            yield result


def _batched(items: Iterator[Article | BatchError], size: int) -> Iterator[list]:
    """Lists of up to ``size`` articles; a bad article is passed on as-is in its place."""
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _with_ids(articles: Iterable[Article | BatchError]) -> Iterator[Article | BatchError]:
    """Articles without an id get their position in the input (1-based)."""
    for number, article in enumerate(articles, start=1):
        if isinstance(article, Article):
            article.id = article.id or str(number)
        yield article


def _checked(articles: Iterable[Article | BatchError], options: ExtractOptions) -> Iterator[Article | BatchError]:
    for article in _with_ids(articles):
        if isinstance(article, BatchError):
            yield article
            continue
        try:
            article = check_article(article, max_chars=options.max_chars)
        except InputError as exc:
            yield BatchError(article.id, exc)
            continue
        yield article


def _link_quantities(attributions: list[Attribution], quantities: list[Quantity]) -> None:
    """An attribution carries the quantities whose spans lie inside its content."""
    for attribution in attributions:
        inside = [q.id for q in quantities
                  if any(s <= qs and qe <= e for qs, qe in q.spans for s, e in attribution.content.spans)]
        attribution.quantities = inside


def _link_outlets(attributions: list[Attribution], entities: list[Entity]) -> None:
    """Point each ``via`` link at the canonical entity of its outlet, where there is one."""
    for attribution in attributions:
        for link in attribution.via:
            for entity in entities:
                if any(s <= vs and ve <= e or vs <= s and e <= ve for vs, ve in link.spans for s, e in entity.mentions):
                    link.entity = entity.id  # the name stays as the article gives it
                    break
