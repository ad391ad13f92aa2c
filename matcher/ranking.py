"""The ranking pipeline: constraints -> candidates -> features -> re-ranker -> diversity -> explanations.

Pure: the caller hands in rows, vectors and (optionally) lexical scores; nothing here
opens a database or loads a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.constraints import violations
from matcher.diversity import diversify
from matcher.explain import explain
from matcher.features import (
    FEATURE_NAMES,
    ProfileContext,
    build_profile_context,
    feature_matrix,
    item_skills,
    profile_text,
)
from matcher.fusion import RRF_K, rrf, scale, top_k_indices, zscore
from matcher.lexical import Bm25Index
from matcher.reranker import DefaultWeighting, Scorer
from matcher.signal_stats import SignalStats, query_vectors
from matcher.types import Candidate, ProfileQuery, RankedMatch, TaxonomyLike, WagesLike

__all__ = [
    "POOL_SIZE",
    "PooledFeatures",
    "allowed_pool",
    "allowed_wanted",
    "candidate_pool",
    "occupation_support",
    "ordered",
    "pooled_features",
    "rank",
    "stack_vectors",
]

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

POOL_SIZE = 100  # items per signal that reach the feature stage
DIVERSITY_HEAD = 10  # employer cap and near-duplicate suppression apply to the first 10


def stack_vectors(candidates: Sequence[Candidate]) -> FloatArray:
    """Candidate embeddings as one (n, d) matrix; every candidate must carry one."""
    missing = [c.source_id for c in candidates if c.embedding is None]
    if missing:
        raise ValueError(f"{len(missing)} candidates have no embedding, e.g. {missing[0]}")
    return np.vstack([np.asarray(c.embedding, dtype=np.float32) for c in candidates])


def candidate_pool(
    semantic: npt.ArrayLike, lexical: npt.ArrayLike, semantic_parts: npt.ArrayLike, size: int
) -> IntArray:
    """Union of the exact top-`size` items of each signal (sorted indexes)."""
    parts = [top_k_indices(s, size) for s in (semantic, lexical, semantic_parts)]
    return np.unique(np.concatenate(parts)).astype(np.int64)


def _occupation_keys(item: Candidate) -> set[str]:
    """SOC broad groups (first 5 digits, 'xx-xxx') of a job, or of a program's targets."""
    codes = [item.soc] if item.kind == "job" else list(item.target_socs)
    return {c.strip()[:6] for c in codes if c and len(c.strip()) >= 6}


def occupation_support(items: Sequence[Candidate], relevance: npt.ArrayLike) -> FloatArray:
    """Per item, the best relevance among pooled items of its SOC broad group (itself included).

    Why: a person whose past work fits one occupation usually fits its close relatives
    (O*NET broad group); an item of a well-supported occupation is a safer bet than an
    isolated lexical hit. Items without a SOC code keep their own relevance.
    """
    rel = np.asarray(relevance, dtype=np.float32)
    best: dict[str, float] = {}
    keys = [_occupation_keys(c) for c in items]
    for k, r in zip(keys, rel, strict=True):
        for g in k:
            best[g] = max(best.get(g, -np.inf), float(r))
    out = [max([float(r)] + [best[g] for g in k]) for k, r in zip(keys, rel, strict=True)]
    return np.asarray(out, dtype=np.float32)


def allowed_wanted(top_k: int) -> int:
    """How many allowed items a pool needs before it stops growing (room for diversity and re-checks)."""
    return max(top_k, DIVERSITY_HEAD) * 3


def allowed_pool(
    profile: ProfileQuery,
    candidates: Sequence[Candidate],
    signals: tuple[npt.ArrayLike, npt.ArrayLike, npt.ArrayLike],
    size: int,
    top_k: int,
) -> IntArray:
    """Top items of each signal that pass every hard constraint.

    Constraints are checked only where the signals point (checking 100k rows in Python
    costs ~0.5 s); the pool grows until it holds enough allowed items or the whole catalog.
    """
    wanted = allowed_wanted(top_k)
    # Items a prefilter ruled out carry -inf: never pool them, and stop growing at the rest.
    eligible = np.isfinite(np.asarray(signals[0], dtype=np.float32))
    n = int(eligible.sum())
    ok: dict[int, bool] = {}
    while True:
        pool = candidate_pool(*signals, size=size)
        pool = pool[eligible[pool]]
        for i in pool.tolist():
            if i not in ok:
                ok[i] = not violations(profile, candidates[i])
        allowed = np.asarray([i for i in pool.tolist() if ok[i]], dtype=np.int64)
        if len(allowed) >= wanted or size >= n:
            return allowed
        size *= 4


