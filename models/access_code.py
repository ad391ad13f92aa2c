"""Access codes: how a person opens the opportunities shared with them, without an account."""

from datetime import datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

from models.columns import created_at_field, tz_field


class AccessCode(SQLModel, table=True):
    """A random code (>= 128 bits) issued by a caseworker; only its SHA-256 is stored."""

    __tablename__ = "access_code"
    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True, index=True, description="SHA-256 of the normalized code.")
    profile_pseudonym: str = Field(foreign_key="survivor_profile.pseudonym", index=True, max_length=32)
    org_id: int = Field(foreign_key="organization.id", index=True)
    issued_by: int = Field(foreign_key="app_user.id")
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=DateTime(timezone=True), description="The code stops working after this.")
    revoked_at: datetime | None = tz_field("Revoked by a caseworker.")
    last_used_at: datetime | None = tz_field("Last time the code opened the list.")
    language: str | None = Field(
        default=None, max_length=16, description="The page's language (BCP 47) when opened with this code."
    )
