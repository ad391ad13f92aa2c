"""The append-only audit log: ids, codes and times only, never personal data."""

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql import bindparam


def record(
    conn: Connection,
    *,
    action: str,
    actor_user_id: int | None,
    actor_role: str | None,
    org_id: int | None,
    pseudonym: str | None,
    purpose: str | None,
    detail: dict[str, Any] | None = None,
) -> None:
    conn.execute(
        text(
            "INSERT INTO audit_event (at, actor_user_id, actor_role, org_id, pseudonym, action, purpose, detail) "
            "VALUES (now(), :actor, :role, :org, :pseudonym, :action, :purpose, :detail)"
        ).bindparams(bindparam("detail", type_=JSONB)),
        {
            "actor": actor_user_id,
            "role": actor_role,
            "org": org_id,
            "pseudonym": pseudonym,
            "action": action,
            "purpose": purpose,
            "detail": detail or {},
        },
    )


def trail(
    conn: Connection, *, pseudonym: str, org_id: int, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One profile's events, oldest first, limited to the profile's own organization's log."""
    params = {"p": pseudonym, "org": org_id, "limit": limit, "offset": offset}
    where = "WHERE pseudonym = :p AND org_id = :org"
    total = conn.execute(text(f"SELECT count(*) FROM audit_event {where}"), params).scalar_one()  # noqa: S608
    rows = conn.execute(
        text(
            "SELECT id, at, actor_user_id, actor_role, action, purpose, detail FROM audit_event "  # noqa: S608
            f"{where} ORDER BY id LIMIT :limit OFFSET :offset"
        ),
        params,
    ).all()
    return [dict(r._mapping) for r in rows], int(total)


def recent_actions(conn: Connection, *, org_id: int, action: str, since: datetime) -> list[dict[str, Any]]:
    """One organization's events of one kind since a time, newest first (e.g. sign-in alerts for admins)."""
    rows = conn.execute(
        text(
            "SELECT id, at, actor_user_id, action, detail FROM audit_event "
            "WHERE org_id = :org AND action = :action AND at >= :since ORDER BY at DESC, id DESC LIMIT 50"
        ),
        {"org": org_id, "action": action, "since": since},
    ).all()
    return [dict(r._mapping) for r in rows]
