"""Web sessions, API tokens and failed-login counts. Callers pass hashes, never the secrets."""

from datetime import datetime

from sqlalchemy import delete, func, text, update
from sqlmodel import Session, col, select

from models.account import ApiToken, LoginAttempt, UserSession
from models.organization import User


def create_session(session: Session, *, user_id: int, token_hash: str, csrf_hash: str, now: datetime) -> UserSession:
    row = UserSession(user_id=user_id, token_hash=token_hash, csrf_hash=csrf_hash, created_at=now, last_seen_at=now)
    session.add(row)
    session.flush()
    return row


def find_session(session: Session, token_hash: str) -> tuple[UserSession, User] | None:
    row = session.exec(
        select(UserSession, User)
        .join(User, col(User.id) == UserSession.user_id)
        .where(UserSession.token_hash == token_hash, col(UserSession.revoked_at).is_(None))
    ).first()
    return (row[0], row[1]) if row else None


def touch_session(session: Session, row: UserSession, now: datetime) -> None:
    row.last_seen_at = now
    session.add(row)
    session.flush()


def revoke_session(session: Session, session_id: int, now: datetime) -> None:
    session.exec(
        update(UserSession)
        .where(col(UserSession.id) == session_id, col(UserSession.revoked_at).is_(None))
        .values(revoked_at=now)
    )


def revoke_user_credentials(session: Session, user_id: int, now: datetime) -> None:
    """End every session and token of a user (logout everywhere, role change, deactivation)."""
    session.exec(
        update(UserSession)
        .where(col(UserSession.user_id) == user_id, col(UserSession.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    session.exec(
        update(ApiToken)
        .where(col(ApiToken.user_id) == user_id, col(ApiToken.revoked_at).is_(None))
        .values(revoked_at=now)
    )


def create_token(
    session: Session, *, user_id: int, name: str, scopes: list[str], token_hash: str, expires_at: datetime
) -> ApiToken:
    row = ApiToken(user_id=user_id, name=name, scopes=scopes, token_hash=token_hash, expires_at=expires_at)
    session.add(row)
    session.flush()
    return row


def find_token(session: Session, token_hash: str, now: datetime) -> tuple[ApiToken, User] | None:
    row = session.exec(
        select(ApiToken, User)
        .join(User, col(User.id) == ApiToken.user_id)
        .where(ApiToken.token_hash == token_hash, col(ApiToken.revoked_at).is_(None), ApiToken.expires_at > now)
    ).first()
    return (row[0], row[1]) if row else None


def touch_token(session: Session, row: ApiToken, now: datetime) -> None:
    row.last_used_at = now
    session.add(row)
    session.flush()


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.exec(select(ApiToken).where(ApiToken.user_id == user_id).order_by(col(ApiToken.id))).all())


def get_token(session: Session, token_id: int, user_id: int) -> ApiToken | None:
    return session.exec(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)).first()


def revoke_token(session: Session, row: ApiToken, now: datetime) -> None:
    if row.revoked_at is None:
        row.revoked_at = now
        session.add(row)
        session.flush()


def count_failures(session: Session, key_hash: str, since: datetime) -> int:
    return int(
        session.exec(select(func.count()).where(LoginAttempt.key_hash == key_hash, LoginAttempt.at >= since)).one()
    )


def record_failure(session: Session, key_hash: str, now: datetime) -> None:
    session.add(LoginAttempt(key_hash=key_hash, at=now))
    session.flush()


def clear_failures(session: Session, key_hash: str) -> None:
    session.exec(delete(LoginAttempt).where(col(LoginAttempt.key_hash) == key_hash))


# --- guess limits (api/services/guess_limits.py) ---------------------------------------------------


def failures_since(session: Session, key_hash: str, since: datetime) -> tuple[int, datetime | None]:
    """How many attempts were recorded under `key_hash` since `since`, and when the latest was."""
    row = session.exec(
        select(func.count(), func.max(LoginAttempt.at)).where(
            LoginAttempt.key_hash == key_hash, LoginAttempt.at >= since
        )
    ).one()
    return int(row[0]), row[1]


def serialize_on(session: Session, key_hash: str) -> None:
    """Hold a transaction-scoped advisory lock on `key_hash`, so that parallel requests from one address
    (in any worker) are counted one after the other instead of all passing the check at once."""
    session.connection().execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key_hash})


def prune_attempts(session: Session, before: datetime) -> int:
    """Forget attempts older than every window that reads them (the daily purge)."""
    result = session.exec(delete(LoginAttempt).where(col(LoginAttempt.at) < before))
    return int(result.rowcount or 0)
