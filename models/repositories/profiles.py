"""Survivor profiles: always read within one organization."""

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.columns import utcnow
from models.profile import SurvivorProfile


def create(session: Session, *, org_id: int, created_by: int, fields: dict[str, Any]) -> SurvivorProfile:
    profile = SurvivorProfile(org_id=org_id, created_by=created_by, **fields)
    session.add(profile)
    session.flush()
    return profile


def get_in_org(session: Session, *, pseudonym: str, org_id: int) -> SurvivorProfile | None:
    """The profile, or None when it does not exist or belongs to another organization."""
    return session.exec(
        select(SurvivorProfile).where(SurvivorProfile.pseudonym == pseudonym, SurvivorProfile.org_id == org_id)
    ).first()


def list_in_org(session: Session, *, org_id: int, limit: int, offset: int) -> tuple[list[SurvivorProfile], int]:
    query = select(SurvivorProfile).where(SurvivorProfile.org_id == org_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(SurvivorProfile.updated_at).desc(), col(SurvivorProfile.pseudonym))
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), int(total)


def update(session: Session, profile: SurvivorProfile, fields: dict[str, Any]) -> SurvivorProfile:
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.updated_at = profile.last_activity_at = utcnow()
    session.add(profile)
    session.flush()
    return profile


def touch(session: Session, profile: SurvivorProfile) -> None:
    """Record activity (retention purges profiles inactive for too long)."""
    profile.last_activity_at = utcnow()
    session.add(profile)
    session.flush()
