"""Tune the relevance weights of `reranker.DEFAULT_WEIGHTS` on the training side of the evaluation suite.

Training side only (matcher/split_rule.py): the training-side twins of sets 1-3 (`build_sets(...,
training=True)`: queries from SOC codes ending in an even digit and ESCO UUIDs beginning 0-7) and, of set 4,
only the caseworker profiles whose grade-2 occupations are ALL training ones (set 4 has no twin; its catalog
is rebuilt from those profiles alone). `tuning_queries` refuses a query whose origin is a reserved
occupation, so a reserved query can never reach the search.

Method: the feature stage of `ranking.rank` does not depend on the weights, so it runs once per query
(`ranking.pooled_features`, the same pool the suite ranks); each candidate weighting then costs one matrix
product and the diversity step per query. A coordinate search over a small grid maximizes the mean over
sets of each set's mean nDCG@10 (every set counts the same however many queries it has). Job-quality
weights stay as they are: the suite's postings carry no pay or schedule, so it cannot judge them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from matcher.evaluation.caseworker_set import JudgedProfile, build_caseworker_set, read_judged_profiles
from matcher.evaluation.eval_set import EvalSet
from matcher.features import FEATURE_NAMES, profile_text
from matcher.ranking import ordered, pooled_features
from matcher.split_rule import SplitRuleError, is_training_esco, is_training_soc
from matcher.types import TaxonomyLike

__all__ = [
    "GRID",
    "TUNED",
    "TuningQuery",
    "TuningResult",
    "evaluate_weights",
    "is_training_origin",
    "training_caseworker_profiles",
    "training_sets",
    "tune_weights",
    "tuning_queries",
]

# The relevance weights searched; the rest of DEFAULT_WEIGHTS is kept as it is.
TUNED: tuple[str, ...] = (
    "semantic",
    "semantic_parts",
    "lexical",
    "occupation_support",
    "skill_coverage",
    "title_overlap",
)
GRID: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
DEPTH = 100  # what the suite ranks per query (matcher.evaluation.run.DEPTH): the same pool size
CUTOFF = 10
TRAINING_SETS = ("onet", "esco", "titles")  # the sets with a training-side twin
CASEWORKER_TRAINING = "caseworker-training"


def is_training_origin(code: str) -> bool:
    """True for an origin code ("soc:35-2014", "esco:<uuid>") on the training side of the split rule."""
    kind, _, value = code.partition(":")
    if kind == "soc":
        return is_training_soc(value)
    if kind == "esco":
        return is_training_esco(value)
    raise SplitRuleError(f"Unknown origin code {code!r}")


def training_caseworker_profiles(profiles: Sequence[JudgedProfile]) -> list[JudgedProfile]:
    """Caseworker profiles whose grade-2 occupations are all training ones (mixed and reserved ones dropped)."""
    return [p for p in profiles if p.grade2 and all(is_training_soc(c) for c in p.grade2)]


def training_sets(
    *,
    occupations: Any = None,
    esco: Any = None,
    taxonomy: TaxonomyLike | None = None,
    n_queries: int = 300,
    seed: int = 2026,
    caseworker: bool = True,
    profiles: Sequence[JudgedProfile] | None = None,
) -> list[EvalSet]:
    """The training-side twins of sets 1-3, and set 4 cut down to its training profiles."""
    from matcher.evaluation.run import _sources, build_sets

    names = list(TRAINING_SETS) + (["caseworker"] if caseworker else [])
    occupations, esco = _sources(names, occupations, esco)
    out = build_sets(
        TRAINING_SETS,
        occupations=occupations,
        esco=esco,
        taxonomy=taxonomy,
        n_queries=n_queries,
        seed=seed,
        training=True,
    )
    if caseworker:
        kept = training_caseworker_profiles(read_judged_profiles() if profiles is None else profiles)
        es = build_caseworker_set(occupations, taxonomy, profiles=kept, seed=seed)
        out.append(
            EvalSet(
                name=CASEWORKER_TRAINING,
                docs=es.docs,
                queries=es.queries,
                qrels=es.qrels,
                origin=es.origin,
                description=f"caseworker profiles with training grade-2 occupations only; {len(es.queries)} queries",
            )
        )
    return out


@dataclass(frozen=True)
class TuningQuery:
    """One training query's pooled candidates, ready to be re-scored under any weighting."""

    set_name: str
    qid: str
    origin: tuple[str, ...]
    pooled: Any  # ranking.PooledFeatures
    gains: npt.NDArray[np.float64]  # the source's grade of each pooled item (0 unjudged)
    ideal_dcg: float  # DCG@10 of the best possible order over ALL judged documents, pooled or not
    profile_tokens: int


