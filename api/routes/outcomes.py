"""Outcome stages of shared items: record (or correct), list, remove one recorded in error."""

from fastapi import APIRouter, Depends, status

from api.auth import PrincipalDep, no_store
from api.deps import ClockDep, SessionDep
from api.schemas.outcomes import OutcomeIn, OutcomeOut, OutcomeRecordedOut
from api.services import outcomes
from models.enums import OutcomeStage

router = APIRouter(
    tags=["caseworkers"],
    dependencies=[Depends(no_store)],
    responses={
        401: {"description": "Not signed in."},
        403: {"description": "Not a caseworker (or an API token)."},
        404: {"description": "Not found in your organization."},
        409: {"description": "The item is not shared, or later stages depend on this one."},
        422: {"description": "A rule of the stage is broken (the message says which)."},
    },
)


@router.post(
    "/recommendations/{recommendation_id}/outcomes",
    response_model=OutcomeRecordedOut,
    status_code=status.HTTP_201_CREATED,
)
def record_outcome(
    recommendation_id: int, body: OutcomeIn, principal: PrincipalDep, session: SessionDep, clock: ClockDep
) -> OutcomeRecordedOut:
    """Record one stage of a shared item; the same stage again replaces it (a correction, audited)."""
    recorded = outcomes.record_stage(
        session,
        principal,
        recommendation_id,
        body.stage,
        body.occurred_on,
        pay_min=body.pay_min,
        pay_max=body.pay_max,
        hours_per_week=body.hours_per_week,
        reason_code=body.reason_code,
        clock=clock,
    )
    return OutcomeRecordedOut.model_validate(
        {**recorded.row, "corrected": recorded.corrected, "follow_up_ids": recorded.follow_up_ids}
    )


@router.get("/recommendations/{recommendation_id}/outcomes", response_model=list[OutcomeOut])
def list_outcomes(recommendation_id: int, principal: PrincipalDep, session: SessionDep) -> list[OutcomeOut]:
    """The item's recorded stages, oldest first."""
    return [OutcomeOut.model_validate(r) for r in outcomes.for_recommendation(session, principal, recommendation_id)]


@router.delete("/recommendations/{recommendation_id}/outcomes/{stage}", response_model=list[OutcomeOut])
def remove_outcome(
    recommendation_id: int, stage: OutcomeStage, principal: PrincipalDep, session: SessionDep
) -> list[OutcomeOut]:
    """Remove a stage recorded in error (audited with what it held); answers with the stages left."""
    return [OutcomeOut.model_validate(r) for r in outcomes.remove_stage(session, principal, recommendation_id, stage)]