@dataclass(frozen=True, slots=True)
class PooledFeatures:
    """The feature stage of `rank` for one profile: the allowed pool and its feature rows.

    Everything here is independent of the scorer, so a weight search (scripts/tune_default_weights.py)
    computes it once per query and re-scores it under many weightings.
    """

    items: list[Candidate]
    vecs: FloatArray  # the pooled items' embeddings (what diversity compares)
    X: FloatArray  # (len(items), len(FEATURE_NAMES))
    ctx: ProfileContext
    skills: list[tuple[str, ...]]


def pooled_features(
    profile: ProfileQuery,
    candidates: Sequence[Candidate],
    *,
    profile_vec: npt.ArrayLike,
    cand_vecs: npt.ArrayLike | None = None,
    lexical_scores: npt.ArrayLike | None = None,
    wages: WagesLike | None = None,
    taxonomy: TaxonomyLike | None = None,
    top_k: int = 20,
    pool_size: int = POOL_SIZE,
    prefilter: npt.ArrayLike | None = None,
    live: npt.ArrayLike | None = None,
    stats: SignalStats | None = None,
) -> PooledFeatures | None:
    """Pool the items every signal points at that pass the hard constraints, and compute their features
    (arguments as in `rank`); None when nothing is allowed."""
    vecs = stack_vectors(candidates) if cand_vecs is None else np.asarray(cand_vecs, np.float32)
    q, q_parts = query_vectors(profile_vec)
    # The mean of the segments' cosines is the dot product with their mean vector: one pass over
    # the catalog matrix for the parts instead of one per segment. Two matrix-vector products, not
    # one (n, 2) product: BLAS gemv is ~4x faster per column than a skinny gemm here (measured).
    semantic = vecs @ q
    semantic_parts = vecs @ q_parts if q_parts is not None else semantic
    if lexical_scores is None:
        index = Bm25Index([c.text for c in candidates])
        lexical = index.scores(profile_text(profile, taxonomy)).astype(np.float32)
    else:
        lexical = np.asarray(lexical_scores, dtype=np.float32)
    # z-scores over the catalog put cosines and BM25 on one scale. Given `stats` (the candidates are a
    # database query's few hundred rows, not the catalog), the moments come from the caller's reference sample.
    if stats is None:
        z_sem, z_parts, z_lex = zscore(semantic, live), zscore(semantic_parts, live), zscore(lexical, live)
    else:
        z_sem = scale(semantic, *stats.semantic)
        z_parts = scale(semantic_parts, *stats.semantic_parts)
        z_lex = scale(lexical, *stats.lexical)
    signals = (semantic, lexical, semantic_parts)
    if prefilter is not None or live is not None:
        keep = np.ones(len(candidates), dtype=bool)
        for mask in (prefilter, live):
            if mask is not None:
                keep &= np.asarray(mask, dtype=bool)
        signals = tuple(np.where(keep, s, -np.inf).astype(np.float32) for s in signals)  # type: ignore[assignment]
    pool = allowed_pool(profile, candidates, signals, pool_size, top_k)
    if pool.size == 0:
        return None
    # Ranks within the pool equal catalog ranks for each signal's own top items (all
    # items above them are pooled too), and the tail adds little to RRF: skip a full sort.
    fused = rrf([semantic[pool], lexical[pool]])
    items = [candidates[i] for i in pool]
    relevance = z_sem[pool] + z_parts[pool] + z_lex[pool]
    ctx = build_profile_context(profile, taxonomy)
    skills = [item_skills(c, taxonomy) for c in items]
    X = feature_matrix(
        profile,
        ctx,
        items,
        skills,
        semantic=z_sem[pool],
        semantic_parts=z_parts[pool],
        lexical=z_lex[pool],
        # RRF of two lists tops out at 2/(k+1); rescale so 1 = first in both.
        fused=fused * (RRF_K + 1) / 2.0,
        occupation_support=occupation_support(items, relevance),
        wages=wages,
    )
    return PooledFeatures(items=items, vecs=vecs[pool], X=X, ctx=ctx, skills=[tuple(s) for s in skills])


