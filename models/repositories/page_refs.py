"""Rows of `page_ref`: request state under a hashed reference, with an expiry. Callers pass hashes and
already-encrypted payloads; expired rows are never returned and are deleted on read and on every write."""

from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session


def sweep(session: Session, now: datetime) -> int:
    """Delete every expired row (the index on expires_at keeps this cheap)."""
    result = session.connection().execute(text("DELETE FROM page_ref WHERE expires_at <= :now"), {"now": now})
    return int(result.rowcount or 0)


def put(session: Session, *, ref_hash: str, purpose: str, payload: str, expires_at: datetime, now: datetime) -> None:
    sweep(session, now)
    session.connection().execute(
        text(
            "INSERT INTO page_ref (ref_hash, purpose, payload, expires_at) "
            "VALUES (:ref_hash, :purpose, :payload, :expires_at)"
        ),
        {"ref_hash": ref_hash, "purpose": purpose, "payload": payload, "expires_at": expires_at},
    )


def touch(session: Session, *, ref_hash: str, purpose: str, now: datetime, expires_at: datetime) -> str | None:
    """The payload of a live row, its expiry moved to `expires_at`; an expired row is deleted instead."""
    conn = session.connection()
    row = conn.execute(
        text(
            "UPDATE page_ref SET expires_at = :expires_at "
            "WHERE ref_hash = :ref_hash AND purpose = :purpose AND expires_at > :now RETURNING payload"
        ),
        {"ref_hash": ref_hash, "purpose": purpose, "now": now, "expires_at": expires_at},
    ).first()
    if row is None:
        conn.execute(text("DELETE FROM page_ref WHERE ref_hash = :ref_hash"), {"ref_hash": ref_hash})
        return None
    return str(row[0])


def take(session: Session, *, ref_hash: str, purpose: str, now: datetime) -> str | None:
    """The payload of a live row, deleted as it is read (a second reader finds nothing)."""
    row = (
        session.connection()
        .execute(
            text("DELETE FROM page_ref WHERE ref_hash = :ref_hash RETURNING purpose, payload, expires_at"),
            {"ref_hash": ref_hash},
        )
        .first()
    )
    if row is None or row[0] != purpose or row[2] <= now:
        return None
    return str(row[1])


def discard(session: Session, ref_hash: str) -> None:
    session.connection().execute(text("DELETE FROM page_ref WHERE ref_hash = :ref_hash"), {"ref_hash": ref_hash})


def count(session: Session, purpose: str) -> int:
    """Rows of one purpose, expired ones included (tests and the operations page use it)."""
    return int(
        session.connection()
        .execute(text("SELECT count(*) FROM page_ref WHERE purpose = :purpose"), {"purpose": purpose})
        .scalar_one()
    )
