"""Re-rankers: a transparent default weighting and a model learned from caseworker decisions and what
happened next (graded labels: hired > applied > interested > approved > rejected; docs/outcomes.md).

Both score a feature matrix (columns in `features.FEATURE_NAMES` order) and save as
JSON (never pickle): the saved file names its features, version and training metrics.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import ndcg_score, roc_auc_score
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data

from matcher.features import FEATURE_NAMES

__all__ = [
    "DEFAULT_WEIGHTS",
    "MIN_DECISIONS",
    "Decision",
    "DecisionReranker",
    "DefaultWeighting",
    "Grade",
    "PromotionReport",
    "Scorer",
    "grade",
    "load_model",
    "model_from_json",
    "save_model",
    "train_and_maybe_promote",
]

FORMAT = "wayfinder-ranker/1"
MIN_DECISIONS = 50  # below this a learned model is noise; the default weighting stays
HOLDOUT_SHARE = 0.25

# Reasons that say nothing about fit the features describe: the posting's safety goes
# to screening, "already applied" is about timing, location is a hard constraint.
IGNORED_REASONS = frozenset({"safety_concern", "already_applied", "location"})
# Which feature a rejection reason points at; reported so staff can see the model agrees.
REASON_FEATURE = {
    "pay_too_low": "pay_vs_local_wage",
    "schedule": "schedule_fit",
    "needs_training_first": "skill_coverage",
    "not_a_fit": "semantic",
    "good_fit": "semantic",
}

# Relevance weights (semantic, semantic_parts, lexical, occupation_support, skill_coverage, title_overlap):
# tuned on the TRAINING side of the evaluation suite only (matcher/split_rule.py) by
#     WAYFINDER_HOME=/tmp/h13w/home .venv/bin/python scripts/tune_default_weights.py --start former   (2026-12-07)
# a coordinate search over the grid 0..3 (matcher/evaluation/weight_tuning.py) maximizing mean nDCG@10 over
# the training-side twins of sets 1-3 and the 26 caseworker profiles whose grade-2 occupations are all
# training ones, with the fine-tuned encoder. Lexical went 1 -> 0: on every training-side set, long task
# lists included, adding the z-scored BM25 column lowered nDCG@10 (BM25 still picks pool members and feeds
# occupation_support). Before -> after on the training side: mean 0.5169 -> 0.5757 (matcher/evaluation/
# RESULTS.md). interest_match is a judgment call (no set has interests); job-quality weights are small
# tie-breakers that never outweigh relevance, and the suite cannot judge them, so they were not searched.
DEFAULT_WEIGHTS: dict[str, float] = {
    "semantic": 2.0,
    "semantic_parts": 1.5,
    "lexical": 0.0,
    "fused": 0.0,
    "occupation_support": 0.5,
    "skill_coverage": 1.0,
    "skill_overlap": 0.0,
    "title_overlap": 1.0,
    "interest_match": 0.3,
    "pay_known": 0.05,
    "pay_vs_floor": 0.05,
    "pay_vs_local_wage": 0.1,
    "schedule_fit": 0.05,
    "employment_type_fit": 0.05,
    "is_program": 0.0,
    "program_affordability": 0.1,
    "program_shortness": 0.05,
    "program_outcomes": 0.1,
}

FloatArray = npt.NDArray[np.float64]


class Scorer(Protocol):
    """Anything that scores feature rows (higher = better) and saves itself as JSON."""

    @property
    def version(self) -> str: ...
    def relevance(self, X: npt.ArrayLike) -> FloatArray: ...
    def to_json(self) -> dict[str, Any]: ...


def _version(kind: str, payload: Any) -> str:
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    return f"{kind}-{digest[:12]}"


class DefaultWeighting:
    """Transparent linear weighting used until enough decisions exist."""

    def __init__(
        self,
        weights: Mapping[str, float] | None = None,
        *,
        metrics: Mapping[str, Any] | None = None,
    ) -> None:
        self.weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
        unknown = set(self.weights) - set(FEATURE_NAMES)
        if unknown:
            raise ValueError(f"Unknown feature names in weights: {sorted(unknown)}")
        self._w = np.array([self.weights.get(n, 0.0) for n in FEATURE_NAMES], dtype=np.float64)
        self.metrics = dict(metrics or {})

    @property
    def version(self) -> str:
        return _version("default", self.weights)

    def relevance(self, X: npt.ArrayLike) -> FloatArray:
        """Weighted sum of feature columns."""
        arr = np.asarray(X, dtype=np.float64).reshape(-1, len(FEATURE_NAMES))
        return arr @ self._w

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": "default",
            "version": self.version,
            "feature_names": list(FEATURE_NAMES),
            "weights": self.weights,
            "metrics": self.metrics,
        }


class DecisionReranker(ClassifierMixin, BaseEstimator):
    """Logistic regression on standardized features: P(caseworker approves | features).

    Args:
        C: inverse L2 regularization strength.
        class_weight: passed to LogisticRegression; "balanced" because rejections dominate.
        max_iter: solver iteration cap.
    """

    def __init__(self, C: float = 1.0, class_weight: str | None = "balanced", max_iter: int = 1000) -> None:
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter

    def fit(self, X: npt.ArrayLike, y: npt.ArrayLike, sample_weight: npt.ArrayLike | None = None) -> DecisionReranker:
        """Learn standardization and coefficients from labelled feature rows."""
        X_arr, y_arr = validate_data(self, X, y)
        check_classification_targets(y_arr)
        y_type = type_of_target(y_arr, input_name="y", raise_unknown=True)
        if y_type != "binary":
            raise ValueError(f"Only binary classification is supported. The type of the target is {y_type}.")
        self.classes_ = np.unique(y_arr)
        if len(self.classes_) != 2:
            raise ValueError(f"Need exactly 2 classes to train; got {len(self.classes_)} class(es).")
        # Weighted moments, so a weight of 2 means the same as a repeated row.
        w = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if w is not None and not w.sum() > 0:
            raise ValueError("Sample weights must contain at least one non-zero number.")
        self.mean_ = np.average(X_arr, axis=0, weights=w)
        scale = np.sqrt(np.average((X_arr - self.mean_) ** 2, axis=0, weights=w))
        self.scale_ = np.where(scale > 0, scale, 1.0)
        lr = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)
        lr.fit((X_arr - self.mean_) / self.scale_, y_arr, sample_weight=sample_weight)
        self.coef_ = lr.coef_.ravel().astype(np.float64)
        self.intercept_ = float(lr.intercept_[0])
        self.n_iter_ = np.asarray(lr.n_iter_)
        return self

    def decision_function(self, X: npt.ArrayLike) -> FloatArray:
        """Log-odds of the positive (second) class."""
        check_is_fitted(self)
        X_arr = validate_data(self, X, reset=False)
        return np.asarray(((X_arr - self.mean_) / self.scale_) @ self.coef_ + self.intercept_)

    def predict_proba(self, X: npt.ArrayLike) -> FloatArray:
        """Class probabilities, columns in `classes_` order."""
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: npt.ArrayLike) -> npt.NDArray[Any]:
        """The more probable class label."""
        check_is_fitted(self)
        return np.asarray(self.classes_[(self.decision_function(X) > 0).astype(int)])

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # approve / reject only
        return tags

    # --- ranking interface (sklearn's own `score` stays accuracy) ---

    @property
    def version(self) -> str:
        check_is_fitted(self)
        return _version("logistic", [self.coef_.round(8).tolist(), round(self.intercept_, 8)])

    def relevance(self, X: npt.ArrayLike) -> FloatArray:
        """Ranking score: the approval log-odds."""
        return self.decision_function(np.asarray(X, dtype=np.float64))

    def to_json(self, metrics: Mapping[str, Any] | None = None) -> dict[str, Any]:
        check_is_fitted(self)
        return {
            "format": FORMAT,
            "kind": "logistic",
            "version": self.version,
            "feature_names": list(FEATURE_NAMES),
            "params": self.get_params(),
            "classes": [int(c) for c in self.classes_],
            "mean": self.mean_.tolist(),
            "scale": self.scale_.tolist(),
            "coef": self.coef_.tolist(),
            "intercept": self.intercept_,
            "metrics": dict(metrics or getattr(self, "metrics_", {})),
        }


def model_from_json(data: Mapping[str, Any]) -> DefaultWeighting | DecisionReranker:
    """Rebuild a saved model; refuses an unknown format or a different feature order."""
    if data.get("format") != FORMAT:
        raise ValueError(f"Not a {FORMAT} model file")
    if list(data.get("feature_names", [])) != list(FEATURE_NAMES):
        raise ValueError("Saved model's features differ from this version's FEATURE_NAMES")
    if data["kind"] == "default":
        return DefaultWeighting(data["weights"], metrics=data.get("metrics"))
    if data["kind"] != "logistic":
        raise ValueError(f"Unknown model kind {data['kind']!r}")
    model = DecisionReranker(**data["params"])
    model.classes_ = np.asarray(data["classes"])
    model.mean_ = np.asarray(data["mean"], dtype=np.float64)
    model.scale_ = np.asarray(data["scale"], dtype=np.float64)
    model.coef_ = np.asarray(data["coef"], dtype=np.float64)
    model.intercept_ = float(data["intercept"])
    model.n_features_in_ = len(FEATURE_NAMES)
    model.metrics_ = dict(data.get("metrics") or {})
    return model


def save_model(model: DefaultWeighting | DecisionReranker, path: Path) -> str:
    """Write the model as JSON; returns its version id."""
    data = model.to_json()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True))
    return str(data["version"])


def load_model(path: Path) -> DefaultWeighting | DecisionReranker:
    """Read a model saved by `save_model`."""
    return model_from_json(json.loads(path.read_text()))


# --- Training from decisions ---


class Grade(IntEnum):
    """How far a ranked item went: the training label (and the gain of held-out nDCG)."""

    REJECTED = 0  # the caseworker's latest verdict was a rejection
    APPROVED = 1  # approved (shared or not), nothing more known; also "not for me" from the person
    INTERESTED = 2  # the person answered "Interested"
    APPLIED = 3  # applied, interview, offer; enrolled in a program
    HIRED = 4  # hired (and every stage after it: still employed, left); a program completed, a credential


# Outcome stages (models.enums.OutcomeStage values) by the grade they reach.
HIRE_STAGES = frozenset({"hired", "employed_30", "employed_90", "employed_180", "left", "completed", "credential"})
APPLIED_STAGES = frozenset({"applied", "interview", "offer", "enrolled"})


def grade(approved: bool, response: str | None = None, stages: Iterable[str] = ()) -> Grade:
    """The label of one judged item. A rejection is 0 whatever else is stored: the caseworker's latest word is
    that the item was wrong for the person (an item is rejected after sharing only through a withdrawal and a
    re-proposal, so its earlier outcomes are about a verdict since taken back)."""
    if not approved:
        return Grade.REJECTED
    recorded = set(stages)
    if recorded & HIRE_STAGES:
        return Grade.HIRED
    if recorded & APPLIED_STAGES:
        return Grade.APPLIED
    if response == "interested":
        return Grade.INTERESTED
    return Grade.APPROVED


@dataclass(frozen=True, slots=True)
class Decision:
    """A caseworker's verdict on one ranked item, with the features it was ranked on and its grade."""

    profile_id: str
    features: Sequence[float]
    approved: bool
    reason: str | None = None
    label: Grade | None = None  # None: from the verdict alone (approved 1, rejected 0)

    @property
    def graded(self) -> Grade:
        if self.label is not None:
            return self.label
        return Grade.APPROVED if self.approved else Grade.REJECTED

    @classmethod
    def from_stored(
        cls,
        profile_id: str,
        features: Mapping[str, float],
        approved: bool,
        reason: str | None,
        response: str | None = None,
        stages: Iterable[str] = (),
    ) -> Decision:
        """From a stored `RankedMatch.features` dict (features added since then count as 0), the verdict, the
        person's answer and the outcome stages recorded for the item."""
        vector = [float(features.get(n, 0.0)) for n in FEATURE_NAMES]
        return cls(profile_id, vector, approved, reason, grade(approved, response, stages))


