"""Outcome stages (issue 19): what a caseworker records after sharing, each refusal in plain words,
corrections audited, retention checks after a hire on a frozen clock, the agency's own follow-up days, the
dashboard's "due this week" list, tenancy."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session

from api.services import follow_ups, outcomes, review
from api.services.principal import Principal
from matcher.encoder import Encoder
from models.clock import FrozenClock
from models.enums import LeftReason, OutcomeStage, Role
from models.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from models.organization import User
from models.privacy.tools import PrivacyTools
from models.profile import SurvivorProfile
from models.recommendation import Recommendation
from tests.api.clients import signed_in
from tests.catalog_factories import add_job, add_program
from tests.factories import make_follow_up, make_profile, make_recommendation, make_user, principal_for

S = OutcomeStage
NOW = datetime.now(UTC)
TODAY = NOW.date()


@dataclass
class Shared:
    user: User
    who: Principal
    profile: SurvivorProfile
    job: Recommendation
    clock: FrozenClock


def _share(session: Session, who: Principal, rec: Recommendation, privacy: PrivacyTools) -> None:
    for action in ("approve", "share"):
        review.decide(session, who, rec.id or 0, review.Decision(action), privacy)  # type: ignore[arg-type]


@pytest.fixture
def shared(session: Session, encoder: Encoder, privacy: PrivacyTools) -> Shared:
    """A caseworker's profile with one job shared today; the clock stands at now."""
    user = make_user(session)
    who = principal_for(user)
    profile = make_profile(session, org_id=user.org_id, created_by=user.id)
    job = make_recommendation(session, profile=profile, actor=user, job_posting_id=add_job(session, encoder).id)
    _share(session, who, job, privacy)
    return Shared(user, who, profile, job, FrozenClock(NOW))


def _events(session: Session, pseudonym: str, prefix: str) -> list[tuple[str, dict[str, Any]]]:
    rows = session.connection().exec_driver_sql(
        "SELECT action, detail FROM audit_event WHERE pseudonym = %s AND action LIKE %s ORDER BY id",
        (pseudonym, prefix + "%"),
    )
    return [(a, d) for a, d in rows]


def _rec_outcome(session: Session, rec_id: int) -> str | None:
    return session.connection().exec_driver_sql("SELECT outcome FROM recommendation WHERE id = %s", (rec_id,)).scalar()


def _refused(exc: pytest.ExceptionInfo[ValidationFailed]) -> tuple[str, str]:
    assert isinstance(exc.value, outcomes.OutcomeRefused)
    return exc.value.field, exc.value.message


# --- recording ------------------------------------------------------------------------------------------


def test_recording_a_hire_stores_its_start_pay_and_hours_logs_a_decision_and_sets_the_latest_outcome(
    session: Session, shared: Shared, privacy: PrivacyTools
) -> None:
    rec_id = shared.job.id or 0
    outcomes.record_stage(session, shared.who, rec_id, S.APPLIED, TODAY, clock=shared.clock)
    got = outcomes.record_stage(
        session,
        shared.who,
        rec_id,
        S.HIRED,
        TODAY,
        pay_min="18.5",
        pay_max=Decimal("21"),
        hours_per_week=32,
        clock=shared.clock,
    )
    assert (got.corrected, got.row["pay_min"], got.row["pay_max"], got.row["hours_per_week"]) == (
        False,
        Decimal("18.50"),
        Decimal("21.00"),
        32,
    )
    stored = outcomes.for_recommendation(session, shared.who, rec_id)
    assert [(r["stage"], r["occurred_on"], r["recorded_by"]) for r in stored] == [
        ("applied", TODAY, shared.user.id),
        ("hired", TODAY, shared.user.id),
    ]
    history = review.decision_history(session, shared.who, rec_id, privacy)
    assert [(h["from_status"], h["to_status"]) for h in history][-2:] == [("shared", "applied"), ("shared", "hired")]
    assert _rec_outcome(session, rec_id) == "hired"
    assert [a for a, _ in _events(session, shared.profile.pseudonym, "outcome.")] == [
        "outcome.record",
        "outcome.record",
        "outcome.view",
    ]


