"""Sign-in, users and API tokens."""

from datetime import datetime

from pydantic import BaseModel, Field

from api.schemas.common import Strict
from models.enums import Role

Email = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="E-mail address.")


class LoginIn(Strict):
    email: str = Email
    password: str = Field(min_length=1, max_length=256, description="Password.")


class UserOut(BaseModel):
    id: int = Field(description="User id.")
    email: str = Field(description="Sign-in e-mail.")
    role: str = Field(description="admin, caseworker, employer or education_partner.")
    org_id: int = Field(description="Organization the user belongs to.")
    is_active: bool = Field(description="False when disabled.")
    created_at: datetime = Field(description="When the account was created (UTC).")


class SignedInOut(BaseModel):
    user: UserOut = Field(description="The signed-in user.")
    organization_name: str = Field(description="The user's organization.")
    csrf_token: str = Field(description="Send as X-CSRF-Token on every POST, PUT, PATCH and DELETE.")
    idle_timeout_minutes: int = Field(description="The session ends after this long without a request.")


class MeOut(BaseModel):
    user: UserOut = Field(description="The signed-in user.")
    organization_name: str = Field(description="The user's organization.")
    via: str = Field(description="session or token.")
    scopes: list[str] = Field(description="A token's scopes; empty for a web session.")


class RegisterEmployerIn(Strict):
    organization_name: str = Field(
        min_length=2, max_length=200, description="Your organization's name as it appears on your postings."
    )
    email: str = Email
    password: str = Field(min_length=12, max_length=256, description="At least 12 characters.")


class UserCreateIn(Strict):
    email: str = Email
    role: Role = Field(description="Role within your organization.")
    password: str = Field(min_length=12, max_length=256, description="Initial password, at least 12 characters.")


class UserUpdateIn(Strict):
    role: Role | None = Field(default=None, description="New role; ends the user's sessions and tokens.")
    is_active: bool | None = Field(default=None, description="False disables the account and ends its sessions.")


class TokenIn(Strict):
    name: str = Field(min_length=1, max_length=100, description="What the token is for.")
    scopes: list[str] = Field(
        min_length=1,
        description="programs:read / programs:write (partners), postings:read / postings:write (employers).",
    )
    days: int = Field(default=90, ge=1, le=365, description="Days until the token stops working.")


class TokenOut(BaseModel):
    id: int = Field(description="Token id.")
    name: str = Field(description="What the token is for.")
    scopes: list[str] = Field(description="What the token may do.")
    created_at: datetime = Field(description="Created (UTC).")
    expires_at: datetime = Field(description="Stops working (UTC).")
    last_used_at: datetime | None = Field(description="Last used (UTC).")
    revoked_at: datetime | None = Field(description="Revoked (UTC).")


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The secret, shown once: send it as 'Authorization: Bearer <token>'.")
