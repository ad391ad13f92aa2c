"""The intake: a privacy-minimized profile. No name, contact, birth date, address, status or story fields
exist, and unknown fields are refused (422), so none can be smuggled in. Location is a state and 3-digit
ZIP areas at most: a full ZIP, a street address or coordinates are refused with a message saying so."""

import re
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from api.schemas.common import Strict
from matcher.personal_limits import SPOKEN_LANGUAGES, minutes
from models.enums import EducationLevel, EmploymentType, Shift

COARSE_LOCATION = (
    "Location is kept coarse to protect the person: give a two-letter state and the first three digits "
    "of a ZIP code (e.g. '981'), never a full ZIP code, street address or coordinates."
)
# Keys a client might send to pin a person down; refused by name so the message says why.
_FINE_LOCATION_KEY = re.compile(
    r"^(lat|lng|lon|long|latitude|longitude|coords?|coordinates|geo(location)?|gps|street(_address)?"
    r"|address_line\d?|zip(_?code)?|zip5|postal(_?code)?|postcode|location)$",
    re.IGNORECASE,
)


def _zip3(value: str) -> str:
    if not re.fullmatch(r"\d{3}", value):
        raise PydanticCustomError("coarse_location", COARSE_LOCATION)
    return value


ShortText = Annotated[str, Field(min_length=1, max_length=100)]
Zip3 = Annotated[
    str,
    AfterValidator(_zip3),
    Field(
        max_length=10,
        description="First three digits of a ZIP code, e.g. '981'.",
        json_schema_extra={"pattern": r"^\d{3}$"},
    ),
]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
CaseNumber = Annotated[
    str,
    Field(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._/#-]*$",
        description="The agency's own case number, if it keeps one: stored encrypted, apart from the profile, "
        "and shown only to caseworkers of this organization. Letters, digits and . _ / # - only.",
    ),
]


class WorkHistoryIn(Strict):
    MULTILINE_FIELDS: ClassVar[frozenset[str]] = frozenset({"activities"})

    title: str | None = Field(default=None, max_length=200, description="Past job title, if the person wants it.")
    activities: str = Field(
        default="", max_length=2000, description="What the work involved, in the person's words (no names or places)."
    )


LanguageLevel = Literal["none", "basic", "conversational", "fluent"]
Transport = Literal["car", "transit", "foot", "bike"]
EducationKind = Literal["school", "certificate", "course", "language_class", "apprenticeship", "degree"]
EducationStatus = Literal["completed", "in_progress", "not_finished"]
MAX_WORK_HISTORY = 50
MAX_EDUCATION = 30
NOTHING_TO_MATCH = "Add at least one skill, past job or interest: with none, there is nothing to match the person on."


class LanguageIn(Strict):
    code: str = Field(
        max_length=8,
        description="Language spoken: an ISO 639-1 code from the intake's list.",
        json_schema_extra={"enum": list(SPOKEN_LANGUAGES)},
    )
    level: LanguageLevel = Field(description="How well: none, basic, conversational or fluent.")

    @field_validator("code")
    @classmethod
    def _listed(cls, value: str) -> str:
        if value not in SPOKEN_LANGUAGES:
            raise PydanticCustomError("language_code", "Choose a language from the list.")
        return value


class FixedHoursIn(Strict):
    """A window the person cannot work on one day (e.g. school pick-up); a schedule constraint on shifts."""

    day: Day = Field(description="mon..sun")
    start: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="Start, 24-hour HH:MM.")
    end: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$", description="End, 24-hour HH:MM (24:00 = midnight).")

    @model_validator(mode="after")
    def _ordered(self) -> "FixedHoursIn":
        if minutes(self.end) <= minutes(self.start):
            raise PydanticCustomError("fixed_hours_order", "The end time must be after the start time.")
        return self


class EducationIn(Strict):
    """Education or training, apart from jobs. The subject only: never the school's name or place."""

    kind: EducationKind = Field(description="school, certificate, course, language_class, apprenticeship, degree.")
    subject: str = Field(
        default="", max_length=100, description="What it was in, e.g. 'English', 'food handling' (no school names)."
    )
    status: EducationStatus = Field(default="completed", description="completed, in_progress or not_finished.")


