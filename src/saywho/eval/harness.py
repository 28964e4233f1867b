"""``evaluate``: load a gold file, run systems over it, score them; the CLI and the gate call this."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..options import ExtractOptions
from .gold import GoldArticle, load_gold
from .metric import ArticleMatch, Scores, match_article
from .report import error_records
from .systems import EvalRun, read_predictions, run_systems


@dataclass
class Evaluation:
    """What one evaluation found: per system, the article matches and the corpus scores."""

    gold_path: Path
    gold: list[GoldArticle]
    run: EvalRun
    matches: dict[str, list[ArticleMatch]] = field(default_factory=dict)
    scores: dict[str, Scores] = field(default_factory=dict)

    @property
    def skipped(self) -> dict[str, str]:
        return self.run.skipped

    def errors(self) -> Iterator[dict[str, Any]]:
        """Every miss and false alarm of every system, article by article."""
        for system, matches in self.matches.items():
            for match in matches:
                yield from error_records(system, match, self.run.sentences.get(match.article.id, []))


def evaluate(gold: str | Path, *, systems: list[str] | tuple[str, ...] = ("saywho",), split: str | None = None,
             options: ExtractOptions | None = None, limit: int | None = None,
             predictions: list[str | Path] | tuple[str | Path, ...] = ()) -> Evaluation:
    """Score each of ``systems`` on the gold file ``gold`` (its first ``limit`` articles, if given).

    ``predictions`` adds saved result files (the JSON contract), each scored as a system named
    after the file; an article missing from a file counts as predicting nothing.
    """
    articles = load_gold(gold, split=split)
    if limit is not None:
        articles = articles[:limit]
    run = run_systems(articles, list(systems), options=options)
    wanted = {article.id for article in articles}
    for path in predictions:
        name = Path(path).stem
        if name in run.predictions:
            raise EvalError(f"predictions file {path} would be scored as {name!r}, which is already a system; rename it")
        saved = read_predictions(path)
        if saved and not wanted & set(saved):
            raise EvalError(f"none of the {len(saved)} article ids in {path} is in the gold file {gold}")
        run.predictions[name] = {id: records for id, records in saved.items() if id in wanted}
    evaluation = Evaluation(gold_path=Path(gold), gold=articles, run=run)
    for system, predictions in run.predictions.items():
        matches = [match_article(article, predictions.get(article.id, [])) for article in articles]
        evaluation.matches[system] = matches
        total = Scores()
        for match in matches:
            total = total + match.scores()
        evaluation.scores[system] = total
    return evaluation
