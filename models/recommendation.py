"""Recommendations and the log of every transition a person made to them."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from models.columns import created_at_field, json_field, tz_field, utcnow
from models.enums import RecommendationStatus


class Recommendation(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("(job_posting_id IS NULL) <> (program_id IS NULL)", name="ck_recommendation_one_item"),
        # The dashboard's filters probe a profile's items by status, and its queue lists "Interested" answers
        # (migration 0016).
        Index("ix_recommendation_profile_status", "profile_pseudonym", "status"),
        Index(
            "ix_recommendation_interested",
            "org_id",
            postgresql_where=text("status = 'shared' AND survivor_response = 'interested'"),
        ),
        # The results report counts an organization's proposals and top-10 places in a period (migration 0021).
        Index("ix_recommendation_org_created", "org_id", "created_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    profile_pseudonym: str = Field(foreign_key="survivor_profile.pseudonym", index=True, max_length=32)
    org_id: int = Field(foreign_key="organization.id", index=True)
    item_kind: str = Field(max_length=10, description="job or program.")
    job_posting_id: int | None = Field(default=None, foreign_key="job_posting.id")
    program_id: int | None = Field(default=None, foreign_key="training_program.id")
    rank: int = Field(description="Position in the ranked list when proposed.")
    score: float
    features: dict[str, float] = json_field("Feature values the ranker saw (for retraining).")
    explanation: dict[str, object] = json_field("Why it matched, in words a caseworker can check.")
    model_version: str = Field(max_length=40)
    status: RecommendationStatus = Field(default=RecommendationStatus.PROPOSED, index=True, sa_type=String(20))
    survivor_response: str | None = Field(default=None, max_length=20)
    outcome: str | None = Field(default=None, max_length=20)
    # Who made the last status change: the `recommendation_gate` trigger checks it is a caseworker of
    # the profile's organization and that a matching review_decision row was written first.
    status_by: int | None = Field(default=None, foreign_key="app_user.id")
    status_at: datetime | None = tz_field("When the status last changed.")
    # Written by the `recommendation_gate` trigger on each approval, never by the application: the item's
    # person-visible content as approved, its hash, and the approving review_decision. The survivor view
    # shows the item only while its current content hashes the same (migration 0008).
    # none_as_null: an unset snapshot is SQL NULL (JSON 'null' would be a value the gate refuses on insert).
    approved_content: dict[str, object] | None = Field(default=None, sa_type=JSONB(none_as_null=True))
    approved_content_hash: str | None = Field(default=None, max_length=64)
    approved_decision_id: int | None = Field(default=None)
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(default_factory=utcnow)


class ReviewDecision(SQLModel, table=True):
    """Append-only: one row per status change, with who, when and why."""

    __tablename__ = "review_decision"
    # The results report reads a period's decisions by status (migration 0021).
    __table_args__ = (
        Index("ix_review_decision_status_at", "to_status", "at", postgresql_include=["recommendation_id"]),
    )
    id: int | None = Field(default=None, primary_key=True)
    recommendation_id: int = Field(foreign_key="recommendation.id", index=True)
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    actor_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    # Filled by the database from app_user when the row is written (trigger `review_decision_actor`): the
    # approval gate asks what the actor was when they decided, not what they are now.
    actor_role: str | None = Field(default=None, max_length=30)
    actor_org_id: int | None = Field(default=None, foreign_key="organization.id")
    reason_code: str | None = Field(default=None, max_length=40)
    note: str | None = Field(default=None, sa_type=Text)
    at: datetime = created_at_field()
