"""Reads and the one activity write `wayfinder demo --history` needs besides the shared repositories.

Everything else the generator writes goes through the repositories the services use (recommendations,
follow_ups, outcomes, audit, profiles), so its rows have the shape real casework gives them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.sql import bindparam

MARKER_ACTION = "demo.history"


def marker(conn: Connection, *, org_id: int) -> dict[str, Any] | None:
    """The audit event that records a generated history for the organization (its time and detail), if any."""
    row = conn.execute(
        text("SELECT at, detail FROM audit_event WHERE org_id = :org AND action = :action ORDER BY id LIMIT 1"),
        {"org": org_id, "action": MARKER_ACTION},
    ).first()
    return dict(row._mapping) if row else None


def job_facts(conn: Connection, *, job_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Per posting: the hourly pay range as published, hours a week and employment types (for a hire)."""
    if not job_ids:
        return {}
    rows = conn.execute(
        text(
            "SELECT id, pay_min_hourly, pay_max_hourly, hours_per_week, employment_types FROM job_posting "
            "WHERE id = ANY(:ids)"
        ),
        {"ids": list(job_ids)},
    ).all()
    return {
        int(r.id): {
            "pay_min": _money(r.pay_min_hourly),
            "pay_max": _money(r.pay_max_hourly),
            "hours_per_week": r.hours_per_week,
            "employment_types": list(r.employment_types or []),
        }
        for r in rows
    }


def program_weeks(conn: Connection, *, program_ids: Sequence[int]) -> dict[int, float | None]:
    """Per program: its length in weeks, when published."""
    if not program_ids:
        return {}
    rows = conn.execute(
        text("SELECT id, duration_weeks FROM training_program WHERE id = ANY(:ids)"), {"ids": list(program_ids)}
    ).all()
    return {int(r.id): (float(r.duration_weeks) if r.duration_weeks is not None else None) for r in rows}


def follow_up_id(conn: Connection, *, recommendation_id: int, reason: str, offset_days: int) -> int | None:
    """The follow-up scheduled for an item, reason and day count, if one was."""
    found = conn.execute(
        text("SELECT id FROM follow_up WHERE recommendation_id = :rec AND reason = :reason AND offset_days = :offset"),
        {"rec": recommendation_id, "reason": reason, "offset": offset_days},
    ).scalar()
    return int(found) if found is not None else None


def _money(value: float | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(float(value), 2)))


def settle_activity(conn: Connection, *, pseudonyms: Sequence[str]) -> None:
    """Each profile's last activity moves forward to its latest recorded follow-up or outcome (review decisions
    move it already, by trigger): one statement for the whole history instead of one per record."""
    if not pseudonyms:
        return
    conn.execute(
        text(
            "UPDATE survivor_profile p SET last_activity_at = x.at FROM ("
            "  SELECT pseudonym, max(at) AS at FROM ("
            "    SELECT profile_pseudonym AS pseudonym, done_at AS at FROM follow_up "
            "    WHERE profile_pseudonym = ANY(:ps) AND done_at IS NOT NULL "
            "    UNION ALL SELECT profile_pseudonym, recorded_at FROM outcome_event WHERE profile_pseudonym = ANY(:ps)"
            "  ) a GROUP BY pseudonym"
            ") x WHERE p.pseudonym = x.pseudonym AND p.last_activity_at < x.at"
        ),
        {"ps": list(pseudonyms)},
    )


@dataclass(frozen=True)
class AuditRow:
    """One audit event exactly as `models.repositories.audit.record` writes it."""

    action: str
    actor_user_id: int | None
    actor_role: str | None
    org_id: int | None
    pseudonym: str | None
    purpose: str | None
    detail: dict[str, Any]


def record_audit(conn: Connection, rows: Sequence[AuditRow]) -> None:
    """Several audit events in one INSERT, in the given order (ids ascending), each stamped now() like
    `audit.record`: the generator writes a simulated day's events at once (one round trip, not ~30)."""
    if not rows:
        return
    conn.execute(
        text(
            "INSERT INTO audit_event (at, actor_user_id, actor_role, org_id, pseudonym, action, purpose, detail) "
            "SELECT now(), e.actor, e.role, e.org, e.pseudonym, e.action, e.purpose, e.detail "
            "FROM unnest(CAST(:actors AS integer[]), CAST(:roles AS varchar[]), CAST(:orgs AS integer[]), "
            "CAST(:pseudonyms AS varchar[]), CAST(:actions AS varchar[]), CAST(:purposes AS varchar[]), "
            "CAST(:details AS jsonb[])) WITH ORDINALITY AS e(actor, role, org, pseudonym, action, purpose, detail, n) "
            "ORDER BY e.n"
        ).bindparams(bindparam("details", type_=ARRAY(JSONB))),
        {
            "actors": [r.actor_user_id for r in rows],
            "roles": [r.actor_role for r in rows],
            "orgs": [r.org_id for r in rows],
            "pseudonyms": [r.pseudonym for r in rows],
            "actions": [r.action for r in rows],
            "purposes": [r.purpose for r in rows],
            "details": [r.detail for r in rows],
        },
    )
