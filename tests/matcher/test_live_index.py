"""The incremental catalog index (issue 18): any sequence of writes applied row by row leaves the same index
a full rebuild makes, and expiry is a filter at query time, never a rebuild."""

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.catalog_index import NEVER, CatalogRow, LiveIndex
from matcher.lexical import Bm25Index, IncrementalBm25
from matcher.types import Candidate, Constraints, ProfileQuery, WorkItem

WORDS = ["forklift", "warehouse", "cook", "kitchen", "cashier", "customer", "clean", "patient", "care", "drive"]
REGIONS = ["WA", "OR", "", "Washington"]
NOW = 1_800_000_000.0


def row(item_id: int, words: tuple[str, ...], region: str, pay: float | None, ends: float, seed: int) -> CatalogRow:
    vec = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    vec /= np.linalg.norm(vec)
    candidate = Candidate(
        item_id=item_id,
        kind="job",
        source_id=f"s{item_id}",
        title=" ".join(words[:2]) or "job",
        text=" ".join(words),
        org_name=f"org {item_id % 3}",
        region=region or None,
        zip3="980" if item_id % 2 else None,
        pay_min_hourly=pay,
        pay_max_hourly=pay,
    )
    return CatalogRow(candidate=candidate, vector=vec, valid_until=ends)


rows_strategy = st.builds(
    row,
    item_id=st.integers(1, 25),
    words=st.lists(st.sampled_from(WORDS), max_size=6).map(tuple),
    region=st.sampled_from(REGIONS),
    pay=st.one_of(st.none(), st.floats(10, 40)),
    ends=st.sampled_from([NEVER, NOW - 10, NOW + 10]),
    seed=st.integers(0, 10_000),
)
# A write: some rows change (new state, or gone when `None`), as one committed statement would leave them.
writes_strategy = st.lists(
    st.lists(st.tuples(st.integers(1, 25), st.one_of(st.none(), rows_strategy)), min_size=1, max_size=6),
    max_size=12,
)


def profile(region: str | None = None, pay_floor: float | None = None) -> ProfileQuery:
    return ProfileQuery(
        id="p",
        skills=("forklift", "customer service"),
        work_history=(WorkItem(title="Warehouse worker", activities="drive forklift, clean"),),
        constraints=Constraints(region=region, pay_floor_hourly=pay_floor, remote_ok=True),
    )


def same_index(incremental: LiveIndex, rebuilt: LiveIndex) -> None:
    assert incremental.item_ids() == rebuilt.item_ids()
    for item_id in rebuilt.item_ids():
        assert np.array_equal(incremental.vector(item_id), rebuilt.vector(item_id))
    ids = lambda index: sorted(int(c.item_id) for c in index.live_candidates(NOW))  # noqa: E731
    assert ids(incremental) == ids(rebuilt)
    for query in ("forklift warehouse", "cook kitchen cook", "patient care drive"):
        a, b = incremental.lexical_scores(query), rebuilt.lexical_scores(query)
        assert a.keys() == b.keys()
        assert all(math.isclose(a[k], b[k], rel_tol=1e-5, abs_tol=1e-6) for k in a)
    vec = np.ones((1, 384), dtype=np.float32) / math.sqrt(384)
    for query in (profile(), profile(region="WA", pay_floor=20)):
        got = incremental.rank(query, profile_vec=vec, taxonomy=None, wages=None, model=None, top_k=10, now=NOW)
        want = rebuilt.rank(query, profile_vec=vec, taxonomy=None, wages=None, model=None, top_k=10, now=NOW)
        # Equal scores position by position (slot order differs, so exact ties may swap their ids).
        assert np.allclose([m.score for m in got], [m.score for m in want], rtol=1e-4, atol=1e-5)
        assert {int(m.candidate.item_id) for m in got} | {int(m.candidate.item_id) for m in want} <= {
            int(c.item_id) for c in rebuilt.live_candidates(NOW)
        }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(initial=st.lists(rows_strategy, max_size=15), writes=writes_strategy)
