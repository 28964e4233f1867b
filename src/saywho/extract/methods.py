"""The method switch: the rules' attributions alone, or combined with the trained model's
(ExtractOptions.method "rules", "hybrid", "model" (the CRF) or "neural" (the encoder tagger)).

The two paths are matched record by record: a model record and a rule record are the same
attribution when their cue spans overlap, or failing a cue, when their contents overlap by half
(character Jaccard). Then:

- ``"hybrid"`` (the default): a rule record stands as it is (method "rules": it can explain
  itself); the model adds the attributions the rules missed (method "model"), except outlets
  that the rules already hold as a ``via`` link and one-word contents.
- ``"model"``: every model record, enriched with what only the rules know (resolved speaker,
  outlet chain, nesting, direct/indirect type) when a rule record matches it, plus the rule
  records that match no model record. This mode has the best span scores on PolNeAR
  (docs/model.md); "hybrid" the best attribution-level score.
- ``"neural"``: as ``"model"``, with the neural tagger's records (method "neural") in place of
  the CRF's.

When no trained model is installed both fall back to the rules.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from ..model import predict_attributions, predict_neural
from ..options import ExtractOptions
from ..records import Attribution, Span

MIN_CONTENT_JACCARD = 0.5
MIN_ADDED_WORDS = 2


def _overlap(a: list[Span], b: list[Span]) -> int:
    return sum(max(0, min(ae, be) - max(as_, bs)) for as_, ae in a for bs, be in b)


def _jaccard(a: list[Span], b: list[Span]) -> float:
    shared = _overlap(a, b)
    total = sum(e - s for s, e in a) + sum(e - s for s, e in b) - shared
    return shared / total if total > 0 else 0.0


def same_attribution(model: Attribution, rule: Attribution) -> bool:
    """Whether two records describe one attribution: overlapping cues, else contents sharing half
    their characters, or (a cue-less model record) a content lying mostly inside the rule's, as
    one paragraph of a quote that runs over two."""
    if model.cue is not None and rule.cue is not None:
        return _overlap(model.cue.spans, rule.cue.spans) > 0
    if _jaccard(model.content.spans, rule.content.spans) >= MIN_CONTENT_JACCARD:
        return True
    own = sum(e - s for s, e in model.content.spans)
    return model.cue is None and own > 0 and _overlap(model.content.spans, rule.content.spans) >= own / 2


def worth_adding(model: Attribution, rules: list[Attribution]) -> bool:
    """Whether "hybrid" adds a model record the rules did not find: not an outlet the rules hold
    as a ``via`` link, and a content of at least two words ("said nothing" is no claim)."""
    return (len(model.content.text.split()) >= MIN_ADDED_WORDS and not _is_via_link(model, rules)
            and not any(_claimed_by(model, rule) for rule in rules))


def _claimed_by(model: Attribution, rule: Attribution) -> bool:
    """Whether a rule record gives the model's words to another cue: the two contents are the same
    words ("Readers wrote in. “…” ― Jane Roe"), and the model's cue stands outside the rule's
    content (a cue inside is a report nested in the quote, a record of its own)."""
    if model.cue is None or rule.cue is None:
        return False
    inside = any(s <= model.cue.spans[0][0] < e for s, e in rule.content.spans)
    return not inside and _jaccard(model.content.spans, rule.content.spans) >= MIN_CONTENT_JACCARD


def merge(rules: list[Attribution], model: list[Attribution], *, prefer: str = "model",
          keep_unmatched_rules: bool = True) -> list[Attribution]:
    """One list of records from both paths, in text order of content, ids a1, a2, ...

    ``prefer="rules"``: every rule record, plus the model records that no rule record matches
    (and that are ``worth_adding``). ``prefer="model"``: every model record, enriched from the
    first rule record that matches it, plus (``keep_unmatched_rules``) the unmatched rule records.
    """
    merged: list[tuple[Attribution, str | None]] = []  # each record with the rule id it stands for
    used: set[int] = set()
    for record in model:
        match = next((k for k, rule in enumerate(rules) if same_attribution(record, rule)), None)
        if prefer == "rules":
            if match is None and worth_adding(record, rules):
                merged.append((record, None))
            continue
        if match is None:
            merged.append((record, None))
            continue
        rule = rules[match]
        merged.append((_enriched(record, rule), None if match in used else rule.id))
        used.add(match)
    if prefer == "rules":
        merged += [(rule, rule.id) for rule in rules]
    elif keep_unmatched_rules:
        merged += [(rule, rule.id) for k, rule in enumerate(rules) if k not in used]
    return _renumbered(merged)


def _is_via_link(model: Attribution, rules: list[Attribution]) -> bool:
    """Whether the model's record is an outlet the rules already hold as a ``via`` link of a record
    ("..., says Griffiths, according to RFE/RL"): PolNeAR counts it as an attribution of its own,
    the rules as the chain through which the claim reached the reader."""
    if model.source is None:
        return False
    return any(_overlap(model.source.spans, link.spans) > 0 for rule in rules for link in rule.via)


def _enriched(model: Attribution, rule: Attribution) -> Attribution:
    """The model's spans with what only the rules know: speaker, outlets, nesting, type."""
    return replace(model, type=rule.type, speaker=rule.speaker, via=list(rule.via), parent=rule.parent,
                   quantities=list(rule.quantities))


def _renumbered(merged: list[tuple[Attribution, str | None]]) -> list[Attribution]:
    """Ids a1, a2, ... in text order; a parent (a rule id) follows its record to the new id."""
    merged.sort(key=lambda pair: (pair[0].content.spans[0][0], pair[0].content.spans[0][1]))
    new_ids = {old: f"a{number}" for number, (_, old) in enumerate(merged, start=1) if old}
    return [replace(record, id=f"a{number}", parent=new_ids.get(record.parent) if record.parent else None)
            for number, (record, _) in enumerate(merged, start=1)]


def combine_with_model(doc: Doc, rules: list[Attribution], *, options: ExtractOptions) -> list[Attribution]:
    """The attributions of ``options.method`` ("hybrid", "model" or "neural") from the rules' and a model's."""
    if options.method == "rules":
        return rules
    if options.method == "neural":
        predicted = predict_neural(doc)
    else:
        predicted = predict_attributions(doc, options=options)
    if predicted is None:
        return rules
    if options.method in ("model", "neural"):
        return merge(rules, predicted, prefer="model", keep_unmatched_rules=True)
    return merge(rules, predicted, prefer="rules", keep_unmatched_rules=True)
