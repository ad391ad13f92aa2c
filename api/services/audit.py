"""Audit events for every read or change of survivor data, and a profile's trail for its caseworkers."""

from typing import Any

from sqlmodel import Session

from api.services.principal import Principal
from models.enums import Role
from models.errors import NotFoundError
from models.repositories import audit as audit_repo
from models.repositories import profiles as profile_repo

CASE_WORK = "case management"
SELF_SERVICE = "person viewing shared opportunities"
ACCESS_CODE_ROLE = "access_code"


def log(
    session: Session,
    principal: Principal | None,
    action: str,
    *,
    pseudonym: str | None,
    org_id: int | None = None,
    purpose: str = CASE_WORK,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one event; `principal` None means the person themselves, through an access code."""
    audit_repo.record(
        session.connection(),
        action=action,
        actor_user_id=principal.user_id if principal else None,
        actor_role=principal.role.value if principal else ACCESS_CODE_ROLE,
        org_id=principal.org_id if principal else org_id,
        pseudonym=pseudonym,
        purpose=purpose,
        detail=detail,
    )


def profile_trail(
    session: Session, principal: Principal, pseudonym: str, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Every event on one profile of the caseworker's organization, oldest first (reading it is logged too)."""
    principal.require(Role.CASEWORKER)
    if profile_repo.get_in_org(session, pseudonym=pseudonym, org_id=principal.org_id) is None:
        raise NotFoundError(f"No profile {pseudonym} in your organization.")
    log(session, principal, "audit.view", pseudonym=pseudonym)
    return audit_repo.trail(
        session.connection(), pseudonym=pseudonym, org_id=principal.org_id, limit=limit, offset=offset
    )
