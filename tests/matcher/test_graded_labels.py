"""Re-ranker labels graded by what happened next (issue 19): hired > applied > interested > approved >
rejected, under the existing split (whole profiles held out by hash) and promotion rules."""

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session

from api.services import review
from matcher.encoder import Encoder
from matcher.features import FEATURE_NAMES
from matcher.reranker import (
    Decision,
    DecisionReranker,
    DefaultWeighting,
    Grade,
    _holdout_mask,
    evaluate_scorer,
    grade,
    train_and_maybe_promote,
)
from models.enums import OutcomeStage, ReasonCode
from models.privacy.tools import PrivacyTools
from models.repositories import recommendations as rec_repo
from models.repositories.decisions import graded_verdicts
from tests.catalog_factories import add_job
from tests.factories import make_outcome, make_profile, make_recommendation, make_user, principal_for

N = len(FEATURE_NAMES)
SEM = FEATURE_NAMES.index("semantic")
TAG = N - 1  # a column other than semantic, used to tell examples apart
assert TAG != SEM


def test_grades_rank_hired_over_applied_over_interested_over_approved_over_rejected() -> None:
    assert [
        grade(False, "interested", ["hired"]),
        grade(True),
        grade(True, "not_for_me"),
        grade(True, "interested"),
        grade(True, None, ["applied"]),
        grade(True, "interested", ["interview", "offer"]),
        grade(True, None, ["enrolled"]),
        grade(True, None, ["hired"]),
        grade(True, None, ["hired", "left"]),
        grade(True, None, ["enrolled", "credential"]),
    ] == [0, 1, 1, 2, 3, 3, 3, 4, 4, 4]
    assert Grade.HIRED > Grade.APPLIED > Grade.INTERESTED > Grade.APPROVED > Grade.REJECTED


@given(
    approved=st.booleans(),
    response=st.sampled_from([None, "interested", "not_for_me"]),
    stages=st.sets(st.sampled_from([s.value for s in OutcomeStage])),
    more=st.sets(st.sampled_from([s.value for s in OutcomeStage])),
)
def test_recording_more_never_lowers_a_grade(
    approved: bool, response: str | None, stages: set[str], more: set[str]
) -> None:
    before = grade(approved, response, stages)
    assert grade(approved, response, stages | more) >= before
    assert grade(approved, "interested", stages) >= before
    assert (before == Grade.REJECTED) == (not approved)


def _graded_decisions(n: int, seed: int = 0) -> list[Decision]:
    """Rows that are each unique (so a row in `fit` names its example), with a graded signal in `semantic`."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        x = rng.normal(size=N)
        x[TAG] = i  # a unique tag per example
        sem = x[SEM]
        label = (
            Grade.REJECTED
            if sem < -0.2
            else Grade.HIRED
            if sem > 1.0
            else Grade.APPLIED
            if sem > 0.5
            else Grade.APPROVED
        )
        out.append(Decision(f"p{i % 40}", x.tolist(), label != Grade.REJECTED, None, label))
    return out


def test_no_held_out_example_reaches_training(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    real_fit = DecisionReranker.fit

    def spying_fit(self: DecisionReranker, X: Any, y: Any, sample_weight: Any = None) -> DecisionReranker:
        seen["tags"] = {int(row[TAG]) for row in np.asarray(X)}
        seen["weights"] = dict(
            zip((int(r[TAG]) for r in np.asarray(X)), np.asarray(sample_weight).tolist(), strict=True)
        )
        return real_fit(self, X, y, sample_weight=sample_weight)

    monkeypatch.setattr(DecisionReranker, "fit", spying_fit)
    ds = _graded_decisions(400)
    hold = _holdout_mask([d.profile_id for d in ds])
    _, report = train_and_maybe_promote(ds, DefaultWeighting({"pay_vs_local_wage": 1.0}))
    held_tags = {i for i, h in enumerate(hold) if h}
    assert held_tags and report.n_holdout == len(held_tags)
    assert seen["tags"].isdisjoint(held_tags)
    assert seen["tags"] == set(range(400)) - held_tags
    # A hire weighs four approvals, an application three, a rejection one.
    expected = {i: float(max(int(ds[i].graded), 1)) for i in seen["tags"]}
    assert seen["weights"] == expected


def test_graded_labels_still_promote_only_on_held_out_improvement() -> None:
    ds = _graded_decisions(600, seed=4)
    model, report = train_and_maybe_promote(ds, DefaultWeighting({"pay_vs_local_wage": 1.0}))
    assert report.promoted and isinstance(model, DecisionReranker)
    assert report.candidate["auc"] > report.current["auc"]
    assert report.candidate["ndcg"] >= report.current["ndcg"]


def test_held_out_ndcg_counts_a_hire_ranked_first_above_an_approval() -> None:
    class Fixed:
        version = "fixed"

        def __init__(self, scores: list[float]) -> None:
            self.scores = np.asarray(scores, dtype=np.float64)

        def relevance(self, X: Any) -> Any:
            return self.scores

        def to_json(self) -> dict[str, Any]:
            return {}

    X = np.zeros((3, N))
    y, gains, groups = [1, 1, 0], [4, 1, 0], ["p", "p", "p"]
    hire_first = evaluate_scorer(Fixed([3.0, 2.0, 1.0]), X, y, groups, gains)
    approval_first = evaluate_scorer(Fixed([2.0, 3.0, 1.0]), X, y, groups, gains)
    assert hire_first["ndcg"] == pytest.approx(1.0)
    # DCG 1/log2(2) + 4/log2(3) against the ideal 4/log2(2) + 1/log2(3).
    assert approval_first["ndcg"] == pytest.approx((1 + 4 / np.log2(3)) / (4 + 1 / np.log2(3)))
    # Without grades both orders are perfect: the approvals are all above the rejection.
    assert evaluate_scorer(Fixed([2.0, 3.0, 1.0]), X, y, groups)["ndcg"] == pytest.approx(1.0)


def test_graded_verdicts_read_answers_and_outcomes_from_the_database(
    session: Session, encoder: Encoder, privacy: PrivacyTools
) -> None:
    user = make_user(session)
    who = principal_for(user)
    profile = make_profile(session, org_id=user.org_id)
    recs = [
        make_recommendation(
            session, profile=profile, actor=user, job_posting_id=add_job(session, encoder).id, features={"semantic": i}
        )
        for i in range(6)
    ]
    steps = [("reject",), ("approve",), ("approve", "share"), ("approve", "share"), ("approve", "share"), ()]
    for rec, actions in zip(recs, steps, strict=True):
        for action in actions:
            reason = ReasonCode.NOT_A_FIT if action == "reject" else None
            review.decide(session, who, rec.id or 0, review.Decision(action, reason), privacy)  # type: ignore[arg-type]
    conn = session.connection()
    rec_repo.add_decision(
        conn, recommendation_id=recs[2].id or 0, from_status="shared", to_status="interested", actor_id=None
    )
    rec_repo.set_response(conn, recommendation_id=recs[2].id or 0, response="interested")
    make_outcome(session, recommendation=recs[3], stage="applied")
    make_outcome(session, recommendation=recs[4], stage="applied")
    make_outcome(session, recommendation=recs[4], stage="hired")
    rows = [v for v in graded_verdicts(conn) if v[0] == profile.pseudonym]
    # The item never judged (recs[5]) is not a training example.
    assert [(v[1]["semantic"], int(Decision.from_stored(*v).graded)) for v in rows] == [
        (0, 0),
        (1, 1),
        (2, 2),
        (3, 3),
        (4, 4),
    ]
    assert rows[4][5] == ["applied", "hired"]
