"""Rendering scores: Rich tables for people, a Markdown report, JSON, and an error listing.

The error listing has one JSON line per miss or false alarm, each with the sentence(s) it sits in,
so that a person can read why: at the attribution level (with the nearest record on the other side
and what kept them apart) and per role (fragments unmatched even at overlap, and "boundary" errors
that overlap but are not exact).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import IO, Any

from rich.console import Console
from rich.table import Table

from .gold import ROLES, Span, SpanAttribution
from .metric import MIN_JACCARD, ArticleMatch, Scores, jaccard

LEVELS = (*ROLES, "attribution")
MAX_CONTEXT = 600  # characters of sentence context in an error record
TOP_CUES = 15  # rows of the most-missed-cues table in a report


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def scores_table(system: str, scores: Scores) -> Table:
    """Per role P/R/F1, exact and overlap, plus the attribution level, for one system."""
    table = Table(title=f"{system}: {scores.articles} articles", title_justify="left")
    table.add_column("level")
    for mode in ("exact", "overlap"):
        for measure in ("P", "R", "F1"):
            table.add_column(f"{mode} {measure}", justify="right")
    table.add_column("gold", justify="right")
    table.add_column("predicted", justify="right")
    for role in ROLES:
        exact, overlap = scores.roles[role].exact, scores.roles[role].overlap
        table.add_row(role, *(_pct(c) for c in (exact.precision, exact.recall, exact.f1,
                                                 overlap.precision, overlap.recall, overlap.f1)),
                      str(exact.gold), str(exact.predicted))
    a = scores.attribution
    table.add_row("attribution", "", "", "", _pct(a.precision), _pct(a.recall), _pct(a.f1), str(a.gold), str(a.predicted),
                  style="bold")
    return table


def breakdown_table(system: str, scores: Scores) -> Table:
    """Attribution-level scores by whether the content has quote marks, and speaker resolution."""
    table = Table(title=f"{system}: by quote marks in the content; speaker resolution", title_justify="left")
    for column in ("group", "P", "R", "F1", "gold", "predicted"):
        table.add_column(column, justify="left" if column == "group" else "right")
    for key, counts in scores.by_quotes.items():
        table.add_row(f"{key} content", _pct(counts.precision), _pct(counts.recall), _pct(counts.f1),
                      str(counts.gold), str(counts.predicted))
    speaker = scores.speaker
    if speaker.gold:
        table.add_row("speaker accuracy (found records)", "", "", _pct(speaker.accuracy),
                      f"{speaker.gold} resolved", f"{speaker.found} found")
    return table


def comparison_table(all_scores: dict[str, Scores]) -> Table:
    """Exact F1 per role and attribution F1, one row per system."""
    table = Table(title="exact F1 per role, attribution F1", title_justify="left")
    for column in ("system", "source", "cue", "content", "attribution"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for system, scores in all_scores.items():
        table.add_row(system, *(_pct(scores.f1(level)) for level in LEVELS))
    return table


def print_scores(all_scores: dict[str, Scores], console: Console) -> None:
    for system, scores in all_scores.items():
        console.print(scores_table(system, scores))
        console.print(breakdown_table(system, scores))
    if len(all_scores) > 1:
        console.print(comparison_table(all_scores))


def markdown_report(all_scores: dict[str, Scores], *, gold: str, command: str, stamp: str,
                    skipped: dict[str, str] | None = None,
                    matches: dict[str, list[ArticleMatch]] | None = None) -> str:
    """The comparison as Markdown: one summary table, then each system's detail.

    With ``matches``, each system's section also lists the cue words of its most frequent misses
    and false alarms: where a rule or feature is missing.
    """
    lines = [f"# Accuracy on `{gold}`", "", f"Measured {stamp} with:", "", "```", command, "```", "",
             "| system | source F1 (exact) | cue F1 (exact) | content F1 (exact) | attribution F1 |"
             " source F1 (overlap) | cue F1 (overlap) | content F1 (overlap) |",
             "|---|---|---|---|---|---|---|---|"]
    for system, scores in all_scores.items():
        exact = [_pct(scores.f1(level)) for level in LEVELS]
        overlap = [_pct(scores.f1(role, "overlap")) for role in ROLES]
        lines.append(f"| {system} | " + " | ".join(exact + overlap) + " |")
    for system, reason in (skipped or {}).items():
        lines.append(f"| {system} | skipped: {reason} |  |  |  |  |  |  |")
    for system, scores in all_scores.items():
        lines += ["", f"## {system}", "", "| level | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 | gold | predicted |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for role in ROLES:
            e, o = scores.roles[role].exact, scores.roles[role].overlap
            lines.append(f"| {role} | {_pct(e.precision)} | {_pct(e.recall)} | {_pct(e.f1)} | {_pct(o.precision)} | "
                         f"{_pct(o.recall)} | {_pct(o.f1)} | {e.gold} | {e.predicted} |")
        a = scores.attribution
        lines.append(f"| attribution |  |  |  | {_pct(a.precision)} | {_pct(a.recall)} | {_pct(a.f1)} | {a.gold} | {a.predicted} |")
        lines += ["", "| attribution level, by quote marks in the content | P | R | F1 | gold | predicted |", "|---|---|---|---|---|---|"]
        for key, c in scores.by_quotes.items():
            lines.append(f"| {key} | {_pct(c.precision)} | {_pct(c.recall)} | {_pct(c.f1)} | {c.gold} | {c.predicted} |")
        if scores.speaker.gold:
            s = scores.speaker
            lines += ["", f"Speaker resolution: {s.correct} of {s.found} found records name the gold speaker "
                      f"({_pct(s.accuracy)}%); {s.gold} gold records name one."]
        if matches and system in matches:
            lines += ["", *_cue_lines(matches[system])]
    return "\n".join(lines) + "\n"


def error_cues(matches: list[ArticleMatch]) -> tuple[Counter[str], Counter[str]]:
    """Cue words (lower-cased) of the missed gold records and of the false alarms."""
    missed: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    for match in matches:
        text = match.article.text
        for gold, found in zip(match.gold, match.gold_match):
            if found is None:
                missed[_cue_text(text, gold)] += 1
        for predicted, correct in zip(match.predicted, match.predicted_correct):
            if not correct:
                false_alarms[_cue_text(text, predicted)] += 1
    return missed, false_alarms


def _cue_lines(matches: list[ArticleMatch], top: int = TOP_CUES) -> list[str]:
    missed, false_alarms = error_cues(matches)
    lines = [f"| most missed gold cues (of {sum(missed.values())} missed records) | n |"
             f" most frequent false-alarm cues (of {sum(false_alarms.values())}) | n |", "|---|---|---|---|"]
    rows = zip(missed.most_common(top) + [("", "")] * top, false_alarms.most_common(top) + [("", "")] * top)
    for (cue, n), (fa_cue, fa_n) in list(rows)[:max(min(top, len(missed)), min(top, len(false_alarms)))]:
        lines.append(f"| {cue} | {n} | {fa_cue} | {fa_n} |")
    return lines


def _cue_text(text: str, record: SpanAttribution) -> str:
    return " … ".join(" ".join(text[s:e].lower().split()) for s, e in record.cue) or "(no cue)"


def scores_json(all_scores: dict[str, Scores], *, gold: str, skipped: dict[str, str]) -> dict[str, Any]:
    return {"gold": gold, "systems": {name: scores.to_dict() for name, scores in all_scores.items()},
            "skipped": skipped}


def error_records(system: str, match: ArticleMatch, sentences: list[Span]) -> Iterator[dict[str, Any]]:
    """Every miss and false alarm of one article, attribution level first, then per role."""
    text = match.article.text
    base = {"system": system, "article": match.article.id}
    for index, found in enumerate(match.gold_match):
        if found is None:
            gold = match.gold[index]
            nearest = _nearest(gold, match.predicted)
            yield {**base, "level": "attribution", "kind": "miss", "gold": _describe(text, gold),
                   "nearest_predicted": _describe(text, match.predicted[nearest]) if nearest is not None else None,
                   "why": _why(gold, match.predicted[nearest]) if nearest is not None else "nothing predicted near it",
                   "sentence": _context(text, sentences, _hull(gold))}
    for index, correct in enumerate(match.predicted_correct):
        if not correct:
            predicted = match.predicted[index]
            nearest = _nearest(predicted, match.gold)
            yield {**base, "level": "attribution", "kind": "false_alarm", "predicted": _describe(text, predicted),
                   "nearest_gold": _describe(text, match.gold[nearest]) if nearest is not None else None,
                   "why": _why(match.gold[nearest], predicted) if nearest is not None else "no gold attribution near it",
                   "sentence": _context(text, sentences, _hull(predicted))}
    for role, role_match in match.roles.items():
        paired = dict(role_match.overlap)
        paired_pred = {p for _, p in role_match.overlap}
        for span in role_match.gold:
            if span in role_match.exact:
                continue
            if span in paired:
                other = paired[span]
                yield {**base, "level": role, "kind": "boundary", "gold": _fragment(text, span),
                       "predicted": _fragment(text, other), "sentence": _context(text, sentences, span)}
            else:
                yield {**base, "level": role, "kind": "miss", "gold": _fragment(text, span),
                       "sentence": _context(text, sentences, span)}
        for span in role_match.predicted:
            if span not in role_match.exact and span not in paired_pred:
                yield {**base, "level": role, "kind": "false_alarm", "predicted": _fragment(text, span),
                       "sentence": _context(text, sentences, span)}


def write_errors(out: IO[str], records: Iterator[dict[str, Any]]) -> Counter[tuple[str, str, str]]:
    """Write the records as JSON lines; return how many there were per (system, level, kind)."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        counts[record["system"], record["level"], record["kind"]] += 1
    return counts


