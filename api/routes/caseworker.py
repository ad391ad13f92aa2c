"""Caseworkers: profiles, matching, review decisions, sharing, access codes and the audit trail."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from api.auth import PrincipalDep, no_store
from api.deps import ClockDep, ResourcesDep, SessionDep
from api.schemas.common import Page, PageDep
from api.schemas.profiles import AuditEventOut, ProfileIn, ProfileOut
from api.schemas.review import (
    AccessCodeIn,
    AccessCodeIssuedOut,
    AccessCodeOut,
    DecisionIn,
    DecisionOut,
    OutcomeIn,
    RecommendationOut,
)
from api.services import access, audit, matching, profiles, review
from models.enums import ItemKind, RecommendationStatus
from models.errors import ValidationFailed

router = APIRouter(
    tags=["caseworkers"],
    dependencies=[Depends(no_store)],
    responses={
        401: {"description": "Not signed in."},
        403: {"description": "Not a caseworker (or an API token)."},
        404: {"description": "Not found in your organization."},
    },
)


@router.post("/profiles", response_model=ProfileOut, status_code=status.HTTP_201_CREATED)
def create_profile(
    body: ProfileIn, principal: PrincipalDep, session: SessionDep, resources: ResourcesDep
) -> ProfileOut:
    """Create a privacy-minimized profile from the intake conversation."""
    profile = profiles.create_profile(session, principal, body, resources.privacy)
    matching.embed_profile(session, resources, profile)  # its first ranking then needs no model call
    return ProfileOut.model_validate(profile, from_attributes=True)


@router.get("/profiles", response_model=Page[ProfileOut])
def list_profiles(
    principal: PrincipalDep, session: SessionDep, page: PageDep, resources: ResourcesDep
) -> Page[ProfileOut]:
    """Your organization's profiles, most recently edited first."""
    rows, total = profiles.list_profiles(session, principal, resources.privacy, limit=page.limit, offset=page.offset)
    items = [ProfileOut.model_validate(r, from_attributes=True) for r in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/profiles/{pseudonym}", response_model=ProfileOut)
def get_profile(pseudonym: str, principal: PrincipalDep, session: SessionDep, resources: ResourcesDep) -> ProfileOut:
    """One profile of your organization."""
    profile = profiles.get_profile(session, principal, pseudonym, resources.privacy)
    return ProfileOut.model_validate(profile, from_attributes=True)


@router.put("/profiles/{pseudonym}", response_model=ProfileOut)
def replace_profile(
    pseudonym: str, body: ProfileIn, principal: PrincipalDep, session: SessionDep, resources: ResourcesDep
) -> ProfileOut:
    """Save the edited intake (the whole form)."""
    profile = profiles.replace_profile(session, principal, pseudonym, body, resources.privacy)
    matching.embed_profile(session, resources, profile)
    return ProfileOut.model_validate(profile, from_attributes=True)


@router.post("/profiles/{pseudonym}/matches", response_model=list[RecommendationOut])
def run_matching(
    pseudonym: str,
    principal: PrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    kind: Annotated[ItemKind, Query(description="Rank jobs or programs.")] = ItemKind.JOB,
    top_k: Annotated[int, Query(ge=1, le=100, description="How many items to rank.")] = 20,
) -> list[RecommendationOut]:
    """Rank live items for the profile and store new ones as proposed. Items rejected before stay
    rejected (and out of this list) unless re-proposed."""
    rows = review.run_matching(session, resources, principal, pseudonym, kind=kind, top_k=top_k)
    return [RecommendationOut.model_validate(r) for r in rows]


@router.get("/profiles/{pseudonym}/recommendations", response_model=Page[RecommendationOut])
def list_recommendations(
    pseudonym: str,
    principal: PrincipalDep,
    session: SessionDep,
    page: PageDep,
    resources: ResourcesDep,
    status_filter: Annotated[
        list[RecommendationStatus] | None, Query(alias="status", description="Only these statuses (repeatable).")
    ] = None,
) -> Page[RecommendationOut]:
    """The profile's recommendations in rank order, with status and the latest decision."""
    rows, total = review.list_recommendations(
        session, principal, pseudonym, resources.privacy, statuses=status_filter, limit=page.limit, offset=page.offset
    )
    items = [RecommendationOut.model_validate(r) for r in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.post("/profiles/{pseudonym}/share", response_model=list[RecommendationOut])
def share_approved(
    pseudonym: str, principal: PrincipalDep, session: SessionDep, resources: ResourcesDep
) -> list[RecommendationOut]:
    """Share every approved, still-open item with the person."""
    rows = review.share_approved(session, principal, pseudonym, resources.privacy)
    return [RecommendationOut.model_validate(r) for r in rows]


@router.get("/profiles/{pseudonym}/audit", response_model=Page[AuditEventOut])
def audit_trail(
    pseudonym: str,
    principal: PrincipalDep,
    session: SessionDep,
    page: PageDep,
    action: Annotated[str | None, Query(max_length=60, description="Only this action, e.g. profile.view.")] = None,
    date_from: Annotated[date | None, Query(alias="from", description="From this UTC day.")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="To this UTC day, included.")] = None,
) -> Page[AuditEventOut]:
    """Every read and change of this profile, newest first, with who acted by name; optionally filtered."""
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed("'from' is after 'to'; swap them or change one.")
    query = audit.TrailQuery(action or None, date_from, date_to)
    trail = audit.profile_trail(session, principal, pseudonym, limit=page.limit, offset=page.offset, query=query)
    return Page(
        items=[AuditEventOut.model_validate(r) for r in trail.events],
        total=trail.total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post(
    "/profiles/{pseudonym}/access-codes", response_model=AccessCodeIssuedOut, status_code=status.HTTP_201_CREATED
)
def issue_access_code(
    pseudonym: str, body: AccessCodeIn, principal: PrincipalDep, session: SessionDep
) -> AccessCodeIssuedOut:
    """Issue a code that opens the person's shared opportunities; it is shown only in this response."""
    row, code = access.issue_code(session, principal, pseudonym, days=body.days, language=body.language)
    return AccessCodeIssuedOut.model_validate({**row.model_dump(), "code": code})


@router.get("/profiles/{pseudonym}/access-codes", response_model=Page[AccessCodeOut])
def list_access_codes(
    pseudonym: str, principal: PrincipalDep, session: SessionDep, page: PageDep
) -> Page[AccessCodeOut]:
    """Codes issued for the profile (never the codes themselves)."""
    rows = access.list_codes(session, principal, pseudonym)
    items = [
        AccessCodeOut.model_validate(r, from_attributes=True) for r in rows[page.offset : page.offset + page.limit]
    ]
    return Page(items=items, total=len(rows), limit=page.limit, offset=page.offset)


@router.delete("/access-codes/{code_id}", response_model=AccessCodeOut)
def revoke_access_code(code_id: int, principal: PrincipalDep, session: SessionDep) -> AccessCodeOut:
    """Revoke a code at once."""
    return AccessCodeOut.model_validate(access.revoke_code(session, principal, code_id), from_attributes=True)


@router.post(
    "/recommendations/{recommendation_id}/decisions",
    response_model=RecommendationOut,
    responses={409: {"description": "Not possible from the current status."}},
)
def decide(
    recommendation_id: int, body: DecisionIn, principal: PrincipalDep, session: SessionDep, resources: ResourcesDep
) -> RecommendationOut:
    """Approve, reject (with a reason code), share, withdraw or re-propose one item."""
    row = review.decide(
        session,
        principal,
        recommendation_id,
        review.Decision(body.action, body.reason_code, body.note),
        resources.privacy,
    )
    return RecommendationOut.model_validate(row)


@router.post("/recommendations/{recommendation_id}/outcome", response_model=RecommendationOut)
def record_outcome(
    recommendation_id: int,
    body: OutcomeIn,
    principal: PrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    clock: ClockDep,
) -> RecommendationOut:
    """Record what happened after sharing, today: applied, interviewed, hired or left (the reason "other").
    POST /recommendations/{id}/outcomes records each stage with its date, pay, hours and reason."""
    row = review.record_outcome(session, principal, recommendation_id, body.outcome, resources.privacy, clock=clock)
    return RecommendationOut.model_validate(row)


@router.get("/recommendations/{recommendation_id}/history", response_model=Page[DecisionOut])
def decision_history(
    recommendation_id: int, principal: PrincipalDep, session: SessionDep, page: PageDep, resources: ResourcesDep
) -> Page[DecisionOut]:
    """Every step of one recommendation: who, when, why."""
    rows = review.decision_history(session, principal, recommendation_id, resources.privacy)
    items = [DecisionOut.model_validate(r) for r in rows[page.offset : page.offset + page.limit]]
    return Page(items=items, total=len(rows), limit=page.limit, offset=page.offset)
