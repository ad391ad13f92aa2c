"""Learned fusion (issue 13, step 4): logistic regression on the matcher's own per-candidate features.

Fit on TRAINING occupations only: the training-side twins of sets 1-3 (the same construction, queries
from SOC codes ending in an even digit and ESCO UUIDs beginning 0-7, the same catalogs). For every
training query, each of its ROWS_PER_QUERY best candidates under the default weighting is one row (the
features of `matcher.features.FEATURE_NAMES`), labelled 1 when the source judges it relevant. The model is the
re-ranker's own `DecisionReranker` (standardized, class-balanced logistic regression), so a fitted
fusion plugs into `ranking.rank(model=...)` unchanged. It is evaluated on the reserved sets against
the weighted z-score sums of `DEFAULT_WEIGHTS`; nothing here changes the shipped ranking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from matcher.evaluation.eval_set import EvalSet
from matcher.features import FEATURE_NAMES
from matcher.ranking import rank
from matcher.reranker import DecisionReranker
from matcher.types import TaxonomyLike

__all__ = ["FusionRows", "fit_fusion", "fusion_rows"]

# Rows per training query: the best candidates under the default weighting, about the size of the
# pool the fusion reorders when the suite ranks 100 items (rank pools 3x top_k; a larger top_k would
# grow the pool toward the whole catalog and drown the rows in easy negatives).
ROWS_PER_QUERY = 300


@dataclass
class FusionRows:
    """Training rows with the query and occupation codes each row came from (for the split-rule test)."""

    X: list[list[float]] = field(default_factory=list)
    y: list[int] = field(default_factory=list)
    query: list[str] = field(default_factory=list)
    origin: list[tuple[str, ...]] = field(default_factory=list)

    def extend(self, other: FusionRows) -> None:
        self.X += other.X
        self.y += other.y
        self.query += other.query
        self.origin += other.origin


def fusion_rows(
    es: EvalSet,
    doc_vecs: npt.NDArray[np.float32],
    query_vecs: Mapping[str, npt.NDArray[np.float32]],
    bm25_scores: Mapping[str, npt.NDArray[np.float32]],
    taxonomy: TaxonomyLike | None,
) -> FusionRows:
    """One row per pooled candidate of each query of a (training-side) set."""
    rows = FusionRows()
    for q in es.queries:
        relevant = es.qrels.get(q.id, {})
        matches = rank(
            q,
            es.docs,
            profile_vec=query_vecs[q.id],
            cand_vecs=doc_vecs,
            lexical_scores=bm25_scores[q.id],
            taxonomy=taxonomy,
            top_k=ROWS_PER_QUERY,
            with_explanations=False,
            diversity=False,
        )
        for m in matches:
            rows.X.append([m.features[n] for n in FEATURE_NAMES])
            rows.y.append(1 if relevant.get(m.candidate.source_id, 0) > 0 else 0)
            rows.query.append(q.id)
            rows.origin.append(es.origin[q.id])
    return rows


def fit_fusion(rows: FusionRows, *, C: float = 1.0) -> DecisionReranker:
    """Fit the fusion; each query weighs the same however many candidates it pooled."""
    if len(set(rows.y)) < 2:
        raise ValueError("The training queries pooled no relevant (or no irrelevant) candidate; nothing to learn.")
    counts: dict[str, int] = {}
    for q in rows.query:
        counts[q] = counts.get(q, 0) + 1
    weight = np.asarray([1.0 / counts[q] for q in rows.query])
    return DecisionReranker(C=C).fit(np.asarray(rows.X), np.asarray(rows.y), sample_weight=weight * len(counts))