def test_outcomes_are_refused_until_the_item_is_shared(session: Session, encoder: Encoder) -> None:
    user = make_user(session)
    profile = make_profile(session, org_id=user.org_id)
    rec = make_recommendation(session, profile=profile, actor=user, job_posting_id=add_job(session, encoder).id)
    with pytest.raises(ConflictError, match="is proposed; outcomes follow sharing"):
        outcomes.record_stage(session, principal_for(user), rec.id or 0, S.APPLIED, TODAY)


def test_job_stages_are_refused_for_a_program_and_program_stages_for_a_job(
    session: Session, encoder: Encoder, privacy: PrivacyTools, shared: Shared
) -> None:
    course = make_recommendation(
        session, profile=shared.profile, actor=shared.user, program_id=add_program(session, encoder).id
    )
    _share(session, shared.who, course, privacy)
    with pytest.raises(ValidationFailed) as exc:
        outcomes.record_stage(session, shared.who, course.id or 0, S.HIRED, TODAY, clock=shared.clock)
    assert _refused(exc) == (
        "stage",
        '"hired" is not a stage of a training program. Choose one of: enrolled, completed, credential earned.',
    )
    with pytest.raises(ValidationFailed, match='"enrolled" is not a stage of a job'):
        outcomes.record_stage(session, shared.who, shared.job.id or 0, S.ENROLLED, TODAY, clock=shared.clock)
    enrolled = outcomes.record_stage(session, shared.who, course.id or 0, S.ENROLLED, TODAY, clock=shared.clock)
    assert enrolled.row["stage"] == "enrolled"


