"""Caseworkers' profiles: created, read and edited within their own organization, every access audited."""

from typing import Any

from sqlmodel import Session

from api.schemas.profiles import ProfileIn
from api.services import audit
from api.services.free_text import clean_free_text
from api.services.principal import Principal
from models.enums import Role
from models.errors import NotFoundError
from models.profile import SurvivorProfile
from models.repositories import profiles as profile_repo


def profile_fields(body: ProfileIn) -> dict[str, Any]:
    """Column values of an intake; free text goes through the one cleaning seam."""
    fields = body.model_dump(mode="json")
    fields["work_history"] = [
        {"title": clean_free_text(w.title) if w.title else None, "activities": clean_free_text(w.activities)}
        for w in body.work_history
    ]
    return fields


def load_for_caseworker(session: Session, principal: Principal, pseudonym: str) -> SurvivorProfile:
    """The profile if it is in the caseworker's organization; 404 otherwise (another org's looks absent)."""
    principal.require(Role.CASEWORKER)
    profile = profile_repo.get_in_org(session, pseudonym=pseudonym, org_id=principal.org_id)
    if profile is None:
        raise NotFoundError(f"No profile {pseudonym} in your organization.")
    return profile


def create_profile(session: Session, principal: Principal, body: ProfileIn) -> SurvivorProfile:
    principal.require(Role.CASEWORKER)
    profile = profile_repo.create(
        session, org_id=principal.org_id, created_by=principal.user_id, fields=profile_fields(body)
    )
    audit.log(session, principal, "profile.create", pseudonym=profile.pseudonym)
    return profile


def get_profile(session: Session, principal: Principal, pseudonym: str) -> SurvivorProfile:
    profile = load_for_caseworker(session, principal, pseudonym)
    audit.log(session, principal, "profile.view", pseudonym=pseudonym)
    return profile


def replace_profile(session: Session, principal: Principal, pseudonym: str, body: ProfileIn) -> SurvivorProfile:
    """Save an edited intake (the whole form); the stored embedding is dropped so it is recomputed."""
    profile = load_for_caseworker(session, principal, pseudonym)
    fields = profile_fields(body)
    changed = sorted(name for name, value in fields.items() if getattr(profile, name) != value)
    profile_repo.update(session, profile, {**fields, "embedding": None, "embedding_hash": None})
    audit.log(session, principal, "profile.update", pseudonym=pseudonym, detail={"fields": changed})
    return profile


def list_profiles(
    session: Session, principal: Principal, *, limit: int, offset: int
) -> tuple[list[SurvivorProfile], int]:
    principal.require(Role.CASEWORKER)
    rows, total = profile_repo.list_in_org(session, org_id=principal.org_id, limit=limit, offset=offset)
    for row in rows:
        audit.log(session, principal, "profile.list", pseudonym=row.pseudonym)
    return rows, total
