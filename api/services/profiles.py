"""Caseworkers' profiles: created, read and edited within their own organization, every access audited.

Free text is scrubbed before it is stored; safety exclusions and the case number are encrypted by the
repository. Services hand routes a `ProfileRecord` (in clear) and never the sealed row.
"""

from typing import Any

from sqlmodel import Session

from api.schemas.profiles import NOTHING_TO_MATCH, ProfileIn
from api.services import audit
from api.services.free_text import clean_free_text, clean_tag, clean_tags, is_placeholder_only
from api.services.principal import Principal
from models.enums import Role
from models.errors import NotFoundError, ValidationFailed
from models.privacy.tools import PrivacyTools
from models.profile import ProfileRecord, SurvivorProfile
from models.repositories import profiles as profile_repo


def profile_fields(body: ProfileIn, privacy: PrivacyTools) -> dict[str, Any]:
    """Column values of an intake; free text goes through the one cleaning seam.

    A blank intake is refused: ranking it would propose generic jobs for a person nobody described."""
    if not body.has_something_to_match():
        raise ValidationFailed(NOTHING_TO_MATCH)
    scrubber = privacy.scrubber
    fields = body.model_dump(mode="json")
    fields["work_history"] = [
        {
            "title": clean_tag(w.title, scrubber) if w.title else None,
            "activities": clean_free_text(w.activities, scrubber),
        }
        for w in body.work_history
    ]
    fields["education"] = [
        {"kind": e.kind, "subject": clean_tag(e.subject, scrubber) if e.subject else "", "status": e.status}
        for e in body.education
    ]
    for name in ("skills", "interests", "goals"):  # typed tags reach the embedded text too
        fields[name] = clean_tags(fields[name], scrubber)
    return fields


NOTHING_TO_MATCH_STORED = (
    "This profile has no skills, past jobs or interests yet, so there is nothing to match on. "
    "Edit the intake and add at least one; then find matches."
)


def has_something_to_match(profile: ProfileRecord) -> bool:
    """At least one skill, interest or past job that is more than a scrubber placeholder."""

    def real(value: str | None) -> bool:
        return bool(value and value.strip() and not is_placeholder_only(value))

    tags = [*profile.skills, *profile.interests]
    jobs = [text for w in profile.work_history for text in (w.get("title"), w.get("activities"))]
    return any(real(v) for v in [*tags, *jobs])


def load_for_caseworker(session: Session, principal: Principal, pseudonym: str) -> SurvivorProfile:
    """The profile if it is in the caseworker's organization; 404 otherwise (another org's looks absent)."""
    principal.require(Role.CASEWORKER)
    profile = profile_repo.get_in_org(session, pseudonym=pseudonym, org_id=principal.org_id)
    if profile is None:
        raise NotFoundError(f"No profile {pseudonym} in your organization.")
    return profile


def load_record(session: Session, principal: Principal, pseudonym: str, privacy: PrivacyTools) -> ProfileRecord:
    """As `load_for_caseworker`, decrypted: what ranking and the caseworker's screens read."""
    row = load_for_caseworker(session, principal, pseudonym)
    return profile_repo.record(session, row, cipher=privacy.cipher)


def create_profile(session: Session, principal: Principal, body: ProfileIn, privacy: PrivacyTools) -> ProfileRecord:
    principal.require(Role.CASEWORKER)
    profile = profile_repo.create(
        session,
        org_id=principal.org_id,
        created_by=principal.user_id,
        fields=profile_fields(body, privacy),
        cipher=privacy.cipher,
    )
    audit.log(session, principal, "profile.create", pseudonym=profile.pseudonym)
    return profile


def get_profile(session: Session, principal: Principal, pseudonym: str, privacy: PrivacyTools) -> ProfileRecord:
    profile = load_record(session, principal, pseudonym, privacy)
    audit.log(session, principal, "profile.view", pseudonym=pseudonym)
    return profile


def replace_profile(
    session: Session, principal: Principal, pseudonym: str, body: ProfileIn, privacy: PrivacyTools
) -> ProfileRecord:
    """Save an edited intake (the whole form); the stored embedding is dropped so it is recomputed."""
    row = load_for_caseworker(session, principal, pseudonym)
    before = profile_repo.record(session, row, cipher=privacy.cipher)
    fields = profile_fields(body, privacy)
    changed = sorted(name for name, value in fields.items() if getattr(before, name) != value)
    profile = profile_repo.update(
        session,
        row,
        {**fields, "embedding": None, "parts_embedding": None, "embedding_hash": None},
        cipher=privacy.cipher,
    )
    audit.log(session, principal, "profile.update", pseudonym=pseudonym, detail={"fields": changed})
    return profile


def list_profiles(
    session: Session, principal: Principal, privacy: PrivacyTools, *, limit: int, offset: int
) -> tuple[list[ProfileRecord], int]:
    principal.require(Role.CASEWORKER)
    rows, total = profile_repo.list_in_org(
        session, org_id=principal.org_id, limit=limit, offset=offset, cipher=privacy.cipher
    )
    for row in rows:
        audit.log(session, principal, "profile.list", pseudonym=row.pseudonym)
    return rows, total
