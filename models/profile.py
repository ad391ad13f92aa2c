"""Privacy-minimized survivor profiles, keyed by a random pseudonym.

Deliberately absent: name, contact details, birth date, street address, immigration
status, and any narrative of what happened to the person. `tests/privacy/test_minimization.py`
holds the schema to that list.

The safety exclusions are stored encrypted (`safety_exclusions`, an AES-GCM token of the three lists):
the table row never holds them in clear, and code reads them from a `ProfileRecord`, which
`models.repositories.profiles` builds by decrypting. An agency's own case number lives apart, in
`models.case_reference`.
"""

import secrets
from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from models.columns import EmbeddingType, created_at_field, json_field, str_list_field, utcnow


def new_pseudonym() -> str:
    """128 random bits, hex: the only key a profile has."""
    return secrets.token_hex(16)


class WorkHistoryItem(SQLModel):
    title: str | None = Field(default=None, max_length=200, description="Optional job title.")
    activities: str = Field(
        default="", max_length=2000, description="What the work involved (scrubbed of personal data)."
    )


class ProfileBase(SQLModel):
    skills: list[str] = str_list_field("Skill ids from the taxonomy, or short typed skills.")
    work_history: list[dict[str, str | None]] = json_field(
        "Past work: [{title, activities}], scrubbed.", default_factory=list
    )
    education_level: str | None = Field(default=None, max_length=40, description="See EducationLevel.")
    interests: list[str] = str_list_field("Fields of work the person is interested in.")
    goals: list[str] = str_list_field("Short goal tags, e.g. 'steady hours', 'certificate'.")
    days: list[str] = str_list_field("Days the person can work: mon..sun. Empty = any.")
    shifts: list[str] = str_list_field("Shifts the person can work. Empty = any.")
    max_hours_per_week: float | None = Field(default=None)
    region: str | None = Field(default=None, max_length=60, description="State or region code.")
    zip3s: list[str] = str_list_field("3-digit ZIP areas the person can reach. Empty = anywhere in region.")
    remote_ok: bool = Field(default=True)
    pay_floor_hourly: float | None = Field(default=None, description="Lowest hourly pay the person will consider.")
    employment_types: list[str] = str_list_field("Wanted employment types. Empty = any.")
    work_authorized: bool | None = Field(default=None, description="Yes/no flag only; never the status itself.")
    # Intake fields of migration 0015. Education holds a kind, a subject and a status, never a school's
    # name; fixed hours are windows per day, never the reason (childcare is the caseworker's note, not ours).
    education: list[dict[str, str]] = json_field(
        "Education and training: [{kind, subject, status}], subject scrubbed.", default_factory=list
    )
    languages: list[dict[str, str]] = json_field("Languages spoken: [{code, level}].", default_factory=list)
    transport: list[str] = str_list_field("How the person can travel: car, transit, foot, bike.")
    travel_limit: float | None = Field(default=None, description="How far the person can travel.")
    travel_limit_unit: str | None = Field(default=None, max_length=10, description="minutes or miles.")
    fixed_hours: list[dict[str, str]] = json_field(
        "Windows the person cannot work: [{day, start, end}] (HH:MM).", default_factory=list
    )


class SafetyExclusions(SQLModel):
    """Employers, industries and areas never to recommend: they can point at the person's exploiter, so
    they are encrypted at rest (see `SurvivorProfile.safety_exclusions`)."""

    excluded_employers: list[str] = Field(default_factory=list, description="Safety: employers never to recommend.")
    excluded_industries: list[str] = Field(default_factory=list, description="Safety: industries never to recommend.")
    excluded_zip3s: list[str] = Field(default_factory=list, description="Safety: areas never to recommend.")


SAFETY_FIELDS = tuple(SafetyExclusions.model_fields)


class SurvivorProfile(ProfileBase, table=True):
    __tablename__ = "survivor_profile"
    # The dashboard filters and sorts an organization's profiles by last activity (migration 0016).
    __table_args__ = (Index("ix_survivor_profile_org_activity", "org_id", "last_activity_at"),)
    pseudonym: str = Field(default_factory=new_pseudonym, primary_key=True, max_length=32)
    org_id: int = Field(foreign_key="organization.id", index=True)
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    embedding_hash: str | None = Field(default=None, max_length=64)
    embedding: list[float] | None = Field(default=None, sa_type=EmbeddingType)
    # Mean of the profile's parts' embeddings (models.repositories.profile_vectors); None with one part.
    parts_embedding: list[float] | None = Field(default=None, sa_type=EmbeddingType)
    # AES-GCM token (models.privacy.crypto) of the SafetyExclusions JSON, bound to this pseudonym;
    # None = no exclusions. Written and read only by models.repositories.profiles.
    safety_exclusions: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(default_factory=utcnow)
    last_activity_at: datetime = Field(default_factory=utcnow)
    # A short label the caseworker chooses for the dashboard; refused when the scrubber finds personal data
    # in it (api.services.dashboard.check_label), so it is kept in clear and searchable.
    label: str | None = Field(default=None, max_length=40)


class ProfileFields(ProfileBase, SafetyExclusions):
    """Everything an intake holds, in clear (what ranking reads). Not a table."""


class ProfileRecord(ProfileFields):
    """A stored profile as the services see it: decrypted from the row, with its keys. Not a table."""

    pseudonym: str
    org_id: int
    created_by: int | None = None
    case_number: str | None = Field(default=None, description="The agency's own case number (decrypted).")
    label: str | None = Field(default=None, description="The caseworker's short label (no personal data).")
    created_at: datetime
    updated_at: datetime
