"""Re-rankers: sklearn conventions, JSON round trip, promotion on held-out decisions."""

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import check_estimator

from matcher.features import FEATURE_NAMES
from matcher.reranker import (
    DEFAULT_WEIGHTS,
    MIN_DECISIONS,
    Decision,
    DecisionReranker,
    DefaultWeighting,
    load_model,
    save_model,
    train_and_maybe_promote,
)

N = len(FEATURE_NAMES)
SEM = FEATURE_NAMES.index("semantic")
PAY = FEATURE_NAMES.index("pay_vs_local_wage")


def test_passes_sklearn_check_estimator() -> None:
    check_estimator(DecisionReranker())


def test_params_in_init_and_unfitted_use_refused() -> None:
    model = DecisionReranker(C=0.5)
    assert model.get_params() == {"C": 0.5, "class_weight": "balanced", "max_iter": 1000}
    with pytest.raises(NotFittedError):
        model.relevance(np.zeros((1, N)))


def synthetic(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Approval depends on semantic fit and pay; other features are noise."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, N))
    y = (X[:, SEM] + 0.5 * X[:, PAY] + 0.3 * rng.normal(size=n) > 0).astype(int)
    return X, y


def test_fit_returns_self_and_learns_the_signal() -> None:
    X, y = synthetic(400)
    model = DecisionReranker()
    assert model.fit(X, y) is model
    assert model.coef_[SEM] > model.coef_[PAY] > 0
    assert (model.predict(X) == y).mean() > 0.9
    assert model.predict_proba(X).shape == (400, 2)


def test_one_class_is_refused() -> None:
    with pytest.raises(ValueError, match="class"):
        DecisionReranker().fit(np.zeros((5, N)), np.ones(5))


def test_json_round_trip_keeps_scores_and_version(tmp_path: Path) -> None:
    X, y = synthetic(200)
    model = DecisionReranker(C=2.0).fit(X, y)
    version = save_model(model, tmp_path / "m.json")
    data = json.loads((tmp_path / "m.json").read_text())
    assert data["kind"] == "logistic" and data["feature_names"] == list(FEATURE_NAMES)
    loaded = load_model(tmp_path / "m.json")
    assert isinstance(loaded, DecisionReranker)
    assert loaded.version == version == model.version
    assert np.allclose(loaded.relevance(X), model.relevance(X))
    assert loaded.get_params()["C"] == 2.0


def test_default_weighting_round_trip_and_refuses_other_features(tmp_path: Path) -> None:
    dw = DefaultWeighting()
    row = np.zeros(N)
    row[SEM] = 2.0
    assert dw.relevance(row[None, :]).tolist() == [2.0 * DEFAULT_WEIGHTS["semantic"]]
    save_model(dw, tmp_path / "d.json")
    assert load_model(tmp_path / "d.json").version == dw.version
    data = json.loads((tmp_path / "d.json").read_text())
    data["feature_names"] = ["other"]
    (tmp_path / "d.json").write_text(json.dumps(data))
    with pytest.raises(ValueError, match="FEATURE_NAMES"):
        load_model(tmp_path / "d.json")
    with pytest.raises(ValueError, match="Unknown feature"):
        DefaultWeighting({"nope": 1.0})


def decisions(n: int, seed: int = 0, reason: str | None = None) -> list[Decision]:
    X, y = synthetic(n, seed)
    return [Decision(f"p{i % 40}", X[i].tolist(), bool(y[i]), reason) for i in range(n)]


def test_too_few_decisions_keep_the_current_model() -> None:
    current = DefaultWeighting()
    model, report = train_and_maybe_promote(decisions(MIN_DECISIONS - 1), current)
    assert model is current and not report.promoted
    assert f"need {MIN_DECISIONS}" in report.reason


def test_a_better_model_is_promoted_on_held_out_decisions() -> None:
    # The current weighting scores only pay; approvals depend mostly on semantic fit.
    current = DefaultWeighting({"pay_vs_local_wage": 1.0})
    model, report = train_and_maybe_promote(decisions(600), current)
    assert report.promoted and isinstance(model, DecisionReranker)
    assert report.candidate["auc"] > report.current["auc"]
    assert report.n_holdout > 0 and report.n_train + report.n_holdout == 600
    assert model.metrics_["auc"] == report.candidate["auc"]


def test_a_worse_model_is_not_promoted() -> None:
    # The current model already uses the true signal; noise-only training data can't beat it.
    current = DefaultWeighting({"semantic": 1.0, "pay_vs_local_wage": 0.5})
    rng = np.random.default_rng(1)
    noise = [Decision(f"p{i % 40}", rng.normal(size=N).tolist(), bool(i % 2)) for i in range(300)]
    X, y = synthetic(300, 2)
    held = [Decision(f"h{i % 40}", X[i].tolist(), bool(y[i])) for i in range(300)]
    model, report = train_and_maybe_promote(noise + held, current)
    assert model is current and not report.promoted


def test_ignored_reasons_are_dropped_and_reasons_summarized() -> None:
    current = DefaultWeighting()
    ds = decisions(30, reason="safety_concern") + decisions(30, seed=3, reason="pay_too_low")
    _, report = train_and_maybe_promote(ds, current)
    assert "30 usable decisions" in report.reason
    assert report.reasons["pay_too_low"]["count"] == 30.0


def test_decision_from_stored_features_uses_feature_order() -> None:
    d = Decision.from_stored("p", {"semantic": 0.7, "retired_feature": 9.0}, True, "good_fit")
    assert len(d.features) == N and d.features[SEM] == 0.7 and sum(d.features) == 0.7
