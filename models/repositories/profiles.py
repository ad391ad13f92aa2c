"""Survivor profiles: always read within one organization; safety exclusions encrypted at this boundary.

The row (`SurvivorProfile`) holds the exclusions as one AES-GCM token bound to the pseudonym, and the
case number lives in `case_reference`; callers hand in and get back a `ProfileRecord` in clear.
"""

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.columns import utcnow
from models.privacy.crypto import FieldCipher, field_context
from models.profile import SAFETY_FIELDS, ProfileRecord, SafetyExclusions, SurvivorProfile
from models.repositories import case_references

CASE_NUMBER = "case_number"


def _exclusions_context(pseudonym: str) -> str:
    return field_context("survivor_profile", "safety_exclusions", pseudonym)


def seal_exclusions(cipher: FieldCipher, pseudonym: str, exclusions: SafetyExclusions) -> str:
    """Always a token, even for empty lists: whether a person has exclusions is itself telling."""
    return cipher.encrypt_json(exclusions.model_dump(), context=_exclusions_context(pseudonym))


def open_exclusions(cipher: FieldCipher, profile: SurvivorProfile) -> SafetyExclusions:
    if profile.safety_exclusions is None:
        return SafetyExclusions()
    raw = cipher.decrypt_json(profile.safety_exclusions, context=_exclusions_context(profile.pseudonym))
    return SafetyExclusions.model_validate(raw)


def to_record(cipher: FieldCipher, profile: SurvivorProfile, case_number: str | None) -> ProfileRecord:
    clear = profile.model_dump(
        exclude={"safety_exclusions", "embedding", "parts_embedding", "embedding_hash", "last_activity_at"}
    )
    return ProfileRecord(**clear, **open_exclusions(cipher, profile).model_dump(), case_number=case_number)


def _split(fields: dict[str, Any]) -> tuple[dict[str, Any], SafetyExclusions, str | None]:
    """Plain columns, the exclusions to seal, and the case number to store apart."""
    plain = {k: v for k, v in fields.items() if k not in SAFETY_FIELDS and k != CASE_NUMBER}
    exclusions = SafetyExclusions(**{k: fields.get(k) or [] for k in SAFETY_FIELDS})
    return plain, exclusions, fields.get(CASE_NUMBER)


def create(
    session: Session, *, org_id: int, created_by: int | None, fields: dict[str, Any], cipher: FieldCipher
) -> ProfileRecord:
    plain, exclusions, case_number = _split(fields)
    profile = SurvivorProfile(org_id=org_id, created_by=created_by, **plain)
    profile.safety_exclusions = seal_exclusions(cipher, profile.pseudonym, exclusions)
    session.add(profile)
    session.flush()
    case_references.put(session, pseudonym=profile.pseudonym, org_id=org_id, case_number=case_number, cipher=cipher)
    return to_record(cipher, profile, case_number)


def get_in_org(session: Session, *, pseudonym: str, org_id: int) -> SurvivorProfile | None:
    """The row (exclusions still sealed), or None when it does not exist or belongs to another organization."""
    return session.exec(
        select(SurvivorProfile).where(SurvivorProfile.pseudonym == pseudonym, SurvivorProfile.org_id == org_id)
    ).first()


def record(session: Session, profile: SurvivorProfile, *, cipher: FieldCipher) -> ProfileRecord:
    """The row in clear, with its case number."""
    return to_record(cipher, profile, case_references.get(session, pseudonym=profile.pseudonym, cipher=cipher))


def list_in_org(
    session: Session, *, org_id: int, limit: int, offset: int, cipher: FieldCipher
) -> tuple[list[ProfileRecord], int]:
    query = select(SurvivorProfile).where(SurvivorProfile.org_id == org_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(SurvivorProfile.updated_at).desc(), col(SurvivorProfile.pseudonym))
        .limit(limit)
        .offset(offset)
    ).all()
    numbers = case_references.get_many(session, pseudonyms=[r.pseudonym for r in rows], cipher=cipher)
    return [to_record(cipher, r, numbers.get(r.pseudonym)) for r in rows], int(total)


def update(session: Session, profile: SurvivorProfile, fields: dict[str, Any], *, cipher: FieldCipher) -> ProfileRecord:
    """Replace the given fields; exclusions and case number are replaced whole when present in `fields`."""
    plain, exclusions, case_number = _split(fields)
    for name, value in plain.items():
        setattr(profile, name, value)
    if any(k in fields for k in SAFETY_FIELDS):
        profile.safety_exclusions = seal_exclusions(cipher, profile.pseudonym, exclusions)
    profile.updated_at = profile.last_activity_at = utcnow()
    session.add(profile)
    session.flush()
    if CASE_NUMBER in fields:
        case_references.put(
            session, pseudonym=profile.pseudonym, org_id=profile.org_id, case_number=case_number, cipher=cipher
        )
    return record(session, profile, cipher=cipher)


def touch(session: Session, profile: SurvivorProfile) -> None:
    """Record activity (retention purges profiles inactive for too long)."""
    profile.last_activity_at = utcnow()
    session.add(profile)
    session.flush()