def test_a_date_in_the_future_or_before_the_share_is_refused(session: Session, shared: Shared) -> None:
    rec_id = shared.job.id or 0
    tomorrow, yesterday = TODAY + timedelta(days=1), TODAY - timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        outcomes.record_stage(session, shared.who, rec_id, S.APPLIED, tomorrow, clock=shared.clock)
    assert _refused(exc) == (
        "occurred_on",
        f"{tomorrow.isoformat()} is in the future: record a stage once it has happened.",
    )
    with pytest.raises(ValidationFailed) as exc:
        outcomes.record_stage(session, shared.who, rec_id, S.APPLIED, yesterday, clock=shared.clock)
    assert _refused(exc)[0] == "occurred_on"
    assert f"before the item was shared ({TODAY.isoformat()})" in exc.value.message


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"pay_min": "20", "pay_max": "18"}, "pay_max", "The highest pay (18.00) is below the lowest (20.00)"),
        ({"pay_min": "-1"}, "pay_min", "Pay cannot be below zero"),
        ({"pay_max": "52000"}, "pay_max", "looks like a yearly or monthly figure"),
        ({"pay_min": "lots"}, "pay_min", "Write the pay as a number of dollars an hour"),
        ({"hours_per_week": 0}, "hours_per_week", "Hours a week must be a whole number from 1 to 100."),
        ({"hours_per_week": 101}, "hours_per_week", "Hours a week must be a whole number from 1 to 100."),
    ],
)
def test_a_hires_pay_range_and_hours_are_checked(
    session: Session, shared: Shared, fields: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        outcomes.record_stage(session, shared.who, shared.job.id or 0, S.HIRED, TODAY, clock=shared.clock, **fields)
    assert _refused(exc)[0] == field and words in exc.value.message
    assert outcomes.for_recommendation(session, shared.who, shared.job.id or 0) == []


def test_pay_hours_and_reasons_belong_to_their_own_stage(session: Session, shared: Shared) -> None:
    rec_id = shared.job.id or 0
    with pytest.raises(ValidationFailed, match="Pay and hours are recorded with the hire only"):
        outcomes.record_stage(session, shared.who, rec_id, S.APPLIED, TODAY, pay_min="18", clock=shared.clock)
    with pytest.raises(ValidationFailed, match="A reason is recorded only when the person left"):
        outcomes.record_stage(session, shared.who, rec_id, S.OFFER, TODAY, reason_code="fired", clock=shared.clock)


def test_leaving_needs_a_hire_and_a_reason_code(session: Session, shared: Shared) -> None:
    rec_id = shared.job.id or 0
    with pytest.raises(ValidationFailed) as exc:
        outcomes.record_stage(session, shared.who, rec_id, S.LEFT, TODAY, reason_code="fired", clock=shared.clock)
    assert _refused(exc) == ("stage", 'Record the hire first: "left the job" follows a hire.')
    outcomes.record_stage(session, shared.who, rec_id, S.HIRED, TODAY, clock=shared.clock)
    with pytest.raises(ValidationFailed) as exc:
        outcomes.record_stage(session, shared.who, rec_id, S.LEFT, TODAY, clock=shared.clock)
    assert _refused(exc)[0] == "reason_code" and "laid off, quit found better" in exc.value.message
    with pytest.raises(ValidationFailed, match="Say why the person left"):
        outcomes.record_stage(session, shared.who, rec_id, S.LEFT, TODAY, reason_code="bored", clock=shared.clock)
    left = outcomes.record_stage(
        session, shared.who, rec_id, S.LEFT, TODAY, reason_code=LeftReason.CONTRACT_ENDED, clock=shared.clock
    )
    assert left.row["reason_code"] == "contract_ended"
    assert _rec_outcome(session, rec_id) == "left"  # same day as the hire: the stage further along is latest


def test_still_employed_needs_a_hire_and_its_day_to_have_come(session: Session, shared: Shared) -> None:
    rec_id = shared.job.id or 0
    with pytest.raises(ValidationFailed, match='Record the hire first: "still employed at 30 days"'):
        outcomes.record_stage(session, shared.who, rec_id, S.EMPLOYED_30, TODAY, clock=shared.clock)
    outcomes.record_stage(session, shared.who, rec_id, S.HIRED, TODAY, clock=shared.clock)
    shared.clock.advance(days=40)
    day_29 = TODAY + timedelta(days=29)
    with pytest.raises(ValidationFailed) as exc:
        outcomes.record_stage(session, shared.who, rec_id, S.EMPLOYED_30, day_29, clock=shared.clock)
    assert _refused(exc) == (
        "occurred_on",
        f'"still employed at 30 days" can be recorded from {(TODAY + timedelta(days=30)).isoformat()} '
        f"(30 days after the start on {TODAY.isoformat()}).",
    )
    with pytest.raises(ValidationFailed, match="is in the future"):
        outcomes.record_stage(
            session, shared.who, rec_id, S.EMPLOYED_90, TODAY + timedelta(days=90), clock=shared.clock
        )
    ok = outcomes.record_stage(
        session, shared.who, rec_id, S.EMPLOYED_30, TODAY + timedelta(days=30), clock=shared.clock
    )
    assert ok.row["occurred_on"] == TODAY + timedelta(days=30)
    assert _rec_outcome(session, rec_id) == "employed_30"


def test_a_second_record_of_a_stage_is_a_correction_audited_with_before_and_after(
    session: Session, shared: Shared
) -> None:
    rec_id = shared.job.id or 0
    outcomes.record_stage(session, shared.who, rec_id, S.HIRED, TODAY, pay_min="17", clock=shared.clock)
    again = outcomes.record_stage(
        session,
        shared.who,
        rec_id,
        S.HIRED,
        TODAY,
        pay_min="17",
        pay_max="19.25",
        hours_per_week=40,
        clock=shared.clock,
    )
    assert again.corrected is True
    rows = outcomes.for_recommendation(session, shared.who, rec_id)
    assert [(r["stage"], r["pay_min"], r["pay_max"], r["hours_per_week"]) for r in rows] == [
        ("hired", Decimal("17.00"), Decimal("19.25"), 40)
    ]
    corrections = [d for a, d in _events(session, shared.profile.pseudonym, "outcome.correct")]
    day = TODAY.isoformat()
    assert corrections == [
        {
            "recommendation_id": rec_id,
            "stage": "hired",
            "before": {
                "occurred_on": day,
                "pay_min": "17.00",
                "pay_max": None,
                "hours_per_week": None,
                "reason_code": None,
            },
            "after": {
                "occurred_on": day,
                "pay_min": "17.00",
                "pay_max": "19.25",
                "hours_per_week": 40,
                "reason_code": None,
            },
        }
    ]


def test_removing_a_stage_is_audited_and_a_hire_with_later_stages_stays(session: Session, shared: Shared) -> None:
    rec_id = shared.job.id or 0
    outcomes.record_stage(session, shared.who, rec_id, S.APPLIED, TODAY, clock=shared.clock)
    outcomes.record_stage(session, shared.who, rec_id, S.HIRED, TODAY, clock=shared.clock)
    outcomes.record_stage(session, shared.who, rec_id, S.LEFT, TODAY, reason_code="laid_off", clock=shared.clock)
    with pytest.raises(ConflictError, match='Remove "left the job" first: they follow this hire'):
        outcomes.remove_stage(session, shared.who, rec_id, S.HIRED)
    assert [code for _, _, code in _hire_checks(session, shared)] == ["left_job"] * 3
    left = outcomes.remove_stage(session, shared.who, rec_id, "left")
    assert [r["stage"] for r in left] == ["applied", "hired"]
    assert _rec_outcome(session, rec_id) == "hired"
    assert [code for _, _, code in _hire_checks(session, shared)] == [None] * 3  # open again
    left = outcomes.remove_stage(session, shared.who, rec_id, S.HIRED)
    assert [r["stage"] for r in left] == ["applied"]
    assert _rec_outcome(session, rec_id) == "applied"
    # The hire's open retention checks went with it.
    rows = follow_ups.for_profile(session, shared.who, shared.profile.pseudonym, clock=shared.clock)
    assert {r["reason"] for r in rows} == {"shared"}
    removed = [
        (d["stage"], d["before"]["reason_code"])
        for a, d in _events(session, shared.profile.pseudonym, "outcome.delete")
    ]
    assert removed == [("left", "laid_off"), ("hired", None)]
    with pytest.raises(NotFoundError, match='Nothing is recorded as "offer"'):
        outcomes.remove_stage(session, shared.who, rec_id, S.OFFER)


def test_unknown_stage_words_are_refused_and_the_old_word_interviewed_means_interview() -> None:
    assert outcomes.stage_from_word("interviewed") == S.INTERVIEW
    with pytest.raises(ValidationFailed, match='"promoted" is not a stage; choose one of: applied, interview'):
        outcomes.stage_from_word("promoted")


@given(
    low=st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False),
    high=st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False),
)
def test_a_published_pay_range_is_accepted_exactly_when_its_lowest_is_not_above_its_highest(
    low: Decimal, high: Decimal
) -> None:
    try:
        outcomes._check_fields(S.HIRED, low, high, None, None)
    except outcomes.OutcomeRefused as refused:
        assert low > high and refused.field == "pay_max"
    else:
        assert low <= high


