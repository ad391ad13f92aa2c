"""What a person sees with an access code: plain words, what they need to decide, nothing internal."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.common import Strict
from models.enums import SurvivorResponse


class OpportunityOut(BaseModel):
    id: int = Field(description="Id to answer with.")
    kind: Literal["job", "training"] = Field(description="A job or a training course.")
    title: str = Field(description="Job title or course name.")
    organization: str = Field(description="Employer or school.")
    pay: str | None = Field(description="Pay, e.g. '$19.50-$22.00 an hour'; for a course, its cost.")
    place: str | None = Field(description="Town and state, or 'Remote' / 'Online'.")
    schedule: str | None = Field(description="Shifts, days and hours, or course length.")
    how_to_apply: str | None = Field(description="How to apply or enrol.")
    link: str | None = Field(description="Web page of the job or course.")
    checked_on: date | None = Field(description="The day your advisor checked this for you.")
    your_answer: SurvivorResponse | None = Field(description="Your answer so far: interested or not_for_me.")


class OpportunityList(BaseModel):
    items: list[OpportunityOut] = Field(description="Opportunities picked for you.")
    total: int = Field(description="How many there are in all.")
    limit: int = Field(description="Items per page.")
    offset: int = Field(description="Items skipped.")


class AnswerIn(Strict):
    answer: SurvivorResponse = Field(description="interested or not_for_me. You can change it later.")
