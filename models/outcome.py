"""Outcome events: each step recorded after an item was shared (applied, interview, offer, hired, still
employed at 30/90/180 days, left; enrolled, completed, credential earned for programs). Migration 0019.

One row per item and stage (a correction replaces it, audited). Rows go with their recommendation or profile
(ON DELETE CASCADE), so erasing a person removes them.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Index, Integer, Numeric, SmallInteger, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.columns import created_at_field


class OutcomeEvent(SQLModel, table=True):
    __tablename__ = "outcome_event"
    __table_args__ = (
        UniqueConstraint("recommendation_id", "stage", name="uq_outcome_event_item_stage"),
        Index("ix_outcome_event_org_stage", "org_id", "stage", "occurred_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organization.id")
    profile_pseudonym: str = Field(
        sa_column=Column(
            String(32), ForeignKey("survivor_profile.pseudonym", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    recommendation_id: int = Field(
        sa_column=Column(Integer, ForeignKey("recommendation.id", ondelete="CASCADE"), nullable=False)
    )
    stage: str = Field(max_length=20, description="models.enums.OutcomeStage.")
    occurred_on: date = Field(description="The day it happened (for a hire: the start date).")
    pay_min: Decimal | None = Field(default=None, sa_column=Column(Numeric(8, 2), nullable=True))
    pay_max: Decimal | None = Field(default=None, sa_column=Column(Numeric(8, 2), nullable=True))
    hours_per_week: int | None = Field(default=None, sa_column=Column(SmallInteger, nullable=True))
    reason_code: str | None = Field(default=None, max_length=30, description="Why the person left (a code).")
    recorded_by: int | None = Field(default=None, foreign_key="app_user.id")
    recorded_at: datetime = created_at_field()
