"""Aggregate reports for an organization's admins and caseworkers: counts only, small ones withheld."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from api.auth import PrincipalDep, no_store
from api.deps import ClockDep, SessionDep
from api.schemas.reports import SummaryOut
from api.services import reports, results_report

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


@router.get("/results.json")
def results(
    principal: PrincipalDep,
    session: SessionDep,
    clock: ClockDep,
    date_from: Annotated[str, Query(alias="from", max_length=10, description="First UTC day, YYYY-MM-DD.")] = "",
    date_to: Annotated[str, Query(alias="to", max_length=10, description="Last UTC day, included.")] = "",
) -> dict[str, Any]:
    """The results report of your organization for a period (default: the 365 days ending today): funnel, time
    to placement, wage at placement, retention, programs, WIOA indicators (proxies, or why not), fairness
    monitors and exposure. Counts of 1 to 4, and rates and medians built on them, are null with
    `suppressed: true`. The page is /reports/results; the CSV /reports/results.csv (docs/reports.md)."""
    period = results_report.Period.parse(date_from, date_to, clock=clock)
    return results_report.results(session, principal, period, output="json")
