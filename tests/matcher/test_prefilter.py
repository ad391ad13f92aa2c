"""The vectorized prefilter never drops an item the exact constraint check allows."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.constraints import violations
from matcher.prefilter import ConstraintArrays
from matcher.ranking import rank
from matcher.types import Candidate, Constraints, ProfileQuery, WorkItem
from tests.matcher.test_constraints import candidates, constraints


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(c=constraints, catalog=st.lists(candidates, min_size=1, max_size=30))
def test_mask_keeps_every_allowed_item(c: Constraints, catalog: list[Candidate]) -> None:
    profile = ProfileQuery(id="p", constraints=c)
    mask = ConstraintArrays.build(catalog).mask(c)
    for keep, item in zip(mask.tolist(), catalog, strict=True):
        if not violations(profile, item):
            assert keep, item


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(c=constraints, catalog=st.lists(candidates, min_size=0, max_size=25), seed=st.integers(0, 2**16))
def test_rank_with_prefilter_returns_the_same_allowed_count(
    c: Constraints, catalog: list[Candidate], seed: int
) -> None:
    profile = ProfileQuery(id="p", work_history=(WorkItem("cooked meals"),), constraints=c)
    rng = np.random.default_rng(seed)
    vecs = rng.normal(size=(len(catalog), 8)).astype(np.float32).reshape(len(catalog), 8)
    pv = rng.normal(size=8).astype(np.float32)
    mask = ConstraintArrays.build(catalog).mask(c) if catalog else None
    ranked = rank(profile, catalog, profile_vec=pv, cand_vecs=vecs, top_k=10, prefilter=mask)
    assert all(violations(profile, m.candidate) == [] for m in ranked)
    allowed = [x for x in catalog if not violations(profile, x)]
    assert len(ranked) == min(10, len(allowed))
