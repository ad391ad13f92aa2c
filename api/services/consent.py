"""Consent to share with a named recipient, and referrals that need it.

Nothing else in the service reads consent: matching, review, and sharing with the person themselves
(access codes) work without any (VAWA: a release is never a condition of service). A referral records
only that it happened; what is sent to the recipient, and how, is out of scope here, and the employer
never receives a pseudonym or any other survivor identifier from Wayfinder.
"""

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session

from api.services import audit
from api.services.free_text import clean_organization_name
from api.services.principal import Principal
from api.services.profiles import load_for_caseworker
from models.consent import Consent, ConsentPurpose, Referral
from models.errors import ConflictError, NotFoundError, ValidationFailed
from models.repositories import consents as consent_repo
from models.repositories import recommendations as rec_repo

if TYPE_CHECKING:
    from models.privacy.scrub import Scrubber

WHY = "consent management"  # the audit purpose of every event here


def recipient_key(*, employer_id: int | None, name: str | None, scrubber: "Scrubber") -> str:
    """One spelling per recipient, so a referral matches its consent exactly; contact details are scrubbed."""
    if employer_id is not None:
        return f"employer:{employer_id}"
    cleaned = clean_organization_name(name or "", scrubber)
    return re.sub(r"\s+", " ", cleaned).strip().casefold()[:120]


def in_force(row: Consent, now: datetime) -> bool:
    return row.withdrawn_at is None and row.granted_at <= now < row.expires_at


def give(
    session: Session,
    principal: Principal,
    pseudonym: str,
    *,
    recipient: str,
    purpose: str,
    scope: str,
    expires_at: datetime,
    now: datetime,
    max_days: int,
) -> Consent:
    """Record consent the person gave, for one named recipient and purpose, until `expires_at`."""
    profile = load_for_caseworker(session, principal, pseudonym)
    if expires_at <= now:
        raise ValidationFailed("expires_at must be in the future.")
    if expires_at > now + timedelta(days=max_days):
        raise ValidationFailed(f"A consent may run at most {max_days} days; ask the person again after that.")
    row = consent_repo.create(
        session,
        pseudonym=pseudonym,
        org_id=profile.org_id,
        recipient=recipient,
        purpose=purpose,
        scope=scope,
        granted_at=now,
        expires_at=expires_at,
        recorded_by=principal.user_id,
    )
    audit.log(session, principal, "consent.give", pseudonym=pseudonym, purpose=WHY, detail={"consent_id": row.id})
    return row


def withdraw(session: Session, principal: Principal, pseudonym: str, consent_id: int, *, now: datetime) -> Consent:
    """Withdraw a consent: one request, no reason asked (GDPR 7(3): as easy as giving it)."""
    profile = load_for_caseworker(session, principal, pseudonym)
    row = consent_repo.get_in_org(session, consent_id=consent_id, pseudonym=pseudonym, org_id=profile.org_id)
    if row is None:
        raise NotFoundError(f"No consent {consent_id} for this profile.")
    consent_repo.withdraw(session, row, now=now, by=principal.user_id)
    audit.log(
        session,
        principal,
        "consent.withdraw",
        pseudonym=pseudonym,
        purpose=WHY,
        detail={"consent_id": row.id},
    )
    return row


def list_for_profile(session: Session, principal: Principal, pseudonym: str) -> list[Consent]:
    profile = load_for_caseworker(session, principal, pseudonym)
    rows = consent_repo.list_for_profile(session, pseudonym=pseudonym, org_id=profile.org_id)
    audit.log(session, principal, "consent.list", pseudonym=pseudonym, purpose=WHY, detail={"count": len(rows)})
    return rows


def refer(
    session: Session,
    principal: Principal,
    pseudonym: str,
    *,
    recipient: str,
    purpose: ConsentPurpose,
    recommendation_id: int | None,
    now: datetime,
) -> Referral:
    """Record a referral to a named recipient; refused (409) without a consent in force for it."""
    profile = load_for_caseworker(session, principal, pseudonym)
    if recommendation_id is not None:
        ref = rec_repo.get_in_org(session.connection(), recommendation_id=recommendation_id, org_id=profile.org_id)
        if ref is None or ref.profile_pseudonym != pseudonym:
            raise NotFoundError(f"No recommendation {recommendation_id} for this profile.")
    consent = consent_repo.find_in_force(session, pseudonym=pseudonym, recipient=recipient, purpose=purpose, now=now)
    if consent is None or consent.id is None:
        raise ConflictError(
            f"No consent in force for sharing with {recipient} for {purpose.value}: record the person's "
            "written, time-limited consent for this recipient first (an expired or withdrawn one does not count)."
        )
    row = consent_repo.add_referral(
        session,
        pseudonym=pseudonym,
        org_id=profile.org_id,
        consent_id=consent.id,
        recommendation_id=recommendation_id,
        recipient=recipient,
        purpose=purpose.value,
        created_by=principal.user_id,
    )
    audit.log(
        session,
        principal,
        "referral.create",
        pseudonym=pseudonym,
        purpose=WHY,
        detail={"referral_id": row.id, "consent_id": consent.id, "recommendation_id": recommendation_id},
    )
    return row