# --- follow-ups after a hire -------------------------------------------------------------------------


def _hire_checks(session: Session, shared: Shared) -> list[tuple[int, date, str | None]]:
    rows = follow_ups.for_profile(session, shared.who, shared.profile.pseudonym, clock=shared.clock)
    return sorted((r["offset_days"], r["due_on"], r["result_code"]) for r in rows if r["reason"] == "hired")


def test_a_hire_schedules_retention_checks_30_90_180_days_after_its_start(session: Session, shared: Shared) -> None:
    rec_id = shared.job.id or 0
    shared.clock.advance(days=10)
    start = TODAY + timedelta(days=3)
    got = outcomes.record_stage(session, shared.who, rec_id, S.HIRED, start, clock=shared.clock)
    assert len(got.follow_up_ids) == 3
    assert _hire_checks(session, shared) == [
        (30, start + timedelta(days=30), None),
        (90, start + timedelta(days=90), None),
        (180, start + timedelta(days=180), None),
    ]
    # A corrected start date moves the checks with it (and adds none).
    later = TODAY + timedelta(days=5)
    again = outcomes.record_stage(session, shared.who, rec_id, S.HIRED, later, clock=shared.clock)
    assert again.follow_up_ids == []
    assert [d for _, d, _ in _hire_checks(session, shared)] == [later + timedelta(days=n) for n in (30, 90, 180)]


