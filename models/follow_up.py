"""Follow-ups: dates on which a caseworker calls the person about a shared item, and what came of it.

A follow-up is due when its date has passed and no result is recorded. `reason` says why it exists:
'shared' (an item was shared with the person) today; issue 19 adds hires and retention checks to the same
table, so the dashboard's "follow-up due" filter covers them without change. Rows go with their
recommendation or profile (ON DELETE CASCADE), so erasing a person removes them.
"""

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.columns import created_at_field, tz_field


class FollowUp(SQLModel, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (
        UniqueConstraint("recommendation_id", "reason", "offset_days", name="uq_follow_up_item_reason_offset"),
        Index("ix_follow_up_org_due", "org_id", "due_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organization.id", index=True)
    profile_pseudonym: str = Field(
        sa_column=Column(
            String(32), ForeignKey("survivor_profile.pseudonym", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    recommendation_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("recommendation.id", ondelete="CASCADE"), nullable=True)
    )
    reason: str = Field(max_length=20, description="Why it exists: 'shared' (issue 19 adds hires, retention).")
    offset_days: int = Field(description="Days after the event it was first set for (7, 30, 90, 180).")
    due_on: date = Field(description="The day it becomes due (moved by a reschedule).")
    done_at: datetime | None = tz_field("When its result was recorded; None while open.")
    done_by: int | None = Field(default=None, foreign_key="app_user.id")
    result_code: str | None = Field(default=None, max_length=30, description="See FollowUpResult.")
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = created_at_field()
