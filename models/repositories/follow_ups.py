"""Follow-up rows (models.follow_up): scheduled when an item is shared, recorded or moved by a caseworker."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, text


def schedule(
    conn: Connection,
    *,
    org_id: int,
    pseudonym: str,
    recommendation_id: int,
    reason: str,
    due_dates: Sequence[tuple[int, date]],
    actor_id: int | None,
    at: datetime,
) -> list[int]:
    """Insert one follow-up per (offset in days, due date); an existing one for the same item, reason and
    offset is kept as it is (sharing again after a re-approval must not reset or double the calls)."""
    if not due_dates:
        return []
    rows = conn.execute(
        text(
            "INSERT INTO follow_up (org_id, profile_pseudonym, recommendation_id, reason, offset_days, due_on, "
            "created_by, created_at) "
            "SELECT :org, :p, :rec, :reason, d.offset_days, d.due_on, :actor, :at "
            "FROM unnest(CAST(:offsets AS integer[]), CAST(:dues AS date[])) AS d(offset_days, due_on) "
            "ON CONFLICT (recommendation_id, reason, offset_days) DO NOTHING RETURNING id"
        ),
        {
            "org": org_id,
            "p": pseudonym,
            "rec": recommendation_id,
            "reason": reason,
            "offsets": [o for o, _ in due_dates],
            "dues": [d for _, d in due_dates],
            "actor": actor_id,
            "at": at,
        },
    ).scalars()
    return [int(i) for i in rows]


_COLUMNS = (
    "f.id, f.profile_pseudonym, f.recommendation_id, f.reason, f.offset_days, f.due_on, f.done_at, f.done_by, "
    "f.result_code, f.created_at, r.item_kind, coalesce(j.title, t.name) AS title, "
    "coalesce(j.employer_name, t.provider_name) AS organization"
)
_FROM = (
    "FROM follow_up f LEFT JOIN recommendation r ON r.id = f.recommendation_id "
    "LEFT JOIN job_posting j ON j.id = r.job_posting_id LEFT JOIN training_program t ON t.id = r.program_id"
)


def for_profile(conn: Connection, *, org_id: int, pseudonym: str) -> list[dict[str, Any]]:
    """The profile's follow-ups: open ones first by date, then recorded ones, newest first."""
    rows = conn.execute(
        text(
            f"SELECT {_COLUMNS} {_FROM} WHERE f.org_id = :org AND f.profile_pseudonym = :p "
            "ORDER BY (f.done_at IS NOT NULL), CASE WHEN f.done_at IS NULL THEN f.due_on END, f.done_at DESC, f.id"
        ),
        {"org": org_id, "p": pseudonym},
    ).all()
    return [dict(r._mapping) for r in rows]


def get_in_org(conn: Connection, *, follow_up_id: int, org_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        text(f"SELECT {_COLUMNS} {_FROM} WHERE f.id = :id AND f.org_id = :org"),
        {"id": follow_up_id, "org": org_id},
    ).first()
    return dict(row._mapping) if row else None


def mark_done(conn: Connection, *, follow_up_id: int, result_code: str, actor_id: int, at: datetime) -> bool:
    """Record the result of an open follow-up; False when it was already recorded (by someone else)."""
    done = conn.execute(
        text(
            "UPDATE follow_up SET done_at = :at, done_by = :actor, result_code = :code "
            "WHERE id = :id AND done_at IS NULL"
        ),
        {"id": follow_up_id, "at": at, "actor": actor_id, "code": result_code},
    )
    return done.rowcount == 1


def reschedule(conn: Connection, *, follow_up_id: int, due_on: date) -> bool:
    moved = conn.execute(
        text("UPDATE follow_up SET due_on = :due WHERE id = :id AND done_at IS NULL"),
        {"id": follow_up_id, "due": due_on},
    )
    return moved.rowcount == 1