@dataclass
class PromotionReport:
    """What a retraining run did and why."""

    promoted: bool
    reason: str
    n_train: int = 0
    n_holdout: int = 0
    current_version: str = ""
    candidate_version: str | None = None
    current: dict[str, float] = field(default_factory=dict)
    candidate: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, dict[str, float]] = field(default_factory=dict)


def _holdout_mask(profile_ids: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Hold out whole profiles (by a stable hash) so one person's items never straddle."""
    buckets = [int(hashlib.sha256(p.encode()).hexdigest(), 16) % 100 for p in profile_ids]
    return np.asarray([b < HOLDOUT_SHARE * 100 for b in buckets])


def evaluate_scorer(
    scorer: Scorer,
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    groups: Sequence[str],
    gains: npt.ArrayLike | None = None,
) -> dict[str, float]:
    """Held-out AUC of approvals (y: 1 approved or better, 0 rejected) and mean per-profile nDCG, with each
    item's grade as its gain when `gains` is given (a hire ranked first counts more than an approval)."""
    s = scorer.relevance(X)
    y_arr = np.asarray(y, dtype=int)
    g_arr = y_arr if gains is None else np.asarray(gains, dtype=np.float64)
    auc = float(roc_auc_score(y_arr, s)) if len(set(y_arr.tolist())) == 2 else float("nan")
    ndcgs = []
    g = np.asarray(groups)
    for pid in dict.fromkeys(groups):
        m = g == pid
        if m.sum() >= 2 and g_arr[m].any():
            ndcgs.append(float(ndcg_score(g_arr[m][None, :], s[m][None, :])))
    return {"auc": auc, "ndcg": float(np.mean(ndcgs)) if ndcgs else float("nan")}


def _reason_summary(decisions: Sequence[Decision]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for reason, feature in REASON_FEATURE.items():
        rows = [d.features[FEATURE_NAMES.index(feature)] for d in decisions if d.reason == reason]
        if rows:
            out[reason] = {"count": float(len(rows)), f"mean_{feature}": float(np.mean(rows))}
    return out


def train_and_maybe_promote(
    decisions: Sequence[Decision], current: Scorer, *, C: float = 1.0
) -> tuple[Scorer, PromotionReport]:
    """Train on 75% of profiles (graded: positives weighted by their grade); promote only if held-out AUC rises
    and graded nDCG does not fall."""
    usable = [d for d in decisions if d.reason not in IGNORED_REASONS]
    report = PromotionReport(promoted=False, reason="", current_version=current.version)
    report.reasons = _reason_summary(usable)
    if len(usable) < MIN_DECISIONS:
        report.reason = f"{len(usable)} usable decisions; need {MIN_DECISIONS}"
        return current, report
    X = np.asarray([d.features for d in usable], dtype=np.float64)
    grades = np.asarray([int(d.graded) for d in usable])
    y = (grades >= Grade.APPROVED).astype(int)
    # An item that went further counts more: a hire weighs 4 approvals, a rejection 1 (docs/outcomes.md).
    weight = np.where(y == 1, grades, 1).astype(np.float64)
    groups = [d.profile_id for d in usable]
    hold = _holdout_mask(groups)
    if len(set(y[hold].tolist())) < 2 or len(set(y[~hold].tolist())) < 2:
        report.reason = "train or held-out part lacks approvals or rejections"
        return current, report
    # Only the training profiles reach `fit`; the held-out ones are scored, never learned from.
    model = DecisionReranker(C=C).fit(X[~hold], y[~hold], sample_weight=weight[~hold])
    held_groups = [g for g, h in zip(groups, hold, strict=True) if h]
    report.n_train, report.n_holdout = int((~hold).sum()), int(hold.sum())
    report.current = evaluate_scorer(current, X[hold], y[hold], held_groups, grades[hold])
    report.candidate = evaluate_scorer(model, X[hold], y[hold], held_groups, grades[hold])
    model.metrics_ = {**report.candidate, "n_train": report.n_train, "n_holdout": report.n_holdout}
    report.candidate_version = model.version
    better_auc = report.candidate["auc"] > np.nan_to_num(report.current["auc"], nan=0.0)
    new_ndcg, old_ndcg = report.candidate["ndcg"], report.current["ndcg"]
    ndcg_ok = np.isnan(new_ndcg) or np.isnan(old_ndcg) or new_ndcg >= old_ndcg - 1e-9
    if better_auc and ndcg_ok:
        report.promoted, report.reason = True, "higher held-out AUC, nDCG not lower"
        return model, report
    report.reason = "candidate did not beat the current model on held-out decisions"
    return current, report
