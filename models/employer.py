"""Employers: the hiring organization behind postings, with staff verification."""

from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from models.columns import created_at_field, tz_field
from models.enums import VerificationStatus


class EmployerBase(SQLModel):
    name: str = Field(max_length=300, description="Name as published in postings.")
    legal_name: str | None = Field(default=None, max_length=300, description="Registered legal name, once checked.")
    website: str | None = Field(default=None, max_length=500)


class Employer(EmployerBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Normalized name (lower-case, no punctuation or company suffixes): how imports find the
    # same employer across sources.
    name_key: str = Field(max_length=300, unique=True, index=True)
    org_id: int | None = Field(
        default=None,
        foreign_key="organization.id",
        index=True,
        description="Employer organization with accounts, if any.",
    )
    verification: VerificationStatus = Field(default=VerificationStatus.UNVERIFIED, sa_type=String(20))
    verified_at: datetime | None = tz_field("When staff verified legal name, address and tax ID.")
    created_at: datetime = created_at_field()