def move_open(
    conn: Connection,
    *,
    recommendation_id: int,
    reason: str,
    due_dates: Sequence[tuple[int, date]],
    keep: Sequence[int] = (),
) -> list[int]:
    """Set open follow-ups of an item and reason to new due dates by offset (a corrected start date);
    rows in `keep` (just created) and rows already on their date are left alone. Returns the ids moved."""
    rows = conn.execute(
        text(
            "UPDATE follow_up f SET due_on = d.due_on "
            "FROM unnest(CAST(:offsets AS integer[]), CAST(:dues AS date[])) AS d(offset_days, due_on) "
            "WHERE f.recommendation_id = :rec AND f.reason = :reason AND f.offset_days = d.offset_days "
            "AND f.done_at IS NULL AND f.due_on <> d.due_on AND NOT (f.id = ANY(CAST(:keep AS integer[]))) "
            "RETURNING f.id"
        ),
        {
            "rec": recommendation_id,
            "reason": reason,
            "offsets": [o for o, _ in due_dates],
            "dues": [d for _, d in due_dates],
            "keep": list(keep),
        },
    ).scalars()
    return sorted(int(i) for i in rows)


def close_open(
    conn: Connection,
    *,
    recommendation_id: int,
    reason: str,
    offsets: Sequence[int] | None,
    result_code: str,
    actor_id: int,
    at: datetime,
) -> list[int]:
    """Record `result_code` on the item's open follow-ups of `reason` (only those `offsets`; None: all)."""
    rows = conn.execute(
        text(
            "UPDATE follow_up SET done_at = :at, done_by = :actor, result_code = :code "
            "WHERE recommendation_id = :rec AND reason = :reason AND done_at IS NULL "
            "AND (CAST(:offsets AS integer[]) IS NULL OR offset_days = ANY(CAST(:offsets AS integer[]))) "
            "RETURNING id"
        ),
        {
            "rec": recommendation_id,
            "reason": reason,
            "offsets": None if offsets is None else list(offsets),
            "code": result_code,
            "actor": actor_id,
            "at": at,
        },
    ).scalars()
    return sorted(int(i) for i in rows)


def cancel_open(conn: Connection, *, recommendation_id: int, reason: str) -> list[int]:
    """Delete the item's open follow-ups of `reason` (their event was removed as recorded in error)."""
    rows = conn.execute(
        text(
            "DELETE FROM follow_up WHERE recommendation_id = :rec AND reason = :reason AND done_at IS NULL RETURNING id"
        ),
        {"rec": recommendation_id, "reason": reason},
    ).scalars()
    return sorted(int(i) for i in rows)


def org_days(conn: Connection, *, org_id: int) -> list[int] | None:
    """The agency's own follow-up days after a share (None: the site setting applies)."""
    days = conn.execute(text("SELECT follow_up_days FROM organization WHERE id = :org"), {"org": org_id}).scalar()
    return None if days is None else [int(d) for d in days]


def set_org_days(conn: Connection, *, org_id: int, days: Sequence[int] | None) -> None:
    conn.execute(
        text("UPDATE organization SET follow_up_days = :days WHERE id = :org"),
        {"org": org_id, "days": None if days is None else list(days)},
    )


def due_within(conn: Connection, *, org_id: int, until: date, limit: int) -> list[dict[str, Any]]:
    """Open follow-ups of the organization due on or before `until` (overdue ones included), earliest first,
    with the profile's label for the list (case numbers are decrypted by the service for the rows shown)."""
    rows = conn.execute(
        text(
            f"SELECT {_COLUMNS}, p.label {_FROM} JOIN survivor_profile p ON p.pseudonym = f.profile_pseudonym "
            "WHERE f.org_id = :org AND f.done_at IS NULL AND f.due_on <= :until "
            "ORDER BY f.due_on, f.id LIMIT :limit"
        ),
        {"org": org_id, "until": until, "limit": limit},
    ).all()
    return [dict(r._mapping) for r in rows]


def reopen(
    conn: Connection, *, recommendation_id: int, reason: str, result_code: str, offsets: Sequence[int] | None
) -> list[int]:
    """Open again the item's follow-ups closed with `result_code` (the stage that closed them was removed as
    recorded in error); only those `offsets`, None: all."""
    rows = conn.execute(
        text(
            "UPDATE follow_up SET done_at = NULL, done_by = NULL, result_code = NULL "
            "WHERE recommendation_id = :rec AND reason = :reason AND result_code = :code "
            "AND (CAST(:offsets AS integer[]) IS NULL OR offset_days = ANY(CAST(:offsets AS integer[]))) "
            "RETURNING id"
        ),
        {
            "rec": recommendation_id,
            "reason": reason,
            "code": result_code,
            "offsets": None if offsets is None else list(offsets),
        },
    ).scalars()
    return sorted(int(i) for i in rows)
