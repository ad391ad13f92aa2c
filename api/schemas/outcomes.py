"""Outcome stages of shared items (docs/outcomes.md) and an agency's follow-up days."""

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from api.schemas.common import Strict
from models.enums import LeftReason, OutcomeStage


class OutcomeIn(Strict):
    stage: OutcomeStage = Field(
        description="applied, interview, offer, hired, employed_30, employed_90, employed_180, left (jobs); "
        "enrolled, completed, credential (programs). Recording a stage again corrects it."
    )
    occurred_on: date = Field(
        description="The day it happened (a hire: the start date). Not in the future, not before the share; "
        "employed_N not before the start date + N days."
    )
    pay_min: Decimal | None = Field(
        default=None, ge=0, le=1000, decimal_places=2, description="Hire only: lowest hourly pay as published."
    )
    pay_max: Decimal | None = Field(
        default=None, ge=0, le=1000, decimal_places=2, description="Hire only: highest hourly pay (>= pay_min)."
    )
    hours_per_week: int | None = Field(default=None, ge=1, le=100, description="Hire only: hours a week.")
    reason_code: LeftReason | None = Field(default=None, description="left only (required): why the person left.")


class OutcomeOut(BaseModel):
    stage: str = Field(description="The stage.")
    occurred_on: date = Field(description="The day it happened (a hire: the start date).")
    pay_min: Decimal | None = Field(description="Lowest hourly pay (hire).")
    pay_max: Decimal | None = Field(description="Highest hourly pay (hire).")
    hours_per_week: int | None = Field(description="Hours a week (hire).")
    reason_code: str | None = Field(description="Why the person left (left).")
    recorded_by: int | None = Field(description="Who recorded it (user id).")
    recorded_at: datetime = Field(description="When it was recorded (UTC).")


class OutcomeRecordedOut(OutcomeOut):
    corrected: bool = Field(description="True when this replaced an earlier record of the same stage.")
    follow_up_ids: list[int] = Field(description="Retention checks scheduled by a hire (30, 90, 180 days).")


class FollowUpDaysIn(Strict):
    days: list[int] | None = Field(
        description="Days after a share when follow-ups fall due, e.g. [7, 30, 90, 180]; null: the site setting."
    )


class FollowUpDaysOut(BaseModel):
    days: list[int] = Field(description="The follow-up days used after a share in your agency.")
    own: bool = Field(description="True when these are your agency's own days, false for the site setting.")
