"""Consent records and referrals. Nothing outside consent and retention reads these tables."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ARRAY, String, and_, any_, bindparam, delete, not_, or_
from sqlmodel import Session, col, select

from models.consent import Consent, Referral


def create(
    session: Session,
    *,
    pseudonym: str,
    org_id: int,
    recipient: str,
    purpose: str,
    scope: str,
    granted_at: datetime,
    expires_at: datetime,
    recorded_by: int,
) -> Consent:
    row = Consent(
        profile_pseudonym=pseudonym,
        org_id=org_id,
        recipient=recipient,
        purpose=purpose,
        scope=scope,
        granted_at=granted_at,
        expires_at=expires_at,
        recorded_by=recorded_by,
    )
    session.add(row)
    session.flush()
    return row


def list_for_profile(session: Session, *, pseudonym: str, org_id: int) -> list[Consent]:
    return list(
        session.exec(
            select(Consent)
            .where(Consent.profile_pseudonym == pseudonym, Consent.org_id == org_id)
            .order_by(col(Consent.id))
        ).all()
    )


def get_in_org(session: Session, *, consent_id: int, pseudonym: str, org_id: int) -> Consent | None:
    return session.exec(
        select(Consent).where(
            Consent.id == consent_id, Consent.profile_pseudonym == pseudonym, Consent.org_id == org_id
        )
    ).first()


def withdraw(session: Session, row: Consent, *, now: datetime, by: int) -> None:
    if row.withdrawn_at is None:
        row.withdrawn_at = now
        row.withdrawn_by = by
        session.add(row)
        session.flush()


def find_in_force(session: Session, *, pseudonym: str, recipient: str, purpose: str, now: datetime) -> Consent | None:
    """A consent for exactly this recipient and purpose, not withdrawn and not yet expired."""
    return session.exec(
        select(Consent)
        .where(
            Consent.profile_pseudonym == pseudonym,
            Consent.recipient == recipient,
            Consent.purpose == purpose,
            col(Consent.withdrawn_at).is_(None),
            Consent.granted_at <= now,
            Consent.expires_at > now,
        )
        .order_by(col(Consent.expires_at).desc())
    ).first()


def add_referral(
    session: Session,
    *,
    pseudonym: str,
    org_id: int,
    consent_id: int,
    recommendation_id: int | None,
    recipient: str,
    purpose: str,
    created_by: int,
) -> Referral:
    row = Referral(
        profile_pseudonym=pseudonym,
        org_id=org_id,
        consent_id=consent_id,
        recommendation_id=recommendation_id,
        recipient=recipient,
        purpose=purpose,
        created_by=created_by,
    )
    session.add(row)
    session.flush()
    return row


def purge_lapsed(
    session: Session, *, org_id: int, cutoff: datetime, dry_run: bool = False, sparing: Sequence[str] = ()
) -> int:
    """Delete the organization's consents that expired or were withdrawn before `cutoff`, except those of
    the `sparing` pseudonyms (profiles the same purge erases whole, so a dry run does not count them twice).

    Referrals made under them stay, with consent_id set to NULL (the foreign key's ON DELETE SET NULL)."""
    lapsed = and_(
        col(Consent.org_id) == org_id,
        or_(col(Consent.expires_at) < cutoff, col(Consent.withdrawn_at) < cutoff),
        # One array parameter, however many profiles the purge erases (bind parameters are capped at 65535).
        not_(col(Consent.profile_pseudonym) == any_(bindparam("sparing", list(sparing), type_=ARRAY(String)))),
    )
    if dry_run:
        return len(session.exec(select(Consent.id).where(lapsed)).all())
    result = session.exec(delete(Consent).where(lapsed))
    session.flush()
    return int(result.rowcount)
