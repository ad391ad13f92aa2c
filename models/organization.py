"""Organizations (agencies, employers, education partners) and their users."""

from datetime import datetime

from sqlalchemy import Column, Integer, String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

from models.columns import created_at_field
from models.enums import OrgKind, Role


class OrganizationBase(SQLModel):
    name: str = Field(max_length=200, description="Organization's display name.")
    kind: OrgKind = Field(sa_type=String(30), description="agency, employer or education_partner.")


class Organization(OrganizationBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # The agency's own follow-up days after a share or a hire; None: the site setting (migration 0019).
    follow_up_days: list[int] | None = Field(default=None, sa_column=Column(ARRAY(Integer), nullable=True))
    created_at: datetime = created_at_field()


class UserBase(SQLModel):
    email: str = Field(
        max_length=254, unique=True, index=True, description="Login e-mail (staff only; never a survivor)."
    )
    role: Role = Field(sa_type=String(30), description="admin, caseworker, employer or education_partner.")
    display_name: str | None = Field(
        default=None, max_length=100, description="Name shown to colleagues, e.g. in the audit trail (staff only)."
    )


class User(UserBase, table=True):
    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organization.id", index=True)
    password_hash: str = Field(description="Argon2id hash; never the password.")
    is_active: bool = Field(default=True)
    created_at: datetime = created_at_field()
