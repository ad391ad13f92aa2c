"""Caseworkers, on the person's behalf: consent to share with a named recipient, and referrals."""

from fastapi import APIRouter, Depends, status

from api.auth import PrincipalDep, no_store
from api.deps import ResourcesDep, SessionDep
from api.schemas.consent import ConsentIn, ConsentOut, ReferralIn, ReferralOut
from api.services import consent
from models.columns import utcnow
from models.consent import Consent

router = APIRouter(
    tags=["consent and erasure"],
    dependencies=[Depends(no_store)],
    responses={
        401: {"description": "Not signed in."},
        403: {"description": "Not a caseworker (or an API token)."},
        404: {"description": "Not found in your organization."},
    },
)


def _out(row: Consent) -> ConsentOut:
    return ConsentOut.model_validate({**row.model_dump(), "in_force": consent.in_force(row, utcnow())})


@router.post("/profiles/{pseudonym}/consents", response_model=ConsentOut, status_code=status.HTTP_201_CREATED)
def give_consent(
    pseudonym: str, body: ConsentIn, principal: PrincipalDep, session: SessionDep, resources: ResourcesDep
) -> ConsentOut:
    """Record the person's consent to share with one named recipient, for one purpose, until a date."""
    recipient = consent.recipient_key(
        employer_id=body.recipient_employer_id, name=body.recipient_name, scrubber=resources.privacy.scrubber
    )
    row = consent.give(
        session,
        principal,
        pseudonym,
        recipient=recipient,
        purpose=body.purpose.value,
        scope=body.scope.value,
        expires_at=body.expires_at,
        now=utcnow(),
        max_days=resources.settings.consent_max_days,
    )
    return _out(row)


@router.get("/profiles/{pseudonym}/consents", response_model=list[ConsentOut])
def list_consents(pseudonym: str, principal: PrincipalDep, session: SessionDep) -> list[ConsentOut]:
    """Every consent recorded for the person, in force or not."""
    return [_out(r) for r in consent.list_for_profile(session, principal, pseudonym)]


@router.delete("/profiles/{pseudonym}/consents/{consent_id}", response_model=ConsentOut)
def withdraw_consent(pseudonym: str, consent_id: int, principal: PrincipalDep, session: SessionDep) -> ConsentOut:
    """Withdraw a consent: one request, like giving it. The record stays (withdrawn) until the purge."""
    return _out(consent.withdraw(session, principal, pseudonym, consent_id, now=utcnow()))


@router.post(
    "/profiles/{pseudonym}/referrals",
    response_model=ReferralOut,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "No consent in force for this recipient and purpose."}},
)
def refer(
    pseudonym: str, body: ReferralIn, principal: PrincipalDep, session: SessionDep, resources: ResourcesDep
) -> ReferralOut:
    """Record a referral to a named recipient; needs a consent in force. No survivor identifier is sent."""
    recipient = consent.recipient_key(
        employer_id=body.recipient_employer_id, name=body.recipient_name, scrubber=resources.privacy.scrubber
    )
    row = consent.refer(
        session,
        principal,
        pseudonym,
        recipient=recipient,
        purpose=body.purpose,
        recommendation_id=body.recommendation_id,
        now=utcnow(),
    )
    return ReferralOut.model_validate(row, from_attributes=True)
