"""Outcome events (models.outcome): recorded by caseworkers after an item was shared; read by the profile page
and the reports."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text


def upsert(
    conn: Connection,
    *,
    org_id: int,
    pseudonym: str,
    recommendation_id: int,
    stage: str,
    occurred_on: date,
    actor_id: int | None,
    at: datetime,
    pay_min: Decimal | None = None,
    pay_max: Decimal | None = None,
    hours_per_week: int | None = None,
    reason_code: str | None = None,
) -> tuple[int, bool]:
    """Record one stage for an item; a second record of the same stage replaces the first (a correction).
    Returns (row id, True when it replaced an earlier record)."""
    row = conn.execute(
        text(
            "INSERT INTO outcome_event (org_id, profile_pseudonym, recommendation_id, stage, occurred_on, pay_min, "
            "pay_max, hours_per_week, reason_code, recorded_by, recorded_at) "
            "VALUES (:org, :p, :rec, :stage, :on, :pmin, :pmax, :hours, :reason, :actor, :at) "
            "ON CONFLICT (recommendation_id, stage) DO UPDATE SET occurred_on = EXCLUDED.occurred_on, "
            "pay_min = EXCLUDED.pay_min, pay_max = EXCLUDED.pay_max, hours_per_week = EXCLUDED.hours_per_week, "
            "reason_code = EXCLUDED.reason_code, recorded_by = EXCLUDED.recorded_by, "
            "recorded_at = EXCLUDED.recorded_at "
            # xmax is non-zero on a row that existed before this statement (the update path).
            "RETURNING id, (xmax <> 0) AS replaced"
        ),
        {
            "org": org_id,
            "p": pseudonym,
            "rec": recommendation_id,
            "stage": stage,
            "on": occurred_on,
            "pmin": pay_min,
            "pmax": pay_max,
            "hours": hours_per_week,
            "reason": reason_code,
            "actor": actor_id,
            "at": at,
        },
    ).one()
    return int(row.id), bool(row.replaced)


def for_recommendation(conn: Connection, *, recommendation_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        text(
            "SELECT id, stage, occurred_on, pay_min, pay_max, hours_per_week, reason_code, recorded_by, recorded_at "
            "FROM outcome_event WHERE recommendation_id = :rec ORDER BY occurred_on, id"
        ),
        {"rec": recommendation_id},
    ).mappings()
    return [dict(r) for r in rows]


def for_profile(conn: Connection, *, org_id: int, pseudonym: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        text(
            "SELECT id, recommendation_id, stage, occurred_on, pay_min, pay_max, hours_per_week, reason_code, "
            "recorded_by, recorded_at FROM outcome_event WHERE org_id = :org AND profile_pseudonym = :p "
            "ORDER BY occurred_on, id"
        ),
        {"org": org_id, "p": pseudonym},
    ).mappings()
    return [dict(r) for r in rows]


def delete(conn: Connection, *, recommendation_id: int, stage: str) -> bool:
    """Remove a stage recorded in error; True when a row went."""
    gone = conn.execute(
        text("DELETE FROM outcome_event WHERE recommendation_id = :rec AND stage = :stage"),
        {"rec": recommendation_id, "stage": stage},
    )
    return bool(gone.rowcount)


def get(conn: Connection, *, recommendation_id: int, stage: str) -> dict[str, Any] | None:
    """One recorded stage of an item, or None."""
    row = conn.execute(
        text(
            "SELECT id, stage, occurred_on, pay_min, pay_max, hours_per_week, reason_code, recorded_by, recorded_at "
            "FROM outcome_event WHERE recommendation_id = :rec AND stage = :stage"
        ),
        {"rec": recommendation_id, "stage": stage},
    ).first()
    return dict(row._mapping) if row else None


def first_shared_on(conn: Connection, *, recommendation_id: int) -> date | None:
    """The UTC day the item was first shared with the person (its first review_decision to 'shared')."""
    day = conn.execute(
        text(
            "SELECT min(at AT TIME ZONE 'UTC')::date FROM review_decision "
            "WHERE recommendation_id = :rec AND to_status = 'shared'"
        ),
        {"rec": recommendation_id},
    ).scalar()
    return day if isinstance(day, date) else None
