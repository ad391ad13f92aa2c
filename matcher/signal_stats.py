"""The catalog-wide statistics that put the three relevance signals on one scale.

The ranking core z-scores semantic, parts and lexical scores over the whole live catalog
(`ranking.pooled_features`). When the catalog is not in memory (retrieval in PostgreSQL, issue 18) the
caller computes these moments over a reference sample instead and hands them in; over a sample that holds
the whole live catalog they are the same numbers, so the ranking is the same.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.fusion import moments

FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class SignalStats:
    """(mean, standard deviation) of each signal over the live catalog, for one profile."""

    semantic: tuple[float, float]
    semantic_parts: tuple[float, float]
    lexical: tuple[float, float]


def query_vectors(profile_vec: npt.ArrayLike) -> tuple[FloatArray, FloatArray | None]:
    """The whole-profile vector and the parts vector (the mean of the segment vectors; None without segments).

    The mean of the segments' cosines is the dot product with their mean vector, so one product per item."""
    pv = np.asarray(profile_vec, dtype=np.float32)
    pv = pv[None, :] if pv.ndim == 1 else pv
    return pv[0], (pv[1:].mean(axis=0) if pv.shape[0] > 1 else None)


def signal_stats(
    vectors: npt.ArrayLike, lexical: npt.ArrayLike, profile_vec: npt.ArrayLike, live: npt.ArrayLike | None = None
) -> SignalStats:
    """Moments of the three signals over the rows `live` marks, computed as `pooled_features` computes them."""
    vecs = np.asarray(vectors, dtype=np.float32)
    q, q_parts = query_vectors(profile_vec)
    semantic = vecs @ q
    parts = vecs @ q_parts if q_parts is not None else semantic
    return SignalStats(
        semantic=moments(semantic, live),
        semantic_parts=moments(parts, live),
        lexical=moments(np.asarray(lexical, dtype=np.float32), live),
    )