class ProfileIn(Strict):
    skills: list[ShortText] = Field(
        default_factory=list, max_length=100, description="Skill ids from the taxonomy, or short typed skills."
    )
    work_history: list[WorkHistoryIn] = Field(
        default_factory=list, max_length=MAX_WORK_HISTORY, description="Past work, any number of jobs."
    )
    education: list[EducationIn] = Field(
        default_factory=list, max_length=MAX_EDUCATION, description="Education and training, apart from jobs."
    )
    languages: list[LanguageIn] = Field(
        default_factory=list, max_length=20, description="Languages spoken, each with a level."
    )
    transport: list[Transport] = Field(default_factory=list, description="How the person can travel to work.")
    travel_limit: float | None = Field(default=None, gt=0, le=600, description="How far the person can travel.")
    travel_limit_unit: Literal["minutes", "miles"] | None = Field(
        default=None, description="Unit of travel_limit: minutes or miles."
    )
    fixed_hours: list[FixedHoursIn] = Field(
        default_factory=list, max_length=21, description="Windows the person cannot work (e.g. childcare)."
    )
    education_level: EducationLevel | None = Field(default=None, description="Highest education completed.")
    interests: list[ShortText] = Field(
        default_factory=list, max_length=30, description="Fields of work the person is interested in."
    )
    goals: list[ShortText] = Field(
        default_factory=list, max_length=30, description="Short goal tags, e.g. 'steady hours', 'certificate'."
    )
    days: list[Day] = Field(default_factory=list, description="Days the person can work (mon..sun); empty = any.")
    shifts: list[Shift] = Field(default_factory=list, description="Shifts the person can work; empty = any.")
    max_hours_per_week: float | None = Field(default=None, ge=0, le=100, description="Most hours a week.")
    region: str | None = Field(
        default=None, pattern=r"^[A-Za-z]{2}$", description="Two-letter state code, e.g. 'WA' (never finer)."
    )
    zip3s: list[Zip3] = Field(
        default_factory=list, max_length=20, description="3-digit ZIP areas the person can reach; empty = whole region."
    )
    remote_ok: bool = Field(default=True, description="Remote jobs and online programs are fine.")
    pay_floor_hourly: float | None = Field(
        default=None, ge=0, le=500, description="Lowest hourly pay the person will consider."
    )
    employment_types: list[EmploymentType] = Field(
        default_factory=list, description="Wanted employment types; empty = any."
    )
    work_authorized: bool | None = Field(
        default=None, description="Yes/no: can legally work. Never the status or documents themselves."
    )
    excluded_employers: list[ShortText] = Field(
        default_factory=list, max_length=50, description="Safety: employers never to recommend."
    )
    excluded_industries: list[ShortText] = Field(
        default_factory=list, max_length=50, description="Safety: industries never to recommend."
    )
    excluded_zip3s: list[Zip3] = Field(
        default_factory=list, max_length=50, description="Safety: 3-digit ZIP areas never to recommend."
    )
    case_number: CaseNumber | None = Field(
        default=None, description="Agency case number (encrypted, kept apart). Omitted on an edit = removed."
    )

    @model_validator(mode="before")
    @classmethod
    def _refuse_fine_location(cls, data: Any) -> Any:
        if isinstance(data, dict):
            fine = sorted(k for k in data if isinstance(k, str) and _FINE_LOCATION_KEY.match(k))
            if fine:
                raise PydanticCustomError(
                    "coarse_location", "{fields} refused. " + COARSE_LOCATION, {"fields": ", ".join(fine)}
                )
        return data

    @field_validator("region")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.upper() if value else value

    @field_validator("languages")
    @classmethod
    def _one_level_per_language(cls, value: list[LanguageIn]) -> list[LanguageIn]:
        codes = [x.code for x in value]
        if len(set(codes)) != len(codes):
            raise PydanticCustomError("language_twice", "Each language once, with one level.")
        return value

    @model_validator(mode="after")
    def _travel_limit_has_unit(self) -> "ProfileIn":
        if self.travel_limit is not None and self.travel_limit_unit is None:
            raise PydanticCustomError("travel_unit", "Say whether the travel limit is in minutes or miles.")
        if self.travel_limit is None:
            self.travel_limit_unit = None
        return self

    def has_something_to_match(self) -> bool:
        """At least one skill, past job or interest: ranking a blank profile proposes generic jobs."""
        return bool(self.skills or self.interests or any(w.title or w.activities for w in self.work_history))


