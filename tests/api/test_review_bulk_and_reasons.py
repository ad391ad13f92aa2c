"""Issue 15, the review page's service side: reasons that fit the kind of item, and bulk decisions that go
through the same checks, gate and audit as one decision, reporting each refused card on its own."""

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import Session

from api.services import review
from api.services.review import REASONS_BY_KIND, Decision, decide, decide_many
from matcher.encoder import Encoder
from models.enums import ItemKind, ReasonCode
from models.errors import ValidationFailed
from models.organization import User
from models.privacy.tools import PrivacyTools
from models.profile import SurvivorProfile
from models.recommendation import Recommendation
from tests.catalog_factories import add_job, add_program
from tests.factories import make_profile, make_recommendation, make_user, principal_for

REJECT_REASONS = [r for r in ReasonCode if r is not ReasonCode.GOOD_FIT]


@dataclass
class Desk:
    cw: User
    profile: SurvivorProfile
    jobs: list[Recommendation]
    program: Recommendation


@pytest.fixture
def desk(session: Session, encoder: Encoder) -> Desk:
    """A caseworker's profile with three proposed jobs and one proposed training program."""
    cw = make_user(session)
    profile = make_profile(session, org_id=cw.org_id, created_by=cw.id)
    jobs = [
        make_recommendation(
            session, profile=profile, actor=cw, job_posting_id=add_job(session, encoder, title=t).id, rank=i + 1
        )
        for i, t in enumerate(("Line Cook", "Dishwasher", "Prep Cook"))
    ]
    program = make_recommendation(session, profile=profile, actor=cw, program_id=add_program(session, encoder).id)
    return Desk(cw, profile, jobs, program)


def status_of(session: Session, rec_id: int) -> str:
    return str(
        session.connection()
        .execute(text("SELECT status FROM recommendation WHERE id = :i"), {"i": rec_id})
        .scalar_one()
    )


def decisions_of(session: Session, rec_id: int) -> list[tuple[str | None, str, str | None]]:
    rows = session.connection().execute(
        text(
            "SELECT from_status, to_status, reason_code FROM review_decision WHERE recommendation_id = :i ORDER BY id"
        ),
        {"i": rec_id},
    )
    return [(r[0], r[1], r[2]) for r in rows]


def audited(session: Session, pseudonym: str, action: str) -> list[Any]:
    rows = session.connection().execute(
        text("SELECT detail FROM audit_event WHERE pseudonym = :p AND action = :a ORDER BY id"),
        {"p": pseudonym, "a": action},
    )
    return [r[0]["recommendation_id"] for r in rows]


