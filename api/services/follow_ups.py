"""Follow-ups after sharing and after a hire: scheduled, recorded (with a short result) or moved by a caseworker.

Each shared item gets one follow-up per day count in the agency's own follow-up days
(`organization.follow_up_days`, set by its admin) or else the site's `Settings.follow_up_days` (7, 30, 90 and
180 by default), counted from the day it was shared. A hire gets retention checks 30, 90 and 180 days after its
start (api.services.outcomes): recording one as "still employed" or "left the job" records that outcome stage.
A follow-up is due when its day has come and no result is recorded. Every step is audited. "Today" comes from
a `Clock` so tests can move time.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from api.services import audit, outcomes
from api.services.principal import Principal
from api.services.profiles import load_for_caseworker
from models.clock import SYSTEM_CLOCK, Clock
from models.enums import LeftReason, OutcomeStage, Role
from models.errors import ConflictError, NotFoundError, ValidationFailed
from models.repositories import follow_ups as repo
from models.repositories import outcomes as outcome_repo
from models.repositories import profiles as profile_repo
from models.settings import get_settings

SHARED = "shared"  # why a follow-up exists: an item was shared ...
HIRED = outcomes.HIRED_REASON  # ... or the person was hired (a retention check)
LONGEST_RESCHEDULE_DAYS = 366
DUE_WITHIN_DAYS = 7  # the dashboard's "Due this week": overdue, today and the next 7 days
DUE_LIST_SIZE = 50
MAX_FOLLOW_UP_DAYS = 3650  # as Settings.follow_up_days
MAX_FOLLOW_UP_COUNT = 12


class FollowUpResult(StrEnum):
    """What came of a follow-up call, in a word (no notes: free text would need scrubbing and review)."""

    REACHED = "reached"
    APPLIED = "applied"
    NOT_INTERESTED = "not_interested"
    NO_ANSWER = "no_answer"
    LEFT_MESSAGE = "left_message"
    OTHER = "other"
    # Retention checks after a hire only: they record the outcome stage too.
    STILL_EMPLOYED = outcomes.STILL_EMPLOYED
    LEFT_JOB = outcomes.LEFT_JOB
    # Written by a hire on the item's open after-share calls, never chosen by hand.
    HIRED = outcomes.HIRED_INSTEAD


HIRE_ONLY_RESULTS = frozenset({FollowUpResult.STILL_EMPLOYED, FollowUpResult.LEFT_JOB})
RETENTION_STAGE = {days: stage for stage, days in outcomes.RETENTION_DAYS.items()}


def due_dates(shared_at: datetime, days: Sequence[int]) -> list[tuple[int, date]]:
    return [(d, shared_at.date() + timedelta(days=d)) for d in sorted(set(days))]


def schedule_after_share(
    session: Session,
    principal: Principal,
    *,
    recommendation_id: int,
    pseudonym: str,
    days: Sequence[int] | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> list[int]:
    """Follow-ups for an item just shared (none added when it had them from an earlier share), on the agency's
    own days, else the site's."""
    now = clock.now()
    if days is None:
        days = repo.org_days(session.connection(), org_id=principal.org_id) or get_settings().follow_up_days
    created = repo.schedule(
        session.connection(),
        org_id=principal.org_id,
        pseudonym=pseudonym,
        recommendation_id=recommendation_id,
        reason=SHARED,
        due_dates=due_dates(now, days),
        actor_id=principal.user_id,
        at=now,
    )
    if created:
        audit.log(
            session,
            principal,
            "follow_up.schedule",
            pseudonym=pseudonym,
            detail={"recommendation_id": recommendation_id, "follow_up_ids": created},
        )
    return created


def is_due(row: dict[str, Any], today: date) -> bool:
    return row["done_at"] is None and row["due_on"] <= today


def for_profile(
    session: Session, principal: Principal, pseudonym: str, *, clock: Clock = SYSTEM_CLOCK
) -> list[dict[str, Any]]:
    """The profile's follow-ups, each with `due` (its day has come and nothing is recorded)."""
    load_for_caseworker(session, principal, pseudonym)
    today = clock.now().date()
    rows = repo.for_profile(session.connection(), org_id=principal.org_id, pseudonym=pseudonym)
    return [{**r, "due": is_due(r, today)} for r in rows]


def _open_one(session: Session, principal: Principal, follow_up_id: int) -> dict[str, Any]:
    principal.require(Role.CASEWORKER)
    row = repo.get_in_org(session.connection(), follow_up_id=follow_up_id, org_id=principal.org_id)
    if row is None:
        raise NotFoundError(f"No follow-up {follow_up_id} in your organization.")
    if row["done_at"] is not None:
        raise ConflictError("This follow-up is already recorded; nothing was changed.")
    return row