class WorkHistoryOut(BaseModel):
    title: str | None = Field(default=None, description="Past job title.")
    activities: str = Field(default="", description="What the work involved.")


class LanguageOut(BaseModel):
    code: str = Field(description="Language code.")
    level: str = Field(description="none, basic, conversational or fluent.")


class FixedHoursOut(BaseModel):
    day: str = Field(description="mon..sun")
    start: str = Field(description="HH:MM")
    end: str = Field(description="HH:MM")


class EducationOut(BaseModel):
    kind: str = Field(description="Kind of education or training.")
    subject: str = Field(default="", description="What it was in.")
    status: str = Field(description="completed, in_progress or not_finished.")


class ProfileOut(BaseModel):
    pseudonym: str = Field(description="The profile's only key: 128 random bits, hex.")
    skills: list[str] = Field(description="Skill ids or typed skills.")
    work_history: list[WorkHistoryOut] = Field(description="Past work.")
    education: list[EducationOut] = Field(default_factory=list, description="Education and training.")
    languages: list[LanguageOut] = Field(default_factory=list, description="Languages spoken, with level.")
    transport: list[str] = Field(default_factory=list, description="How the person can travel.")
    travel_limit: float | None = Field(default=None, description="How far the person can travel.")
    travel_limit_unit: str | None = Field(default=None, description="minutes or miles.")
    fixed_hours: list[FixedHoursOut] = Field(default_factory=list, description="Windows the person cannot work.")
    education_level: str | None = Field(description="Highest education completed.")
    interests: list[str] = Field(description="Fields of interest.")
    goals: list[str] = Field(description="Goal tags.")
    days: list[str] = Field(description="Days available.")
    shifts: list[str] = Field(description="Shifts available.")
    max_hours_per_week: float | None = Field(description="Most hours a week.")
    region: str | None = Field(description="State code.")
    zip3s: list[str] = Field(description="Reachable 3-digit ZIP areas.")
    remote_ok: bool = Field(description="Remote and online are fine.")
    pay_floor_hourly: float | None = Field(description="Lowest acceptable hourly pay.")
    employment_types: list[str] = Field(description="Wanted employment types.")
    work_authorized: bool | None = Field(description="Can legally work (yes/no only).")
    excluded_employers: list[str] = Field(description="Employers never to recommend.")
    excluded_industries: list[str] = Field(description="Industries never to recommend.")
    excluded_zip3s: list[str] = Field(description="Areas never to recommend.")
    case_number: str | None = Field(default=None, description="Agency case number (this organization only).")
    created_at: datetime = Field(description="When the profile was created (UTC).")
    updated_at: datetime = Field(description="When the profile was last edited (UTC).")


class AuditEventOut(BaseModel):
    id: int = Field(description="Event id (increasing).")
    at: datetime = Field(description="When it happened (UTC).")
    actor_user_id: int | None = Field(description="Staff user who acted; null when the person used their code.")
    actor_role: str | None = Field(description="caseworker, admin, ... or access_code.")
    who: str | None = Field(
        default=None, description="The staff member's display name (else e-mail), same organization only."
    )
    action: str = Field(description="What was done, e.g. profile.view, recommendation.approve.")
    purpose: str | None = Field(description="Why, e.g. case management.")
    detail: dict[str, object] = Field(description="Ids and codes only; never personal data.")
