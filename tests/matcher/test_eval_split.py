"""The split rule in the evaluation suite: reported queries come from reserved occupations only, and no
learner in the repository trains on a reserved occupation (issue 13)."""

import re
from pathlib import Path
from typing import Any

import pytest

from matcher.evaluation.eval_set import EvalSet
from matcher.evaluation.run import build_sets
from matcher.split_rule import is_training_esco, is_training_soc

ROOT = Path(__file__).resolve().parents[2]


def _sides(es: EvalSet) -> set[bool]:
    """True for each training origin, False for each reserved one, over all queries of a set."""
    out = set()
    for codes in es.origin.values():
        for code in codes:
            kind, _, value = code.partition(":")
            out.add(is_training_soc(value) if kind == "soc" else is_training_esco(value))
    return out


@pytest.fixture(scope="module")
def shipped_sets() -> dict[str, EvalSet]:
    return {es.name: es for es in build_sets(["onet", "esco", "titles"], n_queries=300)}


def test_no_reported_query_of_sets_1_to_3_comes_from_a_training_occupation(shipped_sets: dict[str, EvalSet]) -> None:
    for name in ("onet-tasks", "esco-descriptions", "title-pairs"):
        es = shipped_sets[name]
        assert len(es.queries) == 300, name
        assert _sides(es) == {False}, f"{name} has a query from a training occupation"
        assert set(es.origin) == {q.id for q in es.queries}


def test_training_side_sets_hold_training_occupations_only() -> None:
    for es in build_sets(["onet", "esco", "titles"], n_queries=200, training=True):
        assert _sides(es) == {True}, es.name


# Every place in the shipped code that fits something to data, and what it learns from. A new learner
# (a fit or trainer call) fails the scan below until it is listed here with a test of its data.
LEARNERS = {
    # Per-catalog IDF of the texts being ranked: no labels, no occupations.
    "matcher/lexical.py": "fit_transform",
    # The decision re-ranker: caseworker verdicts on live catalog items. `wayfinder eval` never loads a
    # promoted ranker (test_the_eval_ranks_with_the_default_weighting_never_a_trained_ranker).
    "matcher/reranker.py": "fit",
    # Learned fusion: the training-side twins of sets 1-3 only
    # (test_learned_fusion_is_fit_on_training_occupations_only).
    "matcher/evaluation/learned_fusion.py": "fit",
    # Encoder fine-tuning: pairs from matcher/encoder_pairs.py, training-side occupations only
    # (tests/matcher/test_encoder_pairs.py::test_no_training_pair_comes_from_a_reserved_occupation).
    "scripts/finetune_encoder.py": "MultipleNegativesRankingLoss",
    # The default weights' search: the training-side twins of sets 1-3 and the all-training caseworker
    # profiles only (tests/matcher/test_weight_tuning.py::test_weight_tuning_reads_training_occupations_only,
    # ::test_tuning_refuses_a_query_from_a_reserved_occupation).
    "matcher/evaluation/weight_tuning.py": "tune_weights",
    "scripts/tune_default_weights.py": "tune_weights",
}
_LEARNER_CALL = re.compile(
    r"\.(fit|fit_transform|partial_fit)\(|SentenceTransformerTrainer|MultipleNegativesRankingLoss|\.train\("
    r"|tune_weights\("
)


def test_every_learner_in_the_repository_is_registered_with_its_training_data() -> None:
    found: dict[str, set[str]] = {}
    for folder in ("matcher", "api", "etl", "models", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            for m in _LEARNER_CALL.finditer(path.read_text(encoding="utf-8")):
                found.setdefault(str(path.relative_to(ROOT)), set()).add(m.group(1) or m.group(0))
    unregistered = sorted(set(found) - set(LEARNERS))
    assert not unregistered, f"learners without a split-rule check: {unregistered}"


def test_the_eval_ranks_with_the_default_weighting_never_a_trained_ranker(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A ranker promoted by `wayfinder ranker retrain` learned from live decisions on any occupation, so the
    suite must not use one: the matcher row is the default weighting (and its ablation) only."""
    import matcher.evaluation.run as run_module
    from tests.matcher.test_evaluation import ESCO, HashEncoder, NoSkills

    seen: list[Any] = []
    real_rank = run_module.rank

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("model"))
        return real_rank(*args, **kwargs)

    monkeypatch.setattr(run_module, "rank", spy)
    (tmp_path / "rankers").mkdir()
    monkeypatch.setenv("WAYFINDER_HOME", str(tmp_path))
    run_module.run_eval(
        sets=("esco",), encoder=HashEncoder(), esco=ESCO, taxonomy=NoSkills(), n_queries=5, log=lambda _: None
    )
    from matcher.reranker import DEFAULT_WEIGHTS, DefaultWeighting

    assert seen and all(m is None or isinstance(m, DefaultWeighting) for m in seen)
    ablations = [m for m in seen if m is not None]
    assert all(m.weights == {**DEFAULT_WEIGHTS, "occupation_support": 0.0} for m in ablations)


def test_learned_fusion_is_fit_on_training_occupations_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import matcher.evaluation.learned_fusion as fusion_module
    from matcher.evaluation.run import LEARNED, run_eval
    from tests.matcher.test_evaluation import ESCO, HashEncoder, NoSkills, fake_occupations

    seen: list[Any] = []
    real_fit = fusion_module.fit_fusion

    def spy(rows: Any, **kwargs: Any) -> Any:
        seen.append(rows)
        return real_fit(rows, **kwargs)

    monkeypatch.setattr(fusion_module, "fit_fusion", spy)
    text = run_eval(
        sets=("onet", "esco", "titles"),
        encoder=HashEncoder(),
        occupations=fake_occupations(),
        esco=ESCO,
        taxonomy=NoSkills(),
        n_queries=10,
        learned_fusion=True,
        log=lambda _: None,
    )
    (rows,) = seen
    assert rows.y and set(rows.y) == {0, 1}
    sides = set()
    for codes in rows.origin:
        for code in codes:
            kind, _, value = code.partition(":")
            sides.add(is_training_soc(value) if kind == "soc" else is_training_esco(value))
    assert sides == {True}, "a learned-fusion row came from a reserved occupation"
    assert {q.split("-q-")[0] for q in rows.query} == {"onet", "esco", "title"}
    assert text.count(f"| {LEARNED} |") == 3
