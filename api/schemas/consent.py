"""Consent to share with a named recipient, referrals, and erasure receipts."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, model_validator

from api.schemas.common import Strict
from models.consent import ConsentPurpose, ConsentScope


class ConsentIn(Strict):
    recipient_employer_id: int | None = Field(
        default=None, ge=1, description="The recipient, if it is an employer known to Wayfinder."
    )
    recipient_name: str | None = Field(
        default=None, min_length=2, max_length=120, description="Otherwise the recipient organization's name."
    )
    purpose: ConsentPurpose = Field(description="Why the person agrees to share.")
    scope: ConsentScope = Field(description="What may be shared.")
    expires_at: datetime = Field(description="When the consent lapses (required; at most a year ahead).")

    @model_validator(mode="after")
    def _one_recipient(self) -> "ConsentIn":
        if (self.recipient_employer_id is None) == (self.recipient_name is None):
            raise ValueError("Name exactly one recipient: recipient_employer_id or recipient_name.")
        return self


class ConsentOut(BaseModel):
    id: int = Field(description="Consent id.")
    recipient: str = Field(description="The named recipient (employer:<id> or a normalized organization name).")
    purpose: str = Field(description="Why sharing is allowed.")
    scope: str = Field(description="What may be shared.")
    granted_at: datetime = Field(description="When it was given (UTC).")
    expires_at: datetime = Field(description="When it lapses (UTC).")
    withdrawn_at: datetime | None = Field(description="When it was withdrawn, if it was.")
    in_force: bool = Field(description="Not withdrawn and not expired now.")


class ReferralIn(Strict):
    recipient_employer_id: int | None = Field(default=None, ge=1, description="The employer referred to.")
    recipient_name: str | None = Field(default=None, min_length=2, max_length=120, description="Or its name.")
    purpose: ConsentPurpose = Field(default=ConsentPurpose.REFERRAL, description="Must match the consent's purpose.")
    recommendation_id: int | None = Field(default=None, ge=1, description="The recommendation this referral is for.")

    @model_validator(mode="after")
    def _one_recipient(self) -> "ReferralIn":
        if (self.recipient_employer_id is None) == (self.recipient_name is None):
            raise ValueError("Name exactly one recipient: recipient_employer_id or recipient_name.")
        return self


class ReferralOut(BaseModel):
    id: int = Field(description="Referral id.")
    recipient: str = Field(description="The named recipient.")
    purpose: str = Field(description="The consented purpose.")
    consent_id: int | None = Field(description="The consent that allowed it.")
    recommendation_id: int | None = Field(description="The recommendation it is for, if any.")
    created_at: datetime = Field(description="When the referral was recorded (UTC).")


class ErasureOut(BaseModel):
    erased: bool = Field(description="True: every row about the person is gone.")
    rows: dict[str, Any] = Field(description="Rows deleted per table.")