def test_the_incremental_index_equals_a_full_rebuild_after_any_sequence_of_writes(
    initial: list[CatalogRow], writes: list[list[tuple[int, CatalogRow | None]]]
) -> None:
    table = {int(r.candidate.item_id): r for r in initial}
    index = LiveIndex.build("job", list(table.values()), version=0)
    for version, write in enumerate(writes, start=1):
        changed: set[int] = set()
        for item_id, new in write:
            changed.add(item_id)
            if new is None:
                table.pop(item_id, None)
            else:
                table[item_id] = CatalogRow(
                    candidate=_with_id(new.candidate, item_id), vector=new.vector, valid_until=new.valid_until
                )
        index.apply(version, changed, [table[i] for i in changed if i in table])
    same_index(index, LiveIndex.build("job", list(table.values()), version=len(writes)))


def _with_id(candidate: Candidate, item_id: int) -> Candidate:
    from dataclasses import replace

    return replace(candidate, item_id=item_id, source_id=f"s{item_id}")


def test_heavy_churn_compacts_the_slots_and_keeps_the_index_equal_to_a_rebuild() -> None:
    table = {i: row(i, ("forklift", WORDS[i % len(WORDS)]), "WA", 20.0, NEVER, i) for i in range(1, 40)}
    index = LiveIndex.build("job", list(table.values()), version=0)
    for version in range(1, 3000):
        item_id = 1 + version % 39
        table[item_id] = row(item_id, ("cook", WORDS[version % len(WORDS)]), "OR", 15.0, NEVER, version)
        index.apply(version, [item_id], [table[item_id]])
    assert index._n < 3000  # compaction renumbered the slots instead of growing forever
    same_index(index, LiveIndex.build("job", list(table.values()), version=3000))


def test_an_expired_posting_leaves_the_ranking_without_any_write() -> None:
    soon = row(1, ("forklift", "warehouse"), "WA", 20.0, NOW + 60, 1)
    lasting = row(2, ("forklift", "driver"), "WA", 20.0, NEVER, 2)
    index = LiveIndex.build("job", [soon, lasting], version=7)
    vec = np.ones((1, 384), dtype=np.float32) / math.sqrt(384)
    ranked = lambda now: {  # noqa: E731
        int(m.candidate.item_id)
        for m in index.rank(profile(), profile_vec=vec, taxonomy=None, wages=None, model=None, top_k=5, now=now)
    }
    assert ranked(NOW) == {1, 2}
    assert ranked(NOW + 61) == {2}
    assert index.version == 7  # nothing was rebuilt or re-read


def test_a_duplicate_is_ranked_only_while_its_canonical_copy_is_not_live() -> None:
    canonical = row(1, ("forklift",), "WA", 20.0, NOW + 60, 1)
    copy = CatalogRow(
        candidate=row(2, ("forklift",), "WA", 20.0, NEVER, 2).candidate,
        vector=canonical.vector,
        has_canonical=True,
        canonical_active=True,
        canonical_valid_until=NOW + 60,
    )
    index = LiveIndex.build("job", [canonical, copy], version=1)
    assert [int(c.item_id) for c in index.live_candidates(NOW)] == [1]
    assert [int(c.item_id) for c in index.live_candidates(NOW + 61)] == [2]  # the canonical copy expired


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.lists(st.sampled_from([*WORDS, "the", "a"]), max_size=8).map(" ".join), min_size=1, max_size=12),
    removed=st.sets(st.integers(0, 11)),
    query=st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join),
)
def test_incremental_bm25_scores_equal_bm25s_over_the_live_texts(
    texts: list[str], removed: set[int], query: str
) -> None:
    incremental = IncrementalBm25()
    for slot, text in enumerate(texts):
        incremental.add(slot, text)
    for slot in removed & set(range(len(texts))):
        incremental.remove(slot)
    kept = [slot for slot in range(len(texts)) if slot not in removed]
    got = incremental.scores(query, len(texts))
    if kept:
        want = Bm25Index([texts[s] for s in kept]).scores(query)
        assert np.allclose(got[kept], want, rtol=1e-4, atol=1e-6)
    assert not got[sorted(removed & set(range(len(texts))))].any()
