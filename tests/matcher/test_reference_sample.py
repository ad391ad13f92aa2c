"""The pure pieces the database path rests on (issue 18): statistics passed into the ranking core, BM25 of
outside texts under a held index's statistics, and the rarest words of a query."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.catalog_index import CatalogRow, LiveIndex
from matcher.fusion import moments, scale, zscore
from matcher.lexical import IncrementalBm25
from matcher.ranking import rank
from matcher.signal_stats import signal_stats
from matcher.types import Candidate, ProfileQuery, WorkItem

WORDS = ["forklift", "warehouse", "cook", "kitchen", "cashier", "customer", "cleaning", "patient", "care", "drive"]
texts = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)


def _rows(n: int, seed: int) -> list[CatalogRow]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        vec = rng.standard_normal(384).astype(np.float32)
        words = " ".join(rng.choice(WORDS, size=int(rng.integers(1, 8))).tolist())
        out.append(
            CatalogRow(
                candidate=Candidate(item_id=i, kind="job", source_id=f"s{i}", title=words[:20], text=words),
                vector=vec / np.linalg.norm(vec),
            )
        )
    return out


@settings(max_examples=60, deadline=None)
@given(held=st.lists(texts, min_size=1, max_size=15), query=texts)
def test_score_texts_of_a_held_text_equals_its_slot_score(held: list[str], query: str) -> None:
    index = IncrementalBm25()
    for slot, t in enumerate(held):
        index.add(slot, t)
    np.testing.assert_array_equal(index.score_texts(query, held), index.scores(query, len(held)))


def test_scale_with_moments_is_zscore() -> None:
    s = np.asarray([0.1, 0.5, 0.2, 0.9], dtype=np.float32)
    where = np.asarray([True, True, False, True])
    np.testing.assert_array_equal(scale(s, *moments(s, where)), zscore(s, where))
    assert moments(s, np.zeros(4, dtype=bool)) == (0.0, 0.0)


def test_ranking_with_statistics_handed_in_equals_ranking_with_its_own() -> None:
    rows = _rows(60, seed=4)
    candidates = [r.candidate for r in rows]
    vecs = np.vstack([r.vector for r in rows])
    profile = ProfileQuery(id="p", skills=("forklift",), work_history=(WorkItem("drove a forklift", "driver"),))
    pv = np.vstack([vecs[0], vecs[1], vecs[2]])
    index = LiveIndex.build("job", rows, version=1)
    text = "Skills: forklift. driver. drove a forklift."
    lexical = index.lexical_scores(text)
    whole = rank(
        profile, candidates, profile_vec=pv, cand_vecs=vecs, lexical_scores=[lexical[i] for i in range(60)], top_k=5
    )
    # Statistics handed in (as the database path does from its reference sample) equal the catalog's own.
    stats = signal_stats(vecs, [lexical[i] for i in range(60)], pv)
    assert stats == index.signal_stats(pv, text, now=0.0)
    subset = rank(
        profile,
        candidates,
        profile_vec=pv,
        cand_vecs=vecs,
        lexical_scores=index.score_texts(text, [c.text for c in candidates]),
        top_k=5,
        stats=stats,
    )
    assert [m.candidate.item_id for m in subset] == [m.candidate.item_id for m in whole]
    assert [m.score for m in subset] == [m.score for m in whole]


def test_rarest_words_come_first_and_unknown_words_count_as_rarest() -> None:
    index = IncrementalBm25()
    for slot, t in enumerate(["forklift warehouse", "warehouse cook", "warehouse cashier", "cook kitchen"]):
        index.add(slot, t)
    assert index.rarest_words("the warehouse cook drove a forklift", 3) == ["drove", "forklift", "cook"]
    assert index.rarest_words("Warehouses and the", 5) == ["warehouses"]
