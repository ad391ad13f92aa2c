"""Job postings: the normalized record the ETL produces and the table that stores it."""

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.columns import EmbeddingType, StrArray, created_at_field, json_field, str_list_field, utcnow
from models.enums import PayUnit, PostingStatus
from models.text_input import TextCheckedBuilder, refuse_control_characters, refuse_non_web_links


class JobPostingIn(SQLModel):
    """One opening after normalization, whatever format it came in."""

    # Control characters are refused here too, so an imported record holding one is reported and skipped
    # (the rest of its file still imports) instead of failing the whole import in PostgreSQL.
    MULTILINE_FIELDS: ClassVar[frozenset[str]] = frozenset({"description", "qualifications", "contact_text"})
    _clean_text = refuse_control_characters()
    _web_link = refuse_non_web_links("url")  # never javascript:, data: or relative links (etl.normalize.links)

    source: str = Field(max_length=100, description="Feed or partner the posting came from, e.g. 'usajobs'.")
    source_id: str = Field(max_length=200, description="The posting's identifier within its source.")
    title: str = Field(max_length=500, description="Job title as published.")
    description: str = Field(default="", sa_type=Text, description="Plain-text description (HTML removed).")
    url: str | None = Field(default=None, max_length=1000, description="Where to read or apply.")
    employer_name: str = Field(max_length=300, description="Hiring organization's published name.")
    employment_types: list[str] = str_list_field("FULL_TIME, PART_TIME, TEMPORARY, ...")
    pay_min: float | None = Field(default=None, description="Lower pay bound in the published unit.")
    pay_max: float | None = Field(default=None, description="Upper pay bound in the published unit.")
    pay_unit: PayUnit | None = Field(default=None, sa_type=String(10), description="Unit the pay was published in.")
    pay_currency: str | None = Field(default=None, max_length=3)
    pay_min_hourly: float | None = Field(default=None, description="Lower pay bound converted to an hourly rate.")
    pay_max_hourly: float | None = Field(default=None, description="Upper pay bound converted to an hourly rate.")
    city: str | None = Field(default=None, max_length=120)
    region: str | None = Field(default=None, max_length=60, description="State or region code, e.g. 'WA'.")
    zip3: str | None = Field(default=None, max_length=3, description="First three digits of the ZIP code.")
    country: str | None = Field(default=None, max_length=2)
    is_remote: bool = Field(
        default=False, description="The work is done away from any site (USAJOBS RemoteIndicator); not telework."
    )
    telework_eligible: bool = Field(
        default=False, description="Some days may be worked from home; the person still lives near the site."
    )
    shifts: list[str] = str_list_field("day, evening, night, weekend, flexible")
    days: list[str] = str_list_field("Working days: mon..sun, when published.")
    hours_per_week: float | None = Field(default=None)
    work_hours_text: str | None = Field(default=None, max_length=500, description="workHours as published.")
    occupation_code: str | None = Field(default=None, max_length=7, description="SOC 2018 code, e.g. '29-1141'.")
    industry: str | None = Field(default=None, max_length=200)
    skills: list[str] = str_list_field("Normalized skill ids from the taxonomy.")
    qualifications: str | None = Field(default=None, sa_type=Text)
    education_required: str | None = Field(default=None, max_length=100)
    experience_months: int | None = Field(default=None)
    requires_work_authorization: bool = Field(default=True, description="Legal right to work is required.")
    requires_citizenship: bool = Field(default=False, description="The posting requires U.S. citizenship.")
    security_clearance: str | None = Field(
        default=None, max_length=200, description="Clearance the job requires, as published (e.g. 'Secret')."
    )
    # Who may apply. A posting open only to current federal employees, veterans, spouses or other closed
    # groups is stored but never ranked for a person (matcher/constraints.py `_eligibility`).
    hiring_paths: list[str] = str_list_field("USAJOBS HiringPath codes: public, fed-competitive, vet, ...")
    who_may_apply: str | None = Field(default=None, max_length=500, description="Who may apply, as published.")
    open_to_public: bool = Field(default=True, description="Anyone may apply (not internal to current staff).")
    schedule_text: str | None = Field(default=None, max_length=200, description="PositionSchedule as published.")
    offering_type: str | None = Field(
        default=None, max_length=300, description="PositionOfferingType: Permanent, Term, Temporary NTE ..."
    )
    date_posted: date | None = Field(default=None)
    valid_through: datetime | None = Field(default=None)
    openings: int | None = Field(default=None)
    contact_text: str | None = Field(default=None, max_length=500, description="How to apply, as published (screened).")
    # Who the employer is, for the screener's identity check (red-flags.md item 7).
    employer_url: str | None = Field(
        default=None, max_length=1000, description="Employer website: hiringOrganization url or sameAs."
    )
    employer_tax_id: str | None = Field(default=None, max_length=60, description="hiringOrganization taxID.")
    employer_address: str | None = Field(
        default=None, max_length=300, description="hiringOrganization address, as one line."
    )


# What the importers build records with: JobPostingIn(**values), minus the per-field text-validator calls when
# one pass shows none of them could refuse a value (models.text_input.TextCheckedBuilder).
build_job_posting = TextCheckedBuilder(JobPostingIn)


class JobPosting(JobPostingIn, table=True):
    __tablename__ = "job_posting"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_job_posting_natural_key"),)

    id: int | None = Field(default=None, primary_key=True)
    employer_id: int | None = Field(default=None, foreign_key="employer.id", index=True)
    status: PostingStatus = Field(default=PostingStatus.ACTIVE, index=True, sa_type=String(20))
    screening: list[dict[str, object]] = json_field("Screening rule hits with evidence.", default_factory=list)
    review_priority: int = Field(default=0, description="Higher = staff look first.")
    cleared_by: int | None = Field(default=None, foreign_key="app_user.id")
    # Rule families present when staff last cleared the posting: a re-screen holds it again only
    # when a family outside these fires (etl/screening/rescreen.py). NULL: never cleared by staff.
    cleared_families: list[str] | None = Field(default=None, sa_type=StrArray)
    content_hash: str = Field(max_length=64, description="Hash of every normalized field: decides what changed.")
    dedup_key: str = Field(
        max_length=64, index=True, description="Hash of employer+title+place: finds one opening in two sources."
    )
    duplicate_of_id: int | None = Field(default=None, foreign_key="job_posting.id", index=True)
    text_hash: str = Field(
        max_length=64,
        index=True,
        description="Hash of the text to embed; differs from embedding_hash while one is pending.",
    )
    embedding_hash: str | None = Field(default=None, max_length=64, description="Hash of the text that was embedded.")
    embedding: list[float] | None = Field(default=None, sa_type=EmbeddingType)
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(default_factory=utcnow)