def error_summary_table(counts: Counter[tuple[str, str, str]]) -> Table:
    """How many misses, false alarms and boundary errors each system made at each level."""
    table = Table(title="errors written (attribution level; per role, fragments)", title_justify="left")
    kinds = ("miss", "false_alarm", "boundary")
    for column in ("system", "level", *kinds):
        table.add_column(column, justify="left" if column in ("system", "level") else "right")
    for system in dict.fromkeys(key[0] for key in counts):
        for level in ("attribution", *ROLES):
            table.add_row(system, level, *(str(counts[system, level, kind]) for kind in kinds))
    return table


def _fragment(text: str, span: Span) -> dict[str, Any]:
    return {"text": text[span[0]:span[1]], "span": list(span)}


def _describe(text: str, record: SpanAttribution) -> dict[str, Any]:
    def role(spans: list[Span]) -> dict[str, Any] | None:
        return {"text": " … ".join(text[s:e] for s, e in spans), "spans": [list(s) for s in spans]} if spans else None

    out = {"content": role(record.content), "source": role(record.source), "cue": role(record.cue)}
    if record.speaker:
        out["speaker"] = record.speaker
    return out


def _nearest(record: SpanAttribution, others: list[SpanAttribution]) -> int | None:
    """The record among ``others`` whose content overlaps ``record``'s most, if any overlaps at all."""
    scored = [(jaccard(record.content, other.content), -j) for j, other in enumerate(others)]
    best = max(scored, default=(0.0, 0))
    return -best[1] if best[0] > 0 else None


def _why(gold: SpanAttribution, predicted: SpanAttribution) -> str:
    score = jaccard(gold.content, predicted.content)
    if score < MIN_JACCARD:
        return f"content Jaccard {score:.2f} is below {MIN_JACCARD}"
    if not predicted.source:
        return "content matches but no source was predicted"
    return "content matches but the source does not overlap the gold source"


def _hull(record: SpanAttribution) -> Span:
    spans = record.content + record.source + record.cue
    return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else (0, 0)


def _context(text: str, sentences: list[Span], span: Span) -> str:
    """The sentences that ``span`` touches (the span itself when sentences are unknown), clipped."""
    inside = [(s, e) for s, e in sentences if s < span[1] and e > span[0]]
    start, end = (inside[0][0], inside[-1][1]) if inside else span
    context = " ".join(text[start:end].split())
    return context if len(context) <= MAX_CONTEXT else context[:MAX_CONTEXT] + " …"
