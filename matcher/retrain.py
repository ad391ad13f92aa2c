"""Retrain the re-ranker from stored decisions; promote only a model that wins on held-out decisions."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from matcher.model_store import current_model, promote
from matcher.reranker import Decision, PromotionReport, train_and_maybe_promote


def retrain(verdicts: Sequence[tuple[Any, ...]], rankers_dir: Path) -> PromotionReport:
    """Train a candidate on stored verdicts; write and point CURRENT at it only if promoted.

    Each verdict is (pseudonym, features, approved?, reason) as `latest_verdicts` gives it, or with the
    person's answer and the outcome stages after it as `graded_verdicts` does (then graded labels)."""
    decisions = [Decision.from_stored(*v) for v in verdicts]
    model, report = train_and_maybe_promote(decisions, current_model(rankers_dir))
    if report.promoted:
        promote(model, rankers_dir)  # type: ignore[arg-type]
    return report
