"""Erasure of one person and the query that finds inactive profiles.

The deleting is done by the database function `erase_survivor` (migration 0005): it is the only path
through the append-only triggers on audit_event and review_decision, and it writes the one audit entry
that records the erasure.
"""

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


def inactive_profiles(conn: Connection, *, cutoff: datetime) -> list[tuple[str, int]]:
    """(pseudonym, org_id) of every profile with no activity since `cutoff`, oldest first."""
    rows = conn.execute(
        text(
            "SELECT pseudonym, org_id FROM survivor_profile WHERE last_activity_at < :cutoff ORDER BY last_activity_at"
        ),
        {"cutoff": cutoff},
    ).all()
    return [(r.pseudonym, r.org_id) for r in rows]
