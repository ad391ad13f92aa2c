"""Caseworkers, at the person's request: erase every record of them (GDPR Art. 17; requirement 14)."""

from fastapi import APIRouter, Depends

from api.auth import PrincipalDep, no_store
from api.deps import SessionDep
from api.schemas.consent import ErasureOut
from api.services import retention

router = APIRouter(
    tags=["consent and erasure"],
    dependencies=[Depends(no_store)],
    responses={
        401: {"description": "Not signed in."},
        403: {"description": "Not a caseworker (or an API token)."},
        404: {"description": "No such profile in your organization (also once it has been erased)."},
    },
)


@router.delete("/profiles/{pseudonym}", response_model=ErasureOut)
def erase_profile(pseudonym: str, principal: PrincipalDep, session: SessionDep) -> ErasureOut:
    """Erase every record of the person. One audit entry remains, holding only a hash of the pseudonym."""
    return ErasureOut(erased=True, rows=retention.erase_profile(session, principal, pseudonym))
