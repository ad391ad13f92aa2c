"""Ranked, explained matches for a profile given in the request (nothing about the person is stored)."""

from typing import Annotated, Any, ClassVar, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.auth import PrincipalDep
from api.deps import ResourcesDep, SessionDep
from api.schemas.common import CleanText
from api.services.matching import preview_matches

router = APIRouter(prefix="/matches", tags=["matching"])


class WorkHistoryIn(CleanText):
    model_config = ConfigDict(extra="forbid")
    MULTILINE_FIELDS: ClassVar[frozenset[str]] = frozenset({"activities"})
    title: str | None = Field(default=None, max_length=200, description="Optional past job title.")
    activities: str = Field(default="", max_length=2000, description="What the work involved.")


class ConstraintsIn(CleanText):
    model_config = ConfigDict(extra="forbid")
    region: str | None = Field(default=None, max_length=60, description="State or region code, e.g. 'WA'.")
    zip3s: list[Annotated[str, Field(pattern=r"^\d{3}$")]] = Field(
        default_factory=list, description="3-digit ZIP areas the person can reach; empty = anywhere in region."
    )
    remote_ok: bool = Field(default=True, description="Remote jobs / online programs are acceptable.")
    pay_floor_hourly: float | None = Field(default=None, ge=0, le=500, description="Lowest acceptable hourly pay.")
    days: list[str] = Field(default_factory=list, description="Days available: mon..sun; empty = any.")
    shifts: list[str] = Field(default_factory=list, description="day, evening, night, weekend, flexible.")
    max_hours_per_week: float | None = Field(default=None, ge=0, le=100, description="Most hours per week.")
    employment_types: list[str] = Field(default_factory=list, description="FULL_TIME, PART_TIME, ...")
    work_authorized: bool | None = Field(default=None, description="Yes/no flag only.")
    excluded_employers: list[str] = Field(default_factory=list, description="Never recommend these employers.")
    excluded_industries: list[str] = Field(default_factory=list, description="Never recommend these industries.")
    excluded_zip3s: list[Annotated[str, Field(pattern=r"^\d{3}$")]] = Field(
        default_factory=list, description="Never recommend places in these 3-digit ZIP areas."
    )


class ProfilePreviewIn(CleanText):
    """A skills profile to match; no name, contact or story fields exist (and unknown fields are refused)."""

    model_config = ConfigDict(extra="forbid")
    skills: list[str] = Field(default_factory=list, max_length=100, description="Skill ids or short typed skills.")
    work_history: list[WorkHistoryIn] = Field(default_factory=list, max_length=20, description="Past work.")
    education: str | None = Field(default=None, max_length=40, description="Education level.")
    interests: list[str] = Field(default_factory=list, max_length=30, description="Fields of interest.")
    constraints: ConstraintsIn = Field(default_factory=ConstraintsIn, description="Hard constraints.")


class MatchOut(BaseModel):
    item_id: int = Field(description="Database id of the posting or program.")
    kind: str = Field(description="job or program.")
    source_id: str = Field(description="Identifier within its source feed.")
    title: str = Field(description="Job title or program name.")
    organization: str = Field(description="Employer or training provider.")
    rank: int = Field(description="1 = best.")
    score: float = Field(description="Re-ranker score (higher is better); comparable within one list only.")
    explanation: dict[str, Any] = Field(description="Matched skills with evidence, gaps, pay, schedule, place.")


@router.post(
    "/preview",
    response_model=list[MatchOut],
    responses={401: {"description": "Not signed in."}, 403: {"description": "Not a caseworker."}},
)
def preview(
    body: ProfilePreviewIn,
    principal: PrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    kind: Annotated[Literal["job", "program"], Query(description="Rank jobs or programs.")] = "job",
    top_k: Annotated[int, Query(ge=1, le=100, description="How many matches.")] = 20,
) -> list[MatchOut]:
    """Rank live jobs or programs for the profile in the body (caseworkers; nothing is stored); held or
    expired items never appear."""
    return [MatchOut(**m) for m in preview_matches(session, resources, principal, body.model_dump(), kind, top_k)]
