"""Erasure of one person, and the queries that find what retention should remove.

The deleting is done by the database function `erase_survivor` (migration 0005): it is the only path
through the append-only triggers on audit_event and review_decision, and it writes the one audit entry
that records the erasure.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text


def erase(
    conn: Connection, *, pseudonym: str, org_id: int, actor_user_id: int | None, actor_role: str, reason: str
) -> dict[str, Any] | None:
    """Rows deleted per table, or None when the organization holds no such profile."""
    result = conn.execute(
        text("SELECT erase_survivor(:p, :org, :actor, :role, :reason)"),
        {"p": pseudonym, "org": org_id, "actor": actor_user_id, "role": actor_role, "reason": reason},
    ).scalar_one()
    return dict(result) if result is not None else None


def inactive_profiles(
    conn: Connection, *, org_id: int, cutoff: datetime, staff_reads: Sequence[str], person_role: str
) -> list[str]:
    """Pseudonyms of the organization's profiles with no activity since `cutoff`, oldest first.

    Activity is an edit (last_activity_at) or an audit event on the profile that is not a staff member only
    reading it: a match, a decision, a consent, a change, or the person opening their access code (events of
    `person_role`). Staff reads (actions ending in one of `staff_reads`: the dashboard listing the profile,
    a caseworker opening it, reading its trail) are not activity: a profile that merely keeps appearing on
    the dashboard must still reach its retention date.
    """
    rows = conn.execute(
        text(
            "SELECT p.pseudonym FROM survivor_profile p "
            "WHERE p.org_id = :org AND p.last_activity_at < :cutoff "
            "AND NOT EXISTS (SELECT 1 FROM audit_event a WHERE a.pseudonym = p.pseudonym AND a.at >= :cutoff "
            "  AND NOT (a.action LIKE ANY(:reads) AND a.actor_role IS DISTINCT FROM :person)) "
            "ORDER BY p.last_activity_at"
        ),
        {"org": org_id, "cutoff": cutoff, "reads": ["%" + s for s in staff_reads], "person": person_role},
    ).scalars()
    return [str(p) for p in rows]
