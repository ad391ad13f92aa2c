"""Caseworkers' review of ranked items, and access codes."""

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field

from api.schemas.common import Strict
from models.enums import Outcome, ReasonCode


class ContentChange(BaseModel):
    field: str = Field(description="Field of the posting or program, e.g. title, description, pay_min.")
    approved: Any = Field(description="Its value when the recommendation was approved.")
    now: Any = Field(description="Its value now.")


class RecommendationOut(BaseModel):
    id: int = Field(description="Recommendation id.")
    item_kind: str = Field(description="job or program.")
    item_id: int = Field(description="Posting or program id.")
    title: str = Field(description="Job title or program name.")
    organization: str = Field(description="Employer or training provider.")
    item_status: str = Field(description="Whether the item is still open: active, held, closed, expired, ...")
    rank: int = Field(description="Position in the ranked list when proposed (1 = best).")
    score: float = Field(description="Ranker score; comparable within one list only.")
    explanation: dict[str, Any] = Field(description="Why it matched: skills with evidence, gaps, pay, schedule, place.")
    model_version: str = Field(description="Ranker version that proposed it.")
    status: str = Field(description="proposed, approved, rejected, shared or withdrawn.")
    status_at: datetime | None = Field(description="When the status last changed (UTC).")
    survivor_response: str | None = Field(description="The person's answer once shared: interested or not_for_me.")
    outcome: str | None = Field(description="applied, interviewed, hired or left.")
    last_reason_code: str | None = Field(description="Reason code of the decision that set the current status.")
    last_note: str | None = Field(description="Note of that decision (staff only).")
    changed_since_approved: bool = Field(
        default=False,
        description="The item's content changed after it was approved: the person no longer sees it until it is "
        "approved again (action approve) and shared.",
    )
    changes: list[ContentChange] = Field(
        default_factory=list, description="When changed since approved: each field that differs, as approved and now."
    )


class DecisionIn(Strict):
    MULTILINE_FIELDS: ClassVar[frozenset[str]] = frozenset({"note"})

    action: Literal["approve", "reject", "share", "withdraw", "repropose"] = Field(
        description="approve/reject a proposed item, share an approved one, withdraw an approved or shared one, "
        "re-propose a rejected or withdrawn one (it then needs approval again); approve an approved or shared "
        "item whose content changed since its approval (then share it again)."
    )
    reason_code: ReasonCode | None = Field(
        default=None,
        description="Why: required to reject. Jobs and training programs each have their own reasons (a job: "
        "not_a_fit, safety_concern, pay_too_low, schedule, location, already_applied, needs_training_first, other; "
        "a program: not_a_fit, safety_concern, cost_too_high, schedule, location, prerequisites_not_met, "
        "already_enrolled, other); a reason of the other kind is refused (422).",
    )
    note: str | None = Field(
        default=None, max_length=2000, description="Optional note for the team; never shown to the person."
    )


class OutcomeIn(Strict):
    outcome: Outcome = Field(description="applied, interviewed, hired or left.")


class DecisionOut(BaseModel):
    id: int = Field(description="Decision id (increasing).")
    from_status: str | None = Field(description="Status before.")
    to_status: str = Field(description="Status, response or outcome after.")
    actor_user_id: int | None = Field(description="Who decided; null for the person's own answer.")
    reason_code: str | None = Field(description="Reason code.")
    note: str | None = Field(description="Note.")
    at: datetime = Field(description="When (UTC).")


class AccessCodeIn(Strict):
    days: int = Field(default=14, ge=1, le=90, description="Days until the code stops working.")
    # The shipped languages of the person's page (api/web/i18n.py SHIPPED; a test keeps the two equal).
    language: Literal["en", "es", "zh-Hans", "vi", "tl", "ht"] | None = Field(
        default=None, description="The person's page opens in this language with this code (else their browser's)."
    )


class AccessCodeOut(BaseModel):
    id: int = Field(description="Code id (the code itself is never shown again).")
    created_at: datetime = Field(description="Issued (UTC).")
    expires_at: datetime = Field(description="Stops working (UTC).")
    revoked_at: datetime | None = Field(description="Revoked (UTC).")
    last_used_at: datetime | None = Field(description="Last opened (UTC).")


class AccessCodeIssuedOut(AccessCodeOut):
    code: str = Field(description="Give this to the person; it is shown only now.")
