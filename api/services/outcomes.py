"""What happened after an item was shared: applied, interview, offer, hired, still employed, left; enrolled,
completed, credential earned for programs (docs/outcomes.md).

A caseworker of the profile's organization records each stage of a shared item with the day it happened.
Recording a stage again is a correction: the row is replaced and the audit event keeps before and after.
Every step also writes a review_decision row (the item's timeline and "activity" read those) and sets
`recommendation.outcome` to the latest stage. A hire schedules retention checks 30, 90 and 180 days after its
start; "still employed" or "left" closes them. "Today" comes from a `Clock` so tests can move time.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session

from api.services import audit
from api.services.principal import Principal
from api.services.profiles import load_for_caseworker
from models.clock import SYSTEM_CLOCK, Clock
from models.enums import ItemKind, LeftReason, OutcomeStage, Role
from models.errors import ConflictError, NotFoundError, ValidationFailed
from models.repositories import follow_ups as follow_up_repo
from models.repositories import outcomes as repo
from models.repositories import profiles as profile_repo
from models.repositories import recommendations as rec_repo
from models.repositories.recommendations import RecommendationRef

S = OutcomeStage
JOB_STAGES: tuple[OutcomeStage, ...] = (
    S.APPLIED,
    S.INTERVIEW,
    S.OFFER,
    S.HIRED,
    S.EMPLOYED_30,
    S.EMPLOYED_90,
    S.EMPLOYED_180,
    S.LEFT,
)
PROGRAM_STAGES: tuple[OutcomeStage, ...] = (S.ENROLLED, S.COMPLETED, S.CREDENTIAL)
STAGES_BY_KIND: dict[str, tuple[OutcomeStage, ...]] = {
    ItemKind.JOB.value: JOB_STAGES,
    ItemKind.PROGRAM.value: PROGRAM_STAGES,
}
# Still employed this many days after the start date; the retention checks after a hire fall on these days.
RETENTION_DAYS: dict[OutcomeStage, int] = {S.EMPLOYED_30: 30, S.EMPLOYED_90: 90, S.EMPLOYED_180: 180}
HIRED_REASON = "hired"  # follow_up.reason of the retention checks (the share's are "shared")
# Follow-up results that close retention checks (api.services.follow_ups.FollowUpResult uses the same words).
STILL_EMPLOYED = "still_employed"
LEFT_JOB = "left_job"
# A hire closes the item's calls still open from its share (reason 'shared'): the retention checks take over,
# so "Due this week" does not list two calls about one job.
SHARED_REASON = "shared"
HIRED_INSTEAD = "hired"
MAX_HOURS = 100
# Pay is hourly as the posting published it; more than this an hour is a yearly or monthly figure typed in
# the wrong box, and the report's wage figures would be nonsense with it.
MAX_HOURLY_PAY = Decimal(1000)
# Words for stages and kinds in messages (the pages translate their own labels).
STAGE_WORDS: dict[str, str] = {
    S.APPLIED: "applied",
    S.INTERVIEW: "interview",
    S.OFFER: "offer",
    S.HIRED: "hired",
    S.EMPLOYED_30: "still employed at 30 days",
    S.EMPLOYED_90: "still employed at 90 days",
    S.EMPLOYED_180: "still employed at 180 days",
    S.LEFT: "left the job",
    S.ENROLLED: "enrolled",
    S.COMPLETED: "completed",
    S.CREDENTIAL: "credential earned",
}
KIND_WORDS = {ItemKind.JOB.value: "job", ItemKind.PROGRAM.value: "training program"}
# The old one-word API (POST /recommendations/{id}/outcome) said "interviewed".
OLD_WORDS = {"interviewed": S.INTERVIEW}


class OutcomeRefused(ValidationFailed):
    """A stage that cannot be recorded as given; `field` names the form field the message belongs beside."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Recorded:
    """A stage as stored, and whether it replaced an earlier record (a correction)."""

    row: dict[str, Any]
    corrected: bool
    follow_up_ids: list[int]  # retention checks scheduled by a hire
    pseudonym: str


def stage_from_word(word: str) -> OutcomeStage:
    """A stage from its name, or the old API's word for it; a plain refusal for anything else."""
    if word in OLD_WORDS:
        return OLD_WORDS[word]
    try:
        return OutcomeStage(word)
    except ValueError:
        names = ", ".join(s.value for s in OutcomeStage)
        raise OutcomeRefused("stage", f'"{word}" is not a stage; choose one of: {names}.') from None


def stages_for(kind: str) -> tuple[OutcomeStage, ...]:
    return STAGES_BY_KIND[kind]


