"""Consent to share with a named recipient, and the referrals it allows.

VAWA (34 U.S.C. 12291(b)(2)): no disclosure without informed, written, time-limited consent, never a
condition of service. So a consent always names one recipient and one purpose, always expires, and can
be withdrawn; nothing in matching, review or sharing with the person reads this table.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from models.columns import created_at_field, tz_field


class ConsentPurpose(StrEnum):
    REFERRAL = "referral"
    EMPLOYMENT_VERIFICATION = "employment_verification"
    TRAINING_ENROLLMENT = "training_enrollment"


class ConsentScope(StrEnum):
    """What may be shared: the narrowest scope that serves the purpose."""

    SKILLS_SUMMARY = "skills_summary"
    SKILLS_AND_AVAILABILITY = "skills_and_availability"
    REFERRAL_FACT_ONLY = "referral_fact_only"


class Consent(SQLModel, table=True):
    __table_args__ = (CheckConstraint("expires_at > granted_at", name="ck_consent_expires"),)
    id: int | None = Field(default=None, primary_key=True)
    profile_pseudonym: str = Field(foreign_key="survivor_profile.pseudonym", index=True, max_length=32)
    # Row-level security filters on this column like every other table holding survivor data.
    org_id: int = Field(foreign_key="organization.id", index=True)
    # A named recipient: an organization's name, normalized (lower case, single spaces) so a referral
    # matches it exactly. Scrubbed of personal data before it is stored.
    recipient: str = Field(max_length=120)
    purpose: str = Field(max_length=40, description="See ConsentPurpose.")
    scope: str = Field(max_length=40, description="See ConsentScope.")
    granted_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=DateTime(timezone=True), description="Consent lapses after this.")
    withdrawn_at: datetime | None = tz_field("When the person withdrew it.")
    recorded_by: int | None = Field(default=None, foreign_key="app_user.id")
    withdrawn_by: int | None = Field(default=None, foreign_key="app_user.id")


class Referral(SQLModel, table=True):
    """That a referral happened, under which consent: never what was sent (sending is out of scope)."""

    id: int | None = Field(default=None, primary_key=True)
    profile_pseudonym: str = Field(foreign_key="survivor_profile.pseudonym", index=True, max_length=32)
    org_id: int = Field(foreign_key="organization.id", index=True)
    # SET NULL: expired consents are purged on schedule; the referral outlives the consent record.
    consent_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("consent.id", ondelete="SET NULL"), nullable=True)
    )
    recommendation_id: int | None = Field(default=None, foreign_key="recommendation.id")
    recipient: str = Field(sa_column=Column(String(120), nullable=False))
    purpose: str = Field(max_length=40)
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = created_at_field()
