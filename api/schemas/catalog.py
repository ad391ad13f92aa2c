"""Bodies for employers' postings and partners' programs. Nothing here ever mentions a profile."""

from datetime import date, datetime
from typing import Annotated, ClassVar

from pydantic import BaseModel, Field

from api.schemas.common import Strict
from api.schemas.profiles import Day
from models.enums import Delivery, EmploymentType, PayUnit, Shift


class EmployerPostingIn(Strict):
    """An opening, normalized exactly like a row of the Wayfinder jobs CSV. The employer's name is the
    registered organization's name (it cannot be set here)."""

    MULTILINE_FIELDS: ClassVar[frozenset[str]] = frozenset({"description", "qualifications"})

    source_id: str | None = Field(
        default=None,
        max_length=200,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="Your own id for the opening (letters, digits . _ : -); generated when left out.",
    )
    title: str = Field(min_length=2, max_length=500, description="Job title as you publish it.")
    description: str = Field(default="", max_length=20000, description="What the job is (HTML is removed).")
    url: str | None = Field(
        default=None, max_length=1000, pattern=r"^https?://", description="Where to read more or apply."
    )
    employment_types: list[EmploymentType] = Field(default_factory=list, description="FULL_TIME, PART_TIME, ...")
    pay_min: float | None = Field(default=None, ge=0, description="Lowest pay in `pay_unit`.")
    pay_max: float | None = Field(default=None, ge=0, description="Highest pay in `pay_unit`.")
    pay_unit: PayUnit | None = Field(default=None, description="HOUR, DAY, WEEK, MONTH or YEAR; needed with pay.")
    pay_currency: str = Field(default="USD", pattern=r"^[A-Za-z]{3}$", description="ISO 4217 currency code.")
    city: str | None = Field(default=None, max_length=120, description="City of the workplace.")
    region: str | None = Field(default=None, max_length=60, description="State: code ('WA') or name.")
    postal_code: str | None = Field(
        default=None, pattern=r"^\d{5}(-\d{4})?$", description="Workplace ZIP code; only its first 3 digits are kept."
    )
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$", description="Two-letter country code.")
    is_remote: bool = Field(default=False, description="The job can be done remotely.")
    shifts: list[Shift] = Field(default_factory=list, description="day, evening, night, weekend, flexible.")
    days: list[Day] = Field(default_factory=list, description="Working days, mon..sun.")
    hours_per_week: float | None = Field(default=None, ge=0, le=100, description="Usual hours a week.")
    work_hours_text: str | None = Field(default=None, max_length=500, description="Hours as you describe them.")
    occupation_code: str | None = Field(
        default=None,
        pattern=r"^\d{2}-\d{4}$",
        description="SOC 2018 code, e.g. '35-2014'; found from the title if left out.",
    )
    industry: str | None = Field(default=None, max_length=200, description="Industry, e.g. 'food service'.")
    qualifications: str | None = Field(default=None, max_length=5000, description="What applicants need.")
    education_required: str | None = Field(default=None, max_length=100, description="e.g. 'high school'.")
    experience_months: int | None = Field(default=None, ge=0, le=600, description="Experience needed, months.")
    requires_citizenship: bool = Field(default=False, description="Only citizens may apply.")
    valid_through: date | None = Field(default=None, description="Last day to apply.")
    openings: int | None = Field(default=None, ge=1, le=10000, description="How many people you hire.")
    how_to_apply: str | None = Field(default=None, max_length=500, description="How to apply (screened for safety).")


class PostingOut(BaseModel):
    id: int = Field(description="Posting id.")
    source_id: str = Field(description="Your id for the opening.")
    title: str = Field(description="Job title.")
    employer_name: str = Field(description="Employer name as published.")
    review_status: str = Field(
        description="live, under review, not accepted, closed or expired. Reviews never say which check applied."
    )
    pay_min: float | None = Field(description="Lowest pay in pay_unit.")
    pay_max: float | None = Field(description="Highest pay in pay_unit.")
    pay_unit: str | None = Field(description="Pay unit.")
    city: str | None = Field(description="City.")
    region: str | None = Field(description="State.")
    is_remote: bool = Field(description="Remote.")
    valid_through: datetime | None = Field(description="Closing date.")
    interested: int | None = Field(
        description="People who said they are interested; null when fewer than 5 (small counts are not shown)."
    )
    updated_at: datetime = Field(description="Last change (UTC).")


class ProgramOut(BaseModel):
    id: int = Field(description="Program id.")
    source_id: str = Field(description="Id within your upload.")
    name: str = Field(description="Program name.")
    provider_name: str = Field(description="Provider.")
    url: str | None = Field(description="Program page.")
    cip_code: str | None = Field(description="CIP 2020 code.")
    credential_type: str | None = Field(description="Credential earned.")
    cost_total: float | None = Field(description="Total cost, USD.")
    duration_weeks: float | None = Field(description="Length in weeks.")
    delivery: str | None = Field(description="in_person, online or hybrid.")
    city: str | None = Field(description="City.")
    region: str | None = Field(description="State.")
    status: str = Field(description="active, closed or expired.")
    updated_at: datetime = Field(description="Last change (UTC).")


class RecordProblem(BaseModel):
    location: str = Field(description="Line or record number in the file.")
    field: str = Field(description="Field that is wrong.")
    reason: str = Field(description="What is wrong and how to fix it.")


class UploadJob(BaseModel):
    """A program upload, worked in the background: poll `status_url` until `done`."""

    id: int = Field(description="The upload's job id.")
    status: str = Field(description="queued, running, embedding, finished, failed or interrupted.")
    done: bool = Field(description="True once it stopped: finished, failed or interrupted.")
    status_url: str = Field(description="Where to read its progress and, when done, its report.")
    file_name: str = Field(description="The uploaded file's name.")
    format: str = Field(description="Format the file is read as.")
    message: str | None = Field(description="Why it failed or stopped, when it did.")
    read: int = Field(description="Records read so far.")
    inserted: int = Field(description="New programs so far.")
    updated: int = Field(description="Changed programs so far.")
    unchanged: int = Field(description="Programs already up to date so far.")
    errors: int = Field(description="Records skipped so far; listed in problems once done.")
    embedded: int = Field(description="Texts embedded for matching so far.")
    problems: Annotated[list[RecordProblem], Field(max_length=100)] = Field(
        description="Once done: the first 100 skipped records, with what to fix."
    )


class PartnerProgramEdit(Strict):
    """What an education partner may change about one of its programs (the rest stays as imported)."""

    MULTILINE_FIELDS: ClassVar[frozenset[str]] = frozenset({"description"})

    name: str = Field(min_length=2, max_length=500, description="Program name as you publish it.")
    description: str = Field(default="", max_length=20000, description="What the program teaches.")
    cost_total: float | None = Field(default=None, ge=0, le=1_000_000, description="Total cost to the student, USD.")
    duration_weeks: float | None = Field(default=None, gt=0, le=520, description="Length in weeks.")
    delivery: Delivery | None = Field(default=None, description="in_person, online or hybrid.")
    shifts: list[Shift] = Field(default_factory=list, description="When classes meet: day, evening, ...")
    days: list[Day] = Field(default_factory=list, description="Class days, mon..sun.")
    city: str | None = Field(default=None, max_length=120, description="City where classes meet.")
    region: str | None = Field(default=None, max_length=60, description="State: code ('WA') or name.")
    skills: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Skills taught, as words ('forklift operation'); found from the description when empty.",
    )
