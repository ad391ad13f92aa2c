"""Keep the head of a list varied: no near-duplicate postings, few items per employer.

Method: maximal marginal relevance (Carbonell & Goldstein 1998) over item embeddings,
plus a hard per-employer cap and near-duplicate suppression inside the top `head` slots.
Items pushed out of the head keep their relative order after it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from matcher.constraints import normalize_name
from matcher.lexical import tokenize

__all__ = ["distinct_share", "diversify", "duplicate_key", "intra_list_similarity"]

FloatArray = npt.NDArray[np.float32]


def duplicate_key(title: str, org: str) -> str | None:
    """Same employer + same title words (any order) = one opening posted twice. Without an employer's name
    there is no telling (two unnamed "Cashier" postings are as likely two shops as one): None, never a
    duplicate of anything."""
    org_key = normalize_name(org)
    if not org_key:
        return None
    return org_key + "|" + " ".join(sorted(set(tokenize(title))))


def diversify(
    scores: npt.ArrayLike,
    vecs: npt.ArrayLike,
    orgs: Sequence[str],
    titles: Sequence[str],
    *,
    head: int = 10,
    per_org_cap: int = 2,
    mmr_lambda: float = 0.85,
) -> list[int]:
    """Order indexes so the first `head` respect the caps; MMR trades score for novelty."""
    s = np.asarray(scores, dtype=np.float64)
    v = np.asarray(vecs, dtype=np.float32)
    n = len(s)
    if n == 0:
        return []
    order = list(np.argsort(-s, kind="stable"))
    # Scores are put on 0..1 so lambda means the same whatever scorer produced them.
    span = float(s.max() - s.min()) or 1.0
    rel = (s - s.min()) / span
    org_keys = [normalize_name(o) for o in orgs]
    dup_keys = [duplicate_key(t, o) for t, o in zip(titles, orgs, strict=True)]
    chosen: list[int] = []
    per_org: dict[str, int] = {}
    seen_dups: set[str] = set()
    max_sim = np.full(n, -np.inf)
    remaining = set(order)
    while len(chosen) < min(head, n):
        allowed = [
            i
            for i in remaining
            if (dup_keys[i] is None or dup_keys[i] not in seen_dups)
            and (not org_keys[i] or per_org.get(org_keys[i], 0) < per_org_cap)
        ]
        if not allowed:
            break
        idx = np.asarray(allowed)
        redundancy = np.where(np.isfinite(max_sim[idx]), max_sim[idx], 0.0)
        mmr = mmr_lambda * rel[idx] - (1.0 - mmr_lambda) * redundancy
        best = int(idx[np.lexsort((idx, -mmr))[0]])
        chosen.append(best)
        remaining.discard(best)
        if (key := dup_keys[best]) is not None:
            seen_dups.add(key)
        if org_keys[best]:
            per_org[org_keys[best]] = per_org.get(org_keys[best], 0) + 1
        max_sim = np.maximum(max_sim, v @ v[best])
    return chosen + [i for i in order if i in remaining]


def distinct_share(keys: Sequence[str], k: int = 10) -> float:
    """Distinct values (e.g. employers) among the first k, as a share of k shown."""
    top = [normalize_name(x) for x in keys[:k]]
    return len(set(top)) / len(top) if top else 0.0


def intra_list_similarity(vecs: npt.ArrayLike, k: int = 10) -> float:
    """Mean pairwise cosine of the first k item vectors (lower = more varied)."""
    v = np.asarray(vecs, dtype=np.float64)[:k]
    if len(v) < 2:
        return 0.0
    sims = v @ v.T
    iu = np.triu_indices(len(v), 1)
    return float(sims[iu].mean())
