"""Aggregate reports for an organization's admins and caseworkers: counts only, small ones withheld."""

from fastapi import APIRouter, Depends

from api.auth import PrincipalDep, no_store
from api.deps import SessionDep
from api.schemas.reports import SummaryOut
from api.services import reports

router = APIRouter(
    prefix="/reports",
    tags=["reports"],
    dependencies=[Depends(no_store)],
    responses={401: {"description": "Not signed in."}, 403: {"description": "Not an admin or caseworker."}},
)


@router.get("/summary", response_model=SummaryOut)
def summary(principal: PrincipalDep, session: SessionDep) -> SummaryOut:
    """Counts of profiles, recommendations, decisions and outcomes; every count from 1 to 4 is withheld."""
    return SummaryOut.model_validate(reports.summary(session, principal))