def test_recording_the_90_day_check_as_still_employed_writes_employed_90(session: Session, shared: Shared) -> None:
    rec_id = shared.job.id or 0
    outcomes.record_stage(session, shared.who, rec_id, S.HIRED, TODAY, clock=shared.clock)
    check_90 = next(
        r
        for r in follow_ups.for_profile(session, shared.who, shared.profile.pseudonym, clock=shared.clock)
        if r["reason"] == "hired" and r["offset_days"] == 90
    )
    with pytest.raises(ValidationFailed, match="can be recorded from"):  # called too early: day 60
        shared.clock.advance(days=60)
        follow_ups.record(
            session, shared.who, check_90["id"], follow_ups.FollowUpResult.STILL_EMPLOYED, clock=shared.clock
        )
    shared.clock.advance(days=32)  # day 92
    follow_ups.record(session, shared.who, check_90["id"], follow_ups.FollowUpResult.STILL_EMPLOYED, clock=shared.clock)
    stages = {r["stage"]: r["occurred_on"] for r in outcomes.for_recommendation(session, shared.who, rec_id)}
    assert stages == {"hired": TODAY, "employed_90": TODAY + timedelta(days=90)}
    assert _hire_checks(session, shared) == [
        (30, TODAY + timedelta(days=30), None),
        (90, TODAY + timedelta(days=90), "still_employed"),
        (180, TODAY + timedelta(days=180), None),
    ]
    assert _rec_outcome(session, rec_id) == "employed_90"


def test_recording_a_check_as_left_writes_left_with_its_reason_and_closes_the_open_checks(
    session: Session, shared: Shared
) -> None:
    rec_id = shared.job.id or 0
    outcomes.record_stage(session, shared.who, rec_id, S.HIRED, TODAY, clock=shared.clock)
    shared.clock.advance(days=31)
    check_30 = next(
        r
        for r in follow_ups.for_profile(session, shared.who, shared.profile.pseudonym, clock=shared.clock)
        if r["reason"] == "hired" and r["offset_days"] == 30
    )
    left_on = TODAY + timedelta(days=20)
    follow_ups.record(
        session,
        shared.who,
        check_30["id"],
        follow_ups.FollowUpResult.LEFT_JOB,
        left_reason=LeftReason.QUIT_FOUND_BETTER,
        left_on=left_on,
        clock=shared.clock,
    )
    stages = {
        r["stage"]: (r["occurred_on"], r["reason_code"])
        for r in outcomes.for_recommendation(session, shared.who, rec_id)
    }
    assert stages == {"hired": (TODAY, None), "left": (left_on, "quit_found_better")}
    assert [code for _, _, code in _hire_checks(session, shared)] == ["left_job", "left_job", "left_job"]


def test_a_hire_closes_the_items_open_calls_after_the_share_and_keeps_the_recorded_ones(
    session: Session, shared: Shared
) -> None:
    after_share = [
        r for r in follow_ups.for_profile(session, shared.who, shared.profile.pseudonym) if r["reason"] == "shared"
    ]
    first = min(after_share, key=lambda r: r["offset_days"])
    follow_ups.record(session, shared.who, first["id"], follow_ups.FollowUpResult.REACHED, clock=shared.clock)
    shared.clock.advance(days=10)
    outcomes.record_stage(
        session, shared.who, shared.job.id or 0, S.HIRED, TODAY + timedelta(days=3), clock=shared.clock
    )
    rows = follow_ups.for_profile(session, shared.who, shared.profile.pseudonym, clock=shared.clock)
    by_offset = {r["offset_days"]: r["result_code"] for r in rows if r["reason"] == "shared"}
    assert by_offset == {7: "reached", 30: "hired", 90: "hired", 180: "hired"}
    assert all(r["done_at"] is None for r in rows if r["reason"] == "hired")  # the retention checks stay open
    closed = [
        d for a, d in _events(session, shared.profile.pseudonym, "follow_up.record") if d.get("result_code") == "hired"
    ]
    assert closed and sorted(closed[-1]["follow_up_ids"]) == sorted(
        r["id"] for r in rows if r["reason"] == "shared" and r["offset_days"] != 7
    )


def test_the_hire_result_is_never_recorded_by_hand(session: Session, shared: Shared) -> None:
    first = follow_ups.for_profile(session, shared.who, shared.profile.pseudonym, clock=shared.clock)[0]
    with pytest.raises(ValidationFailed, match="Record the hire on the item itself"):
        follow_ups.record(session, shared.who, first["id"], follow_ups.FollowUpResult.HIRED, clock=shared.clock)


