"""Combining semantic and lexical scores.

A plain average of raw scores lets whichever signal has the wider spread win (BM25
scores run 0..30, cosines 0..1), which is why a naive average did worse than MiniLM
alone in a published check. Reciprocal-rank fusion uses ranks only; z-score fusion
puts both on one scale first. `matcher/evaluation` measures both.
"""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["minmax", "moments", "ranks", "rrf", "scale", "top_k_indices", "zscore", "zscore_fusion"]

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

RRF_K = 60  # the constant from Cormack et al. (2009); flattens the head of each list


def ranks(scores: npt.ArrayLike) -> IntArray:
    """1-based rank of each entry when sorted by descending score (ties by index)."""
    s = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-s, kind="stable")
    out = np.empty(len(s), dtype=np.int64)
    out[order] = np.arange(1, len(s) + 1)
    return out


def rrf(
    score_lists: Sequence[npt.ArrayLike],
    *,
    k: int = RRF_K,
    weights: Sequence[float] | None = None,
    depth: int | None = None,
) -> FloatArray:
    """Weighted reciprocal-rank fusion: sum of w / (k + rank); beyond `depth` an entry adds 0."""
    if not score_lists:
        return np.zeros(0, dtype=np.float32)
    weights = weights or [1.0] * len(score_lists)
    total = np.zeros(len(np.asarray(score_lists[0])), dtype=np.float64)
    for w, scores in zip(weights, score_lists, strict=True):
        r = ranks(scores)
        contrib = w / (k + r)
        if depth is not None:
            contrib[r > depth] = 0.0
        total += contrib
    return total.astype(np.float32)


def minmax(scores: npt.ArrayLike) -> FloatArray:
    """Rescale to 0..1; a constant list becomes all zeros."""
    s = np.asarray(scores, dtype=np.float64)
    if s.size == 0:
        return s.astype(np.float32)
    lo, hi = float(s.min()), float(s.max())
    return ((s - lo) / (hi - lo) if hi > lo else np.zeros_like(s)).astype(np.float32)


def moments(scores: npt.ArrayLike, where: npt.ArrayLike | None = None) -> tuple[float, float]:
    """Mean and standard deviation of the entries `where` marks (all when None); (0, 0) when none are marked.

    Kept apart from `scale` so a caller can compute them over one set of items (a reference sample of the
    catalog) and apply them to another (the candidates a database query returned)."""
    s = np.asarray(scores, dtype=np.float64)
    base = s if where is None else s[np.asarray(where, dtype=bool)]
    if base.size == 0:
        return 0.0, 0.0
    return float(base.mean()), float(base.std())


def scale(scores: npt.ArrayLike, mean: float, sd: float) -> FloatArray:
    """(scores - mean) / sd; all zeros when sd is 0 (a constant signal carries no information)."""
    s = np.asarray(scores, dtype=np.float64)
    return ((s - mean) / sd if sd > 0 else np.zeros_like(s)).astype(np.float32)


def zscore(scores: npt.ArrayLike, where: npt.ArrayLike | None = None) -> FloatArray:
    """Center and scale to unit deviation; a constant list becomes all zeros.

    `where`: only these entries make up the statistics (the others are scaled alike, and ignored by callers)."""
    s = np.asarray(scores, dtype=np.float64)
    if s.size == 0:
        return s.astype(np.float32)
    return scale(s, *moments(s, where))


def zscore_fusion(score_lists: Sequence[npt.ArrayLike], *, weights: Sequence[float] | None = None) -> FloatArray:
    """Weighted sum of z-scored signals."""
    weights = weights or [1.0] * len(score_lists)
    parts = [w * zscore(s) for w, s in zip(weights, score_lists, strict=True)]
    return np.sum(parts, axis=0).astype(np.float32)


def top_k_indices(scores: npt.ArrayLike, k: int) -> IntArray:
    """Indexes of the k highest scores, best first (exact; argpartition then sort)."""
    s = np.asarray(scores)
    k = min(k, len(s))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-s, k - 1)[:k]
    return part[np.lexsort((part, -s[part]))].astype(np.int64)
