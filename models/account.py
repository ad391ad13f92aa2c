"""Sign-in state: server-side web sessions, scoped API tokens and login attempts (for rate limiting).

Only hashes of secrets are stored: a database read never yields a usable session, token or password.
"""

from datetime import datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

from models.columns import created_at_field, str_list_field, tz_field


class UserSession(SQLModel, table=True):
    """One signed-in browser. The cookie holds the random token; this row holds its SHA-256."""

    __tablename__ = "user_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True, description="SHA-256 of the cookie token.")
    csrf_hash: str = Field(max_length=64, description="SHA-256 of the CSRF token sent in X-CSRF-Token.")
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = created_at_field()
    last_seen_at: datetime = Field(
        sa_type=DateTime(timezone=True), description="Last request; the session ends after 30 minutes idle."
    )
    revoked_at: datetime | None = tz_field("Logout, role change or deactivation ended the session.")


class ApiToken(SQLModel, table=True):
    """A partner's credential for automated uploads, limited to the scopes it was issued with."""

    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True, description="SHA-256 of the bearer token.")
    user_id: int = Field(foreign_key="app_user.id", index=True)
    name: str = Field(max_length=100, description="What the token is for, e.g. 'nightly ETPL upload'.")
    scopes: list[str] = str_list_field("e.g. programs:write, postings:read.")
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=DateTime(timezone=True), description="The token stops working after this.")
    last_used_at: datetime | None = tz_field("Last request made with the token.")
    revoked_at: datetime | None = tz_field("Revoked by its owner, an admin, or a role change.")


class LoginAttempt(SQLModel, table=True):
    """Guess-limit records (api/services/guess_limits.py): failed sign-ins, wrong access codes and
    registrations, and markers of places an account or a code was used from, each under the SHA-256 of
    what it counts (an account, an address, or both), never the value itself."""

    __tablename__ = "login_attempt"
    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(
        max_length=64, index=True, description="SHA-256 of what is counted (e.g. 'login-account:' + e-mail)."
    )
    at: datetime = created_at_field()