def test_still_employed_is_refused_on_a_follow_up_after_a_share(session: Session, shared: Shared) -> None:
    first = follow_ups.for_profile(session, shared.who, shared.profile.pseudonym, clock=shared.clock)[0]
    assert first["reason"] == "shared"
    with pytest.raises(ValidationFailed, match='"Still employed" and "left the job" answer the checks after a hire'):
        follow_ups.record(
            session, shared.who, first["id"], follow_ups.FollowUpResult.STILL_EMPLOYED, clock=shared.clock
        )


# --- the agency's own follow-up days ------------------------------------------------------------------


def test_the_agencys_own_follow_up_days_are_used_when_an_item_is_shared(
    session: Session, encoder: Encoder, privacy: PrivacyTools
) -> None:
    user = make_user(session)
    admin = principal_for(make_user(session, org=_org_of(session, user), role=Role.ADMIN))
    assert follow_ups.days_for_org(session, admin) == ([7, 30, 90, 180], False)
    assert follow_ups.set_days_for_org(session, admin, [60, 14, 14]) == [14, 60]
    assert follow_ups.days_for_org(session, admin) == ([14, 60], True)
    who = principal_for(user)
    profile = make_profile(session, org_id=user.org_id)
    rec = make_recommendation(session, profile=profile, actor=user, job_posting_id=add_job(session, encoder).id)
    _share(session, who, rec, privacy)
    rows = follow_ups.for_profile(session, who, profile.pseudonym)
    assert [(r["offset_days"], r["due_on"]) for r in rows] == [
        (14, TODAY + timedelta(days=14)),
        (60, TODAY + timedelta(days=60)),
    ]
    # Back to the site setting; an agency elsewhere never saw the change.
    assert follow_ups.set_days_for_org(session, admin, None) is None
    elsewhere = principal_for(make_user(session, role=Role.ADMIN))
    assert follow_ups.days_for_org(session, elsewhere) == ([7, 30, 90, 180], False)


def _org_of(session: Session, user: User) -> Any:
    from models.organization import Organization

    return session.get(Organization, user.org_id)


@pytest.mark.parametrize("days", [[], [0], [3651], list(range(1, 14))])
def test_agency_follow_up_days_are_checked_like_the_site_setting(session: Session, days: list[int]) -> None:
    admin = principal_for(make_user(session, role=Role.ADMIN))
    with pytest.raises(ValidationFailed, match="whole days between 1 and 3650"):
        follow_ups.set_days_for_org(session, admin, days)


def test_only_an_admin_sets_the_agencys_follow_up_days(session: Session) -> None:
    with pytest.raises(PermissionDeniedError):
        follow_ups.set_days_for_org(session, principal_for(make_user(session)), [7])
    assert follow_ups.parse_days(" 7, 30 90 ") == [7, 30, 90]
    assert follow_ups.parse_days("  ") is None
    with pytest.raises(ValidationFailed, match="whole numbers separated by commas"):
        follow_ups.parse_days("7, thirty")


# --- due this week ------------------------------------------------------------------------------------


def test_due_this_week_lists_open_follow_ups_overdue_or_within_seven_days_of_the_organization(
    session: Session,
) -> None:
    user = make_user(session)
    who = principal_for(user)
    p = make_profile(session, org_id=user.org_id, label="tuesday group")
    overdue = make_follow_up(session, profile=p, due_on=TODAY - timedelta(days=3))
    today = make_follow_up(session, profile=p, due_on=TODAY, offset_days=30)
    in_7 = make_follow_up(session, profile=p, due_on=TODAY + timedelta(days=7), offset_days=90)
    make_follow_up(session, profile=p, due_on=TODAY + timedelta(days=8), offset_days=180)  # next week
    done = make_follow_up(session, profile=p, due_on=TODAY, offset_days=1)
    follow_ups.record(session, who, done.id or 0, follow_ups.FollowUpResult.REACHED)
    stranger = make_user(session)
    make_follow_up(session, profile=make_profile(session, org_id=stranger.org_id), due_on=TODAY)
    rows = follow_ups.due_this_week(session, who, clock=FrozenClock(NOW))
    assert [(r["id"], r["profile_pseudonym"], r["label"], r["overdue"]) for r in rows] == [
        (overdue.id, p.pseudonym, "tuesday group", True),
        (today.id, p.pseudonym, "tuesday group", False),
        (in_7.id, p.pseudonym, "tuesday group", False),
    ]