def record(
    session: Session,
    principal: Principal,
    follow_up_id: int,
    result: FollowUpResult,
    *,
    left_reason: LeftReason | None = None,
    left_on: date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> dict[str, Any]:
    """Mark a follow-up done with its result; counts as activity on the profile.

    A retention check after a hire may be answered "still employed" (records employed_N for its day N) or
    "left the job" (records `left` with `left_reason`, on `left_on` or today); the outcome service then closes
    the check, so the stage and the follow-up never disagree."""
    if result == FollowUpResult.HIRED:
        raise ValidationFailed("Record the hire on the item itself; its open calls then close on their own.")
    row = _open_one(session, principal, follow_up_id)
    now = clock.now()
    if result in HIRE_ONLY_RESULTS:
        _record_retention(session, principal, row, result, left_reason, left_on, clock)
    elif not repo.mark_done(
        session.connection(), follow_up_id=follow_up_id, result_code=result.value, actor_id=principal.user_id, at=now
    ):
        raise ConflictError("This follow-up was recorded by someone else a moment ago; nothing was changed.")
    else:
        profile = load_for_caseworker(session, principal, row["profile_pseudonym"])
        profile_repo.touch(session, profile)
        audit.log(
            session,
            principal,
            "follow_up.record",
            pseudonym=row["profile_pseudonym"],
            detail={"follow_up_id": follow_up_id, "result_code": result.value},
        )
    return {**row, "done_at": now, "result_code": result.value, "due": False}


def _record_retention(
    session: Session,
    principal: Principal,
    row: dict[str, Any],
    result: FollowUpResult,
    left_reason: LeftReason | None,
    left_on: date | None,
    clock: Clock,
) -> None:
    if row["reason"] != HIRED or row["recommendation_id"] is None:
        raise ValidationFailed(
            '"Still employed" and "left the job" answer the checks after a hire; choose another result here.'
        )
    rec_id = int(row["recommendation_id"])
    if result == FollowUpResult.STILL_EMPLOYED:
        stage = RETENTION_STAGE.get(int(row["offset_days"]))
        hire = outcome_repo.get(session.connection(), recommendation_id=rec_id, stage=OutcomeStage.HIRED)
        if stage is None or hire is None:
            raise ConflictError("No hire is recorded for this item any more; record the hire again first.")
        day = hire["occurred_on"] + timedelta(days=int(row["offset_days"]))
        if day > clock.now().date():
            raise ValidationFailed(
                f'"Still employed" can be recorded from {day.isoformat()}, {row["offset_days"]} days after the '
                "start. Reschedule the check, or record another result."
            )
        outcomes.record_stage(session, principal, rec_id, stage, day, clock=clock)
    else:
        day = left_on or clock.now().date()
        outcomes.record_stage(session, principal, rec_id, OutcomeStage.LEFT, day, reason_code=left_reason, clock=clock)


def reschedule(
    session: Session, principal: Principal, follow_up_id: int, due_on: date, *, clock: Clock = SYSTEM_CLOCK
) -> dict[str, Any]:
    """Move an open follow-up to another day: today or later, within a year."""
    row = _open_one(session, principal, follow_up_id)
    today = clock.now().date()
    if due_on < today:
        raise ValidationFailed(f"Choose today ({today.isoformat()}) or a later day for the follow-up.")
    if due_on > today + timedelta(days=LONGEST_RESCHEDULE_DAYS):
        raise ValidationFailed("Choose a day within a year from today for the follow-up.")
    if not repo.reschedule(session.connection(), follow_up_id=follow_up_id, due_on=due_on):
        raise ConflictError("This follow-up was recorded by someone else a moment ago; nothing was changed.")
    audit.log(
        session,
        principal,
        "follow_up.reschedule",
        pseudonym=row["profile_pseudonym"],
        detail={"follow_up_id": follow_up_id, "from": row["due_on"].isoformat(), "to": due_on.isoformat()},
    )
    return {**row, "due_on": due_on, "due": is_due({**row, "due_on": due_on}, today)}


def days_for_org(session: Session, principal: Principal) -> tuple[list[int], bool]:
    """The follow-up days used after a share in the principal's agency, and whether they are its own."""
    own = repo.org_days(session.connection(), org_id=principal.org_id)
    return (own, True) if own else (list(get_settings().follow_up_days), False)


def parse_days(text: str) -> list[int] | None:
    """ "7, 30, 90" as days; blank means "use the site setting" (None). Refused in plain words otherwise."""
    words = [w for w in text.replace(",", " ").split() if w]
    if not words:
        return None
    if not all(w.isdigit() for w in words):
        raise ValidationFailed("Write the follow-up days as whole numbers separated by commas, e.g. 7, 30, 90, 180.")
    return [int(w) for w in words]


def set_days_for_org(session: Session, principal: Principal, days: Sequence[int] | None) -> list[int] | None:
    """An agency admin sets its own follow-up days (checked like the site setting); None returns to the site's.

    Items already shared keep the follow-ups they have; the new days apply to the next shares."""
    principal.require(Role.ADMIN)
    clean = None if days is None else sorted(set(days))
    if clean is not None and (
        not clean or len(clean) > MAX_FOLLOW_UP_COUNT or any(d < 1 or d > MAX_FOLLOW_UP_DAYS for d in clean)
    ):
        raise ValidationFailed(
            f"Follow-up days need one to {MAX_FOLLOW_UP_COUNT} whole days between 1 and {MAX_FOLLOW_UP_DAYS}, "
            "e.g. 7, 30, 90, 180."
        )
    before = repo.org_days(session.connection(), org_id=principal.org_id)
    repo.set_org_days(session.connection(), org_id=principal.org_id, days=clean)
    audit.log(
        session,
        principal,
        "organization.follow_up_days",
        pseudonym=None,
        org_id=principal.org_id,
        detail={"before": before, "after": clean},
    )
    return clean


def due_this_week(session: Session, principal: Principal, *, clock: Clock = SYSTEM_CLOCK) -> list[dict[str, Any]]:
    """The caseworker's organization's open follow-ups that are overdue or due within the next 7 days,
    earliest first (at most DUE_LIST_SIZE), each with `overdue`."""
    principal.require(Role.CASEWORKER)
    today = clock.now().date()
    rows = repo.due_within(
        session.connection(),
        org_id=principal.org_id,
        until=today + timedelta(days=DUE_WITHIN_DAYS),
        limit=DUE_LIST_SIZE,
    )
    return [{**r, "overdue": r["due_on"] < today} for r in rows]