def ordered(pooled: PooledFeatures, scores: npt.ArrayLike, *, diversity: bool = True) -> list[int]:
    """Indexes into `pooled.items`, best first: by score, with the head kept varied when `diversity`."""
    if diversity:
        orgs, titles = [c.org_name for c in pooled.items], [c.title for c in pooled.items]
        return diversify(scores, pooled.vecs, orgs, titles, head=DIVERSITY_HEAD)
    return [int(i) for i in np.argsort(-np.asarray(scores), kind="stable")]


def rank(
    profile: ProfileQuery,
    candidates: Sequence[Candidate],
    *,
    profile_vec: npt.ArrayLike,
    cand_vecs: npt.ArrayLike | None = None,
    lexical_scores: npt.ArrayLike | None = None,
    wages: WagesLike | None = None,
    taxonomy: TaxonomyLike | None = None,
    model: Scorer | None = None,
    top_k: int = 20,
    pool_size: int = POOL_SIZE,
    with_explanations: bool = True,
    diversity: bool = True,
    prefilter: npt.ArrayLike | None = None,
    live: npt.ArrayLike | None = None,
    stats: SignalStats | None = None,
) -> list[RankedMatch]:
    """Rank candidates for a profile; no returned item breaks a hard constraint.

    Args:
        profile: the person's skills, past work, interests and constraints.
        candidates: catalog rows (jobs or programs).
        profile_vec: embedding of `features.profile_segments(profile)`: shape (d,) for the
            whole-profile text only, or (m, d) with the whole text first, then each segment.
        cand_vecs: (n, d) L2-normalized item embeddings; default: each candidate's `embedding`.
        lexical_scores: (n,) precomputed lexical scores (e.g. PostgreSQL ts_rank); default:
            BM25 over the candidates' texts.
        wages, taxonomy: reference data; without them the pay-vs-wage and skill features are 0.
        model: re-ranker; default: the transparent `DefaultWeighting`.
        top_k: how many matches to return.
        prefilter: (n,) booleans from `prefilter.ConstraintArrays.mask`: items marked False are
            never pooled. It only narrows where `violations` is checked; that check still decides.
        live: (n,) booleans: entries marked False are not in the catalog at all (removed or expired
            slots of an incremental index): left out of the z-score statistics and never pooled.
        stats: the signals' catalog-wide moments when `candidates` are only part of the catalog (rows a
            database query returned); default: computed over the (live) candidates.

    Returns:
        Up to top_k matches, best first, each with features and (optionally) an explanation.
    """
    scorer: Scorer = model if model is not None else DefaultWeighting()
    if not candidates or top_k <= 0:
        return []
    pooled = pooled_features(
        profile,
        candidates,
        profile_vec=profile_vec,
        cand_vecs=cand_vecs,
        lexical_scores=lexical_scores,
        wages=wages,
        taxonomy=taxonomy,
        top_k=top_k,
        pool_size=pool_size,
        prefilter=prefilter,
        live=live,
        stats=stats,
    )
    if pooled is None:
        return []
    scores = scorer.relevance(pooled.X)
    order = ordered(pooled, scores, diversity=diversity)
    out = []
    for j in order[:top_k]:
        c = pooled.items[j]
        expl = (
            explain(profile, pooled.ctx, c, pooled.skills[j], taxonomy=taxonomy, wages=wages)
            if with_explanations
            else None
        )
        feats = dict(zip(FEATURE_NAMES, (float(x) for x in pooled.X[j]), strict=True))
        out.append(RankedMatch(candidate=c, score=float(scores[j]), features=feats, explanation=expl))
    return out
