"""Follow-ups after sharing: scheduled at the share, recorded (with a short result) or moved by a caseworker.

Each shared item gets one follow-up per day count in `Settings.follow_up_days` (7, 30, 90 and 180 by
default), counted from the day it was shared. A follow-up is due when its day has come and no result is
recorded. Every step is audited. "Today" comes from a `Clock` so tests can move time.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from api.services import audit
from api.services.principal import Principal
from api.services.profiles import load_for_caseworker
from models.clock import SYSTEM_CLOCK, Clock
from models.enums import Role
from models.errors import ConflictError, NotFoundError, ValidationFailed
from models.repositories import follow_ups as repo
from models.repositories import profiles as profile_repo
from models.settings import get_settings

SHARED = "shared"  # the reason a follow-up exists; issue 19 adds hires and retention checks
LONGEST_RESCHEDULE_DAYS = 366


class FollowUpResult(StrEnum):
    """What came of a follow-up call, in a word (no notes: free text would need scrubbing and review)."""

    REACHED = "reached"
    APPLIED = "applied"
    NOT_INTERESTED = "not_interested"
    NO_ANSWER = "no_answer"
    LEFT_MESSAGE = "left_message"
    OTHER = "other"


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
    """Follow-ups for an item just shared (none added when it had them from an earlier share)."""
    now = clock.now()
    created = repo.schedule(
        session.connection(),
        org_id=principal.org_id,
        pseudonym=pseudonym,
        recommendation_id=recommendation_id,
        reason=SHARED,
        due_dates=due_dates(now, get_settings().follow_up_days if days is None else days),
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
    clock: Clock = SYSTEM_CLOCK,
) -> dict[str, Any]:
    """Mark a follow-up done with its result; counts as activity on the profile."""
    row = _open_one(session, principal, follow_up_id)
    now = clock.now()
    if not repo.mark_done(
        session.connection(), follow_up_id=follow_up_id, result_code=result.value, actor_id=principal.user_id, at=now
    ):
        raise ConflictError("This follow-up was recorded by someone else a moment ago; nothing was changed.")
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
