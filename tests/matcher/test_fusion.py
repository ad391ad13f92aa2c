"""Fusion and lexical scoring: exact values on small inputs."""

import numpy as np

from matcher.fusion import minmax, ranks, rrf, top_k_indices, zscore, zscore_fusion
from matcher.lexical import Bm25Index, TfidfIndex, tokenize


def test_ranks_are_one_based_with_stable_ties() -> None:
    assert ranks([0.1, 0.9, 0.5, 0.9]).tolist() == [4, 1, 3, 2]


def test_rrf_sums_reciprocal_ranks() -> None:
    fused = rrf([[3.0, 2.0, 1.0], [1.0, 2.0, 3.0]], k=60)
    assert np.allclose(fused, [1 / 61 + 1 / 63, 2 / 62, 1 / 63 + 1 / 61])


def test_rrf_ignores_scale_that_breaks_a_naive_average() -> None:
    bm25 = np.array([30.0, 29.0, 0.0])  # wide spread
    cosine = np.array([0.10, 0.11, 0.90])  # narrow spread
    naive = (bm25 + cosine) / 2
    assert int(np.argmax(naive)) == 0  # the wide signal alone decides
    fused = rrf([bm25, cosine])
    assert fused[0] == fused[2] > fused[1]  # each signal's winner counts the same
    assert np.allclose(zscore(bm25).std(), 1.0) and abs(float(zscore(cosine).mean())) < 1e-6


def test_rrf_depth_cuts_the_tail() -> None:
    fused = rrf([[3.0, 2.0, 1.0]], k=0, depth=2)
    assert fused.tolist() == [1.0, 0.5, 0.0]


def test_minmax_zscore_constant_and_empty() -> None:
    assert minmax([2.0, 4.0, 3.0]).tolist() == [0.0, 1.0, 0.5]
    assert minmax([5.0, 5.0]).tolist() == [0.0, 0.0]
    assert zscore([7.0, 7.0]).tolist() == [0.0, 0.0]
    assert zscore_fusion([[1.0, 3.0], [3.0, 1.0]]).tolist() == [0.0, 0.0]


def test_top_k_matches_a_full_sort() -> None:
    rng = np.random.default_rng(0)
    s = rng.normal(size=500)
    assert top_k_indices(s, 20).tolist() == np.argsort(-s)[:20].tolist()
    assert top_k_indices(s, 0).tolist() == []
    assert len(top_k_indices(s[:3], 10)) == 3


def test_tokenize_drops_stop_words_and_stems_lightly() -> None:
    assert tokenize("Cleaning the rooms and washed dishes") == ["clean", "room", "wash", "dish"]


def test_bm25_and_tfidf_prefer_the_matching_text() -> None:
    texts = ["Forklift operator moving pallets", "Cook preparing meals", "Pallet jack and forklift"]
    for index in (Bm25Index(texts), TfidfIndex(texts)):
        s = index.scores("drove a forklift")
        assert s[1] == 0.0 and s[0] > 0 and s[2] > 0
        assert index.scores("zzz unknown").tolist() == [0.0, 0.0, 0.0]
    assert Bm25Index([]).scores("forklift").shape == (0,)