# --- tenancy and the JSON API ------------------------------------------------------------------------


def test_another_organization_cannot_record_read_or_remove_outcomes(
    app: FastAPI, session: Session, shared: Shared
) -> None:
    rec_id = shared.job.id or 0
    outcomes.record_stage(session, shared.who, rec_id, S.APPLIED, TODAY, clock=shared.clock)
    stranger = make_user(session)
    who = principal_for(stranger)
    with pytest.raises(NotFoundError):
        outcomes.record_stage(session, who, rec_id, S.OFFER, TODAY)
    with pytest.raises(NotFoundError):
        outcomes.for_recommendation(session, who, rec_id)
    client = signed_in(app, stranger)
    for method, url, body in [
        ("POST", f"/recommendations/{rec_id}/outcomes", {"stage": "offer", "occurred_on": TODAY.isoformat()}),
        ("GET", f"/recommendations/{rec_id}/outcomes", None),
        ("DELETE", f"/recommendations/{rec_id}/outcomes/applied", None),
    ]:
        response = client.request(method, url, json=body)
        assert response.status_code == 404, (method, url, response.text)
    assert [r["stage"] for r in outcomes.for_recommendation(session, shared.who, rec_id)] == ["applied"]


def test_outcomes_json_api_records_lists_corrects_and_removes(app: FastAPI, session: Session, shared: Shared) -> None:
    client = signed_in(app, shared.user)
    rec_id = shared.job.id or 0
    url = f"/recommendations/{rec_id}/outcomes"
    hired = client.post(
        url, json={"stage": "hired", "occurred_on": TODAY.isoformat(), "pay_min": "18", "hours_per_week": 30}
    )
    assert hired.status_code == 201, hired.text
    assert (hired.json()["corrected"], hired.json()["pay_min"], len(hired.json()["follow_up_ids"])) == (
        False,
        "18.00",
        3,
    )
    again = client.post(url, json={"stage": "hired", "occurred_on": TODAY.isoformat(), "pay_min": "18.75"})
    assert again.json()["corrected"] is True
    refused = client.post(url, json={"stage": "left", "occurred_on": TODAY.isoformat()})
    assert refused.status_code == 422
    assert "Say why the person left" in refused.json()["error"]
    future = client.post(url, json={"stage": "applied", "occurred_on": (TODAY + timedelta(days=2)).isoformat()})
    assert future.status_code == 422 and "is in the future" in future.json()["error"]
    listed = client.get(url).json()
    assert [(r["stage"], r["pay_min"]) for r in listed] == [("hired", "18.75")]
    assert client.delete(f"{url}/hired").json() == []
    assert client.delete(f"{url}/hired").status_code == 404


def test_the_old_one_word_outcome_still_works_and_records_interviewed_as_interview(
    app: FastAPI, session: Session, shared: Shared
) -> None:
    client = signed_in(app, shared.user)
    rec_id = shared.job.id or 0
    answer = client.post(f"/recommendations/{rec_id}/outcome", json={"outcome": "interviewed"})
    assert answer.status_code == 200 and answer.json()["outcome"] == "interview"
    left = client.post(f"/recommendations/{rec_id}/outcome", json={"outcome": "left"})
    assert left.status_code == 422 and "Record the hire first" in left.json()["error"]
    assert [r["stage"] for r in outcomes.for_recommendation(session, shared.who, rec_id)] == ["interview"]


def test_an_admin_sets_the_agencys_follow_up_days_through_the_api(app: FastAPI, session: Session) -> None:
    admin = make_user(session, role=Role.ADMIN)
    client = signed_in(app, admin)
    assert client.get("/admin/follow-up-days").json() == {"days": [7, 30, 90, 180], "own": False}
    assert client.put("/admin/follow-up-days", json={"days": [10, 45]}).json() == {"days": [10, 45], "own": True}
    bad = client.put("/admin/follow-up-days", json={"days": [0]})
    assert bad.status_code == 422 and "between 1 and 3650" in bad.json()["error"]
