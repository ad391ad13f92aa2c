"""The default-weight tuner (scripts/tune_default_weights.py): training-side queries only, and a search that
moves a weight only when the training side says it helps."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.evaluation.caseworker_set import JudgedProfile
from matcher.evaluation.eval_set import EvalSet
from matcher.evaluation.run import _embed
from matcher.evaluation.weight_tuning import (
    CASEWORKER_TRAINING,
    TuningQuery,
    evaluate_weights,
    is_training_origin,
    query_ndcg,
    training_caseworker_profiles,
    training_sets,
    tune_weights,
    tuning_queries,
)
from matcher.features import FEATURE_NAMES, ProfileContext, profile_text
from matcher.lexical import Bm25Index
from matcher.ranking import PooledFeatures
from matcher.reranker import DEFAULT_WEIGHTS
from matcher.split_rule import SplitRuleError
from matcher.types import Candidate
from tests.matcher.test_evaluation import ESCO, HashEncoder, NoSkills, fake_occupations

PROFILES = [
    JudgedProfile("cw-train", "fork lift whse", ("35-2024", "11-1012"), ("29-1011",)),  # both grade-2 training
    JudgedProfile("cw-reserved", "cleand rooms", ("11-1011",), ()),
    JudgedProfile("cw-mixed", "stock + cash", ("35-2024", "35-2023"), ()),  # one reserved grade-2 occupation
]


def _queries_of(es_list: list[EvalSet], taxonomy: NoSkills) -> list[TuningQuery]:
    out: list[TuningQuery] = []
    for es in es_list:
        vecs = _embed(es, HashEncoder(), taxonomy, None)
        bm25 = Bm25Index([d.text for d in es.docs])
        scores = {q.id: bm25.scores(profile_text(q, taxonomy)) for q in es.queries}
        out += tuning_queries(es, vecs.docs, vecs.queries, scores, taxonomy)
    return out


def test_weight_tuning_reads_training_occupations_only() -> None:
    """Every query the tuner pools comes from a training occupation: twins of sets 1-3, and of set 4 only the
    profiles whose grade-2 occupations are all training ones (the reserved and the mixed one are dropped)."""
    taxonomy = NoSkills()
    sets = training_sets(
        occupations=fake_occupations(), esco=ESCO, taxonomy=taxonomy, n_queries=10, seed=3, profiles=PROFILES
    )
    assert [es.name for es in sets] == ["onet-tasks", "esco-descriptions", "title-pairs", CASEWORKER_TRAINING]
    caseworker = sets[-1]
    assert [q.id for q in caseworker.queries] == ["cw-train"]
    queries = _queries_of(sets, taxonomy)
    assert queries, "the fake training side pooled nothing"
    sides = {is_training_origin(code) for q in queries for code in q.origin}
    assert sides == {True}
    assert {q.set_name for q in queries} >= {"onet-tasks", CASEWORKER_TRAINING}


def test_training_caseworker_profiles_keep_all_training_grade2_only() -> None:
    assert [p.id for p in training_caseworker_profiles(PROFILES)] == ["cw-train"]


def test_tuning_refuses_a_query_from_a_reserved_occupation() -> None:
    taxonomy = NoSkills()
    (twin,) = training_sets(
        occupations=fake_occupations(), taxonomy=taxonomy, n_queries=5, seed=3, caseworker=False, esco=ESCO
    )[:1]
    leaked = replace(twin, origin={**twin.origin, twin.queries[0].id: ("soc:11-1011",)})
    vecs = _embed(leaked, HashEncoder(), taxonomy, None)
    scores = {q.id: np.zeros(len(leaked.docs), dtype=np.float32) for q in leaked.queries}
    with pytest.raises(SplitRuleError, match="reserved occupation"):
        tuning_queries(leaked, vecs.docs, vecs.queries, scores, taxonomy)


def _synthetic_query(rng: np.random.Generator, n: int = 40, set_name: str = "s") -> TuningQuery:
    """Pooled items whose semantic column predicts the grade and whose lexical column is noise."""
    X = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32)
    gains = np.zeros(n)
    gains[rng.choice(n, 5, replace=False)] = 1.0  # not first: a tie (all-zero weights) keeps pool order
    X[:, FEATURE_NAMES.index("semantic")] = gains + rng.normal(0, 0.3, n)
    X[:, FEATURE_NAMES.index("lexical")] = rng.normal(0, 2.0, n)
    vecs = np.eye(n, 8, dtype=np.float32)
    items = [
        Candidate(item_id=str(i), kind="job", source_id=str(i), title=f"t{i}", text="", org_name=f"o{i}")
        for i in range(n)
    ]
    ctx = ProfileContext(frozenset(), {}, (), ())
    pooled = PooledFeatures(items=items, vecs=vecs, X=X, ctx=ctx, skills=[() for _ in items])
    ideal = float(np.sum(1.0 / np.log2(np.arange(2, 7))))
    return TuningQuery(set_name, f"q{rng.integers(1 << 30)}", ("soc:11-1012",), pooled, gains, ideal, 3)


def test_tuner_drops_a_weight_the_training_side_says_is_noise() -> None:
    rng = np.random.default_rng(7)
    queries = [_synthetic_query(rng, set_name=s) for s in ("a", "b") for _ in range(15)]
    start = {**DEFAULT_WEIGHTS, "lexical": 1.0}
    result = tune_weights(queries, start, log=lambda _: None)
    assert result.weights["lexical"] == 0.0  # 1.0 at the start, on a column that is pure noise
    assert result.weights["semantic"] > 0.0
    assert result.after["mean"] > result.before["mean"] + 0.05
    # Weights it does not search (job quality) are untouched.
    assert result.weights["pay_vs_local_wage"] == DEFAULT_WEIGHTS["pay_vs_local_wage"]
    assert evaluate_weights(queries, result.weights) == result.after


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), w=st.lists(st.floats(0, 3), min_size=2, max_size=2))
def test_query_ndcg_is_between_0_and_1_and_1_for_a_perfect_order(seed: int, w: list[float]) -> None:
    q = _synthetic_query(np.random.default_rng(seed))
    vec = np.zeros(len(FEATURE_NAMES))
    vec[FEATURE_NAMES.index("semantic")], vec[FEATURE_NAMES.index("lexical")] = w
    assert 0.0 <= query_ndcg(q, vec) <= 1.0 + 1e-9
    perfect = replace(q, pooled=replace(q.pooled, X=np.zeros_like(q.pooled.X)))
    perfect.pooled.X[:, FEATURE_NAMES.index("semantic")] = q.gains
    one_hot = np.zeros(len(FEATURE_NAMES))
    one_hot[FEATURE_NAMES.index("semantic")] = 1.0
    assert query_ndcg(perfect, one_hot) == pytest.approx(1.0)


def _short_query_catalog() -> tuple[list[Candidate], np.ndarray, np.ndarray]:
    """20 postings: j0 shares the query's words but means something else (BM25 loves it), j1 means the same
    thing in other words (the encoder sees it), the rest are weak on both."""
    rng = np.random.default_rng(3)
    n, d = 20, 16
    q = np.zeros(d, dtype=np.float32)
    q[0] = 1.0
    cosines = np.r_[0.45, 0.55, rng.normal(0.2, 0.03, n - 2)]
    vecs = np.zeros((n, d), dtype=np.float32)
    vecs[:, 0] = cosines
    vecs[np.arange(n), 1 + np.arange(n) % (d - 1)] = np.sqrt(1.0 - cosines**2)
    lexical = np.r_[9.0, 0.0, rng.uniform(0.0, 1.0, n - 2)].astype(np.float32)
    items = [
        Candidate(item_id=i, kind="job", source_id=f"j{i}", title=f"Posting {i}", text="", org_name=f"Org {i}")
        for i in range(n)
    ]
    return items, vecs, lexical


def test_default_weights_let_meaning_outrank_a_shared_word_for_a_short_query() -> None:
    """The tuned weights: a posting that means what a short query says outranks one that merely repeats its
    words (the training side found the lexical column lowered nDCG@10 on every set); under the former
    hand-set weights (lexical 1.0) the word match came first."""
    from matcher.ranking import rank
    from matcher.reranker import DefaultWeighting
    from matcher.types import ProfileQuery, WorkItem

    items, vecs, lexical = _short_query_catalog()
    profile = ProfileQuery(id="p", work_history=(WorkItem(activities="hotel housekeeper"),))
    q = np.eye(1, 16, dtype=np.float32)[0]

    def top(model: DefaultWeighting | None) -> str:
        matches = rank(profile, items, profile_vec=q, cand_vecs=vecs, lexical_scores=lexical, model=model, top_k=3)
        return matches[0].candidate.source_id

    assert top(None) == "j1"  # the shipped DEFAULT_WEIGHTS
    former = {**DEFAULT_WEIGHTS, "semantic": 1.0, "semantic_parts": 1.0, "lexical": 1.0, "occupation_support": 2.0}
    assert top(DefaultWeighting(former)) == "j0"
