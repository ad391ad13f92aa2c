"""Append-only audit log: who touched which pseudonym, how and why. No personal data."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.columns import created_at_field, json_field


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = created_at_field()
    actor_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    actor_role: str | None = Field(default=None, max_length=30)
    org_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    pseudonym: str | None = Field(default=None, max_length=32, index=True)
    action: str = Field(max_length=60, description="e.g. profile.view, recommendation.approve.")
    purpose: str | None = Field(default=None, max_length=120)
    detail: dict[str, object] = json_field("Ids and codes only; never personal data.")
