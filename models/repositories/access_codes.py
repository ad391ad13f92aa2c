"""Access codes, looked up by the hash of the code."""

from datetime import datetime

from sqlmodel import Session, col, select

from models.access_code import AccessCode


def create(
    session: Session,
    *,
    code_hash: str,
    pseudonym: str,
    org_id: int,
    issued_by: int,
    expires_at: datetime,
    language: str | None = None,
) -> AccessCode:
    row = AccessCode(
        code_hash=code_hash,
        profile_pseudonym=pseudonym,
        org_id=org_id,
        issued_by=issued_by,
        expires_at=expires_at,
        language=language,
    )
    session.add(row)
    session.flush()
    return row


def find_valid(session: Session, *, code_hash: str, now: datetime) -> AccessCode | None:
    return session.exec(
        select(AccessCode).where(
            AccessCode.code_hash == code_hash, col(AccessCode.revoked_at).is_(None), AccessCode.expires_at > now
        )
    ).first()


def exists(session: Session, *, code_hash: str) -> bool:
    """Whether the code was ever issued (revoked and expired included)."""
    return session.exec(select(AccessCode.id).where(AccessCode.code_hash == code_hash)).first() is not None


def get_in_org(session: Session, *, code_id: int, org_id: int) -> AccessCode | None:
    return session.exec(select(AccessCode).where(AccessCode.id == code_id, AccessCode.org_id == org_id)).first()


def list_for_profile(session: Session, *, pseudonym: str) -> list[AccessCode]:
    return list(
        session.exec(
            select(AccessCode).where(AccessCode.profile_pseudonym == pseudonym).order_by(col(AccessCode.id))
        ).all()
    )


def mark_used(session: Session, row: AccessCode, now: datetime) -> None:
    row.last_used_at = now
    session.add(row)
    session.flush()


def revoke(session: Session, row: AccessCode, now: datetime) -> None:
    if row.revoked_at is None:
        row.revoked_at = now
        session.add(row)
        session.flush()