def test_a_program_is_never_rejected_as_pay_too_low_and_the_message_names_its_reasons(
    session: Session, desk: Desk, privacy: PrivacyTools
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        decide(session, principal_for(desk.cw), desk.program.id, Decision("reject", ReasonCode.PAY_TOO_LOW), privacy)
    assert refused.value.message == (
        '"pay too low" is not a reason for a training program. Choose one of: not a fit, safety concern, '
        "cost too high, schedule, location, prerequisites not met, already enrolled, other."
    )
    assert status_of(session, desk.program.id) == "proposed"
    assert decisions_of(session, desk.program.id) == [(None, "proposed", None)]


def test_a_job_is_never_rejected_as_already_enrolled_or_cost_too_high(
    session: Session, desk: Desk, privacy: PrivacyTools
) -> None:
    for reason in (ReasonCode.ALREADY_ENROLLED, ReasonCode.COST_TOO_HIGH, ReasonCode.PREREQUISITES_NOT_MET):
        with pytest.raises(ValidationFailed, match="is not a reason for a job"):
            decide(session, principal_for(desk.cw), desk.jobs[0].id, Decision("reject", reason), privacy)
    assert status_of(session, desk.jobs[0].id) == "proposed"


def test_a_rejection_without_a_reason_lists_the_reasons_of_its_kind(
    session: Session, desk: Desk, privacy: PrivacyTools
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        decide(session, principal_for(desk.cw), desk.program.id, Decision("reject"), privacy)
    assert "For a training program choose one of:" in refused.value.message
    assert "pay too low" not in refused.value.message and "cost too high" in refused.value.message


def test_every_kind_and_reason_pair_is_accepted_exactly_when_the_kind_lists_it(
    session: Session, desk: Desk, privacy: PrivacyTools
) -> None:
    """Exhaustive over the finite space: reject and withdraw, every kind, every reason."""
    principal = principal_for(desk.cw)
    for rec, kind in ((desk.jobs[0], ItemKind.JOB), (desk.program, ItemKind.PROGRAM)):
        for reason in REJECT_REASONS:
            fits = reason in REASONS_BY_KIND[kind.value]
            with session.begin_nested() as attempt:
                try:
                    decide(session, principal, rec.id, Decision("reject", reason), privacy)
                    rejected = True
                except ValidationFailed:
                    rejected = False
                assert rejected == fits, (kind, reason)
                attempt.rollback()
            with session.begin_nested() as attempt:
                decide(session, principal, rec.id, Decision("approve"), privacy)
                try:
                    decide(session, principal, rec.id, Decision("withdraw", reason), privacy)
                    withdrawn = True
                except ValidationFailed:
                    withdrawn = False
                assert withdrawn == fits, ("withdraw", kind, reason)
                attempt.rollback()
    assert ReasonCode.PAY_TOO_LOW not in REASONS_BY_KIND["program"]
    assert set(REASONS_BY_KIND["job"]) != set(REASONS_BY_KIND["program"])


def test_bulk_approve_decides_each_card_through_the_gate_and_audits_each(
    session: Session, desk: Desk, privacy: PrivacyTools
) -> None:
    ids = [r.id for r in desk.jobs[:2]]
    results = decide_many(session, principal_for(desk.cw), desk.profile.pseudonym, ids, Decision("approve"), privacy)
    assert [(r.recommendation_id, r.error, r.row["status"] if r.row else None) for r in results] == [
        (ids[0], None, "approved"),
        (ids[1], None, "approved"),
    ]
    for rec_id in ids:
        assert decisions_of(session, rec_id) == [(None, "proposed", None), ("proposed", "approved", "good_fit")]
    assert audited(session, desk.profile.pseudonym, "recommendation.approve") == ids
    assert status_of(session, desk.jobs[2].id) == "proposed"  # not selected, not touched


def test_bulk_decision_reports_each_refused_card_and_keeps_the_others(
    session: Session, desk: Desk, privacy: PrivacyTools, encoder: Encoder
) -> None:
    principal = principal_for(desk.cw)
    already = desk.jobs[1]
    decide(session, principal, already.id, Decision("approve"), privacy)
    other_profile = make_profile(session, org_id=desk.cw.org_id, created_by=desk.cw.id)
    elsewhere = make_recommendation(
        session, profile=other_profile, actor=desk.cw, job_posting_id=add_job(session, encoder).id
    )
    ids = [desk.jobs[0].id, already.id, elsewhere.id, desk.program.id, desk.jobs[2].id]

    results = decide_many(
        session, principal, desk.profile.pseudonym, ids, Decision("reject", ReasonCode.PAY_TOO_LOW), privacy
    )

    by_id = {r.recommendation_id: r for r in results}
    assert [r.recommendation_id for r in results] == ids
    assert by_id[desk.jobs[0].id].error is None and by_id[desk.jobs[2].id].error is None
    # approved -> rejected is a transition the service allows (a caseworker changing their mind); it went through.
    assert by_id[already.id].error is None
    assert by_id[elsewhere.id].error == f"No item {elsewhere.id} on this profile."
    assert by_id[desk.program.id].error == (
        '"pay too low" is not a reason for a training program. Choose one of: not a fit, safety concern, '
        "cost too high, schedule, location, prerequisites not met, already enrolled, other."
    )
    assert by_id[desk.program.id].row is not None and by_id[desk.program.id].row["status"] == "proposed"
    assert status_of(session, elsewhere.id) == "proposed"
    assert status_of(session, desk.program.id) == "proposed"
    assert decisions_of(session, desk.program.id) == [(None, "proposed", None)]
    assert audited(session, desk.profile.pseudonym, "recommendation.reject") == [
        desk.jobs[0].id,
        already.id,
        desk.jobs[2].id,
    ]


def test_bulk_approve_of_a_card_a_colleague_already_decided_is_refused_for_that_card_only(
    session: Session, desk: Desk, privacy: PrivacyTools
) -> None:
    colleague = make_user(session, org_id=desk.cw.org_id)
    decide(session, principal_for(colleague), desk.jobs[0].id, Decision("reject", ReasonCode.SCHEDULE), privacy)
    ids = [desk.jobs[0].id, desk.jobs[1].id]
    results = decide_many(session, principal_for(desk.cw), desk.profile.pseudonym, ids, Decision("approve"), privacy)
    assert results[0].error == (
        f"Recommendation {ids[0]} is rejected; 'approve' applies only to proposed ones. Re-propose it first."
    )
    assert results[1].error is None
    assert [status_of(session, i) for i in ids] == ["rejected", "approved"]


def test_bulk_needs_a_selection_and_a_reason_to_reject(session: Session, desk: Desk, privacy: PrivacyTools) -> None:
    principal, p = principal_for(desk.cw), desk.profile.pseudonym
    with pytest.raises(ValidationFailed, match="Select at least one item first"):
        decide_many(session, principal, p, [], Decision("approve"), privacy)
    with pytest.raises(ValidationFailed, match=r"Choose a reason to reject the selected items\."):
        decide_many(session, principal, p, [desk.jobs[0].id], Decision("reject"), privacy)
    with pytest.raises(ValidationFailed, match="only be approved or rejected"):
        decide_many(session, principal, p, [desk.jobs[0].id], Decision("share"), privacy)
    assert status_of(session, desk.jobs[0].id) == "proposed"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=st.lists(st.sampled_from(["proposed", "approved", "rejected"]), min_size=3, max_size=3),
    chosen=st.lists(st.integers(0, 2), min_size=1, max_size=5),
)
def test_bulk_approve_changes_exactly_the_selected_proposed_cards(
    session: Session, desk: Desk, privacy: PrivacyTools, before: list[str], chosen: list[int]
) -> None:
    """Whatever the cards' states and the selection (repeats included): the selected proposed cards end approved,
    every other selected card is reported with a reason and left as it was, and unselected cards are untouched."""
    principal = principal_for(desk.cw)
    with session.begin_nested() as example:
        for rec, status in zip(desk.jobs, before, strict=True):
            if status == "approved":
                decide(session, principal, rec.id, Decision("approve"), privacy)
            elif status == "rejected":
                decide(session, principal, rec.id, Decision("reject", ReasonCode.NOT_A_FIT), privacy)
        ids = [desk.jobs[i].id for i in chosen]
        results = review.decide_many(session, principal, desk.profile.pseudonym, ids, Decision("approve"), privacy)
        assert [r.recommendation_id for r in results] == list(dict.fromkeys(ids))
        for i, (rec, status) in enumerate(zip(desk.jobs, before, strict=True)):
            outcome = next((r for r in results if r.recommendation_id == rec.id), None)
            if i in chosen and status == "proposed":
                assert outcome is not None and outcome.error is None
                assert status_of(session, rec.id) == "approved"
            elif i in chosen:
                assert outcome is not None and outcome.error is not None
                assert status_of(session, rec.id) == status
            else:
                assert outcome is None and status_of(session, rec.id) == status
        example.rollback()