def _dcg(gains: npt.NDArray[np.float64]) -> float:
    g = gains[:CUTOFF]
    return float(np.sum(g / np.log2(np.arange(2, len(g) + 2))))


def tuning_queries(
    es: EvalSet,
    doc_vecs: npt.NDArray[np.float32],
    query_vecs: Mapping[str, npt.NDArray[np.float32]],
    bm25_scores: Mapping[str, npt.NDArray[np.float32]],
    taxonomy: TaxonomyLike | None,
) -> list[TuningQuery]:
    """Pool and featurize every judged query of a training-side set; a reserved origin is an error."""
    from matcher.lexical import tokenize

    out = []
    for q in es.queries:
        origin = es.origin[q.id]
        if not origin or not all(is_training_origin(c) for c in origin):
            raise SplitRuleError(f"Query {q.id} of {es.name} comes from a reserved occupation; tuning refuses it")
        judged = {d: g for d, g in es.qrels.get(q.id, {}).items() if g > 0}
        if not judged:
            continue
        pooled = pooled_features(
            q,
            es.docs,
            profile_vec=query_vecs[q.id],
            cand_vecs=doc_vecs,
            lexical_scores=bm25_scores[q.id],
            taxonomy=taxonomy,
            top_k=DEPTH,
        )
        if pooled is None:
            continue
        gains = np.asarray([float(judged.get(c.source_id, 0)) for c in pooled.items])
        ideal = _dcg(np.asarray(sorted(judged.values(), reverse=True), dtype=np.float64))
        tokens = len(tokenize(profile_text(q, taxonomy)))
        out.append(TuningQuery(es.name, q.id, origin, pooled, gains, ideal, tokens))
    return out


def _vector(weights: Mapping[str, float]) -> npt.NDArray[np.float64]:
    return np.asarray([weights.get(n, 0.0) for n in FEATURE_NAMES], dtype=np.float64)


def query_ndcg(q: TuningQuery, w: npt.NDArray[np.float64]) -> float:
    """nDCG@10 of one query under a weight vector (in FEATURE_NAMES order), diversity step included."""
    scores = np.asarray(q.pooled.X, dtype=np.float64) @ w
    order = ordered(q.pooled, scores)[:CUTOFF]
    return _dcg(q.gains[order]) / q.ideal_dcg if q.ideal_dcg else 0.0


def evaluate_weights(queries: Sequence[TuningQuery], weights: Mapping[str, float]) -> dict[str, float]:
    """Mean nDCG@10 per set, and "mean" (their unweighted mean: the search objective)."""
    w = _vector(weights)
    per_set: dict[str, list[float]] = {}
    for q in queries:
        per_set.setdefault(q.set_name, []).append(query_ndcg(q, w))
    out = {name: float(np.mean(v)) for name, v in per_set.items()}
    out["mean"] = float(np.mean(list(out.values()))) if out else 0.0
    return out


@dataclass
class TuningResult:
    weights: dict[str, float]
    before: dict[str, float]
    after: dict[str, float]
    steps: list[str] = field(default_factory=list)


def tune_weights(
    queries: Sequence[TuningQuery],
    start: Mapping[str, float],
    *,
    names: Sequence[str] = TUNED,
    grid: Sequence[float] = GRID,
    rounds: int = 3,
    log: Callable[[str], None] = print,
) -> TuningResult:
    """Coordinate search: set each tuned weight in turn to the grid value with the best objective, keeping the
    current value on a tie (so a weight moves only when the training side says it helps); stop after a round
    with no change."""
    if not queries:
        raise ValueError("No training queries to tune on.")
    unknown = [n for n in names if n not in FEATURE_NAMES]
    if unknown:
        raise ValueError(f"Unknown feature names to tune: {', '.join(unknown)}")
    weights = dict(start)
    before = evaluate_weights(queries, weights)
    best = before["mean"]
    steps = [f"start: mean nDCG@10 {best:.4f}"]
    log(steps[-1])
    for r in range(1, rounds + 1):
        changed = False
        for name in names:
            current = weights.get(name, 0.0)
            for value in grid:
                if value == current:
                    continue
                trial = evaluate_weights(queries, {**weights, name: value})["mean"]
                if trial > best + 1e-6:
                    best, weights[name], changed = trial, value, True
            if weights.get(name, 0.0) != current:
                steps.append(f"round {r}: {name} {current:g} -> {weights[name]:g}: mean nDCG@10 {best:.4f}")
                log(steps[-1])
        if not changed:
            break
    return TuningResult(weights, before, evaluate_weights(queries, weights), steps)