def _shared_item(session: Session, principal: Principal, recommendation_id: int) -> RecommendationRef:
    principal.require(Role.CASEWORKER)
    rec = rec_repo.get_in_org(session.connection(), recommendation_id=recommendation_id, org_id=principal.org_id)
    if rec is None:
        raise NotFoundError(f"No recommendation {recommendation_id} in your organization.")
    return rec


def _money(value: Decimal | float | str | None, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise OutcomeRefused(field, "Write the pay as a number of dollars an hour, e.g. 18.50.") from None
    if not amount.is_finite() or amount < 0:
        raise OutcomeRefused(field, "Pay cannot be below zero: write dollars an hour, e.g. 18.50.")
    if amount > MAX_HOURLY_PAY:
        raise OutcomeRefused(
            field, f"Pay is recorded per hour; {amount} an hour looks like a yearly or monthly figure."
        )
    return amount.quantize(Decimal("0.01"))


def _check_fields(
    stage: OutcomeStage,
    pay_min: Decimal | None,
    pay_max: Decimal | None,
    hours: int | None,
    reason_code: str | None,
) -> None:
    if stage != S.HIRED and (pay_min is not None or pay_max is not None or hours is not None):
        raise OutcomeRefused("pay_min", "Pay and hours are recorded with the hire only; leave them empty here.")
    if stage == S.HIRED:
        if pay_min is not None and pay_max is not None and pay_min > pay_max:
            raise OutcomeRefused(
                "pay_max", f"The highest pay ({pay_max}) is below the lowest ({pay_min}); swap them or fix one."
            )
        if hours is not None and not 1 <= hours <= MAX_HOURS:
            raise OutcomeRefused("hours_per_week", f"Hours a week must be a whole number from 1 to {MAX_HOURS}.")
    if stage == S.LEFT:
        if reason_code is None or reason_code not in LeftReason.__members__.values():
            words = ", ".join(r.value.replace("_", " ") for r in LeftReason)
            raise OutcomeRefused("reason_code", f"Say why the person left: choose one of {words}.")
    elif reason_code is not None:
        raise OutcomeRefused("reason_code", "A reason is recorded only when the person left the job.")


def _check_dates(
    conn: Any, rec: RecommendationRef, stage: OutcomeStage, occurred_on: date, today: date
) -> dict[str, Any] | None:
    """Refuse a date the stage cannot have; returns the hire (for retention stages and leaving)."""
    if occurred_on > today:
        raise OutcomeRefused(
            "occurred_on", f"{occurred_on.isoformat()} is in the future: record a stage once it has happened."
        )
    shared_on = repo.first_shared_on(conn, recommendation_id=rec.id)
    if shared_on is not None and occurred_on < shared_on:
        raise OutcomeRefused(
            "occurred_on",
            f"{occurred_on.isoformat()} is before the item was shared ({shared_on.isoformat()}); outcomes follow "
            "sharing. Check the date.",
        )
    hire = repo.get(conn, recommendation_id=rec.id, stage=S.HIRED)
    if stage in RETENTION_DAYS or stage == S.LEFT:
        if hire is None:
            raise OutcomeRefused("stage", f'Record the hire first: "{STAGE_WORDS[stage]}" follows a hire.')
        start: date = hire["occurred_on"]
        if stage == S.LEFT and occurred_on < start:
            raise OutcomeRefused("occurred_on", f"The person cannot leave before the start date ({start.isoformat()}).")
        if stage in RETENTION_DAYS:
            earliest = start + timedelta(days=RETENTION_DAYS[stage])
            if occurred_on < earliest:
                raise OutcomeRefused(
                    "occurred_on",
                    f'"{STAGE_WORDS[stage]}" can be recorded from {earliest.isoformat()} ({RETENTION_DAYS[stage]} '
                    f"days after the start on {start.isoformat()}).",
                )
            left = repo.get(conn, recommendation_id=rec.id, stage=S.LEFT)
            if left is not None and left["occurred_on"] < earliest:
                raise OutcomeRefused(
                    "stage",
                    f"The person left on {left['occurred_on'].isoformat()}, before {earliest.isoformat()}; correct "
                    "or remove that first.",
                )
    if stage == S.HIRED:
        # A corrected start date must not leave a retention stage recorded before it was possible.
        for later, days in RETENTION_DAYS.items():
            kept = repo.get(conn, recommendation_id=rec.id, stage=later)
            if kept is not None and kept["occurred_on"] < occurred_on + timedelta(days=days):
                raise OutcomeRefused(
                    "occurred_on",
                    f'"{STAGE_WORDS[later]}" is recorded for {kept["occurred_on"].isoformat()}, less than {days} days '
                    "after this start date; correct or remove it first.",
                )
    return hire


def _plain(row: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A stored stage as the audit keeps it (dates and money as text)."""
    if row is None:
        return None
    return {
        "occurred_on": row["occurred_on"].isoformat(),
        "pay_min": None if row["pay_min"] is None else str(row["pay_min"]),
        "pay_max": None if row["pay_max"] is None else str(row["pay_max"]),
        "hours_per_week": row["hours_per_week"],
        "reason_code": row["reason_code"],
    }


def latest_stage(rows: list[dict[str, Any]]) -> str | None:
    """The stage that happened last (on the same day, the one further along)."""
    order = list(OutcomeStage)
    if not rows:
        return None
    return str(max(rows, key=lambda r: (r["occurred_on"], order.index(OutcomeStage(r["stage"]))))["stage"])


def record_stage(
    session: Session,
    principal: Principal,
    recommendation_id: int,
    stage: OutcomeStage | str,
    occurred_on: date,
    *,
    pay_min: Decimal | float | str | None = None,
    pay_max: Decimal | float | str | None = None,
    hours_per_week: int | None = None,
    reason_code: LeftReason | str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Recorded:
    """Record (or correct) one stage of a shared item; see the module docstring for the rules."""
    rec = _shared_item(session, principal, recommendation_id)
    stage = stage if isinstance(stage, OutcomeStage) else stage_from_word(stage)
    if rec.status != "shared":
        raise ConflictError(f"Recommendation {recommendation_id} is {rec.status}; outcomes follow sharing.")
    if stage not in STAGES_BY_KIND[rec.item_kind]:
        allowed = ", ".join(STAGE_WORDS[s] for s in STAGES_BY_KIND[rec.item_kind])
        raise OutcomeRefused(
            "stage",
            f'"{STAGE_WORDS[stage]}" is not a stage of a {KIND_WORDS[rec.item_kind]}. Choose one of: {allowed}.',
        )
    low, high = _money(pay_min, "pay_min"), _money(pay_max, "pay_max")
    reason = None if reason_code in (None, "") else str(reason_code)
    _check_fields(stage, low, high, hours_per_week, reason)
    now = clock.now()
    conn = session.connection()
    _check_dates(conn, rec, stage, occurred_on, now.date())
    before = repo.get(conn, recommendation_id=rec.id, stage=stage)
    row_id, corrected = repo.upsert(
        conn,
        org_id=rec.org_id,
        pseudonym=rec.profile_pseudonym,
        recommendation_id=rec.id,
        stage=stage.value,
        occurred_on=occurred_on,
        actor_id=principal.user_id,
        at=now,
        pay_min=low,
        pay_max=high,
        hours_per_week=hours_per_week,
        reason_code=reason,
    )
    # The item's timeline (review_decision) and the dashboard's activity see each step as before issue 19.
    rec_repo.add_decision(
        conn, recommendation_id=rec.id, from_status=rec.status, to_status=stage.value, actor_id=principal.user_id
    )
    rows = repo.for_recommendation(conn, recommendation_id=rec.id)
    rec_repo.set_outcome(conn, recommendation_id=rec.id, outcome=latest_stage(rows))
    profile_repo.touch(session, load_for_caseworker(session, principal, rec.profile_pseudonym))
    after = repo.get(conn, recommendation_id=rec.id, stage=stage)
    detail: dict[str, Any] = {"recommendation_id": rec.id, "stage": stage.value, "after": _plain(after)}
    if corrected:
        detail["before"] = _plain(before)
    audit.log(
        session,
        principal,
        "outcome.correct" if corrected else "outcome.record",
        pseudonym=rec.profile_pseudonym,
        detail=detail,
    )
    scheduled = _follow_ups_after(session, principal, rec, stage, occurred_on, now)
    return Recorded({**(after or {}), "id": row_id}, corrected, scheduled, rec.profile_pseudonym)


def _follow_ups_after(
    session: Session, principal: Principal, rec: RecommendationRef, stage: OutcomeStage, on: date, now: Any
) -> list[int]:
    """Retention checks after a hire; close the ones a recorded "still employed" or "left" answers."""
    conn = session.connection()
    if stage == S.HIRED:
        dues = [(days, on + timedelta(days=days)) for days in sorted(RETENTION_DAYS.values())]
        created = follow_up_repo.schedule(
            conn,
            org_id=rec.org_id,
            pseudonym=rec.profile_pseudonym,
            recommendation_id=rec.id,
            reason=HIRED_REASON,
            due_dates=dues,
            actor_id=principal.user_id,
            at=now,
        )
        # A corrected start date moves the checks not yet made with it.
        moved = follow_up_repo.move_open(
            conn, recommendation_id=rec.id, reason=HIRED_REASON, due_dates=dues, keep=created
        )
        if created or moved:
            audit.log(
                session,
                principal,
                "follow_up.schedule",
                pseudonym=rec.profile_pseudonym,
                detail={"recommendation_id": rec.id, "follow_up_ids": created, "moved": moved, "after": "hire"},
            )
        superseded = follow_up_repo.close_open(
            conn,
            recommendation_id=rec.id,
            reason=SHARED_REASON,
            offsets=None,
            result_code=HIRED_INSTEAD,
            actor_id=principal.user_id,
            at=now,
        )
        if superseded:
            audit.log(
                session,
                principal,
                "follow_up.record",
                pseudonym=rec.profile_pseudonym,
                detail={"follow_up_ids": superseded, "result_code": HIRED_INSTEAD},
            )
        return created
    if stage not in RETENTION_DAYS and stage != S.LEFT:
        return []
    # "Still employed at N days" answers the check at N; leaving answers every check still open.
    offsets = [RETENTION_DAYS[stage]] if stage in RETENTION_DAYS else None
    closed = follow_up_repo.close_open(
        conn,
        recommendation_id=rec.id,
        reason=HIRED_REASON,
        offsets=offsets,
        result_code=STILL_EMPLOYED if stage in RETENTION_DAYS else LEFT_JOB,
        actor_id=principal.user_id,
        at=now,
    )
    if closed:
        audit.log(
            session,
            principal,
            "follow_up.record",
            pseudonym=rec.profile_pseudonym,
            detail={"follow_up_ids": closed, "result_code": STILL_EMPLOYED if stage in RETENTION_DAYS else LEFT_JOB},
        )
    return []


def for_recommendation(session: Session, principal: Principal, recommendation_id: int) -> list[dict[str, Any]]:
    """The item's recorded stages, oldest first (audited as a read of the person's record)."""
    rec = _shared_item(session, principal, recommendation_id)
    rows = repo.for_recommendation(session.connection(), recommendation_id=rec.id)
    audit.log(session, principal, "outcome.view", pseudonym=rec.profile_pseudonym, detail={"recommendation_id": rec.id})
    return rows


def for_profile(session: Session, principal: Principal, pseudonym: str) -> dict[int, list[dict[str, Any]]]:
    """Each item's recorded stages, oldest first, by recommendation id (for the profile page)."""
    profile = load_for_caseworker(session, principal, pseudonym)
    by_item: dict[int, list[dict[str, Any]]] = {}
    for row in repo.for_profile(session.connection(), org_id=profile.org_id, pseudonym=pseudonym):
        by_item.setdefault(int(row["recommendation_id"]), []).append(row)
    return by_item


def remove_stage(
    session: Session, principal: Principal, recommendation_id: int, stage: OutcomeStage | str
) -> list[dict[str, Any]]:
    """Remove a stage recorded in error (audited with what it held); returns the stages left."""
    rec = _shared_item(session, principal, recommendation_id)
    stage = stage if isinstance(stage, OutcomeStage) else stage_from_word(stage)
    conn = session.connection()
    before = repo.get(conn, recommendation_id=rec.id, stage=stage)
    if before is None:
        raise NotFoundError(f'Nothing is recorded as "{STAGE_WORDS[stage]}" for this item.')
    if stage == S.HIRED:
        later = [s for s in (*RETENTION_DAYS, S.LEFT) if repo.get(conn, recommendation_id=rec.id, stage=s)]
        if later:
            words = ", ".join(f'"{STAGE_WORDS[s]}"' for s in later)
            raise ConflictError(f"Remove {words} first: they follow this hire.")
    repo.delete(conn, recommendation_id=rec.id, stage=stage.value)
    # The retention checks follow: a removed hire takes its open checks with it; a removed "still employed"
    # or "left" opens again the checks it had closed, so they come back on the caseworker's list.
    cancelled: list[int] = []
    reopened: list[int] = []
    if stage == S.HIRED:
        cancelled = follow_up_repo.cancel_open(conn, recommendation_id=rec.id, reason=HIRED_REASON)
    elif stage in RETENTION_DAYS or stage == S.LEFT:
        reopened = follow_up_repo.reopen(
            conn,
            recommendation_id=rec.id,
            reason=HIRED_REASON,
            result_code=STILL_EMPLOYED if stage in RETENTION_DAYS else LEFT_JOB,
            offsets=[RETENTION_DAYS[stage]] if stage in RETENTION_DAYS else None,
        )
    rows = repo.for_recommendation(conn, recommendation_id=rec.id)
    rec_repo.set_outcome(conn, recommendation_id=rec.id, outcome=latest_stage(rows))
    audit.log(
        session,
        principal,
        "outcome.delete",
        pseudonym=rec.profile_pseudonym,
        detail={
            "recommendation_id": rec.id,
            "stage": stage.value,
            "before": _plain(before),
            "follow_ups_cancelled": cancelled,
            "follow_ups_reopened": reopened,
        },
    )
    return rows
